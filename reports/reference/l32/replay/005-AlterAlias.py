#!/usr/bin/env python3
"""Replays 2 MilvusService call(s) recorded by milvus-conformance (test_alias.py::test_alter_alias_errors).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19542)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (for the pinned stubs).
"""

import sys

from conformance.transport.replay import Replayer

call = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19542')

# recorded answer: code=0 error_code=0
call('CreateCollection', 'collection_name: "mc825fe195_c15"\nschema: "\\n\\016mc825fe195_c15\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=100 error_code=4
call('AlterAlias', 'collection_name: "mc825fe195_c15"\nalias: "mc825fe195_a16"\n')
