#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_insert.py::test_insert_missing_collection).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19541)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (the pinned stubs and the
registry that judges the answer). Every name gets a fresh run token; what the script creates is removed at
the end. Exit status: 1 = the deviation reproduces, 0 = the target now conforms, 2 = the answer changed
and only a suite run can judge it.
"""

import sys

from conformance.transport.replay import Replayer

replay = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19541', token='mc05f66c87gw1', server=None)

# the deviating call; recorded answer: code=100 error_code=0
sys.exit(replay.deviation('Insert', 'collection_name: "mc05f66c87gw1_missing468"\nfields_data {\n  type: Int64\n  field_name: "id"\n  scalars {\n    long_data {\n      data: 0\n      data: 1\n    }\n  }\n}\nfields_data {\n  type: Int64\n  field_name: "n"\n  scalars {\n    long_data {\n      data: 0\n      data: 1\n    }\n  }\n}\nfields_data {\n  type: VarChar\n  field_name: "s"\n  scalars {\n    string_data {\n      data: "s0"\n      data: "s1"\n    }\n  }\n}\nfields_data {\n  type: Float\n  field_name: "f"\n  scalars {\n    float_data {\n      data: 0.0\n      data: 0.125\n    }\n  }\n}\nfields_data {\n  type: FloatVector\n  field_name: "vec"\n  vectors {\n    dim: 4\n    float_vector {\n      data: 1.5\n      data: 0.5\n      data: 0.0\n      data: -1.0\n      data: 0.0\n      data: 0.0\n      data: 1.0\n      data: 2.0\n    }\n  }\n}\nnum_rows: 2\n', ['Status/legacy-agrees', 'Insert/missing-collection/reason', 'Status/input-error-marked'],
                           'status {\n  reason: "collection not found"\n  code: 100\n}\nIDs {\n}\nerr_index: 0\nerr_index: 1\n'))
