"""What a conforming server answers: expected statuses (version-aware) and invariants on every response."""

from .deviation import Deviation, NotApplicable
from .invariants import check_invariants
from .status import OK, Expected, expect
from .versions import ServerInfo, Version, probe_server

__all__ = [
    "OK",
    "Deviation",
    "Expected",
    "NotApplicable",
    "ServerInfo",
    "Version",
    "check_invariants",
    "expect",
    "probe_server",
]
