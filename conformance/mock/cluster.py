"""Cluster operation handlers: resource groups, replicas, load balance, compaction, import, metrics, indexed
segments, timestamps, and the internal RPCs (Dummy, RegisterLink), over the catalogue's ``Cluster`` model."""

from __future__ import annotations


class ClusterHandlers:
    """Mixed into ``MockServicer``; handlers use ``self.catalog`` and ``self.catalog.cluster``."""
