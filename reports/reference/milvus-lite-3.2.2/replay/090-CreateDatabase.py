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

replay = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19542', token='mcf9fc0dfagw0', server='milvus_lite-3.2.2')

# recorded answer: code=0 error_code=0
replay('ListDatabases', '')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db264"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db265"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db266"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db267"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db268"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db269"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db270"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db271"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db272"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db273"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db274"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db275"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db276"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db277"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db278"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db279"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db280"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db281"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db282"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db283"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db284"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db285"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db286"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db287"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db288"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db289"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db290"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db291"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db292"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db293"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db294"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db295"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db296"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db297"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db298"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db299"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db300"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db301"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db302"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db303"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db304"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db305"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db306"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db307"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db308"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db309"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db310"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db311"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db312"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db313"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db314"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db315"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db316"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db317"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db318"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db319"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db320"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db321"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db322"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db323"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db324"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db325"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db326"\n')
# the deviating call; recorded answer: code=0 error_code=0
sys.exit(replay.deviation('CreateDatabase', 'db_name: "mcf9fc0dfagw0_db327"\n', ['CreateDatabase/limit'],
                           ''))
