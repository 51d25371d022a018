#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_database.py::test_database_limit).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19542)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (the pinned stubs and the
registry that judges the answer). Every name gets a fresh run token; what the script creates is removed at
the end. Exit status: 1 = the deviation reproduces, 0 = the target now conforms, 2 = the answer changed
and only a suite run can judge it.
"""

import sys

from conformance.transport.replay import Replayer

replay = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19542', token='mcf6f1563fgw0', server='milvus_lite-3.2.2')

# recorded answer: code=0 error_code=0
replay('ListDatabases', '')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db327"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db328"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db329"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db330"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db331"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db332"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db333"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db334"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db335"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db336"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db337"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db338"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db339"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db340"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db341"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db342"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db343"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db344"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db345"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db346"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db347"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db348"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db349"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db350"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db351"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db352"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db353"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db354"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db355"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db356"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db357"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db358"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db359"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db360"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db361"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db362"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db363"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db364"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db365"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db366"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db367"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db368"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db369"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db370"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db371"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db372"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db373"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db374"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db375"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db376"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db377"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db378"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db379"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db380"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db381"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db382"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db383"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db384"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db385"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db386"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db387"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db388"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf6f1563fgw0_db389"\n')
# the deviating call; recorded answer: code=0 error_code=0
sys.exit(replay.deviation('CreateDatabase', 'db_name: "mcf6f1563fgw0_db390"\n', ['CreateDatabase/limit'],
                           ''))
