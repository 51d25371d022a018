#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_collection.py::test_schema_roundtrip_modern).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19541)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (the pinned stubs and the
registry that judges the answer). Every name gets a fresh run token; what the script creates is removed at
the end. Exit status: 1 = the deviation reproduces, 0 = the target now conforms, 2 = the answer changed
and only a suite run can judge it.
"""

import sys

from conformance.transport.replay import Replayer

replay = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19541', token='mc05f66c87gw1', server=None)

# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc05f66c87gw1_c96"\nschema: "\\n\\021mc05f66c87gw1_c96\\"\\007\\022\\001a\\030\\001(\\005\\"\\024\\022\\002a0(e2\\014\\n\\003dim\\022\\00532768\\"\\n\\022\\004pkey(\\005h\\001"\n')
# the deviating call; recorded answer: code=0 error_code=0
sys.exit(replay.deviation('DescribeCollection', 'collection_name: "mc05f66c87gw1_c96"\n', ['DescribeCollection/partition-key-default-partitions'],
                           'status {\n}\nschema {\n  name: "mc05f66c87gw1_c96"\n  fields {\n    fieldID: 100\n    name: "a"\n    is_primary_key: true\n    data_type: Int64\n  }\n  fields {\n    fieldID: 101\n    name: "a0"\n    data_type: FloatVector\n    type_params {\n      key: "dim"\n      value: "32768"\n    }\n  }\n  fields {\n    fieldID: 102\n    name: "pkey"\n    data_type: Int64\n    is_partition_key: true\n  }\n}\n'))
