#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_collection.py::test_lookup_with_invalid_name).

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
sys.exit(replay.deviation('DescribeCollection', '', ['Status/legacy-agrees', 'Status/input-error-marked'],
                           'status {\n  reason: "collection name should not be empty: invalid parameter"\n  code: 1100\n  detail: "collection name should not be empty"\n}\n'))
