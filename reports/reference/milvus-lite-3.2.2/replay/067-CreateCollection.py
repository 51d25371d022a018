#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_collection.py::test_invalid_collection_names_rejected[bad_char]).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19542)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (the pinned stubs and the
registry that judges the answer). Every name gets a fresh run token; what the script creates is removed at
the end. Exit status: 1 = the deviation reproduces, 0 = the target now conforms, 2 = the answer changed
and only a suite run can judge it.
"""

import sys

from conformance.transport.replay import Replayer

replay = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19542', token='mcf6f1563fgw1', server='milvus_lite-3.2.2')

# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf6f1563fgw1!0"\nschema: "\\n\\017mcf6f1563fgw1!0\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf6f1563fgw1~jCf9KBkR"\nschema: "\\n\\026mcf6f1563fgw1~jCf9KBkR\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf6f1563fgw1\\\'RczdO3g5"\nschema: "\\n\\026mcf6f1563fgw1\\\'RczdO3g5\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf6f1563fgw1.TRUE"\nschema: "\\n\\022mcf6f1563fgw1.TRUE\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf6f1563fgw1)anjfNPNv"\nschema: "\\n\\026mcf6f1563fgw1)anjfNPNv\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf6f1563fgw1 q2drLkrQ"\nschema: "\\n\\026mcf6f1563fgw1 q2drLkrQ\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf6f1563fgw1&a0c"\nschema: "\\n\\021mcf6f1563fgw1&a0c\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf6f1563fgw1(DMPp8"\nschema: "\\n\\023mcf6f1563fgw1(DMPp8\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf6f1563fgw1:Mf"\nschema: "\\n\\020mcf6f1563fgw1:Mf\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf6f1563fgw1{_e7_cl8b"\nschema: "\\n\\026mcf6f1563fgw1{_e7_cl8b\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1 error_code=1
replay('CreateCollection', 'collection_name: "mcf6f1563fgw1!0"\nschema: "\\n\\017mcf6f1563fgw1!0\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# the deviating call; recorded answer: code=1 error_code=1
sys.exit(replay.deviation('CreateCollection', 'collection_name: "mcf6f1563fgw1!0"\nschema: "\\n\\017mcf6f1563fgw1!0\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n', ['Names/collection/bad-char', 'Status/legacy-agrees'],
                           'error_code: UnexpectedError\nreason: "collection \\\'mcf6f1563fgw1!0\\\' already exists"\ncode: 1\n'))
