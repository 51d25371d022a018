"""FLAT index and load gating: Query/Search need a loaded collection (101 otherwise, also after a release),
LoadPartitions/ReleasePartitions on missing partitions (200), GetLoadingProgress after a load, DescribeIndex
after a FLAT CreateIndex (named after its field, every parameter echoed); GetLoadState through load/release
(per partition too) and its not-found / invalid paths; DropIndex (no index, loaded collection, after release)
and DescribeIndex without an index; GetIndexState / GetIndexBuildProgress over flushed rows; CreateIndex's
argument checks and index names; several indexes without a name (DropIndex, GetIndexState); loading without
the indexes it needs, LoadPartitions without partitions or on a partition-key collection, GetLoadingProgress of
what is not loaded; more replicas than the server has query nodes."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.expectations import verify
from conformance.expectations.oracle import (
    grid_vector,
    index_params,
    request_of,
    standard_rows,
    standard_schema,
)
from conformance.orm import Collection, vector_field_of, wait_flushed, wait_loaded
from conformance.protocol import common_pb2, milvus_pb2, schema_pb2
from conformance.strategies import invalid_name, make_field
from conformance.strategies.schemas import DT

CREATED = "CreateCollection/accepts-valid-schema"
INSERTED = "Insert/accepts-valid-rows"
INDEXED = "CreateIndex/creates"
LOADED = "LoadCollection/loads"
RELEASED = "ReleaseCollection/releases"
INDEX_MISSING = "DescribeIndex/no-index"


def indexed_collection(ledger, check, rows) -> tuple[Collection, dict[str, str]]:
    """A new standard collection holding ``rows``, FLAT-indexed on its vector field without an index name, not
    loaded. Returns it and the index parameters sent."""
    name = ledger.name("c")
    coll = Collection(name, standard_schema(name), ledger=ledger)
    check(coll.create(), CREATED)
    if rows:
        check(coll.insert(rows), INSERTED)
    params = index_params(vector_field_of(coll.schema))
    check(coll.index("vec", params).create(), INDEXED)
    return coll, params


@pytest.fixture
def indexed(ledger, check):
    coll, _ = indexed_collection(ledger, check, standard_rows(0, 5))
    return coll


@pytest.mark.rpc("LoadCollection", "ReleaseCollection", "Query", "Search", "GetLoadingProgress")
def test_release_gates_query_and_search(indexed, check):
    coll = indexed
    check(coll.load(), LOADED)
    wait_loaded(coll)
    reply = coll.loading_progress()
    check(reply, "GetLoadingProgress/answers")
    verify("GetLoadingProgress/loaded-is-100", reply.progress == 100, expected="progress 100",
           actual=f"progress {reply.progress}", request=request_of(coll, reply))
    check(coll.query("id >= 0", ["id"]), "Query/accepts-valid-filter")
    check(coll.release(), RELEASED)
    check(coll.query("id >= 0", ["id"]), "Query/not-loaded")
    check(coll.search([grid_vector(1, 4)], limit=2, metric_type="L2"), "Search/not-loaded")


@pytest.mark.rpc("LoadPartitions", "ReleasePartitions")
def test_missing_partition_load_release(indexed, check):
    coll = indexed
    check(coll.load_partitions(["p_missing"]), "LoadPartitions/missing-partition")
    check(coll.release_partitions(["p_missing"]), "ReleasePartitions/missing-partition")


@pytest.mark.rpc("LoadPartitions", "ReleasePartitions", "Query")
def test_load_and_release_partitions(indexed, check):
    coll = indexed
    check(coll.partition("p1").create(), "CreatePartition/creates")
    check(coll.partition("p1").insert(standard_rows(10, 3)), INSERTED)
    check(coll.partition("p1").load(), "LoadPartitions/loads")
    wait_loaded(coll, partition_names=["p1"])
    reply = coll.partition("p1").query("id >= 0", ["id"])
    check(reply, "Query/accepts-valid-filter")
    got = sorted(fd for f in reply.fields_data if f.field_name == "id" for fd in f.scalars.long_data.data)
    want = [10, 11, 12]  # the loaded partition's rows, and only them
    verify("Query/result/no-missing-rows", set(want) <= set(got), expected=f"ids {want}", actual=f"ids {got}",
           request=request_of(coll, reply))
    verify("Query/result/no-extra-rows", got == want, expected=f"ids {want}", actual=f"ids {got}",
           request=request_of(coll, reply))
    check(coll.partition("p1").release(), "ReleasePartitions/releases")


@pytest.mark.rpc("CreateIndex", "DescribeIndex")
def test_describe_flat_index(ledger, check):
    """The FLAT index created on 'vec' without a name: DescribeIndex (by field, no index name) reports one index
    named after the field, with index_type FLAT and every parameter sent echoed."""
    coll, sent = indexed_collection(ledger, check, standard_rows(0, 5))
    reply = coll.index("vec").describe()
    check(reply, "DescribeIndex/describes")
    descs = list(reply.index_descriptions)
    params = {kv.key: kv.value for d in descs for kv in d.params}
    found = [(d.index_name, d.field_name, params.get("index_type")) for d in descs]
    verify("DescribeIndex/reports-index", len(descs) == 1 and descs[0].field_name == "vec"
           and params.get("index_type") == "FLAT", expected="one index on vec with index_type FLAT",
           actual=str(found), request=request_of(coll, reply))
    verify("CreateIndex/default-name", descs[0].index_name == "vec", expected="index_name 'vec' (the field's name)",
           actual=repr(descs[0].index_name), request=request_of(coll, reply))
    missing = {k: v for k, v in sent.items() if params.get(k) != v}
    verify("DescribeIndex/echoes-params", not missing, expected=f"params include {sent}", actual=f"params {params}",
           request=request_of(coll, reply))


@pytest.mark.rpc("LoadCollection", "LoadPartitions")
def test_more_replicas_than_query_nodes_refused(ledger, check):
    """1000 replicas (more query nodes than any deployment the suite meets has) →
    LoadCollection/replica-number-exceeds-nodes, for LoadCollection and LoadPartitions alike; nothing is loaded."""
    coll, _ = indexed_collection(ledger, check, standard_rows(0, 3))
    check(coll.load(replica_number=1000), "LoadCollection/replica-number-exceeds-nodes")
    check(coll.partition("_default").load(replica_number=1000), "LoadCollection/replica-number-exceeds-nodes")
    expect_state(check, coll, LS.LoadStateNotLoad)


# ---- GetLoadState -----------------------------------------------------------------------------------------

LS = common_pb2.LoadState


def load_state(coll, partitions=()):
    return coll._call("GetLoadState", milvus_pb2.GetLoadStateRequest(
        db_name=coll.db_name, collection_name=coll.name, partition_names=list(partitions)))


def expect_state(check, coll, want: int, partitions=()):
    reply = load_state(coll, partitions)
    check(reply, "GetLoadState/answers")
    verify("GetLoadState/reports-state", reply.state == want,
           expected=f"{LS.Name(want)} for {coll.name}{list(partitions) or ''}",
           actual=LS.Name(reply.state) if reply.state in LS.values() else str(reply.state),
           request=request_of(coll, reply))


@pytest.mark.rpc("GetLoadState")
def test_load_state_of_missing_collection(ledger, check):
    """A missing collection is not an error: Success with LoadStateNotExist."""
    expect_state(check, Collection(ledger.name("missing"), ledger=ledger), LS.LoadStateNotExist)


@pytest.mark.rpc("GetLoadState", "LoadCollection", "LoadPartitions", "ReleaseCollection")
def test_load_state_follows_load_and_release(ledger, check):
    """NotLoad before a load (also before any index), Loaded after, per partition too: loading only p1 leaves
    _default NotLoad while the collection reports Loaded."""
    name = ledger.name("c")
    coll = Collection(name, standard_schema(name), ledger=ledger)
    check(coll.create(), CREATED)
    expect_state(check, coll, LS.LoadStateNotLoad)
    check(coll.partition("p1").create(), "CreatePartition/creates")
    check(coll.insert(standard_rows(0, 4)), INSERTED)
    check(coll.index("vec", {"index_type": "FLAT", "metric_type": "L2", "params": "{}"}).create(), INDEXED)
    expect_state(check, coll, LS.LoadStateNotLoad)
    expect_state(check, coll, LS.LoadStateNotLoad, ["p1"])
    check(coll.partition("p1").load(), "LoadPartitions/loads")
    wait_loaded(coll, partition_names=["p1"])
    expect_state(check, coll, LS.LoadStateLoaded, ["p1"])
    expect_state(check, coll, LS.LoadStateNotLoad, ["_default"])
    expect_state(check, coll, LS.LoadStateLoaded)
    check(coll.load(), LOADED)
    # the collection already reports Loaded (p1 is): wait for _default itself
    wait_loaded(coll, partition_names=["_default", "p1"], check_id="LoadCollection/completes")
    expect_state(check, coll, LS.LoadStateLoaded, ["_default", "p1"])
    check(coll.release(), RELEASED)
    expect_state(check, coll, LS.LoadStateNotLoad)
    expect_state(check, coll, LS.LoadStateNotLoad, ["p1"])


@pytest.mark.rpc("GetLoadState")
def test_load_state_of_missing_partition(indexed, check):
    check(load_state(indexed, ["p_missing"]), "GetLoadState/missing-partition")


@pytest.mark.rpc("GetLoadState")
@pytest.mark.parametrize("name", ["", "bad name!"])
def test_load_state_invalid_name(conn, check, name):
    check(conn.call("GetLoadState", milvus_pb2.GetLoadStateRequest(collection_name=name)), "GetLoadState/invalid-name")


# ---- DropIndex / DescribeIndex ----------------------------------------------------------------------------

@pytest.mark.rpc("DescribeIndex", "DropIndex")
def test_describe_and_drop_without_index(ledger, check):
    """No index: DescribeIndex → 700, DropIndex → Success."""
    name = ledger.name("c")
    coll = Collection(name, standard_schema(name), ledger=ledger)
    check(coll.create(), CREATED)
    check(coll.index("vec").describe(), INDEX_MISSING)
    check(coll.index("vec").drop(), "DropIndex/no-index")


@pytest.mark.rpc("DropIndex", "DescribeIndex", "ReleaseCollection")
def test_drop_index_refused_while_loaded(indexed, check):
    """A loaded collection keeps its vector index: the drop is refused and the index stays; after a release
    DropIndex (by field, no index name) succeeds and DescribeIndex answers 700."""
    coll = indexed
    check(coll.load(), LOADED)
    wait_loaded(coll)
    check(coll.index("vec").drop(), "DropIndex/loaded-collection")
    check(coll.index("vec").describe(), "DescribeIndex/describes")  # the refused drop left the index in place
    check(coll.release(), RELEASED)
    check(coll.index("vec").drop(), "DropIndex/drops")
    check(coll.index("vec").describe(), INDEX_MISSING)


@pytest.mark.rpc("DescribeIndex")
def test_describe_unknown_index_name(indexed, check):
    check(indexed.index("vec", index_name="no_such_index").describe(), "DescribeIndex/unknown-index-name")


@pytest.mark.rpc("DropIndex", "DescribeIndex")
def test_index_rpcs_on_missing_collection(ledger, check):
    missing = Collection(ledger.name("missing"), ledger=ledger)
    check(missing.index("vec").drop(), "DropIndex/missing-collection")
    check(missing.index("vec").describe(), "DescribeIndex/missing-collection")


@pytest.mark.rpc("DropIndex", "DescribeIndex")
@pytest.mark.parametrize("rpc", [
    # A destructive request with an empty name: a permissive server could read it as "every collection".
    pytest.param("DropIndex", marks=pytest.mark.global_effect), "DescribeIndex"])
def test_index_rpcs_with_empty_collection_name(conn, check, rpc):
    """DescribeIndex validates the name (1100); master's DropIndex does not: the lookup finds nothing (100)."""
    request = getattr(milvus_pb2, f"{rpc}Request")(collection_name="", field_name="vec")
    check(conn.call(rpc, request), f"{rpc}/empty-collection-name")


# ---- GetIndexState / GetIndexBuildProgress ----------------------------------------------------------------

INDEX_WAIT_S = 120


@pytest.mark.rpc("GetIndexState", "GetIndexBuildProgress", "DescribeIndex", "Flush")
def test_index_build_progress_counts_flushed_rows(ledger, check):
    """An index over 6 flushed rows: GetIndexState reaches Finished and GetIndexBuildProgress counts the 6 rows
    as total and, once built, as indexed (both within a bounded wait), and so does DescribeIndex; an unknown
    index name is 700."""
    coll, _ = indexed_collection(ledger, check, standard_rows(0, 6))
    reply = coll.flush()
    check(reply, "Flush/flushes")
    wait_flushed(coll, reply)
    request = milvus_pb2.GetIndexStateRequest(db_name=coll.db_name, collection_name=coll.name, field_name="vec")
    progress_request = milvus_pb2.GetIndexBuildProgressRequest(db_name=coll.db_name, collection_name=coll.name,
                                                               field_name="vec")
    deadline = time.monotonic() + INDEX_WAIT_S
    while True:
        state = coll._call("GetIndexState", request)
        check(state, "GetIndexState/answers")
        progress = coll._call("GetIndexBuildProgress", progress_request)
        check(progress, "GetIndexBuildProgress/answers")
        done = state.state == common_pb2.IndexState.Finished
        counted = progress.total_rows == 6 and progress.indexed_rows == 6
        if (done and counted) or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    verify("GetIndexState/finishes", done, expected=f"IndexState Finished within {INDEX_WAIT_S} s",
           actual=common_pb2.IndexState.Name(state.state), request=request)
    verify("GetIndexBuildProgress/counts-rows", counted, expected="total_rows 6, indexed_rows 6",
           actual=f"total_rows {progress.total_rows}, indexed_rows {progress.indexed_rows}", request=progress_request)
    if done and counted:  # built: DescribeIndex counts the same rows
        described = coll.index("vec").describe()
        check(described, "DescribeIndex/describes")
        rows = [(d.total_rows, d.indexed_rows) for d in described.index_descriptions]
        verify("DescribeIndex/counts-rows", rows == [(6, 6)], expected="one index: total_rows 6, indexed_rows 6",
               actual=f"(total_rows, indexed_rows) {rows}", request=request_of(coll, described))
    unknown = milvus_pb2.GetIndexStateRequest(db_name=coll.db_name, collection_name=coll.name,
                                              index_name="no_such_index")
    check(coll._call("GetIndexState", unknown), "GetIndexState/missing-index")
    unknown_progress = milvus_pb2.GetIndexBuildProgressRequest(db_name=coll.db_name, collection_name=coll.name,
                                                               index_name="no_such_index")
    check(coll._call("GetIndexBuildProgress", unknown_progress), "GetIndexBuildProgress/missing-index")


# ---- CreateIndex arguments and index names ----------------------------------------------------------------

FLAT = {"index_type": "FLAT", "metric_type": "L2", "params": "{}"}


def new_collection(ledger, check) -> Collection:
    """A new standard collection of this run, without rows or an index."""
    name = ledger.name("c")
    coll = Collection(name, standard_schema(name), ledger=ledger)
    check(coll.create(), CREATED)
    return coll


@pytest.mark.rpc("CreateIndex")
@pytest.mark.parametrize("field,params,check_id", [
    ("no_such_field", FLAT, "CreateIndex/missing-field"),
    ("vec", {**FLAT, "index_type": "NO_SUCH_INDEX"}, "CreateIndex/unknown-index-type"),
], ids=["missing-field", "unknown-index-type"])
def test_create_index_arguments_rejected(ledger, check, field, params, check_id):
    """On a collection without any index, so the argument is the request's only fault."""
    check(new_collection(ledger, check).index(field, params).create(), check_id)


@pytest.mark.rpc("CreateIndex")
def test_create_a_second_different_index_on_a_field(indexed, check):
    """The FLAT/L2 index on vec exists (named "vec"): another, different one on the same field is refused."""
    check(indexed.index("vec", {**FLAT, "metric_type": "IP"}).create(), "CreateIndex/conflicting-index")


@pytest.mark.rpc("CreateIndex", "GetIndexState")
def test_index_rpcs_on_a_missing_collection(ledger, check):
    missing = Collection(ledger.name("missing"), ledger=ledger)
    check(missing.index("vec", FLAT).create(), "CreateIndex/missing-collection")
    reply = missing._call("GetIndexState", milvus_pb2.GetIndexStateRequest(collection_name=missing.name,
                                                                            field_name="vec"))
    check(reply, "GetIndexState/missing-collection")


@pytest.mark.rpc("CreateIndex")
@pytest.mark.parametrize("violation", ["too_long", "bad_first_char", "bad_char"])
@settings(max_examples=4)
@given(data=st.data())
def test_invalid_index_names_rejected(ledger, check, violation, data):
    """An index name breaking one name rule → Names/index/<violation> (the empty name is the default name).
    Each example on a new collection without an index, so a server accepting one name cannot turn the next
    example into a conflict."""
    bad = data.draw(invalid_name(ledger.token, "index", violation), label="index name")
    check(new_collection(ledger, check).index("vec", FLAT, index_name=bad.name).create(), bad.rule)


def two_indexes(ledger, check, server) -> Collection:
    """A new standard collection (not loaded) with two indexes: FLAT on vec and a scalar index on n (named
    after their fields)."""
    coll = new_collection(ledger, check)
    check(coll.index("vec", FLAT).create(), INDEXED)
    scalar = "STL_SORT" if server.older_than("2.4.0") else "INVERTED"  # INVERTED came with 2.4
    check(coll.index("n", {"index_type": scalar}).create(), INDEXED)
    return coll


@pytest.mark.rpc("DropIndex")
def test_drop_index_without_a_name_among_several(ledger, check, server):
    """Only index_name reaches datacoord (field_name is ignored): two indexes and no name → 702."""
    coll = two_indexes(ledger, check, server)
    check(coll.index("vec").drop(), "DropIndex/ambiguous")


@pytest.mark.rpc("GetIndexState")
def test_index_state_without_a_name_among_several(ledger, check, server):
    coll = two_indexes(ledger, check, server)
    reply = coll._call("GetIndexState", milvus_pb2.GetIndexStateRequest(collection_name=coll.name,
                                                                         field_name="vec"))
    check(reply, "GetIndexState/ambiguous")


# ---- loading what cannot be loaded ------------------------------------------------------------------------

def _load(coll: Collection, rpc: str):
    return coll.load() if rpc == "LoadCollection" else coll.load_partitions(["_default"])


@pytest.mark.rpc("LoadCollection", "LoadPartitions")
@pytest.mark.parametrize("rpc", ["LoadCollection", "LoadPartitions"])
def test_load_without_an_index(ledger, check, rpc):
    check(_load(new_collection(ledger, check), rpc), "LoadCollection/no-index")


def two_vectors(name: str) -> schema_pb2.CollectionSchema:
    return schema_pb2.CollectionSchema(name=name, fields=[
        make_field("id", DT.Int64, primary=True), make_field("vec", DT.FloatVector, dim=4),
        make_field("vec2", DT.FloatVector, dim=4)])


@pytest.mark.rpc("LoadCollection", "LoadPartitions")
@pytest.mark.requires(feature="multi_vector")
@pytest.mark.parametrize("rpc", ["LoadCollection", "LoadPartitions"])
def test_load_with_an_unindexed_vector_field(ledger, check, rpc):
    """Two vector fields, only vec indexed: the load is refused naming vec2."""
    name = ledger.name("c")
    coll = Collection(name, two_vectors(name), ledger=ledger)
    check(coll.create(), CREATED)
    check(coll.index("vec", FLAT).create(), INDEXED)
    check(_load(coll, rpc), "LoadCollection/unindexed-vector-field")


@pytest.mark.rpc("LoadCollection")
def test_load_missing_collection(ledger, check):
    check(Collection(ledger.name("missing"), ledger=ledger).load(), "LoadCollection/missing-collection")


@pytest.mark.rpc("LoadPartitions")
def test_load_partitions_without_partitions(indexed, check):
    check(indexed.load_partitions([]), "LoadPartitions/no-partition-specified")


@pytest.mark.rpc("LoadPartitions", "ReleasePartitions")
@pytest.mark.parametrize("verb", ["load", "release"])
def test_partitions_of_a_partition_key_collection(ledger, check, verb):
    """A partition-key collection's partitions are not loaded or released one by one."""
    name = ledger.name("c")
    schema = standard_schema(name)
    next(f for f in schema.fields if f.name == "n").is_partition_key = True
    coll = Collection(name, schema, ledger=ledger)
    check(coll.create(), CREATED)
    check(coll.index("vec", FLAT).create(), INDEXED)
    part = ["_default_0"]  # a partition-key collection's first physical partition
    reply = coll.load_partitions(part) if verb == "load" else coll.release_partitions(part)
    check(reply, "LoadPartitions/partition-key-collection")


@pytest.mark.rpc("GetLoadingProgress")
def test_loading_progress_of_a_collection_not_loaded(indexed, check):
    check(indexed.loading_progress(), "GetLoadingProgress/not-loaded")


@pytest.mark.rpc("GetLoadingProgress", "LoadPartitions")
def test_loading_progress_of_a_partition_not_loaded(indexed, check):
    """Only p1 is loaded: the progress of _default is refused (201), not reported as 0."""
    check(indexed.partition("p1").create(), "CreatePartition/creates")
    check(indexed.partition("p1").load(), "LoadPartitions/loads")
    wait_loaded(indexed, partition_names=["p1"])
    check(indexed.loading_progress(["_default"]), "GetLoadingProgress/partition-not-loaded")
