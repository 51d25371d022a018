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
    _drop_each(_names(conn, "ListResourceGroups", milvus_pb2.ListResourceGroupsRequest(),
                      lambda r: r.resource_groups), "resource group", "DropResourceGroup",
               lambda name: milvus_pb2.DropResourceGroupRequest(resource_group=name), pattern, result, attempt)
    _drop_each(_names(conn, "ListFileResources", milvus_pb2.ListFileResourcesRequest(),
                      lambda r: [f.name for f in r.resources]), "file resource", "RemoveFileResource",
               lambda name: milvus_pb2.RemoveFileResourceRequest(name=name), pattern, result, attempt)


def _listed(conn: Connection, rpc: str, request=None):
    try:
        return conn.call(rpc, request, timeout=30)
    except (RpcUnimplemented, RpcError):
        return None


def _names(conn: Connection, rpc: str, request, pick) -> list:
    """What a listing RPC answers (``pick`` reads them from the reply); none when it fails or is absent."""
    reply = _listed(conn, rpc, request)
    return list(pick(reply)) if reply is not None and _ok(reply) else []


def _drop_each(names, kind: str, rpc: str, request_for, pattern: re.Pattern, result: CleanResult, attempt) -> None:
    """Remove every listed object of ``kind`` whose name carries a run token."""
    for name in names:
        if pattern.search(name) and attempt(f"{kind} {name}", rpc, request_for(name)):
            result.removed.append(f"{kind} {name}")


def _clean_access(conn: Connection, pattern: re.Pattern, result: CleanResult, attempt) -> None:
    """Roles (their grants revoked first: Milvus before force_drop refuses a role that holds grants; revoking
    needs the connection's credentials), then users and privilege groups whose names carry a run token."""
    for name in _names(conn, "SelectRole", milvus_pb2.SelectRoleRequest(), lambda r: [x.role.name for x in r.results]):
        if not pattern.search(name):
            continue
        held = _names(conn, "SelectGrant", milvus_pb2.SelectGrantRequest(
            entity=milvus_pb2.GrantEntity(role=milvus_pb2.RoleEntity(name=name))), lambda r: r.entities)
        for grant in held:
            _listed(conn, "OperatePrivilege", milvus_pb2.OperatePrivilegeRequest(entity=grant, type=milvus_pb2.Revoke))
        if attempt(f"role {name}", "DropRole", milvus_pb2.DropRoleRequest(role_name=name, force_drop=True)):
            result.removed.append(f"role {name}")
    _drop_each(_names(conn, "ListCredUsers", milvus_pb2.ListCredUsersRequest(), lambda r: r.usernames),
               "user", "DeleteCredential", lambda name: milvus_pb2.DeleteCredentialRequest(username=name),
               pattern, result, attempt)
    _drop_each(_names(conn, "ListPrivilegeGroups", milvus_pb2.ListPrivilegeGroupsRequest(),
                      lambda r: [g.group_name for g in r.privilege_groups]), "privilege group", "DropPrivilegeGroup",
               lambda name: milvus_pb2.DropPrivilegeGroupRequest(group_name=name), pattern, result, attempt)
