#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_database.py::test_show_collections_in_missing_database).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19541)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (the pinned stubs and the
registry that judges the answer). Every name gets a fresh run token; what the script creates is removed at
the end. Exit status: 1 = the deviation reproduces, 0 = the target now conforms, 2 = the answer changed
and only a suite run can judge it.
"""

import sys

from conformance.transport.replay import Replayer

replay = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19541', token='mcc3852648gw0', server=None)

# the deviating call; recorded answer: code=0 error_code=0
sys.exit(replay.deviation('ShowCollections', 'db_name: "mcc3852648gw0_nodb24"\n', ['ShowCollections/missing-database'],
                           'status {\n}\ncollection_names: "mcc3852648gw0_c10"\ncollection_names: "mcc3852648gw0_c12"\ncollection_names: "mcc3852648gw0_c14"\ncollection_names: "mcc3852648gw0_c15"\ncollection_names: "mcc3852648gw0_c16"\ncollection_names: "mcc3852648gw0_c2"\ncollection_names: "mcc3852648gw0_c4"\ncollection_names: "mcc3852648gw0_c5"\ncollection_names: "mcc3852648gw0_c6"\ncollection_names: "mcc3852648gw0_c7"\ncollection_names: "mcc3852648gw0_c8"\ncollection_names: "mcc3852648gw0_c9"\ncollection_names: "mcc3852648gw2_c102"\ncollection_names: "mcc3852648gw2_c104"\ncollection_names: "mcc3852648gw2_c108"\ncollection_names: "mcc3852648gw2_c11"\ncollection_names: "mcc3852648gw2_c12"\ncollection_names: "mcc3852648gw2_c14"\ncollection_names: "mcc3852648gw2_c3"\ncollection_names: "mcc3852648gw2_c4"\ncollection_names: "mcc3852648gw2_c5"\ncollection_names: "mcc3852648gw2_c57"\ncollection_names: "mcc3852648gw2_c6"\ncollection_names: "mcc3852648gw2_c64"\ncollection_names: "mcc3852648gw2_c65"\ncollection_names: "mcc3852648gw2_c67"\ncollection_names: "mcc3852648gw2_c72"\ncollection_names: "mcc3852648gw2_c73"\ncollection_names: "mcc3852648gw2_c74"\ncollection_names: "mcc3852648gw2_c75"\ncollection_names: "mcc3852648gw2_c76"\ncollection_names: "mcc3852648gw2_c77"\ncollection_names: "mcc3852648gw2_c78"\ncollection_names: "mcc3852648gw2_c8"\ncollection_names: "mcc3852648gw2_c81"\ncollection_names: "mcc3852648gw2_c82"\ncollection_names: "mcc3852648gw2_c83"\ncollection_names: "mcc3852648gw2_c88"\ncollection_names: "mcc3852648gw2_c89"\ncollection_names: "mcc3852648gw2_c93"\ncollection_names: "mcc3852648gw2_c95"\ncollection_names: "mcc3852648gw2_c98"\ncollection_names: "mcc3852648gw2_c99"\ncollection_names: "mcc3852648gw3_c1"\ncollection_names: "mcc3852648gw3_c11"\ncollection_names: "mcc3852648gw3_c12"\ncollection_names: "mcc3852648gw3_c13"\ncollection_names: "mcc3852648gw3_c14"\ncollection_names: "mcc3852648gw3_c15"\ncollection_names: "mcc3852648gw3_c16"\ncollection_names: "mcc3852648gw3_c17"\ncollection_names: "mcc3852648gw3_c18"\ncollection_names: "mcc3852648gw3_c20"\ncollection_names: "mcc3852648gw3_c21"\ncollection_names: "mcc3852648gw3_c22"\ncollection_names: "mcc3852648gw3_c23"\ncollection_names: "mcc3852648gw3_c31"\ncollection_names: "mcc3852648gw3_c8"\n'))
