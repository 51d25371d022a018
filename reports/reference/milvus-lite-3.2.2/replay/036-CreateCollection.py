#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_collection.py::test_invalid_schema_rejected[dim_out_of_range]).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19542)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (the pinned stubs and the
registry that judges the answer). Every name gets a fresh run token; what the script creates is removed at
the end. Exit status: 1 = the deviation reproduces, 0 = the target now conforms, 2 = the answer changed
and only a suite run can judge it.
"""

import sys

from conformance.transport.replay import Replayer

replay = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19542', token='mcf9fc0dfagw2', server='milvus_lite-3.2.2')

# the deviating call; recorded answer: code=6 error_code=6
sys.exit(replay.deviation('CreateCollection', 'collection_name: "mcf9fc0dfagw2_c202"\nschema: "\\n\\022mcf9fc0dfagw2_c202\\"\\034\\022\\001a\\030\\001(\\0252\\023\\n\\nmax_length\\022\\00565535\\"\\017\\022\\001b(e2\\010\\n\\003dim\\022\\0010"\n', ['CreateCollection/schema/dim-out-of-range', 'Status/legacy-agrees'],
                           'error_code: 6\nreason: "vector field \\\'b\\\' requires dim > 0, got 0"\ncode: 6\n'))
