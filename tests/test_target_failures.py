"""A broken or vanishing target is never blamed on the server: the run says what is wrong (exit 3), stops
within bounded time, marks what it could not run, and the suite's leftovers can be cleaned up."""

from __future__ import annotations

import http.server
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent import futures

import grpc
import pytest

from conformance.cleanup import clean, suite_names
from conformance.mock import serve
from conformance.mock.server import MockServicer
from conformance.protocol import SERVICE_NAME, common_pb2, milvus_pb2
from conformance.transport import Connection, parse_target
from conformance.transport.preflight import TargetProblem, preflight


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def cli(*args, timeout=120):
    env = {k: v for k, v in os.environ.items() if k not in ("MILVUS_TARGET", "MILVUS_TOKEN", "MILVUS_PASSWORD")}
    return subprocess.run([sys.executable, "-m", "conformance.cli", *args], capture_output=True, text=True,
                          timeout=timeout, env=env)


def grpc_server(handlers: dict):
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler(SERVICE_NAME, handlers),))
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    return server, f"127.0.0.1:{port}"


def _unary(fn, req, resp):
    return grpc.unary_unary_rpc_method_handler(fn, request_deserializer=req.FromString,
                                               response_serializer=resp.SerializeToString)


def test_nothing_listening():
    with pytest.raises(TargetProblem, match="refuses connections") as info:
        preflight(parse_target(f"127.0.0.1:{free_port()}"), timeout=2)
    assert info.value.kind == "refused"


def test_a_name_that_does_not_resolve():
    with pytest.raises(TargetProblem, match="cannot resolve") as info:
        preflight(parse_target("no-such-host.invalid:19530"), timeout=2)
    assert info.value.kind == "dns"


def test_an_http1_server_is_not_grpc():
    httpd = http.server.HTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        with pytest.raises(TargetProblem) as info:
            preflight(parse_target(f"127.0.0.1:{httpd.server_port}"), timeout=2)
        assert info.value.kind in ("not-grpc", "unreachable", "timeout")
    finally:
        httpd.shutdown()


def test_a_grpc_server_that_is_not_milvus():
    def version(request, context):
        return milvus_pb2.GetVersionResponse(status=common_pb2.Status(), version="v9.9.9")

    server, address = grpc_server({"GetVersion": _unary(version, milvus_pb2.GetVersionRequest,
                                                        milvus_pb2.GetVersionResponse)})
    try:
        with pytest.raises(TargetProblem, match="not MilvusService") as info:
            preflight(parse_target(address), timeout=2)
        assert info.value.kind == "not-milvus"
    finally:
        server.stop(None)


def test_refused_credentials_are_named():
    def refuse(request, context):
        context.abort(grpc.StatusCode.UNAUTHENTICATED, "auth check failure, please check username, password")

    server, address = grpc_server({
        "GetVersion": _unary(refuse, milvus_pb2.GetVersionRequest, milvus_pb2.GetVersionResponse),
        "HasCollection": _unary(refuse, milvus_pb2.HasCollectionRequest, milvus_pb2.BoolResponse)})
    try:
        started = time.monotonic()
        proc = cli("run", "--target", address, "--token", "wrong", "--report-dir", "/tmp/mc-auth-report")
        assert proc.returncode == 3, proc.stdout + proc.stderr
        assert "authentication failed" in proc.stderr
        assert "wrong" not in proc.stdout + proc.stderr  # the secret is never printed
        assert time.monotonic() - started < 30
    finally:
        server.stop(None)


def test_tls_expected_by_the_client_but_not_served():
    with serve() as server:
        with pytest.raises(TargetProblem) as info:
            preflight(parse_target(f"https://{server.address}"), timeout=2)
        assert info.value.kind == "tls"


@pytest.mark.slow
@pytest.mark.parametrize("how", ["kill", "freeze"])
def test_a_target_that_goes_away_mid_run(tmp_path, how):
    mock = subprocess.Popen([sys.executable, "-m", "conformance.cli", "mock", "--port", "0"],
                            stdout=subprocess.PIPE, text=True)
    try:
        address = mock.stdout.readline().split(" at ")[1].split()[0]
        run = subprocess.Popen([sys.executable, "-m", "conformance.cli", "run", "--target", address, "--report-dir",
                                str(tmp_path), "-q", "-n", "0", "--deadline", "3"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        # Past the preflight (which would blame an unreachable target instead): wait for the run token line,
        # however slow start-up is on a loaded machine, then let some cases run.
        head = []
        while not any("run token" in line for line in head):
            line = run.stdout.readline()
            assert line, "".join(head)[-2000:]
            head.append(line)
        time.sleep(2)
        if how == "kill":
            mock.kill()
        else:
            os.kill(mock.pid, signal.SIGSTOP)
        gone = time.monotonic()
        out, _ = run.communicate(timeout=120)
        out = "".join(head) + out
        # Well within twice the default 30 s deadline (this run's deadline is 3 s; start-up and the 5 s
        # liveness probe come on top).
        assert time.monotonic() - gone < 60, out[-2000:]
        assert run.returncode == 3, out[-2000:]
        report = json.loads((tmp_path / "report.json").read_text())
        assert report["run"]["incomplete"].startswith("the target stopped answering")
        assert report["deviations"] == [] and report["harness_errors"] == []
        assert report["totals"]["not_run"] > 0
        assert not (tmp_path / "replay").exists() or not list((tmp_path / "replay").iterdir())
    finally:
        if how == "freeze":
            os.kill(mock.pid, signal.SIGCONT)
        mock.kill()
        mock.wait()


def test_clean_removes_only_the_suites_objects():
    with serve() as server:
        cat = server.catalog
        schema = lambda n: milvus_pb2.CreateCollectionRequest(  # noqa: E731
            collection_name=n, schema=_schema(n).SerializeToString())
        for name in ("mc0123abcd_c1", "mc0123abcdgw1_c2", "_mc9999aaaa__x", "someone_c1", "xmc0123abcd_c3"):
            cat.create_collection("default", schema(name))
        cat.create_alias("default", "mc0123abcd_c1", "mc0123abcd_a1")
        cat.create_alias("default", "someone_c1", "someone_a1")
        cat.create_database("mc0123abcd_db1")
        conn = Connection("t-clean", parse_target(server.address))
        try:
            only_one = clean(conn, "mc0123abcd")
            assert sorted(only_one.removed) == ["alias default.mc0123abcd_a1", "collection default.mc0123abcd_c1",
                                                "collection default.mc0123abcdgw1_c2", "database mc0123abcd_db1"]
            everything = clean(conn)
            assert everything.removed == ["collection default._mc9999aaaa__x"]
        finally:
            conn.close()
        assert sorted(c.name for c in cat.all_collections()) == ["someone_c1", "xmc0123abcd_c3"]
        assert cat.describe_alias("default", "someone_a1") == "someone_c1"
    assert suite_names().search("mc0123abcd_c1") and not suite_names().search("someone_c1")


def test_clean_command_says_what_it_removed():
    with serve() as server:
        server.catalog.create_collection("default", milvus_pb2.CreateCollectionRequest(
            collection_name="mc0123abcd_c1", schema=_schema("mc0123abcd_c1").SerializeToString()))
        proc = cli("clean", "--target", server.address, "--run", "mc0123abcd")
        assert proc.returncode == 0, proc.stderr
        assert "removed collection default.mc0123abcd_c1" in proc.stdout
        again = cli("clean", "--target", server.address)
        assert again.returncode == 0 and "nothing" in again.stdout
    assert cli("clean", "--target", "127.0.0.1:1", "--run", "bogus").returncode == 2


def _schema(name):
    from conformance.protocol import schema_pb2

    return schema_pb2.CollectionSchema(name=name, fields=[
        schema_pb2.FieldSchema(name="id", data_type=schema_pb2.DataType.Int64, is_primary_key=True),
        schema_pb2.FieldSchema(name="vec", data_type=schema_pb2.DataType.FloatVector,
                               type_params=[common_pb2.KeyValuePair(key="dim", value="4")])])


class SlowCreateCollection(MockServicer):
    def CreateCollection(self, request, context):
        time.sleep(0.5)
        return super().CreateCollection(request, context)


@pytest.mark.slow
def test_sigterm_tears_down_cleans_up_and_reports(tmp_path):
    # A slow server keeps the run going however fast the machine is; SIGTERM comes once collections exist.
    with serve(servicer=SlowCreateCollection()) as server:
        run = subprocess.Popen([sys.executable, "-m", "conformance.cli", "run", "--target", server.address,
                                "--report-dir", str(tmp_path), "-q", "-n", "2"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + 60
        while not server.catalog.all_collections() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert run.poll() is None, "the run ended before it could be interrupted"
        run.send_signal(signal.SIGTERM)
        out, _ = run.communicate(timeout=120)
        assert run.returncode == 130, out[-2000:]
        left = [c.name for c in server.catalog.all_collections() if suite_names().search(c.name)]
        assert left == [], left
        report = json.loads((tmp_path / "report.json").read_text())
        assert report["run"]["incomplete"] == "interrupted"
        assert report["run"]["token"] in out


def test_secrets_never_reach_a_printed_object():
    target = parse_target("db.example:443", tls=True, token="s3cr3t-token")
    assert "s3cr3t" not in repr(target) and "s3cr3t" not in target.describe()
    target = parse_target("db.example:443", user="root", password="hunter2")
    assert "hunter2" not in repr(target)


def test_clean_removes_the_suites_server_wide_objects():
    """Resource groups and file resources carrying a run token go too; the default group and foreign ones stay."""
    with serve() as server:
        conn = Connection("t-clean-rg", parse_target(server.address))
        try:
            for name in ("mc0123abcd_rg1", "someone_rg"):
                assert conn.call("CreateResourceGroup", milvus_pb2.CreateResourceGroupRequest(
                    resource_group=name)).code == 0
            for name in ("mc0123abcd_f1", "someone_f"):
                assert conn.call("AddFileResource", milvus_pb2.AddFileResourceRequest(
                    name=name, path=f"/tmp/{name}.txt")).code == 0
            result = clean(conn, "mc0123abcd")
            assert sorted(result.removed) == ["file resource mc0123abcd_f1", "resource group mc0123abcd_rg1"]
            groups = conn.call("ListResourceGroups", milvus_pb2.ListResourceGroupsRequest()).resource_groups
            files = [r.name for r in conn.call("ListFileResources", milvus_pb2.ListFileResourcesRequest()).resources]
            assert sorted(groups) == ["__default_resource_group", "someone_rg"] and files == ["someone_f"]
        finally:
            conn.close()
