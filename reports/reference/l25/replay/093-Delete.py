#!/usr/bin/env python3
"""Replays 1 MilvusService call(s) recorded by milvus-conformance (test_query_features.py::test_delete_unknown_template_name).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19541)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (for the pinned stubs).
"""

import sys

from conformance.transport.replay import Replayer

call = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19541')

# recorded answer: UNKNOWN
call('Delete', 'collection_name: "mc13355fcd_c1434"\nexpr: "id in {ids}"\nexpr_template_values {\n  key: "other"\n  value {\n    array_val {\n      long_data {\n        data: 1\n      }\n    }\n  }\n}\n')
