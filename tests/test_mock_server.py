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
    assert raises(1100, cat.create_database, "d1") == "database already exist: d1: invalid parameter"
    assert raises(1100, cat.drop_database, "default") == "can not drop default database: invalid parameter"
    cat.drop_database("missing")  # D04
    raises(802, cat.create_database, "1db")  # D05
    cat.create_collection("d1", create_req("c"))
    assert "not empty" in raises(1100, cat.drop_database, "d1")
    assert [d.name for d in cat.list_databases()] == ["default", "d1"]  # D06
    assert raises(800, cat.db, "nodb") == "database not found[database=nodb]"
    for i in range(63):  # maxDatabaseNum (64) user databases besides default
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
    assert (err.code, err.legacy, err.input_error) == (100, E.CollectionNotExists, True)  # master describe_util
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
    raises(1100, cat.create_partition, "default", "c", "p$1")
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
    assert len(parts) == 16 and parts[0] == "_default_0"  # 64 before v2.4.3
    assert cat.describe_collection("default", "k").num_partitions == 16
    raises(1100, cat.create_partition, "default", "k", "p")


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
    cat.create_alias("default", "al1", "al2")  # an alias as the target resolves to its collection (2.6.6+)
    assert cat.describe_alias("default", "al2") == "c1"
    cat.drop_alias("default", "al2")
    raises(1100, cat.create_alias, "default", "c1", "1al")  # E35
    d = cat.describe_collection("default", "al1")  # A09
    assert d.collection_name == "al1" and list(d.aliases) == ["al1"] and d.schema.name == "c1"
    assert cat.has_collection("default", "al1")
    assert cat.describe_alias("default", "al1") == "c1"
    assert cat.list_aliases("default", "c1") == ["al1"]
    assert "conflicts with an existing alias" in raises(65535, cat.create_collection, "default", create_req("al1"))
    assert "associated aliases" in raises(65535, cat.drop_collection, "default", "c1")
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
    assert cat.get_load_state("default", "missing") == common_pb2.LoadState.LoadStateNotExist
    assert cat.get_load_state("default", "c") == common_pb2.LoadState.LoadStateNotLoad
    assert raises(700, cat.load_collection, "default", "c") == "index not found[collection=c]"  # LoadCollection/no-index
    assert raises(700, cat.describe_index, "default", "c") == "index not found[collection=c]"
    cat.drop_index("default", "c", "vec")  # DropIndex/no-index
    cat.release_collection("default", "c")
    raises(100, cat.load_collection, "default", "missing")
    assert raises(100, cat.create_index, "default", "1bad", "vec", {}) == (  # no name validation: not found
        "collection not found[database=default][collection=1bad]")
    assert raises(1100, cat.create_index, "default", "c", "nofield", {"index_type": "FLAT"}) == (
        "cannot create index on non-exist field: nofield: invalid parameter")
    assert raises(1100, cat.create_index, "default", "c", "vec", {"index_type": "NOPE"}) == (
        "invalid parameter[expected=valid index][actual=invalid index type: NOPE]")
    params = {"index_type": "FLAT", "metric_type": "L2"}
    cat.create_index("default", "c", "vec", params)
    cat.create_index("default", "c", "vec", dict(params))  # the same index again
    raises(65535, cat.create_index, "default", "c", "vec", {"index_type": "HNSW", "metric_type": "L2"})
    # CreateIndex/default-name: named after the field; describe by any field_name (master ignores it) or by name
    assert [ix.index_name for ix in cat.describe_index("default", "c")] == ["vec"]
    assert [ix.index_name for ix in cat.describe_index("default", "c", "id")] == ["vec"]
    assert raises(700, cat.describe_index, "default", "c", "", "nope") == "index not found[indexName=nope]"
    cat.load_collection("default", "c")
    assert cat.get_load_state("default", "c") == common_pb2.LoadState.LoadStateLoaded
    err = raises(1100, cat.drop_index, "default", "c", "vec")  # DropIndex/loaded-collection (vector index)
    assert "vector index cannot be dropped on loaded collection" in err
    cat.release_collection("default", "c")
    cat.drop_index("default", "c", "vec")
    raises(700, cat.describe_index, "default", "c")


def test_load_checks_in_master_order():
    cat = Catalog()
    cat.create_collection("default", create_req("c"))
    cat.create_partition("default", "c", "p1")
    cat.create_index("default", "c", "id", {"index_type": "STL_SORT"})
    # an index exists, but not on the vector field: 1100 naming the field (LoadCollection/unindexed-vector-field)
    assert raises(1100, cat.load_collection, "default", "c") == (
        "there is no vector index on field: [vec], please create index firstly: invalid parameter")
    assert raises(1100, cat.load_partitions, "default", "c", ["p_missing"]).startswith("there is no vector index")
    cat.create_index("default", "c", "vec", {"index_type": "FLAT", "metric_type": "L2"})
    assert raises(200, cat.load_partitions, "default", "c", ["p_missing"]) == "partition not found[partition=p_missing]"
    assert raises(1100, cat.load_partitions, "default", "c", []) == (
        "failed to load partition, due to no partition specified: invalid parameter")
    assert raises(101, cat.loading_progress, "default", "c").startswith("collection not loaded[collection=")
    cat.load_partitions("default", "c", ["p1"])
    assert cat.loading_progress("default", "c") == 100
    raises(201, cat.loading_progress, "default", "c", ["_default"])
    # DropIndex: master ignores field_name; several indexes without a name are ambiguous (702); a scalar index may
    # be dropped while the collection is loaded, the vector index not
    assert raises(702, cat.drop_index, "default", "c", "vec") == "index duplicates[indexName=]"
    cat.drop_index("default", "c", "", "id")
    raises(1100, cat.drop_index, "default", "c", "", "vec")
    raises(100, cat.drop_index, "default", "", "vec")  # DropIndex/empty-collection-name: not validated
    cat.create_collection("default", create_req("k", key=True))
    assert raises(1100, cat.load_partitions, "default", "k", ["_default_0"]) == (
        "disable load partitions if partition key mode is used: invalid parameter")
    assert raises(1100, cat.release_partitions, "default", "k", ["_default_0"]) == (
        "disable release partitions if partition key mode is used: invalid parameter")


def test_index_progress_counts_flushed_rows():
    cat = Catalog()
    cat.create_collection("default", create_req("c"))
    raises(700, cat.index_progress, "default", "c")  # GetIndexState/missing-index
    cat.create_index("default", "c", "vec", {"index_type": "FLAT", "metric_type": "L2"})
    coll = cat.get_collection("default", "c")
    seg = coll.data._segment_for("_default")
    seg.num_rows = 4
    assert cat.index_progress("default", "c")[1:] == (0, 0)  # growing rows are not counted
    coll.data.flush()
    ix, total, indexed = cat.index_progress("default", "c")
    assert (ix.index_name, total, indexed) == ("vec", 4, 4)
    raises(700, cat.index_progress, "default", "c", "nope")
    cat.create_index("default", "c", "id", {"index_type": "STL_SORT"})
    assert raises(702, cat.index_progress, "default", "c") == "index duplicates[indexName=]"
    raises(100, cat.index_progress, "default", "missing")
    raises(1100, cat.index_progress, "default", "")


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
    calc = conn.call("CalcDistance")  # CalcDistance/deprecated: ServiceUnavailable, retriable
    assert (calc.status.code, calc.status.retriable) == (2, True)
    assert calc.status.reason == "service unavailable: CalcDistance deprecated"


def test_connect_to_a_missing_database(server):
    """Connect/missing-database: a dbName header naming no database → 800, marked the caller's error."""
    c = Connection("nodb", parse_target(server.address, db_name="no_such_db"))
    try:
        st = c.call("Connect").status
        assert (st.code, st.reason, st.extra_info["is_input_error"]) == (
            800, "database not found[database=no_such_db]", "true")
    finally:
        c.close()


def test_index_rpcs_over_grpc(conn):
    """GetIndexState / GetIndexBuildProgress count the flushed rows; DescribeIndex echoes params and counts;
    FlushAll ignores db_name; the segment RPCs do not validate names (100, not 1100)."""
    assert conn.call("CreateCollection", create_req("gi")).code == 0
    kv = common_pb2.KeyValuePair
    st = conn.call("CreateIndex", milvus_pb2.CreateIndexRequest(
        collection_name="gi", field_name="vec", extra_params=[kv(key="index_type", value="FLAT"),
                                                               kv(key="metric_type", value="L2")]))
    assert st.code == 0
    state = conn.call("GetIndexState", milvus_pb2.GetIndexStateRequest(collection_name="gi"))
    assert (state.status.code, state.state) == (0, common_pb2.IndexState.Finished)
    progress = conn.call("GetIndexBuildProgress", milvus_pb2.GetIndexBuildProgressRequest(collection_name="gi"))
    assert (progress.status.code, progress.total_rows, progress.indexed_rows) == (0, 0, 0)
    di = conn.call("DescribeIndex", milvus_pb2.DescribeIndexRequest(collection_name="gi", field_name="id"))
    assert [(d.index_name, {p.key: p.value for p in d.params}) for d in di.index_descriptions] == [
        ("vec", {"index_type": "FLAT", "metric_type": "L2"})]
    missing = conn.call("GetIndexBuildProgress", milvus_pb2.GetIndexBuildProgressRequest(
        collection_name="gi", index_name="nope"))
    assert (missing.status.code, missing.status.reason) == (700, "index not found[indexName=nope]")
    fa = conn.call("FlushAll", milvus_pb2.FlushAllRequest(db_name="no_such_db"))
    assert fa.status.code == 0 and fa.flush_all_ts > 0
    fas = conn.call("GetFlushAllState", milvus_pb2.GetFlushAllStateRequest(flush_all_ts=1, db_name="no_such_db"))
    assert fas.status.code == 800 and "is_input_error" not in fas.status.extra_info
    for rpc in ("GetPersistentSegmentInfo", "GetQuerySegmentInfo"):
        seg = conn.call(rpc, getattr(milvus_pb2, f"{rpc}Request")(collectionName=""))
        assert (seg.status.code, seg.status.extra_info["is_input_error"]) == (100, "true")
    drop = conn.call("DropIndex", milvus_pb2.DropIndexRequest(collection_name=""))
    assert drop.code == 100
    assert conn.call("DropCollection", milvus_pb2.DropCollectionRequest(collection_name="gi")).code == 0


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
    assert (desc.status.code, desc.status.error_code) == (100, E.CollectionNotExists)
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
    st = conn.call("DropDatabase", milvus_pb2.DropDatabaseRequest(db_name="mdb"))
    assert st.code == 1100 and st.extra_info["is_input_error"] == "true" and not st.retriable
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
