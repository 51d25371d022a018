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


def result(nodeid, outcome, rpcs=(), judged=None, **extra):
    r = {"nodeid": nodeid, "rpcs": list(rpcs), "when": "call", "duration": 0.01, "server": "Milvus v2.5.0",
         "outcome": outcome, "message": extra.pop("message", None), "deviation": None, "judged": judged or {}}
    r.update(extra)
    return r


def judged(*entries):
    """{check: {rpc, passed, failed, codes}} from (check, rpc, passed, failed) tuples."""
    return {c: {"rpc": rpc, "passed": p, "failed": f, "codes": {}} for c, rpc, p, f in entries}


def deviation(rpc, check=None, request='collection_name: "c1"', request_type=None):
    check = check or f"{rpc}/test/status"
    return {"rpc": rpc, "checks": [check],
            "findings": [{"check": check, "level": "required", "rpc": rpc, "expected": "code 100 (CollectionNotExists)",
                          "actual": "code 0", "evidence": "milvus src"}],
            "request_type": request_type or f"milvus.proto.milvus.{rpc}Request", "request": request}


def build(results, **meta):
    return build_report(results, **{**META, "started": None, "finished": None, **meta})


def status_of(report, name):
    (row,) = [r for r in report["rpcs"] if r["name"] == name]
    return row


def test_empty_run_lists_every_rpc_as_not_covered():
    report = build([])
    assert report["schema"] == "milvus-conformance/report"
    assert report["version"] == 2
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
               judged=judged(("CreateCollection/ok", "CreateCollection", 1, 0),
                             ("DescribeCollection/test/status", "DescribeCollection", 0, 1)),
               deviation=deviation("DescribeCollection")),
    ])
    assert status_of(report, "DescribeCollection")["status"] == "deviating"
    assert status_of(report, "DescribeCollection")["nodeids"] == ["t.py::a"]
    # the calls the case judged before the deviation are evidence for their RPC
    assert status_of(report, "CreateCollection")["status"] == "conformant"
    (dev,) = report["deviations"]
    assert dev["rpc"] == "DescribeCollection" and dev["checks"] == ["DescribeCollection/test/status"]
    assert exit_code(report) == 1


def test_coverage_comes_from_judged_calls_not_declarations():
    report = build([result("t.py::a", "conformant", ["CreateCollection", "HasCollection", "Search"],
                           judged=judged(("CreateCollection/ok", "CreateCollection", 2, 0),
                                         ("HasCollection/ok", "HasCollection", 1, 0)))])
    assert status_of(report, "CreateCollection")["status"] == "conformant"
    assert status_of(report, "HasCollection")["nodeids"] == ["t.py::a"]
    assert status_of(report, "Search")["status"] == "not_covered"  # declared, never called and judged
    assert report["coverage"]["covered"] == 2
    assert report["checks"]["CreateCollection/ok"]["passed"] == 2
    assert exit_code(report) == 0


def test_not_implemented_is_blamed_on_its_rpc():
    report = build([result("t.py::a", "not_implemented", ["Search"], rpc="LoadCollection", message="UNIMPLEMENTED")])
    assert status_of(report, "LoadCollection")["status"] == "not_implemented"
    assert status_of(report, "Search")["status"] == "not_covered"
    assert report["not_implemented"] == [{"rpc": "LoadCollection", "nodeids": ["t.py::a"], "message": "UNIMPLEMENTED"}]
    assert report["coverage"]["covered"] == 1
    assert exit_code(report) == 1


def test_not_applicable_is_neither_covered_nor_a_failure():
    report = build([result("t.py::a", "not_applicable", ["CreateSnapshot"], message="needs Milvus >= 2.6")])
    assert status_of(report, "CreateSnapshot")["status"] == "not_applicable"
    assert report["coverage"]["covered"] == 0
    assert exit_code(report) == 0


def test_a_skip_is_not_not_applicable():
    report = build([result("t.py::s", "skipped", ["Insert"], message="skipped by the user")])
    assert status_of(report, "Insert")["status"] == "not_covered"
    assert report["skipped"] == [{"nodeid": "t.py::s", "message": "skipped by the user"}]
    assert report["totals"]["skipped"] == 1 and report["totals"]["not_applicable"] == 0


OUTCOME_CASES = {
    "deviating": lambda: result("t.py::dev", "deviating", ["Insert"],
                                judged=judged(("Insert/test/status", "Insert", 0, 1)), deviation=deviation("Insert")),
    "not_implemented": lambda: result("t.py::ni", "not_implemented", ["Insert"], rpc="Insert"),
    "conformant": lambda: result("t.py::ok", "conformant", ["Insert"], judged=judged(("Insert/ok", "Insert", 1, 0))),
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
    assert len(row["nodeids"]) == 1


def test_harness_errors_are_listed_separately_and_never_evidence():
    report = build([
        result("t.py::broken", "harness_error", ["Upsert"], when="setup", message="KeyError: 'x'"),
        result("t.py::ok", "conformant", ["Delete"], judged=judged(("Delete/ok", "Delete", 1, 0))),
    ])
    assert status_of(report, "Upsert")["status"] == "not_covered"
    assert report["harness_errors"] == [{"nodeid": "t.py::broken", "when": "setup", "message": "KeyError: 'x'"}]
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
                      "skipped": 0, "harness_error": 1, "not_run": 0}


def test_a_mock_run_says_it_is_a_self_check():
    report = build([], self_check=True, token="mc1234abcd")
    assert report["run"]["self_check"] and "self-check" in report["run"]["note"]
    assert report["run"]["token"] == "mc1234abcd"
    assert "Self-check" in render_markdown(report)


def test_write_reports(tmp_path):
    results = [
        result("cases/test_c.py::test_describe", "deviating", ["DescribeCollection"],
               judged=judged(("DescribeCollection/test/status", "DescribeCollection", 0, 1)),
               deviation=deviation("DescribeCollection", request='collection_name: "missing_1"\ndb_name: "x"')),
        result("cases/test_c.py::test_load", "not_implemented", ["LoadCollection"], rpc="LoadCollection",
               message="LoadCollection: gRPC UNIMPLEMENTED"),
        result("cases/test_c.py::test_create", "conformant", ["CreateCollection"],
               judged=judged(("CreateCollection/ok", "CreateCollection", 1, 0))),
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
    assert "`DescribeCollection/test/status`" in md
    assert "| `LoadCollection` |" in md and "TypeError: boom" in md
    assert md.count("| unary |") + md.count("streaming |") == 144
    assert "Coverage: **3 / 144**" in md


def test_markdown_survives_awkward_text():
    report = build([result("t.py::a|b", "deviating", ["Search"],
                           deviation=deviation("Search", request='expr: "```"'))])
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
