"""How a case ends other than conforming: a deviation (one or more failed checks on one response), or not
applicable to this server."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from google.protobuf import text_format

MAX_REQUEST_TEXT = 8000  # a report shows this much of a request; the replay script holds all of it


def render_request(request, limit: int | None = MAX_REQUEST_TEXT) -> str:
    if request is None:
        return "(none)"
    text = text_format.MessageToString(request, as_utf8=True, use_short_repeated_primitives=True).strip()
    if limit is not None and len(text) > limit:
        text = text[:limit] + f"\n... ({len(text) - limit} more characters; the replay script has the whole request)"
    return text or "(empty message)"


def _short(text: str, limit: int = 2000) -> str:
    return text if len(text) <= limit else text[:limit] + f"... ({len(text) - limit} more characters)"


@dataclass(frozen=True)
class Finding:
    """One failed check: its stable ID and level, the RPC that answered, what was expected (with the
    evidence) and what came back."""

    check: str
    level: str
    rpc: str
    expected: str
    actual: str
    evidence: str = ""

    def to_dict(self) -> dict:
        return {k: _short(v) if isinstance(v, str) else v for k, v in asdict(self).items()}


class Deviation(AssertionError):
    """The target answered differently from Milvus: every failed check on one response, and the request
    that reproduces it."""

    def __init__(self, findings, request=None, seq: int | None = None):
        self.seq = seq  # the recorder's sequence number of the call that answered, when known
        self.findings: list[Finding] = list(findings)
        if not self.findings:
            raise ValueError("a deviation needs at least one failed check")
        self.request_text = render_request(request)
        self.request_type = request.DESCRIPTOR.full_name if request is not None else ""
        super().__init__(self.describe())

    @property
    def rpc(self) -> str:
        return self.findings[0].rpc

    @property
    def check_ids(self) -> list[str]:
        return list(dict.fromkeys(f.check for f in self.findings))

    def describe(self) -> str:
        lines = [f"{self.rpc} deviates:"]
        for f in self.findings:
            lines += [f"  [{f.level}] {f.check}", f"    expected: {_short(f.expected)}", f"    actual:   {_short(f.actual)}"]
            if f.evidence:
                lines.append(f"    evidence: {f.evidence}")
        lines.append(f"  reproduce: {self.rpc}({self.request_type}) with")
        lines += ["    " + line for line in self.request_text.splitlines()]
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {
            "rpc": self.rpc,
            "checks": self.check_ids,
            "findings": [f.to_dict() for f in self.findings],
            "request_type": self.request_type,
            "request": self.request_text,
            "seq": self.seq,
        }


class NotApplicable(Exception):
    """The case needs a server version or feature this target does not have (or declares it lacks)."""
