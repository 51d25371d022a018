#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_lifecycle_stateful.py::test_lifecycle).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19542)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (the pinned stubs and the
registry that judges the answer). Every name gets a fresh run token; what the script creates is removed at
the end. Exit status: 1 = the deviation reproduces, 0 = the target now conforms, 2 = the answer changed
and only a suite run can judge it.
"""

import sys

from conformance.transport.replay import Replayer

replay = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19542', token='mc7b400a8dgw3', server='milvus_lite-3.2.2')

# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_smown403"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'db_name: "mc7b400a8dgw3_smown403"\ncollection_name: "mc7b400a8dgw3_smc404"\nschema: "\\n\\024mc7b400a8dgw3_smc404\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0014"\n')
# recorded answer: code=0 error_code=0
replay('ShowCollections', 'db_name: "mc7b400a8dgw3_smown403"\n')
# recorded answer: code=0 error_code=0
replay('HasCollection', 'db_name: "mc7b400a8dgw3_smown403"\ncollection_name: "mc7b400a8dgw3_smc404"\n')
# recorded answer: code=0 error_code=0
replay('ListDatabases', '')
# recorded answer: code=0 error_code=0
replay('ShowPartitions', 'db_name: "mc7b400a8dgw3_smown403"\ncollection_name: "mc7b400a8dgw3_smc404"\n')
# recorded answer: code=0 error_code=0
replay('CreateAlias', 'db_name: "mc7b400a8dgw3_smown403"\ncollection_name: "mc7b400a8dgw3_smc404"\nalias: "mc7b400a8dgw3_sma405"\n')
# recorded answer: code=0 error_code=0
replay('DescribeAlias', 'db_name: "mc7b400a8dgw3_smown403"\nalias: "mc7b400a8dgw3_sma405"\n')
# recorded answer: code=0 error_code=0
replay('ShowCollections', 'db_name: "mc7b400a8dgw3_smown403"\n')
# recorded answer: code=0 error_code=0
replay('HasCollection', 'db_name: "mc7b400a8dgw3_smown403"\ncollection_name: "mc7b400a8dgw3_smc404"\n')
# recorded answer: code=0 error_code=0
replay('ListDatabases', '')
# recorded answer: code=0 error_code=0
replay('ShowPartitions', 'db_name: "mc7b400a8dgw3_smown403"\ncollection_name: "mc7b400a8dgw3_smc404"\n')
# the deviating call; recorded answer: code=0 error_code=0
sys.exit(replay.deviation('DropCollection', 'db_name: "mc7b400a8dgw3_smown403"\ncollection_name: "mc7b400a8dgw3_smc404"\n', ['DropCollection/with-aliases'],
                           ''))
