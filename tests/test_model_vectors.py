"""Brute-force search vs a naive Python loop, and vs answers observed on Milvus 2.3.5 / milvus-lite 3.2.2."""

import math

import numpy as np
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
