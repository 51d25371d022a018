"""Turn recorded calls into a standalone Python script that replays them against a target.

A failing case's minimal example (Hypothesis's final replay) becomes a script a server developer can run
without the suite's cases: raw requests in protobuf text format, sent through the generated stubs.
"""

from __future__ import annotations

from google.protobuf import text_format

from .recorder import CallRecord

_HEADER = '''#!/usr/bin/env python3
"""Replays {count} MilvusService call(s) recorded by milvus-conformance{what}.

    python replay.py [HOST:PORT]        (default {target})

Plain gRPC without TLS or credentials; add them to the channel if the target needs them.
"""

import sys

import grpc
from google.protobuf import text_format

from conformance.protocol import catalogue

target = sys.argv[1] if len(sys.argv) > 1 else {target!r}
channel = grpc.insecure_channel(target)


def call(rpc, text):
    info = catalogue.get(rpc)
    request = text_format.Parse(text, info.request_class()())
    reply = channel.unary_unary(info.path, request_serializer=type(request).SerializeToString,
                                response_deserializer=info.response_class().FromString)(request, timeout=30)
    status = reply if info.bare_status else getattr(reply, info.status_field or "", None)
    if status is not None:
        print(f"{{rpc}}: code={{status.code}} error_code={{status.error_code}} reason={{status.reason!r}}")
    else:
        print(f"{{rpc}}: {{type(reply).__name__}}")
    return reply

'''


def _literal(text: str) -> str:
    """A Python string literal for protobuf text; repr() keeps every byte escape exact."""
    return repr(text)


def to_python_script(records: list[CallRecord], *, target: str, what: str = "") -> str:
    lines = [_HEADER.format(count=len(records), target=target, what=f" ({what})" if what else "")]
    for record in records:
        text = text_format.MessageToString(record.request, as_utf8=False) if record.request is not None else ""
        outcome = record.grpc_code if record.grpc_code != "OK" else _status_summary(record)
        lines.append(f"# recorded answer: {outcome}")
        lines.append(f"call({record.method!r}, {_literal(text)})")
    return "\n".join(lines) + "\n"


def _status_summary(record: CallRecord) -> str:
    status = record.status
    if status is None:
        return "OK"
    return f"code={status.code} error_code={status.error_code}"
