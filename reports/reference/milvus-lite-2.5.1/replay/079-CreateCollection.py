#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_full_text.py::test_bm25_function_schema_rules[input-not-varchar]).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19541)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (the pinned stubs and the
registry that judges the answer). Every name gets a fresh run token; what the script creates is removed at
the end. Exit status: 1 = the deviation reproduces, 0 = the target now conforms, 2 = the answer changed
and only a suite run can judge it.
"""

import sys

from conformance.transport.replay import Replayer

replay = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19541', token='mc05f66c87gw0', server=None)

# the deviating call; recorded answer: code=1100 error_code=0
sys.exit(replay.deviation('CreateCollection', 'collection_name: "mc05f66c87gw0_c271"\nschema: "\\n\\022mc05f66c87gw0_c271\\"\\010\\022\\002id\\030\\001(\\005\\"J\\022\\004text(\\0252\\021\\n\\nmax_length\\022\\0035122\\027\\n\\017enable_analyzer\\022\\004true2\\024\\n\\014enable_match\\022\\004true\\"\\034\\022\\005plain(\\0252\\021\\n\\nmax_length\\022\\003512\\"\\r\\022\\006sparse(h\\200\\001\\001\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014:\\022\\n\\002bm \\001*\\002id:\\006sparse"\n', ['Status/legacy-agrees', 'CreateCollection/function/bm25-input/reason', 'Status/input-error-marked'],
                           'reason: "BM25 funciton\\\'s input must be of VARCHAR type: invalid parameter"\ncode: 1100\ndetail: "BM25 funciton\\\'s input must be of VARCHAR type"\n'))
