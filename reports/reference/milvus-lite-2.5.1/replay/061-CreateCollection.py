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

replay = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19541', token='mc05f66c87gw1', server=None)

# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "0mc05f66c87gw1"\nschema: "\\n\\0160mc05f66c87gw1\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "?mc05f66c87gw1"\nschema: "\\n\\016?mc05f66c87gw1\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "0mc05f66c87gw1"\nschema: "\\n\\0160mc05f66c87gw1\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "0mc05f66c87gw1"\nschema: "\\n\\0160mc05f66c87gw1\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "mc05f66c87gw1!0"\nschema: "\\n\\017mc05f66c87gw1!0\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "mc05f66c87gw1~jCf9KBkR"\nschema: "\\n\\026mc05f66c87gw1~jCf9KBkR\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "mc05f66c87gw1\\\'RczdO3g5"\nschema: "\\n\\026mc05f66c87gw1\\\'RczdO3g5\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "mc05f66c87gw1.Status"\nschema: "\\n\\024mc05f66c87gw1.Status\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "mc05f66c87gw1)anjfNPNv"\nschema: "\\n\\026mc05f66c87gw1)anjfNPNv\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "mc05f66c87gw1 q2drLkrQ"\nschema: "\\n\\026mc05f66c87gw1 q2drLkrQ\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "mc05f66c87gw1&a0c"\nschema: "\\n\\021mc05f66c87gw1&a0c\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "mc05f66c87gw1(DMPp8"\nschema: "\\n\\023mc05f66c87gw1(DMPp8\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "mc05f66c87gw1:Mf"\nschema: "\\n\\020mc05f66c87gw1:Mf\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "mc05f66c87gw1 lrvG1yoa"\nschema: "\\n\\026mc05f66c87gw1 lrvG1yoa\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "mc05f66c87gw1\\\'7E43poIN"\nschema: "\\n\\026mc05f66c87gw1\\\'7E43poIN\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "mc05f66c87gw1(Vk48C"\nschema: "\\n\\023mc05f66c87gw1(Vk48C\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "mc05f66c87gw1 oBYcur"\nschema: "\\n\\024mc05f66c87gw1 oBYcur\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "mc05f66c87gw1^bDJbX"\nschema: "\\n\\023mc05f66c87gw1^bDJbX\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "mc05f66c87gw1+4Ko"\nschema: "\\n\\021mc05f66c87gw1+4Ko\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "mc05f66c87gw1^8BJ1E535"\nschema: "\\n\\026mc05f66c87gw1^8BJ1E535\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "mc05f66c87gw1;Qz"\nschema: "\\n\\020mc05f66c87gw1;Qz\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "mc05f66c87gw1+w"\nschema: "\\n\\017mc05f66c87gw1+w\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "mc05f66c87gw1!0"\nschema: "\\n\\017mc05f66c87gw1!0\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "mc05f66c87gw1\\"0"\nschema: "\\n\\017mc05f66c87gw1\\"0\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "mc05f66c87gw1)0"\nschema: "\\n\\017mc05f66c87gw1)0\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "mc05f66c87gw1.0"\nschema: "\\n\\017mc05f66c87gw1.0\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "mc05f66c87gw1^0"\nschema: "\\n\\017mc05f66c87gw1^0\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "mc05f66c87gw1`0"\nschema: "\\n\\017mc05f66c87gw1`0\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "mc05f66c87gw1!t"\nschema: "\\n\\017mc05f66c87gw1!t\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1100 error_code=0
replay('CreateCollection', 'collection_name: "mc05f66c87gw1!bCz7"\nschema: "\\n\\022mc05f66c87gw1!bCz7\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# the deviating call; recorded answer: code=1100 error_code=0
sys.exit(replay.deviation('CreateCollection', 'collection_name: "mc05f66c87gw1!0"\nschema: "\\n\\017mc05f66c87gw1!0\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n', ['Status/legacy-agrees', 'Names/collection/bad-char/reason', 'Status/input-error-marked'],
                           'reason: "Invalid collection mc05f66c87gw1!0. ,  collection name can only contain numbers, letters and underscores: invalid parameter"\ncode: 1100\ndetail: "Invalid collection mc05f66c87gw1!0. ,  collection name can only contain numbers, letters and underscores"\n'))
