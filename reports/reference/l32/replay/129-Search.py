#!/usr/bin/env python3
"""Replays 1 MilvusService call(s) recorded by milvus-conformance (test_search_features.py::test_search_by_primary_keys_equals_search_by_stored_vectors).

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


# recorded answer: code=6 error_code=6
call('Search', 'collection_name: "mc3bfdf0ae_c1055"\ndsl: "n != 4"\ndsl_type: BoolExprV1\nsearch_params {\n  key: "anns_field"\n  value: "vec"\n}\nsearch_params {\n  key: "topk"\n  value: "5"\n}\nsearch_params {\n  key: "params"\n  value: "{}"\n}\nsearch_params {\n  key: "round_decimal"\n  value: "-1"\n}\nsearch_params {\n  key: "metric_type"\n  value: "L2"\n}\nnq: 3\nids {\n  int_id {\n    data: 3\n    data: 17\n    data: 8\n  }\n}\n')
