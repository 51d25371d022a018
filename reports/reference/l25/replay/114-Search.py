#!/usr/bin/env python3
"""Replays 1 MilvusService call(s) recorded by milvus-conformance (test_search_params.py::test_range_search_inverted_bounds[IP-3.0-0.5]).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19541)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (for the pinned stubs).
"""

import sys

from conformance.transport.replay import Replayer

call = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19541')

# recorded answer: code=2000 error_code=0
call('Search', 'collection_name: "mc13355fcd_c1444"\nplaceholder_group: "\\n(\\n\\002$0\\020e\\032 A\\022\\355?\\277-v\\277\\257\\035\\333?\\311v\\337\\277yWR?\\224\\221x?-\\212\\270?\\\'x0\\277"\ndsl_type: BoolExprV1\nsearch_params {\n  key: "anns_field"\n  value: "vec"\n}\nsearch_params {\n  key: "topk"\n  value: "3"\n}\nsearch_params {\n  key: "params"\n  value: "{\\"radius\\": 3.0, \\"range_filter\\": 0.5}"\n}\nsearch_params {\n  key: "round_decimal"\n  value: "-1"\n}\nsearch_params {\n  key: "metric_type"\n  value: "IP"\n}\nnq: 1\n')
