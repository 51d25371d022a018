#!/usr/bin/env python3
"""Replays 1 MilvusService call(s) recorded by milvus-conformance (test_index_load.py::test_describe_unknown_index_name).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19541)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (for the pinned stubs).
"""

import sys

from conformance.transport.replay import Replayer

call = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19541')

# recorded answer: code=700 error_code=0
call('DescribeIndex', 'collection_name: "mc13355fcd_c1167"\nfield_name: "vec"\nindex_name: "no_such_index"\n')
