"""Partitions: create/has/show/drop, idempotency, `_default`, missing collections, names, partition-key mode."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.expectations import verify
from conformance.model import limits as L
from conformance.orm import Collection
from conformance.protocol import milvus_pb2, schema_pb2
from conformance.strategies import invalid_name, make_field, valid_names, violations_of
from conformance.strategies.schemas import DT

CREATED = "CreateCollection/accepts-valid-schema"
PART_CREATED = "CreatePartition/creates"
COLLECTION_MISSING = "Partitions/missing-collection"


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


def has_partition(check, coll, name: str, expected: bool, why: str) -> None:
    reply = coll.partition(name).has()
    check(reply, "HasPartition/answers")
    verify("HasPartition/reports-existence", reply.value is expected, expected=f"{expected} ({why})",
           actual=str(reply.value),
           request=milvus_pb2.HasPartitionRequest(collection_name=coll.name, partition_name=name))


def partitions(check, coll) -> list[str]:
    reply = coll.show_partitions()
    check(reply, "ShowPartitions/answers")
    return list(reply.partition_names)


def listed(check, coll, name: str, present: bool, why: str) -> None:
    names = partitions(check, coll)
    verify("ShowPartitions/lists-existing", (name in names) is present,
           expected=f"{name} {'listed' if present else 'absent'} ({why})", actual=str(names))


@pytest.mark.rpc("CreatePartition", "HasPartition", "ShowPartitions", "DropPartition")
def test_partition_lifecycle(coll, check):
    names = partitions(check, coll)
    verify("ShowPartitions/lists-existing", names == [L.DEFAULT_PARTITION_NAME],
           expected="a new collection has exactly ['_default']", actual=str(names))
    has_partition(check, coll, L.DEFAULT_PARTITION_NAME, True, "_default always exists")
    p = coll.partition("p1")
    check(p.create(), PART_CREATED)
    has_partition(check, coll, "p1", True, "the partition was just created")
    listed(check, coll, "p1", True, "just created")
    check(p.drop(), "DropPartition/drops")
    has_partition(check, coll, "p1", False, "the partition was dropped")
    listed(check, coll, "p1", False, "dropped")


@pytest.mark.rpc("CreatePartition")
def test_duplicate_partition_is_idempotent(coll, check):
    check(coll.partition("p1").create(), PART_CREATED)
    check(coll.partition("p1").create(), "CreatePartition/duplicate")


@pytest.mark.rpc("CreatePartition", "DropPartition", "HasPartition", "ShowPartitions")
def test_partition_on_missing_collection(ledger, check):
    missing = Collection(ledger.name("missing"), ledger=ledger)
    check(missing.partition("p1").create(), COLLECTION_MISSING)
    check(missing.partition("p1").drop(), COLLECTION_MISSING)
    reply = missing.partition("p1").has()
    check(reply, COLLECTION_MISSING)
    verify("HasPartition/reports-existence", not reply.value, expected="value false (missing collection)",
           actual=str(reply.value), rpc="HasPartition")
    check(missing.show_partitions(), COLLECTION_MISSING)


@pytest.mark.rpc("DropPartition")
def test_default_partition_undroppable(coll, check):
    check(coll.partition(L.DEFAULT_PARTITION_NAME).drop(), "DropPartition/default-partition")


@pytest.mark.rpc("DropPartition")
def test_drop_missing_partition(coll, check):
    check(coll.partition("p_missing").drop(), "DropPartition/missing-partition")


@pytest.mark.rpc("CreatePartition")
def test_digit_first_partition_name_accepted(coll, check):
    check(coll.partition("1p").create(), PART_CREATED)


@pytest.mark.rpc("CreatePartition", "HasPartition")
@given(data=st.data())
def test_valid_partition_names(ledger, check, data):
    """Each example gets its own collection, so a failure's minimal example (and replay) is that example's."""
    coll = _created(ledger, check)
    name = data.draw(valid_names(ledger.token, "partition"), label="partition")
    check(coll.partition(name).create(), PART_CREATED)
    has_partition(check, coll, name, True, "the partition was just created")
    check(coll.partition(name).drop(), "DropPartition/drops")


@pytest.mark.rpc("CreatePartition")
@pytest.mark.parametrize("violation", violations_of("partition"))
@settings(max_examples=4)
@given(data=st.data())
def test_invalid_partition_names(ledger, check, violation, data):
    """Each partition name rule sent: Names/partition/<violation>."""
    coll = _created(ledger, check)
    bad = data.draw(invalid_name(ledger.token, "partition", violation), label="partition")
    check(coll.partition(bad.name).create(), bad.rule)


@pytest.mark.rpc("CreatePartition", "ShowPartitions", "DropPartition")
def test_partition_key_collection(ledger, check, server):
    name = ledger.name("c")
    coll = Collection(name, schema(name, partition_key=True), ledger=ledger)
    check(coll.create(), CREATED)
    names = partitions(check, coll)
    n = (L.DEFAULT_PARTITIONS_WITH_PARTITION_KEY_BEFORE_2_4_3 if server.older_than("2.4.3")
         else L.DEFAULT_PARTITIONS_WITH_PARTITION_KEY)
    want = [f"{L.DEFAULT_PARTITION_NAME}_{i}" for i in range(n)]
    verify("DescribeCollection/partition-key-default-partitions", sorted(names) == sorted(want),
           expected=f"_default_0 .. _default_{n - 1}", actual=f"{len(names)} partitions: {names[:3]}...",
           rpc="ShowPartitions")
    check(coll.partition("p1").create(), "CreatePartition/partition-key-collection")


@pytest.mark.rpc("GetPartitionStatistics")
def test_partition_statistics(coll, check):
    reply = coll.partition(L.DEFAULT_PARTITION_NAME).statistics()
    check(reply, "GetPartitionStatistics/answers")
    stats = {kv.key: kv.value for kv in reply.stats}
    verify("GetPartitionStatistics/row-count", stats.get("row_count") == "0", expected="row_count='0'",
           actual=str(stats))
    check(coll.partition("p_missing").statistics(), "GetPartitionStatistics/missing-partition")
