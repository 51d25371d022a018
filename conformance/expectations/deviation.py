"""The two ways a case ends other than passing on purpose: a deviation, or not applicable to this server."""

from __future__ import annotations

from google.protobuf import text_format


def render_request(request) -> str:
    if request is None:
        return "(none)"
    text = text_format.MessageToString(request, as_utf8=True, use_short_repeated_primitives=True)
    return text.strip() or "(empty message)"


class Deviation(AssertionError):
    """The target answered differently from Milvus. Carries what is needed to reproduce it."""

    def __init__(self, rpc: str, rule: str, expected: str, actual: str, request=None):
        self.rpc = rpc
        self.rule = rule
        self.expected = expected
        self.actual = actual
        self.request_text = render_request(request)
        self.request_type = request.DESCRIPTOR.full_name if request is not None else ""
        super().__init__(self.describe())

    def describe(self) -> str:
        return (
            f"{self.rpc} deviates: {self.rule}\n"
            f"  expected: {self.expected}\n"
            f"  actual:   {self.actual}\n"
            f"  reproduce: {self.rpc}({self.request_type}) with\n"
            + "\n".join("    " + line for line in self.request_text.splitlines())
        )

    def to_dict(self) -> dict:
        return {
            "rpc": self.rpc,
            "rule": self.rule,
            "expected": self.expected,
            "actual": self.actual,
            "request_type": self.request_type,
            "request": self.request_text,
        }


class NotApplicable(Exception):
    """The case needs a server version or feature this target does not have."""
