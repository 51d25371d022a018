#!/usr/bin/env python3
"""Replays 2 MilvusService call(s) recorded by milvus-conformance (test_partition.py::test_duplicate_partition_is_idempotent).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19542)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (for the pinned stubs).
"""

import sys

from conformance.transport.replay import Replayer

call = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19542')

# recorded answer: code=0 error_code=0
call('CreatePartition', 'collection_name: "mc825fe195_c1035"\npartition_name: "p1"\n')
# recorded answer: code=1 error_code=1
call('CreatePartition', 'collection_name: "mc825fe195_c1035"\npartition_name: "p1"\n')
