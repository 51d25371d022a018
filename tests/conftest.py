"""Harness tests: make tools/ importable (it is a repo tool, not part of the installed package)."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import os  # noqa: E402

from hypothesis import settings  # noqa: E402

# The harness's own property tests: a fixed, derandomized CI profile with no per-example deadline (a loaded
# 2-core CI machine must not turn a slow example into a failure), and a deeper local one:
# HARNESS_HYPOTHESIS_PROFILE=deep pytest
settings.register_profile("harness-ci", derandomize=True, deadline=None, database=None)
settings.register_profile("harness-deep", max_examples=1000, deadline=None)
settings.load_profile("harness-" + os.environ.get("HARNESS_HYPOTHESIS_PROFILE", "ci"))
