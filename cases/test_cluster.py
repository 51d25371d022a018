"""Cluster operations: resource groups (CreateResourceGroup, DropResourceGroup, UpdateResourceGroups, TransferNode,
TransferReplica, ListResourceGroups, DescribeResourceGroup), replicas (GetReplicas), LoadBalance, GetMetrics,
AllocTimestamp, Dummy and RegisterLink.

Safety: every resource group the suite creates is named through the ledger and has requests = limits = 0, so it
never receives a node; no request moves a node or replica out of ``__default_resource_group`` (the guard refuses
naming it as a source), and TransferReplica only names collections the run created."""

from __future__ import annotations

import json
import time

import pytest

from conformance.expectations import verify
from conformance.orm import Collection
from conformance.protocol import milvus_pb2, rg_pb2, schema_pb2
from conformance.strategies import make_field
from conformance.strategies.schemas import DT

DEFAULT_RG = "__default_resource_group"
CREATED = "CreateCollection/accepts-valid-schema"


def rg_config(requests: int = 0, limits: int = 0, transfer_from=(), transfer_to=()) -> rg_pb2.ResourceGroupConfig:
    return rg_pb2.ResourceGroupConfig(
        requests=rg_pb2.ResourceGroupLimit(node_num=requests), limits=rg_pb2.ResourceGroupLimit(node_num=limits),
        transfer_from=[rg_pb2.ResourceGroupTransfer(resource_group=g) for g in transfer_from],
        transfer_to=[rg_pb2.ResourceGroupTransfer(resource_group=g) for g in transfer_to])


def create_rg(conn, check, ledger) -> str:
    """A new empty resource group of the run (no config: requests = limits = 0)."""
    name = ledger.name("rg")
    check(conn.call("CreateResourceGroup", milvus_pb2.CreateResourceGroupRequest(resource_group=name)),
          "CreateResourceGroup/creates")
    return name


def schema_for(name: str) -> schema_pb2.CollectionSchema:
    return schema_pb2.CollectionSchema(name=name, fields=[make_field("id", DT.Int64, primary=True),
                                                          make_field("vec", DT.FloatVector, dim=8)])


def new_collection(ledger, check) -> Collection:
    name = ledger.name("c")
    coll = Collection(name, schema_for(name), ledger=ledger)
    check(coll.create(), CREATED)
    return coll


def invalid_rg_name(ledger) -> str:
    """A name carrying the run token that breaks the first-character rule."""
    return ledger.adopt(f"9{ledger.token}_rg")


# ---- resource groups ----------------------------------------------------------------------------------------------

@pytest.mark.rpc("CreateResourceGroup", "ListResourceGroups", "DescribeResourceGroup", "DropResourceGroup")
def test_resource_group_lifecycle(conn, check, ledger):
    name = create_rg(conn, check, ledger)
    check(conn.call("CreateResourceGroup", milvus_pb2.CreateResourceGroupRequest(resource_group=name)),
          "CreateResourceGroup/duplicate-same-config")
    listed = conn.call("ListResourceGroups", milvus_pb2.ListResourceGroupsRequest())
    check(listed, "ListResourceGroups/lists")
    verify("ListResourceGroups/lists-groups", DEFAULT_RG in listed.resource_groups and name in listed.resource_groups,
           expected=f"{DEFAULT_RG} and {name} listed", actual=str(list(listed.resource_groups)))

    described = conn.call("DescribeResourceGroup", milvus_pb2.DescribeResourceGroupRequest(resource_group=name))
    check(described, "DescribeResourceGroup/existing")
    rg = described.resource_group
    verify("DescribeResourceGroup/shape", rg.name == name and rg.num_available_node == 0 and not rg.nodes,
           expected=f"name {name}, no node", actual=f"name {rg.name!r}, num_available_node {rg.num_available_node}, "
                                                    f"nodes {[n.node_id for n in rg.nodes]}",
           request=milvus_pb2.DescribeResourceGroupRequest(resource_group=name))

    drop = milvus_pb2.DropResourceGroupRequest(resource_group=name)
    check(conn.call("DropResourceGroup", drop), "DropResourceGroup/drops")
    listed = conn.call("ListResourceGroups", milvus_pb2.ListResourceGroupsRequest())
    check(listed, "ListResourceGroups/lists")
    verify("ListResourceGroups/lists-groups", name not in listed.resource_groups and DEFAULT_RG in listed.resource_groups,
           expected=f"{name} gone after DropResourceGroup", actual=str(list(listed.resource_groups)))
    check(conn.call("DropResourceGroup", drop), "DropResourceGroup/missing")
    check(conn.call("DescribeResourceGroup", milvus_pb2.DescribeResourceGroupRequest(resource_group=name)),
          "DescribeResourceGroup/missing")


@pytest.mark.rpc("DescribeResourceGroup")
def test_describe_default_resource_group(conn, check):
    """Read-only: the default group exists and holds the server's query node(s)."""
    request = milvus_pb2.DescribeResourceGroupRequest(resource_group=DEFAULT_RG)
    described = conn.call("DescribeResourceGroup", request)
    check(described, "DescribeResourceGroup/existing")
    rg = described.resource_group
    verify("DescribeResourceGroup/shape", rg.name == DEFAULT_RG and rg.num_available_node >= 1,
           expected=f"name {DEFAULT_RG}, at least one available node",
           actual=f"name {rg.name!r}, num_available_node {rg.num_available_node}", request=request)


@pytest.mark.rpc("CreateResourceGroup")
def test_create_resource_group_invalid(conn, check, ledger):
    def create(name: str, config=None):
        return conn.call("CreateResourceGroup", milvus_pb2.CreateResourceGroupRequest(resource_group=name,
                                                                                      config=config))

    check(create(""), "CreateResourceGroup/empty-name")
    check(create(invalid_rg_name(ledger)), "CreateResourceGroup/invalid-name")
    check(create(ledger.adopt(f"{ledger.token}-rg")), "CreateResourceGroup/invalid-name")  # a hyphen
    check(create(ledger.adopt(f"{ledger.token}_{'a' * 256}")), "CreateResourceGroup/name-too-long")
    check(create(ledger.name("rg"), rg_config(requests=-1)), "CreateResourceGroup/illegal-config")
    name = create_rg(conn, check, ledger)
    # another config for an existing name: refused before the config is validated (the group named in
    # transfer_to does not exist either), so nothing is ever applied
    check(create(name, rg_config(transfer_to=[ledger.name("rg")])), "CreateResourceGroup/duplicate-other-config")


@pytest.mark.rpc("UpdateResourceGroups", "DescribeResourceGroup")
@pytest.mark.requires(since="2.4.0")
def test_update_resource_groups(conn, check, ledger):
    a, b = create_rg(conn, check, ledger), create_rg(conn, check, ledger)

    def update(configs: dict):
        return conn.call("UpdateResourceGroups", milvus_pb2.UpdateResourceGroupsRequest(resource_groups=configs))

    # requests = limits = 0: a config that moves no node
    check(update({a: rg_config(transfer_from=[b], transfer_to=[b])}), "UpdateResourceGroups/updates")
    described = conn.call("DescribeResourceGroup", milvus_pb2.DescribeResourceGroupRequest(resource_group=a))
    check(described, "DescribeResourceGroup/existing")
    cfg = described.resource_group.config
    verify("UpdateResourceGroups/config-described",
           [t.resource_group for t in cfg.transfer_from] == [b] and [t.resource_group for t in cfg.transfer_to] == [b]
           and cfg.requests.node_num == 0 and cfg.limits.node_num == 0,
           expected=f"requests 0, limits 0, transfer_from [{b}], transfer_to [{b}]", actual=str(cfg).replace("\n", " "))
    check(update({a: rg_config()}), "UpdateResourceGroups/updates")  # b is droppable again (teardown)
    check(update({ledger.name("rg"): rg_config()}), "UpdateResourceGroups/missing-group")
    check(update({a: rg_config(requests=-1)}), "UpdateResourceGroups/illegal-config")
    check(update({invalid_rg_name(ledger): rg_config()}), "UpdateResourceGroups/invalid-name")


@pytest.mark.rpc("TransferNode")
def test_transfer_node_errors(conn, check, ledger):
    """Only between the run's own empty groups: every request is refused, no node ever moves."""
    a, b = create_rg(conn, check, ledger), create_rg(conn, check, ledger)

    def transfer(source: str, target: str, num: int):
        return conn.call("TransferNode", milvus_pb2.TransferNodeRequest(
            source_resource_group=source, target_resource_group=target, num_node=num))

    check(transfer(a, b, 1), "TransferNode/not-enough-nodes")
    check(transfer(a, a, 1), "TransferNode/same-group")
    check(transfer(a, b, 0), "TransferNode/invalid-num")
    check(transfer(a, ledger.name("rg"), 1), "TransferNode/missing-group")
    check(transfer(a, invalid_rg_name(ledger), 1), "TransferNode/invalid-name")


@pytest.mark.rpc("TransferReplica")
def test_transfer_replica_errors(conn, check, ledger):
    """The run's own collection (not loaded) and empty groups: every request is refused."""
    a, b = create_rg(conn, check, ledger), create_rg(conn, check, ledger)
    coll = new_collection(ledger, check)

    def transfer(collection: str, source: str, target: str, num: int):
        return conn.call("TransferReplica", milvus_pb2.TransferReplicaRequest(
            collection_name=collection, source_resource_group=source, target_resource_group=target,
            num_replica=num))

    check(transfer(coll.name, a, invalid_rg_name(ledger), 1), "TransferReplica/invalid-name")
    check(transfer(ledger.name("c"), a, b, 1), "TransferReplica/missing-collection")
    check(transfer(coll.name, a, ledger.name("rg"), 1), "TransferReplica/missing-group")
    check(transfer(coll.name, a, a, 1), "TransferReplica/same-group")
    check(transfer(coll.name, a, b, 0), "TransferReplica/invalid-num")
    check(transfer(coll.name, a, b, 1), "TransferReplica/not-loaded")


@pytest.mark.rpc("DropResourceGroup")
@pytest.mark.global_effect  # names the server's default resource group: only on a server the user owns
def test_drop_default_resource_group_rejected(conn, check):
    check(conn.call("DropResourceGroup", milvus_pb2.DropResourceGroupRequest(resource_group=DEFAULT_RG)),
          "DropResourceGroup/default-group")


# ---- replicas, load balance ----------------------------------------------------------------------------------------

@pytest.mark.rpc("GetReplicas")
def test_get_replicas_not_loaded(conn, check, ledger, server):
    check(conn.call("GetReplicas", milvus_pb2.GetReplicasRequest(collection_name=ledger.name("c"))),
          "GetReplicas/missing-collection")
    coll = new_collection(ledger, check)
    reply = conn.call("GetReplicas", milvus_pb2.GetReplicasRequest(collection_name=coll.name))
    check(reply, "GetReplicas/not-loaded")
    if not server.older_than("2.4.0"):
        verify("GetReplicas/not-loaded-empty", not reply.replicas, expected="no replica",
               actual=f"{len(reply.replicas)} replicas")


@pytest.mark.rpc("GetReplicas", "DescribeResourceGroup")
def test_get_replicas_loaded(conn, check, loaded_collection):
    coll, _ = loaded_collection(schema_for, [])
    collection_id = coll.describe().collectionID
    request = milvus_pb2.GetReplicasRequest(collection_name=coll.name, with_shard_nodes=True)
    reply = conn.call("GetReplicas", request)
    check(reply, "GetReplicas/loaded")
    shapes = [(r.collectionID, r.replicaID != 0, bool(r.node_ids), r.resource_group_name) for r in reply.replicas]
    verify("GetReplicas/replica-shape", shapes == [(collection_id, True, True, DEFAULT_RG)],
           expected=f"one replica of collection {collection_id} with an ID and nodes in {DEFAULT_RG}",
           actual=str(shapes), request=request)
    group = reply.replicas[0].resource_group_name if reply.replicas else DEFAULT_RG
    described = conn.call("DescribeResourceGroup", milvus_pb2.DescribeResourceGroupRequest(resource_group=group))
    check(described, "DescribeResourceGroup/existing")
    counted = dict(described.resource_group.num_loaded_replica)
    verify("DescribeResourceGroup/loaded-replicas", counted.get(coll.name) == 1,
           expected=f"num_loaded_replica[{coll.name!r}] = 1 in {group}", actual=str(counted.get(coll.name)))


@pytest.mark.rpc("LoadBalance")
@pytest.mark.global_effect  # LoadBalance moves segments between query nodes of the whole server
def test_load_balance_missing_collection(conn, check, ledger):
    request = milvus_pb2.LoadBalanceRequest(collectionName=ledger.name("c"), src_nodeID=1)
    check(conn.call("LoadBalance", request), "LoadBalance/missing-collection")


# ---- metrics, timestamps, internal RPCs ------------------------------------------------------------------------------

@pytest.mark.rpc("GetMetrics")
def test_get_metrics(conn, check):
    def metrics(text: str):
        return conn.call("GetMetrics", milvus_pb2.GetMetricsRequest(request=text))

    check(metrics("not json"), "GetMetrics/invalid-request")
    check(metrics('{"metric_type": "no_such_metric"}'), "GetMetrics/unknown-metric")
    reply = metrics('{"metric_type": "system_info"}')
    check(reply, "GetMetrics/system-info")
    try:
        parsed = json.loads(reply.response)
    except ValueError:
        parsed = None
    verify("GetMetrics/system-info-json", isinstance(parsed, dict) and bool(parsed),
           expected="a non-empty JSON object", actual=reply.response[:300])


@pytest.mark.rpc("AllocTimestamp")
def test_alloc_timestamp_after_insert(conn, check, ledger):
    coll = new_collection(ledger, check)
    inserted = coll.insert([{"id": 1, "vec": [0.1] * 8}])
    check(inserted, "Insert/accepts-valid-rows")
    reply = conn.call("AllocTimestamp", milvus_pb2.AllocTimestampRequest())
    check(reply, "AllocTimestamp/allocates")
    verify("AllocTimestamp/after-writes", reply.timestamp > inserted.timestamp,
           expected=f"a timestamp greater than the Insert's {inserted.timestamp}", actual=str(reply.timestamp))


@pytest.mark.rpc("AllocTimestamp")
def test_alloc_timestamp(conn, check):
    first = conn.call("AllocTimestamp", milvus_pb2.AllocTimestampRequest())
    check(first, "AllocTimestamp/allocates")
    second = conn.call("AllocTimestamp", milvus_pb2.AllocTimestampRequest())
    check(second, "AllocTimestamp/allocates")
    physical_s = (first.timestamp >> 18) / 1000
    verify("AllocTimestamp/monotonic-near-now",
           first.timestamp > 0 and second.timestamp > first.timestamp and abs(physical_s - time.time()) < 600,
           expected="two growing hybrid timestamps whose physical part is within 10 minutes of now",
           actual=f"{first.timestamp}, {second.timestamp} (physical {physical_s:.0f}, now {time.time():.0f})")


@pytest.mark.rpc("Dummy")
def test_dummy(conn):
    reply = conn.call("Dummy", milvus_pb2.DummyRequest(request_type="conformance"))
    try:
        answer = json.loads(reply.response)
    except ValueError:
        answer = None
    verify("Dummy/unknown-request-fails", answer == {"status": "fail"}, expected='{"status": "fail"}',
           actual=reply.response[:200], request=milvus_pb2.DummyRequest(request_type="conformance"))


@pytest.mark.rpc("RegisterLink")
def test_register_link(conn, check):
    check(conn.call("RegisterLink", milvus_pb2.RegisterLinkRequest()), "RegisterLink/registers")
