"""Schema functions and search-time rerankers as current Milvus applies them.

- Function validation at CreateCollection (master ``ValidateFunction`` order, checks ``CreateCollection/function/*``):
  CheckFunctionBasicParams (name, input / output names: 1101 when missing or empty, 1100 when repeated or shared;
  BM25 takes no params) → duplicate function name → input fields exist → CheckFunctionInputField (BM25: one VarChar
  or Text field with enable_analyzer) → output fields exist, are not the primary / partition / clustering key, not
  nullable, not another function's output → CheckFunctionOutputField (BM25: exactly one SparseFloatVector field).
  Functions other than BM25 need an embedding provider (TextEmbedding) or are refused here (unknown types); the
  model has no providers, so a TextEmbedding function is refused as a Milvus without the provider configured
  refuses it.
- BM25 (full-text search): the output field is computed by Milvus from the input text; a client must not send
  it. A search on the output field takes text (PlaceholderType VarChar): the query's tokens (the input field's
  analyzer) score each row by Okapi BM25 with ``k1`` = 1.2, ``b`` = 0.75 (master's defaults, bm25_k1 / bm25_b
  index or search params), IDF = ln(1 + (N - df + 0.5) / (df + 0.5)), the average document length and the
  document frequencies taken over every live row of the loaded collection (model decision: Milvus keeps them per
  shard over its segments, deletes not subtracted until compaction). A query token counted twice weighs twice
  (the query's sparse vector holds term frequencies). Rows scoring 0 (no query token) are not hits. Checked
  against milvus-lite 2.5.1 (Milvus 2.5): five short documents, "quick fox", scores 2.3941 and 1.7140 — the
  values these formulas give.
- Rerankers in SearchRequest / HybridSearchRequest.function_score (class ``Rerank``, master chain/rerank_builder.go):
  rrf (Σ 1/(k + rank)) and weighted (raw scores, or normalised per metric with norm_score) fuse the legs; decay
  multiplies each candidate's (forward) score by a gauss / exp / linear decay of a numeric field's distance to an
  origin; boost (a Search's or a sub-request's) multiplies the candidates matching its filter by its weight
  (Milvus docs; segcore's code was not read, random_score is refused); model rerankers need a provider the model
  does not have and are refused (1100 rerank_builder) as a Milvus without that provider refuses them. The
  candidates a reranker sees are each leg's top offset+limit; the page is cut after reranking.
- SearchRequest / HybridSearchRequest.function_chains (``check_function_chains``): master's refusals are applied
  (dql/function_chain_validator.go: function_score beside a rerank chain, a stage a search does not run, a chain
  without ops, a hybrid search with other than one chain or beside rank_params / function_score); a chain that
  passes them is NOT executed by the mock (its expression language is not modelled) and is refused with 1100
  "... not supported by the mock", never ignored. highlighter and search_aggregation likewise
  (``check_unmodelled_search_fields``).
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..protocol import common_pb2, schema_pb2
from . import analyzer, errors
from . import data as dm
from .rules import rules

DT = schema_pb2.DataType
FT = schema_pb2.FunctionType
PT = common_pb2.PlaceholderType

BM25_K1 = 1.2  # master bm25 defaults (bm25_k1, bm25_b); verified by the scores milvus-lite 2.5.1 answers
BM25_B = 0.75
STRING_TYPES = (DT.VarChar,) + ((DT.Text,) if hasattr(DT, "Text") else ())


def _type_name(t: int) -> str:
    return DT.Name(t) if t in DT.values() else str(t)


def _fn_type(t: int) -> str:
    return FT.Name(t) if t in FT.values() else str(t)


# ---- CreateCollection: function validation ---------------------------------------------------------------------

def validate(schema: schema_pb2.CollectionSchema) -> None:
    """Raise the registered error of the first function rule ``schema`` breaks (master ValidateFunction order);
    mark each function's output fields ``is_function_output`` (what DescribeCollection echoes)."""
    fields = {f.name: f for f in schema.fields}
    used_outputs: set[str] = set()
    used_names: set[str] = set()

    def fail(check: str, reason: str) -> errors.MilvusError:
        """The check's answer with master's full message (the check's template holds its fixed parts)."""
        c = rules.get(check)
        return errors.MilvusError(c.answer.code, reason, legacy=c.answer.legacy, input_error=c.answer.input_error,
                                  check_id=c.id)

    for fn in schema.functions:
        _basic_params(fn, fail)
        if fn.name in used_names:
            raise fail("CreateCollection/function/invalid", f"duplicate function name: {fn.name}: invalid parameter")
        used_names.add(fn.name)
        inputs = []
        for name in fn.input_field_names:
            if name not in fields:
                raise fail("CreateCollection/function/field-not-found",
                           f"function input field not found: {name}: invalid parameter")
            inputs.append(fields[name])
        _check_inputs(fn, inputs, fail)
        outputs = []
        for name in fn.output_field_names:
            out = fields.get(name)
            if out is None:
                raise fail("CreateCollection/function/field-not-found",
                           f"function output field not found: {name}: invalid parameter")
            if out.is_primary_key:
                raise fail("CreateCollection/function/invalid", f"function output field cannot be primary key: "
                           f"function {fn.name}, field {name}: invalid parameter")
            if out.is_partition_key or out.is_clustering_key:
                raise fail("CreateCollection/function/invalid", "function output field cannot be partition key or "
                           f"clustering key: function {fn.name}, field {name}: invalid parameter")
            if out.nullable:
                raise fail("CreateCollection/function/invalid", f"function output field cannot be nullable: "
                           f"function {fn.name}, field {name}: invalid parameter")
            if name in used_outputs:
                raise fail("CreateCollection/function/invalid", f"duplicate function output field: function "
                           f"{fn.name}, field {name}: invalid parameter")
            used_outputs.add(name)
            outputs.append(out)
        _check_outputs(fn, outputs, fail)
    for fn in schema.functions:
        if fn.type == FT.TextEmbedding:  # embedding.ValidateFunctions: the provider must be configured
            provider = next((kv.value for kv in fn.params if kv.key.lower() == "provider"), "")
            raise fail("CreateCollection/function/embedding-provider",
                       f"Check function [{fn.name}:{_fn_type(fn.type)}] failed, the err is: Unsupported text "
                       f"embedding service provider: [{provider}] , the model has no embedding providers: "
                       "invalid parameter")
    for f in schema.fields:
        f.is_function_output = f.name in used_outputs


def _basic_params(fn: schema_pb2.FunctionSchema, fail) -> None:
    missing = "CreateCollection/function/missing-name"
    if not fn.name:
        raise fail(missing, "function name cannot be empty: parameter missing")
    if not fn.input_field_names:
        raise fail(missing, f"function input field names cannot be empty, function: {fn.name}: parameter missing")
    if not fn.output_field_names:
        raise fail(missing, f"function output field names cannot be empty, function: {fn.name}: parameter missing")
    inputs = list(fn.input_field_names)
    outputs = list(fn.output_field_names)
    for name in inputs:
        if not name:
            raise fail(missing, f"function input field name cannot be empty string, function: {fn.name}: "
                       "parameter missing")
        if inputs.count(name) > 1:
            raise fail("CreateCollection/function/invalid", "each function input field should be used exactly once "
                       f"in the same function, function: {fn.name}, input field: {name}: invalid parameter")
    for name in outputs:
        if not name:
            raise fail(missing, f"function output field name cannot be empty string, function: {fn.name}: "
                       "parameter missing")
        if name in inputs:
            raise fail("CreateCollection/function/invalid", "a single field cannot be both input and output in the "
                       f"same function, function: {fn.name}, field: {name}: invalid parameter")
        if outputs.count(name) > 1:
            raise fail("CreateCollection/function/invalid", "each function output field should be used exactly "
                       f"once in the same function, function: {fn.name}, output field: {name}: invalid parameter")
    if fn.type == FT.BM25:
        if fn.params:
            raise fail("CreateCollection/function/bm25-params", "BM25 function accepts no params: invalid parameter")
    elif fn.type == FT.TextEmbedding:
        if not fn.params:
            raise fail("CreateCollection/function/invalid", "TextEmbedding function accepts no params: invalid "
                       "parameter")
    elif fn.type != FT.MinHash:
        raise fail("CreateCollection/function/invalid", "check function params with unknown function type: "
                   "invalid parameter")


def _check_inputs(fn: schema_pb2.FunctionSchema, inputs: Sequence[schema_pb2.FieldSchema], fail) -> None:
    if fn.type in (FT.BM25, FT.MinHash):
        if len(inputs) != 1 or inputs[0].data_type not in STRING_TYPES:
            raise fail("CreateCollection/function/bm25-input", f"{_fn_type(fn.type)} function input field must be a "
                       f"VARCHAR/TEXT field, got {len(inputs)} field with type {_type_name(inputs[0].data_type)}: "
                       "invalid parameter")
        if fn.type == FT.BM25 and not analyzer.analyzer_enabled(inputs[0]):
            raise fail("CreateCollection/function/bm25-input", "BM25 function input field must set enable_analyzer "
                       "to true: invalid parameter")


def _check_outputs(fn: schema_pb2.FunctionSchema, outputs: Sequence[schema_pb2.FieldSchema], fail) -> None:
    if fn.type == FT.BM25:
        if len(outputs) != 1:
            raise fail("CreateCollection/function/bm25-output", f"BM25 function only need 1 output field, but got "
                       f"{len(outputs)}: invalid parameter")
        if outputs[0].data_type != DT.SparseFloatVector:
            raise fail("CreateCollection/function/bm25-output", "BM25 function output field must be a "
                       f"SparseFloatVector field, but got {_type_name(outputs[0].data_type)}: invalid parameter")
    elif fn.type == FT.MinHash:
        if len(outputs) != 1 or outputs[0].data_type != DT.BinaryVector:
            raise fail("CreateCollection/function/invalid", "MinHash function output field must be a BinaryVector "
                       "field: invalid parameter")


# ---- BM25 -----------------------------------------------------------------------------------------------------

def bm25_function(schema: schema_pb2.CollectionSchema, output_field: str) -> schema_pb2.FunctionSchema | None:
    """The BM25 function whose output is ``output_field``, else None."""
    return next((fn for fn in schema.functions if fn.type == FT.BM25 and output_field in fn.output_field_names),
                None)


def bm25_outputs(schema: schema_pb2.CollectionSchema) -> set[str]:
    return {n for fn in schema.functions if fn.type == FT.BM25 for n in fn.output_field_names}


def _term_id(token: str) -> int:
    """The sparse dimension of a token (model: a stable 32-bit hash; Milvus hashes tokens too)."""
    return int.from_bytes(hashlib.blake2b(token.encode("utf-8"), digest_size=4).digest(), "little")


def term_frequencies(an: analyzer.Analyzer, text: str) -> dict[int, float]:
    """The BM25 function's sparse output for ``text``: token id → occurrences."""
    return {_term_id(t): float(c) for t, c in Counter(t.token for t in an.tokens(text)).items()}


def text_placeholder(raw: bytes, schema: schema_pb2.CollectionSchema, anns_field: str) -> bytes:
    """A search on a BM25 output field with text queries (PlaceholderType VarChar): the texts embedded by the
    function (the proxy runs the BM25 function on them), as the SparseFloatVector placeholder the query node
    scores. Anything else is returned unchanged."""
    fn = bm25_function(schema, anns_field)
    if fn is None:
        return raw
    pg = common_pb2.PlaceholderGroup()
    try:
        pg.ParseFromString(raw)
    except Exception:  # noqa: BLE001 - protobuf DecodeError: the ordinary path answers it
        return raw
    if len(pg.placeholders) != 1 or pg.placeholders[0].type != PT.VarChar:
        return raw
    src = next(f for f in schema.fields if f.name == fn.input_field_names[0])
    an = analyzer.of_field(src)
    ph = pg.placeholders[0]
    texts = [bytes(v).decode("utf-8", errors="replace") for v in ph.values]
    out = common_pb2.PlaceholderGroup()
    new = out.placeholders.add(tag=ph.tag, type=PT.SparseFloatVector)
    new.values.extend(dm.encode_sparse(term_frequencies(an, t)) for t in texts)
    return out.SerializeToString()


def bm25_params(search_params: Mapping[str, str], index_params: Mapping[str, str]) -> tuple[float, float]:
    """k1 and b: the search's params JSON, else the index's, else master's defaults."""
    k1, b = BM25_K1, BM25_B
    for source in (index_params, search_params):
        raw = source.get("params")
        inner = {}
        if raw:
            try:
                inner = dm.json_loads(raw)
            except ValueError:
                inner = {}
        for key in ("bm25_k1", "bm25_b"):
            v = inner.get(key, source.get(key)) if isinstance(inner, dict) else source.get(key)
            if v is None:
                continue
            try:
                value = float(v)
            except (TypeError, ValueError):
                continue
            if key == "bm25_k1":
                k1 = value
            else:
                b = value
    return k1, b


def bm25_scores(queries: Sequence[Mapping[int, float]], docs: Sequence[Mapping[int, float]],
                corpus: Sequence[Mapping[int, float]], k1: float = BM25_K1, b: float = BM25_B
                ) -> list[list[float]]:
    """Okapi BM25 of each doc for each query (0 when no query term occurs); IDF and the average length come
    from ``corpus`` (every live row)."""
    n = len(corpus)
    df: Counter = Counter()
    total = 0.0
    for d in corpus:
        df.update(d.keys())
        total += sum(d.values())
    avgdl = total / n if n else 0.0
    out = []
    for q in queries:
        idf = {t: math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5)) for t in q}
        row = []
        for d in docs:
            dl = sum(d.values())
            norm = k1 * (1 - b + b * dl / avgdl) if avgdl else k1
            s = 0.0
            for t, qw in q.items():
                tf = d.get(t)
                if tf:
                    s += qw * idf[t] * tf * (k1 + 1) / (tf + norm)
            row.append(s)
        out.append(row)
    return out


def doc_vectors(schema: schema_pb2.CollectionSchema, fn: schema_pb2.FunctionSchema,
                rows: Sequence[Mapping[str, Any]]) -> list[dict[int, float]]:
    src = next(f for f in schema.fields if f.name == fn.input_field_names[0])
    an = analyzer.of_field(src)
    return [term_frequencies(an, r.get(src.name)) if isinstance(r.get(src.name), str) else {} for r in rows]


def anns_field_of(params: Mapping[str, str], schema: schema_pb2.CollectionSchema) -> str:
    """The search's anns_field as parseSearchInfo resolves it (the only vector field when none is named)."""
    anns = params.get("anns_field", "")
    if anns:
        return anns
    vec = [f.name for f in schema.fields if f.data_type in dm.VECTOR_TYPES]
    return vec[0] if len(vec) == 1 else ""


def bm25_search(data, spec, index_metric: str, index_params: Mapping[str, str], search_params: Mapping[str, str],
                partitions, snapshot):
    """A search on a BM25 output field (``spec.queries`` = the embedded texts): the delegator's metric check
    (Search/bm25/metric-not-bm25: BM25 or none), segcore's (Search/metric-mismatch), then BM25 (or IP when the index says IP) over the live rows that pass the filter,
    the statistics over every live row. Returns a store.SearchOutcome."""
    from . import store, vectors  # store imports the rules; imported here to keep this module light

    fn = bm25_function(data.schema, spec.anns_field)
    asked = (spec.metric_type or "").upper()
    if asked and asked != "BM25":  # the delegator's check (prepareSearchFunction), before segcore's
        raise store.registered("Search/bm25/metric-not-bm25", "must use BM25 metric type when searching against "
                               f"BM25 Function output field: invalid parameter[expected=BM25][actual={asked}]")
    metric = (spec.metric_type or index_metric or "BM25").upper()
    if index_metric and metric != index_metric.upper():
        raise store.registered("Search/metric-mismatch", f"metric type of field index is not the same as search "
                               f"request, field {spec.anns_field}, field index: {index_metric.upper()}, search "
                               f"request: {metric}. segcoreCode=2031: segcore error")
    if spec.param_error is not None:
        raise spec.param_error
    every = data.visible(partitions, snapshot)
    compiled = spec.compiled if spec.compiled is not None else \
        store.compile_filter(spec.expr, data.schema, "Search", spec.template_values)
    rows = every if compiled is None else [r for r in every if compiled.matches(r.values)]
    docs = doc_vectors(data.schema, fn, [r.values for r in rows])
    if metric == "BM25":
        k1, b = bm25_params(search_params, index_params)
        corpus = docs if len(rows) == len(every) else doc_vectors(data.schema, fn, [r.values for r in every])
        matrix = bm25_scores(spec.queries, docs, corpus, k1, b)
    else:
        matrix = [[sum(w * d.get(t, 0.0) for t, w in q.items()) for d in docs] for q in spec.queries]
    hits, out_rows = [], []
    window = spec.offset + spec.limit
    for q_scores in matrix:
        ranked = sorted((i for i, s in enumerate(q_scores) if s > 0), key=lambda i: -q_scores[i])
        if spec.radius is not None:
            ranked = [i for i in ranked if q_scores[i] > spec.radius and
                      (spec.range_filter is None or q_scores[i] <= spec.range_filter)]
        chosen = ranked[spec.offset:window]
        hits.append([vectors.Hit(rows[i].pk, vectors.round_score(q_scores[i], spec.round_decimal)) for i in chosen])
        out_rows.append([rows[i].values for i in chosen])
    return store.SearchOutcome(hits, out_rows)


# ---- rerank functions (SearchRequest / HybridSearchRequest.function_score) -------------------------------------

RERANKERS = ("decay", "model", "rrf", "weighted")  # master chain/rerank_builder.go; "boost" runs in the query node
BOOST = "boost"
RRF_MAX_K = 16384
DECAY_FUNCTIONS = ("gauss", "exp", "linear")
_NUMERIC = (DT.Int8, DT.Int16, DT.Int32, DT.Int64, DT.Float, DT.Double)


def _invalid(check: str, reason: str) -> errors.MilvusError:
    c = rules.get(check)
    return errors.MilvusError(c.answer.code, f"{reason}: invalid parameter", legacy=c.answer.legacy,
                              input_error=c.answer.input_error, check_id=c.id)


def reranker_name(fn: schema_pb2.FunctionSchema) -> str:
    return next((kv.value.lower() for kv in fn.params if kv.key.lower() == "reranker"), "")


def _params(fn: schema_pb2.FunctionSchema) -> dict[str, str]:
    return {kv.key.lower(): kv.value for kv in fn.params}


def _go_float(raw: str) -> float | None:
    try:
        return float(raw)
    except (TypeError, ValueError):
        return None


def normalize_score(metric: str, score: float) -> float:
    """The rerank merge's normalisation (master chain getNormalizeFunc): COSINE (1 + s)/2, IP 0.5 + atan(s)/π,
    BM25 2·atan(s)/π, distances (L2, ...) 1 − 2·atan(d)/π."""
    m = metric.upper()
    if m == "COSINE":
        return (1 + score) * 0.5
    if m == "IP":
        return 0.5 + math.atan(score) / math.pi
    if m == "BM25":
        return 2 * math.atan(score) / math.pi
    return 1.0 - 2 * math.atan(score) / math.pi


class Rerank:
    """One function_score, checked as master's BuildRerankChain checks it (each failure 1100, check
    Search/function-score/invalid; a model reranker Search/function-score/model-provider), ready to apply."""

    def __init__(self, function_score, schema: schema_pb2.CollectionSchema, legs: int):
        fns = list(function_score.functions)
        proxy = [fn for fn in fns if reranker_name(fn) != BOOST]
        self.fields = {f.name: f for f in schema.fields}
        self.kind = None
        self.boosts = [self._boost(fn, schema) for fn in fns if reranker_name(fn) == BOOST]
        if not proxy:
            return
        if len(proxy) > 1:
            raise _invalid("Search/function-score/invalid", "rerank_builder: currently only supports one rerank "
                           "function")
        fn = proxy[0]
        self.kind = name = reranker_name(fn)
        p = _params(fn)
        if not name:
            raise _invalid("Search/function-score/invalid", "rerank_builder: reranker name not specified")
        if name == "rrf":
            self.k = 60.0
            if "k" in p:
                k = _go_float(p["k"])
                if k is None:
                    raise _invalid("Search/function-score/invalid", f"{p['k']} is not a number")
                if not 0 < k < RRF_MAX_K:
                    raise _invalid("Search/function-score/invalid", f"The rank params k should be in range (0, "
                                   f"{RRF_MAX_K})")
                self.k = k
        elif name == "weighted":
            self._weighted(p, legs)
        elif name == "decay":
            self._decay(fn, p)
        elif name == "model":
            self._model(fn, p)
        else:
            raise _invalid("Search/function-score/invalid", f"rerank_builder: unsupported reranker {name}")

    def _weighted(self, p: dict[str, str], legs: int) -> None:
        self.weights, self.normalize = [], False
        if "weights" in p:
            try:
                ws = dm.json_loads(p["weights"])
            except ValueError as err:
                raise _invalid("Search/function-score/invalid", f"failed to parse weights: {err}") from None
            if not isinstance(ws, list) or any(isinstance(w, bool) or not isinstance(w, (int, float)) for w in ws):
                raise _invalid("Search/function-score/invalid", "failed to parse weights: not an array of numbers")
            if any(not 0 <= w <= 1 for w in ws):
                raise _invalid("Search/function-score/invalid", "rank param weight should be in range [0, 1]")
            self.weights = [float(w) for w in ws]
        if "norm_score" in p:
            flag = p["norm_score"].strip().lower()
            if flag not in ("true", "false", "1", "0", "t", "f"):
                raise _invalid("Search/function-score/invalid", f"failed to parse norm_score: {p['norm_score']}")
            self.normalize = flag in ("true", "1", "t")
        if not self.weights:
            raise _invalid("Search/function-score/invalid", "rerank_builder: weighted reranker requires weights "
                           "parameter")
        if len(self.weights) != legs:
            c = rules.get("HybridSearch/weights-length-mismatch")
            raise errors.MilvusError(c.answer.code, "the length of weights param mismatch with ann search requests: "
                                     f"invalid parameter[expected={legs}][actual={len(self.weights)}]",
                                     check_id=c.id)

    def _decay(self, fn: schema_pb2.FunctionSchema, p: dict[str, str]) -> None:
        values = {}
        for key in ("origin", "scale", "offset", "decay"):
            if key in p:
                v = _go_float(p[key])
                if v is None:
                    raise _invalid("Search/function-score/invalid", f"decay param {key}: {p[key]} is not a number")
                values[key] = v
        self.mode = p.get("score_mode", "max").lower()
        self.normalize = p.get("norm_score", "").strip().lower() in ("true", "1", "t")
        for key, what in (("function", "function"), ("origin", "origin"), ("scale", "scale")):
            if key not in p:
                raise _invalid("Search/function-score/invalid", f"decay {what} not specified")
        if self.mode not in ("max", "sum", "avg"):
            raise _invalid("Search/function-score/invalid", f"unsupported score_mode: {self.mode}, only supports "
                           "[max, sum, avg]")
        field = self._input_field(fn, "decay")
        if field.data_type not in _NUMERIC:
            raise _invalid("Search/function-score/invalid", f"rerank_builder: decay input field {field.name} must be "
                           f"numeric, got {_type_name(field.data_type)}")
        self.field = field.name
        self.function = p["function"].lower()
        self.origin, self.scale = values["origin"], values["scale"]
        self.offset, self.decay = values.get("offset", 0.0), values.get("decay", 0.5)
        if self.scale <= 0:
            raise _invalid("Search/function-score/invalid", f"rerank_builder: decay: scale must be > 0, got "
                           f"{self.scale:f}")
        if self.offset < 0:
            raise _invalid("Search/function-score/invalid", f"rerank_builder: decay: offset must be >= 0, got "
                           f"{self.offset:f}")
        if not 0 < self.decay < 1:
            raise _invalid("Search/function-score/invalid", f"rerank_builder: decay: decay must be 0 < decay < 1, "
                           f"got {self.decay:f}")
        if not 0.001 <= self.decay <= 0.999:
            raise _invalid("Search/function-score/invalid", "rerank_builder: decay: decay must be between 0.001000 "
                           f"and 0.999000 for numerical stability, got {self.decay:f}")
        if self.function not in DECAY_FUNCTIONS:
            raise _invalid("Search/function-score/invalid", f'rerank_builder: decay: invalid function "{self.function}"'
                           ", must be one of [gauss, exp, linear]")

    def _input_field(self, fn: schema_pb2.FunctionSchema, reranker: str):
        """The one input field a decay or model reranker names (rerank_builder's checks shared by both, in order)."""
        if len(fn.input_field_names) != 1:
            raise _invalid("Search/function-score/invalid", f"rerank_builder: {reranker} reranker requires exactly 1 "
                           f"input field, got {len(fn.input_field_names)}")
        field = self.fields.get(fn.input_field_names[0])
        if field is None:
            raise _invalid("Search/function-score/invalid", f"rerank_builder: input field {fn.input_field_names[0]} "
                           "not found in collection schema")
        return field

    def _model(self, fn: schema_pb2.FunctionSchema, p: dict[str, str]) -> None:
        field = self._input_field(fn, "model")
        if field.data_type != DT.VarChar:
            raise _invalid("Search/function-score/invalid", f"rerank_builder: model input field {field.name} must be "
                           f"VarChar, got {_type_name(field.data_type)}")
        raw = next((kv.value for kv in fn.params if kv.key == "queries"), None)
        if raw is None:
            raise _invalid("Search/function-score/invalid", "rerank_builder: rerank function missing required param: "
                           "queries")
        try:
            queries = dm.json_loads(raw)
        except ValueError as err:
            raise _invalid("Search/function-score/invalid", f"rerank_builder: parse rerank params [queries] failed: "
                           f"{err}") from None
        if not queries:
            raise _invalid("Search/function-score/invalid", "rerank_builder: rerank queries must not be empty")
        provider = p.get("provider", "")
        if not provider:
            raise _invalid("Search/function-score/model-provider", "rerank_builder: lost rerank params:provider ")
        raise _invalid("Search/function-score/model-provider", f"rerank_builder: rerank provider: [{provider.lower()}] "
                       "is not configured (this server has no rerank model providers)")

    @staticmethod
    def _boost(fn: schema_pb2.FunctionSchema, schema: schema_pb2.CollectionSchema):
        """A boost ranker (Milvus docs 'Boost Ranker', 2.6.2+): the candidates matching the optional ``filter``
        have their score multiplied by ``weight``. (weight, compiled filter or None)."""
        from . import store

        p = _params(fn)
        if "random_score" in p:
            raise _invalid("Search/function-score/invalid", "boost: random_score is not supported by the model")
        weight = _go_float(p.get("weight", ""))
        if weight is None:
            raise _invalid("Search/function-score/invalid", f"boost: weight {p.get('weight', '')!r} is not a number")
        flt = p.get("filter", "")
        return weight, (store.compile_filter(flt, schema, "Search") if flt.strip() else None)

    # ---- applying it -----------------------------------------------------------------------------------------

    def boost(self, hits: list, rows: list, metric: str) -> tuple[list, list]:
        """Each boost over one query's candidates (score × weight where the filter matches), re-sorted in the
        metric's direction."""
        from . import vectors

        if not self.boosts:
            return hits, rows
        pairs = []
        for h, r in zip(hits, rows, strict=True):
            s = h.score
            for weight, flt in self.boosts:
                if flt is None or flt.matches(r):
                    s *= weight
            pairs.append((vectors.Hit(h.id, float(np.float32(s))), r))
        pairs.sort(key=lambda p: -p[0].score if vectors.larger_is_better(metric or "IP") else p[0].score)
        return [p[0] for p in pairs], [p[1] for p in pairs]

    def decay_factor(self, value: Any) -> float | None:
        if value is None or isinstance(value, bool) or not isinstance(value, (int, float)):
            return None
        dist = max(0.0, abs(float(value) - self.origin) - self.offset)
        if self.function == "gauss":
            return math.exp(dist ** 2 / (self.scale ** 2 / math.log(self.decay)))
        if self.function == "exp":
            return math.exp(math.log(self.decay) / self.scale * dist)
        return max(self.decay, 1 - (1 - self.decay) / self.scale * dist)

    def fuse(self, legs: Sequence[tuple[list, list]], metrics: Sequence[str], limit: int, offset: int,
             round_decimal: int) -> tuple[list[list], list[list]]:
        """``legs``: per sub-search (hits per query, rows per query). The merged, reranked, sorted page of each
        query: (hits, rows)."""
        from . import vectors

        legs = [tuple(zip(*[self.boost(h, r, metrics[i]) for h, r in zip(*leg, strict=True)], strict=True))
                if self.boosts and leg[0] else leg for i, leg in enumerate(legs)]
        if self.kind is None:  # boost only: one leg, re-sorted, paged
            hits, rows = legs[0]
            return ([[vectors.Hit(x.id, vectors.round_score(x.score, round_decimal)) for x in q[offset:offset + limit]]
                     for q in hits], [q[offset:offset + limit] for q in rows])
        nq = len(legs[0][0]) if legs else 0
        out_hits, out_rows = [], []
        for q in range(nq):
            acc: dict[Any, list] = {}
            rows: dict[Any, Any] = {}
            order: list[Any] = []
            for i, (hits, leg_rows) in enumerate(legs):
                for rank, (h, row) in enumerate(zip(hits[q], leg_rows[q], strict=True), start=1):
                    if h.id not in acc:
                        acc[h.id], rows[h.id] = [], row
                        order.append(h.id)
                    acc[h.id].append((i, rank, h.score))
            descending = True
            if self.kind == "rrf":
                score = {k: sum(1.0 / (self.k + r) for _, r, _ in v) for k, v in acc.items()}
            elif self.kind == "weighted":
                # raw scores unless norm_score; distances turned "larger is better" once any leg's metric is so
                to_greater = self.normalize or any(vectors.larger_is_better(m) for m in metrics)

                def norm(i, s, to_greater=to_greater):
                    if self.normalize:
                        return normalize_score(metrics[i], s)
                    return s if not to_greater or vectors.larger_is_better(metrics[i]) else normalize_score("L2", s)
                score = {k: sum(self.weights[i] * norm(i, s) for i, _, s in v) for k, v in acc.items()}
                descending = to_greater
            else:  # decay: merge (force descending), then × the decay factor of the row's field
                def fwd(i, s):
                    if self.normalize or not vectors.larger_is_better(metrics[i]):
                        return normalize_score(metrics[i], s)
                    return s
                merged = {}
                for k, v in acc.items():
                    parts = [fwd(i, s) for i, _, s in v]
                    merged[k] = max(parts) if self.mode == "max" else sum(parts) if self.mode == "sum" else \
                        sum(parts) / len(parts)
                score = {}
                for k, s in merged.items():
                    factor = self.decay_factor(rows[k].get(self.field) if rows[k] is not None else None)
                    score[k] = float(np.float32(s * factor)) if factor is not None else None
            ranked = sorted((k for k in order if score[k] is not None),
                            key=lambda k: -score[k] if descending else score[k])
            ranked += [k for k in order if score[k] is None]  # null inputs: no score, last
            page = ranked[offset:offset + limit]
            out_hits.append([vectors.Hit(k, vectors.round_score(score[k] if score[k] is not None else float("nan"),
                                                                round_decimal)) for k in page])
            out_rows.append([rows[k] for k in page])
        return out_hits, out_rows


def rerank_of(request, schema: schema_pb2.CollectionSchema, legs: int) -> Rerank | None:
    """The request's function_score checked (None when it has no functions: the legacy path)."""
    if not request.HasField("function_score") or not request.function_score.functions:
        return None
    return Rerank(request.function_score, schema, legs)


def widened(spec):
    """A (sub-)search whose candidates a reranker sees: the top offset+limit, unrounded."""
    import dataclasses

    return dataclasses.replace(spec, limit=spec.limit + spec.offset, offset=0, round_decimal=-1)


def check_output_fields(schema: schema_pb2.CollectionSchema, output_fields: Sequence[str], rpc: str) -> None:
    """master translateOutputFields: a BM25 output named as an output field cannot be returned (1100 "not allowed
    to retrieve raw data of field X"); ``*`` leaves it out."""
    outs = bm25_outputs(schema)
    for name in output_fields:
        if name in outs:
            raise rules.get(f"{rpc}/function-output-field").error(name=name)


# ---- function chains, highlighter, search aggregation ---------------------------------------------------------
# master internal/proxy/dql/function_chain_validator.go; what the mock cannot execute is refused, never ignored.

_STAGE = schema_pb2.FunctionChainStage
_RERANK_STAGES = (_STAGE.FunctionChainStageL0Rerank, _STAGE.FunctionChainStageL1Rerank,
                  _STAGE.FunctionChainStageL2Rerank)
MOCK_UNSUPPORTED = "not supported by the mock (milvus-conformance does not model it)"


def _stage_name(stage: int) -> str:
    try:
        return _STAGE.Name(stage)
    except ValueError:
        return str(stage)


def _chain_shape(chains, rpc: str, *, l2_only: bool) -> None:
    """splitFunctionChainsByStage / parseL2FunctionChain: a stage twice, a stage a search does not run, a chain
    without ops (each 1100, ``{rpc}/function-chains/invalid``)."""
    seen: set[int] = set()
    allowed = (_STAGE.FunctionChainStageL2Rerank,) if l2_only else _RERANK_STAGES
    for i, chain in enumerate(chains):
        if chain.stage in seen:
            raise rules.get(f"{rpc}/function-chains/invalid").error(
                reason=f"function chain stage {_stage_name(chain.stage)} appears more than once: invalid parameter")
        seen.add(chain.stage)
        if chain.stage not in allowed:
            raise rules.get(f"{rpc}/function-chains/invalid").error(
                reason=f"function chain[{i}] stage {_stage_name(chain.stage)} is not supported in search request: "
                       "invalid parameter")
        if not chain.ops:
            raise rules.get(f"{rpc}/function-chains/invalid").error(
                reason=f"function chain[{i}] must contain at least one op: invalid parameter")


def check_function_chains(request) -> None:
    """A Search's function_chains, as master's search task checks them (validateFunctionChainSearchRequest, then
    the stage split): function_score beside a rerank-stage chain → 1100 (Search/function-chains/with-function-score);
    then the chains' shape. A chain that passes is refused: the mock does not execute function chains."""
    chains = list(request.function_chains)
    if not chains:
        return
    if request.HasField("function_score") and any(c.stage in _RERANK_STAGES for c in chains):
        raise rules.get("Search/function-chains/with-function-score").error()
    _chain_shape(chains, "Search", l2_only=False)
    raise errors.invalid_parameter(f"function_chains are {MOCK_UNSUPPORTED}")


def check_hybrid_function_chains(request) -> None:
    """A HybridSearch's function_chains, as master's selectHybridRerankMeta checks them when the rerank is built
    (after the sub-searches): beside function_score, beside rank_params strategy / params, other than exactly one
    chain, then the L2 chain's shape (HybridSearch/function-chains/invalid); function_score beside a sub-request's
    chains. A chain that passes, and a sub-request's own chains, are refused: the mock does not execute them."""
    chains = list(request.function_chains)
    invalid = rules.get("HybridSearch/function-chains/invalid")
    if chains:
        if request.HasField("function_score"):
            raise invalid.error(reason="function_chains cannot be used with function_score: invalid parameter")
        legacy = {kv.key.lower(): kv.value.strip() for kv in request.rank_params}
        if legacy.get("strategy") or legacy.get("params", "").lower() not in ("", "null"):
            raise invalid.error(reason="function_chains cannot be used with rank_params strategy or params: invalid "
                                       "parameter")
        if len(chains) != 1:
            raise invalid.error(reason=f"hybrid search requires exactly one function chain, got {len(chains)}: "
                                       "invalid parameter")
        _chain_shape(chains, "HybridSearch", l2_only=True)
        raise errors.invalid_parameter(f"function_chains are {MOCK_UNSUPPORTED}")
    if request.HasField("function_score"):
        for i, sub in enumerate(request.requests):
            if sub.function_chains:
                raise invalid.error(reason=f"function_score cannot be used with function_chains in sub-search[{i}]: "
                                           "invalid parameter")
    if any(sub.function_chains for sub in request.requests):
        raise errors.invalid_parameter(f"function_chains in a sub-search are {MOCK_UNSUPPORTED}")


def check_unmodelled_search_fields(request) -> None:
    """highlighter and search_aggregation: current Milvus applies them; the mock does not, so it refuses them
    (1100) rather than answer as if they were absent."""
    for name in ("highlighter", "search_aggregation"):
        if name in request.DESCRIPTOR.fields_by_name and request.HasField(name):
            raise errors.invalid_parameter(f"{name} is {MOCK_UNSUPPORTED}")
