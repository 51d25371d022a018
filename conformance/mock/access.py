"""Access control handlers: credentials, roles, user-role binding, privileges and privilege groups, RBAC backup
and restore, over the catalogue's ``AccessControl`` model."""

from __future__ import annotations


class AccessHandlers:
    """Mixed into ``MockServicer``; handlers use ``self.catalog.access``."""
