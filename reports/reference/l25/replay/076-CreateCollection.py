#!/usr/bin/env python3
"""Replays 1 MilvusService call(s) recorded by milvus-conformance (test_insert.py::test_written_rows_read_back_exactly).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19541)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (for the pinned stubs).
"""

import sys

from conformance.transport.replay import Replayer

call = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19541')

# recorded answer: code=1100 error_code=0
call('CreateCollection', 'collection_name: "mc13355fcd_c1415"\nschema: "\\n\\020mc13355fcd_c1415\\"\\034\\022\\001a\\030\\001(\\0252\\023\\n\\nmax_length\\022\\00565535\\"\\020\\022\\001b(e2\\t\\n\\003dim\\022\\00216\\"\\010\\022\\002a0(\\001x\\001"\n')
