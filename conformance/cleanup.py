"""Removing what the suite's runs left on a server: every alias, collection (with its snapshots, namespaces and
row policies), database, role (grants revoked first), user, privilege group, resource group and file resource
whose name carries a run token (``mc`` + 8 hex digits, optionally a worker
suffix, then ``_``), and nothing else.

A run removes what it created in its own teardown; this is the safety net after an interruption, a worker
killed by xdist, a target that went away mid-run or a ``kill -9`` (``milvus-conformance clean``), and the
CLI runs it for the run's own token after every run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .protocol import milvus_pb2
from .transport import Connection, RpcError, RpcUnimplemented
from .transport.recorder import status_of

ANY_RUN = r"mc[0-9a-f]{8}"


def suite_names(token: str | None = None) -> re.Pattern:
    """Names made by a run (``token`` given: that run's, its workers' included)."""
    run = re.escape(token) if token else ANY_RUN
    return re.compile(rf"(?:^|_){run}(?:gw\d+)?_")


@dataclass
class CleanResult:
    removed: list[str] = field(default_factory=list)  # "collection default.mc..._c7"
    problems: list[str] = field(default_factory=list)


def _ok(reply) -> bool:
    status = status_of(reply)
    return status is None or (status.code == 0 and status.error_code == 0)


def clean(conn: Connection, token: str | None = None) -> CleanResult:
    """Drop the runs' aliases, then collections, then databases, then the server-wide objects; ``conn`` must not
    carry an ownership guard (these objects belong to earlier runs)."""
    pattern = suite_names(token)
    result = CleanResult()

    def attempt(what: str, rpc: str, request) -> bool:
        try:
            reply = conn.call(rpc, request, timeout=30)
        except RpcUnimplemented:
            return False
        except RpcError as err:
            result.problems.append(f"{what}: {err}")
            return False
        if not _ok(reply):
            status = status_of(reply)
            result.problems.append(f"{what}: {rpc} answered code {status.code}: {status.reason}")
            return False
        return True

    try:
        dbs = list(conn.call("ListDatabases", timeout=30).db_names) or ["default"]
    except RpcUnimplemented:
        dbs = ["default"]
    for db in dbs:
        try:
            aliases = list(conn.call("ListAliases", milvus_pb2.ListAliasesRequest(db_name=db), timeout=30).aliases)
        except RpcUnimplemented:
            aliases = []
        for alias in aliases:
            if pattern.search(alias) and attempt(f"alias {db}.{alias}", "DropAlias",
                                                 milvus_pb2.DropAliasRequest(db_name=db, alias=alias)):
                result.removed.append(f"alias {db}.{alias}")
        shown = conn.call("ShowCollections", milvus_pb2.ShowCollectionsRequest(db_name=db), timeout=30)
        for name in shown.collection_names:
            if not pattern.search(name):
                continue
            try:  # a loaded collection must be released first on some servers
                conn.call("ReleaseCollection", milvus_pb2.ReleaseCollectionRequest(db_name=db, collection_name=name),
                          timeout=30)
            except RpcError:
                pass
            if attempt(f"collection {db}.{name}", "DropCollection",
                       milvus_pb2.DropCollectionRequest(db_name=db, collection_name=name)):
                result.removed.append(f"collection {db}.{name}")
    for db in dbs:
        if db != "default" and pattern.search(db) and attempt(f"database {db}", "DropDatabase",
                                                             milvus_pb2.DropDatabaseRequest(db_name=db)):
            result.removed.append(f"database {db}")
    _clean_access(conn, pattern, result, attempt)
    _clean_server_objects(conn, pattern, result, attempt)
    return result


def _clean_server_objects(conn: Connection, pattern: re.Pattern, result: CleanResult, attempt) -> None:
    """Resource groups (the suite's never hold a node) and file resources whose names carry a run token.
    Snapshots, namespaces and row policies live in a collection and went with it."""
    groups = _listed(conn, "ListResourceGroups", milvus_pb2.ListResourceGroupsRequest())
    for name in groups.resource_groups if groups is not None and _ok(groups) else ():
        if pattern.search(name) and attempt(f"resource group {name}", "DropResourceGroup",
                                            milvus_pb2.DropResourceGroupRequest(resource_group=name)):
            result.removed.append(f"resource group {name}")
    files = _listed(conn, "ListFileResources", milvus_pb2.ListFileResourcesRequest())
    for name in [r.name for r in files.resources] if files is not None and _ok(files) else []:
        if pattern.search(name) and attempt(f"file resource {name}", "RemoveFileResource",
                                            milvus_pb2.RemoveFileResourceRequest(name=name)):
            result.removed.append(f"file resource {name}")


def _listed(conn: Connection, rpc: str, request=None):
    try:
        return conn.call(rpc, request, timeout=30)
    except (RpcUnimplemented, RpcError):
        return None


def _clean_access(conn: Connection, pattern: re.Pattern, result: CleanResult, attempt) -> None:
    """Roles (their grants revoked first: Milvus before force_drop refuses a role that holds grants; revoking
    needs the connection's credentials), then users and privilege groups whose names carry a run token."""
    roles = _listed(conn, "SelectRole", milvus_pb2.SelectRoleRequest())
    for name in [r.role.name for r in roles.results] if roles is not None and _ok(roles) else []:
        if not pattern.search(name):
            continue
        held = _listed(conn, "SelectGrant", milvus_pb2.SelectGrantRequest(
            entity=milvus_pb2.GrantEntity(role=milvus_pb2.RoleEntity(name=name))))
        for grant in held.entities if held is not None and _ok(held) else ():
            _listed(conn, "OperatePrivilege", milvus_pb2.OperatePrivilegeRequest(entity=grant, type=milvus_pb2.Revoke))
        if attempt(f"role {name}", "DropRole", milvus_pb2.DropRoleRequest(role_name=name, force_drop=True)):
            result.removed.append(f"role {name}")
    users = _listed(conn, "ListCredUsers", milvus_pb2.ListCredUsersRequest())
    for name in users.usernames if users is not None and _ok(users) else ():
        if pattern.search(name) and attempt(f"user {name}", "DeleteCredential",
                                            milvus_pb2.DeleteCredentialRequest(username=name)):
            result.removed.append(f"user {name}")
    groups = _listed(conn, "ListPrivilegeGroups", milvus_pb2.ListPrivilegeGroupsRequest())
    for name in [g.group_name for g in groups.privilege_groups] if groups is not None and _ok(groups) else []:
        if pattern.search(name) and attempt(f"privilege group {name}", "DropPrivilegeGroup",
                                            milvus_pb2.DropPrivilegeGroupRequest(group_name=name)):
            result.removed.append(f"privilege group {name}")
