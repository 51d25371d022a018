#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_index_params.py::test_invalid_index_params[bin-flat-on-float]).

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
replay('CreateCollection', 'collection_name: "mcf9fc0dfagw3_c331"\nschema: "\\n\\022mcf9fc0dfagw3_c331\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018\\"\\005\\022\\001b(\\001\\"\\005\\022\\001i(\\005\\"\\006\\022\\002fl(\\n\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232"\n')
# the deviating call; recorded answer: code=0 error_code=0
sys.exit(replay.deviation('CreateIndex', 'collection_name: "mcf9fc0dfagw3_c331"\nfield_name: "vec"\nextra_params {\n  key: "index_type"\n  value: "BIN_FLAT"\n}\nextra_params {\n  key: "metric_type"\n  value: "L2"\n}\n', ['CreateIndex/params/index-data-type'],
                           ''))
