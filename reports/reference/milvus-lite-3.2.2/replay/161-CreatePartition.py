#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_partition.py::test_invalid_partition_names[bad_char]).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19542)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (the pinned stubs and the
registry that judges the answer). Every name gets a fresh run token; what the script creates is removed at
the end. Exit status: 1 = the deviation reproduces, 0 = the target now conforms, 2 = the answer changed
and only a suite run can judge it.
"""

import sys

from conformance.transport.replay import Replayer

replay = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19542', token='mc821bf245gw1', server='milvus_lite-3.2.2')

# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc821bf245gw1_missing6"\nalias: "0mc821bf245gw1"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc821bf245gw1_missing7"\nalias: "6mc821bf245gw1"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc821bf245gw1_missing15"\nalias: "?mc821bf245gw1"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc821bf245gw1_missing16"\nalias: "0mc821bf245gw1"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc821bf245gw1_missing17"\nalias: "0mc821bf245gw1"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc821bf245gw1_missing18"\nalias: "mc821bf245gw1!0"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc821bf245gw1_missing19"\nalias: "mc821bf245gw1>Mno9fE2"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc821bf245gw1_missing20"\nalias: "mc821bf245gw1>VgDlxNRQ"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc821bf245gw1_missing21"\nalias: "mc821bf245gw1~FALSE"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc821bf245gw1_missing22"\nalias: "mc821bf245gw1)eU"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc821bf245gw1_missing23"\nalias: "mc821bf245gw1|O56M2Vcn"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc821bf245gw1_missing24"\nalias: "mc821bf245gw1?ai71ioyY"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc821bf245gw1_missing25"\nalias: "mc821bf245gw1 Y3a"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc821bf245gw1_missing26"\nalias: "mc821bf245gw1&9"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc821bf245gw1_missing27"\nalias: "mc821bf245gw1(_fOJvGa3"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc821bf245gw1_missing28"\nalias: "mc821bf245gw1!0"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc821bf245gw1_missing29"\nalias: "mc821bf245gw1!0"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc821bf245gw1!0"\nschema: "\\n\\017mc821bf245gw1!0\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc821bf245gw1%l"\nschema: "\\n\\017mc821bf245gw1%l\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc821bf245gw1?1XXtj"\nschema: "\\n\\023mc821bf245gw1?1XXtj\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc821bf245gw1*dN8mIO"\nschema: "\\n\\024mc821bf245gw1*dN8mIO\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc821bf245gw1#False"\nschema: "\\n\\023mc821bf245gw1#False\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1 error_code=0
replay('CreateCollection', 'collection_name: "mc821bf245gw1/8rl_1eT7"\nschema: "\\n\\026mc821bf245gw1/8rl_1eT7\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc821bf245gw1;GV"\nschema: "\\n\\020mc821bf245gw1;GV\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc821bf245gw1<fKtf_W8"\nschema: "\\n\\025mc821bf245gw1<fKtf_W8\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc821bf245gw1{9kZA95"\nschema: "\\n\\024mc821bf245gw1{9kZA95\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc821bf245gw1\\"V"\nschema: "\\n\\017mc821bf245gw1\\"V\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1 error_code=1
replay('CreateCollection', 'collection_name: "mc821bf245gw1!0"\nschema: "\\n\\017mc821bf245gw1!0\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1 error_code=1
replay('CreateCollection', 'collection_name: "mc821bf245gw1!0"\nschema: "\\n\\017mc821bf245gw1!0\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "0mc821bf245gw1"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "6mc821bf245gw1"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "?mc821bf245gw1"\n')
# recorded answer: code=6 error_code=6
replay('CreateDatabase', 'db_name: "0mc821bf245gw1"\n')
# recorded answer: code=6 error_code=6
replay('CreateDatabase', 'db_name: "0mc821bf245gw1"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc821bf245gw1_c389"\nschema: "\\n\\022mc821bf245gw1_c389\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mc821bf245gw1_c389"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mc821bf245gw1!0"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc821bf245gw1_c390"\nschema: "\\n\\022mc821bf245gw1_c390\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mc821bf245gw1_c390"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mc821bf245gw1>2eh"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc821bf245gw1_c391"\nschema: "\\n\\022mc821bf245gw1_c391\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mc821bf245gw1_c391"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mc821bf245gw1*YWYkjVmu"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc821bf245gw1_c392"\nschema: "\\n\\022mc821bf245gw1_c392\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mc821bf245gw1_c392"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mc821bf245gw1~g05H8Tjw"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc821bf245gw1_c393"\nschema: "\\n\\022mc821bf245gw1_c393\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mc821bf245gw1_c393"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mc821bf245gw1;0gA"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc821bf245gw1_c394"\nschema: "\\n\\022mc821bf245gw1_c394\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mc821bf245gw1_c394"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mc821bf245gw1\\\'qHX"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc821bf245gw1_c395"\nschema: "\\n\\022mc821bf245gw1_c395\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mc821bf245gw1_c395"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mc821bf245gw1$4"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc821bf245gw1_c396"\nschema: "\\n\\022mc821bf245gw1_c396\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mc821bf245gw1_c396"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mc821bf245gw1}J"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc821bf245gw1_c397"\nschema: "\\n\\022mc821bf245gw1_c397\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mc821bf245gw1_c397"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mc821bf245gw1?tuXOvvha"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc821bf245gw1_c398"\nschema: "\\n\\022mc821bf245gw1_c398\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mc821bf245gw1_c398"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mc821bf245gw1\\\\N7T1"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc821bf245gw1_c399"\nschema: "\\n\\022mc821bf245gw1_c399\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mc821bf245gw1_c399"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mc821bf245gw1!0"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc821bf245gw1_c400"\nschema: "\\n\\022mc821bf245gw1_c400\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mc821bf245gw1_c400"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mc821bf245gw1!0"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc821bf245gw1_c444"\nschema: "\\n\\022mc821bf245gw1_c444\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreatePartition', 'collection_name: "mc821bf245gw1_c444"\npartition_name: "mc821bf245gw1!0"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc821bf245gw1_c445"\nschema: "\\n\\022mc821bf245gw1_c445\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreatePartition', 'collection_name: "mc821bf245gw1_c445"\npartition_name: "mc821bf245gw1?ttl"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc821bf245gw1_c446"\nschema: "\\n\\022mc821bf245gw1_c446\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreatePartition', 'collection_name: "mc821bf245gw1_c446"\npartition_name: "mc821bf245gw1$D"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc821bf245gw1_c447"\nschema: "\\n\\022mc821bf245gw1_c447\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreatePartition', 'collection_name: "mc821bf245gw1_c447"\npartition_name: "mc821bf245gw1/B"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc821bf245gw1_c448"\nschema: "\\n\\022mc821bf245gw1_c448\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreatePartition', 'collection_name: "mc821bf245gw1_c448"\npartition_name: "mc821bf245gw1(Y3q3u2ko"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc821bf245gw1_c449"\nschema: "\\n\\022mc821bf245gw1_c449\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreatePartition', 'collection_name: "mc821bf245gw1_c449"\npartition_name: "mc821bf245gw1~w"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc821bf245gw1_c450"\nschema: "\\n\\022mc821bf245gw1_c450\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreatePartition', 'collection_name: "mc821bf245gw1_c450"\npartition_name: "mc821bf245gw1.Q"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc821bf245gw1_c451"\nschema: "\\n\\022mc821bf245gw1_c451\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreatePartition', 'collection_name: "mc821bf245gw1_c451"\npartition_name: "mc821bf245gw1)Pp1p"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc821bf245gw1_c452"\nschema: "\\n\\022mc821bf245gw1_c452\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreatePartition', 'collection_name: "mc821bf245gw1_c452"\npartition_name: "mc821bf245gw1*u"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc821bf245gw1_c453"\nschema: "\\n\\022mc821bf245gw1_c453\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreatePartition', 'collection_name: "mc821bf245gw1_c453"\npartition_name: "mc821bf245gw1%_x"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc821bf245gw1_c454"\nschema: "\\n\\022mc821bf245gw1_c454\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreatePartition', 'collection_name: "mc821bf245gw1_c454"\npartition_name: "mc821bf245gw1!0"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc821bf245gw1_c455"\nschema: "\\n\\022mc821bf245gw1_c455\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# the deviating call; recorded answer: code=0 error_code=0
sys.exit(replay.deviation('CreatePartition', 'collection_name: "mc821bf245gw1_c455"\npartition_name: "mc821bf245gw1!0"\n', ['Names/partition/bad-char'],
                           ''))
