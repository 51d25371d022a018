#!/usr/bin/env python3
"""Replays 1 MilvusService call(s) recorded by milvus-conformance (test_search_params.py::test_binary_search[40-JACCARD]).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19542)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (for the pinned stubs).
"""

import sys

from conformance.transport.replay import Replayer

call = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19542')

# recorded answer: code=6 error_code=6
call('CreateCollection', 'collection_name: "mc825fe195_c1063"\nschema: "\\n\\020mc825fe195_c1063\\"\\010\\022\\002id\\030\\001(\\005\\"\\022\\022\\003vec(d2\\t\\n\\003dim\\022\\00232"\n')
