"""The access-control state of one Milvus server: users and credentials, roles, grants, privilege groups."""

from __future__ import annotations


class AccessControl:
    """Guarded by the owning catalogue's lock (``Catalog.lock``)."""
