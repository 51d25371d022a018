"""Search parameters held to brute force: ``offset`` (ranks offset..offset+limit), ``round_decimal`` (scores
rounded), range search (``radius`` / ``range_filter`` for L2 and IP: exactly the in-range top-k), BinaryVector
search (BIN_FLAT, HAMMING and JACCARD), SparseFloatVector search (SPARSE_INVERTED_INDEX, IP) and HybridSearch
fusion (RRF and weighted rankers, recomputed here from per-request brute-force results); the invalid-argument
and not-found paths of each.

Rows use random normal float vectors (not the quarter-integer grid) wherever ties would make a rank window
ambiguous: an offset cuts the ranked list at both ends, and RRF ranks depend on the order of sub-results."""

from __future__ import annotations

import json

import numpy as np
import pytest

from conformance.expectations import verify
from conformance.expectations.oracle import (
    CREATED,
    INDEXED,
    INSERTED,
    LOADED,
    Oracle,
    await_loaded,
    check_search,
    hits_of,
    request_of,
    standard_schema,
)
from conformance.model import vectors as v
from conformance.orm import Collection
from conformance.protocol import schema_pb2
from conformance.strategies.schemas import make_field

DT = schema_pb2.DataType
DIM = 8
N_ROWS = 40
SEARCH_OK = "Search/accepts-valid-request"


def random_rows(seed: int, count: int = N_ROWS, dim: int = DIM) -> list[dict]:
    rng = np.random.default_rng(seed)
    return [{"id": i, "n": i % 7, "s": f"s{i % 5}", "f": float(np.float32(i / 8)),
             "vec": rng.normal(size=dim).astype(np.float32)} for i in range(count)]


def random_query(seed: int, dim: int = DIM) -> np.ndarray:
    return np.random.default_rng(10_000 + seed).normal(size=dim).astype(np.float32)


def make_loaded(check, ledger, fields, rows, index: dict) -> tuple[Collection, Oracle]:
    name = ledger.name("c")
    coll = Collection(name, schema_pb2.CollectionSchema(name=name, fields=fields), ledger=ledger)
    check(coll.create(), CREATED)
    reply = coll.insert(rows)
    check(reply, INSERTED)
    oracle = Oracle(coll.schema)
    oracle.insert(rows)
    check(coll.index("vec", index).create(), INDEXED)
    check(coll.load(), LOADED)
    await_loaded(coll)
    return coll, oracle


@pytest.fixture(scope="module")
def dense(ledger, check):
    """One loaded FLAT collection of random float rows per metric, created on first use."""
    made = {}

    def get(metric: str):
        if metric not in made:
            made[metric] = make_loaded(check, ledger, list(standard_schema("x", DIM).fields), random_rows(7),
                                       {"index_type": "FLAT", "metric_type": metric, "params": "{}"})
        return made[metric]

    return get


def brute(oracle: Oracle, metric: str, queries, limit: int, **kw) -> list[list[v.Hit]]:
    keys = list(oracle.rows)
    return v.search(metric, queries, [oracle.rows[k].row["vec"] for k in keys], keys, limit=limit, **kw)


# ---- offset -----------------------------------------------------------------------------------------------

@pytest.mark.rpc("Search")
@pytest.mark.parametrize("metric", ["L2", "IP"])
@pytest.mark.parametrize(("offset", "limit"), [(0, 5), (3, 5), (10, 7), (35, 10), (45, 3)])
def test_search_offset_windows_the_ranking(dense, check, metric, offset, limit):
    """Hits are brute-force ranks offset .. offset+limit (fewer at the end; none past it). verified on Milvus
    2.3.5 (this run): offset 3, limit 5 returned ranks 4-8 of the plain top-10."""
    coll, oracle = dense(metric)
    queries = [random_query(1), random_query(2)]
    reply = coll.search(queries, limit=limit, metric_type=metric, offset=offset)
    check(reply, SEARCH_OK)
    expected = brute(oracle, metric, queries, limit, offset=offset)
    check_search(reply, expected, oracle, request_of(coll, reply), queries=queries, metric=metric, limit=limit)


@pytest.mark.rpc("Search")
@pytest.mark.parametrize(("offset", "limit"), [(-1, 5), (16380, 5)], ids=["offset-negative", "offset+limit-16385"])
def test_search_offset_out_of_range(dense, check, offset, limit):
    coll, _ = dense("L2")
    check(coll.search([random_query(1)], limit=limit, metric_type="L2", offset=offset), "Search/offset-out-of-range")


# ---- round_decimal ----------------------------------------------------------------------------------------

@pytest.mark.rpc("Search")
@pytest.mark.parametrize("metric", ["L2", "IP"])
@pytest.mark.parametrize("decimals", [0, 2, 4])
def test_search_round_decimal(dense, check, metric, decimals):
    """Each score is the true score rounded to ``decimals`` places (and the ranking is the unrounded one).
    verified on Milvus 2.3.5 (this run): 6.98406 -> 6.98 (2), 7.22172 -> 7.0 and 8.57708 -> 9.0 (0)."""
    coll, oracle = dense(metric)
    queries = [random_query(3)]
    limit = 8
    reply = coll.search(queries, limit=limit, metric_type=metric, round_decimal=decimals)
    check(reply, SEARCH_OK)
    request = request_of(coll, reply)
    got = hits_of(reply.results)[0]
    want = brute(oracle, metric, queries, limit)[0]
    verify("Search/result/exact-top-k", len(got) == len(want), expected=f"{len(want)} hits (round_decimal does not "
           "change how many)", actual=f"{len(got)} hits", request=request)
    step = 10.0 ** -decimals
    for h in got:
        verify("Search/result/live-rows", h.id in oracle.rows, expected="ids 0..39", actual=f"hit id {h.id!r}",
               request=request)
        true = oracle.score(queries[0], h.id, metric)
        scaled = h.score / step
        rounded = abs(h.score - true) <= step / 2 + 1e-4 and abs(scaled - round(scaled)) <= 1e-3 * max(1.0, abs(scaled))
        verify("Search/result/rounded-scores", rounded,
               expected=f"id {h.id!r}: {true:.6f} rounded to {decimals} places -> {v.round_score(true, decimals)}",
               actual=f"{h.score}", request=request)
    verify("Search/result/exact-top-k", sorted(h.id for h in got) == sorted(h.id for h in want),
           expected=f"the exact top-{limit} (rounding keeps it): {[h.id for h in want]}",
           actual=str([h.id for h in got]), request=request)


@pytest.mark.rpc("Search")
@pytest.mark.parametrize("decimals", [7, -2])
def test_search_round_decimal_out_of_range(dense, check, decimals):
    coll, _ = dense("L2")
    check(coll.search([random_query(1)], limit=3, metric_type="L2", round_decimal=decimals),
          "Search/round-decimal-out-of-range")


# ---- range search -----------------------------------------------------------------------------------------

RANGES = {
    # metric: (radius, range_filter) pairs; L2 keeps range_filter <= d < radius, IP keeps radius < s <= range_filter
    "L2": [(12.0, 6.0), (8.0, None), (20.0, 0.0), (1e-3, None)],
    "IP": [(0.5, 3.0), (2.0, None), (-1.0, 1.0), (100.0, None)],
}


@pytest.mark.rpc("Search")
@pytest.mark.parametrize(("metric", "radius", "range_filter"),
                         [(m, r, f) for m, pairs in RANGES.items() for r, f in pairs])
@pytest.mark.parametrize("limit", [3, 40])
def test_range_search(dense, check, metric, radius, range_filter, limit):
    """Every hit lies inside the range, and the hits are exactly the in-range brute-force top-k. verified on
    Milvus 2.3.5 (this run): L2 radius 12 / range_filter 6 returned the 4 rows at 6.98 .. 11.12; IP radius 0.5
    / range_filter 3.0 returned the 8 rows at 2.97 .. 0.95."""
    coll, oracle = dense(metric)
    queries = [random_query(4), random_query(5)]
    params = {"radius": radius} if range_filter is None else {"radius": radius, "range_filter": range_filter}
    reply = coll.search(queries, limit=limit, metric_type=metric, params=params)
    check(reply, SEARCH_OK)
    request = request_of(coll, reply)
    for qi, hits in enumerate(hits_of(reply.results)):
        for h in hits:
            verify("Search/result/in-range", v.in_range(metric, h.score, radius, range_filter),
                   expected=f"{metric} radius={radius} range_filter={range_filter}",
                   actual=f"query {qi}: id {h.id!r} score {h.score}", request=request)
    expected = brute(oracle, metric, queries, limit, radius=radius, range_filter=range_filter)
    check_search(reply, expected, oracle, request, queries=queries, metric=metric, limit=limit)


@pytest.mark.rpc("Search")
@pytest.mark.parametrize(("metric", "radius", "range_filter"), [("L2", 6.0, 12.0), ("IP", 3.0, 0.5)])
def test_range_search_inverted_bounds(dense, check, metric, radius, range_filter):
    """range_filter on the wrong side of radius is refused (by segcore on current Milvus: 2000)."""
    coll, _ = dense(metric)
    check(coll.search([random_query(4)], limit=3, metric_type=metric,
                      params={"radius": radius, "range_filter": range_filter}), "Search/range-inverted-bounds")


# ---- binary vectors ---------------------------------------------------------------------------------------

BIN_DIM = 32


@pytest.fixture(scope="module")
def binary(ledger, check):
    made = {}

    def get(metric: str):
        if metric not in made:
            rng = np.random.default_rng(11)
            rows = [{"id": i, "vec": bytes(rng.integers(0, 256, size=BIN_DIM // 8, dtype=np.uint8))}
                    for i in range(N_ROWS)]
            fields = [make_field("id", DT.Int64, primary=True), make_field("vec", DT.BinaryVector, dim=BIN_DIM)]
            made[metric] = make_loaded(check, ledger, fields, rows,
                                       {"index_type": "BIN_FLAT", "metric_type": metric, "params": "{}"})
        return made[metric]

    return get


def binary_query(seed: int) -> bytes:
    return bytes(np.random.default_rng(20_000 + seed).integers(0, 256, size=BIN_DIM // 8, dtype=np.uint8))


@pytest.mark.rpc("Search")
@pytest.mark.parametrize("metric", ["HAMMING", "JACCARD"])
@pytest.mark.parametrize("limit", [1, 8, 40])
def test_binary_search(binary, check, metric, limit):
    """BIN_FLAT: the exact top-k by popcount(q xor v) (HAMMING) or 1 - |q and v| / |q or v| (JACCARD).
    verified on Milvus 2.3.5 (this run): HAMMING 11, 12, 13, 13, 14 ...; JACCARD 0.5, 0.5238 ... equal to
    conformance.model.vectors up to the order of ties."""
    coll, oracle = binary(metric)
    queries = [binary_query(1), binary_query(2)]
    reply = coll.search(queries, limit=limit, metric_type=metric)
    check(reply, SEARCH_OK)
    expected = brute(oracle, metric, queries, limit)
    check_search(reply, expected, oracle, request_of(coll, reply), queries=queries, metric=metric, limit=limit)


@pytest.mark.rpc("Search")
@pytest.mark.parametrize(("metric", "wrong"), [("HAMMING", "L2"), ("JACCARD", "HAMMING")])
def test_binary_search_metric_mismatch(binary, check, metric, wrong):
    coll, _ = binary(metric)
    check(coll.search([binary_query(1)], limit=3, metric_type=wrong), "Search/metric-mismatch")


# ---- sparse vectors ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sparse(ledger, check):
    """A getter for the loaded sparse collection, created inside the first case that asks (after the version
    gate: Milvus 2.3.5 accepts a SparseFloatVector schema but refuses the insert, verified this run).

    Every row and query has a positive value at index 0, so every score is positive (an inverted index only
    scores rows sharing an index with the query) and ties are improbable."""
    made = []

    def get():
        if not made:
            rng = np.random.default_rng(13)
            rows = []
            for i in range(N_ROWS):
                picks = rng.choice(np.arange(1, 200), size=5, replace=False)
                vals = {0: float(np.float32(rng.uniform(0.1, 1.0)))}
                vals.update({int(k): float(np.float32(rng.uniform(0.1, 2.0))) for k in picks})
                rows.append({"id": i, "vec": vals})
            fields = [make_field("id", DT.Int64, primary=True), make_field("vec", DT.SparseFloatVector)]
            made.append(make_loaded(check, ledger, fields, rows, {
                "index_type": "SPARSE_INVERTED_INDEX", "metric_type": "IP",
                "params": json.dumps({"drop_ratio_build": 0.0})}))
        return made[0]

    return get


def sparse_query(seed: int) -> dict[int, float]:
    rng = np.random.default_rng(30_000 + seed)
    picks = rng.choice(np.arange(1, 200), size=40, replace=False)
    out = {0: 0.5}
    out.update({int(k): float(np.float32(rng.uniform(0.1, 2.0))) for k in picks})
    return out


@pytest.mark.rpc("Search")
@pytest.mark.requires(since="2.4.0")
@pytest.mark.parametrize("limit", [1, 10, 40])
def test_sparse_search_ip(sparse, check, limit):
    """SPARSE_INVERTED_INDEX with drop ratios 0 is exact: the IP top-k over the shared indices (milvus-proto
    v2.4.0 SparseFloatVector; Milvus docs "Sparse Vector")."""
    coll, oracle = sparse()
    queries = [sparse_query(1), sparse_query(2)]
    reply = coll.search(queries, limit=limit, metric_type="IP", params={"drop_ratio_search": 0.0})
    check(reply, SEARCH_OK)
    expected = brute(oracle, "IP", queries, limit)
    check_search(reply, expected, oracle, request_of(coll, reply), queries=queries, metric="IP", limit=limit)


@pytest.mark.rpc("Search")
@pytest.mark.requires(since="2.4.0")
def test_sparse_search_l2_refused(sparse, check):
    coll, _ = sparse()
    check(coll.search([sparse_query(1)], limit=3, metric_type="L2"), "Search/metric-mismatch")


# ---- HybridSearch -----------------------------------------------------------------------------------------

def rrf(per_request: list[list[v.Hit]], k: float) -> dict:
    out: dict = {}
    for hits in per_request:
        for rank, h in enumerate(hits, start=1):
            out[h.id] = out.get(h.id, 0.0) + 1.0 / (k + rank)
    return out


def normalized(metric: str, score: float) -> float:
    """The weighted ranker's score normalisation (Milvus internal/proxy/reScorer.go): L2 -> 1 - 2 atan(d)/pi,
    IP -> 0.5 + atan(s)/pi, COSINE -> (1 + s)/2."""
    if metric == "L2":
        return 1 - 2 * float(np.arctan(score)) / np.pi
    if metric == "IP":
        return 0.5 + float(np.arctan(score)) / np.pi
    return (1 + score) / 2


def weighted(per_request: list[list[v.Hit]], metric: str, weights: list[float]) -> dict:
    out: dict = {}
    for hits, w in zip(per_request, weights, strict=True):
        for h in hits:
            out[h.id] = out.get(h.id, 0.0) + w * normalized(metric, h.score)
    return out


def check_fused(reply, fused: dict, limit: int, request) -> None:
    want = sorted(fused.items(), key=lambda kv: -kv[1])[:limit]
    got = hits_of(reply.results)
    verify("HybridSearch/result/one-list-per-query", len(got) == 1, expected="1 list", actual=f"{len(got)}",
           request=request)
    for h in got[0]:
        verify("HybridSearch/result/fused-scores",
               h.id in fused and bool(np.isclose(h.score, fused[h.id], rtol=1e-5, atol=1e-6)),
               expected=f"id {h.id!r}: {fused.get(h.id, 'not in any sub-result')}", actual=f"{h.score}",
               request=request)
    expected = [v.Hit(k, float(np.float32(s))) for k, s in want]
    verify("HybridSearch/result/fused-top-k", v.same_ranking(expected, got[0], rel_tol=1e-5, abs_tol=1e-6),
           expected=str([(h.id, round(h.score, 6)) for h in expected]),
           actual=str([(h.id, round(h.score, 6)) for h in got[0]]), request=request)


HYBRID_OK = "HybridSearch/accepts-sub-requests"
SUB_LIMIT = 10


@pytest.mark.rpc("HybridSearch")
@pytest.mark.requires(since="2.4.0")
@pytest.mark.parametrize("k", [60, 5])
@pytest.mark.parametrize("limit", [4, 15])
def test_hybrid_search_rrf(dense, check, k, limit):
    """RRF: score(id) = sum over sub-results of 1 / (k + rank), rank from 1 (Milvus docs "Reranking",
    RRFRanker; rank_params {"strategy": "rrf", "params": "{\\"k\\": K}", "limit": N} as pymilvus sends)."""
    coll, oracle = dense("L2")
    queries = [random_query(6), random_query(7)]
    subs = [coll.search_request([q], limit=SUB_LIMIT, metric_type="L2") for q in queries]
    reply = coll.hybrid_search(subs, limit=limit, rank_params={"strategy": "rrf", "params": json.dumps({"k": k}),
                                                              "limit": limit})
    check(reply, HYBRID_OK)
    per = [brute(oracle, "L2", [q], SUB_LIMIT)[0] for q in queries]
    check_fused(reply, rrf(per, k), limit, request_of(coll, reply))


@pytest.mark.rpc("HybridSearch")
@pytest.mark.requires(since="2.4.0")
@pytest.mark.parametrize("metric", ["L2", "IP"])
@pytest.mark.parametrize("weights", [[0.3, 0.7], [1.0, 0.0]])
def test_hybrid_search_weighted(dense, check, metric, weights):
    """Weighted: score(id) = sum of weight_i * normalize(score_i) over the sub-results holding id
    (Milvus internal/proxy/reScorer.go; "norm_score": true is pymilvus WeightedRanker's default)."""
    coll, oracle = dense(metric)
    queries = [random_query(8), random_query(9)]
    subs = [coll.search_request([q], limit=SUB_LIMIT, metric_type=metric) for q in queries]
    limit = 6
    reply = coll.hybrid_search(subs, limit=limit, rank_params={
        "strategy": "weighted", "params": json.dumps({"weights": weights, "norm_score": True}), "limit": limit})
    check(reply, HYBRID_OK)
    per = [brute(oracle, metric, [q], SUB_LIMIT)[0] for q in queries]
    check_fused(reply, weighted(per, metric, weights), limit, request_of(coll, reply))


@pytest.mark.rpc("HybridSearch")
@pytest.mark.requires(since="2.4.0")
def test_hybrid_search_weights_length_mismatch(dense, check):
    coll, _ = dense("L2")
    subs = [coll.search_request([random_query(s)], limit=5, metric_type="L2") for s in (1, 2)]
    reply = coll.hybrid_search(subs, limit=3, rank_params={
        "strategy": "weighted", "params": json.dumps({"weights": [1.0]}), "limit": 3})
    check(reply, "HybridSearch/weights-length-mismatch")


@pytest.mark.rpc("HybridSearch")
@pytest.mark.requires(since="2.4.0")
def test_hybrid_search_unknown_ranker(dense, check):
    coll, _ = dense("L2")
    subs = [coll.search_request([random_query(s)], limit=5, metric_type="L2") for s in (1, 2)]
    reply = coll.hybrid_search(subs, limit=3, rank_params={"strategy": "no_such_ranker", "params": "{}",
                                                           "limit": 3})
    check(reply, "HybridSearch/unknown-ranker")


@pytest.mark.rpc("HybridSearch")
@pytest.mark.requires(since="2.4.0")
def test_hybrid_search_missing_collection(ledger, check):
    missing = Collection(ledger.name("missing"), standard_schema("x", DIM), ledger=ledger)
    subs = [missing.search_request([random_query(s)], limit=5, metric_type="L2") for s in (1, 2)]
    check(missing.hybrid_search(subs, limit=3), "HybridSearch/missing-collection")
