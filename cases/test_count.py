"""count(*): ``Query`` with ``output_fields=["count(*)"]`` answers one Int64 column holding the number of stored rows
matching the filter in the partitions asked, held to the client-side oracle after inserts, deletes, upserts and
a primary key inserted twice (counted twice: count(*) does not deduplicate); with a limit it is refused, on a
released collection it needs the load like any query."""

from __future__ import annotations

import pytest

from conformance.expectations import verify
from conformance.expectations.oracle import (
    INSERTED,
    LOADED,
    await_loaded,
    check_mutation,
    dialect_for,
    prepare,
    request_of,
    standard_rows,
    standard_schema,
)
from conformance.orm import Collection

COUNT = "count(*)"
OK = "Query/count/accepted"


def count_of(reply) -> int | None:
    """The count a reply carries (None when it is not one Int64 column named count(*) with one value)."""
    cols = [c for c in reply.fields_data if c.field_name == COUNT]
    if len(cols) != 1 or len(cols[0].scalars.long_data.data) != 1:
        return None
    return int(cols[0].scalars.long_data.data[0])


@pytest.fixture(scope="module")
def counted(loaded_collection, check):
    """A loaded collection, ids 0..39, then id 7 inserted a second time (a duplicate key: ``extra`` counts the
    stored copies beyond the oracle's one per key)."""
    coll, oracle = loaded_collection(standard_schema, standard_rows(0, 40))
    reply = coll.insert(standard_rows(7, 1))
    check(reply, "Insert/duplicate-primary-keys")
    return coll, oracle, {7: 1}


@pytest.fixture(scope="module")
def parted(ledger, check, server):
    """ids 0..19 in _default and 100..109 in partition p1 (created before the load), loaded."""
    name = ledger.name("c")
    coll = Collection(name, standard_schema(name), ledger=ledger)
    oracle = prepare(check, coll, standard_rows(0, 20), load=False)
    oracle.dialect = dialect_for(server)
    check(coll.partition("p1").create(), "CreatePartition/creates")
    rows = standard_rows(100, 10)
    reply = coll.insert(rows, partition_name="p1")
    check(reply, INSERTED)
    oracle.insert(rows, partition="p1")
    check(coll.load(), LOADED)
    await_loaded(coll)
    return coll, oracle, {}


def expected(oracle, extra, expr: str, partitions=None) -> int:
    keys = oracle.matching(expr, partitions)
    return len(keys) + sum(n for k, n in extra.items() if k in keys)


def judge(check, coll, oracle, extra, expr: str, partitions=()):
    """count(*) of ``expr`` over ``partitions`` against the oracle: Query/count/duplicates-counted when a key
    inserted twice matches, Query/count/counts-matching otherwise."""
    reply = coll.query(expr, [COUNT], partition_names=list(partitions))
    check(reply, OK)
    want = expected(oracle, extra, expr, list(partitions) or None)
    dup = set(extra) & set(oracle.matching(expr, list(partitions) or None))
    check_id = "Query/count/duplicates-counted" if dup else "Query/count/counts-matching"
    got = count_of(reply)
    verify(check_id, got == want, expected=str(want), actual=str(got) if got is not None else
           f"no single count(*) value in {[c.field_name for c in reply.fields_data]}", request=request_of(coll, reply))


@pytest.mark.rpc("Query")
@pytest.mark.parametrize("expr", ["id != 7", "n == 3", 's in ["s1", "s3"]', "id < 0", "id > 7 and id < 30"],
                         ids=["not-the-key", "n-eq-3", "s-in", "none", "range"])
def test_count_matches_the_oracle(counted, check, expr):
    """count(*) with a filter = the stored rows matching (filters that leave out the key inserted twice)."""
    coll, oracle, extra = counted
    judge(check, coll, oracle, extra, expr)


@pytest.mark.rpc("Query")
@pytest.mark.parametrize("expr,partitions", [
    ("", ()), ("", ("p1",)), ("id > 104", ("p1",)), ("", ("_default",)), ("n < 4", ("_default", "p1"))],
    ids=["all", "p1", "p1-filtered", "default", "both-filtered"])
def test_count_in_partitions(parted, check, expr, partitions):
    """count(*) over the partitions named (all without names), with or without a filter."""
    coll, oracle, extra = parted
    judge(check, coll, oracle, extra, expr, partitions)


@pytest.mark.rpc("Query", "Insert")
@pytest.mark.parametrize("expr", ["id == 7", "", "n >= 0"], ids=["the-key", "empty", "all-rows"])
def test_duplicate_key_counted_twice(counted, check, expr):
    """Filters matching the key inserted twice: both copies count (count(*) does not deduplicate)."""
    coll, oracle, extra = counted
    judge(check, coll, oracle, extra, expr)


@pytest.mark.rpc("Query", "Delete", "Upsert")
def test_count_after_deletes_and_upserts(loaded_collection, check):
    """Deleted rows leave the count (both copies of a duplicated key), an upsert of stored keys keeps it, an upsert
    of new keys raises it."""
    coll, oracle = loaded_collection(standard_schema, standard_rows(0, 30))
    extra: dict = {}
    reply = coll.insert(standard_rows(3, 1))
    check(reply, "Insert/duplicate-primary-keys")
    extra[3] = 1
    judge(check, coll, oracle, extra, "")
    reply = coll.delete("id in [1, 2, 3]")
    check(reply, "Delete/by-primary-keys")
    oracle.delete("id in [1, 2, 3]")
    extra.pop(3)
    judge(check, coll, oracle, extra, "")
    reply = coll.delete("n == 5")
    check(reply, "Delete/by-filter")
    oracle.delete("n == 5")
    judge(check, coll, oracle, extra, "")
    rows = standard_rows(20, 4) + standard_rows(200, 3)
    reply = coll.upsert(rows)
    check(reply, "Upsert/replaces-and-inserts")
    check_mutation("Upsert", reply, request_of(coll, reply), expected_count=len(rows), count_field="upsert_cnt",
                   expected_ids=[r["id"] for r in rows])
    oracle.upsert(rows)
    judge(check, coll, oracle, extra, "")
    judge(check, coll, oracle, extra, "id >= 100")


@pytest.mark.rpc("Query")
@pytest.mark.requires(since="2.5.0")
@pytest.mark.parametrize("params", [{"limit": 5}, {"limit": 5, "offset": 2}], ids=["limit", "limit-offset"])
def test_count_with_pagination_refused(counted, check, params):
    coll, _, _ = counted
    check(coll.query("", [COUNT], limit=params["limit"], offset=params.get("offset")), "Query/count/with-pagination")


@pytest.mark.rpc("Query")
def test_count_missing_partition(parted, check):
    coll, _, _ = parted
    check(coll.query("", [COUNT], partition_names=["p_missing"]), "Query/missing-partition")


@pytest.mark.rpc("Query")
def test_count_on_a_released_collection(ledger, check):
    """A collection never loaded: count(*) needs the load like any query (Query/not-loaded)."""
    name = ledger.name("c")
    coll = Collection(name, standard_schema(name), ledger=ledger)
    check(coll.create(), "CreateCollection/accepts-valid-schema")
    check(coll.insert(standard_rows(0, 3)), INSERTED)
    check(coll.query("", [COUNT]), "Query/not-loaded")


@pytest.mark.rpc("Query")
@pytest.mark.parametrize("outputs", [[COUNT, "n"], ["s", COUNT]], ids=["count-then-field", "field-then-count"])
def test_count_with_a_plain_field_refused(counted, check, outputs):
    """count(*) next to a plain field without group by: the aggregation has no column for the field (65535)."""
    coll, _, _ = counted
    check(coll.query("id >= 0", outputs), "Query/count/with-other-fields")
