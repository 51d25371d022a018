#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_full_text.py::test_query_returning_the_bm25_output).

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
replay('CreateCollection', 'collection_name: "mcf9fc0dfagw3_c289"\nschema: "\\n\\022mcf9fc0dfagw3_c289\\"\\010\\022\\002id\\030\\001(\\005\\"J\\022\\004text(\\0252\\021\\n\\nmax_length\\022\\0035122\\027\\n\\017enable_analyzer\\022\\004true2\\024\\n\\014enable_match\\022\\004true\\"\\034\\022\\005plain(\\0252\\021\\n\\nmax_length\\022\\003512\\"\\r\\022\\006sparse(h\\200\\001\\001\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014:\\024\\n\\002bm \\001*\\004text:\\006sparse"\n')
# recorded answer: code=0 error_code=0
replay('Insert', 'collection_name: "mcf9fc0dfagw3_c289"\nfields_data {\n  type: Int64\n  field_name: "id"\n  scalars {\n    long_data {\n      data: 0\n      data: 1\n      data: 2\n      data: 3\n      data: 4\n      data: 5\n      data: 6\n      data: 7\n    }\n  }\n}\nfields_data {\n  type: VarChar\n  field_name: "text"\n  scalars {\n    string_data {\n      data: "the quick brown fox"\n      data: "jumps over the lazy dog"\n      data: "Quick quick fox fox fox"\n      data: "hello world"\n      data: "brown dog sleeps"\n      data: "a lazy afternoon for the fox"\n      data: "World peace and quiet"\n      data: "dog days of summer"\n    }\n  }\n}\nfields_data {\n  type: VarChar\n  field_name: "plain"\n  scalars {\n    string_data {\n      data: "the quick brown fox"\n      data: "jumps over the lazy dog"\n      data: "Quick quick fox fox fox"\n      data: "hello world"\n      data: "brown dog sleeps"\n      data: "a lazy afternoon for the fox"\n      data: "World peace and quiet"\n      data: "dog days of summer"\n    }\n  }\n}\nfields_data {\n  type: FloatVector\n  field_name: "vec"\n  vectors {\n    dim: 4\n    float_vector {\n      data: 0.0\n      data: 1.0\n      data: 0.0\n      data: 0.0\n      data: 1.0\n      data: 1.0\n      data: 1.0\n      data: 0.5\n      data: 2.0\n      data: 1.0\n      data: 0.0\n      data: 1.0\n      data: 0.0\n      data: 1.0\n      data: 1.0\n      data: 1.5\n      data: 1.0\n      data: 1.0\n      data: 0.0\n      data: 2.0\n      data: 2.0\n      data: 1.0\n      data: 1.0\n      data: 2.5\n      data: 0.0\n      data: 1.0\n      data: 0.0\n      data: 3.0\n      data: 1.0\n      data: 1.0\n      data: 1.0\n      data: 3.5\n    }\n  }\n}\nnum_rows: 8\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mcf9fc0dfagw3_c289"\nfield_name: "sparse"\nextra_params {\n  key: "index_type"\n  value: "SPARSE_INVERTED_INDEX"\n}\nextra_params {\n  key: "metric_type"\n  value: "BM25"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\n')
# recorded answer: code=0 error_code=0
replay('CreateIndex', 'collection_name: "mcf9fc0dfagw3_c289"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\n')
# recorded answer: code=0 error_code=0
replay('LoadCollection', 'collection_name: "mcf9fc0dfagw3_c289"\n')
# the deviating call; recorded answer: code=0 error_code=0
sys.exit(replay.deviation('Query', 'collection_name: "mcf9fc0dfagw3_c289"\nexpr: "id >= 0"\noutput_fields: "id"\noutput_fields: "sparse"\n', ['Query/function-output-field'],
                           'status {\n}\nfields_data {\n  type: Int64\n  field_name: "id"\n  scalars {\n    long_data {\n      data: 0\n      data: 1\n      data: 2\n      data: 3\n      data: 4\n      data: 5\n      data: 6\n      data: 7\n    }\n  }\n}\nfields_data {\n  type: SparseFloatVector\n  field_name: "sparse"\n  vectors {\n    sparse_float_vector {\n      contents: "/7\\2760\\000\\000\\200?\\034\\262\\016\\264\\000\\000\\200?N\\223\\363\\266\\000\\000\\200?\\274\\3039\\367\\000\\000\\200?"\n      contents: "\\017R\\3661\\000\\000\\200?\\317\\034\\314j\\000\\000\\200?\\034\\262\\016\\264\\000\\000\\200?Z\\232\\276\\306\\000\\000\\200?\\t\\275h\\346\\000\\000\\200?"\n      contents: "N\\223\\363\\266\\000\\000@@\\274\\3039\\367\\000\\000\\000@"\n      contents: "\\223\\350\\2437\\000\\000\\200?\\253,\\237O\\000\\000\\200?"\n      contents: "/7\\2760\\000\\000\\200?\\241\\"\\205\\227\\000\\000\\200?\\t\\275h\\346\\000\\000\\200?"\n      contents: "\\317\\034\\314j\\000\\000\\200?\\027r$\\254\\000\\000\\200?\\220\\203\\363\\254\\000\\000\\200?\\034\\262\\016\\264\\000\\000\\200?N\\223\\363\\266\\000\\000\\200?,)\\014\\344\\000\\000\\200?"\n      contents: "\\246\\302)\\017\\000\\000\\200?\\223\\350\\2437\\000\\000\\200?\\335*\\325\\255\\000\\000\\200?\\02725\\352\\000\\000\\200?"\n      contents: "h<4i\\000\\000\\200?\\t\\275h\\346\\000\\000\\200?\\212\\322\\221\\366\\000\\000\\200?4\\\'\\343\\374\\000\\000\\200?"\n      dim: 4242745141\n    }\n  }\n}\ncollection_name: "mcf9fc0dfagw3_c289"\noutput_fields: "id"\noutput_fields: "sparse"\nprimary_field_name: "id"\n'))
