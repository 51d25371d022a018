#!/usr/bin/env python3
"""Replays 1 MilvusService call(s) recorded by milvus-conformance (test_search_params.py::test_binary_search_metric_mismatch[HAMMING-L2]).

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
call('CreateCollection', 'collection_name: "mc3bfdf0ae_c1064"\nschema: "\\n\\020mc3bfdf0ae_c1064\\"\\010\\022\\002id\\030\\001(\\005\\"\\022\\022\\003vec(d2\\t\\n\\003dim\\022\\00232"\n')
