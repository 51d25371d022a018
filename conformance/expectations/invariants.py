"""Generic invariants every MilvusService response must satisfy, whatever the request, each a registered
check (``Status/...``):

- ``Status/present``: a Status is present (for responses that carry one);
- ``Status/reason-on-error``: an error carries a non-empty reason;
- ``Status/legacy-agrees``: ``code`` and ``error_code`` agree: both zero, or ``error_code`` is the legacy value
  Milvus's ``oldCode`` gives for ``code`` (plus the documented per-RPC exceptions below).
"A well-formed request never ends in a gRPC transport error" is enforced where calls are made.
"""

from __future__ import annotations

from ..model import errors
from ..model.rules import rules
from ..protocol import catalogue, common_pb2
from ..transport.recorder import status_of
from .deviation import Deviation, Finding

E = common_pb2.ErrorCode

# Exceptions to oldCode that Milvus itself makes, by RPC: {rpc: {code: {extra legacy values}}}.
_LEGACY_EXCEPTIONS: dict[str, dict[int, set[int]]] = {
    # The proxy rewrites DescribeCollection's not-found "for compatibility with PyMilvus" (check
    # DescribeCollection/missing-collection carries the evidence).
    "DescribeCollection": {errors.COLLECTION_NOT_FOUND: {E.UnexpectedError}},
    # RBAC DDL in 2.3.5 reports its legacy failure codes with 65535 (observed on milvus-2.3.5).
    "CreateCredential": {errors.UNEXPECTED: {E.CreateCredentialFailure}},
    "UpdateCredential": {errors.UNEXPECTED: {E.UpdateCredentialFailure}},
    "DeleteCredential": {errors.UNEXPECTED: {E.DeleteCredentialFailure}},
    "CreateRole": {errors.UNEXPECTED: {E.CreateRoleFailure}},
    "DropRole": {errors.UNEXPECTED: {E.DropRoleFailure}},
    "OperateUserRole": {errors.UNEXPECTED: {E.OperateUserRoleFailure}},
    "OperatePrivilege": {errors.UNEXPECTED: {E.OperatePrivilegeFailure}},
    "SelectRole": {errors.UNEXPECTED: {E.SelectRoleFailure}},
    "SelectUser": {errors.UNEXPECTED: {E.SelectUserFailure}},
    "SelectGrant": {errors.UNEXPECTED: {E.SelectGrantFailure}},
}


def allowed_legacy(rpc: str, code: int) -> set[int]:
    return {errors.legacy_code(code)} | _LEGACY_EXCEPTIONS.get(rpc, {}).get(code, set())


def _finding(check_id: str, rpc: str, expected: str, actual: str) -> Finding:
    check = rules.get(check_id)
    return Finding(check.id, check.level, rpc, expected, actual, "; ".join(e.describe() for e in check.evidence))


def invariant_findings(rpc: str, response) -> list[Finding]:
    """Every generic invariant the response breaks (empty when it conforms)."""
    if response is None:
        return []
    if not isinstance(response, common_pb2.Status):
        try:
            field = catalogue.get(rpc).status_field
        except KeyError:
            field = None
        if field is None:
            return []
        if not response.HasField(field):
            return [_finding("Status/present", rpc, f"a Status in field {field!r}", "the field is absent")]
    status = status_of(response)
    if status is None:
        return []
    out = []
    failed = status.code != 0 or status.error_code != 0
    if failed and not status.reason.strip():
        out.append(_finding("Status/reason-on-error", rpc, "a non-empty reason with every error",
                            f"code {status.code}, error_code {errors.legacy_name(status.error_code)}, empty reason"))
    if (status.code == 0) != (status.error_code == 0):
        out.append(_finding("Status/legacy-agrees", rpc, "both zero, or both set (error_code = oldCode(code))",
                            f"code {status.code}, error_code {errors.legacy_name(status.error_code)}"))
    elif status.code != 0 and status.error_code not in allowed_legacy(rpc, status.code):
        want = " or ".join(sorted(errors.legacy_name(c) for c in allowed_legacy(rpc, status.code)))
        out.append(_finding("Status/legacy-agrees", rpc, f"error_code {want} for code {status.code}",
                            f"error_code {errors.legacy_name(status.error_code)}"))
    return out


def check_invariants(rpc: str, request, response) -> None:
    findings = invariant_findings(rpc, response)
    if findings:
        raise Deviation(findings, request)
