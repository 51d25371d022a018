#!/usr/bin/env python3
"""Replays 7 MilvusService call(s) recorded by milvus-conformance (test_data_stateful.py::test_data_plane).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19542)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (for the pinned stubs).
"""

import sys

from conformance.transport.replay import Replayer

call = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19542')

# recorded answer: code=0 error_code=0
call('CreateCollection', 'collection_name: "mc825fe195_sm846"\nschema: "\\n\\020mc825fe195_sm846\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
call('CreateIndex', 'collection_name: "mc825fe195_sm846"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\n')
# recorded answer: code=0 error_code=0
call('CreatePartition', 'collection_name: "mc825fe195_sm846"\npartition_name: "p1"\n')
# recorded answer: code=0 error_code=0
call('LoadCollection', 'collection_name: "mc825fe195_sm846"\n')
# recorded answer: code=0 error_code=0
call('GetLoadState', 'collection_name: "mc825fe195_sm846"\n')
# recorded answer: code=0 error_code=0
call('ReleaseCollection', 'collection_name: "mc825fe195_sm846"\n')
# recorded answer: code=101 error_code=101
call('Search', 'collection_name: "mc825fe195_sm846"\nplaceholder_group: "\\n\\030\\n\\002$0\\020e\\032\\020\\000\\000\\300\\277\\000\\000\\000\\000\\000\\000\\000\\277\\000\\000\\200\\276"\ndsl_type: BoolExprV1\noutput_fields: "s"\nsearch_params {\n  key: "anns_field"\n  value: "vec"\n}\nsearch_params {\n  key: "topk"\n  value: "1"\n}\nsearch_params {\n  key: "params"\n  value: "{}"\n}\nsearch_params {\n  key: "round_decimal"\n  value: "-1"\n}\nsearch_params {\n  key: "metric_type"\n  value: "L2"\n}\nnq: 1\n')
