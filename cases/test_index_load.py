"""FLAT index and load gating: Query/Search need a loaded collection (101 otherwise, also after a release),
LoadPartitions/ReleasePartitions on missing partitions (200), GetLoadingProgress after a load, DescribeIndex
after a FLAT CreateIndex."""

from __future__ import annotations

import pytest

from conformance.expectations import Deviation, Expected
from conformance.expectations.oracle import grid_vector, prepare, request_of, standard_rows, standard_schema
from conformance.model import errors
from conformance.orm import Collection, wait_loaded

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
