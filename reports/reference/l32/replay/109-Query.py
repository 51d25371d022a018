#!/usr/bin/env python3
"""Replays 1 MilvusService call(s) recorded by milvus-conformance (test_query_features.py::test_query_template_values_equal_inlined[id in [1, 3, 5, 29, 77]]).

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
call('Query', 'collection_name: "mc3bfdf0ae_c1047"\nexpr: "id in {ids}"\noutput_fields: "id"\noutput_fields: "n"\noutput_fields: "s"\noutput_fields: "f"\nexpr_template_values {\n  key: "ids"\n  value {\n    array_val {\n      long_data {\n        data: 1\n        data: 3\n        data: 5\n        data: 29\n        data: 77\n      }\n    }\n  }\n}\n')
