#!/usr/bin/env python3
"""Replays 1 MilvusService call(s) recorded by milvus-conformance (test_query_features.py::test_query_is_null_on_nullable_field).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19541)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (for the pinned stubs).
"""

import sys

from conformance.transport.replay import Replayer

call = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19541')

# recorded answer: code=1100 error_code=0
call('CreateCollection', 'collection_name: "mc13355fcd_c1436"\nschema: "\\n\\020mc13355fcd_c1436\\"\\010\\022\\002id\\030\\001(\\005\\"\\005\\022\\001n(\\005\\"\\027\\022\\001s(\\0252\\020\\n\\nmax_length\\022\\00232\\"\\005\\022\\001f(\\n\\"\\007\\022\\001m(\\005x\\001\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
