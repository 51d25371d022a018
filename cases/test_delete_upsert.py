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
    ids_of,
    request_of,
    short,
    standard_rows,
    standard_schema,
)
from conformance.model.rules.dml import FIELD_OPS_SINCE
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
    listed = ids_of(reply.IDs)
    verify("Delete/result/no-ids", not listed, expected="no IDs", actual=f"{len(listed)} IDs: {short(listed)}",
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


# ---- partial update and the key column ---------------------------------------------------------------------

def _upsert(coll, fields, num_rows: int, *, partial: bool):
    from conformance.protocol import milvus_pb2

    return coll._call("Upsert", milvus_pb2.UpsertRequest(
        db_name=coll.db_name, collection_name=coll.name, fields_data=fields, num_rows=num_rows,
        partial_update=partial))


def _columns(coll, names, rows):
    from conformance.model import data as d

    by_name = {f.name: f for f in coll.schema.fields}
    return [d.column_for_field(by_name[n], [r[n] for r in rows]) for n in names]


@pytest.fixture(scope="module")
def partial(loaded_collection):
    return loaded_collection(standard_schema, standard_rows(0, 10))


@pytest.mark.rpc("Upsert", "Query")
@pytest.mark.requires(since="2.6.0")
def test_partial_update_merges_columns(partial, check):
    """partial_update=True with only the key and ``s`` for stored keys: accepted (delete_cnt = keys found); a
    query returns the new ``s`` and every other field as stored."""
    coll, oracle = partial
    rows = [{"id": 2, "s": "p2"}, {"id": 5, "s": "p5"}]
    reply = _upsert(coll, _columns(coll, ["id", "s"], rows), 2, partial=True)
    check(reply, "Upsert/partial/merges")
    verify("Upsert/partial/delete-count", reply.delete_cnt == 2, expected="2 (both keys existed)",
           actual=str(reply.delete_cnt), request=request_of(coll, reply))
    merged = []
    for row in rows:
        stored = dict(oracle.rows[row["id"]].row)
        stored.update(row)
        merged.append(stored)
    oracle.upsert(merged)
    expr = "id in [2, 5]"
    reply = coll.query(expr, FIELDS)
    check(reply, "Query/accepts-valid-filter")
    want = oracle.query(expr)
    from conformance.expectations.oracle import rows_of, same_value

    got = {r["id"]: r for r in rows_of(reply.fields_data, coll.schema)}
    types = {f.name: f.data_type for f in coll.schema.fields}
    bad = [(k, f) for k in want for f in FIELDS
           if k not in got or not same_value(types[f], want[k][f], got[k].get(f))]
    verify("Upsert/partial/keeps-other-fields", not bad, expected="s replaced, n/f/vec as stored",
           actual=f"differences at {bad}" if bad else "as expected", request=request_of(coll, reply))


@pytest.mark.rpc("Upsert")
@pytest.mark.requires(since="2.6.0")
def test_partial_update_of_a_new_key_needs_every_field(partial, check):
    """One stored key and one new key, only the key and ``s`` sent → Upsert/partial/new-row-incomplete; nothing
    is written."""
    coll, _ = partial
    rows = [{"id": 3, "s": "q3"}, {"id": 4242, "s": "q"}]
    check(_upsert(coll, _columns(coll, ["id", "s"], rows), 2, partial=True), "Upsert/partial/new-row-incomplete")


@pytest.mark.rpc("Upsert")
@pytest.mark.requires(since="2.6.0")
def test_partial_update_of_no_stored_key(partial, check):
    coll, _ = partial
    rows = [{"id": 5000, "s": "q"}]
    check(_upsert(coll, _columns(coll, ["id", "s"], rows), 1, partial=True), "Upsert/partial/no-existing-row")


@pytest.mark.rpc("Upsert")
def test_upsert_without_key_column(partial, check):
    """An Upsert without the primary-key column → Upsert/missing-primary-key (1100; before 2.6.8 the missing
    column check answered it, also 1100)."""
    coll, _ = partial
    rows = standard_rows(0, 2)
    check(_upsert(coll, _columns(coll, ["n", "s", "f", "vec"], rows), 2, partial=False),
          "Upsert/missing-primary-key")


# ---- field_ops: ARRAY_APPEND / ARRAY_REMOVE --------------------------------------------------------------------

def _tags_schema(name):
    from conformance.expectations.oracle import standard_schema
    from conformance.protocol import common_pb2, schema_pb2

    s = standard_schema(name)
    s.fields.append(schema_pb2.FieldSchema(
        name="tags", data_type=schema_pb2.DataType.Array, element_type=schema_pb2.DataType.Int64,
        type_params=[common_pb2.KeyValuePair(key="max_capacity", value="8")]))
    return s


TAGS = {0: [1, 2], 1: [3], 2: [1, 2, 1, 4], 3: [], 4: [5]}


@pytest.fixture(scope="module")
def tagged(loaded_collection):
    return loaded_collection(_tags_schema, [{**r, "tags": TAGS[r["id"]]} for r in standard_rows(0, 5)])


def _ops_upsert(coll, payload, ops, names=("id", "tags")):
    """An Upsert of ``payload`` ({key: tags}) carrying ``ops`` [(field, op)], partial_update set as the SDKs
    set it with an array op."""
    from conformance.protocol import milvus_pb2, schema_pb2

    rows = [{"id": k, "tags": v} for k, v in payload.items()]
    return coll._call("Upsert", milvus_pb2.UpsertRequest(
        db_name=coll.db_name, collection_name=coll.name, fields_data=_columns(coll, list(names), rows),
        num_rows=len(rows), partial_update=True,
        field_ops=[schema_pb2.FieldPartialUpdateOp(field_name=n, op=o) for n, o in ops]))


@pytest.mark.rpc("Upsert", "Query")
@pytest.mark.requires(since=FIELD_OPS_SINCE)
def test_upsert_array_append_and_remove(tagged, check):
    """ARRAY_APPEND keeps the stored elements and adds the payload's; ARRAY_REMOVE drops every stored element
    equal to one of the payload's; the other fields keep their stored values."""
    from conformance.expectations.oracle import rows_of
    from conformance.protocol import schema_pb2

    op = schema_pb2.FieldPartialUpdateOp
    coll, oracle = tagged
    check(_ops_upsert(coll, {0: [9, 1], 1: [3]}, [("tags", op.ARRAY_APPEND)]), "Upsert/field-ops/array-ops")
    check(_ops_upsert(coll, {2: [1, 7]}, [("tags", op.ARRAY_REMOVE)]), "Upsert/field-ops/array-ops")
    want = {0: [1, 2, 9, 1], 1: [3, 3], 2: [2, 4], 4: [5]}  # (3: the refusal cases' key)
    reply = coll.query("id in [0, 1, 2, 4]", ["id", "tags", "n", "s"])
    check(reply, "Query/accepts-valid-filter")
    got = {r["id"]: r for r in rows_of(reply.fields_data, coll.schema)}
    bad = [k for k in want if k not in got or list(got[k].get("tags") or []) != want[k]
           or got[k].get("n") != oracle.rows[k].row["n"] or got[k].get("s") != oracle.rows[k].row["s"]]
    verify("Upsert/result/field-ops-merged", not bad, expected=str(want),
           actual=str({k: (list(r.get("tags") or []), r.get("n"), r.get("s")) for k, r in sorted(got.items())}),
           request=request_of(coll, reply))


FIELD_OP_REFUSALS = [("primary-key", [("id", 1)], ("id", "tags")), ("non-array-field", [("n", 1)], ("id", "tags")),
                     ("unknown-field", [("zz", 2)], ("id", "tags")),
                     ("field-named-twice", [("tags", 1), ("tags", 2)], ("id", "tags")),
                     ("not-in-fields-data", [("tags", 1)], ("id",))]


@pytest.mark.rpc("Upsert")
@pytest.mark.requires(since=FIELD_OPS_SINCE)
@pytest.mark.parametrize("ops,names", [r[1:] for r in FIELD_OP_REFUSALS], ids=[r[0] for r in FIELD_OP_REFUSALS])
def test_upsert_field_op_refused(tagged, check, ops, names):
    check(_ops_upsert(tagged[0], {3: [1]}, ops, names), "Upsert/field-ops/invalid")


@pytest.mark.rpc("Upsert")
@pytest.mark.requires(since=FIELD_OPS_SINCE)
def test_upsert_field_op_without_a_field_name(tagged, check):
    check(_ops_upsert(tagged[0], {3: [1]}, [("", 1)]), "Upsert/field-ops/missing-field-name")


# ---- an iterator session and later deletes ---------------------------------------------------------------------

@pytest.mark.rpc("Query", "Delete", "Upsert")
@pytest.mark.requires(since="2.4.0")
def test_query_iterator_session_ignores_later_deletes(loaded_collection, check):
    """A query iterator's later pages read at its session timestamp: keys deleted after the session began are still
    returned, and a key upserted after it keeps its old value."""
    from conformance.orm import kv_pairs
    from conformance.protocol import common_pb2, milvus_pb2

    strong = common_pb2.ConsistencyLevel.Strong
    coll, oracle = loaded_collection(standard_schema, standard_rows(0, 20))
    first = coll.query("id >= 0", ["n"], limit=5, consistency_level=strong,
                       params={"iterator": "True", "reduce_stop_for_best": "True"})
    check(first, "Query/accepts-valid-filter")
    session = first.session_ts
    check(coll.delete("id in [10, 11]"), "Delete/by-primary-keys")
    changed = {**standard_rows(12, 1)[0], "n": 999}
    check(coll.upsert([changed]), UPSERTED)
    seen, values, last = [], {}, -1
    for _ in range(10):
        page = coll.conn.call("Query", milvus_pb2.QueryRequest(
            db_name=coll.db_name, collection_name=coll.name, expr=f"id > {last}", output_fields=["n"],
            query_params=kv_pairs({"iterator": "True", "reduce_stop_for_best": "True", "limit": 7}),
            guarantee_timestamp=session, consistency_level=strong))
        check(page, "Query/accepts-valid-filter")
        cols = {f.field_name: f for f in page.fields_data}
        keys = list(cols["id"].scalars.long_data.data) if "id" in cols else []
        if not keys:
            break
        values.update(zip(keys, cols["n"].scalars.long_data.data, strict=False))
        seen.extend(keys)
        last = keys[-1]
    want_n = oracle.rows[12].row["n"]
    verify("Query/iterator/session-ignores-later-deletes", seen == list(range(20)) and values.get(12) == want_n,
           expected=f"keys 0..19 (10 and 11 deleted after the session), key 12 with n={want_n}",
           actual=f"keys {seen}, key 12 n={values.get(12)}")
