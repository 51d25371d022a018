"""Judging one response against one registered check: every failed check is reported, not just the first.

Per response: the Status must be present; the expected code (version-aware, from the check's history) must
match, judged on ``code`` when the server sets it and on the legacy ``error_code`` for servers predating it;
then the generic invariants (reason on errors, ``error_code`` = ``oldCode(code)``) and, one level lower, the
reason text and the input-error classification. Required findings make a deviation; recommended ones are
advisories.
"""

from __future__ import annotations

from ..model import errors
from ..model.rules import Check, rules
from ..model.rules.core import RECOMMENDED, REQUIRED, Answer, reason_pattern
from ..transport.recorder import status_of
from .deviation import Finding
from .invariants import invariant_findings
from .versions import CURRENT, ServerInfo


def describe_status(status) -> str:
    if status is None:
        return "no Status in the response"
    return (f"code {status.code} {errors.code_name(status.code)}, "
            f"error_code {errors.legacy_name(status.error_code)}, reason {status.reason!r}")


def describe_codes(codes: tuple[int, ...]) -> str:
    answers = [Answer(c) for c in codes]
    if len(answers) == 1:
        return answers[0].describe()
    return " or ".join(a.describe() for a in answers)


def code_matches(status, codes: tuple[int, ...]) -> bool:
    code = status.code if status is not None else 0
    legacy = status.error_code if status is not None else 0
    if code == 0 and legacy == 0:
        return errors.SUCCESS in codes
    if codes == (errors.SUCCESS,):
        return False
    if code != 0:
        return code in codes
    # A server that predates the integer code reports only the legacy error_code.
    return legacy != 0 and legacy in {errors.legacy_code(c) for c in codes if c}


def _code_finding(check: Check, rpc: str, status, codes: tuple[int, ...]) -> Finding | None:
    if code_matches(status, codes):
        return None
    return Finding(check.id, check.level, rpc, describe_codes(codes), describe_status(status),
                   "; ".join(e.describe() for e in check.evidence))


def _reason_finding(check: Check, rpc: str, status, answer: Answer) -> Finding | None:
    if not answer.reason or status is None or status.code != answer.code:
        return None
    pattern = reason_pattern(answer.reason)
    if pattern.search(status.reason) or pattern.search(status.detail):
        return None
    return Finding(f"{check.id}/reason", RECOMMENDED, rpc, f"a reason like {answer.reason!r}",
                   f"reason {status.reason!r}", "; ".join(e.describe() for e in check.evidence))


def _input_error_finding(rpc: str, status, answer: Answer, server: ServerInfo) -> Finding | None:
    marked = rules.get("Status/input-error-marked")
    if not answer.input_error or status is None or status.code != answer.code:
        return None
    if not marked.applies(server.older_than):  # releases before the classification existed
        return None
    if status.extra_info.get("is_input_error") == "true":
        return None
    return Finding(marked.id, marked.level, rpc, 'extra_info {"is_input_error": "true"}',
                   f"extra_info {dict(status.extra_info)!r}", "; ".join(e.describe() for e in marked.evidence))


def judge(response, check: Check, *, rpc: str, server: ServerInfo = CURRENT) -> tuple[object, list[Finding]]:
    """The response's Status and every finding against ``check`` and the generic invariants."""
    if check.answer is None:
        raise TypeError(f"{check.id} is a semantic check; judge it in the case and report with check.fail")
    status = status_of(response)
    answer = check.answer_for(server.older_than)
    findings: list[Finding] = []
    presence = [f for f in invariant_findings(rpc, response) if f.check == "Status/present"]
    if presence:
        return status, presence
    code = _code_finding(check, rpc, status, check.codes_for(server.older_than))
    if code is not None:
        findings.append(code)
    findings += invariant_findings(rpc, response)
    if code is None:
        for extra in (_reason_finding(check, rpc, status, answer), _input_error_finding(rpc, status, answer, server)):
            if extra is not None:
                findings.append(extra)
    return status, findings


def split_levels(findings: list[Finding]) -> tuple[list[Finding], list[Finding]]:
    required = [f for f in findings if f.level == REQUIRED]
    return required, [f for f in findings if f.level != REQUIRED]
