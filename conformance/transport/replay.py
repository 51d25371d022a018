"""Recorded calls as a standalone script, and the small player such scripts use.

A failing case's minimal example (Hypothesis's final replay) becomes a script a server developer can run
without the suite's cases: raw requests in protobuf text format, sent by :class:`Replayer` through plain gRPC.
"""

from __future__ import annotations

import grpc
from google.protobuf import text_format

from ..protocol import catalogue
from .recorder import CallRecord, status_of

_HEADER = '''#!/usr/bin/env python3
"""Replays {count} MilvusService call(s) recorded by milvus-conformance{what}.

    python <this file> [HOST:PORT]        (default {target})

Plain gRPC without TLS or credentials; needs milvus-conformance installed (for the pinned stubs).
"""

import sys

from conformance.transport.replay import Replayer

call = Replayer(sys.argv[1] if len(sys.argv) > 1 else {target!r})
'''


class Replayer:
    """``call(rpc, request_text)``: send one request given in protobuf text format and print its Status."""

    def __init__(self, target: str, timeout: float = 30.0):
        self.channel = grpc.insecure_channel(target)
        self.timeout = timeout

    def __call__(self, rpc: str, text: str):
        info = catalogue.get(rpc)
        request = text_format.Parse(text, info.request_class()())
        method = self.channel.unary_unary(info.path, request_serializer=type(request).SerializeToString,
                                          response_deserializer=info.response_class().FromString)
        reply = method(request, timeout=self.timeout)
        status = status_of(reply)
        if status is not None:
            print(f"{rpc}: code={status.code} error_code={status.error_code} reason={status.reason!r}")
        else:
            print(f"{rpc}: {type(reply).__name__}")
        return reply


def to_python_script(records: list[CallRecord], *, target: str, what: str = "") -> str:
    lines = [_HEADER.format(count=len(records), target=target, what=f" ({what})" if what else "")]
    for record in records:
        text = text_format.MessageToString(record.request, as_utf8=False) if record.request is not None else ""
        lines.append(f"# recorded answer: {_answer(record)}")
        lines.append(f"call({record.method!r}, {text!r})")
    return "\n".join(lines) + "\n"


def _answer(record: CallRecord) -> str:
    if record.grpc_code != "OK":
        return record.grpc_code
    status = record.status
    return "OK" if status is None else f"code={status.code} error_code={status.error_code}"
