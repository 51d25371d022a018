"""The report: attribution of case results to RPCs, precedence, exit codes and the written files."""

from __future__ import annotations

import json

import pytest

from conformance import __version__
from conformance.protocol import PROTOCOL_SOURCE
from conformance.protocol.catalogue import all_rpcs
from conformance.report import (
    RPC_STATUSES,
    ReportError,
    build_report,
    exit_code,
    read_report,
    render_markdown,
    write_reports,
)

META = {"target": "db.example:19530", "server": "Milvus v2.5.0", "profile": "quick"}


def result(nodeid, outcome, rpcs=(), **extra):
    r = {"nodeid": nodeid, "rpcs": list(rpcs), "when": "call", "duration": 0.01, "server": "Milvus v2.5.0",
         "outcome": outcome, "message": extra.pop("message", None), "deviation": None}
    r.update(extra)
    return r


def deviation(rpc, rule="status code differs", request='collection_name: "c1"', request_type=None):
    return {"rpc": rpc, "rule": rule, "expected": "code 100 (CollectionNotExists)", "actual": "code 0",
            "request_type": request_type or f"milvus.proto.milvus.{rpc}Request", "request": request}


def build(results, **meta):
    return build_report(results, **{**META, "started": None, "finished": None, **meta})


def status_of(report, name):
    (row,) = [r for r in report["rpcs"] if r["name"] == name]
    return row


def test_empty_run_lists_every_rpc_as_not_covered():
    report = build([])
    assert report["schema"] == "milvus-conformance/report"
    assert report["version"] == 1
    assert [r["name"] for r in report["rpcs"]] == [rpc.name for rpc in all_rpcs()]
    assert len(report["rpcs"]) == 144
    assert {r["status"] for r in report["rpcs"]} == {"not_covered"}
    assert report["coverage"]["covered"] == 0 and report["coverage"]["rpcs"] == 144
    assert exit_code(report) == 0


def test_run_metadata():
    report = build([], started=1_700_000_000, finished=1_700_000_042.5)
    run = report["run"]
    assert run["tool_version"] == __version__
    assert run["protocol_source"] == PROTOCOL_SOURCE
    assert (run["target"], run["server"], run["profile"]) == ("db.example:19530", "Milvus v2.5.0", "quick")
    assert run["started"] == "2023-11-14T22:13:20+00:00"
    assert run["duration_seconds"] == 42.5
    row = status_of(report, "CreateCollection")
    assert row["kind"] == "unary"
    assert row["request_type"] == "milvus.proto.milvus.CreateCollectionRequest"
    assert row["response_type"] == "milvus.proto.common.Status"


def test_deviation_is_blamed_on_the_rpc_that_answered_wrongly():
    report = build([
        result("t.py::a", "deviating", ["CreateCollection", "DescribeCollection"],
               deviation=deviation("DescribeCollection")),
    ])
    assert status_of(report, "DescribeCollection")["status"] == "deviating"
    assert status_of(report, "DescribeCollection")["nodeids"] == ["t.py::a"]
    # a case that deviated elsewhere is no evidence for its other declared RPCs
    assert status_of(report, "CreateCollection")["status"] == "not_covered"
    assert report["deviations"][0]["rpc"] == "DescribeCollection"
    assert exit_code(report) == 1


def test_deviation_on_an_rpc_the_case_did_not_declare():
    report = build([result("t.py::a", "deviating", ["Search"], deviation=deviation("Query"))])
    assert status_of(report, "Query")["status"] == "deviating"
    assert status_of(report, "Search")["status"] == "not_covered"


def test_bare_assertion_deviation_is_blamed_on_the_declared_rpcs():
    report = build([result("t.py::a", "deviating", ["Flush"], message="assert 1 == 2")])
    assert status_of(report, "Flush")["status"] == "deviating"
    (dev,) = report["deviations"]
    assert dev["reproducible"] is False and dev["message"] == "assert 1 == 2"
    assert "assert 1 == 2" in render_markdown(report)


def test_not_implemented_is_blamed_on_its_rpc():
    report = build([result("t.py::a", "not_implemented", ["Search"], rpc="LoadCollection", message="UNIMPLEMENTED")])
    assert status_of(report, "LoadCollection")["status"] == "not_implemented"
    assert status_of(report, "Search")["status"] == "not_covered"
    assert report["not_implemented"] == [{"rpc": "LoadCollection", "nodeids": ["t.py::a"], "message": "UNIMPLEMENTED"}]
    assert report["coverage"]["covered"] == 1
    assert exit_code(report) == 1


def test_conformant_case_is_evidence_for_every_declared_rpc():
    report = build([result("t.py::a", "conformant", ["CreateCollection", "HasCollection"])])
    for name in ("CreateCollection", "HasCollection"):
        assert status_of(report, name)["status"] == "conformant"
        assert status_of(report, name)["nodeids"] == ["t.py::a"]
    assert report["coverage"]["covered"] == 2
    assert report["coverage"]["by_status"]["conformant"] == 2
    assert exit_code(report) == 0


def test_not_applicable_is_neither_covered_nor_a_failure():
    report = build([result("t.py::a", "not_applicable", ["CreateSnapshot"], message="needs Milvus >= 2.6")])
    row = status_of(report, "CreateSnapshot")
    assert row["status"] == "not_applicable"
    assert report["coverage"]["covered"] == 0 and report["coverage"]["with_cases"] == 1
    assert exit_code(report) == 0


OUTCOME_CASES = {
    "deviating": lambda: result("t.py::dev", "deviating", ["Insert"], deviation=deviation("Insert")),
    "not_implemented": lambda: result("t.py::ni", "not_implemented", ["Insert"], rpc="Insert"),
    "conformant": lambda: result("t.py::ok", "conformant", ["Insert"]),
    "not_applicable": lambda: result("t.py::na", "not_applicable", ["Insert"]),
}


@pytest.mark.parametrize("present", [
    ("deviating", "not_implemented", "conformant", "not_applicable"),
    ("not_implemented", "conformant", "not_applicable"),
    ("conformant", "not_applicable"),
    ("not_applicable",),
    ("conformant", "deviating"),
    ("not_applicable", "not_implemented"),
])
def test_precedence(present):
    results = [OUTCOME_CASES[o]() for o in reversed(present)]
    row = status_of(build(results), "Insert")
    expected = next(s for s in RPC_STATUSES if s in present)
    assert row["status"] == expected
    assert set(row["evidence"]) == set(present)
    assert len(row["nodeids"]) == 1


def test_harness_errors_are_listed_separately_and_never_evidence():
    report = build([
        result("t.py::broken", "harness_error", ["Upsert"], when="setup", message="KeyError: 'x'"),
        result("t.py::ok", "conformant", ["Delete"]),
    ])
    assert status_of(report, "Upsert")["status"] == "not_covered"
    assert report["harness_errors"] == [
        {"nodeid": "t.py::broken", "when": "setup", "rpcs": ["Upsert"], "message": "KeyError: 'x'"}]
    assert report["totals"]["harness_error"] == 1 and report["totals"]["conformant"] == 1
    assert exit_code(report) == 1


def test_unknown_declared_rpc_is_a_suite_bug():
    report = build([result("t.py::typo", "conformant", ["CreateColection"])])
    (err,) = report["harness_errors"]
    assert "CreateColection" in err["message"]
    assert exit_code(report) == 1


def test_totals():
    results = [f() for f in OUTCOME_CASES.values()] + [result("t.py::h", "harness_error")]
    totals = build(results)["totals"]
    assert totals == {"cases": 5, "conformant": 1, "deviating": 1, "not_implemented": 1, "not_applicable": 1,
                      "harness_error": 1}


def test_write_reports(tmp_path):
    results = [
        result("cases/test_c.py::test_describe", "deviating", ["DescribeCollection"],
               deviation=deviation("DescribeCollection", request='collection_name: "missing_1"\ndb_name: "x"')),
        result("cases/test_c.py::test_load", "not_implemented", ["LoadCollection"], rpc="LoadCollection",
               message="LoadCollection: gRPC UNIMPLEMENTED"),
        result("cases/test_c.py::test_create", "conformant", ["CreateCollection"]),
        result("cases/test_c.py::test_bad", "harness_error", message="TypeError: boom"),
    ]
    out = tmp_path / "deep" / "reports"
    paths = write_reports(results, out, **META)
    assert paths == [out / "report.json", out / "report.md"]
    doc = json.loads(paths[0].read_text())
    assert doc == read_report(out)
    assert doc["schema"] == "milvus-conformance/report" and len(doc["rpcs"]) == 144
    assert doc["run"]["finished"] is not None
    md = paths[1].read_text()
    assert 'collection_name: "missing_1"' in md and 'db_name: "x"' in md
    assert "milvus.proto.milvus.DescribeCollectionRequest" in md
    assert "status code differs" in md
    assert "| `LoadCollection` |" in md and "TypeError: boom" in md
    assert md.count("| unary |") + md.count("streaming |") == 144
    assert "Coverage: **3 / 144**" in md


def test_markdown_survives_awkward_text():
    report = build([result("t.py::a|b", "deviating", ["Search"],
                           deviation=deviation("Search", rule="a | b", request='expr: "```"'))])
    md = render_markdown(report)
    assert "````text" in md  # the fence outgrows the backticks in the request
    assert "t.py::a\\|b" in md  # a pipe cannot break the RPC table


def test_unwritable_report_dir(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    with pytest.raises(ReportError, match="a-file"):
        write_reports([], blocker / "reports", **META)


def test_read_report_rejects_other_json(tmp_path):
    (tmp_path / "report.json").write_text('{"hello": 1}')
    with pytest.raises(ReportError):
        read_report(tmp_path)
