#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_partition.py::test_partition_statistics).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19542)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (the pinned stubs and the
registry that judges the answer). Every name gets a fresh run token; what the script creates is removed at
the end. Exit status: 1 = the deviation reproduces, 0 = the target now conforms, 2 = the answer changed
and only a suite run can judge it.
"""

import sys

from conformance.transport.replay import Replayer

replay = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19542', token='mcf9fc0dfagw3', server='milvus_lite-3.2.2')

# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf9fc0dfagw3_c360"\nschema: "\\n\\022mcf9fc0dfagw3_c360\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('GetPartitionStatistics', 'collection_name: "mcf9fc0dfagw3_c360"\npartition_name: "_default"\n')
# the deviating call; recorded answer: code=200 error_code=200
sys.exit(replay.deviation('GetPartitionStatistics', 'collection_name: "mcf9fc0dfagw3_c360"\npartition_name: "p_missing"\n', ['Status/legacy-agrees', 'GetPartitionStatistics/missing-partition/reason', 'Status/input-error-marked'],
                           'status {\n  error_code: 200\n  reason: "p_missing"\n  code: 200\n}\n'))
