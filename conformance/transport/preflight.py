"""Before any case: is the target there, does it speak MilvusService, and does it accept the credentials?

Each failure is named for what it is — the name does not resolve, the port refuses, TLS does not match, the
endpoint is not gRPC, the gRPC server is not a Milvus, the credentials are refused — so a broken setup is
never blamed on the server's conformance. Socket-level checks come first because they fail fast with a
precise reason; the gRPC calls then use a short deadline.
"""

from __future__ import annotations

import socket
import ssl
from dataclasses import dataclass

import grpc

from ..protocol import milvus_pb2
from .connections import Connection, RpcTransportError, RpcUnimplemented
from .recorder import status_of
from .target import Target, TargetError

AUTH_CODES = {1800}  # merr ErrNeedAuthenticate; Milvus answers bad credentials with gRPC UNAUTHENTICATED


class TargetProblem(Exception):
    """The target cannot be tested; ``kind`` says why (unreachable, dns, refused, tls, not-grpc, not-milvus,
    auth, timeout)."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class Preflight:
    version: str | None  # GetVersion's answer; None when GetVersion is not implemented


def _socket_checks(target: Target, timeout: float) -> None:
    if target.address.startswith("unix:"):
        path = target.address[len("unix:"):]
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        try:
            sock.connect(path)
        except FileNotFoundError:
            raise TargetProblem("refused", f"no unix socket at {path}") from None
        except OSError as err:
            raise TargetProblem("refused", f"cannot connect to the unix socket {path}: {err.strerror or err}") \
                from None
        finally:
            sock.close()
        return
    host, _, port = target.address.rpartition(":")
    host = host.strip("[]")
    try:
        infos = socket.getaddrinfo(host, int(port), type=socket.SOCK_STREAM)
    except socket.gaierror as err:
        raise TargetProblem("dns", f"cannot resolve {host!r}: {err.strerror or err}") from None
    family, kind, proto, _, addr = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.settimeout(timeout)
    try:
        sock.connect(addr)
    except ConnectionRefusedError:
        raise TargetProblem("refused", f"{target.address} refuses connections (nothing listens on port {port})") \
            from None
    except TimeoutError:
        raise TargetProblem("timeout", f"no answer from {target.address} within {timeout:g} s (host down or "
                                       "filtered)") from None
    except OSError as err:
        raise TargetProblem("unreachable", f"cannot connect to {target.address}: {err.strerror or err}") from None
    try:
        if target.tls:
            context = ssl.create_default_context(cafile=target.ca_file)
            if target.cert_file:
                context.load_cert_chain(target.cert_file, target.key_file)
            context.set_alpn_protocols(["h2"])
            try:
                with context.wrap_socket(sock, server_hostname=target.server_name or host) as tls:
                    tls.do_handshake()
            except ssl.SSLError as err:
                raise TargetProblem("tls", f"TLS handshake with {target.address} failed: {err.reason or err}") \
                    from None
            except (OSError, TimeoutError) as err:
                raise TargetProblem("tls", f"TLS handshake with {target.address} failed: {err}") from None
    finally:
        sock.close()


def _grpc_problem(err: RpcTransportError, target: Target) -> TargetProblem:
    details = err.details or ""
    if err.code == grpc.StatusCode.UNAUTHENTICATED:
        return TargetProblem("auth", f"authentication failed: {target.address} refused the credentials "
                                     f"({details or 'UNAUTHENTICATED'})")
    if err.code == grpc.StatusCode.PERMISSION_DENIED:
        return TargetProblem("auth", f"authentication failed: permission denied ({details})")
    lowered = details.lower()
    if "http1" in lowered or "http/1" in lowered or "content-type" in lowered or "protocol" in lowered:
        return TargetProblem("not-grpc", f"{target.address} does not speak gRPC ({details})")
    if "ssl" in lowered or "tls" in lowered or "handshake" in lowered:
        return TargetProblem("tls", f"TLS with {target.address} failed ({details})")
    if err.code == grpc.StatusCode.DEADLINE_EXCEEDED:
        return TargetProblem("timeout", f"{target.address} accepted the connection but did not answer gRPC within "
                                        "the deadline")
    return TargetProblem("unreachable", f"{target.address}: gRPC {err.code.name}: {details or '(no details)'}")


def preflight(target: Target, timeout: float = 5.0) -> Preflight:
    """Raise TargetProblem unless ``target`` answers MilvusService and accepts the credentials."""
    _socket_checks(target, timeout)
    conn = Connection("milvus-conformance-preflight", target.with_options(timeout=timeout))
    try:
        try:
            conn.wait_ready(timeout=timeout)
        except TargetError:
            raise TargetProblem("not-grpc", f"{target.address} accepts TCP connections but no gRPC channel comes "
                                            f"up within {timeout:g} s (not an HTTP/2 gRPC endpoint"
                                            f"{', or TLS expected' if not target.tls else ''})") from None
        version = None
        try:
            reply = conn.call("GetVersion", timeout=timeout)
            version = reply.version or None
            status = status_of(reply)
            if status is not None and status.code in AUTH_CODES:
                raise TargetProblem("auth", f"authentication failed: {status.reason}")
        except RpcUnimplemented:
            pass
        except RpcTransportError as err:
            raise _grpc_problem(err, target) from None
        # A request every Milvus-compatible server implements and that needs the credentials.
        try:
            reply = conn.call("HasCollection", milvus_pb2.HasCollectionRequest(
                collection_name="milvus_conformance_preflight"), timeout=timeout)
        except RpcUnimplemented:
            raise TargetProblem("not-milvus", f"{target.address} speaks gRPC but not MilvusService (HasCollection "
                                              "is UNIMPLEMENTED)") from None
        except RpcTransportError as err:
            raise _grpc_problem(err, target) from None
        status = status_of(reply)
        if status is not None and status.code in AUTH_CODES:
            raise TargetProblem("auth", f"authentication failed: {status.reason}")
        return Preflight(version)
    finally:
        conn.close()
