"""Schema evolution handlers: fields and functions added to or altered on an existing collection, truncate,
batch describe, analyzers and phrase-match slop, prewarm."""

from __future__ import annotations


class EvolutionHandlers:
    """Mixed into ``MockServicer``; handlers use ``self.catalog``."""
