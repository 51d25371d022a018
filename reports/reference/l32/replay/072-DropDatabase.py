#!/usr/bin/env python3
"""Replays 5 MilvusService call(s) recorded by milvus-conformance (test_database.py::test_collections_live_in_their_database).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19542)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (for the pinned stubs).
"""

import sys

from conformance.transport.replay import Replayer

call = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19542')

# recorded answer: code=0 error_code=0
call('CreateDatabase', 'db_name: "mc825fe195_db851"\n')
# recorded answer: code=0 error_code=0
call('CreateCollection', 'db_name: "mc825fe195_db851"\ncollection_name: "mc825fe195_c852"\nschema: "\\n\\017mc825fe195_c852\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
call('ShowCollections', 'db_name: "mc825fe195_db851"\n')
# recorded answer: code=0 error_code=0
call('HasCollection', 'collection_name: "mc825fe195_c852"\n')
# recorded answer: code=6 error_code=6
call('DropDatabase', 'db_name: "mc825fe195_db851"\n')
