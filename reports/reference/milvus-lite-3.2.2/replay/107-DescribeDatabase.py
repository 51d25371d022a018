#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_database.py::test_describe_database).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19542)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (the pinned stubs and the
registry that judges the answer). Every name gets a fresh run token; what the script creates is removed at
the end. Exit status: 1 = the deviation reproduces, 0 = the target now conforms, 2 = the answer changed
and only a suite run can judge it.
"""

import sys

from conformance.transport.replay import Replayer

replay = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19542', token='mcf9fc0dfagw1', server='milvus_lite-3.2.2')

# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw1_db346"\n')
# recorded answer: code=0 error_code=0
replay('DescribeDatabase', 'db_name: "mcf9fc0dfagw1_db346"\n')
# the deviating call; recorded answer: code=6 error_code=6
sys.exit(replay.deviation('DescribeDatabase', 'db_name: "mcf9fc0dfagw1_nodb347"\n', ['DescribeDatabase/missing', 'Status/legacy-agrees'],
                           'status {\n  error_code: 6\n  reason: "database \\\'mcf9fc0dfagw1_nodb347\\\' does not exist"\n  code: 6\n}\n'))
