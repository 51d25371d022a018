"""The mock with authorization on (credentials, privilege enforcement) and with TLS / mutual TLS, over real gRPC."""

from __future__ import annotations

import base64

import grpc
import pytest

from conformance import cli
from conformance.mock import serve
from conformance.mock.auth import privilege_rule, server_credentials, throwaway_certificates
from conformance.model.access import Grant
from conformance.model.rules import rules
from conformance.model.rules.auth import denied_id, privileged_rpcs, served_id
from conformance.protocol import catalogue, milvus_pb2, schema_pb2
from conformance.strategies import make_field
from conformance.strategies.schemas import DT
from conformance.transport import Connection, RpcError, parse_target

PASSWORD = "Secret123"


@pytest.fixture(scope="module")
def mock():
    server = serve(auth=True)
    access = server.catalog.access
    with server.catalog.lock:
        for user in ("bare", "granted"):
            access.put_user(user, PASSWORD)
        access.create_role("writer")
        access.bind("granted", "writer")
        access.grant(Grant("writer", "Collection", "c1", "Insert", "default"))
        access.grant(Grant("writer", "Global", "*", "CreateDatabase", "*"))
    root = connect(server, "root", "Milvus")
    schema = schema_pb2.CollectionSchema(name="c1", fields=[make_field("id", DT.Int64, primary=True),
                                                            make_field("vec", DT.FloatVector, dim=4)])
    for name in ("c1", "c2"):
        schema.name = name
        reply = root.call("CreateCollection", milvus_pb2.CreateCollectionRequest(
            collection_name=name, schema=schema.SerializeToString()))
        assert reply.code == 0, reply
    root.close()
    yield server
    server.stop()


def connect(server, user=None, password=None, **tls) -> Connection:
    return Connection("t", parse_target(server.address, user=user, password=password, timeout=5, **tls))


def refusal(conn, rpc, request=None) -> tuple[grpc.StatusCode, str] | None:
    """(gRPC code, details) of a refused call; None when the handler answered. UNIMPLEMENTED counts as answered:
    the call passed the interceptor and reached a handler the mock does not have."""
    try:
        conn.call(rpc, request)
    except RpcError as err:
        return None if err.code == grpc.StatusCode.UNIMPLEMENTED else (err.code, err.details)
    return None


def insert(collection: str) -> milvus_pb2.InsertRequest:
    return milvus_pb2.InsertRequest(collection_name=collection, num_rows=0)


# ---- authentication ---------------------------------------------------------------------------------------


def test_calls_without_credentials_are_refused_unauthenticated(mock):
    conn = connect(mock)
    assert refusal(conn, "HasCollection", milvus_pb2.HasCollectionRequest(collection_name="c1")) == (
        grpc.StatusCode.UNAUTHENTICATED, "missing authorization in header")
    assert refusal(conn, "GetVersion") == (grpc.StatusCode.UNAUTHENTICATED, "missing authorization in header")


def test_wrong_password_unknown_user_and_api_key_are_refused(mock):
    bad = "auth check failure, please check username and password are correct"
    assert refusal(connect(mock, "bare", "nope"), "ListDatabases") == (grpc.StatusCode.UNAUTHENTICATED, bad)
    assert refusal(connect(mock, "ghost", PASSWORD), "ListDatabases") == (grpc.StatusCode.UNAUTHENTICATED, bad)
    key = Connection("t", parse_target(mock.address, token="an-api-key", timeout=5))
    assert refusal(key, "ListDatabases")[0] == grpc.StatusCode.UNAUTHENTICATED


def test_root_with_the_default_password_is_served(mock):
    conn = connect(mock, "root", "Milvus")
    assert conn.call("GetVersion").status.code == 0
    assert conn.call("HasCollection", milvus_pb2.HasCollectionRequest(collection_name="c1")).value


# ---- privileges -------------------------------------------------------------------------------------------


def test_a_user_without_the_grant_is_refused_permission_denied(mock):
    conn = connect(mock, "bare", PASSWORD)
    assert refusal(conn, "Insert", insert("c1")) == (
        grpc.StatusCode.PERMISSION_DENIED, "PrivilegeInsert: permission deny to bare in the `default` database")
    # a cluster-level privilege is checked at database "*"
    assert refusal(conn, "CreateDatabase", milvus_pb2.CreateDatabaseRequest(db_name="x")) == (
        grpc.StatusCode.PERMISSION_DENIED, "PrivilegeCreateDatabase: permission deny to bare in the `*` database")


def test_a_user_with_the_grant_is_served_on_that_object_only(mock):
    conn = connect(mock, "granted", PASSWORD)
    reply = conn.call("Insert", insert("c1"))  # served: whatever the answer, it is not a privilege refusal
    assert reply.status.code != 0  # an empty insert is invalid — judged by the handler, not the interceptor
    assert refusal(conn, "Insert", insert("c2"))[0] == grpc.StatusCode.PERMISSION_DENIED
    assert refusal(conn, "DropCollection", milvus_pb2.DropCollectionRequest(collection_name="c2"))[0] == \
        grpc.StatusCode.PERMISSION_DENIED
    assert conn.call("CreateDatabase", milvus_pb2.CreateDatabaseRequest(db_name="granted_db")).code == 0


def test_public_defaults_and_own_user_object_need_no_grant(mock):
    conn = connect(mock, "bare", PASSWORD)
    assert refusal(conn, "DescribeCollection", milvus_pb2.DescribeCollectionRequest(collection_name="c1")) is None
    assert refusal(conn, "SelectUser", milvus_pb2.SelectUserRequest(user=milvus_pb2.UserEntity(name="bare"))) is None
    assert refusal(conn, "SelectUser", milvus_pb2.SelectUserRequest(
        user=milvus_pb2.UserEntity(name="granted")))[0] == grpc.StatusCode.PERMISSION_DENIED


def test_unprivileged_rpcs_need_only_credentials(mock):
    conn = connect(mock, "bare", PASSWORD)
    assert conn.call("HasCollection", milvus_pb2.HasCollectionRequest(collection_name="c1")).value
    assert conn.call("ListDatabases").status.code == 0


def test_every_privileged_rpc_is_enforced(mock):
    """All 112 RPCs whose request declares privilege_ext_obj refuse a user without grants (except what the public
    role holds by default), whether or not the mock implements them."""
    public = {"PrivilegeDescribeCollection", "PrivilegeShowCollections", "PrivilegeIndexDetail"}
    conn = connect(mock, "bare", PASSWORD)
    found = privileged_rpcs()
    assert len(found) == 112
    for rpc, _ext in found:
        rule = privilege_rule(catalogue.get(rpc).request)
        request = catalogue.get(rpc).request_class()()
        if rule.names_index:
            getattr(request, request.DESCRIPTOR.fields_by_number[rule.names_index].name).append("c1")
        answer = refusal(conn, rpc, request)
        if rule.privilege in public:
            assert answer is None or answer[0] != grpc.StatusCode.PERMISSION_DENIED, rpc
        else:
            assert answer is not None and answer[0] == grpc.StatusCode.PERMISSION_DENIED, (rpc, answer)
        assert denied_id(rpc) in rules and served_id(rpc) in rules


# ---- TLS ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def certificates():
    certs = throwaway_certificates()
    yield certs
    certs.remove()


def test_tls_handshake(certificates):
    server = serve(credentials=server_credentials(certificates.server_cert, certificates.server_key))
    try:
        conn = connect(server, tls=True, ca_file=certificates.ca)
        assert conn.call("GetVersion").status.code == 0
        plain = connect(server)
        assert refusal(plain, "GetVersion")[0] == grpc.StatusCode.UNAVAILABLE
    finally:
        server.stop()


def test_mutual_tls_requires_the_client_certificate(certificates):
    server = serve(credentials=server_credentials(certificates.server_cert, certificates.server_key,
                                                  certificates.ca), auth=True)
    try:
        ok = connect(server, "root", "Milvus", tls=True, ca_file=certificates.ca, cert_file=certificates.client_cert,
                     key_file=certificates.client_key)
        assert ok.call("GetVersion").status.code == 0
        anonymous_tls = connect(server, "root", "Milvus", tls=True, ca_file=certificates.ca)
        assert refusal(anonymous_tls, "GetVersion")[0] == grpc.StatusCode.UNAVAILABLE
    finally:
        server.stop()


# ---- the command line ------------------------------------------------------------------------------------


def test_mock_options_are_for_the_bundled_mock_only(capsys):
    assert cli.main(["run", "--target", "127.0.0.1:1", "--mock-auth"]) == cli.EXIT_USAGE
    assert "--mock-auth" in capsys.readouterr().err
    args = cli.build_parser().parse_args(["mock", "--auth", "--tls-cert", "c.pem", "--tls-key", "k.pem"])
    assert args.auth and args.tls_cert == "c.pem" and args.tls_ca is None


def test_bundled_mock_target_connects_as_root_over_tls():
    args = cli.build_parser().parse_args(["run", "--mock-auth", "--mock-mtls"])
    target, mock, certs = cli._bundled_mock_target(args)
    try:
        assert target.tls and target.user == "root" and target.cert_file and target.ca_file
        conn = Connection("t", target)
        assert conn.call("GetVersion").status.code == 0
        assert "--tls" in cli._pytest_args(args, mock.address, certs.directory, "0", [])
        secret = dict(target.metadata())["authorization"]
        assert base64.b64decode(secret).decode() == "root:Milvus"
    finally:
        mock.stop()
        certs.remove()
