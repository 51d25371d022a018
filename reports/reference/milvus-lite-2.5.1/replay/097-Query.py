#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_full_text.py::test_query_returning_the_bm25_output).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19541)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (the pinned stubs and the
registry that judges the answer). Every name gets a fresh run token; what the script creates is removed at
the end. Exit status: 1 = the deviation reproduces, 0 = the target now conforms, 2 = the answer changed
and only a suite run can judge it.
"""

import sys

from conformance.transport.replay import Replayer

replay = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19541', token='mc05f66c87gw0', server=None)

# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc05f66c87gw0_c269"\nschema: "\\n\\022mc05f66c87gw0_c269\\"\\010\\022\\002id\\030\\001(\\005\\"J\\022\\004text(\\0252\\021\\n\\nmax_length\\022\\0035122\\027\\n\\017enable_analyzer\\022\\004true2\\024\\n\\014enable_match\\022\\004true\\"\\034\\022\\005plain(\\0252\\021\\n\\nmax_length\\022\\003512\\"\\r\\022\\006sparse(h\\200\\001\\001\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014:\\024\\n\\002bm \\001*\\004text:\\006sparse"\n')
# recorded answer: code=0 error_code=0
replay('Insert', 'collection_name: "mc05f66c87gw0_c269"\nfields_data {\n  type: Int64\n  field_name: "id"\n  scalars {\n    long_data {\n      data: 0\n      data: 1\n      data: 2\n      data: 3\n      data: 4\n      data: 5\n      data: 6\n      data: 7\n    }\n  }\n}\nfields_data {\n  type: VarChar\n  field_name: "text"\n  scalars {\n    string_data {\n      data: "the quick brown fox"\n      data: "jumps over the lazy dog"\n      data: "Quick quick fox fox fox"\n      data: "hello world"\n      data: "brown dog sleeps"\n      data: "a lazy afternoon for the fox"\n      data: "World peace and quiet"\n      data: "dog days of summer"\n    }\n  }\n}\nfields_data {\n  type: VarChar\n  field_name: "plain"\n  scalars {\n    string_data {\n      data: "the quick brown fox"\n      data: "jumps over the lazy dog"\n      data: "Quick quick fox fox fox"\n      data: "hello world"\n      data: "brown dog sleeps"\n      data: "a lazy afternoon for the fox"\n      data: "World peace and quiet"\n      data: "dog days of summer"\n    }\n  }\n}\nfields_data {\n  type: FloatVector\n  field_name: "vec"\n  vectors {\n    dim: 4\n    float_vector {\n      data: 0.0\n      data: 1.0\n      data: 0.0\n      data: 0.0\n      data: 1.0\n      data: 1.0\n      data: 1.0\n      data: 0.5\n      data: 2.0\n      data: 1.0\n      data: 0.0\n      data: 1.0\n      data: 0.0\n      data: 1.0\n      data: 1.0\n      data: 1.5\n      data: 1.0\n      data: 1.0\n      data: 0.0\n      data: 2.0\n      data: 2.0\n      data: 1.0\n      data: 1.0\n      data: 2.5\n      data: 0.0\n      data: 1.0\n      data: 0.0\n      data: 3.0\n      data: 1.0\n      data: 1.0\n      data: 1.0\n      data: 3.5\n    }\n  }\n}\nnum_rows: 8\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mc05f66c87gw0_c269"\nfield_name: "sparse"\nextra_params {\n  key: "index_type"\n  value: "SPARSE_INVERTED_INDEX"\n}\nextra_params {\n  key: "metric_type"\n  value: "BM25"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mc05f66c87gw0_c269"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\n')
# recorded answer: code=0 error_code=0
replay('LoadCollection', 'collection_name: "mc05f66c87gw0_c269"\n')
# the deviating call; recorded answer: code=0 error_code=0
sys.exit(replay.deviation('Query', 'collection_name: "mc05f66c87gw0_c269"\nexpr: "id >= 0"\noutput_fields: "id"\noutput_fields: "sparse"\n', ['Query/function-output-field'],
                           'status {\n}\nfields_data {\n  type: Int64\n  field_name: "id"\n  scalars {\n    long_data {\n      data: 0\n      data: 1\n      data: 2\n      data: 3\n      data: 4\n      data: 5\n      data: 6\n      data: 7\n    }\n  }\n  field_id: 100\n}\ncollection_name: "mc05f66c87gw0_c269"\noutput_fields: "id"\n'))
