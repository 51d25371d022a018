"""The catalogue's semantics, and the mock over real gRPC (probe ids from shared/milvus-protocol-facts.md §4)."""

import pytest

from conformance.mock import MOCK_VERSION, serve
from conformance.mock.server import IMPLEMENTED, MockServicer
from conformance.model import errors
from conformance.model.catalog import Catalog
from conformance.protocol import catalogue, common_pb2, milvus_pb2, schema_pb2
from conformance.transport import RpcTransportError, RpcUnimplemented, parse_target
from conformance.transport.connections import Connection

DT = schema_pb2.DataType
E = common_pb2.ErrorCode


def create_req(name, dim=8, db="", key=False, num_partitions=0):
    fields = [schema_pb2.FieldSchema(name="id", data_type=DT.Int64, is_primary_key=True),
              schema_pb2.FieldSchema(name="vec", data_type=DT.FloatVector,
                                     type_params=[common_pb2.KeyValuePair(key="dim", value=str(dim))])]
    if key:
        fields.append(schema_pb2.FieldSchema(name="k", data_type=DT.Int64, is_partition_key=True))
    schema = schema_pb2.CollectionSchema(name=name, fields=fields)
    return milvus_pb2.CreateCollectionRequest(db_name=db, collection_name=name, schema=schema.SerializeToString(),
                                              num_partitions=num_partitions)


def raises(code, fn, *args):
    with pytest.raises(errors.MilvusError) as info:
        fn(*args)
    assert info.value.code == code, info.value.reason
    return info.value.reason


# ---- catalogue ---------------------------------------------------------------------------------------------

def test_databases():
    cat = Catalog()
    cat.create_database("d1")
    assert raises(65535, cat.create_database, "d1") == "database already exist: d1"  # D02
    assert raises(65535, cat.drop_database, "default") == "can not drop default database"  # D03
    cat.drop_database("missing")  # D04
    raises(802, cat.create_database, "1db")  # D05
    cat.create_collection("d1", create_req("c"))
    assert "not empty" in raises(65535, cat.drop_database, "d1")  # E37
    assert [d.name for d in cat.list_databases()] == ["default", "d1"]  # D06
    assert raises(800, cat.db, "nodb") == "database not found[database=nodb]"
    for i in range(62):
        cat.create_database(f"x{i}")
    raises(801, cat.create_database, "one_too_many")


def test_collections():
    cat = Catalog()
    cat.create_collection("default", create_req("c"))
    cat.create_collection("default", create_req("c"))  # C02 idempotent
    assert raises(65535, cat.create_collection, "default", create_req("c", dim=16)) == (
        "create duplicate collection with different parameters, collection: c")  # C03
    raises(800, cat.create_collection, "nodb", create_req("c2"))
    assert cat.has_collection("default", "c") and not cat.has_collection("default", "nope")  # N02
    raises(1100, cat.has_collection, "default", "1x-y")  # E30
    d = cat.describe_collection("default", "c")
    assert d.shards_num == 1 and d.collection_name == "c" and d.db_name == "default"
    assert [f.fieldID for f in d.schema.fields] == [100, 101]
    err = pytest.raises(errors.MilvusError, cat.describe_collection, "default", "gone").value
    assert (err.code, err.legacy) == (100, E.UnexpectedError)  # N01
    assert err.reason == "can't find collection[database=default][collection=gone]"
    raises(1100, cat.describe_collection, "default", "")  # E29
    cat.drop_collection("default", "gone")  # N03
    cat.drop_collection("nodb", "gone")
    cat.rename_collection("default", "c", "c3")
    assert [c.name for c in cat.show_collections("default")] == ["c3"]
    assert cat.describe_collection("default", "c3").schema.name == "c3"
    cat.create_database("d2")
    cat.rename_collection("default", "c3", "c4", "d2")
    assert [c.name for c in cat.show_collections("d2")] == ["c4"]
    raises(100, cat.rename_collection, "default", "c3", "c5")
    cat.alter_collection("d2", "c4", {"collection.ttl.seconds": "60"})
    assert {kv.key: kv.value for kv in cat.describe_collection("d2", "c4").properties} == {
        "collection.ttl.seconds": "60"}
    assert cat.collection_statistics("d2", "c4") == {"row_count": "0"}


def test_partitions():
    cat = Catalog()
    cat.create_collection("default", create_req("c"))
    cat.create_partition("default", "c", "p1")
    cat.create_partition("default", "c", "p1")  # T02
    cat.create_partition("default", "c", "1p")  # E31
    raises(65535, cat.create_partition, "default", "c", "p$1")  # E33
    raises(100, cat.create_partition, "default", "missing", "p")  # T03
    assert raises(65535, cat.drop_partition, "default", "c", "_default") == "default partition cannot be deleted"
    cat.drop_partition("default", "c", "nope")  # T05
    raises(100, cat.has_partition, "default", "missing", "p")  # T06
    assert cat.has_partition("default", "c", "_default")  # E36
    assert [p.name for p in cat.show_partitions("default", "c")] == ["_default", "p1", "1p"]
    cat.drop_partition("default", "c", "p1")
    assert not cat.has_partition("default", "c", "p1")
    raises(200, cat.partition_statistics, "default", "c", "p1")
    cat.create_collection("default", create_req("k", key=True))
    parts = [p.name for p in cat.show_partitions("default", "k")]
    assert len(parts) == 64 and parts[0] == "_default_0"  # E21
    assert cat.describe_collection("default", "k").num_partitions == 64  # E20
    raises(65535, cat.create_partition, "default", "k", "p")  # E22


def test_aliases():
    cat = Catalog()
    cat.create_collection("default", create_req("c1"))
    cat.create_collection("default", create_req("c2"))
    raises(100, cat.create_alias, "default", "missing", "al")  # A01
    assert raises(1601, cat.create_alias, "default", "c1", "c2") == (
        "alias and collection name conflict[database=default][alias=c2]")  # A02
    cat.create_alias("default", "c1", "al1")
    cat.create_alias("default", "c1", "al1")  # A04
    assert raises(1602, cat.create_alias, "default", "c2", "al1").startswith(
        "al1 is alias to another collection: c1: alias already exist[database=default][alias=al1]")  # A05
    raises(100, cat.create_alias, "default", "al1", "al2")  # A06
    raises(1100, cat.create_alias, "default", "c1", "1al")  # E35
    d = cat.describe_collection("default", "al1")  # A09
    assert d.collection_name == "al1" and list(d.aliases) == ["al1"] and d.schema.name == "c1"
    assert cat.has_collection("default", "al1")
    assert cat.describe_alias("default", "al1") == "c1"
    assert cat.list_aliases("default", "c1") == ["al1"]
    raises(65535, cat.create_collection, "default", create_req("al1"))  # A08
    assert "associated aliases [al1]" in raises(65535, cat.drop_collection, "default", "c1")
    cat.alter_alias("default", "c2", "al1")
    assert cat.describe_alias("default", "al1") == "c2"
    raises(1600, cat.alter_alias, "default", "c2", "nope")
    cat.drop_alias("default", "al1")
    raises(1600, cat.drop_alias, "default", "al1")
    raises(1600, cat.describe_alias, "default", "al1")
    cat.drop_collection("default", "c1")


def test_index_and_load():
    cat = Catalog()
    cat.create_collection("default", create_req("c"))
    assert cat.get_load_state("default", "missing") == common_pb2.LoadState.LoadStateNotExist  # Q05
    assert cat.get_load_state("default", "c") == common_pb2.LoadState.LoadStateNotLoad
    assert raises(700, cat.load_collection, "default", "c") == "index not found[collection=c]"  # Q04
    raises(700, cat.describe_index, "default", "c")  # X02
    cat.drop_index("default", "c", "vec")  # E48
    cat.release_collection("default", "c")  # E56
    raises(100, cat.load_collection, "default", "missing")  # E57
    raises(65535, cat.create_index, "default", "c", "nofield", {"index_type": "FLAT"})  # X01
    raises(65535, cat.create_index, "default", "c", "vec", {"index_type": "NOPE"})  # E51
    params = {"index_type": "FLAT", "metric_type": "L2"}
    cat.create_index("default", "c", "vec", params)
    cat.create_index("default", "c", "vec", dict(params))  # E50
    raises(65535, cat.create_index, "default", "c", "vec", {"index_type": "HNSW", "metric_type": "L2"})  # E49
    assert [ix.index_name for ix in cat.describe_index("default", "c")] == ["_default_idx_101"]
    cat.load_collection("default", "c")
    assert cat.get_load_state("default", "c") == common_pb2.LoadState.LoadStateLoaded
    raises(65535, cat.drop_index, "default", "c", "vec")
    cat.release_collection("default", "c")
    cat.drop_index("default", "c", "vec")
    raises(700, cat.describe_index, "default", "c")


# ---- the mock over gRPC ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def server():
    with serve() as srv:
        yield srv


@pytest.fixture
def conn(server):
    c = Connection("t", parse_target(server.address))
    yield c
    c.close()


def test_server_rpcs(conn):
    assert conn.call("GetVersion").version == MOCK_VERSION
    assert conn.call("CheckHealth").isHealthy
    assert conn.call("Connect").server_info.build_tags == MOCK_VERSION
    states = conn.call("GetComponentStates")
    assert states.state.state_code == common_pb2.StateCode.Healthy and states.status.code == 0


def test_only_listed_rpcs_are_implemented(conn):
    names = {r.name for r in catalogue.all_rpcs()}
    assert IMPLEMENTED <= names
    for rpc in catalogue.all_rpcs():
        if rpc.name in IMPLEMENTED or rpc.kind != "unary":
            continue
        with pytest.raises(RpcUnimplemented):
            conn.call(rpc.name)


def test_collection_lifecycle_over_grpc(conn):
    st = conn.call("CreateCollection", create_req("g1"))
    assert st.code == 0 and st.error_code == E.Success
    has = conn.call("HasCollection", milvus_pb2.HasCollectionRequest(collection_name="g1"))
    assert has.value and has.status.code == 0
    bad = conn.call("HasCollection", milvus_pb2.HasCollectionRequest(collection_name="1x-y"))  # E30
    assert (bad.status.code, bad.status.error_code, bad.value) == (1100, E.IllegalArgument, False)
    desc = conn.call("DescribeCollection", milvus_pb2.DescribeCollectionRequest(collection_name="nope"))
    assert (desc.status.code, desc.status.error_code) == (100, E.UnexpectedError)  # N01
    assert desc.status.extra_info["is_input_error"] == "true"
    st = conn.call("CreateCollection", create_req("g1", dim=16))  # C03
    assert (st.code, st.error_code) == (65535, E.UnexpectedError)
    hp = conn.call("HasPartition", milvus_pb2.HasPartitionRequest(collection_name="nope", partition_name="p"))
    assert (hp.status.code, hp.status.error_code, hp.value) == (100, E.CollectionNotExists, False)  # T06
    ls = conn.call("GetLoadState", milvus_pb2.GetLoadStateRequest(collection_name="nope"))  # Q05
    assert ls.status.code == 0 and ls.state == common_pb2.LoadState.LoadStateNotExist
    st = conn.call("LoadCollection", milvus_pb2.LoadCollectionRequest(collection_name="g1"))  # Q04
    assert (st.code, st.error_code) == (700, E.IndexNotExist)
    st = conn.call("CreateIndex", milvus_pb2.CreateIndexRequest(
        collection_name="g1", field_name="vec",
        extra_params=[common_pb2.KeyValuePair(key="index_type", value="FLAT"),
                      common_pb2.KeyValuePair(key="metric_type", value="L2")]))
    assert st.code == 0
    assert conn.call("LoadCollection", milvus_pb2.LoadCollectionRequest(collection_name="g1")).code == 0
    ls = conn.call("GetLoadState", milvus_pb2.GetLoadStateRequest(collection_name="g1"))
    assert ls.state == common_pb2.LoadState.LoadStateLoaded
    di = conn.call("DescribeIndex", milvus_pb2.DescribeIndexRequest(collection_name="g1"))
    assert [d.field_name for d in di.index_descriptions] == ["vec"]
    assert conn.call("DropCollection", milvus_pb2.DropCollectionRequest(collection_name="g1")).code == 0


def test_database_selection(conn):
    assert conn.call("CreateDatabase", milvus_pb2.CreateDatabaseRequest(db_name="mdb")).code == 0
    assert conn.call("CreateCollection", create_req("indb", db="mdb")).code == 0
    show = conn.call("ShowCollections", milvus_pb2.ShowCollectionsRequest(db_name="mdb"))  # M02
    assert list(show.collection_names) == ["indb"]
    show = conn.call("ShowCollections", milvus_pb2.ShowCollectionsRequest(db_name="pf_nodb"))  # M04
    assert (show.status.code, show.status.reason) == (800, "database not found[database=pf_nodb]")
    rpc = catalogue.get("HasCollection")
    call = conn.channel.unary_unary(rpc.path, request_serializer=milvus_pb2.HasCollectionRequest.SerializeToString,
                                    response_deserializer=milvus_pb2.BoolResponse.FromString)
    resp = call(milvus_pb2.HasCollectionRequest(collection_name="indb"), metadata=[("dbname", "mdb")])  # M05
    assert resp.value
    dbs = conn.call("ListDatabases")
    assert list(dbs.db_names)[:1] == ["default"] and "mdb" in dbs.db_names
    d = conn.call("DescribeDatabase", milvus_pb2.DescribeDatabaseRequest(db_name="mdb"))
    assert d.db_name == "mdb" and d.status.code == 0
    st = conn.call("DropDatabase", milvus_pb2.DropDatabaseRequest(db_name="mdb"))  # E37
    assert st.code == 65535
    conn.call("DropCollection", milvus_pb2.DropCollectionRequest(db_name="mdb", collection_name="indb"))
    assert conn.call("DropDatabase", milvus_pb2.DropDatabaseRequest(db_name="mdb")).code == 0


def test_alias_rpcs(conn):
    conn.call("CreateCollection", create_req("ac1"))
    assert conn.call("CreateAlias", milvus_pb2.CreateAliasRequest(collection_name="ac1", alias="aal")).code == 0
    d = conn.call("DescribeAlias", milvus_pb2.DescribeAliasRequest(alias="aal"))
    assert d.collection == "ac1" and d.db_name == "default"
    la = conn.call("ListAliases", milvus_pb2.ListAliasesRequest(collection_name="ac1"))
    assert list(la.aliases) == ["aal"]
    st = conn.call("CreateAlias", milvus_pb2.CreateAliasRequest(collection_name="missing", alias="x"))
    assert (st.code, st.error_code) == (100, E.CollectionNotExists)  # A01
    assert conn.call("DropAlias", milvus_pb2.DropAliasRequest(alias="aal")).code == 0
    assert conn.call("DropCollection", milvus_pb2.DropCollectionRequest(collection_name="ac1")).code == 0


def test_partition_rpcs(conn):
    conn.call("CreateCollection", create_req("pc1"))
    assert conn.call("CreatePartition", milvus_pb2.CreatePartitionRequest(
        collection_name="pc1", partition_name="p1")).code == 0
    sp = conn.call("ShowPartitions", milvus_pb2.ShowPartitionsRequest(collection_name="pc1"))
    assert list(sp.partition_names) == ["_default", "p1"] and len(sp.partitionIDs) == 2
    st = conn.call("DropPartition", milvus_pb2.DropPartitionRequest(collection_name="pc1", partition_name="_default"))
    assert (st.code, st.reason) == (65535, "default partition cannot be deleted")  # T04
    ps = conn.call("GetPartitionStatistics", milvus_pb2.GetPartitionStatisticsRequest(
        collection_name="pc1", partition_name="p1"))
    assert [(kv.key, kv.value) for kv in ps.stats] == [("row_count", "0")]
    conn.call("DropCollection", milvus_pb2.DropCollectionRequest(collection_name="pc1"))


def test_python_exception_becomes_65535():
    class Broken(MockServicer):
        def _db(self, request, context):
            raise RuntimeError("boom")

    with serve(servicer=Broken()) as srv:
        c = Connection("b", parse_target(srv.address))
        resp = c.call("HasCollection", milvus_pb2.HasCollectionRequest(collection_name="x"))
        assert (resp.status.code, resp.status.error_code) == (65535, E.UnexpectedError)
        assert c.call("DropCollection", milvus_pb2.DropCollectionRequest(collection_name="x")).code == 65535
        c.close()


def test_oversize_request_is_resource_exhausted(conn):
    big = milvus_pb2.CreateCollectionRequest(collection_name="big", schema=b"\0" * (64 * 1024 * 1024 + 16))
    with pytest.raises(RpcTransportError) as info:
        conn.call("CreateCollection", big)
    assert info.value.code.name == "RESOURCE_EXHAUSTED"


def test_server_stop_and_wait():
    srv = serve()
    assert not srv.wait(0.01)
    srv.stop()
    assert srv.wait(0)
    srv.stop()  # idempotent
