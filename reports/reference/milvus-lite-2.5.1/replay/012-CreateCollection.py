#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance (test_collection.py::test_invalid_schema_rejected[duplicate_field_name]).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19541)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (the pinned stubs and the
registry that judges the answer). Every name gets a fresh run token; what the script creates is removed at
the end. Exit status: 1 = the deviation reproduces, 0 = the target now conforms, 2 = the answer changed
and only a suite run can judge it.
"""

import sys

from conformance.transport.replay import Replayer

replay = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19541', token='mc05f66c87gw0', server=None)

# the deviating call; recorded answer: code=2000 error_code=0
sys.exit(replay.deviation('CreateCollection', 'collection_name: "mc05f66c87gw0_c72"\nschema: "\\n\\021mc05f66c87gw0_c72\\"\\034\\022\\001a\\030\\001(\\0252\\023\\n\\nmax_length\\022\\00565535\\"\\023\\022\\001b(e2\\014\\n\\003dim\\022\\00532768\\"\\005\\022\\001a(\\005"\n', ['CreateCollection/schema/duplicate-field-name', 'Status/legacy-agrees'],
                           'reason: "Assert \\"!name_ids_.count(field_name)\\"  => duplicated field name at /workspace/milvus-lite/thirdparty/milvus/internal/core/src/common/Schema.h:226\\n: segcore error"\ncode: 2000\ndetail: "Assert \\"!name_ids_.count(field_name)\\"  => duplicated field name at /workspace/milvus-lite/thirdparty/milvus/internal/core/src/common/Schema.h:226\\n"\n'))
