"""Filter expressions generated from the schema (``conformance.strategies.expressions``) against a collection of
every filterable scalar kind: Query returns exactly the rows the reference model matches, Search hits only
matching rows (the exact filtered top-k), Delete removes exactly the matching rows, and invalid expressions
(syntax, unknown field, type error) are rejected by Query and Delete (Query/invalid-filter, Delete/invalid-filter).
The expressions are drawn in the target's dialect (``oracle.dialect``: what the server's parser accepts)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance.expectations.oracle import (
    INSERTED,
    check_query,
    check_search,
    grid_vector,
    request_of,
)
from conformance.protocol import schema_pb2
from conformance.strategies.expressions import FLOATS, INTS, STRINGS, invalid_exprs, valid_exprs
from conformance.strategies.schemas import make_field

DT = schema_pb2.DataType
DIM = 4
N_ROWS = 40
FIELDS = ["id", "i64", "i32", "d", "b", "s", "j", "a"]
QUERY_OK = "Query/accepts-valid-filter"
SEARCH_OK = "Search/accepts-valid-request"


def filter_schema(name: str) -> schema_pb2.CollectionSchema:
    return schema_pb2.CollectionSchema(name=name, fields=[
        make_field("id", DT.Int64, primary=True), make_field("i64", DT.Int64), make_field("i32", DT.Int32),
        make_field("d", DT.Double), make_field("b", DT.Bool), make_field("s", DT.VarChar, max_length=16),
        make_field("j", DT.JSON), make_field("a", DT.Array, element_type=DT.Int64, max_capacity=4),
        make_field("vec", DT.FloatVector, dim=DIM)])


def json_value(i: int) -> dict:
    """Objects only (Milvus 2.3.5 rejects non-object JSON); keys x / t / f present, missing, null or of another
    kind than usual so comparisons meet every JSON coercion rule of the model."""
    k = i % 6
    if k == 0:
        return {}
    if k == 1:
        return {"x": INTS[i % len(INTS)], "t": STRINGS[i % len(STRINGS)]}
    if k == 2:
        return {"x": FLOATS[i % len(FLOATS)], "f": i % 4 == 2}
    if k == 3:
        return {"x": str(i % 3), "t": STRINGS[(i + 2) % len(STRINGS)], "f": False}
    if k == 4:
        return {"x": None, "t": None}
    return {"x": True, "f": True, "t": "ab"}


def filter_rows(start: int = 0, count: int = N_ROWS) -> list[dict]:
    """Deterministic rows over the strategies' literal pools: negatives, zero, repeated values, missing JSON
    keys, empty arrays."""
    return [{"id": i, "i64": INTS[i % len(INTS)], "i32": INTS[(i * 3) % len(INTS)] * (1 if i % 4 else -1),
             "d": FLOATS[i % len(FLOATS)], "b": i % 3 == 0, "s": STRINGS[i % len(STRINGS)], "j": json_value(i),
             "a": [INTS[(i + k) % len(INTS)] for k in range(i % 5)], "vec": grid_vector(i, DIM)}
            for i in range(start, start + count)]


@pytest.fixture(scope="module")
def data(loaded_collection):
    return loaded_collection(filter_schema, filter_rows())


@pytest.fixture(scope="module")
def deletable(loaded_collection):
    coll, oracle = loaded_collection(filter_schema, filter_rows())
    return coll, oracle, [N_ROWS]


@pytest.mark.rpc("Query")
@given(draw=st.data(), fields=st.lists(st.sampled_from(FIELDS), unique=True, max_size=4))
def test_query_generated_filter_matches_oracle(data, check, draw, fields):
    coll, oracle = data
    expr = draw.draw(valid_exprs(coll.schema, oracle.dialect), label="expr")
    reply = coll.query(expr, fields)
    check(reply, QUERY_OK)
    check_query(reply, oracle.query(expr), oracle, request_of(coll, reply), output_fields=fields)


@pytest.mark.rpc("Search")
@given(draw=st.data(), seed=st.integers(1000, 10**6), limit=st.integers(1, 12))
def test_search_generated_filter_hits_only_matching_rows(data, check, draw, seed, limit):
    coll, oracle = data
    expr = draw.draw(valid_exprs(coll.schema, oracle.dialect, max_leaves=3), label="expr")
    vecs = [grid_vector(seed, DIM)]
    reply = coll.search(vecs, limit=limit, metric_type="L2", expr=expr, output_fields=["i64", "s"])
    check(reply, SEARCH_OK)
    check_search(reply, oracle.search(vecs, "L2", limit, expr=expr), oracle, request_of(coll, reply),
                 queries=vecs, metric="L2", limit=limit, output_fields=["i64", "s"])


@pytest.mark.rpc("Delete", "Query", "Insert")
@given(draw=st.data())
def test_delete_generated_filter_removes_exactly_the_oracle_rows(deletable, check, draw):
    """Delete by a generated filter, then Query everything: exactly the oracle's survivors remain. The removed
    rows come back under fresh primary keys so the value distribution stays the same for the next example."""
    coll, oracle, next_id = deletable
    expr = draw.draw(valid_exprs(coll.schema, oracle.dialect, max_leaves=3), label="expr")
    gone = [dict(oracle.rows[k].row) for k in oracle.matching(expr)]
    check(coll.delete(expr), oracle.delete_check(expr))
    oracle.delete(expr)
    everything = "id >= 0"
    reply = coll.query(everything, FIELDS)
    check(reply, QUERY_OK)
    check_query(reply, oracle.query(everything), oracle, request_of(coll, reply), output_fields=FIELDS)
    if gone:
        for row in gone:
            row["id"] = next_id[0]
            next_id[0] += 1
        reply = coll.insert(gone)
        check(reply, INSERTED)
        oracle.insert(gone)


@pytest.mark.rpc("Query")
@given(draw=st.data())
def test_query_invalid_filter_rejected(data, check, draw):
    coll, oracle = data
    inv = draw.draw(invalid_exprs(coll.schema, oracle.dialect), label="invalid")
    check(coll.query(inv.text, ["id"]), "Query/invalid-filter")


@pytest.mark.rpc("Delete")
@given(draw=st.data())
def test_delete_invalid_filter_rejected(deletable, check, draw):
    """A rejected Delete removes nothing (checked through Query)."""
    coll, oracle, _ = deletable
    inv = draw.draw(invalid_exprs(coll.schema, oracle.dialect), label="invalid")
    check(coll.delete(inv.text), "Delete/invalid-filter")
    reply = coll.query("id >= 0", ["id"])
    check(reply, QUERY_OK)
    check_query(reply, oracle.query("id >= 0"), oracle, request_of(coll, reply))

