#!/usr/bin/env python3
"""Replays 1 MilvusService call(s) recorded by milvus-conformance (test_query_features.py::test_query_template_values_equal_inlined[f >= 1.5 and n != 2]).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19541)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (for the pinned stubs).
"""

import sys

from conformance.transport.replay import Replayer

call = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19541')

# recorded answer: UNKNOWN
call('Query', 'collection_name: "mc13355fcd_c1434"\nexpr: "f >= {x} and n != {k}"\noutput_fields: "id"\noutput_fields: "n"\noutput_fields: "s"\noutput_fields: "f"\nexpr_template_values {\n  key: "k"\n  value {\n    int64_val: 2\n  }\n}\nexpr_template_values {\n  key: "x"\n  value {\n    float_val: 1.5\n  }\n}\n')
