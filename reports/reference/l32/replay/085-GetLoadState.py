#!/usr/bin/env python3
"""Replays 2 MilvusService call(s) recorded by milvus-conformance (test_index_load.py::test_load_state_follows_load_and_release).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19542)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (for the pinned stubs).
"""

import sys

from conformance.transport.replay import Replayer

call = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19542')

# recorded answer: code=0 error_code=0
call('CreateCollection', 'collection_name: "mc825fe195_c870"\nschema: "\\n\\017mc825fe195_c870\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
call('GetLoadState', 'collection_name: "mc825fe195_c870"\n')
