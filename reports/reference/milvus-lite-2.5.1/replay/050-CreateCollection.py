#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_collection.py::test_limits[65 fields]).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19541)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (the pinned stubs and the
registry that judges the answer). Every name gets a fresh run token; what the script creates is removed at
the end. Exit status: 1 = the deviation reproduces, 0 = the target now conforms, 2 = the answer changed
and only a suite run can judge it.
"""

import sys

from conformance.transport.replay import Replayer

replay = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19541', token='mc05f66c87gw2', server=None)

# the deviating call; recorded answer: code=1100 error_code=0
sys.exit(replay.deviation('CreateCollection', 'collection_name: "mc05f66c87gw2_c248"\nschema: "\\n\\022mc05f66c87gw2_c248\\"\\010\\022\\002id\\030\\001(\\005\\"\\021\\022\\003vec(e2\\010\\n\\003dim\\022\\0018\\"\\006\\022\\002f0(\\005\\"\\006\\022\\002f1(\\005\\"\\006\\022\\002f2(\\005\\"\\006\\022\\002f3(\\005\\"\\006\\022\\002f4(\\005\\"\\006\\022\\002f5(\\005\\"\\006\\022\\002f6(\\005\\"\\006\\022\\002f7(\\005\\"\\006\\022\\002f8(\\005\\"\\006\\022\\002f9(\\005\\"\\007\\022\\003f10(\\005\\"\\007\\022\\003f11(\\005\\"\\007\\022\\003f12(\\005\\"\\007\\022\\003f13(\\005\\"\\007\\022\\003f14(\\005\\"\\007\\022\\003f15(\\005\\"\\007\\022\\003f16(\\005\\"\\007\\022\\003f17(\\005\\"\\007\\022\\003f18(\\005\\"\\007\\022\\003f19(\\005\\"\\007\\022\\003f20(\\005\\"\\007\\022\\003f21(\\005\\"\\007\\022\\003f22(\\005\\"\\007\\022\\003f23(\\005\\"\\007\\022\\003f24(\\005\\"\\007\\022\\003f25(\\005\\"\\007\\022\\003f26(\\005\\"\\007\\022\\003f27(\\005\\"\\007\\022\\003f28(\\005\\"\\007\\022\\003f29(\\005\\"\\007\\022\\003f30(\\005\\"\\007\\022\\003f31(\\005\\"\\007\\022\\003f32(\\005\\"\\007\\022\\003f33(\\005\\"\\007\\022\\003f34(\\005\\"\\007\\022\\003f35(\\005\\"\\007\\022\\003f36(\\005\\"\\007\\022\\003f37(\\005\\"\\007\\022\\003f38(\\005\\"\\007\\022\\003f39(\\005\\"\\007\\022\\003f40(\\005\\"\\007\\022\\003f41(\\005\\"\\007\\022\\003f42(\\005\\"\\007\\022\\003f43(\\005\\"\\007\\022\\003f44(\\005\\"\\007\\022\\003f45(\\005\\"\\007\\022\\003f46(\\005\\"\\007\\022\\003f47(\\005\\"\\007\\022\\003f48(\\005\\"\\007\\022\\003f49(\\005\\"\\007\\022\\003f50(\\005\\"\\007\\022\\003f51(\\005\\"\\007\\022\\003f52(\\005\\"\\007\\022\\003f53(\\005\\"\\007\\022\\003f54(\\005\\"\\007\\022\\003f55(\\005\\"\\007\\022\\003f56(\\005\\"\\007\\022\\003f57(\\005\\"\\007\\022\\003f58(\\005\\"\\007\\022\\003f59(\\005\\"\\007\\022\\003f60(\\005\\"\\007\\022\\003f61(\\005\\"\\007\\022\\003f62(\\005"\n', ['Status/legacy-agrees', 'Status/input-error-marked'],
                           'reason: "maximum field\\\'s number should be limited to 64: invalid parameter"\ncode: 1100\ndetail: "maximum field\\\'s number should be limited to 64"\n'))
