#!/usr/bin/env python3
"""Replays 1 MilvusService call(s) recorded by milvus-conformance (test_collection.py::test_limits[binary dim 12]).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19541)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (for the pinned stubs).
"""

import sys

from conformance.transport.replay import Replayer

call = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19541')

# recorded answer: code=2000 error_code=0
call('CreateCollection', 'collection_name: "mc13355fcd_c1120"\nschema: "\\n\\020mc13355fcd_c1120\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\002bv(d2\\t\\n\\003dim\\022\\00212"\n')
