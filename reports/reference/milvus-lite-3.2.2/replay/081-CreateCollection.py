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

replay = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19542', token='mc821bf245gw1', server='milvus_lite-3.2.2')

# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc821bf245gw1_missing6"\nalias: "0mc821bf245gw1"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc821bf245gw1_missing7"\nalias: "6mc821bf245gw1"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc821bf245gw1_missing15"\nalias: "?mc821bf245gw1"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc821bf245gw1_missing16"\nalias: "0mc821bf245gw1"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc821bf245gw1_missing17"\nalias: "0mc821bf245gw1"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc821bf245gw1_missing18"\nalias: "mc821bf245gw1!0"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc821bf245gw1_missing19"\nalias: "mc821bf245gw1>Mno9fE2"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc821bf245gw1_missing20"\nalias: "mc821bf245gw1>VgDlxNRQ"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc821bf245gw1_missing21"\nalias: "mc821bf245gw1~FALSE"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc821bf245gw1_missing22"\nalias: "mc821bf245gw1)eU"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc821bf245gw1_missing23"\nalias: "mc821bf245gw1|O56M2Vcn"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc821bf245gw1_missing24"\nalias: "mc821bf245gw1?ai71ioyY"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc821bf245gw1_missing25"\nalias: "mc821bf245gw1 Y3a"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc821bf245gw1_missing26"\nalias: "mc821bf245gw1&9"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc821bf245gw1_missing27"\nalias: "mc821bf245gw1(_fOJvGa3"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc821bf245gw1_missing28"\nalias: "mc821bf245gw1!0"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mc821bf245gw1_missing29"\nalias: "mc821bf245gw1!0"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc821bf245gw1!0"\nschema: "\\n\\017mc821bf245gw1!0\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc821bf245gw1%l"\nschema: "\\n\\017mc821bf245gw1%l\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc821bf245gw1?1XXtj"\nschema: "\\n\\023mc821bf245gw1?1XXtj\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc821bf245gw1*dN8mIO"\nschema: "\\n\\024mc821bf245gw1*dN8mIO\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc821bf245gw1#False"\nschema: "\\n\\023mc821bf245gw1#False\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1 error_code=0
replay('CreateCollection', 'collection_name: "mc821bf245gw1/8rl_1eT7"\nschema: "\\n\\026mc821bf245gw1/8rl_1eT7\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc821bf245gw1;GV"\nschema: "\\n\\020mc821bf245gw1;GV\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc821bf245gw1<fKtf_W8"\nschema: "\\n\\025mc821bf245gw1<fKtf_W8\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc821bf245gw1{9kZA95"\nschema: "\\n\\024mc821bf245gw1{9kZA95\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mc821bf245gw1\\"V"\nschema: "\\n\\017mc821bf245gw1\\"V\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1 error_code=1
replay('CreateCollection', 'collection_name: "mc821bf245gw1!0"\nschema: "\\n\\017mc821bf245gw1!0\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# the deviating call; recorded answer: code=1 error_code=1
sys.exit(replay.deviation('CreateCollection', 'collection_name: "mc821bf245gw1!0"\nschema: "\\n\\017mc821bf245gw1!0\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n', ['Names/collection/bad-char', 'Status/legacy-agrees'],
                           'error_code: UnexpectedError\nreason: "collection \\\'mc821bf245gw1!0\\\' already exists"\ncode: 1\n'))
