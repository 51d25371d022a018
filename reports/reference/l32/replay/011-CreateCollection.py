#!/usr/bin/env python3
"""Replays 1 MilvusService call(s) recorded by milvus-conformance (test_collection.py::test_invalid_schema_rejected[schema_unparsable]).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19542)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (for the pinned stubs).
"""

import sys

from conformance.transport.replay import Replayer

call = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19542')

# recorded answer: code=1 error_code=0
call('CreateCollection', 'collection_name: "mc825fe195_c128"\nschema: "\\n\\025mcplaceholder__schema\\"\\034\\022\\001a\\030\\001(\\0252\\023\\n\\nmax_length\\022\\00565535\\"\\023\\022\\001b(e2\\014\\n\\003dim\\022\\00532768\\007"\n')
