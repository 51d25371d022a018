"""Delete removes exactly the matching rows (checked through Query and Search); Upsert replaces rows by
primary key and inserts new ones; error and not-found paths."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance.expectations import verify
from conformance.expectations.oracle import (
    check_mutation,
    check_query,
    check_search,
    grid_vector,
    request_of,
    standard_rows,
    standard_schema,
)
from conformance.orm import Collection

FIELDS = ["id", "n", "s", "f", "vec"]
UPSERTED = "Upsert/replaces-and-inserts"


@pytest.fixture(scope="module")
def data(loaded_collection):
    return loaded_collection(standard_schema, standard_rows(0, 60))


def read_back(check, coll, oracle) -> None:
    reply = coll.query("id >= -1000000", FIELDS)
    check(reply, "Query/accepts-valid-filter")
    check_query(reply, oracle.query("id >= -1000000"), oracle, request_of(coll, reply), output_fields=FIELDS)
    q = [grid_vector(4242, 4)]
    limit = 10
    reply = coll.search(q, limit=limit, metric_type="L2", output_fields=["s"])
    check(reply, "Search/accepts-valid-request")
    check_search(reply, oracle.search(q, "L2", limit), oracle, request_of(coll, reply), queries=q, metric="L2",
                 limit=limit, output_fields=["s"])


deletions = st.one_of(
    st.lists(st.integers(0, 59), min_size=1, max_size=4, unique=True).map(lambda ks: f"id in {ks}"),
    st.integers(0, 6).map(lambda k: f"n == {k}"),
    st.integers(0, 4).map(lambda k: f's == "s{k}"'),
)


@pytest.mark.rpc("Delete", "Query", "Search")
@given(expr=deletions)
def test_delete_removes_exactly_the_matching_rows(data, check, expr):
    coll, oracle = data
    reply = coll.delete(expr)
    check(reply, oracle.delete_check(expr))
    gone = oracle.delete(expr)
    if expr.startswith("id in"):
        keys = len(eval(expr[6:]))  # noqa: S307
        verify("Delete/result/delete-count", reply.delete_cnt in (len(gone), keys),
               expected=f"{len(gone)} (rows removed) or {keys} (keys sent)", actual=str(reply.delete_cnt),
               request=request_of(coll, reply))
    read_back(check, coll, oracle)


@pytest.mark.rpc("Upsert", "Query", "Search")
@given(start=st.integers(40, 80), count=st.integers(1, 8), seed=st.integers(0, 1000))
def test_upsert_replaces_and_inserts(data, check, start, count, seed):
    coll, oracle = data
    rows = standard_rows(start, count)
    for row in rows:
        row["s"] = f"u{seed}"
        row["vec"] = grid_vector(seed * 100 + row["id"], 4)
    reply = coll.upsert(rows)
    check(reply, UPSERTED)
    check_mutation("Upsert", reply, request_of(coll, reply), expected_count=count, count_field="upsert_cnt",
                   expected_ids=[r["id"] for r in rows])
    oracle.upsert(rows)
    read_back(check, coll, oracle)


@pytest.mark.rpc("Delete")
def test_delete_bad_expression(data, check):
    coll, _ = data
    check(coll.delete("id >>> 1"), "Delete/invalid-filter")


@pytest.mark.rpc("Delete", "Upsert")
def test_mutations_on_missing_collection(ledger, check):
    missing = Collection(ledger.name("missing"), standard_schema("x"), ledger=ledger)
    check(missing.delete("id in [1]"), "Delete/missing-collection")
    check(missing.upsert(standard_rows(0, 2)), "Upsert/missing-collection")


@pytest.mark.rpc("Delete")
def test_delete_missing_partition(data, check):
    coll, _ = data
    check(coll.delete("id in [1]", partition_name="p_missing"), "Delete/missing-partition")
