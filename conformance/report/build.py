"""Turn the plugin's classified case results into the versioned report document.

Attribution (one RPC, many cases) comes from what the run actually judged, never from what a case declares:

* every check a case applied to a response is recorded with the RPC that answered (``result["judged"]``);
  an RPC is *conformant* when calls to it were judged and none failed a required check, *deviating* when a
  required check failed on it, *not implemented* when it answered gRPC UNIMPLEMENTED;
* *not applicable* RPCs were declared only by cases that did not apply to this target; *not covered* ones
  were never judged;
* harness errors are bugs in the suite: listed separately, never evidence; skipped cases are listed as such.

Per RPC the strongest evidence wins: deviating > not_implemented > conformant > not_applicable > not_covered.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timezone

from .. import __version__
from ..protocol import PROTOCOL_SOURCE, SERVICE_NAME
from ..protocol.catalogue import all_rpcs

SCHEMA = "milvus-conformance/report"
SCHEMA_VERSION = 2

#: Case outcomes, as the plugin classifies them ("not_run": the run stopped before the case).
OUTCOMES = ("conformant", "deviating", "not_implemented", "not_applicable", "skipped", "harness_error", "not_run")
#: Per-RPC statuses, strongest first.
RPC_STATUSES = ("deviating", "not_implemented", "conformant", "not_applicable", "not_covered")
#: Statuses meaning the RPC was actually exercised against the target and judged.
COVERED_STATUSES = ("deviating", "not_implemented", "conformant")

SELF_CHECK_NOTE = ("This run's target is the bundled mock, which serves the suite's own reference model: it is a "
                   "self-check of the suite against its own model and proves nothing about Milvus. Only runs "
                   "against real servers (reports/reference/) anchor the expectations.")


def _timestamp(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, (int, float)):
        value = datetime.fromtimestamp(value, tz=timezone.utc)
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc).isoformat(timespec="seconds")
    return str(value)


def _seconds_between(started, finished) -> float | None:
    def as_dt(v):
        if isinstance(v, (int, float)):
            return datetime.fromtimestamp(v, tz=timezone.utc)
        if isinstance(v, datetime):
            return v if v.tzinfo else v.replace(tzinfo=timezone.utc)
        return None

    a, b = as_dt(started), as_dt(finished)
    if a is None or b is None:
        return None
    return round((b - a).total_seconds(), 3)


def _required_failures(result: dict) -> list[dict]:
    deviation = result.get("deviation") or {}
    return [f for f in deviation.get("findings") or () if f.get("level") == "required"]


def build_report(results, *, target, server, profile, started=None, finished=None, token=None,
                 self_check=False, incomplete=None, baseline=None) -> dict:
    """Build the report document (a JSON-ready dict) from the plugin's per-case result dicts."""
    results = [dict(r) for r in results]
    catalogue = all_rpcs()
    known = {rpc.name for rpc in catalogue}
    judged: dict[str, dict[str, list[str]]] = {rpc.name: {"passed": [], "failed": []} for rpc in catalogue}
    not_applicable_rpcs: dict[str, list[str]] = {}
    checks: dict[str, dict] = {}

    deviations: list[dict] = []
    not_implemented: dict[str, dict] = {}
    harness_errors: list[dict] = []
    skipped: list[dict] = []
    advisories: dict[tuple, dict] = {}
    slow: list[dict] = []
    retries: dict[str, int] = {}
    totals = Counter({outcome: 0 for outcome in OUTCOMES})

    for result in results:
        outcome = result.get("outcome")
        nodeid = result.get("nodeid", "?")
        if outcome not in OUTCOMES:
            outcome = "harness_error"
            result["message"] = f"unknown outcome {result.get('outcome')!r}: {result.get('message') or ''}".strip()
        totals[outcome] += 1
        for check_id, entry in (result.get("judged") or {}).items():
            rpc = entry.get("rpc")
            agg = checks.setdefault(check_id, {"rpcs": [], "passed": 0, "failed": 0, "codes": {}, "cases": []})
            if rpc and rpc not in agg["rpcs"]:
                agg["rpcs"].append(rpc)
            agg["passed"] += entry.get("passed", 0)
            agg["failed"] += entry.get("failed", 0)
            for code, n in (entry.get("codes") or {}).items():
                agg["codes"][code] = agg["codes"].get(code, 0) + n
            if nodeid not in agg["cases"]:
                agg["cases"].append(nodeid)
            if rpc in judged and entry.get("passed"):
                if nodeid not in judged[rpc]["passed"]:
                    judged[rpc]["passed"].append(nodeid)
        if result.get("slow"):
            slow.append({"nodeid": nodeid, "calls": result["slow"]})
        for rpc, n in (result.get("retries") or {}).items():
            retries[rpc] = retries.get(rpc, 0) + n
        for adv in result.get("advisories") or ():
            key = (adv.get("check"), adv.get("rpc"))
            entry = advisories.setdefault(key, {**adv, "cases": []})
            if nodeid not in entry["cases"]:
                entry["cases"].append(nodeid)
        if outcome == "harness_error":
            harness_errors.append({"nodeid": nodeid, "when": result.get("when"), "message": result.get("message") or ""})
            continue
        if outcome in ("skipped", "not_run"):
            if outcome == "skipped":
                skipped.append({"nodeid": nodeid, "message": result.get("message") or ""})
            continue
        if outcome == "not_applicable":
            for name in result.get("rpcs") or ():
                not_applicable_rpcs.setdefault(name, []).append(nodeid)
            continue
        unknown_declared = [name for name in result.get("rpcs") or () if name not in known]
        if unknown_declared:
            harness_errors.append({"nodeid": nodeid, "when": "attribution", "message": "the case declares RPCs that "
                                   "MilvusService does not have: " + ", ".join(unknown_declared)})
        if outcome == "deviating":
            deviation = result.get("deviation") or {}
            required = _required_failures(result)
            for f in required:
                if f.get("rpc") in judged and nodeid not in judged[f["rpc"]]["failed"]:
                    judged[f["rpc"]]["failed"].append(nodeid)
            deviations.append({
                "nodeid": nodeid,
                "rpc": deviation.get("rpc"),
                "checks": list(dict.fromkeys(f["check"] for f in required)),
                "findings": deviation.get("findings") or [],
                "request_type": deviation.get("request_type"),
                "request": deviation.get("request"),
                "message": result.get("message") or "",
                "falsifying_example": result.get("falsifying_example") or "",
                "replay_script": result.get("replay_script") or "",
                "replay_file": None,  # set by write_reports when it writes the script beside the report
                "baseline": None,  # set by the baseline gate when the deviation is a known one
            })
        elif outcome == "not_implemented":
            name = result.get("rpc") or "(unknown RPC)"
            entry = not_implemented.setdefault(name, {"rpc": name, "nodeids": [], "message": result.get("message") or ""})
            if nodeid not in entry["nodeids"]:
                entry["nodeids"].append(nodeid)

    rpcs = []
    for rpc in catalogue:
        ev = judged[rpc.name]
        if ev["failed"]:
            status, nodeids = "deviating", ev["failed"]
        elif rpc.name in not_implemented:
            status, nodeids = "not_implemented", not_implemented[rpc.name]["nodeids"]
        elif ev["passed"]:
            status, nodeids = "conformant", ev["passed"]
        elif rpc.name in not_applicable_rpcs:
            status, nodeids = "not_applicable", not_applicable_rpcs[rpc.name]
        else:
            status, nodeids = "not_covered", []
        rpcs.append({
            "name": rpc.name,
            "kind": rpc.kind,
            "request_type": rpc.request.full_name,
            "response_type": rpc.response.full_name,
            "status": status,
            "nodeids": list(nodeids),
        })

    by_status = Counter({s: 0 for s in RPC_STATUSES})
    by_status.update(r["status"] for r in rpcs)
    covered = sum(by_status[s] for s in COVERED_STATUSES)
    finished = finished if finished is not None else datetime.now(timezone.utc)

    return {
        "schema": SCHEMA,
        "version": SCHEMA_VERSION,
        "run": {
            "tool": "milvus-conformance",
            "tool_version": __version__,
            "protocol_source": PROTOCOL_SOURCE,
            "service": SERVICE_NAME,
            "target": target,
            "server": server,
            "profile": profile,
            "token": token,
            "self_check": bool(self_check),
            "note": SELF_CHECK_NOTE if self_check else None,
            "incomplete": incomplete,
            "started": _timestamp(started),
            "finished": _timestamp(finished),
            "duration_seconds": _seconds_between(started, finished),
        },
        "totals": {"cases": len(results), **{k: totals[k] for k in OUTCOMES}},
        "coverage": {
            "rpcs": len(rpcs),
            "covered": covered,
            "ratio": round(covered / len(rpcs), 4) if rpcs else 0.0,
            "by_status": {s: by_status[s] for s in RPC_STATUSES},
        },
        "rpcs": rpcs,
        "checks": {cid: checks[cid] for cid in sorted(checks)},
        "deviations": deviations,
        "advisories": sorted(advisories.values(), key=lambda a: (a.get("check") or "", a.get("rpc") or "")),
        "not_implemented": sorted(not_implemented.values(), key=lambda e: e["rpc"]),
        "harness_errors": harness_errors,
        "skipped": skipped,
        "slow": slow,
        "retries": retries,
        "baseline": baseline,
        "cases": results,
    }


def exit_code(report: dict) -> int:
    """0 when the run found nothing wrong; 1 on any deviation (not covered by the baseline, when one was
    given), stale or unmatched baseline entry, not-implemented RPC or harness error. (The CLI reserves 2 for
    usage errors and 3 for a target that cannot be reached or stopped answering.)"""
    baseline = report.get("baseline")
    if baseline is not None:
        if baseline.get("new") or baseline.get("fixed") or baseline.get("unmatched"):
            return 1
    elif report.get("deviations") or report.get("not_implemented"):
        return 1
    if report.get("harness_errors") or (report.get("run") or {}).get("incomplete"):
        return 1
    return 0
