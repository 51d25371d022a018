"""A deviation planted in the mock makes the suite fail, with a clear, minimal reproduction.

These are end-to-end checks that the cases can fail: each plants one wrong behaviour in an otherwise
faithful mock, runs the real cases against it through the CLI, and reads the report.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conformance.mock import serve
from conformance.mock.server import MockServicer
from conformance.protocol import common_pb2, milvus_pb2


class HasCollectionAlwaysTrue(MockServicer):
    def HasCollection(self, request, context):
        return milvus_pb2.BoolResponse(status=common_pb2.Status(), value=True)


class DropPartitionOfDefaultAccepted(MockServicer):
    def DropPartition(self, request, context):
        if request.partition_name == "_default":
            return common_pb2.Status()
        return super().DropPartition(request, context)


def run_suite(address: str, report_dir, *select: str) -> tuple[int, dict, str]:
    env = {k: v for k, v in os.environ.items() if k != "MILVUS_TARGET"}
    proc = subprocess.run(
        # -n 0: in-process. These runs are small and the harness tests already run in parallel; four xdist
        # workers each (the default against a --target) cost 2.7x the time in worker start-up.
        [sys.executable, "-m", "conformance.cli", "run", "--target", address, "--report-dir", str(report_dir),
         "-n", "0", "-q", *select],
        capture_output=True, text=True, timeout=300, env=env,
    )
    report = json.loads((report_dir / "report.json").read_text())
    return proc.returncode, report, proc.stdout + proc.stderr


def status_of(report: dict, rpc: str) -> str:
    return next(row["status"] for row in report["rpcs"] if row["name"] == rpc)


@pytest.mark.slow
def test_has_collection_always_true_is_caught_with_a_minimal_reproduction(tmp_path):
    with serve(servicer=HasCollectionAlwaysTrue()) as server:
        code, report, output = run_suite(server.address, tmp_path, "-k", "collection")
        # The failing example's calls, up to the deviating one, replay as a standalone script.
        scripted = [d for d in report["deviations"] if d["replay_file"] and d["rpc"] == "HasCollection"]
        assert scripted, report["deviations"]
        script = tmp_path / scripted[0]["replay_file"]
        text = script.read_text()
        assert "replay.deviation('HasCollection'" in text
        # Self-contained: it creates what it needs under fresh names, judges the answer, exits 1 while the
        # deviation reproduces.
        replay = subprocess.run([sys.executable, str(script), server.address], capture_output=True, text=True,
                                timeout=60)
        assert replay.returncode == 1, replay.stdout + replay.stderr
        assert "HasCollection" in replay.stdout
    # Against a faithful server the same script reports that the target conforms.
    with serve() as fixed:
        again = subprocess.run([sys.executable, str(script), fixed.address], capture_output=True, text=True,
                               timeout=60)
        assert again.returncode in (0, 2), again.stdout + again.stderr
    assert code == 1, output
    assert status_of(report, "HasCollection") == "deviating"
    blamed = {d["rpc"] for d in report["deviations"]}
    assert blamed == {"HasCollection"}, f"only the planted RPC may be blamed: {blamed}"
    deviation = next(d for d in report["deviations"] if d["rpc"] == "HasCollection")
    assert deviation["checks"] == ["HasCollection/reports-existence"]
    assert deviation["request_type"] == "milvus.proto.milvus.HasCollectionRequest"
    assert "collection_name:" in deviation["request"]
    assert "HasCollection" in (tmp_path / "report.md").read_text()
    # Unaffected RPCs still conform.
    assert status_of(report, "CreateCollection") == "conformant"


@pytest.mark.slow
def test_dropping_the_default_partition_is_caught(tmp_path):
    with serve(servicer=DropPartitionOfDefaultAccepted()) as server:
        code, report, output = run_suite(server.address, tmp_path, "-k", "partition")
    assert code == 1, output
    assert status_of(report, "DropPartition") == "deviating"
    deviation = next(d for d in report["deviations"] if d["rpc"] == "DropPartition")
    assert deviation["checks"] == ["DropPartition/default-partition"]
    assert 'partition_name: "_default"' in deviation["request"]
    # The replay creates its own collection under a fresh name, reproduces, and removes what it created.
    script = tmp_path / deviation["replay_file"]
    with serve(servicer=DropPartitionOfDefaultAccepted()) as server:
        replay = subprocess.run([sys.executable, str(script), server.address], capture_output=True, text=True,
                                timeout=60)
        assert replay.returncode == 1, replay.stdout + replay.stderr
        assert server.servicer.catalog.all_collections() == []  # cleaned up
    with serve() as fixed:
        again = subprocess.run([sys.executable, str(script), fixed.address], capture_output=True, text=True,
                               timeout=60)
        assert again.returncode == 0, again.stdout + again.stderr


@pytest.mark.slow
def test_the_faithful_mock_passes_every_case(tmp_path):
    with serve() as server:
        code, report, output = run_suite(server.address, tmp_path, "--allow-global-rpcs")
    assert code == 0, output
    assert report["totals"]["deviating"] == 0 and report["totals"]["harness_error"] == 0
    assert report["totals"]["conformant"] >= 100
    # Authorization on: the authentication and privilege cases apply (they are not applicable without it).
    with serve(auth=True) as server:
        code, secured, output = run_suite(server.address, tmp_path / "auth", "--allow-global-rpcs", "--user", "root",
                                          "--password", "Milvus", "-k", "test_privileges")
    assert code == 0, output
    assert secured["totals"]["deviating"] == 0 and secured["totals"]["not_applicable"] == 0
    # Every registered check reaches the wire: some case sends what it judges, in the quick profile.
    from conformance.model.rules import rules

    unjudged = sorted(set(rules.ids()) - set(report["checks"]) - set(secured["checks"]))
    assert not unjudged, f"registered checks no case judged: {unjudged}"


@pytest.mark.slow
def test_the_baseline_gate_end_to_end(tmp_path):
    """A deviating server passes with a baseline naming its deviations, and fails when an entry is
    missing or names no case: the gate a CI job relies on, through the real CLI."""
    with serve(servicer=DropPartitionOfDefaultAccepted()) as server:
        select = ("-k", "partition_lifecycle or default_partition")
        code, report, output = run_suite(server.address, tmp_path / "first", *select)
        assert code == 1, output
        written = tmp_path / "baseline.json"
        subprocess.run([sys.executable, "-m", "conformance.cli", "baseline", str(tmp_path / "first" / "report.json"),
                        "-o", str(written)], check=True, capture_output=True)
        entries = json.loads(written.read_text())["entries"]
        assert "DropPartition/default-partition" in {e["id"] for e in entries}

        code, _, output = run_suite(server.address, tmp_path / "gated", *select, "--baseline", str(written))
        assert code == 0, output

        missing = tmp_path / "missing.json"
        missing.write_text(json.dumps({"entries": [e for e in entries
                                                   if e["id"] != "DropPartition/default-partition"]}))
        code, _, output = run_suite(server.address, tmp_path / "missing", *select, "--baseline", str(missing))
        assert code == 1 and "DropPartition/default-partition" in output, output

        bogus = tmp_path / "bogus.json"
        bogus.write_text(json.dumps({"entries": entries + [{"id": "CreateCollection/no-such-check",
                                                            "reason": "planted"}]}))
        code, _, output = run_suite(server.address, tmp_path / "bogus", *select, "--baseline", str(bogus))
        assert code == 1 and "CreateCollection/no-such-check" in output, output
