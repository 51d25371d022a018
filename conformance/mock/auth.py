"""Authentication, privilege enforcement and TLS for the bundled mock.

With authorization on, the mock answers like the Milvus proxy's interceptor chain (master
``internal/proxy/authentication_interceptor.go`` ``AuthenticationInterceptorWithMetaCache`` and
``internal/proxy/privilege_interceptor.go`` ``PrivilegeInterceptorWithMetaCache``; the checks with their evidence
are in ``conformance/model/rules/auth.py``):

- every MilvusService call must carry gRPC metadata ``authorization`` = base64 of ``user:password``; otherwise the
  call fails with gRPC UNAUTHENTICATED (a gRPC status, not a merr code: master says merr would make the SDKs
  retry);
- a request whose message declares ``privilege_ext_obj`` (common.proto ``PrivilegeExt``) is then checked against
  the grants (``catalog.access.allowed``): root (and the admin role) may do everything, a user may read and
  change its own user object, and may list the grants of a role it holds; anything else not granted fails with
  gRPC PERMISSION_DENIED ``PrivilegeX: permission deny to USER in the `DB` database``.

The access model (users, roles, grants) is ``catalog.access``; the interceptor only reads it.
"""

from __future__ import annotations

import base64
import binascii
import contextvars
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import grpc

from ..model import limits
from ..model.access import BUILTIN_GROUPS
from ..model.rules import auth as auth_rules
from ..protocol import common_pb2

SERVICE_PREFIX = "/milvus.proto.milvus.MilvusService/"
ANY = "*"
ROOT_USER = "root"

_current_user: contextvars.ContextVar[str | None] = contextvars.ContextVar("mock_current_user", default=None)


def current_user() -> str | None:
    """The authenticated user of the call being handled (None when the mock does not authenticate)."""
    return _current_user.get()


# Privileges util.GetPrivilegeLevel puts at cluster level: the policy is checked at database "*".
CLUSTER_PRIVILEGES = frozenset(BUILTIN_GROUPS["ClusterAdmin"])


@dataclass(frozen=True)
class PrivilegeRule:
    """What a request message's ``privilege_ext_obj`` option declares."""

    object_type: str  # Global | Collection | User
    privilege: str  # the ObjectPrivilege enum name, e.g. PrivilegeInsert
    name_index: int  # field number of the object name; -1/0: none (the object is "*")
    names_index: int  # field number of a repeated list of object names; 0: none

    @property
    def api_name(self) -> str:
        return self.privilege.removeprefix("Privilege")

    def object_name(self, request) -> str:
        if self.name_index <= 0:
            return ANY
        field = request.DESCRIPTOR.fields_by_number.get(self.name_index)
        if field is None:
            return ANY
        value = getattr(request, field.name)
        if field.message_type is not None:  # e.g. SelectUser's UserEntity: its field number 1 (the name)
            first = field.message_type.fields_by_number.get(1)
            return str(getattr(value, first.name)) if first is not None else ANY
        return str(value)

    def object_names(self, request) -> list[str]:
        field = request.DESCRIPTOR.fields_by_number.get(self.names_index) if self.names_index > 0 else None
        return [str(v) for v in getattr(request, field.name)] if field is not None else []


def privilege_rule(descriptor) -> PrivilegeRule | None:
    """The privilege a request message type requires, read from its descriptor options (None: none)."""
    options = descriptor.GetOptions()
    if not options.HasExtension(common_pb2.privilege_ext_obj):
        return None
    ext = options.Extensions[common_pb2.privilege_ext_obj]
    return PrivilegeRule(common_pb2.ObjectType.Name(ext.object_type),
                         common_pb2.ObjectPrivilege.Name(ext.object_privilege),
                         ext.object_name_index, ext.object_name_indexs)


class Refusal(Exception):
    def __init__(self, code: grpc.StatusCode, message: str):
        super().__init__(message)
        self.code, self.message = code, message


def _metadata(details) -> dict[str, str]:
    md: dict[str, str] = {}
    for key, value in details.invocation_metadata or ():
        md.setdefault(key.lower(), value if isinstance(value, str) else value.decode("latin-1"))
    return md


def authenticate(access, md: dict[str, str]) -> str:
    """The user the call's credentials name, or Refusal(UNAUTHENTICATED) with master's message."""
    token = md.get("authorization")
    if not token:
        raise Refusal(grpc.StatusCode.UNAUTHENTICATED, auth_rules.MISSING_AUTHORIZATION)
    try:
        raw = base64.b64decode(token, validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        raise Refusal(grpc.StatusCode.UNAUTHENTICATED, auth_rules.INVALID_TOKEN_FORMAT) from None
    if ":" not in raw:  # an API key: the mock knows none
        raise Refusal(grpc.StatusCode.UNAUTHENTICATED, auth_rules.BAD_API_KEY)
    username, password = raw.split(":", 1)
    if not access.authenticate(username, password):
        raise Refusal(grpc.StatusCode.UNAUTHENTICATED, auth_rules.BAD_PASSWORD)
    return username


def _request_db(request, md: dict[str, str]) -> str:
    db = getattr(request, "db_name", "") if "db_name" in request.DESCRIPTOR.fields_by_name else ""
    return db or md.get("dbname") or limits.DEFAULT_DATABASE_NAME


def enforce(access, username: str, rule: PrivilegeRule, request, md: dict[str, str]) -> None:
    """Refusal(PERMISSION_DENIED) unless ``username`` may send ``request`` (master PrivilegeInterceptor order)."""
    if access.is_superuser(username):
        return
    db = _request_db(request, md)
    policy_db = ANY if rule.api_name in CLUSTER_PRIVILEGES else db
    name = rule.object_name(request)
    if rule.object_type == "User" and name == username:
        return  # isCurUserObject
    if request.DESCRIPTOR.name == "SelectGrantRequest" and (
            request.entity.role.name in access.user_roles(username) or request.entity.role.name == "public"):
        return  # isSelectMyRoleGrants (the roles include public)
    if rule.name_index != 0 and access.allowed(username, rule.object_type, rule.api_name, name, policy_db):
        return
    if rule.names_index != 0:
        names = rule.object_names(request)
        if names and all(access.allowed(username, rule.object_type, rule.api_name, n, policy_db) for n in names):
            return
    raise Refusal(grpc.StatusCode.PERMISSION_DENIED,
                  auth_rules.PERMISSION_DENY.format(privilege=rule.privilege, user=username, db=policy_db))


class AuthInterceptor(grpc.ServerInterceptor):
    """Authenticates every MilvusService call and enforces the privilege its request declares."""

    def __init__(self, catalog):
        self.catalog = catalog
        self._rules: dict[str, PrivilegeRule | None] = {}

    def _rule(self, request) -> PrivilegeRule | None:
        name = request.DESCRIPTOR.full_name
        if name not in self._rules:
            self._rules[name] = privilege_rule(request.DESCRIPTOR)
        return self._rules[name]

    def intercept_service(self, continuation, handler_call_details):
        handler = continuation(handler_call_details)
        if handler is None or not handler_call_details.method.startswith(SERVICE_PREFIX):
            return handler
        md = _metadata(handler_call_details)
        access = self.catalog.access
        try:
            with self.catalog.lock:
                username = authenticate(access, md)
        except Refusal as refusal:
            return _refusing(handler, refusal)
        if handler.unary_unary is None:
            return handler  # streaming RPCs: authenticated; master's stream authorizers are not modelled

        inner = handler.unary_unary

        def checked(request, context):
            token = _current_user.set(username)
            try:
                rule = self._rule(request)
                if rule is not None:
                    with self.catalog.lock:
                        enforce(access, username, rule, request, md)
                return inner(request, context)
            except Refusal as refusal:
                context.abort(refusal.code, refusal.message)
            finally:
                _current_user.reset(token)

        return handler._replace(unary_unary=checked)


def _refusing(handler, refusal: Refusal):
    def abort(request_or_iterator, context):
        context.abort(refusal.code, refusal.message)

    kind = next(k for k in ("unary_unary", "unary_stream", "stream_unary", "stream_stream")
                if getattr(handler, k) is not None)
    return handler._replace(**{kind: abort})


# ---- TLS ------------------------------------------------------------------------------------------------------


def server_credentials(cert_file: str, key_file: str, ca_file: str | None = None) -> grpc.ServerCredentials:
    """TLS credentials; with ``ca_file`` the mock requires a client certificate signed by it (mutual TLS)."""
    def read(path):
        try:
            return Path(path).read_bytes()
        except OSError as err:
            raise OSError(f"cannot read TLS file {path}: {err.strerror or err}") from None

    return grpc.ssl_server_credentials(
        [(read(key_file), read(cert_file))],
        root_certificates=read(ca_file) if ca_file else None,
        require_client_auth=bool(ca_file),
    )


@dataclass(frozen=True)
class Certificates:
    """A throwaway CA with a server certificate (for localhost / 127.0.0.1 / ::1) and a client certificate."""

    directory: str
    ca: str
    server_cert: str
    server_key: str
    client_cert: str
    client_key: str

    def remove(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)


def throwaway_certificates(directory: str | None = None, days: int = 2) -> Certificates:
    """Generate a CA, a server and a client certificate with the ``openssl`` command (no Python dependency).
    Raises RuntimeError when openssl is missing or fails."""
    openssl = shutil.which("openssl")
    if openssl is None:
        raise RuntimeError("generating a TLS certificate for the mock needs the openssl command")
    where = directory or tempfile.mkdtemp(prefix="milvus-conformance-tls-")
    p = {name: os.path.join(where, name) for name in
         ("ca.pem", "ca.key", "server.pem", "server.key", "server.csr", "client.pem", "client.key", "client.csr",
          "san.cnf")}
    with open(p["san.cnf"], "w", encoding="utf-8") as fh:
        fh.write("subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\n")

    def run(*args):
        done = subprocess.run([openssl, *args], capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"openssl {args[0]} failed: {done.stderr.strip()[-500:]}")

    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", p["ca.key"], "-out", p["ca.pem"],
        "-days", str(days), "-subj", "/CN=milvus-conformance throwaway CA")
    for who, extra in (("server", ["-extfile", p["san.cnf"]]), ("client", [])):
        run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", p[f"{who}.key"], "-out", p[f"{who}.csr"],
            "-subj", f"/CN={'localhost' if who == 'server' else 'milvus-conformance client'}")
        run("x509", "-req", "-in", p[f"{who}.csr"], "-CA", p["ca.pem"], "-CAkey", p["ca.key"], "-CAcreateserial",
            "-out", p[f"{who}.pem"], "-days", str(days), *extra)
    return Certificates(where, p["ca.pem"], p["server.pem"], p["server.key"], p["client.pem"], p["client.key"])
