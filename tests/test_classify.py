"""How the plugin classifies a case's ending: each outcome, and Hypothesis's minimal example kept."""

from __future__ import annotations

import sys

import grpc

from conformance.expectations import Deviation, Finding, NotApplicable
from conformance.plugin import classify
from conformance.protocol import milvus_pb2
from conformance.transport import RpcTransportError, RpcUnimplemented

if sys.version_info < (3, 11):  # Hypothesis depends on the backport there
    from exceptiongroup import ExceptionGroup


def finding(rpc, check, expected="x", actual="y"):
    return Finding(check, "required", rpc, expected, actual)


def test_outcomes():
    dev = Deviation([finding("HasCollection", "HasCollection/reports-existence", "true", "false")],
                    milvus_pb2.HasCollectionRequest(collection_name="c"))
    assert classify(None) == {"outcome": "conformant"}
    assert classify(None, skipped=True) == {"outcome": "skipped"}  # a skip is not "not applicable"
    result = classify(dev)
    assert result["deviation"]["rpc"] == "HasCollection"
    assert result["deviation"]["checks"] == ["HasCollection/reports-existence"]
    assert classify(RpcUnimplemented("Search", grpc.StatusCode.UNIMPLEMENTED, ""))["outcome"] == "not_implemented"
    transport = classify(RpcTransportError("Insert", grpc.StatusCode.RESOURCE_EXHAUSTED, "too large"))
    assert transport["outcome"] == "deviating" and transport["deviation"]["checks"] == ["Status/grpc-ok"]
    assert classify(NotApplicable("old server"))["outcome"] == "not_applicable"
    plain = classify(AssertionError("plain"))
    assert plain["outcome"] == "harness_error" and "outside a registered check" in plain["message"]
    assert classify(KeyError("bug"))["outcome"] == "harness_error"


def test_deviation_inside_an_exception_group_is_found():
    dev = Deviation([finding("Query", "Query/result/rows-match")])
    group = ExceptionGroup("several", [ValueError("x"), dev])
    assert classify(group)["deviation"]["checks"] == ["Query/result/rows-match"]


def test_a_deviation_behind_a_wrapper_is_the_outcome():
    """Hypothesis's Flaky errors keep the real failure as their cause: it must not end as a harness error."""
    dev = Deviation([finding("ShowCollections", "ShowCollections/lists-existing")])
    try:
        try:
            raise dev
        except Deviation as inner:
            raise RuntimeError("Inconsistent results from replaying a test case") from inner
    except RuntimeError as wrapper:
        assert classify(wrapper)["outcome"] == "deviating"


def test_every_failed_check_of_one_response_is_kept():
    dev = Deviation([finding("CreateCollection", "CreateCollection/schema/too-many-shards"),
                     finding("CreateCollection", "Status/legacy-agrees")])
    assert classify(dev)["deviation"]["checks"] == ["CreateCollection/schema/too-many-shards", "Status/legacy-agrees"]


def test_hypothesis_notes_become_the_falsifying_example():
    dev = Deviation([finding("Search", "Search/result/live-hits")])
    dev.__notes__ = ["Falsifying example: state = DataPlane()\nstate.insert(count=1)"]
    assert "state.insert(count=1)" in classify(dev)["falsifying_example"]
