"""Parallel runs: xdist keeps a module's shared (loaded) collections on one worker, the state machines go
first, and on the plain bundled mock each worker serves itself (conformance.plugin, cases/conftest.py)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conformance.cli import cases_dir
from conformance.plugin import _shares_loaded_collections


def test_modules_with_module_scoped_collections_are_grouped():
    cases = cases_dir()
    assert _shares_loaded_collections(cases / "test_filters.py")  # loaded_collection fixtures
    assert _shares_loaded_collections(cases / "test_search_params.py")  # its own module-scoped fixtures
    assert not _shares_loaded_collections(cases / "test_lifecycle_stateful.py")  # items scheduled alone
    assert not _shares_loaded_collections(cases / "no_such_module.py")


@pytest.mark.slow
def test_a_parallel_run_on_the_bundled_mock(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "conformance.cli", "run", "-n", "2", "--report-dir", str(tmp_path), "-q",
         "-k", "stateful or alias"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["totals"]["deviating"] == 0 and report["totals"]["harness_error"] == 0
    judged = {row["name"] for row in report["rpcs"] if row["status"] == "conformant"}
    assert {"CreateAlias", "Insert", "Search", "ShowPartitions"} <= judged
