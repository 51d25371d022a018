#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_segments.py::test_flush_state_of_missing_collection).

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
sys.exit(replay.deviation('GetFlushState', 'segmentIDs: 1\ncollection_name: "mc05f66c87gw0_missing377"\n', ['GetFlushState/missing-collection'],
                           'status {\n}\nflushed: true\n'))
