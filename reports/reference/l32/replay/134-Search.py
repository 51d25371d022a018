#!/usr/bin/env python3
"""Replays 1 MilvusService call(s) recorded by milvus-conformance (test_search_params.py::test_range_search[3-IP--1.0-1.0]).

    python replay.py [HOST:PORT]        (default 127.0.0.1:19542)

Plain gRPC without TLS or credentials; add them to the channel if the target needs them.
"""

import sys

import grpc
from google.protobuf import text_format

from conformance.protocol import catalogue

target = sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19542'
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
call('Search', 'collection_name: "mc3bfdf0ae_c1057"\nplaceholder_group: "\\nJ\\n\\002$0\\020e\\032 A\\022\\355?\\277-v\\277\\257\\035\\333?\\311v\\337\\277yWR?\\224\\221x?-\\212\\270?\\\'x0\\277\\032 \\202\\217\\316\\277\\370\\306\\244?\\224\\033p?\\200\\230\\262?\\330\\3751\\276\\347\\207\\006>\\301$\\361=\\323\\014\\221?"\ndsl_type: BoolExprV1\nsearch_params {\n  key: "anns_field"\n  value: "vec"\n}\nsearch_params {\n  key: "topk"\n  value: "3"\n}\nsearch_params {\n  key: "params"\n  value: "{\\"radius\\": -1.0, \\"range_filter\\": 1.0}"\n}\nsearch_params {\n  key: "round_decimal"\n  value: "-1"\n}\nsearch_params {\n  key: "metric_type"\n  value: "IP"\n}\nnq: 2\n')
