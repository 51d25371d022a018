"""The platform family's model and mock handlers over real gRPC: snapshots, namespaces, file resources, user
tags, row policies, replication (including the streaming RPCs through ``Connection.stream``), external
collections; and the ownership guard on the streaming calls."""

from __future__ import annotations

import base64

import pytest

from conformance.mock import serve
from conformance.model.platform import NAMESPACE_MODE_KEY, Platform
from conformance.model.rules import rules
from conformance.protocol import common_pb2, milvus_pb2, schema_pb2
from conformance.transport import RpcTransportError, parse_target
from conformance.transport.connections import Connection
from conformance.transport.ownership import ForeignObjectError, Ownership, allowing_global

DT = schema_pb2.DataType


@pytest.fixture(scope="module")
def mock():
    with serve() as server:
        yield server


@pytest.fixture()
def conn(mock):
    c = Connection("platform-test", parse_target(mock.address))
    yield c
    c.close()


def make_collection(conn, name, *, namespaces=False):
    schema = schema_pb2.CollectionSchema(name=name, enable_namespace=namespaces, fields=[
        schema_pb2.FieldSchema(name="id", data_type=DT.Int64, is_primary_key=True),
        schema_pb2.FieldSchema(name="vec", data_type=DT.FloatVector,
                               type_params=[common_pb2.KeyValuePair(key="dim", value="8")])])
    props = [common_pb2.KeyValuePair(key=NAMESPACE_MODE_KEY, value="partition")] if namespaces else []
    status = conn.call("CreateCollection", milvus_pb2.CreateCollectionRequest(
        collection_name=name, schema=schema.SerializeToString(), properties=props))
    assert status.code == 0, status.reason


def code(reply) -> int:
    return (reply if isinstance(reply, common_pb2.Status) else reply.status).code


def expect(reply, check_id: str) -> None:
    check = rules.get(check_id)
    assert code(reply) == check.code, (check_id, reply)
    if check.answer.reason and "{" not in check.answer.reason:
        assert check.answer.reason in (reply if isinstance(reply, common_pb2.Status) else reply.status).reason


# ---- snapshots ---------------------------------------------------------------------------------------------

def test_snapshot_state_is_kept(conn):
    make_collection(conn, "snap_c")
    create = milvus_pb2.CreateSnapshotRequest(name="s1", description="d", collection_name="snap_c")
    assert code(conn.call("CreateSnapshot", create)) == 0
    expect(conn.call("CreateSnapshot", create), "CreateSnapshot/duplicate-name")
    assert list(conn.call("ListSnapshots", milvus_pb2.ListSnapshotsRequest(collection_name="snap_c")).snapshots) == ["s1"]
    described = conn.call("DescribeSnapshot", milvus_pb2.DescribeSnapshotRequest(name="s1", collection_name="snap_c"))
    assert (described.name, described.description, described.collection_name) == ("s1", "d", "snap_c")
    assert described.create_ts > 0
    # restore: a new collection with the snapshot's schema, and a completed job listed for it
    reply = conn.call("RestoreSnapshot", milvus_pb2.RestoreSnapshotRequest(
        name="s1", collection_name="snap_c", target_collection_name="snap_r"))
    assert code(reply) == 0 and reply.job_id
    assert conn.call("HasCollection", milvus_pb2.HasCollectionRequest(collection_name="snap_r")).value
    state = conn.call("GetRestoreSnapshotState", milvus_pb2.GetRestoreSnapshotStateRequest(job_id=reply.job_id))
    assert state.info.state == milvus_pb2.RestoreSnapshotCompleted and state.info.collection_name == "snap_r"
    jobs = conn.call("ListRestoreSnapshotJobs", milvus_pb2.ListRestoreSnapshotJobsRequest(collection_name="snap_r"))
    assert [j.job_id for j in jobs.jobs] == [reply.job_id]
    jobs = conn.call("ListRestoreSnapshotJobs", milvus_pb2.ListRestoreSnapshotJobsRequest(collection_name="snap_c"))
    assert list(jobs.jobs) == []
    # pins
    pin = conn.call("PinSnapshotData", milvus_pb2.PinSnapshotDataRequest(name="s1", collection_name="snap_c",
                                                                          ttl_seconds=10))
    assert code(pin) == 0 and pin.pin_id
    expect(conn.call("PinSnapshotData", milvus_pb2.PinSnapshotDataRequest(
        name="s1", collection_name="snap_c", ttl_seconds=30 * 24 * 3600 + 1)), "PinSnapshotData/ttl-too-long")
    assert code(conn.call("UnpinSnapshotData", milvus_pb2.UnpinSnapshotDataRequest(pin_id=pin.pin_id))) == 0
    expect(conn.call("UnpinSnapshotData", milvus_pb2.UnpinSnapshotDataRequest()), "UnpinSnapshotData/missing-pin-id")
    # drop: gone, and dropping again succeeds (idempotent)
    drop = milvus_pb2.DropSnapshotRequest(name="s1", collection_name="snap_c")
    assert code(conn.call("DropSnapshot", drop)) == 0
    assert code(conn.call("DropSnapshot", drop)) == 0
    assert code(conn.call("DescribeSnapshot", milvus_pb2.DescribeSnapshotRequest(
        name="s1", collection_name="snap_c"))) != 0
    assert list(conn.call("ListSnapshots", milvus_pb2.ListSnapshotsRequest(collection_name="snap_c")).snapshots) == []


def test_snapshot_argument_order(conn):
    """The name is validated before the collection is looked up (CreateSnapshotTask.PreExecute)."""
    expect(conn.call("CreateSnapshot", milvus_pb2.CreateSnapshotRequest(name="", collection_name="nope")),
           "CreateSnapshot/empty-name")
    expect(conn.call("CreateSnapshot", milvus_pb2.CreateSnapshotRequest(name="9s", collection_name="nope")),
           "CreateSnapshot/invalid-name")
    expect(conn.call("CreateSnapshot", milvus_pb2.CreateSnapshotRequest(name="s", collection_name="nope")),
           "CreateSnapshot/missing-collection")
    expect(conn.call("ListSnapshots", milvus_pb2.ListSnapshotsRequest()), "ListSnapshots/missing-collection-name")
    expect(conn.call("RestoreSnapshot", milvus_pb2.RestoreSnapshotRequest(name="s", collection_name="c")),
           "RestoreSnapshot/missing-target-name")
    expect(conn.call("RestoreSnapshot", milvus_pb2.RestoreSnapshotRequest(
        name="s", collection_name="c", target_collection_name="1t")), "RestoreSnapshot/invalid-target-name")
    expect(conn.call("ExportSnapshot", milvus_pb2.ExportSnapshotRequest(name="s", collection_name="c")),
           "ExportSnapshot/missing-target-path")
    expect(conn.call("RestoreExternalSnapshot", milvus_pb2.RestoreExternalSnapshotRequest()),
           "RestoreExternalSnapshot/missing-uri")


# ---- namespaces --------------------------------------------------------------------------------------------

def test_namespaces_are_partitions_of_enabled_collections(conn):
    make_collection(conn, "ns_on", namespaces=True)
    make_collection(conn, "ns_off")
    expect(conn.call("CreateNamespace", milvus_pb2.CreateNamespaceRequest(collection_name="ns_off",
                                                                          namespace_name="a")),
           "CreateNamespace/namespaces-disabled")
    for name in ("b", "a", "c"):
        reply = conn.call("CreateNamespace", milvus_pb2.CreateNamespaceRequest(collection_name="ns_on",
                                                                               namespace_name=name))
        assert code(reply) == 0 and reply.namespace.namespace_name == name and reply.namespace.state == "Ready"
    assert code(conn.call("CreateNamespace", milvus_pb2.CreateNamespaceRequest(collection_name="ns_on",
                                                                               namespace_name="a"))) != 0
    # a namespace is a partition: HasPartition sees it; the default partition is no namespace
    assert conn.call("HasPartition", milvus_pb2.HasPartitionRequest(collection_name="ns_on", partition_name="a")).value
    page = conn.call("ListNamespaces", milvus_pb2.ListNamespacesRequest(collection_name="ns_on", page_size=2))
    assert [n.namespace_name for n in page.namespaces] == ["a", "b"] and page.next_page_token == "2"
    rest = conn.call("ListNamespaces", milvus_pb2.ListNamespacesRequest(collection_name="ns_on", page_token="2"))
    assert [n.namespace_name for n in rest.namespaces] == ["c"] and rest.next_page_token == ""
    prefixed = conn.call("ListNamespaces", milvus_pb2.ListNamespacesRequest(collection_name="ns_on", prefix="b"))
    assert [n.namespace_name for n in prefixed.namespaces] == ["b"]
    stats = conn.call("GetNamespaceStats", milvus_pb2.GetNamespaceStatsRequest(collection_name="ns_on",
                                                                               namespace_name="a"))
    assert stats.namespace_name == "a" and stats.stats.entity_count_type == "approximate"
    expect(conn.call("GetNamespaceStats", milvus_pb2.GetNamespaceStatsRequest(
        collection_name="ns_off", namespace_name="a", exact=True)), "GetNamespaceStats/exact-unsupported")
    assert code(conn.call("DropNamespace", milvus_pb2.DropNamespaceRequest(collection_name="ns_on",
                                                                           namespace_name="a"))) == 0
    assert not conn.call("HasNamespace", milvus_pb2.HasNamespaceRequest(collection_name="ns_on",
                                                                        namespace_name="a")).value
    assert code(conn.call("DropNamespace", milvus_pb2.DropNamespaceRequest(collection_name="ns_on",
                                                                           namespace_name="a"))) != 0
    expect(conn.call("HasNamespace", milvus_pb2.HasNamespaceRequest(collection_name="ns_on")),
           "HasNamespace/invalid-name")
    expect(conn.call("ListNamespaces", milvus_pb2.ListNamespacesRequest(collection_name="ns_on", page_size=-1)),
           "ListNamespaces/negative-page-size")


def test_namespaces_enabled_needs_both_flags():
    schema = schema_pb2.CollectionSchema(enable_namespace=True)
    assert Platform.namespaces_enabled(schema, {NAMESPACE_MODE_KEY: "partition"})
    assert not Platform.namespaces_enabled(schema, {})
    assert not Platform.namespaces_enabled(schema_pb2.CollectionSchema(), {NAMESPACE_MODE_KEY: "partition"})


# ---- file resources, user tags, row policies, external -----------------------------------------------------

def test_file_resources_user_tags_and_row_policies(conn, mock):
    assert code(conn.call("AddFileResource", milvus_pb2.AddFileResourceRequest(name="fr", path="p/x.txt"))) == 0
    listed = conn.call("ListFileResources", milvus_pb2.ListFileResourcesRequest()).resources
    assert [(r.name, r.path) for r in listed if r.name == "fr"] == [("fr", "p/x.txt")] and all(r.id for r in listed)
    assert code(conn.call("RemoveFileResource", milvus_pb2.RemoveFileResourceRequest(name="fr"))) == 0
    assert not [r for r in conn.call("ListFileResources", milvus_pb2.ListFileResourcesRequest()).resources
                if r.name == "fr"]
    # tags need an existing user
    assert code(conn.call("AddUserTags", milvus_pb2.AddUserTagsRequest(user_name="ghost", tags={"k": "v"}))) != 0
    with mock.catalog.lock:
        mock.catalog.access.put_user("tagged", base64.b64encode(b"Passw0rd!").decode())
    assert code(conn.call("AddUserTags", milvus_pb2.AddUserTagsRequest(user_name="tagged", tags={"k": "v", "x": "y"}))) == 0
    assert dict(conn.call("GetUserTags", milvus_pb2.GetUserTagsRequest(user_name="tagged")).tags) == {"k": "v", "x": "y"}
    assert list(conn.call("ListUsersWithTag", milvus_pb2.ListUsersWithTagRequest(
        tag_key="k", tag_value="v")).user_names) == ["tagged"]
    assert code(conn.call("DeleteUserTags", milvus_pb2.DeleteUserTagsRequest(user_name="tagged", tag_keys=["k"]))) == 0
    assert dict(conn.call("GetUserTags", milvus_pb2.GetUserTagsRequest(user_name="tagged")).tags) == {"x": "y"}
    # row policies
    make_collection(conn, "rp_c")
    create = milvus_pb2.CreateRowPolicyRequest(collection_name="rp_c", policy_name="p", actions=[milvus_pb2.Query],
                                               roles=["public"], using_expr="id > 0")
    assert code(conn.call("CreateRowPolicy", create)) == 0
    assert code(conn.call("CreateRowPolicy", create)) != 0
    listed = conn.call("ListRowPolicies", milvus_pb2.ListRowPoliciesRequest(collection_name="rp_c"))
    assert [(p.policy_name, p.using_expr) for p in listed.policies] == [("p", "id > 0")]
    assert listed.collection_name == "rp_c"
    assert code(conn.call("DropRowPolicy", milvus_pb2.DropRowPolicyRequest(collection_name="rp_c",
                                                                           policy_name="p"))) == 0
    assert not conn.call("ListRowPolicies", milvus_pb2.ListRowPoliciesRequest(collection_name="rp_c")).policies
    assert code(conn.call("CreateRowPolicy", milvus_pb2.CreateRowPolicyRequest(collection_name="nope",
                                                                               policy_name="p"))) != 0
    # external collections
    assert code(conn.call("RefreshExternalCollection", milvus_pb2.RefreshExternalCollectionRequest(
        collection_name="rp_c"))) != 0
    expect(conn.call("RefreshExternalCollection", milvus_pb2.RefreshExternalCollectionRequest(
        collection_name="nope")), "RefreshExternalCollection/missing-collection")
    assert list(conn.call("ListRefreshExternalCollectionJobs", milvus_pb2.ListRefreshExternalCollectionJobsRequest(
        collection_name="rp_c")).jobs) == []
    expect(conn.call("BatchUpdateManifest", milvus_pb2.BatchUpdateManifestRequest(collection_name="nope")),
           "BatchUpdateManifest/missing-collection")


# ---- replication and the streaming calls -------------------------------------------------------------------

def test_replication_and_streams(conn):
    empty = conn.call("GetReplicateConfiguration", milvus_pb2.GetReplicateConfigurationRequest())
    assert code(empty) == 0 and not empty.configuration.clusters
    config = common_pb2.ReplicateConfiguration(clusters=[common_pb2.MilvusCluster(cluster_id="by-dev")])
    assert code(conn.call("UpdateReplicateConfiguration", milvus_pb2.UpdateReplicateConfigurationRequest(
        replicate_configuration=config))) == 0
    assert conn.call("GetReplicateConfiguration", milvus_pb2.GetReplicateConfigurationRequest()).configuration == config
    assert not conn.call("GetReplicateInfo", milvus_pb2.GetReplicateInfoRequest(
        source_cluster_id="x")).HasField("checkpoint")
    assert conn.call("ReplicateMessage", milvus_pb2.ReplicateMessageRequest()).status.code == 1900
    # server streaming: one error Status, recorded so check() can find it
    responses = conn.stream("DumpMessages", milvus_pb2.DumpMessagesRequest(pchannel="none"))
    assert len(responses) == 1 and responses[0].WhichOneof("response") == "status" and responses[0].status.code
    assert conn.recorder.find_response(responses[0]).method == "DumpMessages"
    # bidi streaming: nothing sent, nothing confirmed; a replicated message ends the stream with an error
    assert conn.stream("CreateReplicateStream", requests=[]) == []
    with pytest.raises(RpcTransportError):
        conn.stream("CreateReplicateStream", requests=[milvus_pb2.ReplicateRequest(
            replicate_message=milvus_pb2.ReplicateMessage(source_cluster_id="x"))])
    with pytest.raises(TypeError):
        conn.stream("HasCollection", milvus_pb2.HasCollectionRequest())


def test_stream_goes_through_the_ownership_guard(conn):
    conn.ownership = Ownership()
    with pytest.raises(ForeignObjectError):
        conn.stream("CreateReplicateStream", requests=[])
    with allowing_global():
        assert conn.stream("CreateReplicateStream", requests=[]) == []
    assert conn.stream("DumpMessages", milvus_pb2.DumpMessagesRequest(pchannel="none"))  # reads: not guarded


def test_prewarm_issues_a_describable_task_only_for_a_real_namespace(conn):
    make_collection(conn, "pw_plain")
    make_collection(conn, "pw_ns", namespaces=True)
    assert code(conn.call("CreateNamespace", milvus_pb2.CreateNamespaceRequest(
        collection_name="pw_ns", namespace_name="n1"))) == 0
    assert code(conn.call("Prewarm", milvus_pb2.PrewarmRequest(collection_name="pw_missing", namespace="n1"))) == 100
    assert code(conn.call("Prewarm", milvus_pb2.PrewarmRequest(collection_name="pw_plain", namespace="n1"))) != 0
    assert code(conn.call("Prewarm", milvus_pb2.PrewarmRequest(collection_name="pw_ns", namespace="n2"))) != 0
    reply = conn.call("Prewarm", milvus_pb2.PrewarmRequest(collection_name="pw_ns", namespace="n1"))
    assert code(reply) == 0 and reply.taskID and reply.namespace == "n1"
    described = conn.call("DescribePrewarmTask", milvus_pb2.DescribePrewarmTaskRequest(taskID=reply.taskID))
    assert code(described) == 0 and described.taskID == reply.taskID
    assert described.state == milvus_pb2.PrewarmTaskStateCompleted and described.progress == 100
    assert code(conn.call("DescribePrewarmTask", milvus_pb2.DescribePrewarmTaskRequest(taskID="nope"))) != 0
