"""Invalid-argument and not-found paths of the data-plane RPCs not covered elsewhere: Upsert, Flush and the
statistics RPCs, by raw request."""

from __future__ import annotations

import pytest

from conformance.expectations.oracle import CREATED, standard_rows, standard_schema
from conformance.model.data import rows_to_fields_data
from conformance.orm import Collection
from conformance.protocol import milvus_pb2


@pytest.fixture(scope="module")
def coll(ledger, check):
    name = ledger.name("c")
    c = Collection(name, standard_schema(name), ledger=ledger)
    check(c.create(), CREATED)
    return c


@pytest.mark.rpc("Upsert")
def test_upsert_row_count_mismatch(coll, conn, check):
    fields = rows_to_fields_data(coll.schema, standard_rows(0, 3))
    reply = conn.call("Upsert", milvus_pb2.UpsertRequest(collection_name=coll.name, fields_data=fields, num_rows=5))
    check(reply, "Upsert/row-count-mismatch")


@pytest.mark.rpc("Upsert")
def test_upsert_into_missing_partition(coll, conn, check):
    fields = rows_to_fields_data(coll.schema, standard_rows(0, 3))
    reply = conn.call("Upsert", milvus_pb2.UpsertRequest(collection_name=coll.name, partition_name="nop",
                                                         fields_data=fields, num_rows=3))
    check(reply, "Upsert/missing-partition")


@pytest.mark.rpc("Flush")
def test_flush_of_an_invalid_name_is_not_found(conn, check):
    """Flush does not validate names: an invalid one is simply a collection that does not exist."""
    reply = conn.call("Flush", milvus_pb2.FlushRequest(collection_names=["1bad"]))
    check(reply, "Flush/missing-collection")


@pytest.mark.rpc("Flush")
@pytest.mark.global_effect  # a server that read "no names" as "every collection" would flush the whole server
def test_flush_of_no_collections(conn, check):
    check(conn.call("Flush", milvus_pb2.FlushRequest(collection_names=[])), "Flush/empty-list")


@pytest.mark.rpc("GetCollectionStatistics")
def test_statistics_of_an_empty_name(conn, check):
    """GetCollectionStatistics does not validate the name: an empty one is a missing collection."""
    reply = conn.call("GetCollectionStatistics", milvus_pb2.GetCollectionStatisticsRequest(collection_name=""))
    check(reply, "GetCollectionStatistics/missing-collection")


@pytest.mark.rpc("GetPartitionStatistics")
def test_partition_statistics_of_an_empty_partition_name(coll, conn, check):
    """An empty partition name is the _default partition on current Milvus (releases before answered 200)."""
    reply = conn.call("GetPartitionStatistics", milvus_pb2.GetPartitionStatisticsRequest(
        collection_name=coll.name, partition_name=""))
    check(reply, "GetPartitionStatistics/empty-partition-name")


@pytest.mark.rpc("Upsert")
def test_upsert_repeating_a_primary_key(coll, check):
    """Upsert (unlike Insert) refuses a batch that repeats a primary key."""
    check(coll.upsert(standard_rows(0, 1) * 2), "Upsert/duplicate-primary-keys")


@pytest.mark.rpc("Delete")
def test_delete_with_an_empty_filter(coll, check):
    """An empty expression would delete everything: refused before any lookup (the collection is not loaded)."""
    check(coll.delete(""), "Delete/empty-filter")
