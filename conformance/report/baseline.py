"""Known deviations: the CI gate.

A baseline is a JSON document ``{"entries": [{"id": ..., "cases": [...], "reason": ..., "issue": ...,
"expires": ...}]}``. An entry's ``id`` is a registered check ID (``CreateCollection/schema/dim-out-of-range``)
or ``Unimplemented/<Rpc>`` for an RPC the target does not implement. ``cases`` (optional; written by
``milvus-conformance baseline``) names the cases the check is known to fail in: the entry then excuses that check
in those cases only, so a broad check (``Search/accepts-valid-request``) failing in another case is new. Against
a run, the gate finds:

* **new**: a deviation (or unimplemented RPC) whose IDs are not all excused by the baseline;
* **fixed**: an entry whose check was judged in this run and failed in none of its cases (the list only
  shrinks);
* **unmatched**: an entry naming no registered check or RPC, or one this run never judged (for a run that
  selected only some cases, these are reported but do not fail it);
* **expired**: an entry past its ``expires`` date, which no longer excuses anything.

Any new, fixed or unmatched entry fails the run; the message names each one and the command that rewrites
the baseline from the run's report.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

UNIMPLEMENTED = "Unimplemented/"


class BaselineError(ValueError):
    """The baseline file cannot be used; the message says which file and why."""


def load(path) -> dict:
    path = Path(path)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise BaselineError(f"cannot read the baseline {path}: {err.strerror or err}") from None
    except ValueError as err:
        raise BaselineError(f"the baseline {path} is not JSON: {err}") from None
    entries = doc.get("entries") if isinstance(doc, dict) else None
    if not isinstance(entries, list):
        raise BaselineError(f'the baseline {path} needs an "entries" list')
    seen = set()
    for i, entry in enumerate(entries):
        where = f"{path}: entry {i + 1}"
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str) or not entry["id"].strip():
            raise BaselineError(f'{where} needs an "id" (a check ID or Unimplemented/<Rpc>)')
        if not isinstance(entry.get("reason", ""), str):
            raise BaselineError(f'{where}: "reason" must be text')
        cases = entry.get("cases")
        if cases is not None and not (isinstance(cases, list) and cases and all(isinstance(c, str) for c in cases)):
            raise BaselineError(f'{where}: "cases" must be a non-empty list of case IDs')
        if entry["id"] in seen:
            raise BaselineError(f"{where}: {entry['id']} is listed twice")
        seen.add(entry["id"])
        if entry.get("expires") is not None:
            try:
                date.fromisoformat(entry["expires"])
            except (TypeError, ValueError):
                raise BaselineError(f'{where}: "expires" must be a date like 2027-01-31') from None
    return {"file": str(path), "entries": entries}


def _known_ids() -> set[str]:
    from ..model.rules import rules
    from ..protocol.catalogue import all_rpcs

    return set(rules.ids()) | {UNIMPLEMENTED + rpc.name for rpc in all_rpcs()}


def gate(report: dict, baseline: dict, *, partial: bool = False, today: date | None = None) -> dict:
    """Judge ``report`` against ``baseline``; mark each known deviation; return the gate's findings."""
    today = today or date.today()
    active, expired = {}, []
    for entry in baseline["entries"]:
        if entry.get("expires") and date.fromisoformat(entry["expires"]) < today:
            expired.append(entry["id"])
        else:
            active[entry["id"]] = entry
    new: list[dict] = []
    found: set[str] = set()  # entries that excused a deviation of this run

    def excused(check: str, nodeid: str) -> bool:
        entry = active.get(check)
        return entry is not None and (not entry.get("cases") or nodeid in entry["cases"])

    for dev in report["deviations"]:
        ids = dev.get("checks") or []
        found.update(i for i in ids if excused(i, dev["nodeid"]))
        missing = [i for i in ids if not excused(i, dev["nodeid"])]
        if missing or not ids:
            new.append({"ids": missing or ["(no registered check)"], "nodeid": dev["nodeid"], "rpc": dev.get("rpc")})
        else:
            dev["baseline"] = [active[i].get("reason", "") for i in ids]
    for entry in report["not_implemented"]:
        key = UNIMPLEMENTED + entry["rpc"]
        found.add(key)
        if key in active:
            entry["baseline"] = active[key].get("reason", "")
        else:
            new.append({"ids": [key], "nodeid": ", ".join(entry["nodeids"]), "rpc": entry["rpc"]})
    known = _known_ids()
    checks = report.get("checks", {})
    judged_rpcs = {r["name"] for r in report["rpcs"] if r["status"] in ("conformant", "deviating", "not_implemented")}
    fixed, unmatched, not_judged = [], [], []
    for key in active:
        if key in found:
            continue
        if key not in known:
            unmatched.append(key)
        elif key.startswith(UNIMPLEMENTED):
            (fixed if key[len(UNIMPLEMENTED):] in judged_rpcs else not_judged).append(key)
        elif checks.get(key, {}).get("passed") or checks.get(key, {}).get("failed"):
            fixed.append(key)
        else:
            not_judged.append(key)
    if not partial:
        unmatched += not_judged
        not_judged = []
    result = {"file": baseline["file"], "entries": len(baseline["entries"]), "new": new, "fixed": sorted(fixed),
              "unmatched": sorted(unmatched), "not_judged": sorted(not_judged), "expired": sorted(expired)}
    report["baseline"] = result
    return result


def describe(result: dict, report_path: str) -> list[str]:
    """Human lines for the gate's findings, ending with the command that updates the baseline."""
    lines = []
    for item in result["new"]:
        lines.append(f"  NEW        {', '.join(item['ids'])} ({item['rpc'] or '?'}) [{item['nodeid']}]")
    for key in result["fixed"]:
        lines.append(f"  FIXED      {key}: now conforms in the cases it lists; remove it from the baseline")
    for key in result["unmatched"]:
        lines.append(f"  UNMATCHED  {key}: no registered check or RPC by that ID, or none judged in this run")
    for key in result["not_judged"]:
        lines.append(f"  NOT JUDGED {key}: not exercised by the selected cases")
    for key in result["expired"]:
        lines.append(f"  EXPIRED    {key}: past its expiry date; it no longer excuses a deviation")
    if result["new"] or result["fixed"] or result["unmatched"]:
        lines.append(f"baseline {result['file']} does not match this run; after review, update it with:")
        lines.append(f"  milvus-conformance baseline {report_path} -o {result['file']}")
    return lines


def from_report(report: dict, previous: dict | None = None) -> dict:
    """A baseline listing every deviation and unimplemented RPC of ``report`` (keeping the reasons, issues
    and expiry dates of entries that ``previous`` already had)."""
    old = {e["id"]: e for e in (previous or {}).get("entries", [])}
    entries: dict[str, dict] = {}
    for dev in report["deviations"]:
        for finding in dev.get("findings") or ():
            if finding.get("level") != "required":
                continue
            if finding["check"] not in entries:
                reason = f"{finding.get('rpc')}: expected {finding.get('expected')}; got {finding.get('actual')}"
                entries[finding["check"]] = {"id": finding["check"], "cases": [], "reason": reason[:300]}
            if dev["nodeid"] not in entries[finding["check"]]["cases"]:
                entries[finding["check"]]["cases"].append(dev["nodeid"])
    for entry in entries.values():
        entry["cases"].sort()
    for entry in report["not_implemented"]:
        key = UNIMPLEMENTED + entry["rpc"]
        entries[key] = {"id": key, "reason": f"{entry['rpc']} answers gRPC UNIMPLEMENTED"}
    for key, entry in entries.items():
        if key in old:
            entries[key] = {**entry, **{k: v for k, v in old[key].items() if k in ("reason", "issue", "expires")}}
    run = report.get("run", {})
    return {
        "about": f"Known deviations of {run.get('server') or run.get('target')}: milvus-conformance baseline "
                 f"(from a {run.get('profile')} run finished {run.get('finished')}). Each entry excuses one check "
                 "ID in the cases it lists; the run fails on anything new, on entries that now conform, and on "
                 "entries matching nothing.",
        "entries": [entries[k] for k in sorted(entries)],
    }
