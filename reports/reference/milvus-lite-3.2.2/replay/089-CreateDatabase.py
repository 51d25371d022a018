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

replay = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19542', token='mc821bf245gw1', server='milvus_lite-3.2.2')

# recorded answer: code=0 error_code=0
replay('ListDatabases', '')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db304"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db305"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db306"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db307"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db308"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db309"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db310"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db311"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db312"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db313"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db314"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db315"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db316"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db317"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db318"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db319"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db320"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db321"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db322"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db323"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db324"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db325"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db326"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db327"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db328"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db329"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db330"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db331"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db332"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db333"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db334"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db335"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db336"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db337"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db338"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db339"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db340"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db341"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db342"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db343"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db344"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db345"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db346"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db347"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db348"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db349"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db350"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db351"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db352"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db353"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db354"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db355"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db356"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db357"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db358"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db359"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db360"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db361"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db362"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db363"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db364"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db365"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc821bf245gw1_db366"\n')
# the deviating call; recorded answer: code=0 error_code=0
sys.exit(replay.deviation('CreateDatabase', 'db_name: "mc821bf245gw1_db367"\n', ['CreateDatabase/limit'],
                           ''))
