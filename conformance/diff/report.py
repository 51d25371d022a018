"""The divergence list: ``diff.json`` (everything) and ``diff.md`` (grouped by kind, each with its reproduction).

Neither holds the run token, times or latencies, so two runs finding the same divergences write the same lists.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from pathlib import Path

from .run import REPRO_DIR, DiffResult

JSON_NAME, MARKDOWN_NAME = "diff.json", "diff.md"


def clear(report_dir: Path) -> None:
    """Remove an earlier diff's outputs (never mistake old reproductions for this run's)."""
    for name in (JSON_NAME, MARKDOWN_NAME):
        (report_dir / name).unlink(missing_ok=True)
    repro = report_dir / REPRO_DIR
    if repro.is_dir():
        for f in repro.glob("*.json"):
            f.unlink()


def to_json(result: DiffResult) -> dict:
    return {
        "mode": result.mode, "target": result.target, "reference": result.reference, "settings": result.settings,
        "sessions": result.sessions, "calls": result.calls,
        "divergences": [d.to_json() for d in result.divergences],
        "kinds": kinds(result), "problems": result.problems, "refused": result.refused,
    }


def kinds(result: DiffResult) -> list[dict]:
    """One row per kind (a divergence with several differing parts counts under each), the kinds seen
    independently first."""
    groups: OrderedDict[str, list] = OrderedDict()
    for d in result.divergences:
        for kind in d.kinds or [d.signature]:
            groups.setdefault(kind, []).append(d)
    rows = [{"kind": kind, "count": len(ds), "first": ds[0].id,
             "independent": sum(1 for d in ds if d.after is None)} for kind, ds in groups.items()]
    return sorted(rows, key=lambda k: (k["independent"] == 0, k["first"]))


def _val(v) -> str:
    text = json.dumps(v, ensure_ascii=False, default=str)
    return text if len(text) <= 300 else text[:300] + " ..."


def _outcome(o: dict) -> str:
    if o.get("grpc") != "OK":
        return f"gRPC {o.get('grpc')}" + (f" ({o['reason'][:160]})" if o.get("reason") else "")
    if "success" not in o:
        return "OK"
    if o["success"]:
        return "success"
    return f"code {o.get('code')}, error_code {o.get('error_code')}: {(o.get('reason') or '')[:200]}"


def to_markdown(result: DiffResult, replay_command: str) -> str:
    lines = [f"# Differential run: {result.target} vs {result.reference}", ""]
    s = result.settings
    if result.mode == "generated":
        lines.append(f"{result.sessions} generated sequences (seed {s.get('seed')}, "
                     f"{'modern' if s.get('modern') else 'baseline'} features), {result.calls} calls on each side; "
                     f"float tolerance rel {s.get('rel_tol')} / abs {s.get('abs_tol')}.")
    else:
        lines.append(f"Replay of {s.get('session')} ({result.calls} calls).")
    independent = [d for d in result.divergences if d.after is None]
    lines += ["", f"**{len(result.divergences)} divergence(s)**, {len(independent)} independent "
                  f"(the others follow a state-changing divergence in the same sequence), "
                  f"{len(kinds(result))} kind(s).", ""]
    if result.problems:
        lines += ["## Cleanup problems", ""] + [f"- {p}" for p in result.problems] + [""]
    if result.refused:
        lines += ["## Calls the ownership guard refused (never sent)", ""] + \
            [f"- {r}" for r in result.refused[:50]] + [""]
    if not result.divergences:
        lines.append("No divergence: both sides answered every call alike.")
        return "\n".join(lines) + "\n"
    lines += ["Replay a reproduction (fresh names in this tool's run-token namespace; cleaned up afterwards):", "",
              f"    {replay_command}", "",
              "## Kinds", "", "| kind | count | independent | first |", "|---|---|---|---|"]
    for k in kinds(result):
        lines.append(f"| {k['kind'].replace('|', '/')} | {k['count']} | {k['independent']} | #{k['first']} |")
    lines += ["", "## Divergences", "",
              "Each independent divergence in full; the ones that follow it in the same sequence (after the two "
              "servers' states parted) as one line each.", ""]
    followers: dict[int, list] = {}
    for d in result.divergences:
        if d.after is not None:
            followers.setdefault(d.after, []).append(d)
    for d in result.divergences:
        if d.after is not None:
            continue
        lines.append(f"### #{d.id} {d.signature}")
        lines.append("")
        lines.append(f"- where: {d.sequence}, call {d.step} ({d.rpc}{', ' + d.note if d.note else ''})")
        lines.append(f"- target: {_outcome(d.target)}")
        lines.append(f"- reference: {_outcome(d.reference)}")
        for diff in d.differences[:8]:
            lines.append(f"- `{diff.path}`: target {_val(diff.target)} / reference {_val(diff.reference)}")
        if len(d.differences) > 8:
            lines.append(f"- ... {len(d.differences) - 8} more difference(s) in diff.json")
        if d.reproduction:
            lines.append(f"- reproduction: `{d.reproduction}` ({d.reproduction_calls} call(s); {d.replayed})")
        lines += ["", "```", d.request.strip()[:1500], "```", ""]
        if followers.get(d.id):
            lines.append(f"Following in {d.sequence}:")
            lines.append("")
            for f in followers[d.id]:
                lines.append(f"- #{f.id} call {f.step} {f.signature}: target {_outcome(f.target)[:120]} / "
                             f"reference {_outcome(f.reference)[:120]}")
            lines.append("")
    return "\n".join(lines) + "\n"


def write(result: DiffResult, report_dir: Path, replay_command: str) -> list[Path]:
    report_dir.mkdir(parents=True, exist_ok=True)
    jp, mp = report_dir / JSON_NAME, report_dir / MARKDOWN_NAME
    jp.write_text(json.dumps(to_json(result), indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    mp.write_text(to_markdown(result, replay_command), encoding="utf-8")
    return [jp, mp]
