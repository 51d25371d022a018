#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_partition.py::test_invalid_partition_names[too_long]).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19542)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (the pinned stubs and the
registry that judges the answer). Every name gets a fresh run token; what the script creates is removed at
the end. Exit status: 1 = the deviation reproduces, 0 = the target now conforms, 2 = the answer changed
and only a suite run can judge it.
"""

import sys

from conformance.transport.replay import Replayer

replay = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19542', token='mcf9fc0dfagw0', server='milvus_lite-3.2.2')

# recorded answer: code=1 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"\n')
# recorded answer: code=1 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"\n')
# recorded answer: code=1 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf9fc0dfagw0_c343"\nschema: "\\n\\022mcf9fc0dfagw0_c343\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mcf9fc0dfagw0_c343"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mcf9fc0dfagw0xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf9fc0dfagw0_c353"\nschema: "\\n\\022mcf9fc0dfagw0_c353\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mcf9fc0dfagw0_c353"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mcf9fc0dfagw0xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf9fc0dfagw0_c354"\nschema: "\\n\\022mcf9fc0dfagw0_c354\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mcf9fc0dfagw0_c354"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\nindex_name: "mcf9fc0dfagw0xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf9fc0dfagw0_c390"\nschema: "\\n\\022mcf9fc0dfagw0_c390\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1 error_code=0
replay('CreatePartition', 'collection_name: "mcf9fc0dfagw0_c390"\npartition_name: "mcf9fc0dfagw0xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf9fc0dfagw0_c400"\nschema: "\\n\\022mcf9fc0dfagw0_c400\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1 error_code=0
replay('CreatePartition', 'collection_name: "mcf9fc0dfagw0_c400"\npartition_name: "mcf9fc0dfagw0xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf9fc0dfagw0_c401"\nschema: "\\n\\022mcf9fc0dfagw0_c401\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# the deviating call; recorded answer: code=1 error_code=0
sys.exit(replay.deviation('CreatePartition', 'collection_name: "mcf9fc0dfagw0_c401"\npartition_name: "mcf9fc0dfagw0xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"\n', ['Names/partition/too-long', 'Status/legacy-agrees'],
                           'reason: "[Errno 36] File name too long: \\\'/root/.cache/milvus-real-servers/data/l32/collections/mcf9fc0dfagw0_c401/partitions/mcf9fc0dfagw0xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\\\'"\ncode: 1\n'))
