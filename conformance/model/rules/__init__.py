"""The registry of checks: every expectation of the suite as data (stable ID, current answer, history,
level, evidence). Family modules declare their checks; importing this package loads them all."""

from . import access, alias, auth, cluster, collection, database, dml, evolution, flush, functions, index, insert, iterator, load, names, partition, platform, query, schema, search, service, status  # noqa: E402,F401,I001  (family modules register their checks on import)
from .core import LEVELS, RECOMMENDED, REQUIRED, Alternative, Answer, Check, Since
from .evidence import Change, Evidence, Observed, Protocol, Source, master
from .registry import error, rules, semantic, success, was

__all__ = [
    "LEVELS", "RECOMMENDED", "REQUIRED", "Alternative", "Answer", "Change", "Check", "Evidence", "Observed",
    "Protocol", "Since", "Source", "error", "master", "rules", "semantic", "success", "was",
]
