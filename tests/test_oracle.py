"""The oracle: what it records, the answers it computes, and that its comparisons catch each kind of error."""

from __future__ import annotations

import numpy as np
import pytest

from conformance.expectations import Deviation
from conformance.expectations.oracle import (
    Oracle,
    check_mutation,
    check_query,
    check_search,
    same_value,
    standard_rows,
    standard_schema,
)
from conformance.model import data as d
from conformance.model.vectors import Hit
from conformance.protocol import milvus_pb2, schema_pb2

DT = schema_pb2.DataType


@pytest.fixture
def oracle():
    o = Oracle(standard_schema("t"))
    o.insert(standard_rows(0, 10))
    return o


def query_reply(o, keys, fields=("id", "s", "vec")):
    rows = [o.rows[k].row for k in keys]
    schema = schema_pb2.CollectionSchema(name="t", fields=[f for f in o.schema.fields if f.name in fields])
    return milvus_pb2.QueryResults(fields_data=d.rows_to_fields_data(schema, rows))


def search_reply(hits, o=None, fields=()):
    r = milvus_pb2.SearchResults()
    r.results.num_queries = len(hits)
    r.results.topks.extend(len(h) for h in hits)
    r.results.ids.int_id.data.extend(x.id for q in hits for x in q)
    r.results.scores.extend(x.score for q in hits for x in q)
    return r


def test_delete_and_upsert(oracle):
    assert oracle.delete("n == 1") == [1, 8]
    oracle.upsert([standard_rows(3, 1)[0] | {"s": "new"}])
    assert oracle.query("id == 3")[3]["s"] == "new"
    assert oracle.count() == 8


def test_duplicates_are_ambiguous(oracle):
    oracle.insert(standard_rows(2, 1))
    assert 2 in oracle.ambiguous


def test_query_comparison(oracle):
    want = oracle.query("n > 3")
    check_query(query_reply(oracle, sorted(want)), want, oracle, None, output_fields=["s", "vec"])
    with pytest.raises(Deviation, match="Query/result/no-missing-rows"):
        check_query(query_reply(oracle, sorted(want)[1:]), want, oracle, None, output_fields=["s"])
    with pytest.raises(Deviation, match="Query/result/no-extra-rows"):
        check_query(query_reply(oracle, [*want, 0]), want, oracle, None, output_fields=["s"])
    bad = query_reply(oracle, sorted(want))
    bad.fields_data[1].scalars.string_data.data[0] = "zz"
    with pytest.raises(Deviation, match="Query/result/values-as-written") as info:
        check_query(bad, want, oracle, None, output_fields=["s"])
    assert info.value.check_ids == ["Query/result/values-as-written"] and "field 's'" in str(info.value)


def test_search_comparison(oracle):
    q = [np.zeros(4, np.float32)]
    want = oracle.search(q, "L2", 3)
    check_search(search_reply(want), want, oracle, None, queries=q, metric="L2", limit=3)
    with pytest.raises(Deviation, match="Search/result/at-most-limit"):
        more = oracle.search(q, "L2", 4)
        check_search(search_reply(more), want, oracle, None, queries=q, metric="L2", limit=3)
    with pytest.raises(Deviation, match="Search/result/best-first"):
        check_search(search_reply([list(reversed(want[0]))]), want, oracle, None, queries=q, metric="L2", limit=3)
    with pytest.raises(Deviation, match="Search/result/true-scores"):
        wrong = [[Hit(h.id, h.score + 0.5) for h in want[0]]]
        check_search(search_reply(wrong), want, oracle, None, queries=q, metric="L2", limit=3)
    oracle.delete(f"id == {want[0][0].id}")
    with pytest.raises(Deviation, match="Search/result/live-rows"):
        check_search(search_reply(want), oracle.search(q, "L2", 3), oracle, None, queries=q, metric="L2", limit=3)


def test_mutation_comparison():
    r = milvus_pb2.MutationResult(insert_cnt=3, succ_index=[0, 1, 2])
    r.IDs.int_id.data.extend([5, 6, 7])
    assert check_mutation("Insert", r, None, expected_count=3, count_field="insert_cnt", expected_ids=[5, 6, 7])
    with pytest.raises(Deviation, match="Insert/result/one-id-per-row"):
        check_mutation("Insert", r, None, expected_count=4, count_field="insert_cnt")
    with pytest.raises(Deviation, match="Insert/result/ids-echo-primary-keys"):
        check_mutation("Insert", r, None, expected_count=3, count_field="insert_cnt", expected_ids=[5, 7, 6])
    with pytest.raises(Deviation, match="Upsert/result/succ-index"):
        check_mutation("Upsert", milvus_pb2.MutationResult(upsert_cnt=3, succ_index=[0, 1], IDs=r.IDs), None,
                       expected_count=3, count_field="upsert_cnt")
    r.insert_cnt = 2
    with pytest.raises(Deviation, match="Insert/result/count"):
        check_mutation("Insert", r, None, expected_count=3, count_field="insert_cnt")
    dup = milvus_pb2.MutationResult(insert_cnt=2, succ_index=[0, 1])
    dup.IDs.int_id.data.extend([9, 9])
    with pytest.raises(Deviation, match="Insert/result/auto-ids-unique"):
        check_mutation("Insert", dup, None, expected_count=2, count_field="insert_cnt", unique=True)


def test_same_value_types():
    assert same_value(DT.Float, 0.1, float(np.float32(0.1)))
    assert not same_value(DT.Double, 0.1, float(np.float32(0.1)))
    assert same_value(DT.FloatVector, [1.0, 2.0], np.asarray([1, 2], np.float32))
    assert same_value(DT.JSON, {"a": [1, 2]}, {"a": [1, 2]})
    assert same_value(DT.VarChar, None, None) and not same_value(DT.VarChar, None, "")


def test_search_over_prepared_vectors_follows_every_write(monkeypatch):
    """Oracle.search ranks over vectors prepared once per state of the rows (the mock's fast path, forced here)
    and answers what the exact search over the matching rows answers, after inserts, deletes and upserts."""
    from conformance.model import vectors as v

    monkeypatch.setattr(v, "FAST_MIN_ROWS", 0)
    o = Oracle(standard_schema("t"))
    rng = np.random.default_rng(4)
    queries = [rng.integers(-2, 3, size=4).astype(np.float32) for _ in range(3)]

    def reference(metric, expr=""):
        keys = o.matching(expr)
        monkeypatch.setattr(v, "FAST_MIN_ROWS", 10**9)
        try:
            return v.search(metric, queries, [o.rows[k].row["vec"] for k in keys], keys, limit=6, offset=1)
        finally:
            monkeypatch.setattr(v, "FAST_MIN_ROWS", 0)

    o.insert(standard_rows(0, 200))
    for step, write in enumerate([lambda: None, lambda: o.delete("id in [0, 5, 9]"), lambda: o.insert(
            standard_rows(300, 50)), lambda: o.upsert(standard_rows(100, 20)), lambda: o.delete("n == 3")]):
        write()
        for metric in ("L2", "IP", "COSINE"):
            for expr in ("", "n > 2", "s == 's1'"):
                assert o.search(queries, metric, 6, expr=expr, offset=1) == reference(metric, expr), (step, metric)
