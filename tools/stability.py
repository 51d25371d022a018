"""Run the suite several times against one target and report every verdict that flips between runs.

A verdict that flips is a harness defect unless the server's own answers flip (compare the deviations'
actual answers to tell). Used to verify the reference runs; each run writes its own report.

    python tools/stability.py --target 127.0.0.1:19542 --runs 5 -- -n 4 --allow-global-rpcs
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path


def verdicts(report: dict) -> dict[str, str]:
    """case → outcome, with the failed check IDs for deviations."""
    out = {}
    for case in report["cases"]:
        outcome = case["outcome"]
        if outcome == "deviating":
            outcome += " " + ",".join((case.get("deviation") or {}).get("checks") or [])
        out[case["nodeid"]] = outcome
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--target", required=True)
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--out", default=None, help="where the runs' reports go (default: a temporary directory)")
    ap.add_argument("extra", nargs="*", help="arguments for milvus-conformance run (after --)")
    args = ap.parse_args(argv)
    out = Path(args.out or tempfile.mkdtemp(prefix="mc-stability-"))
    runs = []
    for i in range(1, args.runs + 1):
        report_dir = out / f"run{i}"
        cmd = [sys.executable, "-m", "conformance.cli", "run", "--target", args.target, "--report-dir",
               str(report_dir), "-q", *args.extra]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        report = json.loads((report_dir / "report.json").read_text())
        runs.append(verdicts(report))
        totals = report["totals"]
        print(f"run {i}: exit {proc.returncode}; {totals['conformant']} conformant, {totals['deviating']} deviating, "
              f"{totals['not_implemented']} not implemented, {totals['harness_error']} harness errors", flush=True)
    flips = {case: [r.get(case, "(absent)") for r in runs] for case in sorted(set().union(*runs))
             if len({r.get(case, "(absent)") for r in runs}) > 1}
    for case, seen in flips.items():
        print(f"FLIPS  {case}: " + " | ".join(seen))
    print(f"{len(flips)} verdict(s) flipped across {args.runs} runs; reports in {out}")
    return 1 if flips else 0


if __name__ == "__main__":
    sys.exit(main())
