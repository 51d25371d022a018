#!/usr/bin/env python3
"""Replays 2 MilvusService call(s) recorded by milvus-conformance (test_partition.py::test_partition_key_collection).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19542)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (for the pinned stubs).
"""

import sys

from conformance.transport.replay import Replayer

call = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19542')

# recorded answer: code=0 error_code=0
call('CreateCollection', 'collection_name: "mc825fe195_c1041"\nschema: "\\n\\020mc825fe195_c1041\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018\\"\\007\\022\\001k(\\005h\\001"\n')
# recorded answer: code=0 error_code=0
call('ShowPartitions', 'collection_name: "mc825fe195_c1041"\n')
