#!/usr/bin/env python3
"""Replays 1 MilvusService call(s) recorded by milvus-conformance (test_search_params.py::test_sparse_search_l2_refused).

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
call('Search', 'collection_name: "mc3bfdf0ae_c1066"\nplaceholder_group: "\\n\\321\\002\\n\\002$0\\020h\\032\\310\\002\\000\\000\\000\\000\\000\\000\\000?\\004\\000\\000\\000\\3139I?\\006\\000\\000\\000j\\250\\226?\\017\\000\\000\\000\\372}\\254?\\023\\000\\000\\000\\301\\307\\250?\\031\\000\\000\\000Q\\330\\332?\\032\\000\\000\\000\\210\\016\\234?\\033\\000\\000\\000q\\222\\375=#\\000\\000\\000fg\\202?%\\000\\000\\000\\017\\275d?,\\000\\000\\0004U\\205?-\\000\\000\\000\\007\\036\\204?/\\000\\000\\000\\020\\022\\345?2\\000\\000\\000do{?;\\000\\000\\000G\\230\\273?<\\000\\000\\000q\\005`??\\000\\000\\000J\\312\\320?E\\000\\000\\000\\031\\232\\272?T\\000\\000\\000\\312,\\356>U\\000\\000\\000!/\\250?\\\\\\000\\000\\000\\373\\"#?j\\000\\000\\0003/\\225>n\\000\\000\\000\\255g\\246?|\\000\\000\\000\\247<2?}\\000\\000\\000\\364w\\321?~\\000\\000\\000\\207IC?\\203\\000\\000\\000Ar\\206?\\213\\000\\000\\000\\340\\004\\277?\\214\\000\\000\\000\\025i\\237?\\223\\000\\000\\000\\316\\026\\013?\\225\\000\\000\\000$;\\021?\\230\\000\\000\\000\\275\\035j?\\250\\000\\000\\000\\265y\\356?\\253\\000\\000\\000\\035m\\\\?\\254\\000\\000\\000\\232=\\241?\\261\\000\\000\\000\\021\\023\\330>\\267\\000\\000\\000]u7?\\271\\000\\000\\000\\333F\\341>\\276\\000\\000\\000\\317\\366\\350?\\302\\000\\000\\000\\346\\303\\345?\\304\\000\\000\\000ia\\337="\ndsl_type: BoolExprV1\nsearch_params {\n  key: "anns_field"\n  value: "vec"\n}\nsearch_params {\n  key: "topk"\n  value: "3"\n}\nsearch_params {\n  key: "params"\n  value: "{}"\n}\nsearch_params {\n  key: "round_decimal"\n  value: "-1"\n}\nsearch_params {\n  key: "metric_type"\n  value: "L2"\n}\nnq: 1\n')
