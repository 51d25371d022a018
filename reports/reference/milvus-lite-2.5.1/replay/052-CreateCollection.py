#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_collection.py::test_invalid_collection_names_rejected[bad_char]).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19541)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (the pinned stubs and the
registry that judges the answer). Every name gets a fresh run token; what the script creates is removed at
the end. Exit status: 1 = the deviation reproduces, 0 = the target now conforms, 2 = the answer changed
and only a suite run can judge it.
"""

import sys

from conformance.transport.replay import Replayer

replay = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19541', token='mca6b518d0gw1', server=None)

# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "mca6b518d0gw1!0"\nschema: "\\n\\017mca6b518d0gw1!0\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "mca6b518d0gw1%l"\nschema: "\\n\\017mca6b518d0gw1%l\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "mca6b518d0gw1?1XXtj"\nschema: "\\n\\023mca6b518d0gw1?1XXtj\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "mca6b518d0gw1*dN8mIO"\nschema: "\\n\\024mca6b518d0gw1*dN8mIO\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "mca6b518d0gw1#False"\nschema: "\\n\\023mca6b518d0gw1#False\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "mca6b518d0gw1/8rl_1eT7"\nschema: "\\n\\026mca6b518d0gw1/8rl_1eT7\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "mca6b518d0gw1;GV"\nschema: "\\n\\020mca6b518d0gw1;GV\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "mca6b518d0gw1<fKtf_W8"\nschema: "\\n\\025mca6b518d0gw1<fKtf_W8\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "mca6b518d0gw1\\"V"\nschema: "\\n\\017mca6b518d0gw1\\"V\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "mca6b518d0gw1=F"\nschema: "\\n\\017mca6b518d0gw1=F\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "mca6b518d0gw1*P"\nschema: "\\n\\017mca6b518d0gw1*P\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "mca6b518d0gw1#e_0D"\nschema: "\\n\\022mca6b518d0gw1#e_0D\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "mca6b518d0gw1;Hw"\nschema: "\\n\\020mca6b518d0gw1;Hw\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "mca6b518d0gw1`WKR"\nschema: "\\n\\021mca6b518d0gw1`WKR\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "mca6b518d0gw1%e"\nschema: "\\n\\017mca6b518d0gw1%e\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "mca6b518d0gw1!0"\nschema: "\\n\\017mca6b518d0gw1!0\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "mca6b518d0gw1\\"0"\nschema: "\\n\\017mca6b518d0gw1\\"0\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "mca6b518d0gw1)0"\nschema: "\\n\\017mca6b518d0gw1)0\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "mca6b518d0gw1.0"\nschema: "\\n\\017mca6b518d0gw1.0\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "mca6b518d0gw1^0"\nschema: "\\n\\017mca6b518d0gw1^0\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "mca6b518d0gw1`0"\nschema: "\\n\\017mca6b518d0gw1`0\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "mca6b518d0gw1!JpQa"\nschema: "\\n\\022mca6b518d0gw1!JpQa\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "mca6b518d0gw1!rv"\nschema: "\\n\\020mca6b518d0gw1!rv\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# the deviating call; recorded answer: code=1100 error_code=0
sys.exit(replay.deviation('CreateCollection', 'collection_name: "mca6b518d0gw1!0"\nschema: "\\n\\017mca6b518d0gw1!0\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n', ['Status/legacy-agrees', 'Names/collection/bad-char/reason', 'Status/input-error-marked'],
                           'reason: "Invalid collection mca6b518d0gw1!0. ,  collection name can only contain numbers, letters and underscores: invalid parameter"\ncode: 1100\ndetail: "Invalid collection mca6b518d0gw1!0. ,  collection name can only contain numbers, letters and underscores"\n'))
