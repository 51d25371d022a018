"""Full-text search and text filters: BM25 functions in CreateCollection (accepted schema and each validation rule),
the generated output column, the BM25 index metric, Search with text queries scored by BM25, a HybridSearch with a
full-text leg, and TEXT_MATCH / PHRASE_MATCH filters. Expected answers and scores: conformance/model/functions.py
and rules/functions.py (Milvus 2.5.0+; PHRASE_MATCH from the 2.6 line)."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from conformance.expectations import NotApplicable, verify
from conformance.expectations.oracle import INDEXED, LOADED, await_loaded, hits_of, request_of
from conformance.model import analyzer as an
from conformance.model import functions as fx
from conformance.model.rules.functions import FULL_TEXT_SINCE, PHRASE_MATCH_SINCE
from conformance.orm import Collection, kv_pairs, search_params
from conformance.protocol import common_pb2, milvus_pb2, schema_pb2

DT = schema_pb2.DataType
FT = schema_pb2.FunctionType
PT = common_pb2.PlaceholderType
DIM = 4
DOCS = ["the quick brown fox", "jumps over the lazy dog", "Quick quick fox fox fox", "hello world",
        "brown dog sleeps", "a lazy afternoon for the fox", "World peace and quiet", "dog days of summer"]
ROWS = [{"id": i, "text": t, "plain": t, "vec": np.array([i % 3, 1, -i % 2, 0.5 * i], np.float32)}
        for i, t in enumerate(DOCS)]
TEXT_QUERIES = ["quick fox", "lazy DOG", "world"]


def _kv(field, **params):
    for k, v in params.items():
        field.type_params.add(key=k, value=v)
    return field


def fts_schema(name: str, *, analyzer: bool = True, function: dict | None = None,
               extra: list[schema_pb2.FieldSchema] = ()) -> schema_pb2.CollectionSchema:
    """id (pk), text (VarChar with analyzer and match), plain (VarChar), sparse (the BM25 output), vec (dense);
    ``function`` overrides the BM25 function's attributes."""
    s = schema_pb2.CollectionSchema(name=name)
    s.fields.add(name="id", data_type=DT.Int64, is_primary_key=True)
    text = _kv(s.fields.add(name="text", data_type=DT.VarChar), max_length="512")
    if analyzer:  # (enable_match needs the analyzer: without it only the BM25 rule is broken)
        _kv(text, enable_analyzer="true", enable_match="true")
    _kv(s.fields.add(name="plain", data_type=DT.VarChar), max_length="512")
    s.fields.add(name="sparse", data_type=DT.SparseFloatVector, is_function_output=True)
    _kv(s.fields.add(name="vec", data_type=DT.FloatVector), dim=str(DIM))
    for f in extra:
        s.fields.add().CopyFrom(f)
    spec = dict(name="bm", type=FT.BM25, input_field_names=["text"], output_field_names=["sparse"])
    spec.update(function or {})
    params = spec.pop("params", {})
    fn = s.functions.add(**spec)
    fn.params.extend(kv_pairs(params))
    return s


def text_request(coll, texts, *, limit, expr="", metric="BM25", output_fields=(), anns="sparse"):
    """A Search of ``texts`` (PlaceholderType VarChar) on the BM25 output ``anns``."""
    group = common_pb2.PlaceholderGroup()
    group.placeholders.add(tag="$0", type=PT.VarChar, values=[t.encode() for t in texts])
    level, ts = coll.read_consistency()
    return milvus_pb2.SearchRequest(
        collection_name=coll.name, dsl=expr, dsl_type=common_pb2.DslType.BoolExprV1,
        placeholder_group=group.SerializeToString(), output_fields=list(output_fields), nq=len(texts),
        search_params=search_params(anns_field=anns, limit=limit, metric_type=metric),
        consistency_level=level, guarantee_timestamp=ts, use_default_consistency=False)


def expected_bm25(texts, rows=ROWS, *, where=lambda r: True):
    """The model's full-text ranking: per query, (id, score) of each row holding a query token, best first."""
    a = an.build(json.dumps({"type": "standard"}))
    corpus = [fx.term_frequencies(a, r["text"]) for r in ROWS]
    kept = [r for r in rows if where(r)]
    docs = [fx.term_frequencies(a, r["text"]) for r in kept]
    queries = [fx.term_frequencies(a, t) for t in texts]
    out = []
    for q_scores in fx.bm25_scores(queries, docs, corpus):
        out.append(sorted(((kept[i]["id"], s) for i, s in enumerate(q_scores) if s > 0), key=lambda p: -p[1]))
    return out


def same_ranking(expected, got, rel=2e-3) -> bool:
    """Same hits with the same scores (float32 tolerance), best first; ties in any order."""
    if [len(q) for q in expected] != [len(q) for q in got]:
        return False
    for exp, hits in zip(expected, got, strict=True):
        want = dict(exp)
        if set(want) != {h.id for h in hits}:
            return False
        if any(not math.isclose(want[h.id], h.score, rel_tol=rel, abs_tol=1e-4) for h in hits):
            return False
        if any(hits[i].score < hits[i + 1].score - 1e-4 for i in range(len(hits) - 1)):
            return False
    return True


def shown(hits) -> str:
    return str([[(h.id, round(h.score, 4)) for h in q] for q in hits])


@pytest.fixture(scope="module")
def fts(ledger, check, server):
    """A loaded collection with a BM25 function over ``text``: sparse index with metric BM25, FLAT on vec."""
    if server.older_than(FULL_TEXT_SINCE):
        raise NotApplicable(f"needs Milvus >= {FULL_TEXT_SINCE}; the target is {server.describe()}")
    coll = Collection(ledger.name("c"), fts_schema("x"), ledger=ledger)
    coll.schema.name = coll.name
    check(coll.create(), "CreateCollection/function/accepts-bm25")
    check(coll.insert(ROWS), "Insert/bm25-rows")
    check(coll.index("sparse", {"index_type": "SPARSE_INVERTED_INDEX", "metric_type": "BM25", "params": "{}"}).create(),
          "CreateIndex/params/accepts-bm25")
    check(coll.index("vec", {"index_type": "FLAT", "metric_type": "L2", "params": "{}"}).create(), INDEXED)
    check(coll.load(), LOADED)
    await_loaded(coll)
    return coll


# ---- the schema ---------------------------------------------------------------------------------------------

@pytest.mark.rpc("CreateCollection", "DescribeCollection")
@pytest.mark.requires(since=FULL_TEXT_SINCE)
def test_bm25_function_echoed(fts, check):
    reply = fts.describe()
    check(reply, "DescribeCollection/existing")
    fns = [(f.name, f.type, list(f.input_field_names), list(f.output_field_names)) for f in reply.schema.functions]
    marked = [f.name for f in reply.schema.fields if f.is_function_output]
    verify("DescribeCollection/function-echo", fns == [("bm", FT.BM25, ["text"], ["sparse"])] and marked == ["sparse"],
           expected="functions [('bm', BM25, ['text'], ['sparse'])], is_function_output on ['sparse']",
           actual=f"functions {fns}, is_function_output on {marked}", request=request_of(fts, reply))


_VEC8 = _kv(schema_pb2.FieldSchema(name="vec2", data_type=DT.FloatVector), dim=str(DIM))
_SPARSE2 = schema_pb2.FieldSchema(name="sparse2", data_type=DT.SparseFloatVector)
SCHEMA_RULES = [
    ("input-without-analyzer", dict(analyzer=False), "CreateCollection/function/bm25-input"),
    ("input-not-varchar", dict(function={"input_field_names": ["id"]}), "CreateCollection/function/bm25-input"),
    ("output-not-sparse", dict(function={"output_field_names": ["vec"]}), "CreateCollection/function/bm25-output"),
    ("two-outputs", dict(function={"output_field_names": ["sparse", "sparse2"]}, extra=[_SPARSE2]),
     "CreateCollection/function/bm25-output"),
    ("input-missing", dict(function={"input_field_names": ["nope"]}), "CreateCollection/function/field-not-found"),
    ("output-missing", dict(function={"output_field_names": ["nope"]}), "CreateCollection/function/field-not-found"),
    ("with-params", dict(function={"params": {"k1": "1.2"}}), "CreateCollection/function/bm25-params"),
    ("input-is-output", dict(function={"output_field_names": ["text"]}), "CreateCollection/function/invalid"),
    ("no-name", dict(function={"name": ""}), "CreateCollection/function/missing-name"),
]


@pytest.mark.rpc("CreateCollection")
@pytest.mark.requires(since=FULL_TEXT_SINCE)
@pytest.mark.parametrize("label,options,rule", SCHEMA_RULES, ids=[r[0] for r in SCHEMA_RULES])
def test_bm25_function_schema_rules(conn, ledger, check, label, options, rule):
    name = ledger.name("c")
    coll = Collection(name, fts_schema(name, **options), ledger=ledger)
    check(coll.create(), rule)


@pytest.mark.rpc("CreateCollection")
@pytest.mark.requires(since="2.6.0")
def test_text_embedding_function_without_a_provider(ledger, check):
    """A TextEmbedding function needs its embedding provider configured; a server without it refuses the schema."""
    name = ledger.name("c")
    s = fts_schema(name)
    _kv(s.fields.add(name="dense", data_type=DT.FloatVector), dim="8")
    fn = s.functions.add(name="emb", type=FT.TextEmbedding, input_field_names=["plain"], output_field_names=["dense"])
    fn.params.extend(kv_pairs({"provider": "openai", "model_name": "text-embedding-3-small"}))
    check(Collection(name, s, ledger=ledger).create(), "CreateCollection/function/embedding-provider")


# ---- data and index -----------------------------------------------------------------------------------------

@pytest.mark.rpc("Insert", "CreateCollection")
@pytest.mark.requires(since=FULL_TEXT_SINCE)
def test_insert_with_function_output_column(ledger, check):
    """The BM25 output is generated by Milvus; a column for it is one column too many. (A collection of its own:
    a server that accepts the row must not change the corpus statistics the search cases hold.)"""
    from conformance.model import data as d

    name = ledger.name("c")
    coll = Collection(name, fts_schema(name), ledger=ledger)
    check(coll.create(), "CreateCollection/function/accepts-bm25")
    check(coll.insert(ROWS[:2]), "Insert/bm25-rows")
    check(coll.index("sparse", {"index_type": "SPARSE_INVERTED_INDEX", "metric_type": "BM25", "params": "{}"}).create(),
          "CreateIndex/params/accepts-bm25")
    schema = schema_pb2.CollectionSchema()
    schema.CopyFrom(coll.schema)
    for f in schema.fields:
        f.is_function_output = False  # encode the sparse column too
    rows = [{"id": 900, "text": "sent with its output", "plain": "x", "sparse": {1: 0.5},
             "vec": np.zeros(DIM, np.float32)}]
    check(coll.insert(fields_data=d.rows_to_fields_data(schema, rows), num_rows=1), "Insert/function-output-column")


@pytest.mark.rpc("CreateIndex", "CreateCollection")
@pytest.mark.requires(since=FULL_TEXT_SINCE)
def test_bm25_metric_needs_a_bm25_output(ledger, check):
    name = ledger.name("c")
    s = schema_pb2.CollectionSchema(name=name)
    s.fields.add(name="id", data_type=DT.Int64, is_primary_key=True)
    s.fields.add(name="sparse", data_type=DT.SparseFloatVector)
    coll = Collection(name, s, ledger=ledger)
    check(coll.create(), "CreateCollection/accepts-valid-schema")
    check(coll.index("sparse", {"index_type": "SPARSE_INVERTED_INDEX", "metric_type": "BM25", "params": "{}"}).create(),
          "CreateIndex/params/bm25-metric-needs-function")


# ---- full-text search ---------------------------------------------------------------------------------------

@pytest.mark.rpc("Search")
@pytest.mark.requires(since=FULL_TEXT_SINCE)
def test_full_text_search_scores(fts, check):
    req = text_request(fts, TEXT_QUERIES, limit=len(DOCS))
    reply = fts.conn.call("Search", req)
    check(reply, "Search/bm25/text-query")
    got = hits_of(reply.results)
    expected = expected_bm25(TEXT_QUERIES)
    verify("Search/result/bm25-scores", same_ranking(expected, got),
           expected=str([[(i, round(s, 4)) for i, s in q] for q in expected]), actual=shown(got), request=req)


@pytest.mark.rpc("Search")
@pytest.mark.requires(since=FULL_TEXT_SINCE)
def test_full_text_search_filtered_and_limited(fts, check):
    """A filter restricts the hits, not the statistics; the limit keeps the best."""
    req = text_request(fts, ["fox dog"], limit=2, expr="id > 1")
    reply = fts.conn.call("Search", req)
    check(reply, "Search/bm25/text-query")
    got = hits_of(reply.results)
    expected = [q[:2] for q in expected_bm25(["fox dog"], where=lambda r: r["id"] > 1)]
    verify("Search/result/bm25-scores", same_ranking(expected, got),
           expected=str([[(i, round(s, 4)) for i, s in q] for q in expected]), actual=shown(got), request=req)


@pytest.mark.rpc("Search")
@pytest.mark.requires(since=FULL_TEXT_SINCE)
def test_full_text_search_with_another_metric(fts, check):
    check(fts.conn.call("Search", text_request(fts, ["fox"], limit=3, metric="IP")), "Search/bm25/metric-not-bm25")


@pytest.mark.rpc("Search")
@pytest.mark.requires(since=FULL_TEXT_SINCE)
def test_full_text_search_returning_the_bm25_output(fts, check):
    """The BM25 output is not stored data a client can read back."""
    check(fts.conn.call("Search", text_request(fts, ["fox"], limit=3, output_fields=["sparse"])),
          "Search/function-output-field")


@pytest.mark.rpc("Query")
@pytest.mark.requires(since=FULL_TEXT_SINCE)
def test_query_returning_the_bm25_output(fts, check):
    """Query refuses the BM25 output as an output field, as Search does (master translateOutputFields)."""
    check(fts.query("id >= 0", ["id", "sparse"]), "Query/function-output-field")


@pytest.mark.rpc("HybridSearch")
@pytest.mark.requires(since=FULL_TEXT_SINCE)
def test_hybrid_search_with_a_full_text_leg(fts, check):
    """RRF (k 60) over a full-text leg and a dense L2 leg."""
    text_leg = text_request(fts, ["lazy fox"], limit=5)
    q = np.array([1, 1, 0, 1], np.float32)
    dense_leg = fts.search_request([q], limit=5, anns_field="vec", metric_type="L2", ptype=PT.FloatVector)
    reply = fts.hybrid_search([text_leg, dense_leg], limit=4)
    check(reply, "HybridSearch/bm25-leg")
    legs = [[i for i, _ in expected_bm25(["lazy fox"])[0][:5]],
            [r["id"] for r in sorted(ROWS, key=lambda r: (float(np.sum((r["vec"] - q) ** 2)), r["id"]))[:5]]]
    fused: dict = {}
    for leg in legs:
        for rank, i in enumerate(leg, start=1):
            fused[i] = fused.get(i, 0.0) + 1.0 / (60 + rank)
    got = hits_of(reply.results)
    top = sorted(fused.items(), key=lambda p: -p[1])[:4]
    ok = len(got) == 1 and same_ranking([top], got, rel=1e-3)
    verify("HybridSearch/result/bm25-leg-fused", ok, expected=str([(i, round(s, 5)) for i, s in top]),
           actual=shown(got), request=request_of(fts, reply))


# ---- TEXT_MATCH / PHRASE_MATCH ---------------------------------------------------------------------------------

def query_ids(reply) -> list:
    col = next((fd for fd in reply.fields_data if fd.field_name == "id"), None)
    return sorted(col.scalars.long_data.data) if col is not None else []


def matching(expr_kind, query, slop=0) -> list:
    a = an.build("")
    if expr_kind == "text":
        want = {t.token for t in a.tokens(query)}
        return sorted(r["id"] for r in ROWS if want & {t.token for t in a.tokens(r["text"])})
    out = []
    for r in ROWS:
        ok, s = an.phrase_slop(a, query, r["text"])
        if ok and s <= slop:
            out.append(r["id"])
    return sorted(out)


TEXT_MATCHES = [("TEXT_MATCH(text, 'quick dog')", "quick dog"), ("TEXT_MATCH(text, 'WORLD summer')", "WORLD summer"),
                ("TEXT_MATCH(text, 'nothing here')", "nothing here")]


@pytest.mark.rpc("Query")
@pytest.mark.requires(since=FULL_TEXT_SINCE)
@pytest.mark.parametrize("expr,tokens", TEXT_MATCHES, ids=[t[1] for t in TEXT_MATCHES])
def test_text_match_filter(fts, check, expr, tokens):
    reply = fts.query(expr, ["id"])
    check(reply, "Query/text-match")
    want, got = matching("text", tokens), query_ids(reply)
    verify("Query/result/text-match", got == want, expected=str(want), actual=str(got),
           request=request_of(fts, reply))


@pytest.mark.rpc("Search")
@pytest.mark.requires(since=FULL_TEXT_SINCE)
def test_search_filtered_by_text_match(fts, check):
    q = np.array([0, 1, 0, 1], np.float32)
    reply = fts.conn.call("Search", fts.search_request([q], limit=len(DOCS), anns_field="vec", metric_type="L2",
                                                       expr="TEXT_MATCH(text, 'fox')", ptype=PT.FloatVector))
    check(reply, "Search/text-match")
    got = sorted(h.id for h in hits_of(reply.results)[0]) if reply.results.topks else []
    want = matching("text", "fox")
    verify("Search/result/text-match", got == want, expected=str(want), actual=str(got),
           request=request_of(fts, reply))


@pytest.mark.rpc("Query")
@pytest.mark.requires(since=FULL_TEXT_SINCE)
@pytest.mark.parametrize("expr,rule", [("TEXT_MATCH(plain, 'quick')", "Query/text-match/not-enabled"),
                                       ("TEXT_MATCH(id, 'quick')", "Query/text-match/non-string")],
                         ids=["field-without-enable-match", "non-string-field"])
def test_text_match_refused(fts, check, expr, rule):
    check(fts.query(expr, ["id"]), rule)


PHRASES = [("PHRASE_MATCH(text, 'quick fox')", "quick fox", 0), ("PHRASE_MATCH(text, 'brown fox', 1)", "brown fox", 1),
           ("PHRASE_MATCH(text, 'lazy fox', 3)", "lazy fox", 3)]


@pytest.mark.rpc("Query")
@pytest.mark.requires(since=PHRASE_MATCH_SINCE)
@pytest.mark.parametrize("expr,phrase,slop", PHRASES, ids=[p[0] for p in PHRASES])
def test_phrase_match_filter(fts, check, expr, phrase, slop):
    reply = fts.query(expr, ["id"])
    check(reply, "Query/phrase-match")
    want, got = matching("phrase", phrase, slop), query_ids(reply)
    verify("Query/result/phrase-match", got == want, expected=str(want), actual=str(got),
           request=request_of(fts, reply))
