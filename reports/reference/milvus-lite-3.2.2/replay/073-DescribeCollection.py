#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_collection.py::test_dynamic_field_hidden).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19542)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (the pinned stubs and the
registry that judges the answer). Every name gets a fresh run token; what the script creates is removed at
the end. Exit status: 1 = the deviation reproduces, 0 = the target now conforms, 2 = the answer changed
and only a suite run can judge it.
"""

import sys

from conformance.transport.replay import Replayer

replay = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19542', token='mcf9fc0dfagw3', server='milvus_lite-3.2.2')

# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf9fc0dfagw3_c277"\nschema: "\\n\\022mcf9fc0dfagw3_c277\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018(\\001"\n')
# the deviating call; recorded answer: code=0 error_code=0
sys.exit(replay.deviation('DescribeCollection', 'collection_name: "mcf9fc0dfagw3_c277"\n', ['DescribeCollection/echoes-schema'],
                           'status {\n}\nschema {\n  name: "mcf9fc0dfagw3_c277"\n  fields {\n    name: "id"\n    is_primary_key: true\n    data_type: Int64\n  }\n  fields {\n    name: "vec"\n    data_type: FloatVector\n    type_params {\n      key: "dim"\n      value: "8"\n    }\n  }\n  enable_dynamic_field: true\n}\nshards_num: 1\ncollection_name: "mcf9fc0dfagw3_c277"\nnum_partitions: 1\n'))
