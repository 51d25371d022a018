"""Expected statuses.

An expectation names the merr ``code`` current Milvus answers (0 = success), the evidence for it (Milvus
source or a probe of a real server), a short list of alternative codes where Milvus versions legitimately
differ, and what older Milvus versions answer (``before``). Matching asserts on the most precise field the
target provides: ``code`` when it is set, else the legacy ``error_code`` (servers that predate ``code``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..model import errors
from ..transport.recorder import status_of
from .deviation import Deviation
from .invariants import check_invariants
from .versions import CURRENT, ServerInfo


@dataclass(frozen=True)
class Outcome:
    code: int
    also: tuple[int, ...] = ()

    @property
    def codes(self) -> tuple[int, ...]:
        return (self.code, *self.also)

    def describe(self) -> str:
        if self.code == errors.SUCCESS and not self.also:
            return "Success (code 0, error_code Success)"
        names = " or ".join(f"{c} {errors.code_name(c)}" for c in self.codes)
        legacy = " or ".join(sorted({errors.legacy_name(errors.legacy_code(c)) for c in self.codes}))
        return f"code {names} (error_code {legacy})"


@dataclass(frozen=True)
class Expected:
    current: Outcome
    evidence: str
    history: tuple[tuple[str, Outcome], ...] = field(default=())

    @classmethod
    def success(cls, evidence: str) -> Expected:
        return cls(Outcome(errors.SUCCESS), evidence)

    @classmethod
    def error(cls, code: int, evidence: str, also: tuple[int, ...] = ()) -> Expected:
        if code == errors.SUCCESS:
            raise ValueError("an error expectation needs a non-zero code")
        return cls(Outcome(code, tuple(also)), evidence)

    @classmethod
    def from_rule(cls, rule) -> Expected:
        """The expectation for breaking one of the reference model's rules (a ``model.schema.Rule`` or a
        ``model.names.NameRule``): its code, its evidence, and what older releases answered."""
        label = getattr(rule, "id", None) or f"{rule.kind} name: {rule.violation}"
        expected = cls(Outcome(rule.code), f"{rule.evidence}; model rule {label}")
        for bound, code in rule.older:
            expected = expected.before(bound, code)
        return expected

    def before(self, version: str, code: int, also: tuple[int, ...] = ()) -> Expected:
        """Milvus releases older than ``version`` answer ``code`` instead (documented older behaviour)."""
        history = tuple(sorted((*self.history, (version, Outcome(code, tuple(also)))),
                               key=lambda item: tuple(int(p) for p in item[0].split("."))))
        return replace(self, history=history)

    def outcome_for(self, server: ServerInfo) -> Outcome:
        for bound, outcome in self.history:  # ascending: the narrowest matching range wins
            if server.older_than(bound):
                return outcome
        return self.current

    @property
    def is_success(self) -> bool:
        return self.current.code == errors.SUCCESS


OK = Expected.success("Milvus source: merr.Success() on every accepted request")


def describe_status(status) -> str:
    if status is None:
        return "no Status in the response"
    return (f"code {status.code} {errors.code_name(status.code)}, "
            f"error_code {errors.legacy_name(status.error_code)}, reason {status.reason!r}")


def matches(status, outcome: Outcome) -> bool:
    code = status.code if status is not None else 0
    legacy = status.error_code if status is not None else 0
    if outcome.code == errors.SUCCESS:
        return code == 0 and legacy == 0
    if code != 0:
        return code in outcome.codes
    # A server that predates the integer code: judge by the legacy error_code.
    return legacy != 0 and legacy in {errors.legacy_code(c) for c in outcome.codes}


def expect(response, expected: Expected, *, rpc: str, request, server: ServerInfo = CURRENT):
    """Check a raw response against an expectation, then the generic invariants; return its Status.

    The expected code is judged first: a wrong answer is the more useful finding than a legacy field that
    disagrees with it."""
    status = status_of(response)
    outcome = expected.outcome_for(server)
    if not matches(status, outcome):
        if outcome.code != errors.SUCCESS and (status is None or (status.code == 0 and status.error_code == 0)):
            rule = "accepted a request Milvus rejects"
        elif outcome.code == errors.SUCCESS:
            rule = "rejected a request Milvus accepts"
        else:
            rule = "wrong error code"
        raise Deviation(rpc, rule, f"{outcome.describe()} [{expected.evidence}]", describe_status(status), request)
    check_invariants(rpc, request, response)
    return status
