#!/usr/bin/env python3
"""Replays 1 MilvusService call(s) recorded by milvus-conformance (test_search_params.py::test_search_offset_out_of_range[-1-5-'offset [-1] is invalid, top k should be in range [1, 16384], but got -1']).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19542)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (for the pinned stubs).
"""

import sys

from conformance.transport.replay import Replayer

call = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19542')

# recorded answer: code=0 error_code=0
call('Search', 'collection_name: "mc825fe195_c1056"\nplaceholder_group: "\\n(\\n\\002$0\\020e\\032 \\315\\334c\\277\\235\\342e\\275\\301G\\240?/\\231g?\\237OB\\277\\000>[>TM\\214\\276\\240\\213\\023\\277"\ndsl_type: BoolExprV1\nsearch_params {\n  key: "anns_field"\n  value: "vec"\n}\nsearch_params {\n  key: "topk"\n  value: "5"\n}\nsearch_params {\n  key: "params"\n  value: "{}"\n}\nsearch_params {\n  key: "round_decimal"\n  value: "-1"\n}\nsearch_params {\n  key: "metric_type"\n  value: "L2"\n}\nsearch_params {\n  key: "offset"\n  value: "-1"\n}\nnq: 1\n')
