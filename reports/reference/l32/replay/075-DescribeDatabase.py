#!/usr/bin/env python3
"""Replays 3 MilvusService call(s) recorded by milvus-conformance (test_database.py::test_describe_database).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19542)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (for the pinned stubs).
"""

import sys

from conformance.transport.replay import Replayer

call = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19542')

# recorded answer: code=0 error_code=0
call('CreateDatabase', 'db_name: "mc825fe195_db856"\n')
# recorded answer: code=0 error_code=0
call('DescribeDatabase', 'db_name: "mc825fe195_db856"\n')
# recorded answer: code=6 error_code=6
call('DescribeDatabase', 'db_name: "mc825fe195_nodb857"\n')
