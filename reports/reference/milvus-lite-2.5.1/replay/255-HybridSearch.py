#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_search_params.py::test_hybrid_search_missing_collection).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19541)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (the pinned stubs and the
registry that judges the answer). Every name gets a fresh run token; what the script creates is removed at
the end. Exit status: 1 = the deviation reproduces, 0 = the target now conforms, 2 = the answer changed
and only a suite run can judge it.
"""

import sys

from conformance.transport.replay import Replayer

replay = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19541', token='mc05f66c87gw2', server=None)

# the deviating call; recorded answer: code=100 error_code=0
sys.exit(replay.deviation('HybridSearch', 'collection_name: "mc05f66c87gw2_missing300"\nrequests {\n  collection_name: "mc05f66c87gw2_missing300"\n  placeholder_group: "\\n(\\n\\002$0\\020e\\032 \\315\\334c\\277\\235\\342e\\275\\301G\\240?/\\231g?\\237OB\\277\\000>[>TM\\214\\276\\240\\213\\023\\277"\n  dsl_type: BoolExprV1\n  search_params {\n    key: "anns_field"\n    value: "vec"\n  }\n  search_params {\n    key: "topk"\n    value: "5"\n  }\n  search_params {\n    key: "params"\n    value: "{}"\n  }\n  search_params {\n    key: "round_decimal"\n    value: "-1"\n  }\n  search_params {\n    key: "metric_type"\n    value: "L2"\n  }\n  nq: 1\n}\nrequests {\n  collection_name: "mc05f66c87gw2_missing300"\n  placeholder_group: "\\n(\\n\\002$0\\020e\\032 Wb\\002>\\257<\\\\\\271\\220#%\\277\\021\\301\\213=d95\\276\\332uB>\\335J\\251\\277^\\025\\343\\273"\n  dsl_type: BoolExprV1\n  search_params {\n    key: "anns_field"\n    value: "vec"\n  }\n  search_params {\n    key: "topk"\n    value: "5"\n  }\n  search_params {\n    key: "params"\n    value: "{}"\n  }\n  search_params {\n    key: "round_decimal"\n    value: "-1"\n  }\n  search_params {\n    key: "metric_type"\n    value: "L2"\n  }\n  nq: 1\n}\nrank_params {\n  key: "strategy"\n  value: "rrf"\n}\nrank_params {\n  key: "params"\n  value: "{\\"k\\": 60}"\n}\nrank_params {\n  key: "limit"\n  value: "3"\n}\n', ['Status/legacy-agrees', 'HybridSearch/missing-collection/reason', 'Status/input-error-marked'],
                           'status {\n  reason: "Can not find mc05f66c87gw2_missing300\\\'s schema: collection not found"\n  code: 100\n  detail: "Can not find mc05f66c87gw2_missing300\\\'s schema"\n}\n'))
