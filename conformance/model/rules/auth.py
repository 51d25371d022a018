"""Authentication and privilege enforcement: what a Milvus with authorization enabled answers a call without valid
credentials, and a call its user holds no grant for.

Both refusals are gRPC statuses, not ``common.Status`` codes: master's proxy interceptors return
``status.Error(codes.Unauthenticated, ...)`` ("don't use the merr, because it will cause the wrong retry behavior
in the sdk") and ``status.Error(codes.PermissionDenied, ...)``. The checks are therefore semantic: the case judges
the gRPC status code of the call.

The privilege pairs are derived from the pinned protocol: every request message whose descriptor carries the
``privilege_ext_obj`` option (common.proto ``PrivilegeExt``) gets ``<Rpc>/privilege/denied-without-grant`` and
``<Rpc>/privilege/served-with-grant``.
"""

from __future__ import annotations

from ...protocol import catalogue, common_pb2
from .evidence import Change, Protocol, master
from .registry import semantic

AUTHENTICATION = "internal/proxy/authentication_interceptor.go"
PRIVILEGE = "internal/proxy/privilege_interceptor.go"

# The texts master's interceptors send with the gRPC status (the mock sends the same).
MISSING_AUTHORIZATION = "missing authorization in header"
INVALID_TOKEN_FORMAT = "invalid token format"
BAD_API_KEY = "auth check failure, please check api key is correct"
BAD_PASSWORD = "auth check failure, please check username and password are correct"
PERMISSION_DENY = "{privilege}: permission deny to {user} in the `{db}` database"

_AUTH = master(AUTHENTICATION, "AuthenticationInterceptorWithMetaCache",
               "authorization on: no authorization metadata, a token that is not base64, or a user/password the "
               "credential cache does not verify → status.Error(codes.Unauthenticated, ...)")
_PRIV = master(PRIVILEGE, "PrivilegeInterceptorWithMetaCache",
               "GetPrivilegeExtObj(req); root exempt; roles + public; isCurUserObject; isSelectMyRoleGrants; "
               "else status.Error(codes.PermissionDenied, \"<Privilege>: permission deny to <user> in the `<db>` "
               "database\")")
_EXT = Protocol("proto/common.proto", "PrivilegeExt / privilege_ext_obj")

semantic("HasCollection/auth/without-credentials",
         "with authorization enabled, a call carrying no authorization metadata fails with gRPC UNAUTHENTICATED",
         evidence=_AUTH)
semantic("HasCollection/auth/wrong-password",
         "with authorization enabled, a call whose user/password does not verify fails with gRPC UNAUTHENTICATED",
         evidence=_AUTH)
semantic("HasCollection/auth/with-credentials",
         "with authorization enabled, a call with the credentials of an existing user is served",
         evidence=_AUTH)


def privileged_rpcs() -> list[tuple[str, object]]:
    """(RPC name, PrivilegeExt) of every MilvusService RPC whose request message declares a privilege."""
    found = []
    for rpc in catalogue.all_rpcs():
        options = rpc.request.GetOptions()
        if options.HasExtension(common_pb2.privilege_ext_obj):
            found.append((rpc.name, options.Extensions[common_pb2.privilege_ext_obj]))
    return found


def denied_id(rpc: str) -> str:
    return f"{rpc}/privilege/denied-without-grant"


def served_id(rpc: str) -> str:
    return f"{rpc}/privilege/served-with-grant"


# Privileges whose option arrived (or whose object changed) after the oldest releases this suite judges: the
# check applies from the first Milvus release whose request message carries the option as pinned. Before it the
# call was served to every user (no option), or named another object, so there is nothing of this check to judge.
# Each bound rests on milvus-proto's history (tags read in a mirror of milvus-io/milvus-proto, 2026-12-01).
PRIVILEGE_SINCE: dict[str, tuple[str, Change, str]] = {
    denied_id("AlterAlias"): (
        "2.4.0", Change("milvus-io/milvus-proto#252 (3420790, 2024-03-14)", "AlterAliasRequest gets "
                        "privilege_ext_obj PrivilegeCreateAlias; in proto tags v2.4.0-rc.1+ and, backported, v2.3.13+"),
        "the first 2.3-line Milvus release that picked up the backport is not established; 2.3.5's proto has no "
        "option and serves every user (seen on an auth-enabled 2.3.5), so 2.4.0 is the bound"),
    denied_id("GetPartitionStatistics"): (
        "3.0.1", Change("milvus-io/milvus-proto#652 (16b2888, 2026-08-06)", "GetPartitionStatisticsRequest gets "
                        "privilege_ext_obj PrivilegeGetStatistics (Collection, name index 3); in no proto tag up "
                        "to v3.0.0, in the 3.0 branch pymilvus 3.0.2 pins"),
        "first release not established: the first after v3.0.0 (3.0.1) is assumed; every earlier release serves "
        "every user (seen on an auth-enabled 2.3.5)"),
    served_id("ManualCompaction"): (
        "2.4.18", Change("milvus-io/milvus-proto#364 (3911e6e, 2024-11-29)", "ManualCompactionRequest's privilege "
                         "object moves from collectionID (name index 1) to collection_name (index 4); proto tags "
                         "v2.4.18+ and v2.5.0+"),
        "before it the privilege is looked up by collection ID, so a grant on the collection's name does not serve "
        "it (an auth-enabled 2.3.5 refuses the granted user); 2.5.0-beta still had index 1"),
}

for _rpc, _ext in privileged_rpcs():
    _privilege = common_pb2.ObjectPrivilege.Name(_ext.object_privilege)
    _type = common_pb2.ObjectType.Name(_ext.object_type)
    _since, _change, _gap = PRIVILEGE_SINCE.get(denied_id(_rpc), (None, None, ""))
    semantic(denied_id(_rpc), f"{_rpc} by a user holding no grant of {_privilege} on the {_type} object fails with "
             "gRPC PERMISSION_DENIED — unless the built-in public role holds it (by default DescribeCollection, "
             "ShowCollections, IndexDetail), then every user is served",
             evidence=(_PRIV, _EXT, *((_change,) if _change else ())), since=_since, gap=_gap)
    _since, _change, _gap = PRIVILEGE_SINCE.get(served_id(_rpc), (None, None, ""))
    semantic(served_id(_rpc), f"{_rpc} by a user whose role holds {_privilege} on the {_type} object (or All, where "
             "the privilege cannot be granted on that object type) is not refused for privilege reasons",
             evidence=(_PRIV, _EXT, *((_change,) if _change else ())), since=_since, gap=_gap)
