"""The known-deviation gate: new, fixed, unmatched and expired entries, and writing a baseline."""

from __future__ import annotations

import json
from datetime import date

import pytest

from conformance.report import build_report, exit_code
from conformance.report.baseline import BaselineError, from_report, gate, load

META = {"target": "t", "server": "s", "profile": "quick", "started": None, "finished": None}
DEV_CHECK = "CreateCollection/schema/too-many-shards"
OK_CHECK = "CreateCollection/accepts-valid-schema"


def deviating(nodeid, check=DEV_CHECK, rpc="CreateCollection"):
    finding = {"check": check, "level": "required", "rpc": rpc, "expected": "code 1100", "actual": "code 65535"}
    return {"nodeid": nodeid, "outcome": "deviating", "rpcs": [rpc], "judged": {check: {"rpc": rpc, "passed": 0,
                                                                                       "failed": 1, "codes": {}}},
            "deviation": {"rpc": rpc, "checks": [check], "findings": [finding], "request": "", "request_type": ""}}


def conformant(nodeid, check=OK_CHECK, rpc="CreateCollection"):
    return {"nodeid": nodeid, "outcome": "conformant", "rpcs": [rpc],
            "judged": {check: {"rpc": rpc, "passed": 1, "failed": 0, "codes": {"0": 1}}}}


def baseline(*ids, **extra):
    return {"file": "b.json", "entries": [{"id": i, "reason": "known", **extra} for i in ids]}


def run(results, base, **kw):
    report = build_report(results, **META)
    return report, gate(report, base, **kw)


def test_known_deviations_pass_the_gate():
    report, result = run([deviating("t::a"), conformant("t::b")], baseline(DEV_CHECK))
    assert (result["new"], result["fixed"], result["unmatched"]) == ([], [], [])
    assert report["deviations"][0]["baseline"] == ["known"]
    assert exit_code(report) == 0


def test_a_new_deviation_fails_and_is_named():
    report, result = run([deviating("t::a")], baseline())
    assert result["new"] == [{"ids": [DEV_CHECK], "nodeid": "t::a", "rpc": "CreateCollection"}]
    assert exit_code(report) == 1


def test_an_entry_that_now_conforms_fails():
    report, result = run([conformant("t::b")], baseline(DEV_CHECK, OK_CHECK))
    assert result["fixed"] == [OK_CHECK]
    assert result["unmatched"] == [DEV_CHECK]  # not judged at all in a full run
    assert exit_code(report) == 1


def test_a_bogus_entry_fails_even_in_a_partial_run():
    report, result = run([conformant("t::b")], baseline("CreateCollection/no-such-check", DEV_CHECK), partial=True)
    assert result["unmatched"] == ["CreateCollection/no-such-check"]
    assert result["not_judged"] == [DEV_CHECK]  # a -k run need not exercise every entry
    assert exit_code(report) == 1


def test_unimplemented_rpcs_are_baseline_entries_too():
    ni = {"nodeid": "t::c", "outcome": "not_implemented", "rpc": "LoadPartitions", "rpcs": ["LoadPartitions"]}
    report, result = run([ni], baseline("Unimplemented/LoadPartitions"))
    assert result["new"] == [] and exit_code(report) == 0
    report, result = run([ni], baseline())
    assert result["new"][0]["ids"] == ["Unimplemented/LoadPartitions"] and exit_code(report) == 1


def test_expired_entries_excuse_nothing():
    report = build_report([deviating("t::a")], **META)
    result = gate(report, baseline(DEV_CHECK, expires="2026-01-31"), today=date(2026, 12, 1))
    assert result["expired"] == [DEV_CHECK] and result["new"] and exit_code(report) == 1


def test_load_rejects_bad_files(tmp_path):
    path = tmp_path / "b.json"
    for text, message in [("{", "not JSON"), ('{"x": 1}', "entries"), ('{"entries": [{"reason": "r"}]}', '"id"'),
                          ('{"entries": [{"id": "A/b"}, {"id": "A/b"}]}', "twice"),
                          ('{"entries": [{"id": "A/b", "expires": "soon"}]}', "expires")]:
        path.write_text(text)
        with pytest.raises(BaselineError, match=message):
            load(path)
    with pytest.raises(BaselineError, match="cannot read"):
        load(tmp_path / "missing.json")


def test_from_report_round_trips_and_keeps_reasons(tmp_path):
    report = build_report([deviating("t::a"), conformant("t::b")], **META)
    previous = {"entries": [{"id": DEV_CHECK, "reason": "lite answers 65535", "issue": "https://x/1"}]}
    doc = from_report(report, previous)
    assert doc["entries"] == [{"id": DEV_CHECK, "cases": ["t::a"], "reason": "lite answers 65535",
                               "issue": "https://x/1"}]
    path = tmp_path / "b.json"
    path.write_text(json.dumps(doc))
    again = build_report([deviating("t::a"), conformant("t::b")], **META)
    assert gate(again, load(path))["new"] == [] and exit_code(again) == 0


def test_an_entry_with_cases_excuses_its_check_in_those_cases_only():
    base = baseline(DEV_CHECK, cases=["t::a"])
    report, result = run([deviating("t::a"), conformant("t::b")], base)
    assert (result["new"], result["fixed"]) == ([], []) and exit_code(report) == 0
    report, result = run([deviating("t::a"), deviating("t::z")], base)  # the same check failing elsewhere is new
    assert result["new"] == [{"ids": [DEV_CHECK], "nodeid": "t::z", "rpc": "CreateCollection"}]
    assert exit_code(report) == 1
    report, result = run([deviating("t::z"), conformant("t::a", check=DEV_CHECK)], base)
    assert result["fixed"] == [DEV_CHECK] and exit_code(report) == 1  # its own case conforms now


def test_from_report_lists_the_cases_of_each_check():
    report = build_report([deviating("t::b"), deviating("t::a"), conformant("t::c")], **META)
    doc = from_report(report)
    assert [(e["id"], e["cases"]) for e in doc["entries"]] == [(DEV_CHECK, ["t::a", "t::b"])]


def test_load_rejects_bad_cases(tmp_path):
    path = tmp_path / "b.json"
    for cases in ('[]', '"t::a"', '[1]'):
        path.write_text(f'{{"entries": [{{"id": "A/b", "cases": {cases}}}]}}')
        with pytest.raises(BaselineError, match="cases"):
            load(path)
