#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_alias.py::test_invalid_alias_names[bad_char]).

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
# the deviating call; recorded answer: code=100 error_code=4
sys.exit(replay.deviation('CreateAlias', 'collection_name: "mcf9fc0dfagw2_missing29"\nalias: "mcf9fc0dfagw2!0"\n', ['Names/alias/bad-char'],
                           'error_code: CollectionNotExists\nreason: "collection \\\'mcf9fc0dfagw2_missing29\\\' does not exist"\ncode: 100\n'))
