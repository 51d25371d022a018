"""The cluster state of one (single-node) Milvus server: resource groups and query nodes, replicas, compaction
and import jobs."""

from __future__ import annotations


class Cluster:
    """Guarded by the owning catalogue's lock (``Catalog.lock``)."""
