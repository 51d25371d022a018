#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_search_params.py::test_binary_search_metric_mismatch[JACCARD-HAMMING]).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19541)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (the pinned stubs and the
registry that judges the answer). Every name gets a fresh run token; what the script creates is removed at
the end. Exit status: 1 = the deviation reproduces, 0 = the target now conforms, 2 = the answer changed
and only a suite run can judge it.
"""

import sys

from conformance.transport.replay import Replayer

replay = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19541', token='mc05f66c87gw2', server=None)

# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc05f66c87gw2_c298"\nschema: "\\n\\022mc05f66c87gw2_c298\\"\\010\\022\\002id\\030\\001(\\005\\"\\022\\022\\003vec(d2\\t\\n\\003dim\\022\\00232"\n')
# recorded answer: code=0 error_code=0
replay('Insert', 'collection_name: "mc05f66c87gw2_c298"\nfields_data {\n  type: Int64\n  field_name: "id"\n  scalars {\n    long_data {\n      data: 0\n      data: 1\n      data: 2\n      data: 3\n      data: 4\n      data: 5\n      data: 6\n      data: 7\n      data: 8\n      data: 9\n      data: 10\n      data: 11\n      data: 12\n      data: 13\n      data: 14\n      data: 15\n      data: 16\n      data: 17\n      data: 18\n      data: 19\n      data: 20\n      data: 21\n      data: 22\n      data: 23\n      data: 24\n      data: 25\n      data: 26\n      data: 27\n      data: 28\n      data: 29\n      data: 30\n      data: 31\n      data: 32\n      data: 33\n      data: 34\n      data: 35\n      data: 36\n      data: 37\n      data: 38\n      data: 39\n    }\n  }\n}\nfields_data {\n  type: BinaryVector\n  field_name: "vec"\n  vectors {\n    dim: 32\n    binary_vector: "N\\314@\\"\\020\\372\\351 gz\\r\\314\\212\\254\\320\\177|d\\014\\227\\336\\313\\373\\231\\323\\353P\\266\\260)X\\007\\215\\361I|\\337{\\336%T7\\310f\\323<\\237\\3555\\2129\\2147\\025\\007\\022vC\\361\\212\\224\\3358!Y\\320\\"\\301L\\247\\305\\362\\261\\363\\274\\372\\\\\\3033\\237\\220$K\\336VUv^;9O%\\333t\\352\\202\\325\\212\\230qc\\023\\260\\251\\023/\\232\\376w\\243zF\\377Y\\020\\333(\\340Q#~\\354\\005Y~\\366\\274\\311\\327dd?Q\\300\\234\\253\\302\\247\\200u\\277|+\\203\\002\\267\\367\\360\\231\\243\\025\\321\\236\\336\\323\\326b2\\220\\214"\n  }\n}\nnum_rows: 40\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mc05f66c87gw2_c298"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "BIN_FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "JACCARD"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\n')
# recorded answer: code=0 error_code=0
replay('LoadCollection', 'collection_name: "mc05f66c87gw2_c298"\n')
# the deviating call; recorded answer: code=1100 error_code=0
sys.exit(replay.deviation('Search', 'collection_name: "mc05f66c87gw2_c298"\nplaceholder_group: "\\n\\014\\n\\002$0\\020d\\032\\004\\260\\337P\\256"\ndsl_type: BoolExprV1\nsearch_params {\n  key: "anns_field"\n  value: "vec"\n}\nsearch_params {\n  key: "topk"\n  value: "3"\n}\nsearch_params {\n  key: "params"\n  value: "{}"\n}\nsearch_params {\n  key: "round_decimal"\n  value: "-1"\n}\nsearch_params {\n  key: "metric_type"\n  value: "HAMMING"\n}\nnq: 1\n', ['Status/legacy-agrees'],
                           'status {\n  reason: "fail to search: metric type not match: invalid [expected=JACCARD][actual=HAMMING]: invalid parameter"\n  code: 1100\n  detail: "fail to search: metric type not match: invalid [expected=JACCARD][actual=HAMMING]"\n}\n'))
