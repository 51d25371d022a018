#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_alias.py::test_invalid_alias_names[bad_first_char]).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19542)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (the pinned stubs and the
registry that judges the answer). Every name gets a fresh run token; what the script creates is removed at
the end. Exit status: 1 = the deviation reproduces, 0 = the target now conforms, 2 = the answer changed
and only a suite run can judge it.
"""

import sys

from conformance.transport.replay import Replayer

replay = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19542', token='mcf6f1563fgw2', server='milvus_lite-3.2.2')

# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mcf6f1563fgw2_missing9"\nalias: "0mcf6f1563fgw2"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mcf6f1563fgw2_missing11"\nalias: "\\\'mcf6f1563fgw2"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mcf6f1563fgw2_missing19"\nalias: "0mcf6f1563fgw2"\n')
# the deviating call; recorded answer: code=100 error_code=4
sys.exit(replay.deviation('CreateAlias', 'collection_name: "mcf6f1563fgw2_missing20"\nalias: "0mcf6f1563fgw2"\n', ['Names/alias/bad-first-char'],
                           'error_code: CollectionNotExists\nreason: "collection \\\'mcf6f1563fgw2_missing20\\\' does not exist"\ncode: 100\n'))
