"""Platform features outside snapshots, namespaces and replication: file resources (AddFileResource,
ListFileResources, RemoveFileResource), user tags (AddUserTags, GetUserTags, DeleteUserTags, ListUsersWithTag),
row policies (CreateRowPolicy, ListRowPolicies, DropRowPolicy), external collections (RefreshExternalCollection,
GetRefreshExternalCollectionProgress, ListRefreshExternalCollectionJobs) and BatchUpdateManifest.

Tags go only on users the run created (CreateCredential first); resources and policies carry run names and are
removed by the cases (teardown removes what a failed case left)."""

from __future__ import annotations

import base64

import pytest

from conformance.expectations import NotApplicable, verify, verify_refused
from conformance.model.rules.platform import EXTERNAL_SINCE, FILE_RESOURCES_SINCE, RLS_SINCE
from conformance.protocol import milvus_pb2
from conformance.transport.connections import RpcUnimplemented

from .builders import plain_collection

UNKNOWN_JOB = 987_654_321_987


# ---- file resources --------------------------------------------------------------------------------------

@pytest.mark.requires(since=FILE_RESOURCES_SINCE)
@pytest.mark.rpc("AddFileResource", "ListFileResources", "RemoveFileResource")
def test_file_resource_lifecycle(ledger, check, conn):
    """add → listed with its name and path → removed → gone. The path names a file of the run's own: Milvus
    records it (DataCoord stores name and path); nothing reads it until a collection refers to it."""
    name = ledger.name("fr")
    path = f"{ledger.token}/conformance/{name}.txt"
    check(conn.call("AddFileResource", milvus_pb2.AddFileResourceRequest(name=name, path=path)), "AddFileResource/adds")
    reply = conn.call("ListFileResources", milvus_pb2.ListFileResourcesRequest())
    check(reply, "ListFileResources/answers")
    mine = [(r.name, r.path, r.id != 0) for r in reply.resources if r.name == name]
    verify("ListFileResources/lists-added", mine == [(name, path, True)], expected=f"[({name!r}, {path!r}, id≠0)]",
           actual=str(mine), request=milvus_pb2.ListFileResourcesRequest())
    check(conn.call("RemoveFileResource", milvus_pb2.RemoveFileResourceRequest(name=name)),
          "RemoveFileResource/removes")
    reply = conn.call("ListFileResources", milvus_pb2.ListFileResourcesRequest())
    check(reply, "ListFileResources/answers")
    left = [r.name for r in reply.resources if r.name == name]
    verify("ListFileResources/lists-added", left == [], expected="gone once removed", actual=str(left),
           request=milvus_pb2.ListFileResourcesRequest())


# ---- user tags -------------------------------------------------------------------------------------------

def run_user(ledger, conn) -> str:
    """A user of the run's own (CreateCredential), or not applicable when the target cannot create users."""
    name = ledger.name("u")
    password = base64.b64encode(f"{ledger.token}-Pw1!".encode()).decode()
    try:
        reply = conn.call("CreateCredential", milvus_pb2.CreateCredentialRequest(username=name, password=password))
    except RpcUnimplemented:
        raise NotApplicable("tags go only on users the run created, and the target does not implement "
                            "CreateCredential") from None
    if reply.code or reply.error_code:
        raise NotApplicable(f"the target did not create a user for the run: {reply.reason}")
    return name


@pytest.mark.requires(since=RLS_SINCE)
@pytest.mark.rpc("AddUserTags", "GetUserTags", "ListUsersWithTag", "DeleteUserTags")
def test_user_tags(ledger, check, conn):
    key, value = f"{ledger.token}_team", "conformance"
    listing = milvus_pb2.ListUsersWithTagRequest(tag_key=key, tag_value=value)
    reply = conn.call("ListUsersWithTag", listing)  # before any user of the run carries it: nobody
    check(reply, "ListUsersWithTag/answers")
    verify("ListUsersWithTag/lists-tagged", list(reply.user_names) == [], expected="nobody carries the run's tag yet",
           actual=str(list(reply.user_names)), request=listing)
    user = run_user(ledger, conn)
    check(conn.call("AddUserTags", milvus_pb2.AddUserTagsRequest(user_name=user, tags={key: value, "tier": "gold"})),
          "AddUserTags/adds")
    get = milvus_pb2.GetUserTagsRequest(user_name=user)
    reply = conn.call("GetUserTags", get)
    check(reply, "GetUserTags/existing")
    verify("GetUserTags/returns-tags", dict(reply.tags) == {key: value, "tier": "gold"},
           expected=str({key: value, "tier": "gold"}), actual=str(dict(reply.tags)), request=get)
    reply = conn.call("ListUsersWithTag", listing)
    check(reply, "ListUsersWithTag/answers")
    verify("ListUsersWithTag/lists-tagged", list(reply.user_names) == [user], expected=f"[{user!r}]",
           actual=str(list(reply.user_names)), request=listing)
    check(conn.call("DeleteUserTags", milvus_pb2.DeleteUserTagsRequest(user_name=user, tag_keys=[key])),
          "DeleteUserTags/deletes")
    reply = conn.call("GetUserTags", get)
    check(reply, "GetUserTags/existing")
    verify("GetUserTags/returns-tags", dict(reply.tags) == {"tier": "gold"}, expected="{'tier': 'gold'}",
           actual=str(dict(reply.tags)), request=get)
    reply = conn.call("ListUsersWithTag", listing)
    check(reply, "ListUsersWithTag/answers")
    verify("ListUsersWithTag/lists-tagged", user not in reply.user_names, expected=f"{user!r} no longer listed",
           actual=str(list(reply.user_names)), request=listing)


@pytest.mark.requires(since=RLS_SINCE)
@pytest.mark.rpc("AddUserTags")
def test_tags_for_a_missing_user(ledger, conn):
    request = milvus_pb2.AddUserTagsRequest(user_name=ledger.name("u"), tags={"k": "v"})
    verify_refused("AddUserTags/missing-user-refused", conn.call("AddUserTags", request), request)


# ---- row policies ----------------------------------------------------------------------------------------

@pytest.mark.requires(since=RLS_SINCE)
@pytest.mark.rpc("CreateRowPolicy", "ListRowPolicies", "DropRowPolicy")
def test_row_policy_lifecycle(ledger, check, conn):
    c = plain_collection(ledger, check)
    policy = ledger.name("rp")
    create = milvus_pb2.CreateRowPolicyRequest(
        collection_name=c.name, policy_name=policy, actions=[milvus_pb2.Query, milvus_pb2.Search],
        roles=["public"], using_expr="id >= 0", description="conformance")
    check(conn.call("CreateRowPolicy", create), "CreateRowPolicy/creates")
    listing = milvus_pb2.ListRowPoliciesRequest(collection_name=c.name)
    reply = conn.call("ListRowPolicies", listing)
    check(reply, "ListRowPolicies/existing")
    mine = [p for p in reply.policies if p.policy_name == policy]
    shown = [(p.policy_name, list(p.actions), list(p.roles), p.using_expr) for p in mine]
    want = [(policy, [milvus_pb2.Query, milvus_pb2.Search], ["public"], "id >= 0")]
    verify("ListRowPolicies/lists-policies", shown == want and reply.collection_name == c.name,
           expected=f"{want} of {c.name!r}", actual=f"{shown} of {reply.collection_name!r}", request=listing)
    check(conn.call("DropRowPolicy", milvus_pb2.DropRowPolicyRequest(collection_name=c.name, policy_name=policy)),
          "DropRowPolicy/drops")
    reply = conn.call("ListRowPolicies", listing)
    check(reply, "ListRowPolicies/existing")
    left = [p.policy_name for p in reply.policies if p.policy_name == policy]
    verify("ListRowPolicies/lists-policies", left == [], expected="gone once dropped", actual=str(left),
           request=listing)
    missing = milvus_pb2.CreateRowPolicyRequest(collection_name=ledger.name("missing"), policy_name=ledger.name("rp"),
                                                actions=[milvus_pb2.Query], roles=["public"], using_expr="id >= 0")
    verify_refused("CreateRowPolicy/missing-collection-refused", conn.call("CreateRowPolicy", missing), missing)


# ---- external collections and manifests --------------------------------------------------------------------

@pytest.mark.requires(since=EXTERNAL_SINCE)
@pytest.mark.rpc("RefreshExternalCollection")
def test_external_collection_refresh(ledger, check, conn):
    """A plain collection is no external one: refresh is refused, and refused for a missing collection."""
    c = plain_collection(ledger, check)
    refresh = milvus_pb2.RefreshExternalCollectionRequest(collection_name=c.name)
    verify_refused("RefreshExternalCollection/plain-collection-refused", conn.call("RefreshExternalCollection", refresh),
                   refresh)
    check(conn.call("RefreshExternalCollection", milvus_pb2.RefreshExternalCollectionRequest(
        collection_name=ledger.name("missing"))), "RefreshExternalCollection/missing-collection")


@pytest.mark.requires(since=EXTERNAL_SINCE)
@pytest.mark.rpc("GetRefreshExternalCollectionProgress")
def test_external_collection_refresh_progress(conn):
    """An unknown refresh job is refused."""
    progress = milvus_pb2.GetRefreshExternalCollectionProgressRequest(job_id=UNKNOWN_JOB)
    verify_refused("GetRefreshExternalCollectionProgress/unknown-job-refused",
                   conn.call("GetRefreshExternalCollectionProgress", progress), progress)


@pytest.mark.requires(since=EXTERNAL_SINCE)
@pytest.mark.rpc("ListRefreshExternalCollectionJobs")
def test_external_collection_refresh_jobs(ledger, check, conn):
    """A plain collection lists no refresh job; a missing one is refused (judged on its own, so a server lacking
    the progress lookup still has this RPC judged)."""
    c = plain_collection(ledger, check)
    jobs = milvus_pb2.ListRefreshExternalCollectionJobsRequest(collection_name=c.name)
    reply = conn.call("ListRefreshExternalCollectionJobs", jobs)
    check(reply, "ListRefreshExternalCollectionJobs/existing")
    verify("ListRefreshExternalCollectionJobs/none", len(reply.jobs) == 0, expected="no refresh job",
           actual=str([j.job_id for j in reply.jobs]), request=jobs)
    check(conn.call("ListRefreshExternalCollectionJobs", milvus_pb2.ListRefreshExternalCollectionJobsRequest(
        collection_name=ledger.name("missing"))), "ListRefreshExternalCollectionJobs/missing-collection")


@pytest.mark.requires(since=EXTERNAL_SINCE)
@pytest.mark.rpc("BatchUpdateManifest")
def test_batch_update_manifest(ledger, check, conn):
    """Only the not-found path: DataCoord broadcasts manifest updates without checking the segments, so what a
    server answers for a made-up segment is not a conformance question."""
    check(conn.call("BatchUpdateManifest", milvus_pb2.BatchUpdateManifestRequest(
        collection_name=ledger.name("missing"))), "BatchUpdateManifest/missing-collection")
