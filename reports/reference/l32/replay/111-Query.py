#!/usr/bin/env python3
"""Replays 1 MilvusService call(s) recorded by milvus-conformance (test_query_features.py::test_query_template_values_equal_inlined[s in ["s1", "s4"]]).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19542)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (for the pinned stubs).
"""

import sys

from conformance.transport.replay import Replayer

call = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19542')

# recorded answer: code=6 error_code=6
call('Query', 'collection_name: "mc825fe195_c1047"\nexpr: "s in {ss}"\noutput_fields: "id"\noutput_fields: "n"\noutput_fields: "s"\noutput_fields: "f"\nexpr_template_values {\n  key: "ss"\n  value {\n    array_val {\n      string_data {\n        data: "s1"\n        data: "s4"\n      }\n    }\n  }\n}\n')
