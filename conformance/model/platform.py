"""Platform features' state: namespaces, snapshots and their jobs, file resources, user tags, row policies,
replicate configuration."""

from __future__ import annotations


class Platform:
    """Guarded by the owning catalogue's lock (``Catalog.lock``)."""
