"""Differential runs: the same request sequences against two targets (or a recorded session against one), every
divergence in status or content listed with a minimal replayable reproduction.

Pieces: ``session`` (the replayable request stream and its file formats), ``generate`` (sequences from the suite's
strategies), ``execute`` (one target, fresh state, ownership guard, cleanup), ``normalise`` (answers as comparable
data), ``compare`` (outcomes and content, with float tolerance and tie order), ``run`` (orchestration and
minimisation), ``report`` (diff.json and diff.md), ``command`` (what ``milvus-conformance diff`` runs).
"""

from .compare import Difference, Tolerance
from .execute import Endpoint, Executor
from .generate import generate
from .run import Differ, DiffResult, Divergence, compare_answers
from .session import Answer, Call, Session, load, session_from_records

__all__ = ["Answer", "Call", "Difference", "DiffResult", "Differ", "Divergence", "Endpoint", "Executor", "Session",
           "Tolerance", "compare_answers", "generate", "load", "session_from_records"]
