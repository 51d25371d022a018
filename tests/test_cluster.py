"""The cluster model (resource groups, replicas, compaction, import, timestamps) and its mock handlers over gRPC."""

import json
import time

import pytest

from conformance.mock import serve
from conformance.model import errors
from conformance.model.catalog import Catalog
from conformance.model.cluster import DEFAULT_RESOURCE_GROUP, QUERY_NODE_ID, Cluster
from conformance.protocol import common_pb2, milvus_pb2, rg_pb2, schema_pb2
from conformance.transport import parse_target
from conformance.transport.connections import Connection

DT = schema_pb2.DataType


def cfg(requests=0, limits=0, transfer_from=(), transfer_to=()):
    return rg_pb2.ResourceGroupConfig(
        requests=rg_pb2.ResourceGroupLimit(node_num=requests), limits=rg_pb2.ResourceGroupLimit(node_num=limits),
        transfer_from=[rg_pb2.ResourceGroupTransfer(resource_group=g) for g in transfer_from],
        transfer_to=[rg_pb2.ResourceGroupTransfer(resource_group=g) for g in transfer_to])


def code_of(fn, *args):
    with pytest.raises(errors.MilvusError) as info:
        fn(*args)
    return info.value.code, info.value.check_id


# ---- model ------------------------------------------------------------------------------------------------------

def test_resource_groups_model():
    c = Cluster()
    assert c.groups[DEFAULT_RESOURCE_GROUP].nodes == [QUERY_NODE_ID]
    c.create_resource_group("rg1", None)
    c.create_resource_group("rg1", None)  # idempotent: same (default) config
    c.create_resource_group("rg1", cfg())  # the default config, given explicitly
    assert code_of(c.create_resource_group, "rg1", cfg(transfer_to=["nope"])) == (
        301, "CreateResourceGroup/duplicate-other-config")
    assert code_of(c.create_resource_group, "", None) == (1100, "CreateResourceGroup/empty-name")
    assert code_of(c.create_resource_group, "1rg", None) == (1100, "CreateResourceGroup/invalid-name")
    assert code_of(c.create_resource_group, "r-g", None) == (1100, "CreateResourceGroup/invalid-name")
    assert code_of(c.create_resource_group, "r" * 256, None) == (1100, "CreateResourceGroup/name-too-long")
    assert code_of(c.create_resource_group, "rg2", cfg(requests=-1)) == (303, "CreateResourceGroup/illegal-config")
    assert code_of(c.create_resource_group, "rg2", cfg(requests=2, limits=1))[0] == 303
    assert code_of(c.create_resource_group, "rg2", cfg(transfer_from=["rg2"]))[0] == 303
    assert "rg2" not in c.groups
    c.create_resource_group("rg2", cfg(transfer_from=["rg1"]))
    # rg1 is referenced by rg2's transfer_from: not droppable until that config goes
    assert code_of(c.drop_resource_group, "rg1")[0] == 1100
    c.update_resource_groups({"rg2": cfg()})
    assert list(c.groups["rg2"].config.transfer_from) == []
    c.drop_resource_group("rg1")
    c.drop_resource_group("rg1")  # idempotent
    assert code_of(c.drop_resource_group, DEFAULT_RESOURCE_GROUP) == (1100, "DropResourceGroup/default-group")
    assert code_of(c.update_resource_groups, {"missing": cfg()}) == (300, "UpdateResourceGroups/missing-group")
    assert code_of(c.update_resource_groups, {"rg2": cfg(limits=-1)}) == (303, "UpdateResourceGroups/illegal-config")
    assert code_of(c.update_resource_groups, {"9x": cfg()}) == (1100, "UpdateResourceGroups/invalid-name")


def test_transfer_node_model():
    c = Cluster()
    c.create_resource_group("a", None)
    c.create_resource_group("b", None)
    assert code_of(c.transfer_node, "a", "b", 1) == (304, "TransferNode/not-enough-nodes")
    assert code_of(c.transfer_node, "a", "a", 1) == (1100, "TransferNode/same-group")
    assert code_of(c.transfer_node, "a", "b", 0) == (1100, "TransferNode/invalid-num")
    assert code_of(c.transfer_node, "a", "zz", 1) == (300, "TransferNode/missing-group")
    assert code_of(c.transfer_node, "a", "9z", 1) == (1100, "TransferNode/invalid-name")
    # the model itself can move its node (the suite never asks a real server to)
    c.transfer_node(DEFAULT_RESOURCE_GROUP, "a", 1)
    assert c.groups["a"].nodes == [QUERY_NODE_ID] and c.groups[DEFAULT_RESOURCE_GROUP].nodes == []


def test_transfer_replica_model():
    c = Cluster()
    c.create_resource_group("a", None)
    assert code_of(c.transfer_replica, 7, False, "a", "zz", 1) == (300, "TransferReplica/missing-group")
    assert code_of(c.transfer_replica, 7, False, "a", "a", 1) == (1100, "TransferReplica/same-group")
    assert code_of(c.transfer_replica, 7, False, DEFAULT_RESOURCE_GROUP, "a", 0) == (1100, "TransferReplica/invalid-num")
    assert code_of(c.transfer_replica, 7, False, DEFAULT_RESOURCE_GROUP, "a", 1) == (101, "TransferReplica/not-loaded")
    # loaded, but the target has no node to host the replica
    assert code_of(c.transfer_replica, 7, True, DEFAULT_RESOURCE_GROUP, "a", 1)[0] == 1100
    c.transfer_node(DEFAULT_RESOURCE_GROUP, "a", 1)
    c.transfer_replica(7, True, DEFAULT_RESOURCE_GROUP, "a", 1)
    assert c.replica_group(7) == "a"


def test_timestamps_grow_near_now():
    c = Cluster()
    stamps = [c.alloc_timestamp() for _ in range(1000)]
    assert stamps == sorted(set(stamps))
    assert abs((stamps[0] >> 18) / 1000 - time.time()) < 5


def test_import_jobs_model():
    c = Cluster()
    job = c.start_import("default", 5, "c", ["x.json"])
    assert c.import_job(job.job_id) is job and job.state == common_pb2.ImportState.ImportFailed and "x.json" in job.reason
    assert code_of(c.import_job, 12345) == (2100, "GetImportState/unknown-task")


# ---- the mock over gRPC ------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def conn():
    with serve() as srv:
        c = Connection("cluster", parse_target(srv.address))
        yield c
        c.close()


def create_collection(conn, name):
    schema = schema_pb2.CollectionSchema(name=name, fields=[
        schema_pb2.FieldSchema(name="id", data_type=DT.Int64, is_primary_key=True),
        schema_pb2.FieldSchema(name="vec", data_type=DT.FloatVector,
                               type_params=[common_pb2.KeyValuePair(key="dim", value="4")])])
    assert conn.call("CreateCollection", milvus_pb2.CreateCollectionRequest(
        collection_name=name, schema=schema.SerializeToString())).code == 0


def test_mock_resource_groups(conn):
    assert conn.call("CreateResourceGroup", milvus_pb2.CreateResourceGroupRequest(resource_group="g1")).code == 0
    assert "g1" in conn.call("ListResourceGroups").resource_groups
    rg = conn.call("DescribeResourceGroup", milvus_pb2.DescribeResourceGroupRequest(resource_group="g1")).resource_group
    assert (rg.name, rg.num_available_node, list(rg.nodes)) == ("g1", 0, [])
    default = conn.call("DescribeResourceGroup",
                        milvus_pb2.DescribeResourceGroupRequest(resource_group=DEFAULT_RESOURCE_GROUP)).resource_group
    assert default.num_available_node == 1 and default.nodes[0].node_id == QUERY_NODE_ID
    status = conn.call("TransferNode", milvus_pb2.TransferNodeRequest(source_resource_group="g1",
                                                                      target_resource_group=DEFAULT_RESOURCE_GROUP,
                                                                      num_node=1))
    assert status.code == 304
    assert conn.call("DropResourceGroup", milvus_pb2.DropResourceGroupRequest(resource_group="g1")).code == 0
    missing = conn.call("DescribeResourceGroup", milvus_pb2.DescribeResourceGroupRequest(resource_group="g1")).status
    assert missing.code == 300 and missing.reason == "resource group not found[rg=g1]"
    assert missing.extra_info["is_input_error"] == "true"


def test_mock_replicas_compaction_import(conn):
    create_collection(conn, "c1")
    replicas = conn.call("GetReplicas", milvus_pb2.GetReplicasRequest(collection_name="c1"))
    assert replicas.status.code == 0 and not replicas.replicas
    assert conn.call("GetReplicas", milvus_pb2.GetReplicasRequest(collection_name="nope")).status.code == 100
    compaction = conn.call("ManualCompaction", milvus_pb2.ManualCompactionRequest(collection_name="c1"))
    assert compaction.status.code == 0 and compaction.compactionID == -1  # nothing to compact
    assert conn.call("ManualCompaction", milvus_pb2.ManualCompactionRequest(collection_name="nope")).status.code == 100
    state = conn.call("GetCompactionState", milvus_pb2.GetCompactionStateRequest(compactionID=42))
    assert state.state == common_pb2.CompactionState.Completed
    assert conn.call("Import", milvus_pb2.ImportRequest(collection_name="c1")).status.code == 1100
    assert conn.call("Import", milvus_pb2.ImportRequest(collection_name="c1", files=["a.txt"])).status.code == 2100
    assert conn.call("Import", milvus_pb2.ImportRequest(collection_name="nope", files=["a.json"])).status.code == 100
    job = conn.call("Import", milvus_pb2.ImportRequest(collection_name="c1", files=["a.json"]))
    assert job.status.code == 0 and len(job.tasks) == 1
    state = conn.call("GetImportState", milvus_pb2.GetImportStateRequest(task=job.tasks[0]))
    assert state.status.code == 0 and state.state == common_pb2.ImportState.ImportFailed
    listed = conn.call("ListImportTasks", milvus_pb2.ListImportTasksRequest(collection_name="c1"))
    assert len(listed.tasks) == 1
    assert conn.call("GetImportState", milvus_pb2.GetImportStateRequest(task=1)).status.code == 2100


def test_mock_metrics_timestamps_internal(conn):
    assert conn.call("GetMetrics", milvus_pb2.GetMetricsRequest(request="nope")).status.code == 65535
    assert conn.call("GetMetrics", milvus_pb2.GetMetricsRequest(request='{"metric_type": "x"}')).status.code == 1200
    reply = conn.call("GetMetrics", milvus_pb2.GetMetricsRequest(request='{"metric_type": "system_info"}'))
    assert reply.status.code == 0 and "nodes_info" in json.loads(reply.response)
    first = conn.call("AllocTimestamp").timestamp
    assert conn.call("AllocTimestamp").timestamp > first > 0
    assert json.loads(conn.call("Dummy", milvus_pb2.DummyRequest(request_type="x")).response) == {"status": "fail"}
    assert conn.call("RegisterLink").status.code == 0


def test_catalog_exposes_cluster():
    assert isinstance(Catalog().cluster, Cluster)
