"""What a conforming server answers: judging responses against the registered checks (version-aware), the
generic invariants, and the data oracle."""

from .deviation import Deviation, Finding, NotApplicable
from .invariants import check_invariants
from .judge import judge
from .tally import verify, verify_refused
from .versions import ServerInfo, Version, probe_server

__all__ = [
    "Deviation",
    "Finding",
    "NotApplicable",
    "ServerInfo",
    "Version",
    "check_invariants",
    "judge",
    "probe_server",
    "verify",
    "verify_refused",
]
