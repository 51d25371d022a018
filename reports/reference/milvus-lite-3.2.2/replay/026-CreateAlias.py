#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_alias.py::test_invalid_alias_names[bad_char]).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19542)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (the pinned stubs and the
registry that judges the answer). Every name gets a fresh run token; what the script creates is removed at
the end. Exit status: 1 = the deviation reproduces, 0 = the target now conforms, 2 = the answer changed
and only a suite run can judge it.
"""

import sys

from conformance.transport.replay import Replayer

replay = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19542', token='mc7b400a8dgw0', server='milvus_lite-3.2.2')

# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc7b400a8dgw0_missing33"\nalias: "0mc7b400a8dgw0"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc7b400a8dgw0_missing35"\nalias: "\\\'mc7b400a8dgw0"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc7b400a8dgw0_missing43"\nalias: "0mc7b400a8dgw0"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc7b400a8dgw0_missing44"\nalias: "0mc7b400a8dgw0"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc7b400a8dgw0_missing45"\nalias: "mc7b400a8dgw0!0"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc7b400a8dgw0_missing46"\nalias: "mc7b400a8dgw0>Mno9fE2"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc7b400a8dgw0_missing47"\nalias: "mc7b400a8dgw0>VgDlxNRQ"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc7b400a8dgw0_missing48"\nalias: "mc7b400a8dgw0~FALSE"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc7b400a8dgw0_missing49"\nalias: "mc7b400a8dgw0)eU"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc7b400a8dgw0_missing50"\nalias: "mc7b400a8dgw0|O56M2Vcn"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc7b400a8dgw0_missing51"\nalias: "mc7b400a8dgw0?ai71ioyY"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc7b400a8dgw0_missing52"\nalias: "mc7b400a8dgw0 Y3a"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc7b400a8dgw0_missing53"\nalias: "mc7b400a8dgw0&9"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc7b400a8dgw0_missing54"\nalias: "mc7b400a8dgw0(_fOJvGa3"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc7b400a8dgw0_missing55"\nalias: "mc7b400a8dgw0!0"\n')
# the deviating call; recorded answer: code=100 error_code=4
sys.exit(replay.deviation('CreateAlias', 'collection_name: "mc7b400a8dgw0_missing56"\nalias: "mc7b400a8dgw0!0"\n', ['Names/alias/bad-char'],
                           'error_code: CollectionNotExists\nreason: "collection \\\'mc7b400a8dgw0_missing56\\\' does not exist"\ncode: 100\n'))
