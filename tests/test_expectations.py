"""Status expectations, version awareness and the generic invariants."""

from __future__ import annotations

import pytest

from conformance.expectations import OK, Deviation, Expected, ServerInfo, Version, expect
from conformance.expectations.invariants import invariant_violation
from conformance.model import errors
from conformance.protocol import common_pb2, milvus_pb2

E = common_pb2.ErrorCode
REQ = milvus_pb2.HasCollectionRequest(collection_name="x")


def status(code=0, legacy=0, reason=""):
    return common_pb2.Status(code=code, error_code=legacy, reason=reason)


def test_success_matches_only_a_clean_status():
    expect(status(), OK, rpc="DropCollection", request=REQ)
    with pytest.raises(Deviation, match="rejected a request Milvus accepts"):
        expect(status(1100, E.IllegalArgument, "bad"), OK, rpc="DropCollection", request=REQ)


def test_error_matches_code_then_alternatives():
    exp = Expected.error(1100, "probe", also=(65535,))
    expect(status(1100, E.IllegalArgument, "bad"), exp, rpc="CreateCollection", request=REQ)
    expect(status(65535, E.UnexpectedError, "bad"), exp, rpc="CreateCollection", request=REQ)
    with pytest.raises(Deviation, match="wrong error code") as info:
        expect(status(100, E.CollectionNotExists, "nf"), exp, rpc="CreateCollection", request=REQ)
    assert "collection_name" in info.value.describe()  # the reproduction carries the request


def test_accepting_an_invalid_request_is_a_deviation():
    with pytest.raises(Deviation, match="accepted a request Milvus rejects"):
        expect(status(), Expected.error(1100, "probe"), rpc="CreateCollection", request=REQ)


def test_servers_without_integer_code_are_judged_by_legacy_error_code():
    exp = Expected.error(errors.COLLECTION_NOT_FOUND, "probe")
    # code 0 with an error_code breaks the "agree" invariant but matching itself uses the legacy field
    from conformance.expectations.status import matches

    assert matches(status(0, E.CollectionNotExists, "nf"), exp.current)
    assert not matches(status(0, E.IllegalArgument, "x"), exp.current)


def test_version_history_picks_the_narrowest_range():
    exp = Expected.error(1100, "src").before("2.4.0", 0).before("2.2.0", 65535)
    assert exp.outcome_for(ServerInfo.from_reported("v2.3.5-lite")).code == 0
    assert exp.outcome_for(ServerInfo.from_reported("v2.1.0")).code == 65535
    assert exp.outcome_for(ServerInfo.from_reported("v2.6.1")).code == 1100
    # Unknown servers are held to the current protocol.
    assert exp.outcome_for(ServerInfo.from_reported("milvus_lite-3.2.2")).code == 1100
    assert exp.outcome_for(ServerInfo.from_reported(None)).code == 1100


def test_version_parsing():
    assert Version.parse("v2.3.5-lite") == Version(2, 3, 5)
    assert Version.parse("2.6.0-rc1") < Version.parse("v2.6.1")
    with pytest.raises(ValueError):
        Version.parse("milvus_lite-3.2.2")


@pytest.mark.parametrize(
    ("rpc", "response", "rule"),
    [
        ("HasCollection", milvus_pb2.BoolResponse(value=True), "status missing"),
        ("DropCollection", status(1100, E.IllegalArgument, ""), "error without a reason"),
        ("DropCollection", status(1100, E.Success, "bad"), "code and error_code disagree"),  # lite 2.5.1 style
        ("DropCollection", status(0, E.IllegalArgument, "bad"), "code and error_code disagree"),
        ("DropCollection", status(1100, 6, "bad"), "code and error_code disagree"),  # lite 3.2.2 style
        ("DescribeCollection", milvus_pb2.DescribeCollectionResponse(
            status=status(100, E.IllegalArgument, "x")), "code and error_code disagree"),
    ],
)
def test_invariant_violations(rpc, response, rule):
    assert invariant_violation(rpc, response)[0] == rule


@pytest.mark.parametrize(
    ("rpc", "response"),
    [
        ("HasCollection", milvus_pb2.BoolResponse(status=status(), value=False)),
        ("DropCollection", status(65535, E.UnexpectedError, "plain error")),
        ("DescribeCollection", milvus_pb2.DescribeCollectionResponse(
            status=status(100, E.UnexpectedError, "can't find collection"))),  # Milvus's own exception
        ("DescribeCollection", milvus_pb2.DescribeCollectionResponse(
            status=status(100, E.CollectionNotExists, "collection not found"))),
        ("CreateRole", status(65535, E.CreateRoleFailure, "role exists")),
        ("Dummy", milvus_pb2.DummyResponse()),
    ],
)
def test_invariants_hold(rpc, response):
    assert invariant_violation(rpc, response) is None
