"""Judging a response against registered checks: every failed check reported, version history, levels, the
generic invariants and what the target is."""

from __future__ import annotations

import grpc
import pytest

from conformance.expectations import ServerInfo, Version, judge, probe_server
from conformance.expectations.invariants import invariant_findings
from conformance.model import errors
from conformance.model.rules import Alternative, Answer, Change, Check, Since, master, rules
from conformance.model.rules.core import RECOMMENDED, REQUIRED
from conformance.protocol import common_pb2, milvus_pb2
from conformance.transport import RpcTransportError, RpcUnimplemented

E = common_pb2.ErrorCode
EV = (master("internal/proxy/ddl/task.go", "test"),)
CURRENT = ServerInfo.from_reported(None)


def status(code=0, legacy=0, reason="", **extra):
    return common_pb2.Status(code=code, error_code=legacy, reason=reason, **extra)


def error_check(code=1100, history=(), reason=None, input_error=False, alternatives=()):
    return Check("CreateCollection/test/rule", "a test rule", EV, Answer(code, reason=reason, input_error=input_error),
                 history=history, alternatives=alternatives)


def ids(findings):
    return [f.check for f in findings]


def test_success_matches_only_a_clean_status():
    ok = Check("DropCollection/test/ok", "ok", EV, Answer(0))
    assert judge(status(), ok, rpc="DropCollection")[1] == []
    assert ids(judge(status(1100, E.IllegalArgument, "bad"), ok, rpc="DropCollection")[1]) == ["DropCollection/test/ok"]


def test_wrong_code_is_reported_with_evidence_and_level():
    (finding,) = judge(status(65535, E.UnexpectedError, "plain"), error_check(), rpc="CreateCollection")[1]
    assert finding.check == "CreateCollection/test/rule" and finding.level == REQUIRED
    assert "1100" in finding.expected and "65535" in finding.actual
    assert "internal/proxy/ddl/task.go" in finding.evidence


def test_one_response_gets_every_failed_check():
    # Right code, legacy field Success: only the legacy invariant fails, not "expected 1100".
    assert ids(judge(status(1100, E.Success, "bad"), error_check(), rpc="CreateCollection")[1]) == \
        ["Status/legacy-agrees"]
    # Wrong code and an empty reason: both reported.
    assert ids(judge(status(65535, E.UnexpectedError, ""), error_check(), rpc="CreateCollection")[1]) == \
        ["CreateCollection/test/rule", "Status/reason-on-error"]


def test_accepting_an_invalid_request_is_a_deviation():
    assert ids(judge(status(), error_check(), rpc="CreateCollection")[1]) == ["CreateCollection/test/rule"]


def test_servers_without_integer_code_are_judged_by_legacy_error_code():
    check = error_check(errors.COLLECTION_NOT_FOUND)
    findings = judge(status(0, E.CollectionNotExists, "nf"), check, rpc="CreateCollection")[1]
    assert ids(findings) == ["Status/legacy-agrees"]  # the code matched; the fields still disagree
    assert "CreateCollection/test/rule" in ids(judge(status(0, E.IllegalArgument, "x"), check,
                                                     rpc="CreateCollection")[1])


def test_history_picks_the_narrowest_range_and_windows():
    ev = (Change("test", "x"),)
    check = error_check(history=(Since("2.4.0", Answer(0), ev), Since("2.2.0", Answer(65535), ev),
                                 Since("2.5.5", Answer(0), ev, after="2.5.0")))
    code = lambda reported: check.answer_for(ServerInfo.from_reported(reported).older_than).code  # noqa: E731
    assert code("v2.3.5-lite") == 0
    assert code("v2.1.0") == 65535
    assert code("v2.4.9") == 1100
    assert code("v2.5.2") == 0  # the 2.5 line got the change later
    assert code("v2.5.5") == 1100 and code("v2.6.1") == 1100
    # Unknown servers are held to the current protocol; a declared version is used.
    assert code("milvus_lite-3.2.2") == 1100 and code(None) == 1100
    assert check.answer_for(ServerInfo.from_reported("lite", assume="2.3.5").older_than).code == 0


def test_alternatives_need_a_written_reason():
    with pytest.raises(ValueError, match="written reason"):
        Alternative(1100, "maybe")
    check = error_check(alternatives=(Alternative(65535, "the 2.6 line answers 65535 and master is not stored"),))
    assert judge(status(65535, E.UnexpectedError, "x"), check, rpc="CreateCollection")[1] == []


def test_a_history_window_may_allow_success_or_an_error():
    ev = (Change("test", "x"),)
    check = error_check(history=(Since("2.5.0", Answer(0), ev, also=(Alternative(65535, "per input type: vectors "
                                                                                     "were refused, floats not"),)),))
    old = ServerInfo.from_reported("v2.3.5")
    assert judge(status(), check, rpc="Insert", server=old)[1] == []
    assert judge(status(65535, E.UnexpectedError, "nan"), check, rpc="Insert", server=old)[1] == []
    assert judge(status(), check, rpc="Insert")[1]  # current Milvus refuses


def test_checks_refuse_bad_shapes():
    with pytest.raises(ValueError, match="Rpc/area/rule"):
        Check("create collection", "x", EV, Answer(1))
    with pytest.raises(ValueError, match="evidence"):
        Check("CreateCollection/x", "x", (), Answer(1))
    with pytest.raises(ValueError, match="X.Y.Z"):
        Since("2.4", Answer(0), EV)
    with pytest.raises(ValueError, match="evidence"):
        Since("2.4.0", Answer(0), ())


def test_reason_is_judged_at_the_recommended_level():
    check = error_check(reason="maximum shards's number should be limited to {max}: invalid parameter")
    good = status(1100, E.IllegalArgument, "maximum shards's number should be limited to 16: invalid parameter")
    assert judge(good, check, rpc="CreateCollection")[1] == []
    (finding,) = judge(status(1100, E.IllegalArgument, "too many shards"), check, rpc="CreateCollection")[1]
    assert finding.check == "CreateCollection/test/rule/reason" and finding.level == RECOMMENDED


def test_input_error_marking_is_recommended_and_version_aware():
    check = error_check(input_error=True)
    unmarked = status(1100, E.IllegalArgument, "bad")
    marked = status(1100, E.IllegalArgument, "bad", extra_info={"is_input_error": "true"})
    (finding,) = judge(unmarked, check, rpc="CreateCollection")[1]
    assert finding.check == "Status/input-error-marked" and finding.level == RECOMMENDED
    assert judge(marked, check, rpc="CreateCollection")[1] == []
    old = ServerInfo.from_reported("v2.3.5")
    assert judge(unmarked, check, rpc="CreateCollection", server=old)[1] == []


def test_version_parsing_and_declarations():
    assert Version.parse("v2.3.5-lite") == Version(2, 3, 5)
    assert Version.parse("2.6.0-rc1") < Version.parse("v2.6.1")
    with pytest.raises(ValueError):
        Version.parse("milvus_lite-3.2.2")
    lite = ServerInfo.from_reported("milvus_lite-3.2.2", assume="2.4.3", without=frozenset({"int8_vector"}))
    assert lite.assumed and str(lite.version) == "2.4.3"
    assert lite.has("sparse_vector") and not lite.has("int8_vector") and not lite.has("nullable")
    assert "declared" in lite.describe()
    with pytest.raises(ValueError, match="unknown feature"):
        ServerInfo.from_reported(None, without=frozenset({"teleportation"}))


class _Conn:
    def __init__(self, exc=None, version="v2.3.5"):
        self.exc, self.version = exc, version

    def call(self, rpc, request=None):
        if self.exc:
            raise self.exc
        return milvus_pb2.GetVersionResponse(status=status(), version=self.version)


def test_only_unimplemented_means_no_version():
    assert probe_server(_Conn()).version == Version(2, 3, 5)
    assert probe_server(_Conn(RpcUnimplemented("GetVersion", grpc.StatusCode.UNIMPLEMENTED, ""))).reported is None
    with pytest.raises(RpcTransportError):
        probe_server(_Conn(RpcTransportError("GetVersion", grpc.StatusCode.UNAUTHENTICATED, "bad token")))


@pytest.mark.parametrize(
    ("rpc", "response", "check"),
    [
        ("HasCollection", milvus_pb2.BoolResponse(value=True), "Status/present"),
        ("DropCollection", status(1100, E.IllegalArgument, ""), "Status/reason-on-error"),
        ("DropCollection", status(1100, E.Success, "bad"), "Status/legacy-agrees"),  # lite 2.5.1 style
        ("DropCollection", status(0, E.IllegalArgument, "bad"), "Status/legacy-agrees"),
        ("DropCollection", status(1100, 6, "bad"), "Status/legacy-agrees"),  # lite 3.2.2 style
        ("DescribeCollection", milvus_pb2.DescribeCollectionResponse(
            status=status(100, E.IllegalArgument, "x")), "Status/legacy-agrees"),
    ],
)
def test_invariant_violations(rpc, response, check):
    assert ids(invariant_findings(rpc, response)) == [check]
    assert check in rules


@pytest.mark.parametrize(
    ("rpc", "response"),
    [
        ("HasCollection", milvus_pb2.BoolResponse(status=status(), value=False)),
        ("DropCollection", status(65535, E.UnexpectedError, "plain error")),
        ("CreateCollection", status(1101, E.IllegalArgument, "missing parameter")),  # master oldCode
        ("DescribeCollection", milvus_pb2.DescribeCollectionResponse(
            status=status(100, E.UnexpectedError, "can't find collection"))),  # the 2.4-2.6 lines' rewrite
        ("DescribeCollection", milvus_pb2.DescribeCollectionResponse(
            status=status(100, E.CollectionNotExists, "collection not found"))),
        ("CreateRole", status(65535, E.CreateRoleFailure, "role exists")),
        ("Dummy", milvus_pb2.DummyResponse()),
    ],
)
def test_invariants_hold(rpc, response):
    assert invariant_findings(rpc, response) == []
