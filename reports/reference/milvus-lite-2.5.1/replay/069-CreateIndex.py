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

replay = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19541', token='mcc3852648gw2', server=None)

# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcc3852648gw2_c290"\nschema: "\\n\\022mcc3852648gw2_c290\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mcc3852648gw2_c290"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "0mcc3852648gw2"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcc3852648gw2_c292"\nschema: "\\n\\022mcc3852648gw2_c292\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mcc3852648gw2_c292"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: ",mcc3852648gw2"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcc3852648gw2_c294"\nschema: "\\n\\022mcc3852648gw2_c294\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mcc3852648gw2_c294"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "]mcc3852648gw2"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcc3852648gw2_c295"\nschema: "\\n\\022mcc3852648gw2_c295\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mcc3852648gw2_c295"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "{mcc3852648gw2"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcc3852648gw2_c300"\nschema: "\\n\\022mcc3852648gw2_c300\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mcc3852648gw2_c300"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "0mcc3852648gw2"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcc3852648gw2_c301"\nschema: "\\n\\022mcc3852648gw2_c301\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mcc3852648gw2_c301"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "0mcc3852648gw2"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcc3852648gw2_c302"\nschema: "\\n\\022mcc3852648gw2_c302\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mcc3852648gw2_c302"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mcc3852648gw2!0"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcc3852648gw2_c303"\nschema: "\\n\\022mcc3852648gw2_c303\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mcc3852648gw2_c303"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mcc3852648gw2>2eh"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcc3852648gw2_c304"\nschema: "\\n\\022mcc3852648gw2_c304\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mcc3852648gw2_c304"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mcc3852648gw2*YWYkjVmu"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcc3852648gw2_c305"\nschema: "\\n\\022mcc3852648gw2_c305\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mcc3852648gw2_c305"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mcc3852648gw2~g05H8Tjw"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcc3852648gw2_c306"\nschema: "\\n\\022mcc3852648gw2_c306\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mcc3852648gw2_c306"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mcc3852648gw2;0gA"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcc3852648gw2_c307"\nschema: "\\n\\022mcc3852648gw2_c307\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mcc3852648gw2_c307"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mcc3852648gw2\\\'qHX"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcc3852648gw2_c308"\nschema: "\\n\\022mcc3852648gw2_c308\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mcc3852648gw2_c308"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mcc3852648gw2$4"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcc3852648gw2_c309"\nschema: "\\n\\022mcc3852648gw2_c309\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mcc3852648gw2_c309"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mcc3852648gw2}J"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcc3852648gw2_c310"\nschema: "\\n\\022mcc3852648gw2_c310\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mcc3852648gw2_c310"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mcc3852648gw2?tuXOvvha"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcc3852648gw2_c311"\nschema: "\\n\\022mcc3852648gw2_c311\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mcc3852648gw2_c311"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mcc3852648gw2\\\\N7T1"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcc3852648gw2_c312"\nschema: "\\n\\022mcc3852648gw2_c312\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mcc3852648gw2_c312"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mcc3852648gw2!0"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcc3852648gw2_c313"\nschema: "\\n\\022mcc3852648gw2_c313\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# the deviating call; recorded answer: code=0 error_code=0
sys.exit(replay.deviation('CreateIndex', 'collection_name: "mcc3852648gw2_c313"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mcc3852648gw2!0"\n', ['Names/index/bad-char'],
                           ''))
