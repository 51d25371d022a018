#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_schema_evolution.py::test_truncate_refusals).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19542)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (the pinned stubs and the
registry that judges the answer). Every name gets a fresh run token; what the script creates is removed at
the end. Exit status: 1 = the deviation reproduces, 0 = the target now conforms, 2 = the answer changed
and only a suite run can judge it.
"""

import sys

from conformance.transport.replay import Replayer

replay = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19542', token='mcf9fc0dfagw2', server='milvus_lite-3.2.2')

# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mcf9fc0dfagw2_missing18"\nalias: "mcf9fc0dfagw2!0"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mcf9fc0dfagw2_missing19"\nalias: "mcf9fc0dfagw2>Mno9fE2"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mcf9fc0dfagw2_missing20"\nalias: "mcf9fc0dfagw2>VgDlxNRQ"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mcf9fc0dfagw2_missing21"\nalias: "mcf9fc0dfagw2~FALSE"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mcf9fc0dfagw2_missing22"\nalias: "mcf9fc0dfagw2)eU"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mcf9fc0dfagw2_missing23"\nalias: "mcf9fc0dfagw2|O56M2Vcn"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mcf9fc0dfagw2_missing24"\nalias: "mcf9fc0dfagw2?ai71ioyY"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mcf9fc0dfagw2_missing25"\nalias: "mcf9fc0dfagw2 Y3a"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mcf9fc0dfagw2_missing26"\nalias: "mcf9fc0dfagw2&9"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mcf9fc0dfagw2_missing27"\nalias: "mcf9fc0dfagw2(_fOJvGa3"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mcf9fc0dfagw2_missing28"\nalias: "mcf9fc0dfagw2!0"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mcf9fc0dfagw2_missing29"\nalias: "mcf9fc0dfagw2!0"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf9fc0dfagw2!0"\nschema: "\\n\\017mcf9fc0dfagw2!0\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf9fc0dfagw2%l"\nschema: "\\n\\017mcf9fc0dfagw2%l\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf9fc0dfagw2?1XXtj"\nschema: "\\n\\023mcf9fc0dfagw2?1XXtj\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf9fc0dfagw2*dN8mIO"\nschema: "\\n\\024mcf9fc0dfagw2*dN8mIO\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf9fc0dfagw2#False"\nschema: "\\n\\023mcf9fc0dfagw2#False\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1 error_code=0
replay('CreateCollection', 'collection_name: "mcf9fc0dfagw2/8rl_1eT7"\nschema: "\\n\\026mcf9fc0dfagw2/8rl_1eT7\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf9fc0dfagw2;GV"\nschema: "\\n\\020mcf9fc0dfagw2;GV\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf9fc0dfagw2<fKtf_W8"\nschema: "\\n\\025mcf9fc0dfagw2<fKtf_W8\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf9fc0dfagw2{9kZA95"\nschema: "\\n\\024mcf9fc0dfagw2{9kZA95\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf9fc0dfagw2\\"V"\nschema: "\\n\\017mcf9fc0dfagw2\\"V\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1 error_code=1
replay('CreateCollection', 'collection_name: "mcf9fc0dfagw2!0"\nschema: "\\n\\017mcf9fc0dfagw2!0\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=1 error_code=1
replay('CreateCollection', 'collection_name: "mcf9fc0dfagw2!0"\nschema: "\\n\\017mcf9fc0dfagw2!0\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "0mcf9fc0dfagw2"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "<mcf9fc0dfagw2"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "*mcf9fc0dfagw2"\n')
# recorded answer: code=0 error_code=0
replay('CreateDatabase', 'db_name: "?mcf9fc0dfagw2"\n')
# recorded answer: code=6 error_code=6
replay('CreateDatabase', 'db_name: "0mcf9fc0dfagw2"\n')
# recorded answer: code=6 error_code=6
replay('CreateDatabase', 'db_name: "0mcf9fc0dfagw2"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf9fc0dfagw2_c312"\nschema: "\\n\\022mcf9fc0dfagw2_c312\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreatePartition', 'collection_name: "mcf9fc0dfagw2_c312"\npartition_name: "!mcf9fc0dfagw2"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf9fc0dfagw2_c313"\nschema: "\\n\\022mcf9fc0dfagw2_c313\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreatePartition', 'collection_name: "mcf9fc0dfagw2_c313"\npartition_name: "%mcf9fc0dfagw2"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf9fc0dfagw2_c321"\nschema: "\\n\\022mcf9fc0dfagw2_c321\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreatePartition', 'collection_name: "mcf9fc0dfagw2_c321"\npartition_name: "\\\\mcf9fc0dfagw2"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf9fc0dfagw2_c322"\nschema: "\\n\\022mcf9fc0dfagw2_c322\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreatePartition', 'collection_name: "mcf9fc0dfagw2_c322"\npartition_name: "!mcf9fc0dfagw2"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf9fc0dfagw2_c323"\nschema: "\\n\\022mcf9fc0dfagw2_c323\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreatePartition', 'collection_name: "mcf9fc0dfagw2_c323"\npartition_name: "!mcf9fc0dfagw2"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf9fc0dfagw2_c324"\nschema: "\\n\\022mcf9fc0dfagw2_c324\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreatePartition', 'collection_name: "mcf9fc0dfagw2_c324"\npartition_name: "mcf9fc0dfagw2!0"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf9fc0dfagw2_c325"\nschema: "\\n\\022mcf9fc0dfagw2_c325\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreatePartition', 'collection_name: "mcf9fc0dfagw2_c325"\npartition_name: "mcf9fc0dfagw2?ttl"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf9fc0dfagw2_c326"\nschema: "\\n\\022mcf9fc0dfagw2_c326\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreatePartition', 'collection_name: "mcf9fc0dfagw2_c326"\npartition_name: "mcf9fc0dfagw2$D"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf9fc0dfagw2_c327"\nschema: "\\n\\022mcf9fc0dfagw2_c327\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreatePartition', 'collection_name: "mcf9fc0dfagw2_c327"\npartition_name: "mcf9fc0dfagw2/B"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf9fc0dfagw2_c328"\nschema: "\\n\\022mcf9fc0dfagw2_c328\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreatePartition', 'collection_name: "mcf9fc0dfagw2_c328"\npartition_name: "mcf9fc0dfagw2(Y3q3u2ko"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf9fc0dfagw2_c329"\nschema: "\\n\\022mcf9fc0dfagw2_c329\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreatePartition', 'collection_name: "mcf9fc0dfagw2_c329"\npartition_name: "mcf9fc0dfagw2~w"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf9fc0dfagw2_c330"\nschema: "\\n\\022mcf9fc0dfagw2_c330\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreatePartition', 'collection_name: "mcf9fc0dfagw2_c330"\npartition_name: "mcf9fc0dfagw2.Q"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf9fc0dfagw2_c331"\nschema: "\\n\\022mcf9fc0dfagw2_c331\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreatePartition', 'collection_name: "mcf9fc0dfagw2_c331"\npartition_name: "mcf9fc0dfagw2)Pp1p"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf9fc0dfagw2_c332"\nschema: "\\n\\022mcf9fc0dfagw2_c332\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreatePartition', 'collection_name: "mcf9fc0dfagw2_c332"\npartition_name: "mcf9fc0dfagw2*u"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf9fc0dfagw2_c333"\nschema: "\\n\\022mcf9fc0dfagw2_c333\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreatePartition', 'collection_name: "mcf9fc0dfagw2_c333"\npartition_name: "mcf9fc0dfagw2%_x"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf9fc0dfagw2_c334"\nschema: "\\n\\022mcf9fc0dfagw2_c334\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreatePartition', 'collection_name: "mcf9fc0dfagw2_c334"\npartition_name: "mcf9fc0dfagw2!0"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf9fc0dfagw2_c335"\nschema: "\\n\\022mcf9fc0dfagw2_c335\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreatePartition', 'collection_name: "mcf9fc0dfagw2_c335"\npartition_name: "mcf9fc0dfagw2!0"\n')
# recorded answer: code=100 error_code=4
replay('TruncateCollection', 'collection_name: "mcf9fc0dfagw2_missing349"\n')
# the deviating call; recorded answer: code=100 error_code=4
sys.exit(replay.deviation('TruncateCollection', 'collection_name: "mcf9fc0dfagw2-bad name"\n', ['TruncateCollection/invalid-name'],
                           'status {\n  error_code: CollectionNotExists\n  reason: "collection \\\'mcf9fc0dfagw2-bad name\\\' does not exist"\n  code: 100\n}\n'))
