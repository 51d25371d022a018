#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_index_load.py::test_index_rpcs_with_empty_collection_name[DropIndex]).

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
sys.exit(replay.deviation('DropIndex', 'field_name: "vec"\n', ['DropIndex/empty-collection-name', 'Status/legacy-agrees'],
                           'reason: "collection name should not be empty: invalid parameter"\ncode: 1100\ndetail: "collection name should not be empty"\n'))
