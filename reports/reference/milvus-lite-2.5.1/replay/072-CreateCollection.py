#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_database.py::test_create_collection_in_missing_database).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19541)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (the pinned stubs and the
registry that judges the answer). Every name gets a fresh run token; what the script creates is removed at
the end. Exit status: 1 = the deviation reproduces, 0 = the target now conforms, 2 = the answer changed
and only a suite run can judge it.
"""

import sys

from conformance.transport.replay import Replayer

replay = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19541', token='mc05f66c87gw0', server=None)

# the deviating call; recorded answer: code=0 error_code=0
sys.exit(replay.deviation('CreateCollection', 'db_name: "mc05f66c87gw0_nodb265"\ncollection_name: "mc05f66c87gw0_c264"\nschema: "\\n\\022mc05f66c87gw0_c264\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n', ['CreateCollection/missing-database'],
                           ''))
