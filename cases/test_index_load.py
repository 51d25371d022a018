"""FLAT index and load gating: Query/Search need a loaded collection (101 otherwise, also after a release),
LoadPartitions/ReleasePartitions on missing partitions (200), GetLoadingProgress after a load, DescribeIndex
after a FLAT CreateIndex; GetLoadState through load/release (per partition too) and its not-found / invalid
paths; DropIndex (no index, loaded collection, after release) and DescribeIndex without an index."""

from __future__ import annotations

import pytest

from conformance.expectations import Deviation, Expected
from conformance.expectations.oracle import grid_vector, prepare, request_of, standard_rows, standard_schema
from conformance.model import errors
from conformance.orm import Collection, wait_loaded
from conformance.protocol import common_pb2, milvus_pb2

NOT_LOADED = "probes Q01, Q02; verified on Milvus 2.3.5 after ReleaseCollection"


@pytest.fixture
def indexed(ledger, check):
    name = ledger.name("c")
    coll = Collection(name, standard_schema(name), ledger=ledger)
    prepare(check, coll, standard_rows(0, 5), load=False)
    return coll


@pytest.mark.rpc("LoadCollection", "ReleaseCollection", "Query", "Search", "GetLoadingProgress")
def test_release_gates_query_and_search(indexed, check):
    coll = indexed
    check(coll.load(), Expected.success("probe X04"))
    wait_loaded(coll)
    reply = coll.loading_progress()
    check(reply, Expected.success("verified on Milvus 2.3.5 (progress 100 after load)"))
    if reply.progress != 100:
        raise Deviation("GetLoadingProgress", "a loaded collection reports progress 100", "100",
                        str(reply.progress), request_of(coll, reply))
    check(coll.query("id >= 0", ["id"]), Expected.success("probe X12"))
    check(coll.release(), Expected.success("probe E56"))
    check(coll.query("id >= 0", ["id"]), Expected.error(errors.COLLECTION_NOT_LOADED, NOT_LOADED))
    check(coll.search([grid_vector(1, 4)], limit=2, metric_type="L2"),
          Expected.error(errors.COLLECTION_NOT_LOADED, NOT_LOADED))


@pytest.mark.rpc("LoadPartitions", "ReleasePartitions")
def test_missing_partition_load_release(indexed, check):
    coll = indexed
    missing = Expected.error(errors.PARTITION_NOT_FOUND, "verified on Milvus 2.3.5: MetaFailed/200 'partition not "
                             "found[partition=p_missing]'")
    check(coll.load_partitions(["p_missing"]), missing)
    check(coll.release_partitions(["p_missing"]), missing)


@pytest.mark.rpc("LoadPartitions", "ReleasePartitions", "Query")
def test_load_and_release_partitions(indexed, check):
    coll = indexed
    check(coll.partition("p1").create(), Expected.success("probe T01"))
    check(coll.partition("p1").insert(standard_rows(10, 3)), Expected.success("probe I03"))
    check(coll.partition("p1").load(), Expected.success("milvus src proxy loadPartitionsTask"))
    wait_loaded(coll, partition_names=["p1"])
    reply = coll.partition("p1").query("id >= 0", ["id"])
    check(reply, Expected.success("probe X12 on a loaded partition"))
    got = sorted(fd for f in reply.fields_data if f.field_name == "id" for fd in f.scalars.long_data.data)
    if got != [10, 11, 12]:
        raise Deviation("Query", "a loaded partition returns its rows", "[10, 11, 12]", str(got),
                        request_of(coll, reply))
    check(coll.partition("p1").release(), Expected.success("milvus src proxy releasePartitionsTask"))


@pytest.mark.rpc("CreateIndex", "DescribeIndex")
def test_describe_flat_index(indexed, check):
    coll = indexed
    reply = coll.index("vec").describe()
    check(reply, Expected.success("probe X03 then DescribeIndex"))
    descs = list(reply.index_descriptions)
    params = {kv.key: kv.value for d in descs for kv in d.params}
    if len(descs) != 1 or descs[0].field_name != "vec" or params.get("index_type") != "FLAT":
        raise Deviation("DescribeIndex", "DescribeIndex reports the FLAT index created on 'vec'",
                        "one index on vec with index_type FLAT", f"{[(d.field_name, params) for d in descs]}",
                        request_of(coll, reply))


# ---- GetLoadState -----------------------------------------------------------------------------------------

LS = common_pb2.LoadState


def load_state(coll, partitions=()):
    return coll._call("GetLoadState", milvus_pb2.GetLoadStateRequest(
        db_name=coll.db_name, collection_name=coll.name, partition_names=list(partitions)))


def expect_state(check, coll, want: int, partitions=(), evidence: str = "verified on Milvus 2.3.5 (this run)"):
    reply = load_state(coll, partitions)
    check(reply, Expected.success(evidence))
    if reply.state != want:
        raise Deviation("GetLoadState", f"load state of {coll.name}{list(partitions) or ''}",
                        LS.Name(want), LS.Name(reply.state) if reply.state in LS.values() else str(reply.state),
                        request_of(coll, reply))


@pytest.mark.rpc("GetLoadState")
def test_load_state_of_missing_collection(ledger, check):
    """A missing collection is not an error: Success with LoadStateNotExist (probe Q05)."""
    expect_state(check, Collection(ledger.name("missing"), ledger=ledger), LS.LoadStateNotExist, evidence="probe Q05")


@pytest.mark.rpc("GetLoadState", "LoadCollection", "LoadPartitions", "ReleaseCollection")
def test_load_state_follows_load_and_release(ledger, check):
    """NotLoad before a load (also before any index), Loaded after, per partition too: loading only p1 leaves
    _default NotLoad while the collection reports Loaded. verified on Milvus 2.3.5 (this run)."""
    name = ledger.name("c")
    coll = Collection(name, standard_schema(name), ledger=ledger)
    check(coll.create(), Expected.success("probe C01"))
    expect_state(check, coll, LS.LoadStateNotLoad)
    check(coll.partition("p1").create(), Expected.success("probe T01"))
    check(coll.insert(standard_rows(0, 4)), Expected.success("probe I03"))
    check(coll.index("vec", {"index_type": "FLAT", "metric_type": "L2", "params": "{}"}).create(),
          Expected.success("probe X03"))
    expect_state(check, coll, LS.LoadStateNotLoad)
    expect_state(check, coll, LS.LoadStateNotLoad, ["p1"])
    check(coll.partition("p1").load(), Expected.success("milvus src proxy loadPartitionsTask"))
    wait_loaded(coll, partition_names=["p1"])
    expect_state(check, coll, LS.LoadStateLoaded, ["p1"])
    expect_state(check, coll, LS.LoadStateNotLoad, ["_default"])
    expect_state(check, coll, LS.LoadStateLoaded)
    check(coll.load(), Expected.success("probe X04"))
    wait_loaded(coll)
    expect_state(check, coll, LS.LoadStateLoaded, ["_default", "p1"])
    check(coll.release(), Expected.success("probe E56"))
    expect_state(check, coll, LS.LoadStateNotLoad)
    expect_state(check, coll, LS.LoadStateNotLoad, ["p1"])


@pytest.mark.rpc("GetLoadState")
def test_load_state_of_missing_partition(indexed, check):
    reply = load_state(indexed, ["p_missing"])
    check(reply, Expected.error(errors.PARTITION_NOT_FOUND, "verified on Milvus 2.3.5 (this run): MetaFailed/200 "
                                "'partition not found[partition=p_missing]'"))


@pytest.mark.rpc("GetLoadState")
@pytest.mark.parametrize(("name", "why"), [
    ("", "'collection name should not be empty: invalid parameter'"),
    ("bad name!", "'Invalid collection name: bad name!. collection name can only contain numbers, letters and "
                  "underscores: invalid parameter'"),
])
def test_load_state_invalid_name(conn, check, name, why):
    reply = conn.call("GetLoadState", milvus_pb2.GetLoadStateRequest(collection_name=name))
    check(reply, Expected.error(errors.PARAMETER_INVALID, f"verified on Milvus 2.3.5 (this run): 1100 {why}"))


# ---- DropIndex / DescribeIndex ----------------------------------------------------------------------------

INDEX_MISSING = Expected.error(errors.INDEX_NOT_FOUND, "probe X02; verified on Milvus 2.3.5 (this run): "
                               "IndexNotExist/700 'index not found[collection=C]'")


@pytest.mark.rpc("DescribeIndex", "DropIndex")
def test_describe_and_drop_without_index(ledger, check):
    """No index: DescribeIndex → 700 (X02), DropIndex → Success (E48)."""
    name = ledger.name("c")
    coll = Collection(name, standard_schema(name), ledger=ledger)
    check(coll.create(), Expected.success("probe C01"))
    check(coll.index("vec").describe(), INDEX_MISSING)
    check(coll.index("vec").drop(), Expected.success("probe E48; verified on Milvus 2.3.5 (this run)"))


@pytest.mark.rpc("DropIndex", "DescribeIndex", "ReleaseCollection")
def test_drop_index_refused_while_loaded(indexed, check):
    """A loaded collection keeps its index: 65535 'index cannot be dropped, collection is loaded, please release
    it first' (verified on Milvus 2.3.5, this run; also with an index_name that does not exist); after a
    release DropIndex succeeds and DescribeIndex answers 700."""
    coll = indexed
    check(coll.load(), Expected.success("probe X04"))
    wait_loaded(coll)
    loaded = Expected.error(errors.UNEXPECTED, "verified on Milvus 2.3.5 (this run): 65535 'index cannot be "
                            "dropped, collection is loaded, please release it first'",
                            also=(errors.PARAMETER_INVALID,))
    check(coll.index("vec").drop(), loaded)
    check(coll.index("vec").describe(), Expected.success("the refused drop left the index in place"))
    check(coll.release(), Expected.success("probe E56"))
    check(coll.index("vec").drop(), Expected.success("milvus src proxy dropIndexTask; verified on Milvus 2.3.5"))
    check(coll.index("vec").describe(), INDEX_MISSING)


@pytest.mark.rpc("DescribeIndex")
def test_describe_unknown_index_name(indexed, check):
    check(indexed.index("vec", index_name="no_such_index").describe(),
          Expected.error(errors.INDEX_NOT_FOUND, "verified on Milvus 2.3.5 (this run): IndexNotExist/700 "
                         "'index not found[indexName=no_such_index]'"))


@pytest.mark.rpc("DropIndex", "DescribeIndex")
def test_index_rpcs_on_missing_collection(ledger, check):
    missing = Collection(ledger.name("missing"), ledger=ledger)
    gone = Expected.error(errors.COLLECTION_NOT_FOUND, "verified on Milvus 2.3.5 (this run): CollectionNotExists/"
                          "100 'collection not found[database=default][collection=C]'")
    check(missing.index("vec").drop(), gone)
    check(missing.index("vec").describe(), gone)


@pytest.mark.rpc("DropIndex", "DescribeIndex")
@pytest.mark.parametrize("rpc", ["DropIndex", "DescribeIndex"])
def test_index_rpcs_with_empty_collection_name(conn, check, rpc):
    request = getattr(milvus_pb2, f"{rpc}Request")(collection_name="", field_name="vec")
    check(conn.call(rpc, request), Expected.error(errors.PARAMETER_INVALID, "verified on Milvus 2.3.5 (this run): "
                                                  "1100 'collection name should not be empty: invalid parameter'"))
