"""What a run may touch: the names it issued and the objects it created, checked before every request.

A run gets a fresh random token. Every name it gives an object comes from ``issue`` (or is ``adopt``-ed, for
names a strategy built around the token). An object counts as the run's only once the server confirmed its
creation (``observe``); teardown and ``clean`` remove exactly those. Before any request leaves, ``check``
refuses one that would drop, release, rename, alter, write to or delete an object the run neither issued nor
created — whatever path sent it (ORM or raw call) — and one that acts on the whole server (FlushAll) unless
the case runs under ``allowing_global()`` (``--allow-global-rpcs``). Empty names are refused on those
requests too: a permissive server could read them as "everything".
"""

from __future__ import annotations

import contextlib
import contextvars
import secrets
import threading
from collections.abc import Iterator

DEFAULT_DB = "default"
TOKEN_PREFIX = "mc"


class ForeignObjectError(RuntimeError):
    """The suite was about to touch an object the run did not create (a harness defect, never sent)."""


def new_token() -> str:
    """A fresh run token: ``mc`` + 8 random hex digits (names are ``<token>_<kind><n>``)."""
    return TOKEN_PREFIX + secrets.token_hex(4)


# RPC -> the request fields (dotted for nested messages) that name objects the request mutates, and their kind.
MUTATING: dict[str, tuple[tuple[str, str], ...]] = {
    **{rpc: (("collection_name", "collection"),) for rpc in (
        "DropCollection", "ReleaseCollection", "AlterCollection", "AlterCollectionField", "TruncateCollection",
        "AddCollectionField", "AddCollectionStructField", "AddCollectionFunction", "AlterCollectionFunction",
        "DropCollectionFunction", "AlterCollectionSchema", "BatchUpdateManifest", "RefreshExternalCollection",
        "Insert", "Upsert", "Delete", "CreatePartition", "DropPartition", "ReleasePartitions", "CreateIndex",
        "DropIndex", "AlterIndex", "Import", "ManualCompaction", "CreateSnapshot", "PinSnapshotData",
        "ExportSnapshot", "CreateNamespace", "CreateRowPolicy")},
    "RenameCollection": (("oldName", "collection"), ("newName", "collection")),
    "CreateAlias": (("collection_name", "collection"),),  # the alias itself is a creation (CREATING)
    "AlterAlias": (("alias", "alias"), ("collection_name", "collection")),
    "DropAlias": (("alias", "alias"),),
    "DropDatabase": (("db_name", "database"),),
    "AlterDatabase": (("db_name", "database"),),
    "DropSnapshot": (("collection_name", "collection"), ("name", "snapshot")),
    "DropNamespace": (("collection_name", "collection"), ("namespace_name", "namespace")),
    "DropRowPolicy": (("collection_name", "collection"), ("policy_name", "row_policy")),
    "TransferReplica": (("collection_name", "collection"), ("source_resource_group", "resource_group"),
                        ("target_resource_group", "resource_group")),
    "UpdateCredential": (("username", "user"),),
    "DeleteCredential": (("username", "user"),),
    "AddUserTags": (("user_name", "user"),),
    "DeleteUserTags": (("user_name", "user"),),
    "OperateUserRole": (("username", "user"), ("role_name", "role")),
    "AlterRole": (("role_name", "role"),),
    "DropRole": (("role_name", "role"),),
    "OperatePrivilege": (("entity.role.name", "role"),),
    "OperatePrivilegeV2": (("role.name", "role"),),
    "DropPrivilegeGroup": (("group_name", "privilege_group"),),
    "OperatePrivilegeGroup": (("group_name", "privilege_group"),),
    "DropResourceGroup": (("resource_group", "resource_group"),),
    "TransferNode": (("source_resource_group", "resource_group"), ("target_resource_group", "resource_group")),
    "RemoveFileResource": (("name", "file_resource"),),
}
# Creations: the name must be the run's (issued, adopted, or built around its fresh token).
CREATING: dict[str, tuple[str, str]] = {
    "CreateCollection": ("collection_name", "collection"),
    "CreateAlias": ("alias", "alias"),
    "CreateDatabase": ("db_name", "database"),
    "RestoreSnapshot": ("target_collection_name", "collection"),
    "RestoreExternalSnapshot": ("target_collection_name", "collection"),
    "CreateCredential": ("username", "user"),
    "CreateRole": ("entity.name", "role"),
    "CreatePrivilegeGroup": ("group_name", "privilege_group"),
    "CreateResourceGroup": ("resource_group", "resource_group"),
    "AddFileResource": ("name", "file_resource"),
    "CreateSnapshot": ("name", "snapshot"),
    "CreateNamespace": ("namespace_name", "namespace"),
    "CreateRowPolicy": ("policy_name", "row_policy"),
}
# Removals: a confirmed one forgets the object.
REMOVING: dict[str, tuple[str, str]] = {
    "DropCollection": ("collection_name", "collection"),
    "DropAlias": ("alias", "alias"),
    "DropDatabase": ("db_name", "database"),
    "DeleteCredential": ("username", "user"),
    "DropRole": ("role_name", "role"),
    "DropPrivilegeGroup": ("group_name", "privilege_group"),
    "DropResourceGroup": ("resource_group", "resource_group"),
    "RemoveFileResource": ("name", "file_resource"),
    "DropSnapshot": ("name", "snapshot"),
    "DropNamespace": ("namespace_name", "namespace"),
    "DropRowPolicy": ("policy_name", "row_policy"),
}
# Object kinds that live in a collection: ``leftovers`` gives their (database, "collection/name").
SCOPED = frozenset({"snapshot", "namespace", "row_policy"})
# Object kinds that live in no database (users, roles, groups, resource groups, file resources).
SERVER_WIDE = frozenset({"user", "role", "privilege_group", "resource_group", "file_resource"})
KINDS = ("collection", "alias", "database", *sorted(SCOPED), *sorted(SERVER_WIDE))
# Requests that act on every object of the server (or on its replication / node placement).
GLOBAL = frozenset({"FlushAll", "UpdateReplicateConfiguration", "ReplicateMessage", "CreateReplicateStream",
                    "LoadBalance"})


def field_value(request, path: str):
    """``request.a.b`` for the dotted ``path`` ``"a.b"``."""
    value = request
    for part in path.split("."):
        value = getattr(value, part)
    return value


_allow_global: contextvars.ContextVar[bool] = contextvars.ContextVar("conformance_allow_global", default=False)


@contextlib.contextmanager
def allowing_global() -> Iterator[None]:
    """Within: whole-server requests are allowed (a case marked global_effect on a server the user owns)."""
    token = _allow_global.set(True)
    try:
        yield
    finally:
        _allow_global.reset(token)


class Ownership:
    def __init__(self, token: str | None = None, *, home_db: str = ""):
        self.token = token or new_token()
        self.home_db = home_db or DEFAULT_DB  # the database the run works in (--db-name), besides its own
        self._lock = threading.Lock()
        self._counter = 0
        self._issued: set[str] = set()
        self.created: dict[str, dict[tuple[str, str], None]] = {kind: {} for kind in KINDS}

    # -- names -------------------------------------------------------------------------------------------

    def issue(self, kind: str = "c") -> str:
        """A fresh valid name carrying the run token, e.g. ``mc1a2b3c4d_c7``."""
        with self._lock:
            self._counter += 1
            name = f"{self.token}_{kind}{self._counter}"
            self._issued.add(name)
            return name

    def adopt(self, name: str) -> str:
        """Let the run use a name built elsewhere around its token (a strategy's invalid name)."""
        if self.token not in name:
            raise ForeignObjectError(f"refusing to adopt {name!r}: it does not carry the run token {self.token}")
        with self._lock:
            self._issued.add(name)
        return name

    def owns(self, kind: str, db: str, name: str) -> bool:
        """Created by this run (confirmed by the server)."""
        with self._lock:
            return (self._db(db), name) in self.created[kind]

    def _ours(self, kind: str, db: str, name: str) -> bool:
        with self._lock:
            if name in self._issued:
                return True
            if kind == "database":
                return (DEFAULT_DB, name) in self.created["database"]
            if kind in ("collection", "alias"):
                return any(n == name for _, n in self.created["collection"]) or \
                    any(n == name for _, n in self.created["alias"])
            return any(n.rsplit("/", 1)[-1] == name for _, n in self.created[kind])

    def _db(self, db: str) -> str:
        return db or self.home_db

    def _db_allowed(self, db: str) -> bool:
        db = self._db(db)
        return db in (DEFAULT_DB, self.home_db) or (DEFAULT_DB, db) in self.created["database"] \
            or db in self._issued

    # -- the guard -----------------------------------------------------------------------------------------

    def check(self, rpc: str, request) -> None:
        """Raise ForeignObjectError when ``request`` would touch an object that is not the run's."""
        if _allow_global.get():
            return  # a global_effect case on a server the user owns (--allow-global-rpcs)
        if rpc in GLOBAL or (rpc == "Flush" and not request.collection_names):
            raise ForeignObjectError(f"refusing {rpc}: it acts on every object of the server (run with "
                                     "--allow-global-rpcs on a server you own)")
        fields = MUTATING.get(rpc, ())
        names_db = rpc in ("CreateDatabase", "DropDatabase", "AlterDatabase")  # db_name is the object itself
        db = "" if names_db else getattr(request, "db_name", "")
        if (fields or rpc in CREATING) and not self._db_allowed(db):
            raise ForeignObjectError(f"refusing {rpc} in database {db!r}: the run did not create it")
        for attr, kind in fields:
            name = field_value(request, attr)
            if not name or not self._ours(kind, db, name):
                raise ForeignObjectError(f"refusing {rpc} on {kind} {name!r}: not created by this run "
                                         f"({self.token})")
        if rpc == "UpdateResourceGroups":
            for name in request.resource_groups:
                if not self._ours("resource_group", "", name):
                    raise ForeignObjectError(f"refusing UpdateResourceGroups of resource group {name!r}: not "
                                             f"created by this run ({self.token})")
        if rpc == "RestoreRBAC":
            self._check_rbac_meta(request.RBAC_meta)
        if rpc == "RenameCollection" and request.newDBName and not self._db_allowed(request.newDBName):
            raise ForeignObjectError(f"refusing RenameCollection into database {request.newDBName!r}: not the run's")
        if rpc in CREATING:
            attr, kind = CREATING[rpc]
            name = field_value(request, attr)
            if name and self.token not in name and not self._ours(kind, db, name):
                raise ForeignObjectError(f"refusing {rpc} of {kind} {name!r}: not a name of this run")

    def _check_rbac_meta(self, meta) -> None:
        """RestoreRBAC creates what its payload names: every user, role and group must carry the run token."""
        names = [u.user for u in meta.users] + [r.name for r in meta.roles] + \
            [g.role.name for g in meta.grants] + [g.group_name for g in meta.privilege_groups] + \
            [r.name for u in meta.users for r in u.roles]
        for name in names:
            if self.token not in name:
                raise ForeignObjectError(f"refusing RestoreRBAC naming {name!r}: not a name of this run")

    def _key(self, kind: str, request, attr: str) -> tuple[str, str]:
        name = field_value(request, attr)
        if kind == "database":
            return DEFAULT_DB, name
        if kind in SERVER_WIDE:
            return "", name
        db = self._db(getattr(request, "target_db_name", "") if attr == "target_collection_name" else
                      getattr(request, "db_name", ""))
        if kind in SCOPED:
            return db, f"{request.collection_name}/{name}"
        return db, name

    def observe(self, rpc: str, request, status) -> None:
        """Record what the server confirmed: creations (and renames) become the run's; drops are forgotten."""
        if status is not None and (status.code or status.error_code):
            return
        with self._lock:
            if rpc in CREATING:
                attr, kind = CREATING[rpc]
                self.created[kind][self._key(kind, request, attr)] = None
            elif rpc in REMOVING:
                attr, kind = REMOVING[rpc]
                self.created[kind].pop(self._key(kind, request, attr), None)
            elif rpc == "RenameCollection":
                old_db = self._db(request.db_name)
                if self.created["collection"].pop((old_db, request.oldName), 0) is None:
                    self.created["collection"][(request.newDBName or old_db, request.newName)] = None
            elif rpc == "RestoreRBAC":
                meta = request.RBAC_meta
                for user in meta.users:
                    self.created["user"][("", user.user)] = None
                for role in meta.roles:
                    self.created["role"][("", role.name)] = None
                for group in meta.privilege_groups:
                    self.created["privilege_group"][("", group.group_name)] = None

    def leftovers(self) -> dict[str, list[tuple[str, str]]]:
        with self._lock:
            return {kind: list(objs) for kind, objs in self.created.items()}
