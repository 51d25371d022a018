#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_insert.py::test_written_rows_read_back_exactly).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19541)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (the pinned stubs and the
registry that judges the answer). Every name gets a fresh run token; what the script creates is removed at
the end. Exit status: 1 = the deviation reproduces, 0 = the target now conforms, 2 = the answer changed
and only a suite run can judge it.
"""

import sys

from conformance.transport.replay import Replayer

replay = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19541', token='mc05f66c87gw1', server=None)

# the deviating call; recorded answer: code=1100 error_code=0
sys.exit(replay.deviation('CreateCollection', 'collection_name: "mc05f66c87gw1_c455"\nschema: "\\n\\022mc05f66c87gw1_c455\\"\\034\\022\\001a\\030\\001(\\0252\\023\\n\\nmax_length\\022\\00565535\\"\\020\\022\\001b(e2\\t\\n\\003dim\\022\\00216\\"\\010\\022\\002a0(\\001x\\001"\n', ['CreateCollection/accepts-valid-schema', 'Status/legacy-agrees'],
                           'reason: "MilvusLite doesn\\\'t support nullable: invalid parameter"\ncode: 1100\ndetail: "MilvusLite doesn\\\'t support nullable"\n'))
