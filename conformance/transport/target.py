"""Target addresses and how to authenticate to them.

Accepted forms: ``host:port``, ``[ipv6]:port``, ``http://host:port``, ``https://host:port`` (TLS) and
``unix:path`` / ``unix:///abs/path``. Credentials go out as Milvus expects them: gRPC metadata
``authorization`` = base64 of ``user:password`` or of the token, and ``dbname`` for the database.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field, replace
from pathlib import Path


class TargetError(ValueError):
    """A target address or connection option that cannot be used; the message says why."""


@dataclass(frozen=True)
class Target:
    address: str  # what grpc dials: "host:port" or "unix:path"
    tls: bool = False
    ca_file: str | None = None
    cert_file: str | None = None
    key_file: str | None = None
    server_name: str | None = None
    token: str | None = field(default=None, repr=False)
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    db_name: str | None = None
    timeout: float = 30.0

    def __post_init__(self):
        if (self.cert_file is None) != (self.key_file is None):
            raise TargetError("mutual TLS needs both a client certificate and its key")
        if (self.cert_file or self.ca_file) and not self.tls:
            raise TargetError("TLS files were given for a plaintext target; use https://host:port or --tls")
        if self.token and (self.user or self.password):
            raise TargetError("give either a token or a user and password, not both")
        if (self.user is None) != (self.password is None):
            raise TargetError("a user needs a password (and a password a user)")
        if self.timeout <= 0:
            raise TargetError(f"the per-call deadline must be positive, got {self.timeout}")
        for path in (self.ca_file, self.cert_file, self.key_file):
            if path is not None and not Path(path).is_file():
                raise TargetError(f"TLS file not found: {path}")

    def with_options(self, **changes) -> Target:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def metadata(self) -> tuple[tuple[str, str], ...]:
        md: list[tuple[str, str]] = []
        secret = self.token if self.token else (f"{self.user}:{self.password}" if self.user else None)
        if secret:
            md.append(("authorization", base64.b64encode(secret.encode()).decode()))
        if self.db_name:
            md.append(("dbname", self.db_name))
        return tuple(md)

    def describe(self) -> str:
        scheme = "https" if self.tls else ("unix" if self.address.startswith("unix:") else "grpc")
        return f"{scheme}://{self.address}" if scheme != "unix" else self.address


_HOST_PORT = re.compile(r"^(?P<host>\[[0-9a-fA-F:.]+\]|[A-Za-z0-9_.-]+):(?P<port>[0-9]+)$")


def parse_target(text: str, **options) -> Target:
    """Parse a ``--target`` value; ``options`` are Target fields (TLS files, credentials, db, timeout)."""
    raw = (text or "").strip()
    if not raw:
        raise TargetError("empty target address; expected host:port, http(s)://host:port or unix:path")
    tls = bool(options.pop("tls", False))
    if raw.startswith("unix:"):
        path = raw[len("unix:") :]
        if path.startswith("//"):
            path = path[2:]
        if not path:
            raise TargetError(f"{text!r}: a unix target needs a socket path, e.g. unix:/tmp/milvus.sock")
        return Target(address=f"unix:{path}", tls=tls, **options)
    match = re.match(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?P<rest>.*)$", raw)
    if match:
        scheme = match["scheme"].lower()
        if scheme not in ("http", "https", "grpc", "grpcs", "tcp"):
            raise TargetError(f"{text!r}: unsupported scheme {scheme!r}; use http, https or unix")
        tls = tls or scheme in ("https", "grpcs")
        raw = match["rest"].rstrip("/")
    hp = _HOST_PORT.match(raw)
    if not hp:
        raise TargetError(f"{text!r} is not host:port (e.g. localhost:19530, https://db.example:443, unix:/path)")
    port = int(hp["port"])
    if not 0 < port < 65536:
        raise TargetError(f"{text!r}: port {port} is out of range 1-65535")
    return Target(address=f"{hp['host']}:{port}", tls=tls, **options)
