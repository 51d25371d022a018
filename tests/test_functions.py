"""Schema functions, full-text search and rerank functions: the model (conformance/model/functions.py) and the mock
over gRPC."""

import json
import math

import numpy as np
import pytest

from conformance.mock import serve
from conformance.model import analyzer, errors, functions
from conformance.model import schema as sm
from conformance.orm import kv_pairs
from conformance.protocol import common_pb2, milvus_pb2, schema_pb2
from conformance.transport import parse_target
from conformance.transport.connections import Connection

DT = schema_pb2.DataType
FT = schema_pb2.FunctionType
PT = common_pb2.PlaceholderType
DOCS = ["the quick brown fox", "jumps over the lazy dog", "Quick quick fox fox fox", "hello world", "brown dog sleeps"]


def _kv(field, **params):
    for k, v in params.items():
        field.type_params.add(key=k, value=v)
    return field


def bm25_schema(name="c", *, analyzer_on=True, function=None, extra=()):
    s = schema_pb2.CollectionSchema(name=name)
    s.fields.add(name="id", data_type=DT.Int64, is_primary_key=True)
    text = _kv(s.fields.add(name="text", data_type=DT.VarChar), max_length="256")
    if analyzer_on:
        _kv(text, enable_analyzer="true", enable_match="true")
    _kv(s.fields.add(name="plain", data_type=DT.VarChar), max_length="256")
    s.fields.add(name="sparse", data_type=DT.SparseFloatVector)
    _kv(s.fields.add(name="vec", data_type=DT.FloatVector), dim="2")
    for f in extra:
        s.fields.add().CopyFrom(f)
    spec = dict(name="bm", type=FT.BM25, input_field_names=["text"], output_field_names=["sparse"])
    spec.update(function or {})
    params = spec.pop("params", {})
    s.functions.add(**spec).params.extend(kv_pairs(params))
    return s


def create_request(schema):
    return milvus_pb2.CreateCollectionRequest(collection_name=schema.name, schema=schema.SerializeToString())


# ---- schema validation --------------------------------------------------------------------------------------

def test_a_valid_bm25_function_marks_its_output():
    out = sm.validate_create_collection(create_request(bm25_schema()))
    assert [f.name for f in out.fields if f.is_function_output] == ["sparse"]
    assert [fn.name for fn in out.functions] == ["bm"]


@pytest.mark.parametrize("options,check,code,text", [
    (dict(analyzer_on=False), "CreateCollection/function/bm25-input", 1100, "must set enable_analyzer to true"),
    (dict(function={"input_field_names": ["id"]}), "CreateCollection/function/bm25-input", 1100,
     "VARCHAR/TEXT field, got 1 field with type Int64"),
    (dict(function={"output_field_names": ["vec"]}), "CreateCollection/function/bm25-output", 1100,
     "must be a SparseFloatVector field, but got FloatVector"),
    (dict(function={"output_field_names": ["sparse", "s2"]},
          extra=[schema_pb2.FieldSchema(name="s2", data_type=DT.SparseFloatVector)]),
     "CreateCollection/function/bm25-output", 1100, "only need 1 output field, but got 2"),
    (dict(function={"input_field_names": ["nope"]}), "CreateCollection/function/field-not-found", 1100,
     "function input field not found: nope"),
    (dict(function={"output_field_names": ["nope"]}), "CreateCollection/function/field-not-found", 1100,
     "function output field not found: nope"),
    (dict(function={"params": {"k1": "1"}}), "CreateCollection/function/bm25-params", 1100, "accepts no params"),
    (dict(function={"output_field_names": ["text"]}), "CreateCollection/function/invalid", 1100,
     "cannot be both input and output"),
    (dict(function={"name": ""}), "CreateCollection/function/missing-name", 1101, "function name cannot be empty"),
    (dict(function={"output_field_names": ["id"]}), "CreateCollection/function/invalid", 1100, "primary key"),
])
def test_function_rules(options, check, code, text):
    with pytest.raises(errors.MilvusError) as info:
        sm.validate_create_collection(create_request(bm25_schema(**options)))
    assert (info.value.check_id, info.value.code) == (check, code)
    assert text in info.value.reason


def test_text_embedding_is_refused_without_a_provider():
    s = bm25_schema()
    f = s.fields.add(name="dense", data_type=DT.FloatVector)
    _kv(f, dim="4")
    s.functions.add(name="emb", type=FT.TextEmbedding, input_field_names=["plain"], output_field_names=["dense"],
                    params=kv_pairs({"provider": "openai", "model_name": "x"}))
    with pytest.raises(errors.MilvusError) as info:
        sm.validate_create_collection(create_request(s))
    assert info.value.check_id == "CreateCollection/function/embedding-provider" and info.value.code == 1100


# ---- BM25 -----------------------------------------------------------------------------------------------------

def test_bm25_scores_match_a_real_milvus_2_5():
    """milvus-lite 2.5.1 answered 2.3941 (doc 2) and 1.7140 (doc 0) to "quick fox" over DOCS."""
    an = analyzer.build("")
    docs = [functions.term_frequencies(an, t) for t in DOCS]
    q = functions.term_frequencies(an, "quick fox")
    scores = functions.bm25_scores([q], docs, docs)[0]
    assert math.isclose(scores[2], 2.3941187858581543, rel_tol=1e-5)
    assert math.isclose(scores[0], 1.7140324115753174, rel_tol=1e-5)
    assert [s for i, s in enumerate(scores) if i not in (0, 2)] == [0.0, 0.0, 0.0]


def test_bm25_params_come_from_search_then_index():
    assert functions.bm25_params({}, {}) == (1.2, 0.75)
    assert functions.bm25_params({"params": json.dumps({"bm25_k1": 2})}, {"params": json.dumps({"bm25_b": 0.5})}) \
        == (2.0, 0.5)


def test_a_text_placeholder_becomes_term_frequencies():
    schema = sm.validate_create_collection(create_request(bm25_schema()))
    pg = common_pb2.PlaceholderGroup()
    pg.placeholders.add(tag="$0", type=PT.VarChar, values=[b"Fox fox dog"])
    out = common_pb2.PlaceholderGroup()
    out.ParseFromString(functions.text_placeholder(pg.SerializeToString(), schema, "sparse"))
    assert out.placeholders[0].type == PT.SparseFloatVector
    from conformance.model import data as dm

    assert sorted(dm.decode_sparse(out.placeholders[0].values[0]).values()) == [1.0, 2.0]
    # another field's placeholder is left alone
    assert functions.text_placeholder(pg.SerializeToString(), schema, "vec") == pg.SerializeToString()


# ---- rerank ---------------------------------------------------------------------------------------------------

def _score(**params):
    inputs = params.pop("input", [])
    fn = schema_pb2.FunctionSchema(name="r", type=FT.Rerank, input_field_names=inputs)
    fn.params.extend(kv_pairs({k: str(v) for k, v in params.items()}))
    return schema_pb2.FunctionScore(functions=[fn])


SCHEMA = schema_pb2.CollectionSchema(name="c", fields=[
    schema_pb2.FieldSchema(name="id", data_type=DT.Int64, is_primary_key=True),
    schema_pb2.FieldSchema(name="f", data_type=DT.Float), schema_pb2.FieldSchema(name="s", data_type=DT.VarChar)])


@pytest.mark.parametrize("params,text", [
    (dict(reranker="nope"), "unsupported reranker nope"),
    (dict(reranker="rrf", k="x"), "x is not a number"),
    (dict(reranker="rrf", k=16384), "should be in range (0, 16384)"),
    (dict(reranker="weighted", weights="[1.5]"), "weight should be in range [0, 1]"),
    (dict(reranker="weighted"), "requires weights parameter"),
    (dict(reranker="decay", origin=0, scale=1, input=["f"]), "decay function not specified"),
    (dict(reranker="decay", function="gauss", scale=1, input=["f"]), "decay origin not specified"),
    (dict(reranker="decay", function="gauss", origin=0, scale=1, decay=1, input=["f"]), "0 < decay < 1"),
    (dict(reranker="decay", function="cubic", origin=0, scale=1, input=["f"]), "invalid function"),
    (dict(reranker="decay", function="gauss", origin=0, scale=1, score_mode="min", input=["f"]),
     "unsupported score_mode"),
    (dict(reranker="decay", function="gauss", origin=0, scale=1, input=["s"]), "must be numeric"),
    (dict(reranker="decay", function="gauss", origin=0, scale=1), "exactly 1 input field, got 0"),
])
def test_invalid_function_scores(params, text):
    with pytest.raises(errors.MilvusError) as info:
        functions.Rerank(_score(**params), SCHEMA, 1)
    assert info.value.code == 1100 and text in info.value.reason, info.value.reason
    assert info.value.check_id == "Search/function-score/invalid"


def test_weights_must_match_the_legs():
    with pytest.raises(errors.MilvusError) as info:
        functions.Rerank(_score(reranker="weighted", weights="[0.5]"), SCHEMA, 2)
    assert info.value.check_id == "HybridSearch/weights-length-mismatch"


def test_a_model_reranker_needs_a_provider():
    with pytest.raises(errors.MilvusError) as info:
        functions.Rerank(_score(reranker="model", provider="tei", queries='["q"]', input=["s"]), SCHEMA, 1)
    assert info.value.check_id == "Search/function-score/model-provider"
    assert info.value.reason.startswith("rerank_builder:")


def test_decay_factors():
    r = functions.Rerank(_score(reranker="decay", function="gauss", origin=10, scale=5, offset=1, decay=0.5,
                                input=["f"]), SCHEMA, 1)
    assert r.decay_factor(10) == 1.0 and r.decay_factor(11) == 1.0
    assert math.isclose(r.decay_factor(16), 0.5)  # |16 - 10| - 1 = scale: the decay value
    r.function = "exp"
    assert math.isclose(r.decay_factor(16), 0.5)
    r.function = "linear"
    assert math.isclose(r.decay_factor(16), 0.5) and r.decay_factor(100) == 0.5  # linear floors at decay


def test_rrf_and_decay_fuse():
    from conformance.model.vectors import Hit

    rows = {i: {"id": i, "f": float(i)} for i in range(5)}
    leg1 = ([[Hit(0, 0.1), Hit(1, 0.2), Hit(2, 0.3)]], [[rows[0], rows[1], rows[2]]])
    leg2 = ([[Hit(2, 0.9), Hit(3, 0.8)]], [[rows[2], rows[3]]])
    rrf = functions.Rerank(_score(reranker="rrf", k=10), SCHEMA, 2)
    hits, _ = rrf.fuse([leg1, leg2], ["L2", "IP"], 3, 0, -1)
    assert [h.id for h in hits[0]] == [2, 0, 1]
    assert math.isclose(hits[0][0].score, 1 / 13 + 1 / 11, rel_tol=1e-6)
    decay = functions.Rerank(_score(reranker="decay", function="exp", origin=0, scale=1, input=["f"]), SCHEMA, 1)
    hits, out_rows = decay.fuse([leg1], ["L2"], 2, 1, -1)
    want = sorted(((i, (1 - 2 * math.atan(s) / math.pi) * 0.5 ** i) for i, s in ((0, 0.1), (1, 0.2), (2, 0.3))),
                  key=lambda p: -p[1])[1:3]
    assert [h.id for h in hits[0]] == [i for i, _ in want]
    assert all(math.isclose(h.score, s, rel_tol=1e-5) for h, (_, s) in zip(hits[0], want, strict=True))
    assert [r["id"] for r in out_rows[0]] == [i for i, _ in want]


# ---- the mock over gRPC ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def conn():
    with serve() as srv:
        c = Connection("fx", parse_target(srv.address))
        yield c
        c.close()


def _ok(reply):
    status = reply if isinstance(reply, common_pb2.Status) else reply.status
    assert status.code == 0, status.reason
    return reply


def test_full_text_search_through_the_mock(conn):
    from conformance.model import data as dm

    schema = bm25_schema("ft")
    _ok(conn.call("CreateCollection", create_request(schema)))
    rows = [{"id": i, "text": t, "plain": t, "vec": np.array([i, 1], np.float32)} for i, t in enumerate(DOCS)]
    marked = schema_pb2.CollectionSchema()
    marked.CopyFrom(schema)
    next(f for f in marked.fields if f.name == "sparse").is_function_output = True
    _ok(conn.call("Insert", milvus_pb2.InsertRequest(collection_name="ft", num_rows=len(rows),
                                                     fields_data=dm.rows_to_fields_data(marked, rows))))
    with_output = dm.rows_to_fields_data(schema, [{**rows[0], "id": 99, "sparse": {1: 1.0}}])
    refused = conn.call("Insert", milvus_pb2.InsertRequest(collection_name="ft", num_rows=1, fields_data=with_output))
    assert refused.status.code == 1100
    plain_bm25 = conn.call("CreateIndex", milvus_pb2.CreateIndexRequest(
        collection_name="ft", field_name="vec", extra_params=kv_pairs({"index_type": "FLAT", "metric_type": "L2"})))
    _ok(plain_bm25)
    _ok(conn.call("CreateIndex", milvus_pb2.CreateIndexRequest(
        collection_name="ft", field_name="sparse",
        extra_params=kv_pairs({"index_type": "SPARSE_INVERTED_INDEX", "metric_type": "BM25"}))))
    _ok(conn.call("LoadCollection", milvus_pb2.LoadCollectionRequest(collection_name="ft")))
    pg = common_pb2.PlaceholderGroup()
    pg.placeholders.add(tag="$0", type=PT.VarChar, values=[b"quick fox"])
    reply = _ok(conn.call("Search", milvus_pb2.SearchRequest(
        collection_name="ft", placeholder_group=pg.SerializeToString(), nq=1, dsl_type=common_pb2.DslType.BoolExprV1,
        search_params=kv_pairs({"anns_field": "sparse", "topk": 5, "metric_type": "BM25", "params": "{}"}))))
    assert list(reply.results.ids.int_id.data) == [2, 0]
    ip = conn.call("Search", milvus_pb2.SearchRequest(
        collection_name="ft", placeholder_group=pg.SerializeToString(), nq=1, dsl_type=common_pb2.DslType.BoolExprV1,
        search_params=kv_pairs({"anns_field": "sparse", "topk": 5, "metric_type": "IP", "params": "{}"})))
    assert ip.status.code == 1100 and "must use BM25 metric type" in ip.status.reason
    assert np.allclose(list(reply.results.scores), [2.3941188, 1.7140324], rtol=1e-5)
    q = _ok(conn.call("Query", milvus_pb2.QueryRequest(collection_name="ft", expr="TEXT_MATCH(text, 'DOG hello')",
                                                       output_fields=["id"])))
    assert sorted(next(fd for fd in q.fields_data if fd.field_name == "id").scalars.long_data.data) == [1, 3, 4]
    bad = conn.call("Query", milvus_pb2.QueryRequest(collection_name="ft", expr="TEXT_MATCH(plain, 'dog')"))
    assert bad.status.code == 1100 and 'field "plain" does not enable match' in bad.status.reason


def test_bm25_metric_needs_a_function_output(conn):
    s = schema_pb2.CollectionSchema(name="sp", fields=[
        schema_pb2.FieldSchema(name="id", data_type=DT.Int64, is_primary_key=True),
        schema_pb2.FieldSchema(name="sparse", data_type=DT.SparseFloatVector)])
    _ok(conn.call("CreateCollection", create_request(s)))
    reply = conn.call("CreateIndex", milvus_pb2.CreateIndexRequest(
        collection_name="sp", field_name="sparse",
        extra_params=kv_pairs({"index_type": "SPARSE_INVERTED_INDEX", "metric_type": "BM25"})))
    assert reply.code == 1100 and "only BM25 Function output field support BM25 metric type" in reply.reason


def test_boost_multiplies_the_matching_candidates():
    from conformance.model.vectors import Hit

    fn = schema_pb2.FunctionSchema(name="b", type=FT.Rerank)
    fn.params.extend(kv_pairs({"reranker": "boost", "filter": "f > 1", "weight": "4"}))
    r = functions.Rerank(schema_pb2.FunctionScore(functions=[fn]), SCHEMA, 1)
    assert r.kind is None and len(r.boosts) == 1
    rows = [{"id": i, "f": float(i), "s": "x"} for i in range(3)]
    hits, out = r.fuse([([[Hit(0, 0.9), Hit(1, 0.5), Hit(2, 0.3)]], [rows])], ["IP"], 2, 0, -1)
    assert [(h.id, round(h.score, 4)) for h in hits[0]] == [(2, 1.2), (0, 0.9)]
    assert [row["id"] for row in out[0]] == [2, 0]
    bad = schema_pb2.FunctionSchema(name="b", type=FT.Rerank)
    bad.params.extend(kv_pairs({"reranker": "boost", "weight": "heavy"}))
    with pytest.raises(errors.MilvusError):
        functions.Rerank(schema_pb2.FunctionScore(functions=[bad]), SCHEMA, 1)



def test_weighted_fusion_normalises_per_metric():
    from conformance.model.vectors import Hit

    rows = {i: {"id": i} for i in range(3)}
    bm25 = ([[Hit(0, 3.0), Hit(1, 1.0)]], [[rows[0], rows[1]]])
    l2 = ([[Hit(1, 0.5), Hit(2, 2.0)]], [[rows[1], rows[2]]])
    r = functions.Rerank(_score(reranker="weighted", weights="[0.6, 0.4]", norm_score="true"), SCHEMA, 2)
    hits, _ = r.fuse([bm25, l2], ["BM25", "L2"], 3, 0, -1)
    want = {0: 0.6 * 2 * math.atan(3) / math.pi,
            1: 0.6 * 2 * math.atan(1) / math.pi + 0.4 * (1 - 2 * math.atan(0.5) / math.pi),
            2: 0.4 * (1 - 2 * math.atan(2) / math.pi)}
    assert [h.id for h in hits[0]] == sorted(want, key=lambda k: -want[k])
    assert all(math.isclose(h.score, want[h.id], rel_tol=1e-5) for h in hits[0])
    raw = functions.Rerank(_score(reranker="weighted", weights="[0.5, 0.5]"), SCHEMA, 2)
    hits, _ = raw.fuse([l2, l2], ["L2", "L2"], 2, 0, -1)  # distances only: raw sums, smallest first
    assert [(h.id, h.score) for h in hits[0]] == [(1, 0.5), (2, 2.0)]


def _loaded_bm25(conn, name):
    from conformance.model import data as dm

    schema = bm25_schema(name)
    _ok(conn.call("CreateCollection", create_request(schema)))
    marked = schema_pb2.CollectionSchema()
    marked.CopyFrom(schema)
    next(f for f in marked.fields if f.name == "sparse").is_function_output = True
    rows = [{"id": i, "text": t, "plain": t, "vec": np.array([i, 1], np.float32)} for i, t in enumerate(DOCS)]
    _ok(conn.call("Insert", milvus_pb2.InsertRequest(collection_name=name, num_rows=len(rows),
                                                     fields_data=dm.rows_to_fields_data(marked, rows))))
    for field, metric, kind in (("vec", "L2", "FLAT"), ("sparse", "BM25", "SPARSE_INVERTED_INDEX")):
        _ok(conn.call("CreateIndex", milvus_pb2.CreateIndexRequest(
            collection_name=name, field_name=field, extra_params=kv_pairs({"index_type": kind, "metric_type": metric}))))
    _ok(conn.call("LoadCollection", milvus_pb2.LoadCollectionRequest(collection_name=name)))


def _vec_search(name, **fields):
    pg = common_pb2.PlaceholderGroup()
    pg.placeholders.add(tag="$0", type=PT.FloatVector, values=[np.array([1, 1], np.float32).tobytes()])
    return milvus_pb2.SearchRequest(collection_name=name, placeholder_group=pg.SerializeToString(), nq=1,
                                    dsl_type=common_pb2.DslType.BoolExprV1,
                                    search_params=kv_pairs({"anns_field": "vec", "topk": 3, "metric_type": "L2"}),
                                    **fields)


def _chain(stage=schema_pb2.FunctionChainStage.FunctionChainStageL2Rerank, ops=1):
    c = schema_pb2.FunctionChain(name="c", stage=stage)
    for _ in range(ops):
        c.ops.add(op="map", inputs=["$score"], outputs=["$score"])
    return c


def test_query_refuses_a_bm25_output_field(conn):
    _loaded_bm25(conn, "qo")
    reply = conn.call("Query", milvus_pb2.QueryRequest(collection_name="qo", expr="id >= 0",
                                                       output_fields=["id", "sparse"]))
    assert reply.status.code == 1100
    assert reply.status.reason.startswith("not allowed to retrieve raw data of field sparse")
    star = _ok(conn.call("Query", milvus_pb2.QueryRequest(collection_name="qo", expr="id >= 0", output_fields=["*"])))
    assert "sparse" not in {fd.field_name for fd in star.fields_data}


def test_function_chains_highlighter_and_aggregation_are_refused_never_ignored(conn):
    """master's refusals (function_chain_validator.go) with their reasons; a chain that passes them, a highlighter
    and a search_aggregation are refused by the mock (it does not execute them) instead of being ignored."""
    _loaded_bm25(conn, "fcs")
    stage = schema_pb2.FunctionChainStage
    decay = schema_pb2.FunctionScore(functions=[schema_pb2.FunctionSchema(
        name="r", type=FT.Rerank, input_field_names=["id"],
        params=kv_pairs({"reranker": "decay", "function": "gauss", "origin": "0", "scale": "1"}))])

    def reason(req, rpc="Search"):
        reply = conn.call(rpc, req)
        assert reply.status.code == 1100, reply.status
        return reply.status.reason

    assert reason(_vec_search("fcs", function_score=decay, function_chains=[_chain()])).startswith(
        "function_score and function_chains cannot be used together")
    assert reason(_vec_search("fcs", function_chains=[_chain(stage.FunctionChainStageIngestion)])) == \
        "function chain[0] stage FunctionChainStageIngestion is not supported in search request: invalid parameter"
    assert reason(_vec_search("fcs", function_chains=[_chain(ops=0)])) == \
        "function chain[0] must contain at least one op: invalid parameter"
    assert "appears more than once" in reason(_vec_search("fcs", function_chains=[_chain(), _chain()]))
    assert "not supported by the mock" in reason(_vec_search("fcs", function_chains=[_chain()]))
    assert reason(_vec_search("fcs", highlighter=common_pb2.Highlighter(type=0))).startswith("highlighter is not")
    assert reason(_vec_search("fcs", search_aggregation=common_pb2.SearchAggregationSpec(fields=["id"]))) \
        .startswith("search_aggregation is not")
    # the pinned master copy runs rerank stages only: a post-process chain is a stage a search does not run
    assert "stage FunctionChainStagePostProcess is not supported in search request" in reason(
        _vec_search("fcs", function_chains=[_chain(stage.FunctionChainStagePostProcess)]))

    def hybrid(chains=(), rank=None, score=None, sub_chains=()):
        legs = [_vec_search("fcs"), _vec_search("fcs", function_chains=list(sub_chains))]
        req = milvus_pb2.HybridSearchRequest(collection_name="fcs", requests=legs,
                                             rank_params=kv_pairs({"limit": 2, **(rank or {})}),
                                             function_chains=list(chains))
        if score is not None:
            req.function_score.CopyFrom(score)
        return req
    rrf = schema_pb2.FunctionScore(functions=[schema_pb2.FunctionSchema(
        name="r", type=FT.Rerank, params=kv_pairs({"reranker": "rrf"}))])
    assert reason(hybrid([_chain()], score=rrf), "HybridSearch").startswith(
        "function_chains cannot be used with function_score")
    assert reason(hybrid([_chain()], rank={"strategy": "rrf"}), "HybridSearch").startswith(
        "function_chains cannot be used with rank_params strategy or params")
    assert reason(hybrid([_chain(), _chain()]), "HybridSearch").startswith(
        "hybrid search requires exactly one function chain, got 2")
    assert reason(hybrid(score=rrf, sub_chains=[_chain()]), "HybridSearch").startswith(
        "function_score cannot be used with function_chains in sub-search[1]")
    assert "not supported by the mock" in reason(hybrid([_chain()]), "HybridSearch")
    _ok(conn.call("HybridSearch", hybrid()))  # without any of them the request is served
