#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_search.py::test_search_missing_collection).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19541)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (the pinned stubs and the
registry that judges the answer). Every name gets a fresh run token; what the script creates is removed at
the end. Exit status: 1 = the deviation reproduces, 0 = the target now conforms, 2 = the answer changed
and only a suite run can judge it.
"""

import sys

from conformance.transport.replay import Replayer

replay = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19541', token='mc05f66c87gw3', server=None)

# the deviating call; recorded answer: code=100 error_code=0
sys.exit(replay.deviation('Search', 'collection_name: "mc05f66c87gw3_missing405"\nplaceholder_group: "\\n\\030\\n\\002$0\\020e\\032\\020\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\\200?\\000\\000\\000@"\ndsl_type: BoolExprV1\nsearch_params {\n  key: "anns_field"\n  value: "vec"\n}\nsearch_params {\n  key: "topk"\n  value: "3"\n}\nsearch_params {\n  key: "params"\n  value: "{}"\n}\nsearch_params {\n  key: "round_decimal"\n  value: "-1"\n}\nsearch_params {\n  key: "metric_type"\n  value: "L2"\n}\nnq: 1\n', ['Status/legacy-agrees', 'Search/missing-collection/reason', 'Status/input-error-marked'],
                           'status {\n  reason: "Can not find mc05f66c87gw3_missing405\\\'s schema: collection not found"\n  code: 100\n  detail: "Can not find mc05f66c87gw3_missing405\\\'s schema"\n}\n'))
