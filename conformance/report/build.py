"""Turn the plugin's classified case results into the versioned report document.

Attribution rules (one RPC, many cases):

* a deviation is blamed on the RPC that answered wrongly (``deviation["rpc"]``), whatever the case
  declared; a deviation without that detail (a bare assertion) is blamed on the case's declared RPCs;
* a not_implemented result is blamed on the RPC the server did not implement (``result["rpc"]``);
* a conformant case is conformant evidence for each RPC it declares; a not_applicable case is
  not_applicable evidence for them; a case that deviated or was not implemented on another RPC is no
  evidence at all for its declared RPCs;
* harness errors are bugs in the suite: listed separately, never counted as conformance evidence.

Per RPC the strongest evidence wins: deviating > not_implemented > conformant > not_applicable >
not_covered.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timezone

from .. import __version__
from ..protocol import PROTOCOL_SOURCE, SERVICE_NAME
from ..protocol.catalogue import all_rpcs

SCHEMA = "milvus-conformance/report"
SCHEMA_VERSION = 1

#: Case outcomes, as the plugin classifies them.
OUTCOMES = ("conformant", "deviating", "not_implemented", "not_applicable", "harness_error")
#: Per-RPC statuses, strongest first.
RPC_STATUSES = ("deviating", "not_implemented", "conformant", "not_applicable", "not_covered")
#: Statuses meaning the RPC was actually exercised against the target and judged.
COVERED_STATUSES = ("deviating", "not_implemented", "conformant")

_EVIDENCE = ("deviating", "not_implemented", "conformant", "not_applicable")


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


def _blamed_rpcs(result: dict) -> list[str]:
    """The RPCs a result is evidence about (see the module docstring)."""
    outcome = result.get("outcome")
    declared = list(dict.fromkeys(result.get("rpcs") or ()))
    if outcome == "deviating":
        deviation = result.get("deviation") or {}
        return [deviation["rpc"]] if deviation.get("rpc") else declared
    if outcome == "not_implemented":
        return [result["rpc"]] if result.get("rpc") else declared
    if outcome in ("conformant", "not_applicable"):
        return declared
    return []


def build_report(results, *, target, server, profile, started=None, finished=None) -> dict:
    """Build the report document (a JSON-ready dict) from the plugin's per-case result dicts."""
    results = [dict(r) for r in results]
    catalogue = all_rpcs()
    known = {rpc.name for rpc in catalogue}
    evidence: dict[str, dict[str, list[str]]] = {rpc.name: {k: [] for k in _EVIDENCE} for rpc in catalogue}

    deviations: list[dict] = []
    not_implemented: dict[str, dict] = {}
    harness_errors: list[dict] = []
    totals = Counter({outcome: 0 for outcome in OUTCOMES})

    for result in results:
        outcome = result.get("outcome")
        nodeid = result.get("nodeid", "?")
        if outcome not in OUTCOMES:
            harness_errors.append({"nodeid": nodeid, "when": result.get("when"), "rpcs": result.get("rpcs") or [],
                                   "message": f"unknown outcome {outcome!r}: {result.get('message') or ''}".strip()})
            totals["harness_error"] += 1
            continue
        totals[outcome] += 1
        if outcome == "harness_error":
            harness_errors.append({"nodeid": nodeid, "when": result.get("when"), "rpcs": result.get("rpcs") or [],
                                   "message": result.get("message") or ""})
            continue
        unknown_declared = [name for name in result.get("rpcs") or () if name not in known]
        if unknown_declared:
            harness_errors.append({
                "nodeid": nodeid, "when": "attribution", "rpcs": unknown_declared,
                "message": "the case declares RPCs that MilvusService does not have: " + ", ".join(unknown_declared),
            })
        blamed = _blamed_rpcs(result)
        for name in blamed:
            if name in evidence and nodeid not in evidence[name][outcome]:
                evidence[name][outcome].append(nodeid)
        if outcome == "deviating":
            deviation = result.get("deviation") or {}
            deviations.append({
                "nodeid": nodeid,
                "rpc": deviation.get("rpc") or (", ".join(blamed) if blamed else None),
                "rule": deviation.get("rule"),
                "expected": deviation.get("expected"),
                "actual": deviation.get("actual"),
                "request_type": deviation.get("request_type"),
                "request": deviation.get("request"),
                "reproducible": bool(deviation),
                "message": result.get("message") or "",
                "falsifying_example": result.get("falsifying_example") or "",
                "replay_script": result.get("replay_script") or "",
                "replay_file": None,  # set by write_reports when it writes the script beside the report
            })
        elif outcome == "not_implemented":
            for name in blamed or ["(unknown RPC)"]:
                entry = not_implemented.setdefault(name, {"rpc": name, "nodeids": [], "message": result.get("message") or ""})
                if nodeid not in entry["nodeids"]:
                    entry["nodeids"].append(nodeid)

    rpcs = []
    for rpc in catalogue:
        ev = evidence[rpc.name]
        status = next((s for s in _EVIDENCE if ev[s]), "not_covered")
        rpcs.append({
            "name": rpc.name,
            "kind": rpc.kind,
            "request_type": rpc.request.full_name,
            "response_type": rpc.response.full_name,
            "status": status,
            "nodeids": list(ev[status]) if status != "not_covered" else [],
            "evidence": {k: list(v) for k, v in ev.items() if v},
        })

    by_status = Counter({s: 0 for s in RPC_STATUSES})
    by_status.update(r["status"] for r in rpcs)
    covered = sum(by_status[s] for s in COVERED_STATUSES)
    with_cases = len(rpcs) - by_status["not_covered"]
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
            "started": _timestamp(started),
            "finished": _timestamp(finished),
            "duration_seconds": _seconds_between(started, finished),
        },
        "totals": {"cases": len(results), **{k: totals[k] for k in OUTCOMES}},
        "coverage": {
            "rpcs": len(rpcs),
            "covered": covered,
            "with_cases": with_cases,
            "ratio": round(covered / len(rpcs), 4) if rpcs else 0.0,
            "by_status": {s: by_status[s] for s in RPC_STATUSES},
        },
        "rpcs": rpcs,
        "deviations": deviations,
        "not_implemented": sorted(not_implemented.values(), key=lambda e: e["rpc"]),
        "harness_errors": harness_errors,
        "cases": results,
    }


def exit_code(report: dict) -> int:
    """0 when the run found nothing wrong; 1 on any deviation, not-implemented RPC or harness error.

    (The CLI reserves 2 for usage/configuration errors and 3 for an unreachable target.)
    """
    totals = report.get("totals", {})
    by_status = report.get("coverage", {}).get("by_status", {})
    if totals.get("deviating", 0) or report.get("deviations"):
        return 1
    if by_status.get("not_implemented", 0) or report.get("not_implemented"):
        return 1
    if totals.get("harness_error", 0) or report.get("harness_errors"):
        return 1
    return 0
