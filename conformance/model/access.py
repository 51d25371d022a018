"""The access-control state of one Milvus server: users and credentials, roles, grants, privilege groups.

Semantics follow Milvus master (the checks in ``rules/access.py`` carry the evidence):

- a ``root`` user exists from the start with the documented default password ``Milvus``; built-in roles
  ``admin`` and ``public`` always exist (they cannot be dropped); root and members of ``admin`` may do
  everything; every user also acts as ``public``;
- passwords are kept as salted hashes (Milvus keeps bcrypt hashes; the model never needs the clear text back);
- a grant is (role, object type, object name, privilege, database); privileges are stored by their API name
  (``Insert``, the ``ObjectPrivilege`` enum name without ``Privilege``), a built-in or custom privilege group
  name, or ``*`` / ``All`` (everything of the object type); object name and database may be ``*``;
- privilege groups: the built-in ``Cluster|Database|Collection`` x ``ReadOnly|ReadWrite|Admin`` groups and
  custom groups (a set of privilege names).

Guarded by the owning catalogue's lock (``Catalog.lock``): callers outside the mock's handlers take it
(``with catalog.lock: ...``); the read-only helpers below take no lock of their own and are cheap.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field

from ..protocol import common_pb2

ROOT_USER = "root"
DEFAULT_ROOT_PASSWORD = "Milvus"  # milvus.yaml common.security.defaultRootPassword
ADMIN_ROLE = "admin"
PUBLIC_ROLE = "public"
BUILTIN_ROLES = (ADMIN_ROLE, PUBLIC_ROLE)
ANY = "*"
PRIVILEGE_WORD = "Privilege"

OBJECT_TYPES = tuple(common_pb2.ObjectType.keys())  # Collection, Global, User

# Every privilege the protocol defines, by API name (ObjectPrivilege enum name without "Privilege").
ALL_PRIVILEGES = tuple(name[len(PRIVILEGE_WORD):] for name in common_pb2.ObjectPrivilege.keys())

# pkg/util/constant.go ObjectPrivileges (stored 2.4/2.5-line copy): which privileges a v1 grant may name per
# object type (API names); the built-in groups are Global. Privileges added to the protocol after that copy are
# appended to the type their RPCs' privilege_ext_obj declares.
COLLECTION_PRIVILEGES = (
    "Load", "Release", "Compaction", "Insert", "Delete", "Upsert", "GetStatistics", "CreateIndex", "IndexDetail",
    "DropIndex", "Search", "Flush", "Query", "LoadBalance", "Import", "GetLoadingProgress", "GetLoadState",
    "CreatePartition", "DropPartition", "ShowPartitions", "HasPartition", "GetFlushState", "GroupReadOnly",
    "GroupReadWrite",
    # newer than that copy
    "AddCollectionField", "CreateSnapshot", "DropSnapshot", "DescribeSnapshot", "ListSnapshots", "RestoreSnapshot",
    "AlterCollectionSchema", "RefreshExternalCollection", "PinSnapshotData", "UnpinSnapshotData", "ExportSnapshot",
    "GetImportProgress", "ListImport",
)
GLOBAL_PRIVILEGES = (
    "All", "CreateCollection", "DropCollection", "DescribeCollection", "ShowCollections", "RenameCollection",
    "CreateOwnership", "DropOwnership", "SelectOwnership", "ManageOwnership", "BackupRBAC", "RestoreRBAC",
    "CreateResourceGroup", "UpdateResourceGroups", "DropResourceGroup", "DescribeResourceGroup", "ListResourceGroups",
    "TransferReplica", "TransferNode", "FlushAll", "CreateDatabase", "DropDatabase", "ListDatabases",
    "AlterDatabase", "DescribeDatabase", "CreateAlias", "DropAlias", "DescribeAlias", "ListAliases", "GroupAdmin",
    "CreatePrivilegeGroup", "DropPrivilegeGroup", "ListPrivilegeGroups", "OperatePrivilegeGroup",
    "GroupClusterReadOnly", "GroupClusterReadWrite", "GroupClusterAdmin", "GroupDatabaseReadOnly",
    "GroupDatabaseReadWrite", "GroupDatabaseAdmin", "GroupCollectionReadOnly", "GroupCollectionReadWrite",
    "GroupCollectionAdmin",
    # newer than that copy
    "AddFileResource", "RemoveFileResource", "ListFileResources", "UpdateReplicateConfiguration",
    "GetReplicateConfiguration", "RestoreExternalSnapshot",
)
USER_PRIVILEGES = ("UpdateUser", "SelectUser")
OBJECT_PRIVILEGES = {"Collection": COLLECTION_PRIVILEGES, "Global": GLOBAL_PRIVILEGES, "User": USER_PRIVILEGES}

# Built-in privilege groups: paramtable rbacConfig defaults (common.security.rbac.{cluster,database,collection}.
# {readonly,readwrite,admin}.privileges, since 2.4.16; stored copy of pkg/util/paramtable/rbac_param.go). Names as
# grants and ListPrivilegeGroups spell them. Privileges added after that copy (snapshots, file resources, ...) are
# in no built-in group here.
_COLL_RO = ("Query", "Search", "IndexDetail", "GetFlushState", "GetLoadState", "GetLoadingProgress", "HasPartition",
            "ShowPartitions", "DescribeCollection", "DescribeAlias", "GetStatistics", "ListAliases")
_COLL_RW = _COLL_RO + ("Load", "Release", "Insert", "Delete", "Upsert", "Import", "Flush", "Compaction",
                       "LoadBalance", "CreateIndex", "DropIndex", "CreatePartition", "DropPartition")
_COLL_ADMIN = _COLL_RW + ("CreateAlias", "DropAlias")
_DB_RO = ("ShowCollections", "DescribeDatabase")
_DB_RW = _DB_RO + ("AlterDatabase",)
_DB_ADMIN = _DB_RW + ("CreateCollection", "DropCollection")
_CLUSTER_RO = ("ListDatabases", "SelectOwnership", "SelectUser", "DescribeResourceGroup", "ListResourceGroups",
               "ListPrivilegeGroups")
_CLUSTER_RW = _CLUSTER_RO + ("FlushAll", "TransferNode", "TransferReplica", "UpdateResourceGroups")
_CLUSTER_ADMIN = _CLUSTER_RW + ("BackupRBAC", "RestoreRBAC", "CreateDatabase", "DropDatabase", "CreateOwnership",
                                "DropOwnership", "ManageOwnership", "CreateResourceGroup", "DropResourceGroup",
                                "UpdateUser", "RenameCollection", "CreatePrivilegeGroup", "DropPrivilegeGroup",
                                "OperatePrivilegeGroup")
BUILTIN_GROUPS: dict[str, tuple[str, ...]] = {
    "CollectionReadOnly": _COLL_RO, "CollectionReadWrite": _COLL_RW, "CollectionAdmin": _COLL_ADMIN,
    "DatabaseReadOnly": _DB_RO, "DatabaseReadWrite": _DB_RW, "DatabaseAdmin": _DB_ADMIN,
    "ClusterReadOnly": _CLUSTER_RO, "ClusterReadWrite": _CLUSTER_RW, "ClusterAdmin": _CLUSTER_ADMIN,
}
# The level (OperatePrivilegeV2) a built-in group belongs to.
GROUP_LEVEL = {name: name[:name.index("Read") if "Read" in name else name.index("Admin")] for name in BUILTIN_GROUPS}

# What the public role may do without any grant (rootcoord initRbac: the default public grants).
PUBLIC_DEFAULTS = (("Collection", "IndexDetail"), ("Global", "DescribeCollection"), ("Global", "ShowCollections"))


def api_privilege(name: str) -> str:
    """A privilege's API name: ``PrivilegeInsert`` → ``Insert``; ``Insert``, group names and ``*`` unchanged."""
    if name.startswith(PRIVILEGE_WORD) and name[len(PRIVILEGE_WORD):] in ALL_PRIVILEGES:
        return name[len(PRIVILEGE_WORD):]
    return name


def object_type_name(object_type) -> str:
    """``ObjectType`` enum value or name → its name (``Global``, ``Collection``, ``User``)."""
    if isinstance(object_type, int):
        return common_pb2.ObjectType.Name(object_type)
    return str(object_type)


def hash_password(password: str, salt: bytes | None = None) -> tuple[bytes, bytes]:
    salt = os.urandom(16) if salt is None else salt
    return salt, hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 1000)


@dataclass(frozen=True)
class Grant:
    role: str
    object_type: str  # Global | Collection | User
    object_name: str  # or "*"
    privilege: str  # API name, group name or "*"
    db_name: str  # or "*"
    grantor: str = ""


@dataclass
class User:
    name: str
    salt: bytes
    digest: bytes
    password: str  # kept for BackupRBAC (Milvus backs up the stored hash; the model keeps what it was given)
    created: int = 0
    description: str = ""
    roles: set[str] = field(default_factory=set)


@dataclass
class Role:
    name: str
    description: str = ""


class AccessControl:
    """Users, roles, bindings, grants and privilege groups. Guarded by the owning catalogue's lock
    (``Catalog.lock``); the methods here do no locking of their own."""

    def __init__(self, root_password: str = DEFAULT_ROOT_PASSWORD):
        self._users: dict[str, User] = {}
        self._roles: dict[str, Role] = {name: Role(name) for name in BUILTIN_ROLES}
        self._grants: set[Grant] = set()
        self._groups: dict[str, list[str]] = {}  # custom groups, in creation order
        self.put_user(ROOT_USER, root_password)
        # The public role's default grants are real grants (SelectGrant lists them; Milvus 2.3.5 answers
        # Global/Collection '*' in database '*', granted by root).
        self._grants.update(Grant(PUBLIC_ROLE, t, ANY, p, ANY, ROOT_USER) for t, p in PUBLIC_DEFAULTS)

    # ---- the interface the authentication/enforcement layer uses ------------------------------------------

    def has_user(self, username: str) -> bool:
        return username in self._users

    def authenticate(self, username: str, password: str) -> bool:
        user = self._users.get(username)
        if user is None:
            return False
        return hash_password(password, user.salt)[1] == user.digest

    def users(self) -> list[str]:
        return list(self._users)

    def roles(self) -> list[str]:
        return list(self._roles)

    def user_roles(self, username: str) -> list[str]:
        user = self._users.get(username)
        return sorted(user.roles) if user else []

    def role_users(self, role: str) -> list[str]:
        return [u.name for u in self._users.values() if role in u.roles]

    def is_superuser(self, username: str) -> bool:
        user = self._users.get(username)
        return username == ROOT_USER or (user is not None and ADMIN_ROLE in user.roles)

    def allowed(self, username: str, object_type, privilege: str, object_name: str = "", db_name: str = "") -> bool:
        """May ``username`` exercise ``privilege`` on the object? Root and admin may do everything; otherwise a
        grant to one of the user's roles or to ``public`` must cover it: same object type (a Global ``*``/``All``
        grant covers every type), object name and database equal or ``*``, privilege equal, ``*``/``All``, or a
        built-in or custom group containing it."""
        if self.is_superuser(username):
            return True
        object_type = object_type_name(object_type)
        privilege = api_privilege(privilege)
        db_name = db_name or "default"
        roles = set(self.user_roles(username)) | {PUBLIC_ROLE}
        if PUBLIC_ROLE in roles and (object_type, privilege) in PUBLIC_DEFAULTS:
            return True
        for grant in self._grants:
            if grant.role not in roles:
                continue
            if grant.db_name not in (ANY, db_name):
                continue
            every = grant.privilege in (ANY, "All")
            if grant.object_type != object_type and not (every and grant.object_type == "Global"):
                continue
            if grant.object_type == object_type and grant.object_name not in (ANY, object_name):
                continue
            if every or grant.privilege == privilege or privilege in self.group_privileges(grant.privilege):
                return True
        return False

    # ---- state changes (validation lives in the mock handlers and rules) ------------------------------------

    def put_user(self, username: str, password: str, description: str = "", created: int = 0) -> None:
        salt, digest = hash_password(password)
        old = self._users.get(username)
        self._users[username] = User(username, salt, digest, password, created, description,
                                     old.roles if old else set())

    def delete_user(self, username: str) -> bool:
        return self._users.pop(username, None) is not None

    def user(self, username: str) -> User | None:
        return self._users.get(username)

    def has_role(self, role: str) -> bool:
        return role in self._roles

    def role(self, role: str) -> Role | None:
        return self._roles.get(role)

    def create_role(self, role: str, description: str = "") -> None:
        self._roles[role] = Role(role, description)

    def drop_role(self, role: str) -> None:
        self._roles.pop(role, None)
        for user in self._users.values():
            user.roles.discard(role)
        self._grants = {g for g in self._grants if g.role != role}

    def bind(self, username: str, role: str) -> None:
        self._users[username].roles.add(role)

    def unbind(self, username: str, role: str) -> bool:
        user = self._users.get(username)
        if user is None or role not in user.roles:
            return False
        user.roles.discard(role)
        return True

    def grants(self, role: str | None = None) -> list[Grant]:
        found = [g for g in self._grants if role is None or g.role == role]
        return sorted(found, key=lambda g: (g.role, g.object_type, g.db_name, g.object_name, g.privilege))

    def grant(self, grant: Grant) -> bool:
        """Add; False when the same grant (grantor aside) exists."""
        if self.find_grant(grant) is not None:
            return False
        self._grants.add(grant)
        return True

    def find_grant(self, grant: Grant) -> Grant | None:
        key = (grant.role, grant.object_type, grant.object_name, grant.privilege, grant.db_name)
        for g in self._grants:
            if (g.role, g.object_type, g.object_name, g.privilege, g.db_name) == key:
                return g
        return None

    def revoke(self, grant: Grant) -> bool:
        found = self.find_grant(grant)
        if found is None:
            return False
        self._grants.discard(found)
        return True

    # ---- privilege groups ---------------------------------------------------------------------------------

    def has_group(self, name: str) -> bool:
        return name in self._groups

    def is_builtin_group(self, name: str) -> bool:
        return name in BUILTIN_GROUPS

    def groups(self) -> dict[str, list[str]]:
        """Custom groups (creation order) with their privileges."""
        return {name: list(privs) for name, privs in self._groups.items()}

    def group_privileges(self, name: str) -> tuple[str, ...]:
        if name in BUILTIN_GROUPS:
            return BUILTIN_GROUPS[name]
        return tuple(self._groups.get(name, ()))

    def create_group(self, name: str) -> None:
        self._groups[name] = []

    def drop_group(self, name: str) -> None:
        self._groups.pop(name, None)

    def group_in_use(self, name: str) -> list[str]:
        """Roles holding a grant of the group."""
        return sorted({g.role for g in self._grants if g.privilege == name})

    def add_to_group(self, name: str, privileges) -> None:
        group = self._groups[name]
        for p in privileges:
            if p not in group:
                group.append(p)

    def remove_from_group(self, name: str, privileges) -> None:
        group = self._groups[name]
        self._groups[name] = [p for p in group if p not in set(privileges)]
