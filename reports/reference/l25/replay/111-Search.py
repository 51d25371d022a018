#!/usr/bin/env python3
"""Replays 1 MilvusService call(s) recorded by milvus-conformance (test_search_params.py::test_search_round_decimal_out_of_range[7]).

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
call('Search', 'collection_name: "mc14e6582e_c1436"\nplaceholder_group: "\\n(\\n\\002$0\\020e\\032 \\315\\334c\\277\\235\\342e\\275\\301G\\240?/\\231g?\\237OB\\277\\000>[>TM\\214\\276\\240\\213\\023\\277"\ndsl_type: BoolExprV1\nsearch_params {\n  key: "anns_field"\n  value: "vec"\n}\nsearch_params {\n  key: "topk"\n  value: "3"\n}\nsearch_params {\n  key: "params"\n  value: "{}"\n}\nsearch_params {\n  key: "round_decimal"\n  value: "7"\n}\nsearch_params {\n  key: "metric_type"\n  value: "L2"\n}\nnq: 1\n')
