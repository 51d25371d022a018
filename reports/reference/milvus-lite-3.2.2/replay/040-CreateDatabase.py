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

replay = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19542', token='mc7b400a8dgw3', server='milvus_lite-3.2.2')

# recorded answer: code=0 error_code=0
replay('ListDatabases', '')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db116"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db117"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db118"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db119"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db120"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db121"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db122"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db123"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db124"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db125"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db126"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db127"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db128"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db129"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db130"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db131"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db132"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db133"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db134"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db135"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db136"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db137"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db138"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db139"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db140"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db141"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db142"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db143"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db144"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db145"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db146"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db147"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db148"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db149"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db150"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db151"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db152"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db153"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db154"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db155"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db156"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db157"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db158"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db159"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db160"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db161"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db162"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db163"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db164"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db165"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db166"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db167"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db168"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db169"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db170"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db171"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db172"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db173"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db174"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db175"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db176"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db177"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "mc7b400a8dgw3_db178"\n')
# the deviating call; recorded answer: code=0 error_code=0
sys.exit(replay.deviation('CreateDatabase', 'db_name: "mc7b400a8dgw3_db179"\n', ['CreateDatabase/limit'],
                           ''))
