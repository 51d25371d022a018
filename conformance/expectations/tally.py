"""What a case actually judged: every check applied to a response, passed or failed, by RPC.

Coverage is credited from this tally, never from what a case declares: an RPC counts as judged in a run only
when some case sent it and held the answer to a registered check. The plugin opens a fresh tally around each
case body (``collecting``); ``verify`` and the checker record into it.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..model.rules import Check, rules
from ..model.rules.core import REQUIRED
from ..protocol import common_pb2
from .deviation import Deviation, Finding

MAX_CODES = 8


@dataclass
class CheckTally:
    rpc: str
    passed: int = 0
    failed: int = 0
    codes: dict[str, int] = field(default_factory=dict)  # observed Status code -> count (status checks)

    def to_dict(self) -> dict:
        return {"rpc": self.rpc, "passed": self.passed, "failed": self.failed, "codes": dict(self.codes)}


@dataclass
class Tally:
    checks: dict[str, CheckTally] = field(default_factory=dict)
    advisories: list[Finding] = field(default_factory=list)

    def record(self, check_id: str, rpc: str, ok: bool, code: int | None = None) -> None:
        entry = self.checks.setdefault(check_id, CheckTally(rpc))
        if ok:
            entry.passed += 1
        else:
            entry.failed += 1
        if code is not None and (str(code) in entry.codes or len(entry.codes) < MAX_CODES):
            entry.codes[str(code)] = entry.codes.get(str(code), 0) + 1

    def advise(self, findings: list[Finding]) -> None:
        for f in findings:
            if f not in self.advisories:
                self.advisories.append(f)

    def rpcs(self) -> list[str]:
        return sorted({t.rpc for t in self.checks.values()})

    def to_dict(self) -> dict:
        return {cid: t.to_dict() for cid, t in sorted(self.checks.items())}


_current: contextvars.ContextVar[Tally | None] = contextvars.ContextVar("conformance_tally", default=None)


@contextlib.contextmanager
def collecting() -> Iterator[Tally]:
    tally = Tally()
    token = _current.set(tally)
    try:
        yield tally
    finally:
        _current.reset(token)


def current() -> Tally:
    """The open tally, or a throwaway one outside a case (helpers used from tests or scripts)."""
    tally = _current.get()
    return tally if tally is not None else Tally()


def as_check(check: Check | str) -> Check:
    return check if isinstance(check, Check) else rules.get(check)


def verify_refused(check: Check | str, reply, request=None) -> None:
    """Judge a semantic "refused" check: Milvus answers an error whose code is not pinned (the check's evidence
    says why), so any non-zero code holds."""
    status = reply if isinstance(reply, common_pb2.Status) else reply.status
    verify(check, status.code != 0, expected="an error Status (refused)",
           actual=f"code {status.code} {status.reason!r}", request=request)


def verify(check: Check | str, ok: bool, *, expected: str, actual: str, request=None, rpc: str | None = None) -> None:
    """Judge a semantic property: record it, and raise a Deviation through ``check`` when it does not hold."""
    check = as_check(check)
    rpc = rpc or check.rpc
    current().record(check.id, rpc, ok)
    if ok:
        return
    finding = Finding(check.id, check.level, rpc, expected, actual, "; ".join(e.describe() for e in check.evidence))
    if check.level == REQUIRED:
        raise Deviation([finding], request)
    current().advise([finding])
