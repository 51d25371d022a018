#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_collection.py::test_limits[varchar 65536]).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19541)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (the pinned stubs and the
registry that judges the answer). Every name gets a fresh run token; what the script creates is removed at
the end. Exit status: 1 = the deviation reproduces, 0 = the target now conforms, 2 = the answer changed
and only a suite run can judge it.
"""

import sys

from conformance.transport.replay import Replayer

replay = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19541', token='mc05f66c87gw3', server=None)

# the deviating call; recorded answer: code=1100 error_code=0
sys.exit(replay.deviation('CreateCollection', 'collection_name: "mc05f66c87gw3_c277"\nschema: "\\n\\022mc05f66c87gw3_c277\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018\\"\\032\\022\\001t(\\0252\\023\\n\\nmax_length\\022\\00565536"\n', ['Status/legacy-agrees', 'CreateCollection/schema/varchar-max-length-out-of-range/reason', 'Status/input-error-marked'],
                           'reason: "the maximum length specified for a VarChar should be in (0, 65535]): invalid parameter"\ncode: 1100\ndetail: "the maximum length specified for a VarChar should be in (0, 65535])"\n'))
