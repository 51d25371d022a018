#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_collection.py::test_invalid_schema_rejected[too_many_fields]).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19542)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (the pinned stubs and the
registry that judges the answer). Every name gets a fresh run token; what the script creates is removed at
the end. Exit status: 1 = the deviation reproduces, 0 = the target now conforms, 2 = the answer changed
and only a suite run can judge it.
"""

import sys

from conformance.transport.replay import Replayer

replay = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19542', token='mcf9fc0dfagw2', server='milvus_lite-3.2.2')

# the deviating call; recorded answer: code=0 error_code=0
sys.exit(replay.deviation('CreateCollection', 'collection_name: "mcf9fc0dfagw2_c112"\nschema: "\\n\\022mcf9fc0dfagw2_c112\\"\\034\\022\\001a\\030\\001(\\0252\\023\\n\\nmax_length\\022\\00565535\\"\\023\\022\\001b(e2\\014\\n\\003dim\\022\\00532768\\"\\010\\022\\004pad0(\\005\\"\\010\\022\\004pad1(\\005\\"\\010\\022\\004pad2(\\005\\"\\010\\022\\004pad3(\\005\\"\\010\\022\\004pad4(\\005\\"\\010\\022\\004pad5(\\005\\"\\010\\022\\004pad6(\\005\\"\\010\\022\\004pad7(\\005\\"\\010\\022\\004pad8(\\005\\"\\010\\022\\004pad9(\\005\\"\\t\\022\\005pad10(\\005\\"\\t\\022\\005pad11(\\005\\"\\t\\022\\005pad12(\\005\\"\\t\\022\\005pad13(\\005\\"\\t\\022\\005pad14(\\005\\"\\t\\022\\005pad15(\\005\\"\\t\\022\\005pad16(\\005\\"\\t\\022\\005pad17(\\005\\"\\t\\022\\005pad18(\\005\\"\\t\\022\\005pad19(\\005\\"\\t\\022\\005pad20(\\005\\"\\t\\022\\005pad21(\\005\\"\\t\\022\\005pad22(\\005\\"\\t\\022\\005pad23(\\005\\"\\t\\022\\005pad24(\\005\\"\\t\\022\\005pad25(\\005\\"\\t\\022\\005pad26(\\005\\"\\t\\022\\005pad27(\\005\\"\\t\\022\\005pad28(\\005\\"\\t\\022\\005pad29(\\005\\"\\t\\022\\005pad30(\\005\\"\\t\\022\\005pad31(\\005\\"\\t\\022\\005pad32(\\005\\"\\t\\022\\005pad33(\\005\\"\\t\\022\\005pad34(\\005\\"\\t\\022\\005pad35(\\005\\"\\t\\022\\005pad36(\\005\\"\\t\\022\\005pad37(\\005\\"\\t\\022\\005pad38(\\005\\"\\t\\022\\005pad39(\\005\\"\\t\\022\\005pad40(\\005\\"\\t\\022\\005pad41(\\005\\"\\t\\022\\005pad42(\\005\\"\\t\\022\\005pad43(\\005\\"\\t\\022\\005pad44(\\005\\"\\t\\022\\005pad45(\\005\\"\\t\\022\\005pad46(\\005\\"\\t\\022\\005pad47(\\005\\"\\t\\022\\005pad48(\\005\\"\\t\\022\\005pad49(\\005\\"\\t\\022\\005pad50(\\005\\"\\t\\022\\005pad51(\\005\\"\\t\\022\\005pad52(\\005\\"\\t\\022\\005pad53(\\005\\"\\t\\022\\005pad54(\\005\\"\\t\\022\\005pad55(\\005\\"\\t\\022\\005pad56(\\005\\"\\t\\022\\005pad57(\\005\\"\\t\\022\\005pad58(\\005\\"\\t\\022\\005pad59(\\005\\"\\t\\022\\005pad60(\\005\\"\\t\\022\\005pad61(\\005\\"\\t\\022\\005pad62(\\005"\n', ['CreateCollection/schema/too-many-fields'],
                           ''))
