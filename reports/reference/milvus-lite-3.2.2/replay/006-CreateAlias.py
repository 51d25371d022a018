#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_alias.py::test_invalid_alias_names[empty]).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19542)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (the pinned stubs and the
registry that judges the answer). Every name gets a fresh run token; what the script creates is removed at
the end. Exit status: 1 = the deviation reproduces, 0 = the target now conforms, 2 = the answer changed
and only a suite run can judge it.
"""

import sys

from conformance.transport.replay import Replayer

replay = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19542', token='mcf9fc0dfagw3', server='milvus_lite-3.2.2')

# the deviating call; recorded answer: code=1 error_code=0
sys.exit(replay.deviation('CreateAlias', 'collection_name: "mcf9fc0dfagw3_missing9"\n', ['Names/alias/empty', 'Status/legacy-agrees'],
                           'reason: "collection name must not be empty"\ncode: 1\n'))
