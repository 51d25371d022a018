"""How the plugin classifies a case's ending: each outcome, and Hypothesis's minimal example kept."""

from __future__ import annotations

import sys

import grpc

from conformance.expectations import Deviation, NotApplicable
from conformance.plugin import classify
from conformance.protocol import milvus_pb2
from conformance.transport import RpcTransportError, RpcUnimplemented

if sys.version_info < (3, 11):  # Hypothesis depends on the backport there
    from exceptiongroup import ExceptionGroup


def test_outcomes():
    dev = Deviation("HasCollection", "wrong", "true", "false", milvus_pb2.HasCollectionRequest(collection_name="c"))
    assert classify(None) == {"outcome": "conformant"}
    assert classify(None, skipped=True) == {"outcome": "not_applicable"}
    assert classify(dev)["deviation"]["rpc"] == "HasCollection"
    assert classify(RpcUnimplemented("Search", grpc.StatusCode.UNIMPLEMENTED, ""))["outcome"] == "not_implemented"
    transport = classify(RpcTransportError("Insert", grpc.StatusCode.RESOURCE_EXHAUSTED, "too large"))
    assert transport["outcome"] == "deviating" and transport["deviation"]["rpc"] == "Insert"
    assert classify(NotApplicable("old server"))["outcome"] == "not_applicable"
    assert classify(AssertionError("plain"))["outcome"] == "deviating"
    assert classify(KeyError("bug"))["outcome"] == "harness_error"


def test_deviation_inside_an_exception_group_is_found():
    dev = Deviation("Query", "row missing", "1 row", "0 rows")
    group = ExceptionGroup("several", [ValueError("x"), dev])
    assert classify(group)["deviation"]["rule"] == "row missing"


def test_hypothesis_notes_become_the_falsifying_example():
    dev = Deviation("Search", "dead hit", "live rows", "a deleted row")
    dev.__notes__ = ["Falsifying example: state = DataPlane()\nstate.insert(count=1)"]
    assert "state.insert(count=1)" in classify(dev)["falsifying_example"]
