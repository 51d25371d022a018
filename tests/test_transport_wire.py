"""Transport over real gRPC against the mock: TLS and mutual TLS, unix sockets, the metadata Milvus
expects for credentials and databases, and what the recording interceptor keeps."""

from __future__ import annotations

import base64
import shutil
import subprocess

import grpc
import pytest

from conformance.mock import serve
from conformance.mock.server import MockServicer
from conformance.protocol import milvus_pb2
from conformance.transport import Connection, ConnectionRegistry, RpcUnimplemented, parse_target


class MetadataCapturing(MockServicer):
    def __init__(self):
        super().__init__()
        self.seen: list[dict] = []

    def HasCollection(self, request, context):
        self.seen.append(dict(context.invocation_metadata()))
        return super().HasCollection(request, context)


def test_credentials_and_database_travel_as_milvus_metadata():
    servicer = MetadataCapturing()
    with serve(servicer=servicer) as server:
        registry = ConnectionRegistry()
        conn = registry.connect("a", server.address, user="root", password="Milvus", db_name="default")
        conn.call("HasCollection", milvus_pb2.HasCollectionRequest(collection_name="x"))
        registry.disconnect_all()
    md = servicer.seen[-1]
    assert md["authorization"] == base64.b64encode(b"root:Milvus").decode()
    assert md["dbname"] == "default"


class WithoutSnapshots(MockServicer):
    """A target lacking an RPC (as servers before 3.0 lack CreateSnapshot): gRPC UNIMPLEMENTED."""

    def CreateSnapshot(self, request, context):
        context.abort(grpc.StatusCode.UNIMPLEMENTED, "unknown method CreateSnapshot")


def test_the_recorder_keeps_method_request_response_status_and_latency():
    with serve(servicer=WithoutSnapshots()) as server:
        conn = Connection("r", parse_target(server.address))
        request = milvus_pb2.DescribeCollectionRequest(collection_name="mc_missing")
        reply = conn.call("DescribeCollection", request)
        with pytest.raises(RpcUnimplemented):
            conn.call("CreateSnapshot")
        conn.close()
    first, second = conn.recorder.since(0)
    assert (first.method, first.request, first.response, first.grpc_code) == (
        "DescribeCollection", request, reply, "OK")
    assert first.status.code == 100 and first.latency_s > 0
    assert (second.method, second.grpc_code, second.response) == ("CreateSnapshot", "UNIMPLEMENTED", None)
    assert conn.recorder.counts == {"DescribeCollection": 1, "CreateSnapshot": 1}


def test_unix_socket_targets(tmp_path):
    path = tmp_path / "milvus.sock"
    with serve(host=f"unix:{path}") as server:
        conn = Connection("u", parse_target(server.address))
        assert conn.call("HasCollection", milvus_pb2.HasCollectionRequest(collection_name="x")).value is False
        conn.close()


def _openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    """A throwaway CA, a server certificate for localhost and a client certificate."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    d = tmp_path_factory.mktemp("pki")
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
             "-days", "2", "-subj", "/CN=conformance-test-ca", cwd=d)
    (d / "san.ext").write_text("subjectAltName=DNS:localhost,IP:127.0.0.1\n")
    for name in ("server", "client"):
        _openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{name}.key", "-out", f"{name}.csr",
                 "-subj", f"/CN={name}", cwd=d)
        _openssl("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                 "-out", f"{name}.pem", "-days", "2", "-extfile", "san.ext", cwd=d)
    return d


def test_tls_and_mutual_tls(pki):
    read = lambda name: (pki / name).read_bytes()  # noqa: E731
    creds = grpc.ssl_server_credentials([(read("server.key"), read("server.pem"))],
                                        root_certificates=read("ca.pem"), require_client_auth=True)
    with serve(host="localhost", credentials=creds) as server:
        port = server.address.rsplit(":", 1)[1]
        mtls = Connection("m", parse_target(f"https://localhost:{port}", ca_file=str(pki / "ca.pem"),
                                            cert_file=str(pki / "client.pem"), key_file=str(pki / "client.key")))
        assert mtls.call("HasCollection", milvus_pb2.HasCollectionRequest(collection_name="x")).value is False
        mtls.close()
        # Without a client certificate the server refuses the handshake: a transport error, not a hang.
        no_cert = Connection("n", parse_target(f"https://localhost:{port}", ca_file=str(pki / "ca.pem"),
                                               timeout=5))
        with pytest.raises(Exception, match="UNAVAILABLE"):
            no_cert.call("HasCollection", milvus_pb2.HasCollectionRequest(collection_name="x"))
        no_cert.close()
