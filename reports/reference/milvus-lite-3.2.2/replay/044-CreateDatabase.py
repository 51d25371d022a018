#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_database.py::test_invalid_database_names[bad_first_char]).

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
replay('CreateCollection', 'collection_name: "0mc7b400a8dgw3"\nschema: "\\n\\0160mc7b400a8dgw3\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "?mc7b400a8dgw3"\nschema: "\\n\\016?mc7b400a8dgw3\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1 error_code=1
replay('CreateCollection', 'collection_name: "0mc7b400a8dgw3"\nschema: "\\n\\0160mc7b400a8dgw3\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1 error_code=1
replay('CreateCollection', 'collection_name: "0mc7b400a8dgw3"\nschema: "\\n\\0160mc7b400a8dgw3\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc7b400a8dgw3!0"\nschema: "\\n\\017mc7b400a8dgw3!0\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc7b400a8dgw3~jCf9KBkR"\nschema: "\\n\\026mc7b400a8dgw3~jCf9KBkR\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc7b400a8dgw3\\\'RczdO3g5"\nschema: "\\n\\026mc7b400a8dgw3\\\'RczdO3g5\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc7b400a8dgw3._default"\nschema: "\\n\\026mc7b400a8dgw3._default\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc7b400a8dgw3)anjfNPNv"\nschema: "\\n\\026mc7b400a8dgw3)anjfNPNv\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc7b400a8dgw3 q2drLkrQ"\nschema: "\\n\\026mc7b400a8dgw3 q2drLkrQ\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc7b400a8dgw3&a0c"\nschema: "\\n\\021mc7b400a8dgw3&a0c\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc7b400a8dgw3(DMPp8"\nschema: "\\n\\023mc7b400a8dgw3(DMPp8\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc7b400a8dgw3:Mf"\nschema: "\\n\\020mc7b400a8dgw3:Mf\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc7b400a8dgw3{_e7_cl8b"\nschema: "\\n\\026mc7b400a8dgw3{_e7_cl8b\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1 error_code=1
replay('CreateCollection', 'collection_name: "mc7b400a8dgw3!0"\nschema: "\\n\\017mc7b400a8dgw3!0\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1 error_code=1
replay('CreateCollection', 'collection_name: "mc7b400a8dgw3!0"\nschema: "\\n\\017mc7b400a8dgw3!0\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "0mc7b400a8dgw3"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "<mc7b400a8dgw3"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "*mc7b400a8dgw3"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "?mc7b400a8dgw3"\n')
# recorded answer: code=6 error_code=6
replay('CreateDatabase', 'db_name: "0mc7b400a8dgw3"\n')
# the deviating call; recorded answer: code=6 error_code=6
sys.exit(replay.deviation('CreateDatabase', 'db_name: "0mc7b400a8dgw3"\n', ['Names/database/bad-first-char', 'Status/legacy-agrees'],
                           'error_code: 6\nreason: "database \\\'0mc7b400a8dgw3\\\' already exists"\ncode: 6\n'))
