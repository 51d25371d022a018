"""Hypothesis strategies for object names: valid names per kind and each class of invalid name.

Every generated name that could reach a mutating RPC carries the run token given as an argument, so the ORM's
guard (``Ledger.guard``) accepts it and the suite never touches objects it did not create — the empty name is
the one exception (it carries nothing). Field names are not objects and need no token.

Rules per kind come from :mod:`conformance.model.names` (``NAME_SPECS``, ``NAME_RULES``): collection and
alias names → 1100, fields → 1701, partitions and indexes → 65535, databases → 802.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from hypothesis import strategies as st

from ..model import names as rules
from ..model.limits import MAX_NAME_LENGTH
from ..model.rules import Check
from ._cache import memoized

KINDS = tuple(rules.NAME_SPECS)
VIOLATIONS = rules.VIOLATIONS

# Characters every kind accepts after the first one (partition names also take '-' in current Milvus, but
# 2.3.5 rejected it (probe E32), so valid-name strategies stay within the common set).
SAFE_REST = string.ascii_letters + string.digits + "_"
# Printable ASCII the name rules reject after the first character. Whitespace is only ever placed inside a
# name, never at its ends, because Milvus trims names before validating most kinds.
_PRINTABLE = "".join(c for c in string.printable if c not in "\t\n\r\x0b\x0c")


@dataclass(frozen=True)
class InvalidName:
    """A name breaking exactly one rule (``violation``) for ``kind``, and what Milvus answers for it."""

    kind: str
    violation: str
    name: str
    rule: Check  # the registered name check: what Milvus answers, with its evidence

    def __repr__(self) -> str:  # keep falsifying examples short
        shown = self.name if len(self.name) <= 40 else f"{self.name[:20]}...({len(self.name)} chars)"
        return f"InvalidName({self.kind}, {self.violation}, {shown!r})"


def _bad_rest_chars(kind: str) -> str:
    spec = rules.NAME_SPECS[kind]
    # '-' (partition names) and '[', ']' (index names) are accepted by current Milvus but were rejected by
    # older releases: never use them as "bad".
    return "".join(c for c in _PRINTABLE if c not in spec.rest_chars and c not in "-[]")


def _bad_first_chars(kind: str) -> str:
    spec = rules.NAME_SPECS[kind]
    return "".join(c for c in _PRINTABLE if c not in spec.first_chars and not c.isspace())


@memoized
def valid_names(token: str, kind: str = "collection", *, max_length: int = MAX_NAME_LENGTH) -> st.SearchStrategy[str]:
    """Valid ``kind`` names carrying ``token``: ``<prefix><token>__<suffix>``, up to ``max_length`` bytes
    (the 255-byte boundary is drawn on purpose). The double underscore keeps them apart from Ledger names."""
    spec = rules.NAME_SPECS[kind]
    prefixes = [""] + (["_"] if "_" in spec.first_chars else [])
    if not token or token[0] not in spec.first_chars:
        prefixes = [p for p in prefixes if p] or ["_"]

    @st.composite
    def build(draw) -> str:
        prefix = draw(st.sampled_from(prefixes))
        head = f"{prefix}{token}__"
        room = max_length - len(head)
        if room < 0:
            raise ValueError(f"token {token!r} too long for {kind} names")
        size = draw(st.one_of(st.integers(0, min(room, 24)), st.just(room)))
        return head + draw(st.text(SAFE_REST, min_size=size, max_size=size))

    return build()


@memoized
def field_names() -> st.SearchStrategy[str]:
    """Valid field names (no token: fields are not objects). Lower-case first letter, so never ``$meta``
    nor a leading underscore that some servers reserve for system fields; never an expression keyword."""
    return st.from_regex(r"[a-z][a-z0-9_]{0,15}", fullmatch=True).filter(
        lambda n: n not in rules.FIELD_KEYWORDS)


@memoized
def invalid_name(token: str, kind: str, violation: str) -> st.SearchStrategy[InvalidName]:
    """Names of ``kind`` breaking exactly ``violation`` (one of VIOLATIONS) and nothing checked earlier."""
    spec = rules.NAME_SPECS[kind]
    if violation not in rules.NAME_RULES[kind]:
        raise ValueError(f"{kind} names have no {violation!r} rule")
    if violation == rules.EMPTY:
        names = st.just("")
    elif violation == rules.TOO_LONG:
        start = token if token[0] in spec.first_chars else "_" + token
        names = st.builds(lambda n, fill: start + (fill * n)[: max(0, n - len(start))],
                          st.integers(MAX_NAME_LENGTH + 1, MAX_NAME_LENGTH + 64),
                          st.sampled_from(["x", "_", "9", "ab"]))
    elif violation == rules.BAD_FIRST_CHAR:
        names = st.builds(lambda c, tail: c + token + tail,
                          st.sampled_from(_bad_first_chars(kind)), st.text(SAFE_REST, max_size=8))
    elif violation == rules.BAD_CHAR:
        start = token if token[0] in spec.first_chars else "_" + token
        names = st.builds(lambda c, tail: start + c + tail,
                          st.sampled_from(_bad_rest_chars(kind)), st.text(SAFE_REST, min_size=1, max_size=8))
    elif violation == rules.KEYWORD:
        names = st.sampled_from(sorted(k for k in spec.keywords if rules.violation(kind, k) == rules.KEYWORD))
    else:  # pragma: no cover - guarded above
        raise ValueError(violation)
    rule = rules.NAME_RULES[kind][violation]
    return names.map(lambda n: InvalidName(kind, violation, n, rule))


def violations_of(kind: str) -> tuple[str, ...]:
    """The name rules ``kind`` has (VIOLATIONS order): what a case sends one by one."""
    return tuple(v for v in VIOLATIONS if v in rules.NAME_RULES[kind])


@memoized
def invalid_names(token: str, kind: str = "collection") -> st.SearchStrategy[InvalidName]:
    """Any invalid ``kind`` name (every violation class the kind has), labelled with its violation."""
    return st.one_of([invalid_name(token, kind, v) for v in VIOLATIONS if v in rules.NAME_RULES[kind]])


def boundary_names(token: str, kind: str = "collection") -> tuple[str, str]:
    """(the longest valid name, the shortest too-long name) for ``kind``, both carrying ``token``."""
    base = token + "__"
    return base + "x" * (MAX_NAME_LENGTH - len(base)), base + "x" * (MAX_NAME_LENGTH + 1 - len(base))
