#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_partition.py::test_default_partition_undroppable).

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
replay('CreateCollection', 'collection_name: "mcf9fc0dfagw0_c377"\nschema: "\\n\\022mcf9fc0dfagw0_c377\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# the deviating call; recorded answer: code=6 error_code=6
sys.exit(replay.deviation('DropPartition', 'collection_name: "mcf9fc0dfagw0_c377"\npartition_name: "_default"\n', ['DropPartition/default-partition', 'Status/legacy-agrees'],
                           'error_code: 6\nreason: "cannot remove default partition \\\'_default\\\'"\ncode: 6\n'))
