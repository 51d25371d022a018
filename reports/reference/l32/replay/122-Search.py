#!/usr/bin/env python3
"""Replays 1 MilvusService call(s) recorded by milvus-conformance (test_search.py::test_search_metric_mismatch).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19542)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (for the pinned stubs).
"""

import sys

from conformance.transport.replay import Replayer

call = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19542')

# recorded answer: code=0 error_code=0
call('Search', 'collection_name: "mc825fe195_c1050"\nplaceholder_group: "\\n\\030\\n\\002$0\\020e\\032\\020\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\\200?\\000\\000\\000@"\ndsl_type: BoolExprV1\nsearch_params {\n  key: "anns_field"\n  value: "vec"\n}\nsearch_params {\n  key: "topk"\n  value: "3"\n}\nsearch_params {\n  key: "params"\n  value: "{}"\n}\nsearch_params {\n  key: "round_decimal"\n  value: "-1"\n}\nsearch_params {\n  key: "metric_type"\n  value: "IP"\n}\nnq: 1\n')
