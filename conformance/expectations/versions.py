"""What the target is: its version (from GetVersion, or declared with ``--assume-version``) and which newer
features it lacks (``--without-feature``).

Only a Milvus version string (``v2.3.5``, ``v2.3.5-lite``, ``2.6.0-rc1``) is a Milvus version; any other
answer (``milvus_lite-3.2.2``) or an unimplemented GetVersion means "unknown", and unknown servers are held
to the pinned protocol, i.e. judged as current Milvus, unless the user declares a version. Only gRPC
UNIMPLEMENTED means "GetVersion not implemented": any other failure is an error about the target.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import total_ordering

from ..model.features import FEATURES

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
    version: Version | None  # a Milvus version: reported, or declared by the user
    assumed: bool = False  # the version was declared (--assume-version), not reported
    without: frozenset[str] = field(default_factory=frozenset)  # features declared missing

    @classmethod
    def from_reported(cls, reported: str | None, *, assume: str | None = None,
                      without: frozenset[str] = frozenset()) -> ServerInfo:
        unknown = sorted(set(without) - set(FEATURES))
        if unknown:
            raise ValueError(f"unknown feature(s) {', '.join(unknown)}; known: {', '.join(sorted(FEATURES))}")
        if assume is not None:
            return cls(reported=reported, version=Version.parse(assume), assumed=True, without=frozenset(without))
        version = None
        if reported:
            try:
                version = Version.parse(reported)
            except ValueError:
                version = None
        return cls(reported=reported, version=version, without=frozenset(without))

    def older_than(self, version: str) -> bool:
        """True only when the server is known (or declared) to be a Milvus older than ``version``."""
        return self.version is not None and self.version < Version.parse(version)

    def has(self, feature: str) -> bool:
        """Whether the server is expected to support ``feature`` (a key of model.features.FEATURES)."""
        return feature not in self.without and not self.older_than(FEATURES[feature].since)

    def describe(self) -> str:
        without = f"; declared without {', '.join(sorted(self.without))}" if self.without else ""
        if self.assumed:
            shown = self.reported if self.reported is not None else "GetVersion not implemented"
            return f"Milvus {self.version} (declared with --assume-version; reports {shown}){without}"
        if self.reported is None:
            return f"unknown (GetVersion not implemented; judged as current){without}"
        if self.version:
            return self.reported + without
        return f"{self.reported} (not a Milvus version; judged as current){without}"


CURRENT = ServerInfo(reported=None, version=None)


def probe_server(connection, *, assume: str | None = None, without: frozenset[str] = frozenset()) -> ServerInfo:
    """Ask GetVersion. UNIMPLEMENTED = no version; any other failure propagates (the target is the problem)."""
    from ..transport import RpcUnimplemented

    try:
        reply = connection.call("GetVersion")
    except RpcUnimplemented:
        return ServerInfo.from_reported(None, assume=assume, without=without)
    return ServerInfo.from_reported(reply.version or None, assume=assume, without=without)
