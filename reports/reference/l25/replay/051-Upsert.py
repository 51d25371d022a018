#!/usr/bin/env python3
"""Replays 1 MilvusService call(s) recorded by milvus-conformance (test_data_arguments.py::test_upsert_into_missing_partition).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19541)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (for the pinned stubs).
"""

import sys

from conformance.transport.replay import Replayer

call = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19541')

# recorded answer: code=0 error_code=0
call('Upsert', 'collection_name: "mc13355fcd_c1139"\npartition_name: "nop"\nfields_data {\n  type: Int64\n  field_name: "id"\n  scalars {\n    long_data {\n      data: 0\n      data: 1\n      data: 2\n    }\n  }\n}\nfields_data {\n  type: Int64\n  field_name: "n"\n  scalars {\n    long_data {\n      data: 0\n      data: 1\n      data: 2\n    }\n  }\n}\nfields_data {\n  type: VarChar\n  field_name: "s"\n  scalars {\n    string_data {\n      data: "s0"\n      data: "s1"\n      data: "s2"\n    }\n  }\n}\nfields_data {\n  type: Float\n  field_name: "f"\n  scalars {\n    float_data {\n      data: 0.0\n      data: 0.125\n      data: 0.25\n    }\n  }\n}\nfields_data {\n  type: FloatVector\n  field_name: "vec"\n  vectors {\n    dim: 4\n    float_vector {\n      data: 1.5\n      data: 0.5\n      data: 0.0\n      data: -1.0\n      data: 0.0\n      data: 0.0\n      data: 1.0\n      data: 2.0\n      data: 1.5\n      data: -1.0\n      data: -1.75\n      data: -0.75\n    }\n  }\n}\nnum_rows: 3\n')
