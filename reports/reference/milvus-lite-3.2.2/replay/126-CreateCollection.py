#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_full_text.py::test_bm25_function_schema_rules[input-is-output]).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19542)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (the pinned stubs and the
registry that judges the answer). Every name gets a fresh run token; what the script creates is removed at
the end. Exit status: 1 = the deviation reproduces, 0 = the target now conforms, 2 = the answer changed
and only a suite run can judge it.
"""

import sys

from conformance.transport.replay import Replayer

replay = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19542', token='mcf9fc0dfagw3', server='milvus_lite-3.2.2')

# the deviating call; recorded answer: code=6 error_code=6
sys.exit(replay.deviation('CreateCollection', 'collection_name: "mcf9fc0dfagw3_c297"\nschema: "\\n\\022mcf9fc0dfagw3_c297\\"\\010\\022\\002id\\030\\001(\\005\\"J\\022\\004text(\\0252\\021\\n\\nmax_length\\022\\0035122\\027\\n\\017enable_analyzer\\022\\004true2\\024\\n\\014enable_match\\022\\004true\\"\\034\\022\\005plain(\\0252\\021\\n\\nmax_length\\022\\003512\\"\\r\\022\\006sparse(h\\200\\001\\001\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014:\\022\\n\\002bm \\001*\\004text:\\004text"\n', ['CreateCollection/function/invalid', 'Status/legacy-agrees'],
                           'error_code: 6\nreason: "BM25 function \\\'bm\\\' output field \\\'text\\\' must be SPARSE_FLOAT_VECTOR, got VARCHAR"\ncode: 6\n'))
