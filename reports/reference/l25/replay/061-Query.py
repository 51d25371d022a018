#!/usr/bin/env python3
"""Replays 2 MilvusService call(s) recorded by milvus-conformance (test_filters.py::test_delete_generated_filter_removes_exactly_the_oracle_rows).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19541)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (for the pinned stubs).
"""

import sys

from conformance.transport.replay import Replayer

call = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19541')

# recorded answer: code=0 error_code=0
call('Delete', 'collection_name: "mc13355fcd_c1154"\nexpr: "id == 1"\n')
# recorded answer: code=0 error_code=0
call('Query', 'collection_name: "mc13355fcd_c1154"\nexpr: "id >= 0"\noutput_fields: "id"\noutput_fields: "i64"\noutput_fields: "i32"\noutput_fields: "d"\noutput_fields: "b"\noutput_fields: "s"\noutput_fields: "j"\noutput_fields: "a"\n')
