"""The registry instance and the helpers family modules declare their checks with."""

from __future__ import annotations

from .. import errors
from .core import REQUIRED, SUCCESS, Alternative, Answer, Check, Registry, Since
from .evidence import Evidence

rules = Registry()


def _tuple(evidence) -> tuple[Evidence, ...]:
    return tuple(evidence) if isinstance(evidence, (list, tuple)) else (evidence,)


def was(version: str, code: int, *evidence: Evidence, reason: str | None = None, after: str | None = None,
        also: tuple[tuple[int, str], ...] = ()) -> Since:
    """History: releases older than ``version`` (and, with ``after``, not older than ``after``: one release
    line's window) answered ``code`` (0 = accepted); ``also`` = other (code, why) they gave, e.g. per input."""
    return Since(version, Answer(code, reason=reason), tuple(evidence), after=after,
                 also=tuple(Alternative(c, why) for c, why in also))


def error(check_id: str, summary: str, code: int, reason: str | None = None, *, evidence,
          history: tuple[Since, ...] = (), legacy: int | None = None, input_error: bool | None = None,
          alternatives: tuple[Alternative, ...] = (), level: str = REQUIRED, rpcs: tuple[str, ...] = (),
          since: str | None = None, gap: str = "") -> Check:
    if code == errors.SUCCESS:
        raise ValueError(f"{check_id}: an error check needs a non-zero code")
    if input_error is None:
        input_error = code in errors.INPUT_ERROR_CODES
    check = Check(check_id, summary, _tuple(evidence),
                  Answer(code, legacy=legacy, reason=reason, input_error=input_error),
                  history=history, alternatives=alternatives, level=level, rpcs=rpcs, since=since, gap=gap)
    rules.add(check)
    return check


def success(check_id: str, summary: str, *, evidence, history: tuple[Since, ...] = (),
            rpcs: tuple[str, ...] = (), since: str | None = None, gap: str = "") -> Check:
    check = Check(check_id, summary, _tuple(evidence), SUCCESS, history=history, rpcs=rpcs, since=since, gap=gap)
    rules.add(check)
    return check


def semantic(check_id: str, summary: str, *, evidence, level: str = REQUIRED, rpcs: tuple[str, ...] = (),
             since: str | None = None, gap: str = "") -> Check:
    """A property of a response's content (results, echoes, counts), judged by the case."""
    check = Check(check_id, summary, _tuple(evidence), None, level=level, rpcs=rpcs, since=since, gap=gap)
    rules.add(check)
    return check


def rpc_since(rpc: str) -> str | None:
    """The first Milvus release a case of ``rpc`` can expect it in: the earliest ``since`` among its checks
    (privilege and authentication checks aside, which hold for any RPC), None when one of them applies to every
    release. Cases that exercise an RPC generically (the privilege pairs) are not applicable on older servers."""
    from .core import version_key

    bounds = [c.since for c in rules if c.rpc == rpc and "/privilege/" not in c.id and "/auth/" not in c.id]
    if not bounds or None in bounds:
        return None
    return min(bounds, key=version_key)
