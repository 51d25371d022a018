"""The one shape every expectation has: a check with a stable ID, what current Milvus answers, what older
releases answered, a level, and the evidence for each.

A check is data. ``id`` is hierarchical and stable (``CreateCollection/schema/dim-out-of-range``): baselines,
reports and replays refer to it. ``answer`` is what current Milvus (master, the 3.0 line) sends back: the merr
``code`` (0 = success), the legacy ``error_code`` (by default ``oldCode(code)``), optionally a reason pattern
(judged at the lower ``recommended`` level, because message wording is not a contract) and whether the error
is classified as the caller's (``extra_info["is_input_error"]``). ``history`` says what releases older than a
bound answered, each entry with its own evidence. A check without an ``answer`` is a semantic property
(a result must match the oracle, a schema must be echoed): the case judges it and reports through it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import errors
from .evidence import Evidence

REQUIRED = "required"
RECOMMENDED = "recommended"
LEVELS = (REQUIRED, RECOMMENDED)

_ID = re.compile(r"^[A-Za-z][A-Za-z0-9]*(/[a-z0-9][a-z0-9-]*)+$")
_VERSION = re.compile(r"^\d+\.\d+\.\d+$")


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


def reason_pattern(template: str) -> re.Pattern:
    """A ``str.format`` template as a regex: literal text, each ``{placeholder}`` matching anything."""
    parts = re.split(r"\{[^{}]*\}", template)
    return re.compile(".*?".join(re.escape(p) for p in parts), re.S)


@dataclass(frozen=True)
class Answer:
    """What a server sends back. ``legacy`` None = Milvus's ``oldCode(code)``; ``reason`` is a template whose
    literal parts must appear in Status.reason; ``input_error`` True = Milvus marks it the caller's error."""

    code: int
    legacy: int | None = None
    reason: str | None = None
    input_error: bool = False

    @property
    def legacy_code(self) -> int:
        return errors.legacy_code(self.code) if self.legacy is None else self.legacy

    @property
    def is_success(self) -> bool:
        return self.code == errors.SUCCESS

    def describe(self) -> str:
        if self.is_success:
            return "Success (code 0, error_code Success)"
        return (f"code {self.code} {errors.code_name(self.code)} "
                f"(error_code {errors.legacy_name(self.legacy_code)})")


SUCCESS = Answer(errors.SUCCESS)


@dataclass(frozen=True)
class Alternative:
    """Another code a conforming server may answer. Only where released Milvus versions really differ or
    the source itself allows two answers; ``why`` says which."""

    code: int
    why: str

    def __post_init__(self):
        if len(self.why.strip()) < 20:
            raise ValueError(f"alternative code {self.code} needs a written reason")


@dataclass(frozen=True)
class Since:
    """Releases older than ``version`` answered ``earlier`` (0 = accepted) — documented older behaviour."""

    version: str
    earlier: Answer
    evidence: tuple[Evidence, ...]
    after: str | None = None  # the window's lower bound, for a change that reached one release line later
    also: tuple[Alternative, ...] = ()  # other answers those releases gave (e.g. per input type), each explained

    def __post_init__(self):
        for bound in (self.version, self.after or "0.0.0"):
            if not _VERSION.match(bound):
                raise ValueError(f"version bound {bound!r} is not X.Y.Z")
        if not self.evidence:
            raise ValueError(f"history entry before {self.version} has no evidence")


@dataclass(frozen=True)
class Check:
    id: str
    summary: str
    evidence: tuple[Evidence, ...]
    answer: Answer | None = None
    history: tuple[Since, ...] = ()
    alternatives: tuple[Alternative, ...] = ()
    level: str = REQUIRED
    rpcs: tuple[str, ...] = field(default=())  # () = the RPC named by the ID's first component
    since: str | None = None  # the first Milvus release the check applies to (None: every release)
    gap: str = ""  # why the current answer cites no master source (the master copy is not available), if so

    def __post_init__(self):
        if self.since is not None and not _VERSION.match(self.since):
            raise ValueError(f"{self.id}: since {self.since!r} is not X.Y.Z")
        if not _ID.match(self.id):
            raise ValueError(f"check ID {self.id!r} is not of the form Rpc/area/rule (lowercase, hyphens)")
        if self.level not in LEVELS:
            raise ValueError(f"{self.id}: level {self.level!r} is not one of {LEVELS}")
        if not self.evidence:
            raise ValueError(f"{self.id}: a check needs evidence")
        object.__setattr__(self, "history", tuple(sorted(
            self.history, key=lambda s: (version_key(s.version), version_key(s.after or "0.0.0")))))

    def applies(self, older_than) -> bool:
        """False on a Milvus known to be older than ``since`` (the behaviour did not exist yet)."""
        return self.since is None or not older_than(self.since)

    @property
    def rpc(self) -> str:
        return self.rpcs[0] if self.rpcs else self.id.split("/", 1)[0]

    @property
    def code(self) -> int:
        """The current code (status checks only)."""
        if self.answer is None:
            raise TypeError(f"{self.id} is a semantic check; it has no status code")
        return self.answer.code

    def answer_for(self, older_than) -> Answer | None:
        """The answer for a server; ``older_than(bound)`` says whether it is a Milvus older than ``bound``.
        The narrowest (oldest) matching bound wins."""
        for since in self.history:
            if older_than(since.version) and not (since.after and older_than(since.after)):
                return since.earlier
        return self.answer

    def codes_for(self, older_than) -> tuple[int, ...]:
        for since in self.history:
            if older_than(since.version) and not (since.after and older_than(since.after)):
                return (since.earlier.code, *(a.code for a in since.also))
        if self.answer is None:
            return ()
        return (self.answer.code, *(a.code for a in self.alternatives))

    def error(self, **fields) -> errors.MilvusError:
        """The MilvusError current Milvus raises for this check (the mock's answer); the reason template is
        filled from ``fields``."""
        if self.answer is None or self.answer.is_success:
            raise TypeError(f"{self.id} is not an error check")
        reason = self.answer.reason.format(**fields) if self.answer.reason else fields.get("reason", self.summary)
        return errors.MilvusError(self.answer.code, reason, legacy=self.answer.legacy,
                                  input_error=self.answer.input_error, check_id=self.id)


class Registry:
    """Every check of the suite by ID. IDs are unique; a check is defined once, where its family's facts are."""

    def __init__(self):
        self._checks: dict[str, Check] = {}

    def add(self, *checks: Check) -> tuple[Check, ...]:
        for check in checks:
            if check.id in self._checks:
                raise ValueError(f"check {check.id} is defined twice")
            self._checks[check.id] = check
        return checks

    def get(self, check_id: str) -> Check:
        try:
            return self._checks[check_id]
        except KeyError:
            raise KeyError(f"no check {check_id!r} is registered") from None

    def __contains__(self, check_id: str) -> bool:
        return check_id in self._checks

    def __iter__(self):
        return iter(self._checks.values())

    def __len__(self) -> int:
        return len(self._checks)

    def ids(self) -> list[str]:
        return sorted(self._checks)
