#!/usr/bin/env python3
"""Replays 6 MilvusService call(s) recorded by milvus-conformance (test_lifecycle_stateful.py::test_lifecycle).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19542)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (for the pinned stubs).
"""

import sys

from conformance.transport.replay import Replayer

call = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19542')

# recorded answer: code=0 error_code=0
call('CreateCollection', 'collection_name: "mc825fe195_smc1033"\nschema: "\\n\\022mc825fe195_smc1033\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
call('ShowCollections', '')
# recorded answer: code=0 error_code=0
call('HasCollection', 'collection_name: "mc825fe195_smc1033"\n')
# recorded answer: code=0 error_code=0
call('ListDatabases', '')
# recorded answer: code=0 error_code=0
call('ShowPartitions', 'collection_name: "mc825fe195_smc1033"\n')
# recorded answer: code=1 error_code=1
call('CreateCollection', 'collection_name: "mc825fe195_smc1033"\nschema: "\\n\\022mc825fe195_smc1033\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
