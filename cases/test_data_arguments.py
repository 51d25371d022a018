"""Invalid-argument and not-found paths of the data-plane RPCs not covered elsewhere: Upsert, Flush and the
statistics RPCs (each expectation verified on Milvus 2.3.5 in this project, by raw request)."""

from __future__ import annotations

import pytest

from conformance.expectations import Expected
from conformance.expectations.oracle import standard_rows, standard_schema
from conformance.model import errors
from conformance.model.data import rows_to_fields_data
from conformance.orm import Collection
from conformance.protocol import milvus_pb2

VERIFIED = "verified on Milvus 2.3.5 in this project"


@pytest.fixture(scope="module")
def coll(ledger, check):
    name = ledger.name("c")
    c = Collection(name, standard_schema(name), ledger=ledger)
    check(c.create(), Expected.success("probe C01"))
    return c


@pytest.mark.rpc("Upsert")
def test_upsert_row_count_mismatch(coll, conn, check):
    fields = rows_to_fields_data(coll.schema, standard_rows(0, 3))
    reply = conn.call("Upsert", milvus_pb2.UpsertRequest(collection_name=coll.name, fields_data=fields, num_rows=5))
    check(reply, Expected.error(errors.PARAMETER_INVALID, f"probe E52 (same check as Insert); {VERIFIED}: 1100 "
                                "'the num_rows (3) of field (id) is not equal to passed num_rows (5)'"))


@pytest.mark.rpc("Upsert")
def test_upsert_into_missing_partition(coll, conn, check):
    fields = rows_to_fields_data(coll.schema, standard_rows(0, 3))
    reply = conn.call("Upsert", milvus_pb2.UpsertRequest(collection_name=coll.name, partition_name="nop",
                                                         fields_data=fields, num_rows=3))
    check(reply, Expected.error(errors.PARTITION_NOT_FOUND, f"{VERIFIED}: 200 'partition not found[partition=nop]'"))


@pytest.mark.rpc("Flush")
def test_flush_of_an_invalid_name_is_not_found(conn, check):
    """Flush does not validate names: an invalid one is simply a collection that does not exist."""
    reply = conn.call("Flush", milvus_pb2.FlushRequest(collection_names=["1bad"]))
    check(reply, Expected.error(errors.COLLECTION_NOT_FOUND, f"{VERIFIED}: 100 'collection not found"
                                "[database=default][collection=1bad]'"))


@pytest.mark.rpc("Flush")
def test_flush_of_no_collections(conn, check):
    check(conn.call("Flush", milvus_pb2.FlushRequest(collection_names=[])), Expected.success(f"{VERIFIED}"))


@pytest.mark.rpc("GetCollectionStatistics")
def test_statistics_of_an_empty_name(conn, check):
    reply = conn.call("GetCollectionStatistics", milvus_pb2.GetCollectionStatisticsRequest(collection_name=""))
    check(reply, Expected.error(errors.COLLECTION_NOT_FOUND, f"{VERIFIED}: 100 'collection not found"))


@pytest.mark.rpc("GetPartitionStatistics")
def test_partition_statistics_of_an_empty_partition_name(coll, conn, check):
    reply = conn.call("GetPartitionStatistics", milvus_pb2.GetPartitionStatisticsRequest(
        collection_name=coll.name, partition_name=""))
    check(reply, Expected.error(errors.PARTITION_NOT_FOUND, f"{VERIFIED}: 200 'partition not found[partition=]'"))
