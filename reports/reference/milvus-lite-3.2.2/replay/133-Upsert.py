#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_delete_upsert.py::test_partial_update_of_no_stored_key).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19542)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (the pinned stubs and the
registry that judges the answer). Every name gets a fresh run token; what the script creates is removed at
the end. Exit status: 1 = the deviation reproduces, 0 = the target now conforms, 2 = the answer changed
and only a suite run can judge it.
"""

import sys

from conformance.transport.replay import Replayer

replay = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19542', token='mcf9fc0dfagw1', server='milvus_lite-3.2.2')

# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf9fc0dfagw1_c350"\nschema: "\\n\\022mcf9fc0dfagw1_c350\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('Insert', 'collection_name: "mcf9fc0dfagw1_c350"\nfields_data {\n  type: Int64\n  field_name: "id"\n  scalars {\n    long_data {\n      data: 0\n      data: 1\n      data: 2\n      data: 3\n      data: 4\n      data: 5\n      data: 6\n      data: 7\n      data: 8\n      data: 9\n    }\n  }\n}\nfields_data {\n  type: Int64\n  field_name: "n"\n  scalars {\n    long_data {\n      data: 0\n      data: 1\n      data: 2\n      data: 3\n      data: 4\n      data: 5\n      data: 6\n      data: 0\n      data: 1\n      data: 2\n    }\n  }\n}\nfields_data {\n  type: VarChar\n  field_name: "s"\n  scalars {\n    string_data {\n      data: "s0"\n      data: "s1"\n      data: "s2"\n      data: "s3"\n      data: "s4"\n      data: "s0"\n      data: "s1"\n      data: "s2"\n      data: "s3"\n      data: "s4"\n    }\n  }\n}\nfields_data {\n  type: Float\n  field_name: "f"\n  scalars {\n    float_data {\n      data: 0.0\n      data: 0.125\n      data: 0.25\n      data: 0.375\n      data: 0.5\n      data: 0.625\n      data: 0.75\n      data: 0.875\n      data: 1.0\n      data: 1.125\n    }\n  }\n}\nfields_data {\n  type: FloatVector\n  field_name: "vec"\n  vectors {\n    dim: 4\n    float_vector {\n      data: 1.5\n      data: 0.5\n      data: 0.0\n      data: -1.0\n      data: 0.0\n      data: 0.0\n      data: 1.0\n      data: 2.0\n      data: 1.5\n      data: -1.0\n      data: -1.75\n      data: -0.75\n      data: 1.25\n      data: -1.75\n      data: -1.25\n      data: -1.0\n      data: 1.0\n      data: 2.0\n      data: 1.5\n      data: 0.0\n      data: 0.75\n      data: 1.25\n      data: -2.0\n      data: 1.25\n      data: -0.25\n      data: 0.25\n      data: 0.0\n      data: -0.75\n      data: 2.0\n      data: 0.5\n      data: 0.75\n      data: 1.75\n      data: 1.0\n      data: -0.75\n      data: -1.25\n      data: 2.0\n      data: -0.25\n      data: 1.5\n      data: 2.0\n      data: -1.0\n    }\n  }\n}\nnum_rows: 10\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mcf9fc0dfagw1_c350"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\n')
# recorded answer: code=0 error_code=0
replay('LoadCollection', 'collection_name: "mcf9fc0dfagw1_c350"\n')
# recorded answer: code=0 error_code=0
replay('Upsert', 'collection_name: "mcf9fc0dfagw1_c350"\nfields_data {\n  type: Int64\n  field_name: "id"\n  scalars {\n    long_data {\n      data: 2\n      data: 5\n    }\n  }\n}\nfields_data {\n  type: VarChar\n  field_name: "s"\n  scalars {\n    string_data {\n      data: "p2"\n      data: "p5"\n    }\n  }\n}\nnum_rows: 2\npartial_update: true\n')
# recorded answer: code=6 error_code=6
replay('Upsert', 'collection_name: "mcf9fc0dfagw1_c350"\nfields_data {\n  type: Int64\n  field_name: "id"\n  scalars {\n    long_data {\n      data: 3\n      data: 4242\n    }\n  }\n}\nfields_data {\n  type: VarChar\n  field_name: "s"\n  scalars {\n    string_data {\n      data: "q3"\n      data: "q"\n    }\n  }\n}\nnum_rows: 2\npartial_update: true\n')
# the deviating call; recorded answer: code=6 error_code=6
sys.exit(replay.deviation('Upsert', 'collection_name: "mcf9fc0dfagw1_c350"\nfields_data {\n  type: Int64\n  field_name: "id"\n  scalars {\n    long_data {\n      data: 5000\n    }\n  }\n}\nfields_data {\n  type: VarChar\n  field_name: "s"\n  scalars {\n    string_data {\n      data: "q"\n    }\n  }\n}\nnum_rows: 1\npartial_update: true\n', ['Upsert/partial/no-existing-row', 'Status/legacy-agrees'],
                           'status {\n  error_code: 6\n  reason: "vector field \\\'vec\\\' missing or None"\n  code: 6\n}\n'))
