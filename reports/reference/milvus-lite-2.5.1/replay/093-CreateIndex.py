#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_full_text.py::test_bm25_metric_needs_a_bm25_output).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19541)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (the pinned stubs and the
registry that judges the answer). Every name gets a fresh run token; what the script creates is removed at
the end. Exit status: 1 = the deviation reproduces, 0 = the target now conforms, 2 = the answer changed
and only a suite run can judge it.
"""

import sys

from conformance.transport.replay import Replayer

replay = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19541', token='mc05f66c87gw0', server=None)

# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc05f66c87gw0_c281"\nschema: "\\n\\022mc05f66c87gw0_c281\\"\\010\\022\\002id\\030\\001(\\005\\"\\n\\022\\006sparse(h"\n')
# the deviating call; recorded answer: code=0 error_code=0
sys.exit(replay.deviation('CreateIndex', 'collection_name: "mc05f66c87gw0_c281"\nfield_name: "sparse"\nextra_params {\n  key: "index_type"\n  value: "SPARSE_INVERTED_INDEX"\n}\nextra_params {\n  key: "metric_type"\n  value: "BM25"\n}\nextra_params {\n  key: "params"\n  value: "{}"\n}\n', ['CreateIndex/params/bm25-metric-needs-function'],
                           ''))
