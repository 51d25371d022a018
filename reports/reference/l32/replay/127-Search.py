#!/usr/bin/env python3
"""Replays 1 MilvusService call(s) recorded by milvus-conformance (test_search_features.py::test_search_template_values_equal_inlined[s in ["s0", "s3"] and f < 2.5]).

    python <this file> [HOST:PORT]        (default 127.0.0.1:19542)

Plain gRPC without TLS or credentials; needs milvus-conformance installed (for the pinned stubs).
"""

import sys

from conformance.transport.replay import Replayer

call = Replayer(sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1:19542')

# recorded answer: code=6 error_code=6
call('Search', 'collection_name: "mc825fe195_c1055"\ndsl: "s in {ss} and f < {x}"\nplaceholder_group: "\\n<\\n\\002$0\\020e\\032\\020\\000\\000\\000?\\000\\000\\200\\277\\000\\000\\200>\\000\\000\\000@\\032\\020\\000\\000\\000\\300\\000\\000\\000\\000\\000\\000\\200?\\000\\000\\340?\\032\\020\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\\200>"\ndsl_type: BoolExprV1\nsearch_params {\n  key: "anns_field"\n  value: "vec"\n}\nsearch_params {\n  key: "topk"\n  value: "6"\n}\nsearch_params {\n  key: "params"\n  value: "{}"\n}\nsearch_params {\n  key: "round_decimal"\n  value: "-1"\n}\nsearch_params {\n  key: "metric_type"\n  value: "L2"\n}\nnq: 3\nexpr_template_values {\n  key: "ss"\n  value {\n    array_val {\n      string_data {\n        data: "s0"\n        data: "s3"\n      }\n    }\n  }\n}\nexpr_template_values {\n  key: "x"\n  value {\n    float_val: 2.5\n  }\n}\n')
