#!/usr/bin/env python3
"""Replays 1 MilvusService call(s) recorded by milvus-conformance (test_search_params.py::test_hybrid_search_missing_collection).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19541)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (for the pinned stubs).
"""

import sys

from conformance.transport.replay import Replayer

call = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19541')

# recorded answer: code=100 error_code=0
call('HybridSearch', 'collection_name: "mc13355fcd_missing1448"\nrequests {\n  collection_name: "mc13355fcd_missing1448"\n  placeholder_group: "\\n(\\n\\002$0\\020e\\032 \\315\\334c\\277\\235\\342e\\275\\301G\\240?/\\231g?\\237OB\\277\\000>[>TM\\214\\276\\240\\213\\023\\277"\n  dsl_type: BoolExprV1\n  search_params {\n    key: "anns_field"\n    value: "vec"\n  }\n  search_params {\n    key: "topk"\n    value: "5"\n  }\n  search_params {\n    key: "params"\n    value: "{}"\n  }\n  search_params {\n    key: "round_decimal"\n    value: "-1"\n  }\n  search_params {\n    key: "metric_type"\n    value: "L2"\n  }\n  nq: 1\n}\nrequests {\n  collection_name: "mc13355fcd_missing1448"\n  placeholder_group: "\\n(\\n\\002$0\\020e\\032 Wb\\002>\\257<\\\\\\271\\220#%\\277\\021\\301\\213=d95\\276\\332uB>\\335J\\251\\277^\\025\\343\\273"\n  dsl_type: BoolExprV1\n  search_params {\n    key: "anns_field"\n    value: "vec"\n  }\n  search_params {\n    key: "topk"\n    value: "5"\n  }\n  search_params {\n    key: "params"\n    value: "{}"\n  }\n  search_params {\n    key: "round_decimal"\n    value: "-1"\n  }\n  search_params {\n    key: "metric_type"\n    value: "L2"\n  }\n  nq: 1\n}\nrank_params {\n  key: "strategy"\n  value: "rrf"\n}\nrank_params {\n  key: "params"\n  value: "{\\"k\\": 60}"\n}\nrank_params {\n  key: "limit"\n  value: "3"\n}\n')
