"""The milvus-conformance command: argument errors, exit codes, the RPC listing and runs end to end.

Runs that start pytest go through a subprocess: a nested in-process pytest session would share this one's
global state (Hypothesis profiles, imported modules).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from concurrent import futures

import grpc
import pytest

from conformance import __version__, cli
from conformance.protocol import SERVICE_NAME, common_pb2, milvus_pb2
from conformance.protocol.catalogue import all_rpcs


def run_cli(*args, timeout=120, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, **kwargs.pop("env", {})}
    env.pop("MILVUS_TARGET", None)
    return subprocess.run([sys.executable, "-m", "conformance.cli", *args], capture_output=True, text=True,
                          timeout=timeout, env=env, **kwargs)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(autouse=True)
def _no_env_target(monkeypatch):
    for name in ("MILVUS_TARGET", "MILVUS_TOKEN", "MILVUS_PASSWORD"):
        monkeypatch.delenv(name, raising=False)


# --- argument errors (in-process: they never reach pytest) ---------------------------------------


def test_version(capsys):
    assert cli.main(["--version"]) == 0
    assert __version__ in capsys.readouterr().out


def test_help_documents_exit_codes(capsys):
    assert cli.main(["run", "--help"]) == 0
    out = capsys.readouterr().out
    for code in ("0 ", "1 ", "2 ", "3 "):
        assert f"\n  {code}" in out
    assert "unreachable" in out or "could not be reached" in out


@pytest.mark.parametrize("argv", [[], ["frobnicate"], ["run", "-n", "many"], ["run", "--profile", "huge"],
                                  ["run", "--deadline", "-1"], ["mock", "--port", "70000"],
                                  ["rpcs", "--", "-x"]])
def test_usage_errors(argv, capsys):
    assert cli.main(argv) == 2
    assert capsys.readouterr().err


@pytest.mark.parametrize("target, message", [
    ("not a target", "not host:port"),
    ("localhost:99999", "out of range"),
    ("ftp://db:21", "unsupported scheme"),
])
def test_bad_target(target, message, capsys, tmp_path):
    assert cli.main(["run", "--target", target, "--report-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_missing_tls_file(capsys, tmp_path):
    code = cli.main(["run", "--target", "https://127.0.0.1:1", "--tls-ca", str(tmp_path / "nope.pem"),
                     "--report-dir", str(tmp_path)])
    assert code == 2
    assert "nope.pem" in capsys.readouterr().err


def test_tls_options_need_a_target(capsys, tmp_path):
    assert cli.main(["run", "--tls", "--report-dir", str(tmp_path)]) == 2
    assert "--target" in capsys.readouterr().err


def test_unwritable_report_dir(capsys, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert cli.main(["run", "--target", "127.0.0.1:1", "--report-dir", str(blocker / "reports")]) == 2
    assert "report directory" in capsys.readouterr().err


def test_unreachable_target_exits_3_quickly(capsys, tmp_path):
    port = free_port()
    started = time.monotonic()
    code = cli.main(["run", "--target", f"127.0.0.1:{port}", "--connect-timeout", "0.5",
                     "--report-dir", str(tmp_path)])
    assert code == 3
    assert time.monotonic() - started < 5
    assert f"127.0.0.1:{port}" in capsys.readouterr().err


def test_plugin_is_not_registered_twice(monkeypatch, tmp_path):
    monkeypatch.delenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", raising=False)
    assert "conformance.plugin" not in cli._base_pytest_args(tmp_path)  # the pytest11 entry point loads it
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    args = cli._base_pytest_args(tmp_path, xdist=True)
    assert args.count("conformance.plugin") == 1 and "xdist.plugin" in args


def test_cases_dir_has_its_ini():
    assert (cli.cases_dir() / "pytest.ini").is_file()


# --- rpcs ----------------------------------------------------------------------------------------


def test_rpcs_json_lists_every_rpc():
    proc = run_cli("rpcs", "--json")
    doc = json.loads(proc.stdout)
    assert [r["name"] for r in doc["rpcs"]] == [rpc.name for rpc in all_rpcs()]
    assert len(doc["rpcs"]) == 144 and doc["coverage"]["rpcs"] == 144
    assert doc["coverage"]["with_cases"] == sum(1 for r in doc["rpcs"] if r["cases"])
    first = doc["rpcs"][0]
    assert set(first) >= {"name", "kind", "request_type", "response_type", "cases"}
    assert proc.returncode == (1 if doc["collection_errors"] or doc["unknown_rpcs"] else 0), proc.stderr


def test_rpcs_table():
    proc = run_cli("rpcs")
    assert "coverage:" in proc.stdout and "CreateCollection" in proc.stdout
    assert "Traceback" not in proc.stderr


# --- run against a stand-in server -------------------------------------------------------------------


SYNTHETIC_CASES = '''
import pytest
from conformance.expectations import verify
from conformance.protocol import milvus_pb2


@pytest.mark.rpc("GetVersion")
def test_cli_synthetic_version(conn, check):
    check(conn.call("GetVersion"), "GetVersion/answers")


@pytest.mark.rpc("ShowCollections")
def test_cli_synthetic_unimplemented(conn):
    conn.call("ShowCollections")


@pytest.mark.rpc("HasCollection")
def test_cli_synthetic_deviation(conn):
    verify("GetVersion/names-version", False, expected="this", actual="that", request=milvus_pb2.GetVersionRequest())
'''


@pytest.fixture
def synthetic_cases(tmp_path):
    directory = tmp_path / "synthetic"
    directory.mkdir()
    (directory / "test_cli_synthetic.py").write_text(textwrap.dedent(SYNTHETIC_CASES))
    return directory


@pytest.fixture
def version_only_server():
    """A server that implements GetVersion and HasCollection and nothing else."""

    def get_version(request, context):
        return milvus_pb2.GetVersionResponse(status=common_pb2.Status(), version="v2.5.0")

    def has_collection(request, context):
        return milvus_pb2.BoolResponse(status=common_pb2.Status(), value=False)

    handler = grpc.method_handlers_generic_handler(SERVICE_NAME, {
        "GetVersion": grpc.unary_unary_rpc_method_handler(
            get_version, request_deserializer=milvus_pb2.GetVersionRequest.FromString,
            response_serializer=milvus_pb2.GetVersionResponse.SerializeToString),
        # enough MilvusService for the pre-flight check to accept it
        "HasCollection": grpc.unary_unary_rpc_method_handler(
            has_collection, request_deserializer=milvus_pb2.HasCollectionRequest.FromString,
            response_serializer=milvus_pb2.BoolResponse.SerializeToString),
    })
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    server.add_generic_rpc_handlers((handler,))
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    yield f"127.0.0.1:{port}"
    server.stop(None)


def test_run_against_a_target(version_only_server, synthetic_cases, tmp_path):
    reports, junit = tmp_path / "reports", tmp_path / "junit" / "out.xml"
    proc = run_cli("run", "--target", version_only_server, "--report-dir", str(reports), "-n", "0",
                   "-k", "cli_synthetic", "--junitxml", str(junit), "--", str(synthetic_cases))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    report = json.loads((reports / "report.json").read_text())
    status = {r["name"]: r["status"] for r in report["rpcs"]}
    assert status["GetVersion"] == "deviating"  # blamed on the RPC named by the deviation
    assert status["ShowCollections"] == "not_implemented"
    assert status["HasCollection"] == "not_covered"
    assert report["totals"]["cases"] == 3 and report["run"]["server"]
    assert "GetVersion/names-version" in (reports / "report.md").read_text()
    assert junit.is_file()
    assert "1 deviating" in proc.stdout and "report.json" in proc.stdout


def test_run_selecting_nothing_is_a_usage_error(version_only_server, tmp_path):
    proc = run_cli("run", "--target", version_only_server, "--report-dir", str(tmp_path), "-n", "0",
                   "-k", "no_case_is_called_like_this")
    assert proc.returncode == 2
    assert "no case was selected" in proc.stderr


# --- the bundled mock (conformance.mock) -------------------------------------------------------------


def test_run_on_the_bundled_mock(synthetic_cases, tmp_path):
    proc = run_cli("run", "--report-dir", str(tmp_path), "-k", "cli_synthetic_version",
                   "--", str(synthetic_cases))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "bundled mock" in proc.stdout
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["totals"]["conformant"] == 1
    assert {r["name"]: r["status"] for r in report["rpcs"]}["GetVersion"] == "conformant"


def test_mock_command_stops_cleanly_on_ctrl_c():
    proc = subprocess.Popen([sys.executable, "-m", "conformance.cli", "mock", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert "127.0.0.1:" in line, proc.stderr.read()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0
    assert "Traceback" not in err


def test_failures_no_verdict_accounts_for_are_noticed():
    """A teardown error or an unclassified failure makes the run fail even when every verdict is known."""
    from types import SimpleNamespace

    from conformance.cli import _RunObserver
    from conformance.plugin import RESULT_KEY

    def report(when, failed, classified):
        props = [(RESULT_KEY, json.dumps({"outcome": "deviating"}))] if classified else []
        return SimpleNamespace(nodeid=f"t.py::{when}", when=when, failed=failed, user_properties=props)

    observer = _RunObserver()
    observer.pytest_runtest_logreport(report("call", True, classified=True))   # a deviation: has a verdict
    observer.pytest_runtest_logreport(report("call", False, classified=False))
    assert observer.unclassified == []
    observer.pytest_runtest_logreport(report("teardown", True, classified=False))
    observer.pytest_runtest_logreport(report("call", True, classified=False))
    assert observer.unclassified == ["t.py::teardown (teardown)", "t.py::call (call)"]
