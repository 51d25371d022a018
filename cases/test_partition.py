"""Partitions: create/has/show/drop, idempotency, `_default`, missing collections, names, partition-key mode."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance.expectations import Deviation, Expected
from conformance.model import errors
from conformance.model import limits as L
from conformance.orm import Collection
from conformance.protocol import milvus_pb2, schema_pb2
from conformance.strategies import invalid_names, make_field, valid_names
from conformance.strategies.schemas import DT

CREATED = Expected.success("probe C01")
PART_CREATED = Expected.success("probe T01")
COLLECTION_MISSING = Expected.error(errors.COLLECTION_NOT_FOUND, "probes T03, E58, T06 ('collection not found')")


def schema(name: str, partition_key: bool = False) -> schema_pb2.CollectionSchema:
    extra = [make_field("k", DT.Int64, partition_key=True)] if partition_key else []
    return schema_pb2.CollectionSchema(name=name, fields=[
        make_field("id", DT.Int64, primary=True), make_field("vec", DT.FloatVector, dim=8), *extra])


def _created(ledger, check) -> Collection:
    name = ledger.name("c")
    c = Collection(name, schema(name), ledger=ledger)
    check(c.create(), CREATED)
    return c


@pytest.fixture
def coll(ledger, check) -> Collection:
    return _created(ledger, check)


@pytest.fixture(scope="module")
def shared_coll(ledger, check) -> Collection:
    """One collection for the name properties (Hypothesis reuses fixtures across examples)."""
    return _created(ledger, check)


def has_partition(check, coll, name: str, expected: bool, why: str) -> None:
    reply = coll.partition(name).has()
    check(reply, Expected.success("probe E36 (HasPartition answers Success with value)"))
    if reply.value is not expected:
        raise Deviation("HasPartition", f"HasPartition disagrees: {why}", str(expected), str(reply.value),
                        milvus_pb2.HasPartitionRequest(collection_name=coll.name, partition_name=name))


def partitions(check, coll) -> list[str]:
    reply = coll.show_partitions()
    check(reply, Expected.success("probe E21 (ShowPartitions lists the collection's partitions)"))
    return list(reply.partition_names)


@pytest.mark.rpc("CreatePartition", "HasPartition", "ShowPartitions", "DropPartition")
def test_partition_lifecycle(coll, check):
    names = partitions(check, coll)
    if names != [L.DEFAULT_PARTITION_NAME]:
        raise Deviation("ShowPartitions", "a new collection has exactly the _default partition",
                        "['_default'] (common.DefaultPartitionName)", str(names), None)
    has_partition(check, coll, L.DEFAULT_PARTITION_NAME, True, "_default always exists (E36)")
    p = coll.partition("p1")
    check(p.create(), PART_CREATED)
    has_partition(check, coll, "p1", True, "the partition was just created")
    if "p1" not in partitions(check, coll):
        raise Deviation("ShowPartitions", "a created partition is not listed", "p1 listed", "absent", None)
    check(p.drop(), Expected.success("milvus src rootcoord drop_partition_task"))
    has_partition(check, coll, "p1", False, "the partition was dropped")
    if "p1" in partitions(check, coll):
        raise Deviation("ShowPartitions", "a dropped partition is still listed", "p1 absent", "listed", None)


@pytest.mark.rpc("CreatePartition")
def test_duplicate_partition_is_idempotent(coll, check):
    check(coll.partition("p1").create(), PART_CREATED)
    check(coll.partition("p1").create(), Expected.success("probe T02"))


@pytest.mark.rpc("CreatePartition", "DropPartition", "HasPartition", "ShowPartitions")
def test_partition_on_missing_collection(ledger, check):
    missing = Collection(ledger.name("missing"), ledger=ledger)
    check(missing.partition("p1").create(), COLLECTION_MISSING)
    check(missing.partition("p1").drop(), COLLECTION_MISSING)
    reply = missing.partition("p1").has()
    check(reply, COLLECTION_MISSING)
    if reply.value:
        raise Deviation("HasPartition", "HasPartition on a missing collection answers value=true", "false",
                        "true", None)
    check(missing.show_partitions(), Expected.error(errors.COLLECTION_NOT_FOUND,
                                                    "rootcoord show_partition_task: collection lookup → 100"))


@pytest.mark.rpc("DropPartition")
def test_default_partition_undroppable(coll, check):
    check(coll.partition(L.DEFAULT_PARTITION_NAME).drop(),
          Expected.error(errors.UNEXPECTED, "probe T04 ('default partition cannot be deleted')"))


@pytest.mark.rpc("DropPartition")
def test_drop_missing_partition(coll, check):
    check(coll.partition("p_missing").drop(), Expected.success("probe T05"))


@pytest.mark.rpc("CreatePartition")
def test_digit_first_partition_name_accepted(coll, check):
    check(coll.partition("1p").create(), Expected.success("probe E31 ('1p' accepted)"))


@pytest.mark.rpc("CreatePartition", "HasPartition")
@given(data=st.data())
def test_valid_partition_names(shared_coll, ledger, check, data):
    coll = shared_coll
    name = data.draw(valid_names(ledger.token, "partition"), label="partition")
    check(coll.partition(name).create(), Expected.success("facts §3.2 partition name rules; probe T01"))
    has_partition(check, coll, name, True, "the partition was just created")
    check(coll.partition(name).drop(), Expected.success("rootcoord drop_partition_task"))


@pytest.mark.rpc("CreatePartition")
@given(data=st.data())
def test_invalid_partition_names(shared_coll, ledger, check, data):
    coll = shared_coll
    bad = data.draw(invalid_names(ledger.token, "partition"), label="partition")
    check(coll.partition(bad.name).create(), Expected.from_rule(bad.rule))


@pytest.mark.rpc("CreatePartition", "ShowPartitions", "DropPartition")
def test_partition_key_collection(ledger, check):
    name = ledger.name("c")
    coll = Collection(name, schema(name, partition_key=True), ledger=ledger)
    check(coll.create(), Expected.success("probe E19"))
    names = partitions(check, coll)
    want = [f"{L.DEFAULT_PARTITION_NAME}_{i}" for i in range(L.DEFAULT_PARTITIONS_WITH_PARTITION_KEY)]
    if sorted(names) != sorted(want):
        raise Deviation("ShowPartitions", "partition-key collection partitions",
                        "_default_0 .. _default_63 (probe E21)", f"{len(names)} partitions: {names[:3]}...", None)
    check(coll.partition("p1").create(),
          Expected.error(errors.UNEXPECTED, "probe E22 ('disable create partition if partition key mode is used')"))


@pytest.mark.rpc("GetPartitionStatistics")
def test_partition_statistics(coll, check):
    reply = coll.partition(L.DEFAULT_PARTITION_NAME).statistics()
    check(reply, Expected.success("milvus src proxy getPartitionStatisticsTask"))
    stats = {kv.key: kv.value for kv in reply.stats}
    if stats.get("row_count") != "0":
        raise Deviation("GetPartitionStatistics", "an empty partition reports row_count 0", "row_count='0'",
                        str(stats), None)
    check(coll.partition("p_missing").statistics(),
          Expected.error(errors.PARTITION_NOT_FOUND, "merr ErrPartitionNotFound (200) from the proxy's partition "
                         "ID lookup (globalMetaCache.GetPartitionID)"))
