"""Search features beyond plain top-k: every consistency level (and ``use_default_consistency``,
``guarantee_timestamp``), expression template values, group-by search and search by primary keys.

SearchRequest.consistency_level / guarantee_timestamp / use_default_consistency are in milvus-proto since v2.3.0;
``expr_template_values`` work from Milvus v2.4.17; ``group_by_field`` (a search_params key) and
SearchResultData.group_by_field_value from v2.4.0; search by primary keys (``oneof search_input {
placeholder_group = 6; IDs ids = 22 }``, milvus-proto v2.6.8) from Milvus v2.6.9; the older bool
``search_by_primary_keys`` carried no keys and is not exercised. Bounds and evidence: the registered checks."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from conformance.expectations import verify
from conformance.expectations.oracle import (
    INSERTED,
    check_search,
    hits_of,
    ids_of,
    request_of,
    standard_rows,
    standard_schema,
)
from conformance.model import data as d
from conformance.model.rules.dataplane import GROUP_BY_SINCE, SEARCH_BY_PK_SINCE, TEMPLATES_SINCE
from conformance.model.rules.functions import FUNCTION_CHAINS_SINCE, FUNCTION_SCORE_SINCE
from conformance.orm import kv_pairs
from conformance.protocol import common_pb2, schema_pb2

from .test_query_features import LEVELS, templates

CL = common_pb2.ConsistencyLevel
DIM = 4
N_ROWS = 30
SEARCH_OK = "Search/accepts-valid-request"
QUERIES = [np.array(q, np.float32) for q in ([0.5, -1, 0.25, 2], [-2, 0, 1, 1.75], [0, 0, 0, 0.25])]
_fresh = itertools.count(20_000, 10)


@pytest.fixture(scope="module")
def data(loaded_collection):
    return loaded_collection(lambda name: standard_schema(name, DIM), standard_rows(0, N_ROWS, DIM))


def set_templates(req, values: dict) -> None:
    for k, tv in templates(values).items():
        req.expr_template_values[k].CopyFrom(tv)


def compare(check, coll, oracle, reply, queries, limit, expr="", status=SEARCH_OK):
    check(reply, status)
    check_search(reply, oracle.search(queries, "L2", limit, expr=expr), oracle, request_of(coll, reply),
                 queries=queries, metric="L2", limit=limit)


# ---- consistency levels -------------------------------------------------------------------------------------

@pytest.mark.rpc("Search", "Insert")
@pytest.mark.parametrize("label,level,with_ts", LEVELS, ids=[x[0] for x in LEVELS])
def test_search_accepts_every_consistency_level(data, check, label, level, with_ts):
    """Each level is accepted (verified on Milvus 2.3.5); Strong and Session / Customized with the Insert's
    timestamp as guarantee_timestamp see the rows inserted just before (milvus-io/milvus
    internal/proxy/task_search.go); Bounded / Eventually hits are live rows."""
    coll, oracle = data
    rows = standard_rows(next(_fresh), 2, DIM)
    reply = coll.insert(rows)
    check(reply, INSERTED)
    oracle.insert(rows, ids_of(reply.IDs))
    expr = f"id in {[r['id'] for r in rows]}"
    req = coll.search_request(QUERIES[:1], limit=5, metric_type="L2", expr=expr, consistency_level=level)
    req.guarantee_timestamp = reply.timestamp if with_ts else 0
    got = coll.conn.call("Search", req)
    if level in (CL.Bounded, CL.Eventually):
        check(got, SEARCH_OK)
        verify("Search/result/live-rows", all(h.id in oracle.rows for q in hits_of(got.results) for h in q),
               expected=f"{label} consistency: live rows only",
               actual=str([[h.id for h in q] for q in hits_of(got.results)]), request=request_of(coll, got))
        return
    compare(check, coll, oracle, got, QUERIES[:1], 5, expr)


@pytest.mark.rpc("Search", "Insert")
def test_search_use_default_consistency(data, check):
    """``use_default_consistency``: the collection's level (Strong here) applies, whatever consistency_level says."""
    coll, oracle = data
    rows = standard_rows(next(_fresh), 2, DIM)
    reply = coll.insert(rows)
    check(reply, INSERTED)
    oracle.insert(rows, ids_of(reply.IDs))
    expr = f"id in {[r['id'] for r in rows]}"
    req = coll.search_request(QUERIES[:1], limit=5, metric_type="L2", expr=expr, consistency_level=CL.Eventually)
    req.use_default_consistency = True
    compare(check, coll, oracle, coll.conn.call("Search", req), QUERIES[:1], 5, expr)


# ---- expression templates -----------------------------------------------------------------------------------

TEMPLATED = [("n > {k}", {"k": 3}, "n > 3"), ("id in {ids}", {"ids": [2, 5, 7, 11]}, "id in [2, 5, 7, 11]"),
             ("s in {ss} and f < {x}", {"ss": ["s0", "s3"], "x": 2.5}, 's in ["s0", "s3"] and f < 2.5')]


@pytest.mark.rpc("Search")
@pytest.mark.requires(since=TEMPLATES_SINCE)
@pytest.mark.parametrize("expr,values,inlined", TEMPLATED, ids=[t[2] for t in TEMPLATED])
def test_search_template_values_equal_inlined(data, check, expr, values, inlined):
    """A templated filter ranks exactly what the inlined filter does (SearchRequest.expr_template_values)."""
    coll, oracle = data
    req = coll.search_request(QUERIES, limit=6, metric_type="L2", expr=expr)
    set_templates(req, values)
    compare(check, coll, oracle, coll.conn.call("Search", req), QUERIES, 6, inlined, "Search/template-values")


@pytest.mark.rpc("Search")
@pytest.mark.requires(since=TEMPLATES_SINCE)
def test_search_unknown_template_name(data, check):
    coll, _ = data
    req = coll.search_request(QUERIES[:1], limit=3, metric_type="L2", expr="n > {k}")
    set_templates(req, {"j": 1})
    check(coll.conn.call("Search", req), "Search/unknown-template-name")


# ---- group by -----------------------------------------------------------------------------------------------

@pytest.mark.rpc("Search")
@pytest.mark.requires(since=GROUP_BY_SINCE)
@pytest.mark.parametrize("limit", [1, 4, 10])
def test_search_group_by_one_hit_per_group(data, check, limit):
    """``group_by_field`` (default group_size 1): at most one hit per group value, and the hits are the best
    row of each of the ``limit`` best groups, in metric order (Milvus 2.4 docs "Grouping Search"). Ties may pick
    any row of equal score."""
    coll, oracle = data
    req = coll.search_request(QUERIES, limit=limit, metric_type="L2")
    req.search_params.extend(kv_pairs({"group_by_field": "n"}))
    reply = coll.conn.call("Search", req)
    check(reply, "Search/group-by")
    request = request_of(coll, reply)
    hits = hits_of(reply.results)
    verify("Search/result/shape", len(hits) == len(QUERIES), expected=f"{len(QUERIES)} result lists",
           actual=str(len(hits)), request=request)
    everything = oracle.search(QUERIES, "L2", len(oracle.rows))
    for qi, (ranked, got) in enumerate(zip(everything, hits, strict=True)):
        best: dict = {}
        for h in ranked:
            best.setdefault(oracle.rows[h.id].row["n"], h.score)
        want_scores = sorted(best.values())[:limit]
        groups = [oracle.rows[h.id].row["n"] if h.id in oracle.rows else None for h in got]
        verify("Search/result/live-rows", None not in groups, expected="ids of written rows",
               actual=str([h.id for h in got]), request=request)
        verify("Search/result/group-by", len(set(groups)) == len(groups),
               expected=f"query {qi}: at most one hit per n value", actual=f"n values {groups}", request=request)
        for h, g in zip(got, groups, strict=True):
            verify("Search/result/group-by", bool(np.isclose(h.score, best[g], rtol=1e-5, atol=1e-5)),
                   expected=f"query {qi}, n={g}: the group's best row, score {best[g]}",
                   actual=f"id {h.id} score {h.score}", request=request)
        verify("Search/result/group-by",
               len(got) == len(want_scores) and bool(np.allclose([h.score for h in got], want_scores, rtol=1e-5,
                                                                 atol=1e-5)),
               expected=f"query {qi}: the {limit} best groups in metric order, scores {want_scores}",
               actual=str([h.score for h in got]), request=request)
    column = reply.results.group_by_field_value
    if column.field_name or column.type:
        values = d.column_values(column)
        want = [oracle.rows[h.id].row["n"] for q in hits for h in q]
        verify("Search/result/group-by", values == want, expected=f"group_by_field_value {want}",
               actual=str(values), request=request)


# ---- search by primary keys ---------------------------------------------------------------------------------

@pytest.mark.rpc("Search")
@pytest.mark.requires(since=SEARCH_BY_PK_SINCE)
def test_search_by_primary_keys_equals_search_by_stored_vectors(data, check):
    """SearchRequest.ids searches with the stored vectors of those keys: the answer equals a search with those
    vectors sent as a placeholder group."""
    coll, oracle = data
    keys = [3, 17, 8]
    req = coll.search_request(QUERIES[:1], limit=5, metric_type="L2", expr="n != 4")
    req.ClearField("placeholder_group")
    req.ids.CopyFrom(schema_pb2.IDs(int_id=schema_pb2.LongArray(data=keys)))
    req.nq = len(keys)
    vecs = [oracle.rows[k].row["vec"] for k in keys]
    compare(check, coll, oracle, coll.conn.call("Search", req), vecs, 5, "n != 4", "Search/by-primary-keys")



# ---- rerank functions (function_score) ----------------------------------------------------------------------

def function_score(**params) -> schema_pb2.FunctionScore:
    """A FunctionScore of one Rerank function; ``input`` names its input field."""
    inputs = params.pop("input", [])
    fn = schema_pb2.FunctionSchema(name="rerank", type=schema_pb2.FunctionType.Rerank, input_field_names=inputs)
    fn.params.extend(kv_pairs({k: v if isinstance(v, str) else str(v) for k, v in params.items()}))
    return schema_pb2.FunctionScore(functions=[fn])


def gauss(value: float, origin: float, scale: float, decay: float = 0.5, offset: float = 0.0) -> float:
    dist = max(0.0, abs(value - origin) - offset)
    return float(np.exp(dist ** 2 * np.log(decay) / scale ** 2))


@pytest.mark.rpc("Search")
@pytest.mark.requires(since=FUNCTION_SCORE_SINCE)
def test_search_with_decay_reranker(data, check):
    """decay (gauss on f, origin 2, scale 1): the top-limit L2 candidates, each scored (1 − 2·atan(d)/π) × its
    decay factor, re-sorted best first."""
    coll, oracle = data
    req = coll.search_request(QUERIES[:1], limit=6, metric_type="L2")
    req.function_score.CopyFrom(function_score(reranker="decay", function="gauss", origin=2, scale=1, input=["f"]))
    reply = coll.conn.call("Search", req)
    check(reply, "Search/function-score/accepts")
    candidates = oracle.search(QUERIES[:1], "L2", 6)[0]
    scored = [(h.id, (1 - 2 * np.arctan(h.score) / np.pi) * gauss(oracle.rows[h.id].row["f"], 2, 1))
              for h in candidates]
    want = sorted(scored, key=lambda p: -p[1])
    got = hits_of(reply.results)[0] if reply.results.topks else []
    ok = sorted(h.id for h in got) == sorted(i for i, _ in want) and all(
        np.isclose(dict(want)[h.id], h.score, rtol=1e-4, atol=1e-5) for h in got) and all(
        got[i].score >= got[i + 1].score - 1e-6 for i in range(len(got) - 1))
    verify("Search/result/function-score-decay", ok, expected=str([(i, round(s, 5)) for i, s in want]),
           actual=str([(h.id, round(h.score, 5)) for h in got]), request=req)


@pytest.mark.rpc("Search")
@pytest.mark.requires(since=FUNCTION_SCORE_SINCE)
@pytest.mark.parametrize("params", [dict(reranker="no_such_ranker"), dict(reranker="rrf", k=0),
                                    dict(reranker="decay", function="gauss", origin=0, scale=0, input=["f"]),
                                    dict(reranker="decay", function="gauss", origin=0, scale=1, input=["s"])],
                         ids=["unknown-reranker", "rrf-k-zero", "decay-scale-zero", "decay-on-varchar"])
def test_search_with_invalid_reranker(data, check, params):
    coll, _ = data
    req = coll.search_request(QUERIES[:1], limit=3, metric_type="L2")
    req.function_score.CopyFrom(function_score(**params))
    check(coll.conn.call("Search", req), "Search/function-score/invalid")


@pytest.mark.rpc("Search")
@pytest.mark.requires(since=FUNCTION_SCORE_SINCE)
def test_search_with_model_reranker_without_provider(data, check):
    """A model reranker needs a rerank provider; a server without one configured refuses the request."""
    coll, _ = data
    req = coll.search_request(QUERIES[:1], limit=3, metric_type="L2")
    req.function_score.CopyFrom(function_score(reranker="model", provider="tei", queries='["fruit"]',
                                               endpoint="http://127.0.0.1:9/rerank", input=["s"]))
    check(coll.conn.call("Search", req), "Search/function-score/model-provider")


@pytest.mark.rpc("HybridSearch")
@pytest.mark.requires(since=FUNCTION_SCORE_SINCE)
def test_hybrid_search_with_rrf_function_score(data, check):
    """function_score rrf (k 30) fuses the legs: Σ 1/(k + rank), best first."""
    coll, oracle = data
    legs = [coll.search_request([q], limit=6, metric_type="L2") for q in QUERIES[:2]]
    req = milvus_hybrid(coll, legs, limit=5)
    req.function_score.CopyFrom(function_score(reranker="rrf", k=30))
    reply = coll.conn.call("HybridSearch", req)
    check(reply, "HybridSearch/function-score/accepts")
    fused: dict = {}
    for q in QUERIES[:2]:
        for rank, h in enumerate(oracle.search([q], "L2", 6)[0], start=1):
            fused[h.id] = fused.get(h.id, 0.0) + 1 / (30 + rank)
    want = sorted(fused.items(), key=lambda p: -p[1])
    got = hits_of(reply.results)[0] if reply.results.topks else []
    cut = want[4][1] if len(want) > 4 else -1.0
    ok = len(got) == min(5, len(want)) and all(np.isclose(fused.get(h.id, -1), h.score, rtol=1e-4) for h in got) \
        and all(fused[h.id] >= cut - 1e-9 for h in got)
    verify("HybridSearch/result/function-score-fused", ok, expected=str([(i, round(s, 5)) for i, s in want[:5]]),
           actual=str([(h.id, round(h.score, 5)) for h in got]), request=req)


def milvus_hybrid(coll, legs, *, limit):
    from conformance.protocol import milvus_pb2

    level, ts = coll.read_consistency()
    return milvus_pb2.HybridSearchRequest(collection_name=coll.name, requests=legs,
                                          rank_params=kv_pairs({"limit": limit}), consistency_level=level,
                                          guarantee_timestamp=ts, use_default_consistency=False)


# ---- function chains (SearchRequest / HybridSearchRequest.function_chains) ------------------------------------

STAGE = schema_pb2.FunctionChainStage


def chain(stage=STAGE.FunctionChainStageL2Rerank, ops=1) -> schema_pb2.FunctionChain:
    """A function chain of ``ops`` map operators writing $score (its content is never reached by the refusals
    judged here)."""
    c = schema_pb2.FunctionChain(name="chain", stage=stage)
    for _ in range(ops):
        op = c.ops.add(op="map", inputs=["$score"], outputs=["$score"])
        op.expr.name = "score"
    return c


@pytest.mark.rpc("Search")
@pytest.mark.requires(since=FUNCTION_CHAINS_SINCE)
def test_search_with_function_score_and_function_chain(data, check):
    """A rerank function chain and a function_score in one Search are refused before anything runs."""
    coll, _ = data
    req = coll.search_request(QUERIES[:1], limit=3, metric_type="L2")
    req.function_score.CopyFrom(function_score(reranker="decay", function="gauss", origin=2, scale=1, input=["f"]))
    req.function_chains.append(chain())
    check(coll.conn.call("Search", req), "Search/function-chains/with-function-score")


CHAIN_SHAPES = [("ingestion-stage", [chain(STAGE.FunctionChainStageIngestion)]),
                ("rerank-chain-without-ops", [chain(ops=0)]),
                ("stage-twice", [chain(), chain()])]


@pytest.mark.rpc("Search")
@pytest.mark.requires(since=FUNCTION_CHAINS_SINCE)
@pytest.mark.parametrize("chains", [c for _, c in CHAIN_SHAPES], ids=[n for n, _ in CHAIN_SHAPES])
def test_search_with_an_invalid_function_chain(data, check, chains):
    coll, _ = data
    req = coll.search_request(QUERIES[:1], limit=3, metric_type="L2")
    req.function_chains.extend(chains)
    check(coll.conn.call("Search", req), "Search/function-chains/invalid")


@pytest.mark.rpc("HybridSearch")
@pytest.mark.requires(since=FUNCTION_CHAINS_SINCE)
@pytest.mark.parametrize("case", ["with-function-score", "with-rank-params", "two-chains", "ingestion-stage"])
def test_hybrid_search_with_an_invalid_function_chain(data, check, case):
    """selectHybridRerankMeta: one L2 rerank chain, instead of function_score and rank_params strategy / params."""
    coll, _ = data
    legs = [coll.search_request([q], limit=4, metric_type="L2") for q in QUERIES[:2]]
    req = milvus_hybrid(coll, legs, limit=3)
    if case == "with-rank-params":
        req.rank_params.extend(kv_pairs({"strategy": "rrf"}))
    if case == "with-function-score":
        req.function_score.CopyFrom(function_score(reranker="rrf", k=30))
    chains = {"two-chains": [chain(), chain()], "ingestion-stage": [chain(STAGE.FunctionChainStageIngestion)]}
    req.function_chains.extend(chains.get(case, [chain()]))
    check(coll.conn.call("HybridSearch", req), "HybridSearch/function-chains/invalid")
