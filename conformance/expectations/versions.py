"""What the target is: its version (from GetVersion) and, by probing, which RPCs it implements.

Only a Milvus version string (``v2.3.5``, ``v2.3.5-lite``, ``2.6.0-rc1``) is a Milvus version; any other
answer (``milvus_lite-3.2.2``) or an unimplemented GetVersion means "unknown", and unknown servers are held
to the pinned protocol, i.e. judged as current Milvus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import total_ordering

_MILVUS_VERSION = re.compile(r"^v?(\d+)\.(\d+)\.(\d+)")


@total_ordering
@dataclass(frozen=True)
class Version:
    major: int
    minor: int
    patch: int

    @classmethod
    def parse(cls, text: str) -> Version:
        m = _MILVUS_VERSION.match(text.strip())
        if not m:
            raise ValueError(f"not a Milvus version: {text!r}")
        return cls(int(m[1]), int(m[2]), int(m[3]))

    def __lt__(self, other: Version) -> bool:
        return (self.major, self.minor, self.patch) < (other.major, other.minor, other.patch)

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"


@dataclass(frozen=True)
class ServerInfo:
    reported: str | None  # GetVersion's answer, None when GetVersion is not implemented
    version: Version | None  # a Milvus version, when the answer is one

    @classmethod
    def from_reported(cls, reported: str | None) -> ServerInfo:
        version = None
        if reported:
            try:
                version = Version.parse(reported)
            except ValueError:
                version = None
        return cls(reported=reported, version=version)

    def older_than(self, version: str) -> bool:
        """True only when the server is known to be a Milvus older than ``version``."""
        return self.version is not None and self.version < Version.parse(version)

    def describe(self) -> str:
        if self.reported is None:
            return "unknown (GetVersion not implemented)"
        return self.reported if self.version else f"{self.reported} (not a Milvus version; judged as current)"


CURRENT = ServerInfo(reported=None, version=None)


def probe_server(connection) -> ServerInfo:
    from ..transport import RpcError

    try:
        reply = connection.call("GetVersion")
    except RpcError:
        return ServerInfo.from_reported(None)
    return ServerInfo.from_reported(reply.version or None)
