"""Search against a FLAT index: the exact brute-force top-k per query (ties in any order), scores in the
metric's direction and equal to the true distance, at most ``limit`` hits, filters respected, requested
output fields carrying the rows' values; HybridSearch basics; and the invalid-argument / not-found / not-loaded
paths."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance.expectations import verify
from conformance.expectations.oracle import (
    check_search,
    grid_vector,
    hits_of,
    prepare,
    request_of,
    standard_rows,
    standard_schema,
)
from conformance.model import limits as L
from conformance.orm import Collection

DIM = 4
N_ROWS = 30
SEARCH_OK = "Search/accepts-valid-request"
FILTERS = ["", "n > 2", 's == "s1"', "id in [1, 3, 5, 7, 11, 13]", "n <= 1 or f >= 2.5", "id < 0"]
OUTPUTS = ["n", "s", "f", "vec"]


@pytest.fixture(scope="module")
def collections(loaded_collection):
    """One loaded collection per metric, created on first use."""
    made = {}

    def get(metric: str):
        if metric not in made:
            made[metric] = loaded_collection(lambda name: standard_schema(name, DIM),
                                             standard_rows(0, N_ROWS, DIM), metric=metric)
        return made[metric]

    return get


queries = st.lists(st.integers(1000, 10**6).map(lambda s: grid_vector(s, DIM)), min_size=1, max_size=3)


def run_search(check, coll, oracle, vecs, metric, limit, expr="", fields=(), status=SEARCH_OK):
    reply = coll.search(vecs, limit=limit, metric_type=metric, expr=expr, output_fields=list(fields))
    check(reply, status)
    expected = oracle.search(vecs, metric, limit, expr=expr)
    check_search(reply, expected, oracle, request_of(coll, reply), queries=vecs, metric=metric, limit=limit,
                 output_fields=fields)
    return reply


@pytest.mark.rpc("Search")
@given(vecs=queries, limit=st.integers(1, N_ROWS + 5), expr=st.sampled_from(FILTERS),
       fields=st.lists(st.sampled_from(OUTPUTS), unique=True, max_size=3))
def test_search_l2_exact_top_k(collections, check, vecs, limit, expr, fields):
    coll, oracle = collections("L2")
    run_search(check, coll, oracle, vecs, "L2", limit, expr, fields)


@pytest.mark.rpc("Search")
@pytest.mark.parametrize("metric", ["IP", "COSINE"])
@given(vecs=queries, limit=st.integers(1, 12))
def test_search_other_metrics(collections, check, metric, vecs, limit):
    vecs = [q if np.any(q) else np.ones(DIM, np.float32) for q in vecs]  # COSINE of a zero query is undefined
    coll, oracle = collections(metric)
    run_search(check, coll, oracle, vecs, metric, limit, "n != 3", ["s"])


@pytest.mark.rpc("Search")
def test_search_query_equal_to_a_row_finds_it_first(collections, check):
    coll, oracle = collections("L2")
    row = oracle.rows[7].row
    reply = run_search(check, coll, oracle, [row["vec"]], "L2", 3)
    first = hits_of(reply.results)[0][0]
    verify("Search/result/exact-top-k", first.score == 0.0, expected="best hit at L2 distance 0 (the row itself)",
           actual=f"best hit {first.id!r} score {first.score}", request=request_of(coll, reply))


@pytest.mark.rpc("HybridSearch")
@pytest.mark.requires(since="2.4.0")
def test_hybrid_search_returns_live_rows(collections, check):
    coll, oracle = collections("L2")
    subs = [coll.search_request([grid_vector(s, DIM)], limit=5, metric_type="L2") for s in (1, 2)]
    reply = coll.hybrid_search(subs, limit=4)
    check(reply, "HybridSearch/accepts-sub-requests")
    hits = hits_of(reply.results)
    request = request_of(coll, reply)
    verify("HybridSearch/result/one-list-per-query", len(hits) == 1, expected="1 result list",
           actual=f"{len(hits)} lists", request=request)
    verify("HybridSearch/result/live-rows-within-limit", len(hits[0]) <= 4 and all(h.id in oracle.rows for h in hits[0]),
           expected="<= 4 hits of rows 0..29", actual=str([h.id for h in hits[0]]), request=request)


# ---- invalid arguments ----------------------------------------------------------------------------------

@pytest.mark.rpc("Search")
@pytest.mark.parametrize("limit", [0, 16385])
def test_search_limit_out_of_range(collections, check, limit):
    coll, _ = collections("L2")
    check(coll.search([grid_vector(1, DIM)], limit=limit, metric_type="L2"), "Search/limit-out-of-range")


@pytest.mark.rpc("Search")
def test_search_limit_16384_accepted(collections, check):
    coll, oracle = collections("L2")
    run_search(check, coll, oracle, [grid_vector(3, DIM)], "L2", 16384, status="Search/limit-at-maximum")


@pytest.mark.rpc("Search")
def test_search_wrong_query_dim(collections, check):
    coll, _ = collections("L2")
    check(coll.search([np.ones(DIM + 4, np.float32)], limit=3, metric_type="L2"), "Search/wrong-query-dim")


@pytest.mark.rpc("Search")
def test_search_bad_expression(collections, check):
    coll, _ = collections("L2")
    check(coll.search([grid_vector(1, DIM)], limit=3, metric_type="L2", expr="id >>> 1"), "Search/invalid-filter")


@pytest.mark.rpc("Search")
def test_search_unknown_output_field(collections, check):
    coll, _ = collections("L2")
    check(coll.search([grid_vector(1, DIM)], limit=3, metric_type="L2", output_fields=["no_such_field"]),
          "Search/unknown-output-field")


@pytest.mark.rpc("Search")
def test_search_metric_mismatch(collections, check):
    coll, _ = collections("L2")
    check(coll.search([grid_vector(1, DIM)], limit=3, metric_type="IP"), "Search/metric-mismatch")


@pytest.mark.rpc("Search")
def test_search_missing_collection(ledger, check):
    missing = Collection(ledger.name("missing"), standard_schema("x", DIM), ledger=ledger)
    check(missing.search([grid_vector(1, DIM)], limit=3, metric_type="L2"), "Search/missing-collection")


@pytest.mark.rpc("Search")
def test_search_missing_partition(collections, check):
    coll, _ = collections("L2")
    check(coll.search([grid_vector(1, DIM)], limit=3, metric_type="L2", partition_names=["p_missing"]),
          "Search/missing-partition")


@pytest.mark.rpc("Search")
def test_search_not_loaded(ledger, check):
    name = ledger.name("c")
    coll = Collection(name, standard_schema(name, DIM), ledger=ledger)
    prepare(check, coll, standard_rows(0, 3, DIM), load=False)
    check(coll.search([grid_vector(1, DIM)], limit=3, metric_type="L2"), "Search/not-loaded")


@pytest.mark.rpc("Search")
def test_search_nq_out_of_range(collections, check):
    """One query vector more than quotaAndLimits.limits.nq (16384), all really sent (so a server that does not
    check nq just searches them)."""
    coll, _ = collections("L2")
    vecs = [grid_vector(1, DIM)] * (L.MAX_NQ + 1)
    check(coll.search(vecs, limit=1, metric_type="L2"), "Search/nq-out-of-range")
