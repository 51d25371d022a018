#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_data_stateful.py::test_data_plane).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19542)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (the pinned stubs and the
registry that judges the answer). Every name gets a fresh run token; what the script creates is removed at
the end. Exit status: 1 = the deviation reproduces, 0 = the target now conforms, 2 = the answer changed
and only a suite run can judge it.
"""

import sys

from conformance.transport.replay import Replayer

replay = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19542', token='mcf9fc0dfagw0', server='milvus_lite-3.2.2')

# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf9fc0dfagw0_sm97"\nschema: "\\n\\022mcf9fc0dfagw0_sm97\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mcf9fc0dfagw0_sm97"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\n')
# recorded answer: code=0 error_code=0
replay('CreatePartition', 'collection_name: "mcf9fc0dfagw0_sm97"\npartition_name: "p1"\n')
# recorded answer: code=0 error_code=0
replay('LoadCollection', 'collection_name: "mcf9fc0dfagw0_sm97"\n')
# recorded answer: code=0 error_code=0
replay('GetLoadState', 'collection_name: "mcf9fc0dfagw0_sm97"\n')
# recorded answer: code=0 error_code=0
replay('ReleaseCollection', 'collection_name: "mcf9fc0dfagw0_sm97"\n')
# the deviating call; recorded answer: code=101 error_code=101
sys.exit(replay.deviation('Search', 'collection_name: "mcf9fc0dfagw0_sm97"\nplaceholder_group: "\\n\\030\\n\\002$0\\020e\\032\\020\\000\\000\\300\\277\\000\\000\\000\\000\\000\\000\\000\\277\\000\\000\\200\\276"\ndsl_type: BoolExprV1\noutput_fields: "s"\nsearch_params {\n  key: "anns_field"\n  value: "vec"\n}\nsearch_params {\n  key: "topk"\n  value: "1"\n}\nsearch_params {\n  key: "params"\n  value: "{}"\n}\nsearch_params {\n  key: "round_decimal"\n  value: "-1"\n}\nsearch_params {\n  key: "metric_type"\n  value: "L2"\n}\nnq: 1\n', ['Status/legacy-agrees', 'Search/not-loaded/reason'],
                           'status {\n  error_code: 101\n  reason: "Collection \\\'mcf9fc0dfagw0_sm97\\\' is in state \\\'released\\\'; call load() before search/get/query"\n  code: 101\n}\n'))
