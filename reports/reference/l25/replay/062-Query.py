#!/usr/bin/env python3
"""Replays 1 MilvusService call(s) recorded by milvus-conformance (test_filters.py::test_query_invalid_filter_rejected).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19541)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (for the pinned stubs).
"""

import sys

from conformance.transport.replay import Replayer

call = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19541')

# recorded answer: code=0 error_code=0
call('Query', 'collection_name: "mc13355fcd_c1153"\nexpr: "(id == 0"\noutput_fields: "id"\n')
