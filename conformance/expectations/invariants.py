"""Generic invariants every MilvusService response must satisfy, whatever the request.

- a Status is present (for responses that carry one);
- an error carries a non-empty reason;
- ``code`` and ``error_code`` agree: both zero, or ``error_code`` is the legacy value Milvus's ``oldCode``
  gives for ``code`` (plus the few documented exceptions below).
The fourth invariant, "a well-formed request never ends in a gRPC transport error", is enforced where calls
are made (a transport error raised out of a case is a deviation).
"""

from __future__ import annotations

from ..model import errors
from ..protocol import catalogue, common_pb2
from ..transport.recorder import status_of
from .deviation import Deviation

E = common_pb2.ErrorCode

# Exceptions to oldCode that Milvus itself makes, by RPC: {rpc: {code: {extra legacy values}}}.
_LEGACY_EXCEPTIONS: dict[str, dict[int, set[int]]] = {
    # internal/proxy/task.go rewrites DescribeCollection's not-found "for compatibility with PyMilvus".
    "DescribeCollection": {errors.COLLECTION_NOT_FOUND: {E.UnexpectedError}},
    # RBAC DDL in 2.3.5 reports its legacy failure codes with 65535 (probe E43, E45, E46).
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


def invariant_violation(rpc: str, response) -> tuple[str, str, str] | None:
    """(rule, expected, actual) for the first invariant the response breaks, else None."""
    if response is None:
        return None
    if not isinstance(response, common_pb2.Status):
        try:
            field = catalogue.get(rpc).status_field
        except KeyError:
            field = None
        if field is None:
            return None
        if not response.HasField(field):
            return ("status missing", f"a Status in field {field!r}", "the field is absent")
    status = status_of(response)
    if status is None:
        return None
    failed = status.code != 0 or status.error_code != 0
    if failed and not status.reason.strip():
        return ("error without a reason", "a non-empty reason with every error",
                f"code {status.code}, error_code {errors.legacy_name(status.error_code)}, empty reason")
    if (status.code == 0) != (status.error_code == 0):
        return ("code and error_code disagree", "both zero, or both set (error_code = oldCode(code))",
                f"code {status.code}, error_code {errors.legacy_name(status.error_code)}")
    if status.code != 0 and status.error_code not in allowed_legacy(rpc, status.code):
        want = " or ".join(sorted(errors.legacy_name(c) for c in allowed_legacy(rpc, status.code)))
        return ("code and error_code disagree", f"error_code {want} for code {status.code}",
                f"error_code {errors.legacy_name(status.error_code)}")
    return None


def check_invariants(rpc: str, request, response) -> None:
    violation = invariant_violation(rpc, response)
    if violation is not None:
        rule, expected, actual = violation
        raise Deviation(rpc, rule, expected, actual, request)
