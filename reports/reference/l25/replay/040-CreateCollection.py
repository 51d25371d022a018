#!/usr/bin/env python3
"""Replays 1 MilvusService call(s) recorded by milvus-conformance (test_collection.py::test_limits[65 fields]).

    python replay.py [HOST:PORT]        (default 127.0.0.1:19541)

Plain gRPC without TLS or credentials; add them to the channel if the target needs them.
"""

import sys

import grpc
from google.protobuf import text_format

from conformance.protocol import catalogue

target = sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19541'
channel = grpc.insecure_channel(target)


def call(rpc, text):
    info = catalogue.get(rpc)
    request = text_format.Parse(text, info.request_class()())
    reply = channel.unary_unary(info.path, request_serializer=type(request).SerializeToString,
                                response_deserializer=info.response_class().FromString)(request, timeout=30)
    status = reply if info.bare_status else getattr(reply, info.status_field or "", None)
    if status is not None:
        print(f"{rpc}: code={status.code} error_code={status.error_code} reason={status.reason!r}")
    else:
        print(f"{rpc}: {type(reply).__name__}")
    return reply


# recorded answer: code=1100 error_code=0
call('CreateCollection', 'collection_name: "mc14e6582e_c1104"\nschema: "\\n\\020mc14e6582e_c1104\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018\\"\\006\\022\\002f0(\\005\\"\\006\\022\\002f1(\\005\\"\\006\\022\\002f2(\\005\\"\\006\\022\\002f3(\\005\\"\\006\\022\\002f4(\\005\\"\\006\\022\\002f5(\\005\\"\\006\\022\\002f6(\\005\\"\\006\\022\\002f7(\\005\\"\\006\\022\\002f8(\\005\\"\\006\\022\\002f9(\\005\\"\\007\\022\\003f10(\\005\\"\\007\\022\\003f11(\\005\\"\\007\\022\\003f12(\\005\\"\\007\\022\\003f13(\\005\\"\\007\\022\\003f14(\\005\\"\\007\\022\\003f15(\\005\\"\\007\\022\\003f16(\\005\\"\\007\\022\\003f17(\\005\\"\\007\\022\\003f18(\\005\\"\\007\\022\\003f19(\\005\\"\\007\\022\\003f20(\\005\\"\\007\\022\\003f21(\\005\\"\\007\\022\\003f22(\\005\\"\\007\\022\\003f23(\\005\\"\\007\\022\\003f24(\\005\\"\\007\\022\\003f25(\\005\\"\\007\\022\\003f26(\\005\\"\\007\\022\\003f27(\\005\\"\\007\\022\\003f28(\\005\\"\\007\\022\\003f29(\\005\\"\\007\\022\\003f30(\\005\\"\\007\\022\\003f31(\\005\\"\\007\\022\\003f32(\\005\\"\\007\\022\\003f33(\\005\\"\\007\\022\\003f34(\\005\\"\\007\\022\\003f35(\\005\\"\\007\\022\\003f36(\\005\\"\\007\\022\\003f37(\\005\\"\\007\\022\\003f38(\\005\\"\\007\\022\\003f39(\\005\\"\\007\\022\\003f40(\\005\\"\\007\\022\\003f41(\\005\\"\\007\\022\\003f42(\\005\\"\\007\\022\\003f43(\\005\\"\\007\\022\\003f44(\\005\\"\\007\\022\\003f45(\\005\\"\\007\\022\\003f46(\\005\\"\\007\\022\\003f47(\\005\\"\\007\\022\\003f48(\\005\\"\\007\\022\\003f49(\\005\\"\\007\\022\\003f50(\\005\\"\\007\\022\\003f51(\\005\\"\\007\\022\\003f52(\\005\\"\\007\\022\\003f53(\\005\\"\\007\\022\\003f54(\\005\\"\\007\\022\\003f55(\\005\\"\\007\\022\\003f56(\\005\\"\\007\\022\\003f57(\\005\\"\\007\\022\\003f58(\\005\\"\\007\\022\\003f59(\\005\\"\\007\\022\\003f60(\\005\\"\\007\\022\\003f61(\\005\\"\\007\\022\\003f62(\\005"\n')
