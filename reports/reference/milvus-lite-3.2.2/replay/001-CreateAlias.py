#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_alias.py::test_alias_named_like_a_collection).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19542)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (the pinned stubs and the
registry that judges the answer). Every name gets a fresh run token; what the script creates is removed at
the end. Exit status: 1 = the deviation reproduces, 0 = the target now conforms, 2 = the answer changed
and only a suite run can judge it.
"""

import sys

from conformance.transport.replay import Replayer

replay = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19542', token='mcf9fc0dfagw3', server='milvus_lite-3.2.2')

# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf9fc0dfagw3_c1"\nschema: "\\n\\020mcf9fc0dfagw3_c1\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# recorded answer: code=0 error_code=0
replay('CreateCollection', 'collection_name: "mcf9fc0dfagw3_c2"\nschema: "\\n\\020mcf9fc0dfagw3_c2\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018"\n')
# the deviating call; recorded answer: code=1 error_code=1
sys.exit(replay.deviation('CreateAlias', 'collection_name: "mcf9fc0dfagw3_c1"\nalias: "mcf9fc0dfagw3_c2"\n', ['CreateAlias/named-like-a-collection', 'Status/legacy-agrees'],
                           'error_code: UnexpectedError\nreason: "alias \\\'mcf9fc0dfagw3_c2\\\' conflicts with an existing collection"\ncode: 1\n'))
