#!/usr/bin/env python3
"""Replays 1 MilvusService call(s) recorded by milvus-conformance (test_insert.py::test_insert_missing_partition).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19542)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (for the pinned stubs).
"""

import sys

from conformance.transport.replay import Replayer

call = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19542')

# recorded answer: code=200 error_code=200
call('Insert', 'collection_name: "mc825fe195_c876"\npartition_name: "p_missing"\nfields_data {\n  type: Int64\n  field_name: "id"\n  scalars {\n    long_data {\n      data: 0\n      data: 1\n    }\n  }\n}\nfields_data {\n  type: Int64\n  field_name: "n"\n  scalars {\n    long_data {\n      data: 0\n      data: 1\n    }\n  }\n}\nfields_data {\n  type: VarChar\n  field_name: "s"\n  scalars {\n    string_data {\n      data: "s0"\n      data: "s1"\n    }\n  }\n}\nfields_data {\n  type: Float\n  field_name: "f"\n  scalars {\n    float_data {\n      data: 0.0\n      data: 0.125\n    }\n  }\n}\nfields_data {\n  type: FloatVector\n  field_name: "vec"\n  vectors {\n    dim: 4\n    float_vector {\n      data: 1.5\n      data: 0.5\n      data: 0.0\n      data: -1.0\n      data: 0.0\n      data: 0.0\n      data: 1.0\n      data: 2.0\n    }\n  }\n}\nnum_rows: 2\n')
