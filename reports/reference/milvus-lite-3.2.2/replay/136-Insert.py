#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_full_text.py::test_insert_with_function_output_column).

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
replay('CreateCollection', 'collection_name: "mcf9fc0dfagw3_c300"\nschema: "\\n\\022mcf9fc0dfagw3_c300\\"\\010\\022\\002id\\030\\001(\\005\\"J\\022\\004text(\\0252\\021\\n\\nmax_length\\022\\0035122\\027\\n\\017enable_analyzer\\022\\004true2\\024\\n\\014enable_match\\022\\004true\\"\\034\\022\\005plain(\\0252\\021\\n\\nmax_length\\022\\003512\\"\\r\\022\\006sparse(h\\200\\001\\001\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014:\\024\\n\\002bm \\001*\\004text:\\006sparse"\n')
# recorded answer: code=0 error_code=0
replay('Insert', 'collection_name: "mcf9fc0dfagw3_c300"\nfields_data {\n  type: Int64\n  field_name: "id"\n  scalars {\n    long_data {\n      data: 0\n      data: 1\n    }\n  }\n}\nfields_data {\n  type: VarChar\n  field_name: "text"\n  scalars {\n    string_data {\n      data: "the quick brown fox"\n      data: "jumps over the lazy dog"\n    }\n  }\n}\nfields_data {\n  type: VarChar\n  field_name: "plain"\n  scalars {\n    string_data {\n      data: "the quick brown fox"\n      data: "jumps over the lazy dog"\n    }\n  }\n}\nfields_data {\n  type: FloatVector\n  field_name: "vec"\n  vectors {\n    dim: 4\n    float_vector {\n      data: 0.0\n      data: 1.0\n      data: 0.0\n      data: 0.0\n      data: 1.0\n      data: 1.0\n      data: 1.0\n      data: 0.5\n    }\n  }\n}\nnum_rows: 2\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mcf9fc0dfagw3_c300"\nfield_name: "sparse"\nextra_params {\n  key: "index_type"\n  value: "SPARSE_INVERTED_INDEX"\n}\nextra_params {\n  key: "metric_type"\n  value: "BM25"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\n')
# the deviating call; recorded answer: code=6 error_code=6
sys.exit(replay.deviation('Insert', 'collection_name: "mcf9fc0dfagw3_c300"\nfields_data {\n  type: Int64\n  field_name: "id"\n  scalars {\n    long_data {\n      data: 900\n    }\n  }\n}\nfields_data {\n  type: VarChar\n  field_name: "text"\n  scalars {\n    string_data {\n      data: "sent with its output"\n    }\n  }\n}\nfields_data {\n  type: VarChar\n  field_name: "plain"\n  scalars {\n    string_data {\n      data: "x"\n    }\n  }\n}\nfields_data {\n  type: SparseFloatVector\n  field_name: "sparse"\n  vectors {\n    dim: 2\n    sparse_float_vector {\n      contents: "\\001\\000\\000\\000\\000\\000\\000?"\n      dim: 2\n    }\n  }\n}\nfields_data {\n  type: FloatVector\n  field_name: "vec"\n  vectors {\n    dim: 4\n    float_vector {\n      data: 0.0\n      data: 0.0\n      data: 0.0\n      data: 0.0\n    }\n  }\n}\nnum_rows: 1\n', ['Insert/function-output-column', 'Status/legacy-agrees'],
                           'status {\n  error_code: 6\n  reason: "BM25 output field \\\'sparse\\\' is generated; provide its source text instead"\n  code: 6\n}\n'))
