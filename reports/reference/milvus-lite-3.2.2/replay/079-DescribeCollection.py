#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_collection.py::test_partition_key_collection_default_partitions).

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
replay('CreateCollection', 'collection_name: "mcf9fc0dfagw0_c261"\nschema: "\\n\\022mcf9fc0dfagw0_c261\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018\\"\\007\\022\\001k(\\005h\\001"\n')
# the deviating call; recorded answer: code=0 error_code=0
sys.exit(replay.deviation('DescribeCollection', 'collection_name: "mcf9fc0dfagw0_c261"\n', ['DescribeCollection/partition-key-default-partitions'],
                           'status {\n}\nschema {\n  name: "mcf9fc0dfagw0_c261"\n  fields {\n    name: "id"\n    is_primary_key: true\n    data_type: Int64\n  }\n  fields {\n    name: "vec"\n    data_type: FloatVector\n    type_params {\n      key: "dim"\n      value: "8"\n    }\n  }\n  fields {\n    name: "k"\n    data_type: Int64\n    is_partition_key: true\n  }\n}\nshards_num: 1\ncollection_name: "mcf9fc0dfagw0_c261"\nnum_partitions: 17\n'))
