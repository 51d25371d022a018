"""FLAT index and load gating: Query/Search need a loaded collection (101 otherwise, also after a release),
LoadPartitions/ReleasePartitions on missing partitions (200), GetLoadingProgress after a load, DescribeIndex
after a FLAT CreateIndex (named after its field, every parameter echoed); GetLoadState through load/release
(per partition too) and its not-found / invalid paths; DropIndex (no index, loaded collection, after release)
and DescribeIndex without an index; GetIndexState / GetIndexBuildProgress over flushed rows."""

from __future__ import annotations

import time

import pytest

from conformance.expectations import verify
from conformance.expectations.oracle import (
    grid_vector,
    index_params,
    request_of,
    standard_rows,
    standard_schema,
)
from conformance.orm import Collection, vector_field_of, wait_flushed, wait_loaded
from conformance.protocol import common_pb2, milvus_pb2

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
@pytest.mark.parametrize("rpc", ["DropIndex", "DescribeIndex"])
def test_index_rpcs_with_empty_collection_name(conn, check, rpc):
    """DescribeIndex validates the name (1100); master's DropIndex does not: the lookup finds nothing (100)."""
    request = getattr(milvus_pb2, f"{rpc}Request")(collection_name="", field_name="vec")
    check(conn.call(rpc, request), f"{rpc}/empty-collection-name")


# ---- GetIndexState / GetIndexBuildProgress ----------------------------------------------------------------

INDEX_WAIT_S = 120


@pytest.mark.rpc("GetIndexState", "GetIndexBuildProgress", "Flush")
def test_index_build_progress_counts_flushed_rows(ledger, check):
    """An index over 6 flushed rows: GetIndexState reaches Finished and GetIndexBuildProgress counts the 6 rows
    as total and, once built, as indexed (both within a bounded wait); an unknown index name is 700."""
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
    unknown = milvus_pb2.GetIndexStateRequest(db_name=coll.db_name, collection_name=coll.name,
                                              index_name="no_such_index")
    check(coll._call("GetIndexState", unknown), "GetIndexState/missing-index")
    unknown_progress = milvus_pb2.GetIndexBuildProgressRequest(db_name=coll.db_name, collection_name=coll.name,
                                                               index_name="no_such_index")
    check(coll._call("GetIndexBuildProgress", unknown_progress), "GetIndexBuildProgress/missing-index")
