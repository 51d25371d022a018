#!/usr/bin/env python3
"""Replays 3 MilvusService call(s) recorded by milvus-conformance (test_index_load.py::test_drop_index_refused_while_loaded).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19541)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (for the pinned stubs).
"""

import sys

from conformance.transport.replay import Replayer

call = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19541')

# recorded answer: code=0 error_code=0
call('LoadCollection', 'collection_name: "mc13355fcd_c1166"\n')
# recorded answer: code=0 error_code=0
call('GetLoadState', 'collection_name: "mc13355fcd_c1166"\n')
# recorded answer: code=0 error_code=0
call('DropIndex', 'collection_name: "mc13355fcd_c1166"\nfield_name: "vec"\n')
