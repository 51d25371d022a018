#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_index_load.py::test_invalid_index_names_rejected[bad_first_char]).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19542)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (the pinned stubs and the
registry that judges the answer). Every name gets a fresh run token; what the script creates is removed at
the end. Exit status: 1 = the deviation reproduces, 0 = the target now conforms, 2 = the answer changed
and only a suite run can judge it.
"""

import sys

from conformance.transport.replay import Replayer

replay = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19542', token='mc7b400a8dgw0', server='milvus_lite-3.2.2')

# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc7b400a8dgw0_missing33"\nalias: "0mc7b400a8dgw0"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc7b400a8dgw0_missing35"\nalias: "\\\'mc7b400a8dgw0"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc7b400a8dgw0_missing43"\nalias: "0mc7b400a8dgw0"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc7b400a8dgw0_missing44"\nalias: "0mc7b400a8dgw0"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc7b400a8dgw0_missing45"\nalias: "mc7b400a8dgw0!0"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc7b400a8dgw0_missing46"\nalias: "mc7b400a8dgw0>Mno9fE2"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc7b400a8dgw0_missing47"\nalias: "mc7b400a8dgw0>VgDlxNRQ"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc7b400a8dgw0_missing48"\nalias: "mc7b400a8dgw0~FALSE"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc7b400a8dgw0_missing49"\nalias: "mc7b400a8dgw0)eU"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc7b400a8dgw0_missing50"\nalias: "mc7b400a8dgw0|O56M2Vcn"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc7b400a8dgw0_missing51"\nalias: "mc7b400a8dgw0?ai71ioyY"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc7b400a8dgw0_missing52"\nalias: "mc7b400a8dgw0 Y3a"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc7b400a8dgw0_missing53"\nalias: "mc7b400a8dgw0&9"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc7b400a8dgw0_missing54"\nalias: "mc7b400a8dgw0(_fOJvGa3"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc7b400a8dgw0_missing55"\nalias: "mc7b400a8dgw0!0"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc7b400a8dgw0_missing56"\nalias: "mc7b400a8dgw0!0"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc7b400a8dgw0_c278"\nschema: "\\n\\022mc7b400a8dgw0_c278\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mc7b400a8dgw0_c278"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "0mc7b400a8dgw0"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc7b400a8dgw0_c280"\nschema: "\\n\\022mc7b400a8dgw0_c280\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mc7b400a8dgw0_c280"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: ",mc7b400a8dgw0"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc7b400a8dgw0_c282"\nschema: "\\n\\022mc7b400a8dgw0_c282\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mc7b400a8dgw0_c282"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "]mc7b400a8dgw0"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc7b400a8dgw0_c283"\nschema: "\\n\\022mc7b400a8dgw0_c283\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mc7b400a8dgw0_c283"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "{mc7b400a8dgw0"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc7b400a8dgw0_c288"\nschema: "\\n\\022mc7b400a8dgw0_c288\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mc7b400a8dgw0_c288"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "0mc7b400a8dgw0"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc7b400a8dgw0_c289"\nschema: "\\n\\022mc7b400a8dgw0_c289\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# the deviating call; recorded answer: code=0 error_code=0
sys.exit(replay.deviation('CreateIndex', 'collection_name: "mc7b400a8dgw0_c289"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "0mc7b400a8dgw0"\n', ['Names/index/bad-first-char'],
                           ''))
