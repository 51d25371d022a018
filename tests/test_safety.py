"""The suite never touches what it did not create: the whole quick run against a mock seeded with foreign
objects of every kind, every request the server received inspected, and the foreign objects still there."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conformance.mock import serve
from conformance.mock.server import MockServicer
from conformance.protocol import common_pb2, milvus_pb2, schema_pb2
from conformance.protocol.catalogue import all_rpcs
from conformance.transport.ownership import GLOBAL, MUTATING, Ownership, allowing_global, field_value

FOREIGN_DB = "someone_elses_db"
FOREIGN = {"someone_c1", "someone_c2", "someone_alias", "someone_p1", FOREIGN_DB, "default"}


class RecordingServicer(MockServicer):
    """The mock, keeping every request it receives."""

    def __init__(self):
        super().__init__()
        self.received: list[tuple[str, object]] = []


def _recording(name):
    base = getattr(MockServicer, name)

    def method(self, request, context):
        self.received.append((name, request))
        return base(self, request, context)

    return method


for _rpc in all_rpcs():
    if _rpc.kind == "unary":
        setattr(RecordingServicer, _rpc.name, _recording(_rpc.name))


def schema(name):
    return schema_pb2.CollectionSchema(name=name, fields=[
        schema_pb2.FieldSchema(name="id", data_type=schema_pb2.DataType.Int64, is_primary_key=True),
        schema_pb2.FieldSchema(name="vec", data_type=schema_pb2.DataType.FloatVector,
                               type_params=[common_pb2.KeyValuePair(key="dim", value="4")])])


def seed(catalog) -> None:
    """Foreign objects of every kind: collections (one with a partition, an alias and an index, one in a
    foreign database), an alias, a partition, a database."""
    for db, name in (("default", "someone_c1"), (FOREIGN_DB, "someone_c2")):
        if db != "default":
            catalog.create_database(db)
        catalog.create_collection(db, milvus_pb2.CreateCollectionRequest(
            db_name=db, collection_name=name, schema=schema(name).SerializeToString()))
    catalog.create_partition("default", "someone_c1", "someone_p1")
    catalog.create_alias("default", "someone_c1", "someone_alias")


def foreign_state(catalog) -> dict:
    return {
        "collections": sorted(c.name for c in catalog.all_collections()),
        "partitions": sorted(p.name for p in catalog.show_partitions("default", "someone_c1")),
        "alias": catalog.describe_alias("default", "someone_alias"),
        "databases": sorted(d.name for d in catalog.list_databases()),
    }


def offending(rpc: str, request) -> str | None:
    """Why ``request`` is one the suite must never send to a server it does not own, or None."""
    if rpc in GLOBAL:
        return "acts on the whole server"
    if rpc == "Flush" and not request.collection_names:
        return "flushes every collection"
    for attr, _kind in MUTATING.get(rpc, ()):
        name = field_value(request, attr)
        if not name or name in FOREIGN:
            return f"{attr}={name!r}"
    db = getattr(request, "db_name", "")
    if rpc in MUTATING and rpc not in ("DropDatabase", "AlterDatabase") and db == FOREIGN_DB:
        return f"db_name={db!r}"
    return None


@pytest.mark.slow
def test_a_full_run_touches_nothing_it_did_not_create(tmp_path):
    servicer = RecordingServicer()
    seed(servicer.catalog)
    before = foreign_state(servicer.catalog)
    with serve(servicer=servicer) as server:
        env = {k: v for k, v in os.environ.items() if k != "MILVUS_TARGET"}
        proc = subprocess.run(
            [sys.executable, "-m", "conformance.cli", "run", "--target", server.address, "--report-dir",
             str(tmp_path), "-q", "-n", "2"], capture_output=True, text=True, timeout=600, env=env)
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["totals"]["harness_error"] == 0, proc.stdout[-3000:]
    sent = [(rpc, request) for rpc, request in servicer.received if offending(rpc, request)]
    assert not sent, "destructive requests on objects the run did not create:\n" + "\n".join(
        f"  {rpc}: {offending(rpc, request)}" for rpc, request in sent[:20])
    assert foreign_state(servicer.catalog) == before
    # and the run removed everything it created
    assert sorted(c.name for c in servicer.catalog.all_collections()) == ["someone_c1", "someone_c2"]
    assert [d.name for d in servicer.catalog.list_databases()] == ["default", FOREIGN_DB]


def test_the_guard_refuses_every_path_to_a_foreign_object():
    own = Ownership("mc0123abcd")
    mine = own.issue("c")
    own.observe("CreateCollection", milvus_pb2.CreateCollectionRequest(collection_name=mine), common_pb2.Status())
    refused = [
        ("DropCollection", milvus_pb2.DropCollectionRequest(collection_name="someone_c1")),
        ("DropCollection", milvus_pb2.DropCollectionRequest(collection_name="")),
        ("DropCollection", milvus_pb2.DropCollectionRequest(collection_name="xx_mc0123abcd_c99")),  # merely contains
        ("CreateAlias", milvus_pb2.CreateAliasRequest(alias=own.issue("a"), collection_name="someone_c1")),
        ("AlterAlias", milvus_pb2.AlterAliasRequest(alias="someone_alias", collection_name=mine)),
        ("CreateCollection", milvus_pb2.CreateCollectionRequest(db_name=FOREIGN_DB, collection_name=own.issue())),
        ("RenameCollection", milvus_pb2.RenameCollectionRequest(oldName=mine, newName=own.issue(),
                                                                newDBName=FOREIGN_DB)),
        ("RenameCollection", milvus_pb2.RenameCollectionRequest(oldName=mine, newName="someone_c1")),
        ("DropDatabase", milvus_pb2.DropDatabaseRequest(db_name="default")),
        ("Insert", milvus_pb2.InsertRequest(collection_name="someone_c1")),
        ("Delete", milvus_pb2.DeleteRequest(collection_name="someone_c1", expr="id > 0")),
        ("FlushAll", milvus_pb2.FlushAllRequest()),
        ("Flush", milvus_pb2.FlushRequest()),
        ("CreateCollection", milvus_pb2.CreateCollectionRequest(collection_name="someone_c1")),
    ]
    for rpc, request in refused:
        with pytest.raises(RuntimeError, match="refusing"):
            own.check(rpc, request)
    own.check("DropCollection", milvus_pb2.DropCollectionRequest(collection_name=mine))
    own.check("DropCollection", milvus_pb2.DropCollectionRequest(collection_name=own.issue()))  # never created
    own.check("HasCollection", milvus_pb2.HasCollectionRequest(collection_name="someone_c1"))  # read-only
    with allowing_global():
        own.check("FlushAll", milvus_pb2.FlushAllRequest())
    # ownership comes from what the server confirmed, not from names
    failed = common_pb2.Status(code=1100, error_code=5, reason="bad")
    other = own.issue()
    own.observe("CreateCollection", milvus_pb2.CreateCollectionRequest(collection_name=other), failed)
    assert own.leftovers()["collection"] == [("default", mine)]


def _update_groups(*names):
    request = milvus_pb2.UpdateResourceGroupsRequest()
    for name in names:
        request.resource_groups[name].SetInParent()
    return request


def test_the_guard_covers_every_family_of_server_objects():
    """Users, roles, privilege groups, resource groups, file resources, snapshots, namespaces and row policies
    are the run's only once the server confirmed creating them; teardown forgets what was removed."""
    own = Ownership("mc0123abcd")
    ok = common_pb2.Status()
    mine_c = own.issue("c")
    own.observe("CreateCollection", milvus_pb2.CreateCollectionRequest(collection_name=mine_c), ok)
    user, role, group, rg = own.issue("u"), own.issue("r"), own.issue("g"), own.issue("rg")
    own.observe("CreateCredential", milvus_pb2.CreateCredentialRequest(username=user), ok)
    own.observe("CreateRole", milvus_pb2.CreateRoleRequest(entity=milvus_pb2.RoleEntity(name=role)), ok)
    own.observe("CreatePrivilegeGroup", milvus_pb2.CreatePrivilegeGroupRequest(group_name=group), ok)
    own.observe("CreateResourceGroup", milvus_pb2.CreateResourceGroupRequest(resource_group=rg), ok)
    snap = own.issue("s")
    own.observe("CreateSnapshot", milvus_pb2.CreateSnapshotRequest(name=snap, collection_name=mine_c), ok)
    left = own.leftovers()
    assert left["user"] == [("", user)] and left["role"] == [("", role)] and left["resource_group"] == [("", rg)]
    assert left["snapshot"] == [("default", f"{mine_c}/{snap}")]
    refused = [
        ("DeleteCredential", milvus_pb2.DeleteCredentialRequest(username="root")),
        ("UpdateCredential", milvus_pb2.UpdateCredentialRequest(username="root", oldPassword="a", newPassword="b")),
        ("DropRole", milvus_pb2.DropRoleRequest(role_name="admin")),
        ("OperateUserRole", milvus_pb2.OperateUserRoleRequest(username="someone", role_name=role)),
        ("OperateUserRole", milvus_pb2.OperateUserRoleRequest(username=user, role_name="admin")),
        ("OperatePrivilege", milvus_pb2.OperatePrivilegeRequest(entity=milvus_pb2.GrantEntity(
            role=milvus_pb2.RoleEntity(name="public")))),
        ("OperatePrivilegeV2", milvus_pb2.OperatePrivilegeV2Request(role=milvus_pb2.RoleEntity(name="public"))),
        ("DropPrivilegeGroup", milvus_pb2.DropPrivilegeGroupRequest(group_name="someone_group")),
        ("DropResourceGroup", milvus_pb2.DropResourceGroupRequest(resource_group="__default_resource_group")),
        ("TransferNode", milvus_pb2.TransferNodeRequest(source_resource_group="__default_resource_group",
                                                        target_resource_group=rg, num_node=1)),
        ("UpdateResourceGroups", _update_groups("__default_resource_group")),
        ("DropSnapshot", milvus_pb2.DropSnapshotRequest(name=snap, collection_name="someone_c1")),
        ("DropSnapshot", milvus_pb2.DropSnapshotRequest(name="someone_snap", collection_name=mine_c)),
        ("RestoreRBAC", milvus_pb2.RestoreRBACMetaRequest(RBAC_meta=milvus_pb2.RBACMeta(
            users=[milvus_pb2.UserInfo(user="root", password="x")]))),
        ("LoadBalance", milvus_pb2.LoadBalanceRequest(src_nodeID=1)),
        ("UpdateReplicateConfiguration", milvus_pb2.UpdateReplicateConfigurationRequest()),
        ("CreateCredential", milvus_pb2.CreateCredentialRequest(username="someone_user", password="x" * 8)),
    ]
    for rpc, request in refused:
        with pytest.raises(RuntimeError, match="refusing"):
            own.check(rpc, request)
    own.check("OperateUserRole", milvus_pb2.OperateUserRoleRequest(username=user, role_name=role))
    own.check("OperatePrivilegeV2", milvus_pb2.OperatePrivilegeV2Request(role=milvus_pb2.RoleEntity(name=role)))
    own.check("DropSnapshot", milvus_pb2.DropSnapshotRequest(name=snap, collection_name=mine_c))
    own.check("UpdateResourceGroups", _update_groups(rg))
    with pytest.raises(RuntimeError, match="refusing"):
        own.check("UpdateResourceGroups", _update_groups(rg, "someone_rg"))
    own.check("RestoreRBAC", milvus_pb2.RestoreRBACMetaRequest(RBAC_meta=milvus_pb2.RBACMeta(
        users=[milvus_pb2.UserInfo(user=own.issue("u"), password="x" * 8)])))
    own.observe("DropRole", milvus_pb2.DropRoleRequest(role_name=role), ok)
    own.observe("DropSnapshot", milvus_pb2.DropSnapshotRequest(name=snap, collection_name=mine_c), ok)
    assert own.leftovers()["role"] == [] and own.leftovers()["snapshot"] == []
