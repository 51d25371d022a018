#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_query.py::test_query_not_loaded).

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
replay('CreateCollection', 'collection_name: "mcf9fc0dfagw3_c373"\nschema: "\\n\\022mcf9fc0dfagw3_c373\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('Insert', 'collection_name: "mcf9fc0dfagw3_c373"\nfields_data {\n  type: Int64\n  field_name: "id"\n  scalars {\n    long_data {\n      data: 0\n      data: 1\n      data: 2\n    }\n  }\n}\nfields_data {\n  type: Int64\n  field_name: "n"\n  scalars {\n    long_data {\n      data: 0\n      data: 1\n      data: 2\n    }\n  }\n}\nfields_data {\n  type: VarChar\n  field_name: "s"\n  scalars {\n    string_data {\n      data: "s0"\n      data: "s1"\n      data: "s2"\n    }\n  }\n}\nfields_data {\n  type: Float\n  field_name: "f"\n  scalars {\n    float_data {\n      data: 0.0\n      data: 0.125\n      data: 0.25\n    }\n  }\n}\nfields_data {\n  type: FloatVector\n  field_name: "vec"\n  vectors {\n    dim: 4\n    float_vector {\n      data: 1.5\n      data: 0.5\n      data: 0.0\n      data: -1.0\n      data: 0.0\n      data: 0.0\n      data: 1.0\n      data: 2.0\n      data: 1.5\n      data: -1.0\n      data: -1.75\n      data: -0.75\n    }\n  }\n}\nnum_rows: 3\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mcf9fc0dfagw3_c373"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\n')
# the deviating call; recorded answer: code=0 error_code=0
sys.exit(replay.deviation('Query', 'collection_name: "mcf9fc0dfagw3_c373"\nexpr: "id > 0"\noutput_fields: "id"\n', ['Query/not-loaded'],
                           'status {\n}\nfields_data {\n  type: Int64\n  field_name: "id"\n  scalars {\n    long_data {\n      data: 1\n      data: 2\n    }\n  }\n}\ncollection_name: "mcf9fc0dfagw3_c373"\noutput_fields: "id"\nprimary_field_name: "id"\n'))
