"""The expectation registry itself: every check is pinned to evidence, every ID a case or the model uses is
registered, and every claim that a real server answered something is backed by that server's reference run."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conformance.model.rules import Observed, Protocol, Source, rules
from conformance.model.rules.evidence import MASTER_COMMITS, MASTER_FILES, REFERENCE_SERVERS

ROOT = Path(__file__).resolve().parent.parent
_ID_LITERAL = re.compile(r"""["']([A-Z][A-Za-z]+(?:/[a-z0-9][a-z0-9-]*)+)["']""")


def test_the_registry_is_populated():
    assert len(rules) > 100
    assert len(set(rules.ids())) == len(rules)


@pytest.mark.parametrize("check", list(rules), ids=lambda c: c.id)
def test_every_check_is_pinned_to_master_or_says_why_not(check):
    sources = [e for e in check.evidence if isinstance(e, Source)]
    master = [s for s in sources if s.is_master]
    if check.gap:
        # an older line's source, or — for an RPC no Milvus source implements yet — the pinned protocol itself
        assert sources or any(isinstance(e, Protocol) for e in check.evidence), \
            f"{check.id}: a gap needs the older-line source (or the protocol) it rests on"
        assert all("-line copy" in s.note for s in sources if not s.is_master)
    else:
        assert master, f"{check.id}: the current answer cites no master source (and no gap is stated)"
    for since in check.history:
        assert since.evidence, f"{check.id}: history before {since.version} has no evidence"


def test_master_pins_are_commits_or_stored_copies():
    for path, pin in MASTER_FILES.items():
        assert re.fullmatch(r"[0-9a-f]{40}|copy:[0-9]+", pin), path
    assert MASTER_COMMITS == frozenset(MASTER_FILES.values())


def _id_literals() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for folder in ("cases", "conformance"):
        for path in (ROOT / folder).rglob("*.py"):
            if "gen" in path.parts:
                continue
            for match in _ID_LITERAL.finditer(path.read_text(encoding="utf-8")):
                found.setdefault(match.group(1), []).append(str(path.relative_to(ROOT)))
    return found


def test_every_check_id_the_code_names_is_registered():
    known = set(rules.ids()) | {f"{c}/reason" for c in rules.ids()}
    unknown = {i: where for i, where in _id_literals().items()
               if i not in known and not i.startswith(("Unimplemented/", "Names/"))}
    assert not unknown, f"check IDs used but not registered: {unknown}"


def _observed_claims():
    for check in rules:
        for e in check.evidence:
            if isinstance(e, Observed) and check.answer is not None:
                yield check, e.server, check.answer.code, "current"
        for since in check.history:
            for e in since.evidence:
                if isinstance(e, Observed):
                    yield check, e.server, since.earlier.code, f"before {since.version}"


def _reference(server: str) -> dict | None:
    path = ROOT / "reports" / "reference" / server / "report.json"
    return json.loads(path.read_text()) if path.is_file() else None


@pytest.mark.parametrize("server", sorted(REFERENCE_SERVERS))
def test_observed_claims_are_backed_by_the_reference_run(server):
    """An expectation that says "Milvus 2.3.5 answered X" must find X among the codes that server answered to
    that check in reports/reference/<server>/report.json."""
    claims = [(c, code, when) for c, s, code, when in _observed_claims() if s == server]
    if not claims:
        return
    report = _reference(server)
    assert report is not None, f"reports/reference/{server}/report.json is missing"
    seen = report.get("checks", {})
    unbacked = [f"{c.id} ({when}: {code}; observed {sorted(seen.get(c.id, {}).get('codes', {})) or 'nothing'})"
                for c, code, when in claims if str(code) not in seen.get(c.id, {}).get("codes", {})]
    assert not unbacked, f"claims about {server} its reference run does not back:\n  " + "\n  ".join(unbacked)


@pytest.mark.parametrize("server", sorted(REFERENCE_SERVERS))
def test_reference_replays_are_the_runs_own(server):
    """Every deviation of a reference run names a replay script beside it that replays that very case (a report
    copied without its replay/ folder would point at another run's scripts), and no script is left over."""
    report = _reference(server)
    assert report is not None, f"reports/reference/{server}/report.json is missing"
    folder = ROOT / "reports" / "reference" / server
    named = {dev["replay_file"]: dev["nodeid"] for dev in report["deviations"] if dev.get("replay_file")}
    wrong = [f"{path} ({nodeid})" for path, nodeid in named.items()
             if not (folder / path).is_file() or nodeid not in (folder / path).read_text()]
    assert not wrong, f"{server}: replay scripts missing or replaying another case:\n  " + "\n  ".join(wrong)
    present = {f"replay/{p.name}" for p in (folder / "replay").glob("*.py")}
    assert present <= set(named), f"{server}: replay scripts no deviation names: {sorted(present - set(named))}"


def test_an_rpc_is_expected_from_its_checks_first_release():
    from conformance.model.rules.registry import rpc_since

    assert rpc_since("Insert") is None  # checks that hold on every release
    assert rpc_since("CreateSnapshot") == "3.0.0"
    assert rpc_since("BackupRBAC") == "2.4.10"
