#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_index_load.py::test_invalid_index_names_rejected[bad_char]).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19542)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (the pinned stubs and the
registry that judges the answer). Every name gets a fresh run token; what the script creates is removed at
the end. Exit status: 1 = the deviation reproduces, 0 = the target now conforms, 2 = the answer changed
and only a suite run can judge it.
"""

import sys

from conformance.transport.replay import Replayer

replay = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19542', token='mcf6f1563fgw3', server='milvus_lite-3.2.2')

# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mcf6f1563fgw3_missing19"\nalias: "mcf6f1563fgw3!0"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mcf6f1563fgw3_missing20"\nalias: "mcf6f1563fgw3>Mno9fE2"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mcf6f1563fgw3_missing21"\nalias: "mcf6f1563fgw3>VgDlxNRQ"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mcf6f1563fgw3_missing22"\nalias: "mcf6f1563fgw3~FALSE"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mcf6f1563fgw3_missing23"\nalias: "mcf6f1563fgw3)eU"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mcf6f1563fgw3_missing24"\nalias: "mcf6f1563fgw3|O56M2Vcn"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mcf6f1563fgw3_missing25"\nalias: "mcf6f1563fgw3?ai71ioyY"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mcf6f1563fgw3_missing26"\nalias: "mcf6f1563fgw3 Y3a"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mcf6f1563fgw3_missing27"\nalias: "mcf6f1563fgw3&9"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mcf6f1563fgw3_missing28"\nalias: "mcf6f1563fgw3(_fOJvGa3"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mcf6f1563fgw3_missing29"\nalias: "mcf6f1563fgw3!0"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mcf6f1563fgw3_missing30"\nalias: "mcf6f1563fgw3!0"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "0mcf6f1563fgw3"\nschema: "\\n\\0160mcf6f1563fgw3\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "6mcf6f1563fgw3"\nschema: "\\n\\0166mcf6f1563fgw3\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "?mcf6f1563fgw3"\nschema: "\\n\\016?mcf6f1563fgw3\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1 error_code=1
replay('CreateCollection', 'collection_name: "0mcf6f1563fgw3"\nschema: "\\n\\0160mcf6f1563fgw3\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1 error_code=1
replay('CreateCollection', 'collection_name: "0mcf6f1563fgw3"\nschema: "\\n\\0160mcf6f1563fgw3\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf6f1563fgw3_c306"\nschema: "\\n\\022mcf6f1563fgw3_c306\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mcf6f1563fgw3_c306"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mcf6f1563fgw3!0"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf6f1563fgw3_c307"\nschema: "\\n\\022mcf6f1563fgw3_c307\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mcf6f1563fgw3_c307"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mcf6f1563fgw3%l"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf6f1563fgw3_c308"\nschema: "\\n\\022mcf6f1563fgw3_c308\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mcf6f1563fgw3_c308"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mcf6f1563fgw3?1XXtj"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf6f1563fgw3_c309"\nschema: "\\n\\022mcf6f1563fgw3_c309\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mcf6f1563fgw3_c309"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mcf6f1563fgw3*dN8mIO"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf6f1563fgw3_c310"\nschema: "\\n\\022mcf6f1563fgw3_c310\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mcf6f1563fgw3_c310"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mcf6f1563fgw3#False"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf6f1563fgw3_c311"\nschema: "\\n\\022mcf6f1563fgw3_c311\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mcf6f1563fgw3_c311"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mcf6f1563fgw3/8rl_1eT7"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf6f1563fgw3_c312"\nschema: "\\n\\022mcf6f1563fgw3_c312\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mcf6f1563fgw3_c312"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mcf6f1563fgw3;GV"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf6f1563fgw3_c313"\nschema: "\\n\\022mcf6f1563fgw3_c313\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mcf6f1563fgw3_c313"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mcf6f1563fgw3<fKtf_W8"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf6f1563fgw3_c314"\nschema: "\\n\\022mcf6f1563fgw3_c314\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mcf6f1563fgw3_c314"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mcf6f1563fgw3{9kZA95"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf6f1563fgw3_c315"\nschema: "\\n\\022mcf6f1563fgw3_c315\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mcf6f1563fgw3_c315"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mcf6f1563fgw3\\"V"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf6f1563fgw3_c316"\nschema: "\\n\\022mcf6f1563fgw3_c316\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mcf6f1563fgw3_c316"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mcf6f1563fgw3!0"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf6f1563fgw3_c317"\nschema: "\\n\\022mcf6f1563fgw3_c317\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# the deviating call; recorded answer: code=0 error_code=0
sys.exit(replay.deviation('CreateIndex', 'collection_name: "mcf6f1563fgw3_c317"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mcf6f1563fgw3!0"\n', ['Names/index/bad-char'],
                           ''))
