#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_collection.py::test_duplicate_create_after_a_new_partition_rejected).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19542)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (the pinned stubs and the
registry that judges the answer). Every name gets a fresh run token; what the script creates is removed at
the end. Exit status: 1 = the deviation reproduces, 0 = the target now conforms, 2 = the answer changed
and only a suite run can judge it.
"""

import sys

from conformance.transport.replay import Replayer

replay = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19542', token='mcf9fc0dfagw0', server='milvus_lite-3.2.2')

# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf9fc0dfagw0_c256"\nschema: "\\n\\022mcf9fc0dfagw0_c256\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreatePartition', 'collection_name: "mcf9fc0dfagw0_c256"\npartition_name: "p1"\n')
# the deviating call; recorded answer: code=1 error_code=1
sys.exit(replay.deviation('CreateCollection', 'collection_name: "mcf9fc0dfagw0_c256"\nschema: "\\n\\022mcf9fc0dfagw0_c256\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n', ['CreateCollection/duplicate-after-change', 'Status/legacy-agrees'],
                           'error_code: UnexpectedError\nreason: "collection \\\'mcf9fc0dfagw0_c256\\\' already exists"\ncode: 1\n'))
