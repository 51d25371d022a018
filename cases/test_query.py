"""Query: filters and primary-key lookups return exactly the rows written (compared field by field through the
oracle), limits, partition scoping, and the error paths (bad expression, unknown output field, missing
collection or partition, collection not loaded)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance.expectations import verify
from conformance.expectations.oracle import (
    CREATED,
    INDEXED,
    INSERTED,
    LOADED,
    Oracle,
    await_loaded,
    check_query,
    ids_of,
    index_params,
    prepare,
    request_of,
    standard_rows,
    standard_schema,
)
from conformance.model import errors
from conformance.model import limits as L
from conformance.model.expr import CURRENT, MILVUS_2_3, compile_expr
from conformance.orm import Collection

QUERY_OK = "Query/accepts-valid-filter"
N_ROWS = 40
FIELDS = ["id", "n", "s", "f", "vec"]


@pytest.fixture(scope="module")
def data(loaded_collection):
    return loaded_collection(standard_schema, standard_rows(0, N_ROWS))


def portable(expr: str, schema) -> bool:
    """Valid in both the Milvus 2.3 and the current dialect (so the same case runs everywhere)."""
    for dialect in (MILVUS_2_3, CURRENT):
        try:
            compile_expr(expr, schema, dialect=dialect)
        except errors.MilvusError:
            return False
    return True


_atoms = st.one_of(
    st.builds(lambda op, k: f"n {op} {k}", st.sampled_from(["==", "!=", "<", "<=", ">", ">="]), st.integers(-1, 7)),
    st.builds(lambda op, k: f"id {op} {k}", st.sampled_from(["<", ">=", "=="]), st.integers(-2, N_ROWS + 2)),
    st.builds(lambda k: f's == "s{k}"', st.integers(0, 5)),
    st.builds(lambda ks: f"s in [{', '.join(chr(34) + 's' + str(k) + chr(34) for k in ks)}]",
              st.lists(st.integers(0, 5), min_size=1, max_size=3)),
    st.builds(lambda x: f"f >= {x}", st.sampled_from([0.0, 0.5, 1.25, 2.0, 4.875])),
    st.builds(lambda ks: f"id in {ks}", st.lists(st.integers(-1, N_ROWS + 1), min_size=1, max_size=5)),
    st.builds(lambda ks: f"id not in {ks}", st.lists(st.integers(0, N_ROWS), min_size=1, max_size=5)),
)
filters = st.recursive(_atoms, lambda inner: st.builds(lambda a, op, b: f"({a}) {op} ({b})", inner,
                                                       st.sampled_from(["and", "or"]), inner), max_leaves=3)


@pytest.mark.rpc("Query")
@given(expr=filters, fields=st.lists(st.sampled_from(FIELDS), unique=True, max_size=5))
def test_query_filter_matches_oracle(data, check, expr, fields):
    coll, oracle = data
    if not portable(expr, coll.schema):
        return
    reply = coll.query(expr, fields)
    check(reply, QUERY_OK)
    check_query(reply, oracle.query(expr), oracle, request_of(coll, reply), output_fields=fields)


@pytest.mark.rpc("Query")
@given(keys=st.lists(st.integers(-3, N_ROWS + 3), min_size=1, max_size=8, unique=True))
def test_get_by_primary_key_returns_what_was_written(data, check, keys):
    """``id in [...]`` returns exactly the written rows, every field bit-exact (Float as float32, vectors)."""
    coll, oracle = data
    expr = f"id in {keys}"
    reply = coll.query(expr, FIELDS)
    check(reply, QUERY_OK)
    check_query(reply, oracle.query(expr), oracle, request_of(coll, reply), output_fields=FIELDS)


@pytest.mark.rpc("Query")
@given(limit=st.integers(1, N_ROWS + 5))
def test_query_limit(data, check, limit):
    """An empty filter needs a limit and returns ``min(limit, rows)`` live rows (verified on Milvus 2.3.5)."""
    coll, oracle = data
    reply = coll.query("", ["id"], limit=limit)
    check(reply, QUERY_OK)
    everything = oracle.query("")
    got = {r for fd in reply.fields_data if fd.field_name == "id" for r in fd.scalars.long_data.data}
    verify("Query/result/limit", len(got) == min(limit, len(everything)) and got <= set(everything),
           expected=f"{min(limit, len(everything))} of the {len(everything)} rows",
           actual=f"{len(got)} ids: {sorted(got)[:10]}", request=request_of(coll, reply))


@pytest.mark.rpc("Query")
def test_query_bad_expression(data, check):
    coll, _ = data
    check(coll.query("id >>> 1", ["id"]), "Query/invalid-filter")


@pytest.mark.rpc("Query")
def test_query_unknown_output_field(data, check):
    coll, _ = data
    check(coll.query("id > 0", ["no_such_field"]), "Query/unknown-output-field")


@pytest.mark.rpc("Query")
def test_query_missing_collection(ledger, check):
    missing = Collection(ledger.name("missing"), ledger=ledger)
    check(missing.query("id > 0", ["id"]), "Query/missing-collection")


@pytest.mark.rpc("Query")
def test_query_missing_partition(data, check):
    coll, _ = data
    check(coll.query("id > 0", ["id"], partition_names=["p_missing"]), "Query/missing-partition")


@pytest.mark.rpc("Query", "Insert", "CreatePartition")
def test_query_partition_scoping(ledger, check):
    """Rows inserted into a partition are seen through that partition only."""
    name = ledger.name("c")
    coll = Collection(name, standard_schema(name), ledger=ledger)
    check(coll.create(), CREATED)
    check(coll.partition("p1").create(), "CreatePartition/creates")
    oracle = Oracle(coll.schema)
    a, b = standard_rows(0, 6), standard_rows(6, 5)
    reply = coll.insert(a)
    check(reply, INSERTED)
    oracle.insert(a, ids_of(reply.IDs))
    reply = coll.partition("p1").insert(b)
    check(reply, INSERTED)
    oracle.insert(b, ids_of(reply.IDs), partition="p1")
    check(coll.index("vec", index_params(coll.schema.fields[-1])).create(), INDEXED)
    check(coll.load(), LOADED)
    await_loaded(coll)
    for parts in (["p1"], ["_default"], ["_default", "p1"]):
        reply = coll.query("id >= 0", FIELDS, partition_names=parts)
        check(reply, QUERY_OK)
        check_query(reply, oracle.query("id >= 0", parts), oracle, request_of(coll, reply), output_fields=FIELDS)


@pytest.mark.rpc("Query")
def test_query_not_loaded(ledger, check):
    name = ledger.name("c")
    coll = Collection(name, standard_schema(name), ledger=ledger)
    prepare(check, coll, standard_rows(0, 3), load=False)
    check(coll.query("id > 0", ["id"]), "Query/not-loaded")


@pytest.mark.rpc("Query")
def test_query_empty_filter_needs_a_limit(data, check):
    coll, _ = data
    check(coll.query("", ["id"]), "Query/empty-filter-needs-limit")


@pytest.mark.rpc("Query")
@pytest.mark.parametrize("limit,offset", [(L.MAX_QUERY_RESULT_WINDOW + 1, None), (10, L.MAX_QUERY_RESULT_WINDOW - 5)],
                         ids=["limit", "offset-plus-limit"])
def test_query_window_out_of_range(data, check, limit, offset):
    """offset + limit must stay within quotaAndLimits.limits.maxQueryResultWindow (16384)."""
    coll, _ = data
    check(coll.query("id >= 0", ["id"], limit=limit, offset=offset), "Query/window-out-of-range")
