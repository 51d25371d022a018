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

replay = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19542', token='mcf9fc0dfagw3', server='milvus_lite-3.2.2')

# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mcf9fc0dfagw3_missing10"\nalias: "0mcf9fc0dfagw3"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mcf9fc0dfagw3_missing12"\nalias: "\\\'mcf9fc0dfagw3"\n')
# recorded answer: code=100 error_code=4
replay('CreateAlias', 'collection_name: "mcf9fc0dfagw3_missing20"\nalias: "0mcf9fc0dfagw3"\n')
# the deviating call; recorded answer: code=100 error_code=4
sys.exit(replay.deviation('CreateAlias', 'collection_name: "mcf9fc0dfagw3_missing21"\nalias: "0mcf9fc0dfagw3"\n', ['Names/alias/bad-first-char'],
                           'error_code: CollectionNotExists\nreason: "collection \\\'mcf9fc0dfagw3_missing21\\\' does not exist"\ncode: 100\n'))
