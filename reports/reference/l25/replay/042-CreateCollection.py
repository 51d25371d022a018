#!/usr/bin/env python3
"""Replays 1 MilvusService call(s) recorded by milvus-conformance (test_collection.py::test_limits[dim 32769]).

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


# recorded answer: code=0 error_code=0
call('CreateCollection', 'collection_name: "mc14e6582e_c1109"\nschema: "\\n\\020mc14e6582e_c1109\\"\\010\\022\\002id\\030\\001(\\005\\"\\025\\022\\003vec(e2\\014\\n\\003dim\\022\\00532769"\n')
