#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_index_load.py::test_invalid_index_names_rejected[bad_char]).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19541)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (the pinned stubs and the
registry that judges the answer). Every name gets a fresh run token; what the script creates is removed at
the end. Exit status: 1 = the deviation reproduces, 0 = the target now conforms, 2 = the answer changed
and only a suite run can judge it.
"""

import sys

from conformance.transport.replay import Replayer

replay = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19541', token='mc05f66c87gw3', server=None)

# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc05f66c87gw3_c307"\nschema: "\\n\\022mc05f66c87gw3_c307\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mc05f66c87gw3_c307"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mc05f66c87gw3!0"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc05f66c87gw3_c308"\nschema: "\\n\\022mc05f66c87gw3_c308\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mc05f66c87gw3_c308"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mc05f66c87gw3%l"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc05f66c87gw3_c309"\nschema: "\\n\\022mc05f66c87gw3_c309\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mc05f66c87gw3_c309"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mc05f66c87gw3?1XXtj"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc05f66c87gw3_c310"\nschema: "\\n\\022mc05f66c87gw3_c310\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mc05f66c87gw3_c310"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mc05f66c87gw3*dN8mIO"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc05f66c87gw3_c311"\nschema: "\\n\\022mc05f66c87gw3_c311\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mc05f66c87gw3_c311"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mc05f66c87gw3#False"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc05f66c87gw3_c312"\nschema: "\\n\\022mc05f66c87gw3_c312\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mc05f66c87gw3_c312"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mc05f66c87gw3/8rl_1eT7"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc05f66c87gw3_c313"\nschema: "\\n\\022mc05f66c87gw3_c313\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mc05f66c87gw3_c313"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mc05f66c87gw3;GV"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc05f66c87gw3_c314"\nschema: "\\n\\022mc05f66c87gw3_c314\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mc05f66c87gw3_c314"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mc05f66c87gw3<fKtf_W8"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc05f66c87gw3_c315"\nschema: "\\n\\022mc05f66c87gw3_c315\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mc05f66c87gw3_c315"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mc05f66c87gw3{9kZA95"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc05f66c87gw3_c316"\nschema: "\\n\\022mc05f66c87gw3_c316\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mc05f66c87gw3_c316"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mc05f66c87gw3\\"V"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc05f66c87gw3_c317"\nschema: "\\n\\022mc05f66c87gw3_c317\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mc05f66c87gw3_c317"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mc05f66c87gw3!0"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc05f66c87gw3_c318"\nschema: "\\n\\022mc05f66c87gw3_c318\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# the deviating call; recorded answer: code=0 error_code=0
sys.exit(replay.deviation('CreateIndex', 'collection_name: "mc05f66c87gw3_c318"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mc05f66c87gw3!0"\n', ['Names/index/bad-char'],
                           ''))
