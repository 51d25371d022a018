#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_collection.py::test_invalid_schema_rejected[binary_dim_not_multiple_of_8]).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19542)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (the pinned stubs and the
registry that judges the answer). Every name gets a fresh run token; what the script creates is removed at
the end. Exit status: 1 = the deviation reproduces, 0 = the target now conforms, 2 = the answer changed
and only a suite run can judge it.
"""

import sys

from conformance.transport.replay import Replayer

replay = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19542', token='mcf9fc0dfagw3', server='milvus_lite-3.2.2')

# the deviating call; recorded answer: code=6 error_code=6
sys.exit(replay.deviation('CreateCollection', 'collection_name: "mcf9fc0dfagw3_c159"\nschema: "\\n\\022mcf9fc0dfagw3_c159\\"\\034\\022\\001a\\030\\001(\\0252\\023\\n\\nmax_length\\022\\00565535\\"\\017\\022\\001b(d2\\010\\n\\003dim\\022\\0012"\n', ['CreateCollection/schema/binary-dim-not-multiple-of-8', 'Status/legacy-agrees'],
                           'error_code: 6\nreason: "field \\\'b\\\' uses Milvus type BinaryVector which MilvusLite does not support. Phase 10.2 supports: BOOL, INT8/16/32/64, FLOAT, DOUBLE, VARCHAR, JSON, ARRAY, GEOMETRY, TIMESTAMPTZ, FLOAT_VECTOR, SPARSE_FLOAT_VECTOR."\ncode: 6\n'))
