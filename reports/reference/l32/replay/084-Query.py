#!/usr/bin/env python3
"""Replays 6 MilvusService call(s) recorded by milvus-conformance (test_index_load.py::test_release_gates_query_and_search).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19542)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (for the pinned stubs).
"""

import sys

from conformance.transport.replay import Replayer

call = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19542')

# recorded answer: code=0 error_code=0
call('LoadCollection', 'collection_name: "mc825fe195_c865"\n')
# recorded answer: code=0 error_code=0
call('GetLoadState', 'collection_name: "mc825fe195_c865"\n')
# recorded answer: code=0 error_code=0
call('GetLoadingProgress', 'collection_name: "mc825fe195_c865"\n')
# recorded answer: code=0 error_code=0
call('Query', 'collection_name: "mc825fe195_c865"\nexpr: "id >= 0"\noutput_fields: "id"\n')
# recorded answer: code=0 error_code=0
call('ReleaseCollection', 'collection_name: "mc825fe195_c865"\n')
# recorded answer: code=101 error_code=101
call('Query', 'collection_name: "mc825fe195_c865"\nexpr: "id >= 0"\noutput_fields: "id"\n')
