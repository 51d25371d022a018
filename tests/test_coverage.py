"""The coverage gate: every RPC of the pinned protocol has a case, and the case classification behind
``milvus-conformance rpcs`` reads what cases really name."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis.stateful import run_state_machine_as_test

from conformance.coverage import case_coverage
from conformance.protocol.catalogue import all_rpcs


@pytest.fixture(scope="module")
def listing():
    proc = subprocess.run([sys.executable, "-m", "conformance.cli", "rpcs", "--json"], capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_every_rpc_of_the_pinned_protocol_has_a_case(listing):
    missing = [r["name"] for r in listing["rpcs"] if not r["cases"]]
    assert len(listing["rpcs"]) == len(all_rpcs()) == 144
    assert not missing, f"{len(missing)} RPCs have no case: {', '.join(missing)}"


def test_every_rpc_has_a_case_naming_one_of_its_checks(listing):
    """A case that declares an RPC but names none of its checks judges it only by accident."""
    vague = [r["name"] for r in listing["rpcs"] if not any(r["case_kinds"].values())]
    assert not vague, f"RPCs whose cases name none of their checks: {', '.join(vague)}"


class _Item:
    """The slice of a pytest item that case_coverage reads."""

    def __init__(self, function, rpcs, params=None):
        self.function = function
        self.nodeid = f"cases/x.py::{function.__name__}"
        self._rpcs = rpcs
        if params is not None:
            self.callspec = type("CallSpec", (), {"params": params})()

    def iter_markers(self, name):
        assert name == "rpc"
        yield type("Marker", (), {"args": self._rpcs})()


_MISSING = "DropAlias/missing-alias"


def _helper(check):
    check(None, "CreateAlias/creates")


def test_classification_follows_the_checks_a_case_names():
    def negative_case(check):
        check(None, _MISSING)

    def positive_via_helper(check):
        _helper(check)

    def parametrized(check, check_id):
        check(None, check_id)

    def undeclared(check):
        check(None, "DropAlias/drops")

    assert case_coverage(_Item(negative_case, ("DropAlias",))).kinds == {"DropAlias": {"negative"}}
    assert case_coverage(_Item(positive_via_helper, ("CreateAlias",))).kinds == {"CreateAlias": {"positive"}}
    assert case_coverage(_Item(parametrized, ("DropAlias",), {"check_id": "DropAlias/drops"})).kinds == \
        {"DropAlias": {"positive"}}
    def refusal_case(check):
        check(None, "Prewarm/missing-collection-refused")  # semantic, but it judges a refusal

    assert case_coverage(_Item(refusal_case, ("Prewarm",))).kinds == {"Prewarm": {"negative"}}
    # a check of an RPC the case does not declare does not count for it
    assert case_coverage(_Item(undeclared, ("CreateAlias",))).kinds == {}


def test_a_state_machine_case_is_stateful():
    def stateful_case():
        run_state_machine_as_test(None)

    assert case_coverage(_Item(stateful_case, ("Insert", "Query"))).kinds == \
        {"Insert": {"stateful"}, "Query": {"stateful"}}
