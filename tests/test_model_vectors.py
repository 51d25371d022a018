"""Brute-force search vs a naive Python loop, and vs answers observed on Milvus 2.3.5 / milvus-lite 3.2.2."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.model import vectors as v
from conformance.model.vectors import Hit

# The 8 base vectors of the mcexpr probe (ids 1..8), FLAT index.
BASE = [[0.0, 0.0], [1.0, 0.0], [0.0, 2.0], [3.0, 4.0], [-1.0, 1.0], [0.5, 0.5], [2.0, 2.0], [1.0, 1.0]]
IDS = list(range(1, 9))


def _ids(hits):
    return [h.id for h in hits]


def _scores(hits):
    return [round(h.score, 5) for h in hits]


def test_l2_is_squared_distance_as_observed():
    # verified on Milvus 2.3.5 and milvus-lite 3.2.2: query (0,0), limit 8.
    [hits] = v.search("L2", [[0.0, 0.0]], BASE, IDS, limit=8)
    assert _ids(hits) == [1, 6, 2, 5, 8, 3, 7, 4]
    assert _scores(hits) == [0.0, 0.5, 1.0, 2.0, 2.0, 4.0, 8.0, 25.0]
    [hits] = v.search("L2", [[0.0, 0.0]], BASE, IDS, limit=8, radius=5.0)
    assert _scores(hits) == [0.0, 0.5, 1.0, 2.0, 2.0, 4.0]
    [hits] = v.search("L2", [[0.0, 0.0]], BASE, IDS, limit=8, radius=8.5, range_filter=1.0)
    assert _ids(hits) == [2, 5, 8, 3, 7]


def test_ip_and_cosine_as_observed():
    [hits] = v.search("IP", [[1.0, 2.0]], BASE, IDS, limit=8)
    assert _scores(hits) == [11.0, 6.0, 4.0, 3.0, 1.5, 1.0, 1.0, 0.0]
    observed_2_3_5 = [Hit(4, 11.0), Hit(7, 6.0), Hit(3, 4.0), Hit(8, 3.0), Hit(6, 1.5), Hit(5, 1.0), Hit(2, 1.0),
                      Hit(1, 0.0)]
    assert v.same_ranking(hits, observed_2_3_5)  # tie 2/5 came out 5, 2 on 2.3.5
    [hits] = v.search("IP", [[1.0, 2.0]], BASE, IDS, limit=8, radius=2.0)
    assert _ids(hits) == [4, 7, 3, 8]
    [hits] = v.search("IP", [[1.0, 2.0]], BASE, IDS, limit=8, radius=0.5, range_filter=4.0)
    assert _scores(hits) == [4.0, 3.0, 1.5, 1.0, 1.0]
    [hits] = v.search("COSINE", [[1.0, 2.0]], BASE, IDS, limit=8)
    assert _ids(hits) == [4, 6, 7, 8, 3, 2, 5]  # Milvus 2.3.5 drops the zero vector (id 1)
    assert _scores(hits) == [0.98387, 0.94868, 0.94868, 0.94868, 0.89443, 0.44721, 0.31623]
    [hits] = v.search("COSINE", [[1.0, 2.0]], BASE, IDS, limit=8, keep_zero_cosine=True)
    assert hits[-1] == Hit(1, 0.0)  # milvus-lite 3.2.2


def _naive(metric, q, b):
    if metric == "L2":
        return sum((x - y) ** 2 for x, y in zip(q, b, strict=True))
    ip = sum(x * y for x, y in zip(q, b, strict=True))
    if metric == "IP":
        return ip
    n = math.sqrt(sum(x * x for x in q)) * math.sqrt(sum(y * y for y in b))
    return ip / n if n else 0.0


vec3 = st.lists(st.integers(-5, 5).map(float), min_size=3, max_size=3)


@settings(max_examples=80)
@given(st.sampled_from(["L2", "IP", "COSINE"]), st.lists(vec3, min_size=1, max_size=12), vec3,
       st.integers(1, 12), st.integers(0, 3))
def test_float_search_matches_naive_loop(metric, base, q, limit, offset):
    [hits] = v.search(metric, [q], base, limit=limit, offset=offset, keep_zero_cosine=True)
    larger = metric != "L2"
    ranked = sorted(range(len(base)), key=lambda j: (-1 if larger else 1) * _naive(metric, q, base[j]))
    want = [Hit(j, float(np.float32(_naive(metric, q, base[j])))) for j in ranked][offset:offset + limit]
    assert v.same_ranking(want, hits)


@settings(max_examples=60)
@given(st.sampled_from(["HAMMING", "JACCARD"]), st.lists(st.binary(min_size=2, max_size=2), min_size=1, max_size=10),
       st.binary(min_size=2, max_size=2))
def test_binary_search_matches_naive_loop(metric, base, q):
    def naive(a, b):
        ia, ib = int.from_bytes(a, "big"), int.from_bytes(b, "big")
        if metric == "HAMMING":
            return bin(ia ^ ib).count("1")
        union = bin(ia | ib).count("1")
        return 1 - bin(ia & ib).count("1") / union if union else 0.0
    [hits] = v.search(metric, [q], base, limit=len(base))
    want = sorted((Hit(j, float(np.float32(naive(q, b)))) for j, b in enumerate(base)), key=lambda h: h.score)
    assert v.same_ranking(want, hits)


def test_sparse_ip_and_filters():
    base = [{1: 1.0, 3: 2.0}, {2: 5.0}, {3: 1.0}]
    [hits] = v.search("IP", [{3: 2.0, 2: 1.0}], base, ["a", "b", "c"], limit=3)
    assert [(h.id, h.score) for h in hits] == [("b", 5.0), ("a", 4.0), ("c", 2.0)]
    [hits] = v.search("IP", [{3: 2.0, 2: 1.0}], base, ["a", "b", "c"], limit=3, mask=[True, False, True])
    assert _ids(hits) == ["a", "c"]


def test_round_decimal():
    assert v.round_score(0.123456, 3) == np.float32(0.123)
    assert v.round_score(-2.5, 0) == -3.0  # half away from zero
    assert v.round_score(0.1, -1) == np.float32(0.1)


def test_l2_by_matrix_product_matches_the_direct_formula():
    """The L2 fast path (|q|^2 - 2 q.b + |b|^2) gives the direct squared distance as float32, near-duplicates
    included, and never a negative score."""
    rng = np.random.default_rng(7)
    base = rng.normal(size=(300, 64)).astype(np.float32)
    queries = np.vstack([base[:5], base[5:10] + np.float32(1e-4), rng.normal(size=(5, 64)).astype(np.float32)])
    got = v.float_scores("L2", queries, list(base)).astype(np.float32)
    direct = ((queries[:, None, :].astype(np.float64) - base[None, :, :]) ** 2).sum(axis=2).astype(np.float32)
    assert (got >= 0).all()
    np.testing.assert_allclose(got, direct, rtol=1e-5, atol=1e-6)
    assert all(got[i, i] <= 1e-6 for i in range(5))  # a stored vector is its own nearest neighbour


# ---- the fast path (float32 ranking + exact rescoring of the candidates) equals the exact path ------------------

def _both(monkeypatch, *args, **kw):
    """The same search through the exact path only and through the fast path."""
    monkeypatch.setattr(v, "FAST_MIN_ROWS", 10**9)
    slow = v.search(*args, **kw)
    monkeypatch.setattr(v, "FAST_MIN_ROWS", 0)
    fast = v.search(*args, **kw)
    return slow, fast


def _exact(*args, **kw):
    """v.search through the exact path only."""
    saved, v.FAST_MIN_ROWS = v.FAST_MIN_ROWS, 10**9
    try:
        return v.search(*args, **kw)
    finally:
        v.FAST_MIN_ROWS = saved


def _random_base(rng, kind, n, dim):
    if kind == "ties":  # few distinct values: many tied scores
        return rng.integers(-2, 3, size=(n, dim)).astype(np.float32)
    if kind == "int8":
        return rng.integers(-128, 128, size=(n, dim)).astype(np.int8)
    if kind == "float16":
        return rng.normal(size=(n, dim)).astype(np.float16)
    return (rng.normal(size=(n, dim)) * rng.choice([1e-3, 1.0, 50.0])).astype(np.float32)


def test_fast_path_equals_exact_path_on_random_data(monkeypatch):
    rng = np.random.default_rng(11)
    used = []
    real = v._fast_candidates

    def counted(*args):
        picks = real(*args)
        used.append(picks is not None)
        return picks

    monkeypatch.setattr(v, "_fast_candidates", counted)
    for trial in range(60):
        data = ["ties", "int8", "float16", "normal"][trial % 4]
        metric = ["L2", "IP", "COSINE"][trial % 3]
        n, dim = int(rng.integers(1, 400)), int(rng.integers(1, 9))
        base = _random_base(rng, data, n, dim)
        base[rng.random(n) < 0.05] = 0  # zero rows (COSINE leaves them out)
        queries = list(_random_base(rng, data, int(rng.integers(1, 6)), dim).astype(np.float32))
        queries.append(base[int(rng.integers(n))].astype(np.float32))  # a stored vector: exact 0 / its own best
        rows = list(base) if trial % 2 else base  # stored rows or a matrix
        mask = rng.random(n) > 0.3 if trial % 5 else None  # deletes / a filter
        kw = {"limit": int(rng.integers(1, 20)), "offset": int(rng.integers(0, 4)), "mask": mask,
              "round_decimal": int(rng.choice([-1, -1, 2])), "keep_zero_cosine": bool(trial % 7 == 0)}
        slow, fast = _both(monkeypatch, metric, queries, rows, list(range(100, 100 + n)), **kw)
        assert fast == slow, (trial, data, metric)
    assert used == [True] * 60  # the fast path ran every time


def test_fast_path_equals_exact_path_for_range_search(monkeypatch):
    rng = np.random.default_rng(5)
    base = rng.integers(-3, 4, size=(500, 4)).astype(np.float32)
    queries = list(rng.integers(-3, 4, size=(4, 4)).astype(np.float32))
    for metric, radius, range_filter in (("L2", 6.0, None), ("L2", 9.0, 2.0), ("IP", 1.0, None), ("IP", -2.0, 5.0),
                                         ("COSINE", 0.2, 0.9)):
        slow, fast = _both(monkeypatch, metric, queries, base, limit=50, radius=radius, range_filter=range_filter)
        assert fast == slow and any(slow), metric


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_fast_path_falls_back_on_values_it_cannot_bound(monkeypatch):
    base = np.ones((50, 3), dtype=np.float32)
    base[7] = [np.inf, 0, 0]
    base[9] = [3e38, 3e38, 0]
    queries = [np.array([1, 0, 0], dtype=np.float32), np.array([np.nan, 0, 0], dtype=np.float32)]
    for metric in ("L2", "IP"):
        slow, fast = _both(monkeypatch, metric, queries, base, limit=5)
        assert [_ids(h) for h in fast] == [_ids(h) for h in slow]


def test_prepared_matrix_searches_like_the_rows():
    rng = np.random.default_rng(3)
    rows = list(rng.normal(size=(3000, 16)).astype(np.float32))
    q = [rng.normal(size=16).astype(np.float32) for _ in range(3)]
    prepared = v.prepare(rows)
    for metric in ("L2", "IP", "COSINE"):
        assert v.search(metric, q, prepared, limit=10) == v.search(metric, q, rows, limit=10)
    bits = [bytes(rng.integers(0, 256, size=4, dtype=np.uint8)) for _ in range(100)]
    assert v.search("HAMMING", [bits[0]], v.prepare(bits), limit=7) == v.search("HAMMING", [bits[0]], bits, limit=7)


def test_store_search_over_the_cached_matrix_equals_a_slow_reference(monkeypatch):
    """CollectionData.search (vectors prepared once per snapshot, re-pointed into the matrix) answers what the
    exact search over the visible, filtered rows answers, through inserts, duplicate keys, deletes, upserts and
    partitions; the cache follows every write."""
    from conformance.model import data as dm
    from conformance.model import store
    from conformance.model.expr import CURRENT, compile_expr
    from conformance.protocol import common_pb2, schema_pb2

    dt = schema_pb2.DataType
    schema = schema_pb2.CollectionSchema(name="c", fields=[
        schema_pb2.FieldSchema(fieldID=100, name="id", data_type=dt.Int64, is_primary_key=True),
        schema_pb2.FieldSchema(fieldID=101, name="n", data_type=dt.Int64),
        schema_pb2.FieldSchema(fieldID=102, name="vec", data_type=dt.FloatVector,
                               type_params=[common_pb2.KeyValuePair(key="dim", value="4")])])
    monkeypatch.setattr(v, "FAST_MIN_ROWS", 0)
    cd = store.CollectionData(1, schema)
    rng = np.random.default_rng(2)

    def write(op, keys, partition="_default"):
        vecs = list(rng.integers(-2, 3, size=(len(keys), 4)).astype(np.float32))
        cols = [dm.make_column("id", dt.Int64, keys), dm.make_column("n", dt.Int64, [k % 5 for k in keys]),
                dm.column_for_field(schema.fields[2], vecs)]
        getattr(cd, op)(cols, len(keys), partition, validated=True)

    def check(metric, expr="", partitions=None):
        queries = list(rng.integers(-2, 3, size=(3, 4)).astype(np.float32))
        spec = store.SearchSpec("vec", queries, limit=7, metric_type=metric, expr=expr, offset=1)
        got = cd.search(spec, metric, partitions)
        rows = cd.visible(partitions)
        if expr:
            compiled = compile_expr(expr, schema, dialect=CURRENT)
            rows = [r for r in rows if compiled.matches(r.values)]
        want = _exact(metric, queries, [np.array(r.values["vec"]) for r in rows], [r.pk for r in rows], limit=7,
                      offset=1)
        assert got.hits == want
        assert [[r["id"] for r in q] for q in got.rows] == [[h.id for h in q] for q in want]

    write("insert", list(range(300)))
    check("L2")
    write("insert", list(range(250, 320)))  # duplicate keys: the newest version is the visible one
    check("IP")
    cd.delete("id in [1, 2, 3, 260]", None, True)
    check("L2", "n > 1")
    write("upsert", list(range(10, 40)))
    check("COSINE")
    write("insert", list(range(400, 500)), "p1")
    check("L2", partitions=["p1"])
    check("IP", "n in [0, 3]", partitions=["_default", "p1"])
    cd.drop_partition("p1")
    check("L2")
    rows, matrix, _, _ = cd.vector_base(schema.fields[2], None)
    assert all(np.shares_memory(r.values["vec"], matrix.data) for r in rows)  # each vector stored once


@pytest.mark.parametrize("dtype_name", ["Float16Vector", "BFloat16Vector", "Int8Vector", "BinaryVector",
                                        "SparseFloatVector"])
def test_store_search_of_every_vector_type_equals_a_slow_reference(monkeypatch, dtype_name):
    """The cached matrix of every other vector type ranks like the exact search over the visible rows' values
    (fast path forced for the dense ones), through duplicate keys, deletes and a filter."""
    from conformance.model import data as dm
    from conformance.model import store
    from conformance.model.expr import CURRENT, compile_expr
    from conformance.protocol import common_pb2, schema_pb2

    dt = schema_pb2.DataType
    dtype = getattr(dt, dtype_name)
    dim = 16 if dtype == dt.BinaryVector else 4
    params = [] if dtype == dt.SparseFloatVector else [common_pb2.KeyValuePair(key="dim", value=str(dim))]
    schema = schema_pb2.CollectionSchema(name="c", fields=[
        schema_pb2.FieldSchema(fieldID=100, name="id", data_type=dt.Int64, is_primary_key=True),
        schema_pb2.FieldSchema(fieldID=101, name="n", data_type=dt.Int64),
        schema_pb2.FieldSchema(fieldID=102, name="vec", data_type=dtype, type_params=params)])
    monkeypatch.setattr(v, "FAST_MIN_ROWS", 0)
    cd = store.CollectionData(1, schema)
    rng = np.random.default_rng(dtype)

    def vector(as_query=False):
        if dtype == dt.BinaryVector:
            return bytes(rng.integers(0, 256, size=2, dtype=np.uint8))
        if dtype == dt.SparseFloatVector:
            return {int(k): float(rng.integers(1, 4)) for k in rng.choice(8, size=int(rng.integers(1, 4)), replace=False)}
        values = rng.integers(-2, 3, size=dim)
        if as_query or dtype == dt.BFloat16Vector:
            return values.astype(np.float32)
        return values.astype(np.float16 if dtype == dt.Float16Vector else np.int8)

    def write(keys):
        cols = [dm.make_column("id", dt.Int64, keys), dm.make_column("n", dt.Int64, [k % 5 for k in keys]),
                dm.column_for_field(schema.fields[2], [vector() for _ in keys])]
        cd.insert(cols, len(keys), "_default", validated=True)

    metrics = {dt.BinaryVector: ["HAMMING", "JACCARD"], dt.SparseFloatVector: ["IP"]}.get(dtype, ["L2", "IP", "COSINE"])
    write(list(range(200)))
    write(list(range(150, 220)))
    cd.delete("id in [3, 4, 160]", None, True)
    for metric in metrics:
        for expr in ("", "n > 1"):
            queries = [vector(as_query=True) for _ in range(3)]
            got = cd.search(store.SearchSpec("vec", queries, limit=9, metric_type=metric, expr=expr), metric, None)
            rows = cd.visible()
            if expr:
                rows = [r for r in rows if compile_expr(expr, schema, dialect=CURRENT).matches(r.values)]
            want = _exact(metric, queries, [r.values["vec"] for r in rows], [r.pk for r in rows], limit=9)
            assert got.hits == want and all(want), (metric, expr)


def test_store_search_filter_results_are_kept_per_filter_and_rows():
    """A filter's result is reused for the same expression, template values and rows only."""
    from conformance.model import data as dm
    from conformance.model import store
    from conformance.protocol import common_pb2, schema_pb2

    dt = schema_pb2.DataType
    schema = schema_pb2.CollectionSchema(name="c", fields=[
        schema_pb2.FieldSchema(fieldID=100, name="id", data_type=dt.Int64, is_primary_key=True),
        schema_pb2.FieldSchema(fieldID=101, name="vec", data_type=dt.FloatVector,
                               type_params=[common_pb2.KeyValuePair(key="dim", value="2")])])
    cd = store.CollectionData(1, schema)

    def write(keys):
        cols = [dm.make_column("id", dt.Int64, keys),
                dm.column_for_field(schema.fields[1], [np.array([k, 0], dtype=np.float32) for k in keys])]
        cd.insert(cols, len(keys), "_default", validated=True)

    def ids(expr, values=None):
        spec = store.SearchSpec("vec", [np.zeros(2, dtype=np.float32)], limit=100, metric_type="L2", expr=expr,
                                template_values=values)
        return sorted(h.id for h in cd.search(spec, "L2", None).hits[0])

    write(list(range(10)))
    assert ids("id > {x}", {"x": 6}) == [7, 8, 9]
    assert ids("id > {x}", {"x": 7}) == [8, 9]
    assert ids("id > {x}", {"x": 6}) == [7, 8, 9]
    write([10, 11])
    assert ids("id > {x}", {"x": 6}) == [7, 8, 9, 10, 11]
    cd.delete("id in [8]", None, True)
    assert ids("id > {x}", {"x": 6}) == [7, 9, 10, 11]


def test_jaccard_search_of_the_diff_case_equals_numpy_over_the_newest_versions():
    """The diff's JACCARD case (diff-repro 034-Search against Milvus 2.3.5): 7 rows, dim 8, the key "" twice in the
    batch, topk 6, three queries. Scores are held to an independent numpy computation (unpackbits), and the
    duplicated key is searched at its newest version only, so 6 distinct keys come back: what master does since
    segcore marks a duplicated key's older rows in a segment as deleted (milvus-io/milvus#34586, fixing #34247).
    Milvus 2.3.5 predates that: it scored both versions, kept the better one per key and did not refill the top 6
    (5 hits) — an older release's behaviour, not a metric defect here."""
    from conformance.model import data as dm
    from conformance.model import store
    from conformance.protocol import common_pb2, schema_pb2

    dt = schema_pb2.DataType
    schema = schema_pb2.CollectionSchema(name="c", fields=[
        schema_pb2.FieldSchema(fieldID=100, name="pk", data_type=dt.VarChar, is_primary_key=True,
                               type_params=[common_pb2.KeyValuePair(key="max_length", value="64")]),
        schema_pb2.FieldSchema(fieldID=101, name="n", data_type=dt.Int32),
        schema_pb2.FieldSchema(fieldID=102, name="bv", data_type=dt.BinaryVector,
                               type_params=[common_pb2.KeyValuePair(key="dim", value="8")])])
    keys = ["a", "b", "c", "", "d", "e", ""]
    base = b"\024\364SQ\017\251\246"
    cd = store.CollectionData(1, schema)
    cols = [dm.make_column("pk", dt.VarChar, keys), dm.make_column("n", dt.Int32, list(range(7))),
            dm.column_for_field(schema.fields[2], [base[i:i + 1] for i in range(7)])]
    cd.insert(cols, 7, "_default", validated=True)
    queries = [b"C", b"\307", b"\331"]
    got = cd.search(store.SearchSpec("bv", queries, limit=6, metric_type="JACCARD"), "JACCARD", None)

    bits = np.unpackbits(np.frombuffer(base, np.uint8).reshape(7, 1), axis=1).astype(bool)
    newest = [0, 1, 2, 4, 5, 6]  # row 3 is the older version of ""
    for q, hits, rows in zip(queries, got.hits, got.rows, strict=True):
        qb = np.unpackbits(np.frombuffer(q, np.uint8)).astype(bool)
        inter = (bits & qb).sum(axis=1)
        union = (bits | qb).sum(axis=1)
        dist = np.where(union > 0, 1 - inter / np.maximum(union, 1), 0.0).astype(np.float32)
        want = sorted(((keys[i], float(dist[i])) for i in newest), key=lambda p: p[1])
        assert v.same_ranking([Hit(k, s) for k, s in want], hits)
        assert len(hits) == 6 and sorted(h.id for h in hits) == sorted(set(keys))
        assert next(r["n"] for r in rows if r["pk"] == "") == 6  # the newest version
    # the first query's scores as both sides reported them (mock and Milvus 2.3.5 agree on every shared row)
    assert [round(h.score, 4) for h in got.hits[0]] == [0.25, 0.6, 0.8333, 0.8333, 0.8571, 1.0]


def test_stored_rows_read_their_write_columns_and_vectors_are_kept_once():
    """The store keeps a write's values in columns (no dict and array object per row): every row reads back what
    was written, as a read-only mapping, nullable vectors and dynamic keys included; one write's float vectors
    are one block, and once searched they are the search matrix itself (a whole write: a slice of it; a write
    some of whose rows are gone: a view per remaining row), while rows deleted before keep their values."""
    from collections.abc import Mapping

    from conformance.model import data as dm
    from conformance.model import store
    from conformance.protocol import common_pb2, schema_pb2

    dt = schema_pb2.DataType
    schema = schema_pb2.CollectionSchema(name="c", enable_dynamic_field=True, fields=[
        schema_pb2.FieldSchema(fieldID=100, name="id", data_type=dt.Int64, is_primary_key=True),
        schema_pb2.FieldSchema(fieldID=101, name="s", data_type=dt.VarChar, nullable=True,
                               type_params=[common_pb2.KeyValuePair(key="max_length", value="8")]),
        schema_pb2.FieldSchema(fieldID=102, name="vec", data_type=dt.FloatVector,
                               type_params=[common_pb2.KeyValuePair(key="dim", value="4")]),
        schema_pb2.FieldSchema(fieldID=103, name="opt", data_type=dt.FloatVector, nullable=True,
                               type_params=[common_pb2.KeyValuePair(key="dim", value="4")])])
    cd = store.CollectionData(1, schema)
    rng = np.random.default_rng(5)

    def write(keys):
        vecs = list(rng.random((len(keys), 4), dtype=np.float32))
        opts = [None if k % 3 == 0 else rng.random(4, dtype=np.float32) for k in keys]
        cols = [dm.make_column("id", dt.Int64, keys),
                dm.make_column("s", dt.VarChar, [None if k % 2 else f"s{k}" for k in keys], nullable=True,
                               compact_nulls=True),
                dm.column_for_field(schema.fields[2], vecs),
                dm.column_for_field(schema.fields[3], opts, nullable=True),
                dm.make_column(dm.DYNAMIC_FIELD, dt.JSON, [{"k": k} for k in keys], is_dynamic=True)]
        cd.insert(cols, len(keys), "_default", validated=True)
        return {k: (s, vec, opt) for k, s, vec, opt in zip(keys, [None if k % 2 else f"s{k}" for k in keys], vecs, opts,
                                                          strict=True)}

    written = write(list(range(10))) | write(list(range(10, 16)))
    rows = cd.snapshot()
    assert [r.pk for r in rows] == list(range(16))
    for r in rows:
        s, vec, opt = written[r.pk]
        values = r.values
        assert isinstance(values, Mapping) and set(values) == {"id", "s", "vec", "opt", dm.DYNAMIC_FIELD}
        assert values["id"] == r.pk and values.get("s") == s and values.get("missing", 7) == 7 and "vec" in values
        assert values.get(dm.DYNAMIC_FIELD) == {"k": r.pk}
        assert np.array_equal(values["vec"], vec) and not values["vec"].flags.writeable
        assert (values["opt"] is None) == (opt is None) and (opt is None or np.array_equal(values["opt"], opt))
        assert list(dict(values)) == list(values) and len(values) == 5
        with pytest.raises(KeyError):
            values["missing"]
    first, second = rows[0].batch, rows[10].batch
    assert first is not second and all(r.batch is first for r in rows[:10])  # one batch per write
    assert isinstance(first.columns[first.index["vec"]], np.ndarray)  # one block per write
    cd.delete("id in [12]", None, True)
    gone = rows[12]
    searched, matrix, _, present = cd.vector_base(schema.fields[2], None)
    assert [r.pk for r in searched] == [k for k in range(16) if k != 12] and present.all()
    assert all(np.shares_memory(r.values["vec"], matrix.data) for r in searched)
    whole, partial = first.columns[first.index["vec"]], second.columns[second.index["vec"]]
    assert isinstance(whole, np.ndarray) and np.shares_memory(whole, matrix.data)  # a whole write: a matrix slice
    assert isinstance(partial, list) and not np.shares_memory(partial[2], matrix.data)  # row 12: its own block
    assert np.array_equal(gone.values["vec"], written[12][1])  # an older snapshot still reads its row
    assert all(np.array_equal(r.values["vec"], written[r.pk][1]) for r in searched)
    _, opt_matrix, _, opt_present = cd.vector_base(schema.fields[3], None)
    assert opt_present.tolist() == [written[r.pk][2] is not None for r in searched]
    assert all(np.shares_memory(r.values["opt"], opt_matrix.data) for r in searched if r.values["opt"] is not None)
    # a row built from a mapping (any caller's) reads the same
    row = store.Row(1, "_default", {"id": 1, "s": None}, 0, 0)
    assert dict(row.values) == {"id": 1, "s": None} and row.values.get("s", 3) is None
