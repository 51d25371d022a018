"""How long the quick profile takes against the bundled mock (target: under 60 s on 2 cores).

Prints wall-clock figures and a ratio against a baseline measured in the same run: the cost of merely
starting pytest and collecting the cases (no RPCs). Not a test; nothing here asserts on time.

    python bench/bench_quick_profile.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time

TARGET_SECONDS = 60.0


def timed(cmd: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start, proc.returncode


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    cli = [sys.executable, "-m", "conformance.cli"]
    baseline, suite = [], []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            seconds, _ = timed([*cli, "rpcs", "--json"])
            baseline.append(seconds)
            seconds, rc = timed([*cli, "run", "--profile", "quick", "--report-dir", tmp])
            suite.append(seconds)
            if rc != 0:
                print(f"warning: the quick run exited {rc}; figures still printed", file=sys.stderr)
    b, s = statistics.median(baseline), statistics.median(suite)
    print(f"baseline (start + collect, no RPCs): median {b:.2f} s over {args.repeat} runs")
    print(f"quick profile vs bundled mock:       median {s:.2f} s over {args.repeat} runs "
          f"(min {min(suite):.2f}, max {max(suite):.2f})")
    print(f"ratio suite/baseline: {s / b:.1f}x; budget {TARGET_SECONDS:.0f} s -> "
          f"{'within' if s <= TARGET_SECONDS else 'OVER'} budget ({s / TARGET_SECONDS:.0%} used)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
