#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_insert.py::test_geometry_and_timestamptz_invalid_values[ts-month-13]).

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
replay('CreateCollection', 'collection_name: "mcf9fc0dfagw1_c472"\nschema: "\\n\\022mcf9fc0dfagw1_c472\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014\\"\\007\\022\\003geo(\\030\\"\\006\\022\\002ts(\\032"\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mcf9fc0dfagw1_c472"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\n')
# recorded answer: code=0 error_code=0
replay('LoadCollection', 'collection_name: "mcf9fc0dfagw1_c472"\n')
# recorded answer: code=0 error_code=0
replay('Insert', 'collection_name: "mcf9fc0dfagw1_c472"\nfields_data {\n  type: Int64\n  field_name: "id"\n  scalars {\n    long_data {\n      data: 0\n      data: 1\n      data: 2\n    }\n  }\n}\nfields_data {\n  type: FloatVector\n  field_name: "vec"\n  vectors {\n    dim: 4\n    float_vector {\n      data: 1.0\n      data: 1.0\n      data: 1.0\n      data: 1.0\n      data: 1.0\n      data: 1.0\n      data: 1.0\n      data: 1.0\n      data: 1.0\n      data: 1.0\n      data: 1.0\n      data: 1.0\n    }\n  }\n}\nfields_data {\n  type: Geometry\n  field_name: "geo"\n  scalars {\n    geometry_wkt_data {\n      data: "POINT (1 2)"\n      data: "POINT (-3.5 4)"\n      data: "POINT (0 0)"\n    }\n  }\n}\nfields_data {\n  type: Timestamptz\n  field_name: "ts"\n  scalars {\n    string_data {\n      data: "2025-01-01T00:00:00Z"\n      data: "2025-01-01T08:30:00+08:00"\n      data: "2024-02-29T23:59:59.5Z"\n    }\n  }\n}\nnum_rows: 3\n')
# recorded answer: code=6 error_code=6
replay('Insert', 'collection_name: "mcf9fc0dfagw1_c472"\nfields_data {\n  type: Int64\n  field_name: "id"\n  scalars {\n    long_data {\n      data: 50\n    }\n  }\n}\nfields_data {\n  type: FloatVector\n  field_name: "vec"\n  vectors {\n    dim: 4\n    float_vector {\n      data: 1.0\n      data: 1.0\n      data: 1.0\n      data: 1.0\n    }\n  }\n}\nfields_data {\n  type: Geometry\n  field_name: "geo"\n  scalars {\n    geometry_wkt_data {\n      data: "POINT (1 2"\n    }\n  }\n}\nfields_data {\n  type: Timestamptz\n  field_name: "ts"\n  scalars {\n    string_data {\n      data: "2025-01-01T00:00:00Z"\n    }\n  }\n}\nnum_rows: 1\n')
# recorded answer: code=6 error_code=6
replay('Insert', 'collection_name: "mcf9fc0dfagw1_c472"\nfields_data {\n  type: Int64\n  field_name: "id"\n  scalars {\n    long_data {\n      data: 50\n    }\n  }\n}\nfields_data {\n  type: FloatVector\n  field_name: "vec"\n  vectors {\n    dim: 4\n    float_vector {\n      data: 1.0\n      data: 1.0\n      data: 1.0\n      data: 1.0\n    }\n  }\n}\nfields_data {\n  type: Geometry\n  field_name: "geo"\n  scalars {\n    geometry_wkt_data {\n      data: "CIRCLE (1 2, 3)"\n    }\n  }\n}\nfields_data {\n  type: Timestamptz\n  field_name: "ts"\n  scalars {\n    string_data {\n      data: "2025-01-01T00:00:00Z"\n    }\n  }\n}\nnum_rows: 1\n')
# recorded answer: code=6 error_code=6
replay('Insert', 'collection_name: "mcf9fc0dfagw1_c472"\nfields_data {\n  type: Int64\n  field_name: "id"\n  scalars {\n    long_data {\n      data: 50\n    }\n  }\n}\nfields_data {\n  type: FloatVector\n  field_name: "vec"\n  vectors {\n    dim: 4\n    float_vector {\n      data: 1.0\n      data: 1.0\n      data: 1.0\n      data: 1.0\n    }\n  }\n}\nfields_data {\n  type: Geometry\n  field_name: "geo"\n  scalars {\n    geometry_wkt_data {\n      data: "POINT (0 0)"\n    }\n  }\n}\nfields_data {\n  type: Timestamptz\n  field_name: "ts"\n  scalars {\n    string_data {\n      data: "yesterday at noon"\n    }\n  }\n}\nnum_rows: 1\n')
# the deviating call; recorded answer: code=6 error_code=6
sys.exit(replay.deviation('Insert', 'collection_name: "mcf9fc0dfagw1_c472"\nfields_data {\n  type: Int64\n  field_name: "id"\n  scalars {\n    long_data {\n      data: 50\n    }\n  }\n}\nfields_data {\n  type: FloatVector\n  field_name: "vec"\n  vectors {\n    dim: 4\n    float_vector {\n      data: 1.0\n      data: 1.0\n      data: 1.0\n      data: 1.0\n    }\n  }\n}\nfields_data {\n  type: Geometry\n  field_name: "geo"\n  scalars {\n    geometry_wkt_data {\n      data: "POINT (0 0)"\n    }\n  }\n}\nfields_data {\n  type: Timestamptz\n  field_name: "ts"\n  scalars {\n    string_data {\n      data: "2025-13-01T00:00:00Z"\n    }\n  }\n}\nnum_rows: 1\n', ['Insert/batch/invalid-timestamptz', 'Status/legacy-agrees'],
                           'status {\n  error_code: 6\n  reason: "TIMESTAMPTZ value \\\'2025-13-01T00:00:00Z\\\' is not a valid ISO 8601 timestamp"\n  code: 6\n}\n'))
