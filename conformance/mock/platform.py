"""Platform feature handlers: namespaces, snapshots and their jobs, file resources, user tags, row policies,
replication, external collections and manifests, over the catalogue's ``Platform`` model."""

from __future__ import annotations


class PlatformHandlers:
    """Mixed into ``MockServicer``; handlers use ``self.catalog`` and ``self.catalog.platform``."""
