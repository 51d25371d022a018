"""Text and functions on current Milvus: TEXT_MATCH / PHRASE_MATCH filters, BM25 functions (schema validation, the
generated output column, the BM25 index metric, full-text search with text queries, hybrid legs) and rerank
functions in SearchRequest.function_score.

Feature bounds: TEXT_MATCH, BM25 functions and full-text search arrived in Milvus 2.5.0 (release notes "Full Text
Search", "Text Match"); PHRASE_MATCH later (2.6 line; the exact first release is not verified, 2.6.0 assumed);
function_score rerankers (decay / model / rrf / weighted as functions) with the 2.6 line.
"""

from __future__ import annotations

from ..errors import PARAMETER_INVALID, PARAMETER_MISSING, UNEXPECTED
from .common import MERR_STANDARDISATION
from .dataplane import PLAN_ERROR_NOTE, QUERY, SEARCH, UTIL_DML
from .evidence import Change, Protocol, master, older_line
from .registry import error, semantic, success, was

FULL_TEXT_SINCE = "2.5.0"
PHRASE_MATCH_SINCE = "2.6.0"
FUNCTION_SCORE_SINCE = "2.6.0"
FUNCTION_CHAINS_SINCE = "3.0.0"  # SearchRequest.function_chains (proto field 24); first release not verified

FULL_TEXT = Change("milvus v2.5.0 release notes", "Full Text Search (BM25 function, sparse BM25 index) and Text Match")
_VISITOR = older_line("internal/parser/planparserv2/parser_visitor.go", "VisitTextMatch / VisitPhraseMatch",
                      "copy:19341739304", "2.6", "the merr-standardised visitor (pkg/v2 copy; master's not stored): "
                      "non-string → 'text match operation on non-string is unsupported', then "
                      "IsFieldTextMatchEnabled → 'field \"x\" does not enable match'; minimum_should_match in "
                      "[1, 1000]; PHRASE_MATCH slop a const uint32")
_PLAN = master(QUERY, "QueryTask.createPlanArgs", PLAN_ERROR_NOTE)
_VISITOR_GAP = ("master's parser_visitor.go is not stored; the 2.6-line copy's TEXT_MATCH / PHRASE_MATCH visitor "
                "(merr-standardised) stands for it")
_VALIDATE = master("internal/proxy/validator/function.go", "ValidateFunction",
                   "CheckFunctionBasicParams → duplicate name → input fields exist → CheckFunctionInputField → "
                   "output fields exist / not pk, partition or clustering key / not nullable / not shared → "
                   "CheckFunctionOutputField → embedding.ValidateFunctions (runtime: providers)")
_TI = "internal/proxy/ddl/task_index.go"

# ---- TEXT_MATCH / PHRASE_MATCH ------------------------------------------------------------------------------

success("Query/text-match", "Query filtering with TEXT_MATCH(field, 'tokens') on a VarChar field with enable_match",
        evidence=(_VISITOR, FULL_TEXT), since=FULL_TEXT_SINCE, gap=_VISITOR_GAP)
semantic("Query/result/text-match", "TEXT_MATCH keeps exactly the rows whose text holds at least one of the query's "
         "tokens, both read by the field's analyzer (standard: lowercased words)",
         evidence=(_VISITOR, Change("Milvus docs 'Text Match'", "OR semantics over the analyzed query terms")),
         since=FULL_TEXT_SINCE, gap=_VISITOR_GAP)
error("Query/text-match/not-enabled", "TEXT_MATCH on a VarChar field without enable_match", PARAMETER_INVALID,
      "does not enable match", evidence=(_VISITOR, _PLAN), since=FULL_TEXT_SINCE, gap=_VISITOR_GAP)
error("Query/text-match/non-string", "TEXT_MATCH on a field that is not a string (e.g. the Int64 primary key)",
      PARAMETER_INVALID, "text match operation on non-string is unsupported", evidence=(_VISITOR, _PLAN),
      since=FULL_TEXT_SINCE, gap=_VISITOR_GAP)
success("Query/phrase-match", "Query filtering with PHRASE_MATCH(field, 'phrase'[, slop])",
        evidence=(_VISITOR,), since=PHRASE_MATCH_SINCE,
        gap=_VISITOR_GAP + "; PHRASE_MATCH's first release is not verified (absent from milvus-lite 2.5.1), 2.6.0 "
                           "assumed")
semantic("Query/result/phrase-match", "PHRASE_MATCH keeps the rows holding the phrase's tokens in order with at most "
         "slop extra positions between them (slop 0 = adjacent)",
         evidence=(_VISITOR, Change("Milvus docs 'Phrase Match'", "slop = allowed positional distance")),
         since=PHRASE_MATCH_SINCE, gap=_VISITOR_GAP + "; PHRASE_MATCH's first release is not verified, 2.6.0 assumed")
success("Search/text-match", "Search filtered with TEXT_MATCH", evidence=(_VISITOR, master(SEARCH, "tryGeneratePlan")),
        since=FULL_TEXT_SINCE)
semantic("Search/result/text-match", "a Search filtered with TEXT_MATCH hits only rows holding one of the query's "
         "tokens (all of them when the limit allows)", evidence=(_VISITOR, master(SEARCH, "tryGeneratePlan")),
         since=FULL_TEXT_SINCE)

# ---- BM25 functions in the schema -----------------------------------------------------------------------------

success("CreateCollection/function/accepts-bm25", "CreateCollection with a BM25 function: a VarChar input with "
        "enable_analyzer, one SparseFloatVector output", evidence=(_VALIDATE, FULL_TEXT), since=FULL_TEXT_SINCE)
semantic("DescribeCollection/function-echo", "DescribeCollection echoes the BM25 function (name, type, input and "
         "output names) and marks its output field is_function_output", evidence=(_VALIDATE, FULL_TEXT),
         since=FULL_TEXT_SINCE)
error("CreateCollection/function/missing-name", "a function without a name, input or output field names, or with an "
      "empty one", PARAMETER_MISSING, "cannot be empty",
      evidence=master("internal/proxy/validator/function.go", "CheckFunctionBasicParams",
                      "merr.WrapErrParameterMissingMsg"), since=FULL_TEXT_SINCE)
error("CreateCollection/function/invalid", "a function breaking a structural rule: a field both input and output, a "
      "repeated input/output, a duplicate function name, an output that is the primary / partition key, nullable, "
      "or another function's output", PARAMETER_INVALID,
      evidence=_VALIDATE, since=FULL_TEXT_SINCE)
error("CreateCollection/function/field-not-found", "a function naming an input or output field the schema lacks",
      PARAMETER_INVALID, "function {side} field not found: {name}", evidence=_VALIDATE, since=FULL_TEXT_SINCE)
error("CreateCollection/function/bm25-params", "a BM25 function with params", PARAMETER_INVALID,
      "BM25 function accepts no params",
      evidence=master("internal/proxy/validator/function.go", "CheckFunctionBasicParams"), since=FULL_TEXT_SINCE)
error("CreateCollection/function/bm25-input", "a BM25 function whose input is not one VarChar field with "
      "enable_analyzer", PARAMETER_INVALID, "BM25 function input field must",
      evidence=master("internal/proxy/validator/function.go", "CheckFunctionInputField"), since=FULL_TEXT_SINCE)
error("CreateCollection/function/bm25-output", "a BM25 function whose output is not exactly one SparseFloatVector "
      "field", PARAMETER_INVALID, "BM25 function",
      evidence=master("internal/proxy/validator/function.go", "CheckFunctionOutputField"), since=FULL_TEXT_SINCE)
error("CreateCollection/function/embedding-provider", "a TextEmbedding function on a Milvus without that embedding "
      "provider configured", PARAMETER_INVALID,
      evidence=(_VALIDATE,), since=FUNCTION_SCORE_SINCE,
      gap="embedding.ValidateFunctions' message for an unconfigured provider was not read; the model answers 1100 "
          "(every other function check is 1100) with its own wording")

# ---- data, index and search of BM25 output fields -----------------------------------------------------------

error("Insert/function-output-column", "Insert sending the BM25 function's output column (Milvus generates it)",
      PARAMETER_INVALID,
      evidence=(master(UTIL_DML, "checkFieldsDataBySchema", "a BM25 output counts as generated: the column is one "
                       "more than expected ('more fieldData has pass in', 1100)"),
                master(UTIL_DML, "validateFieldDataColumns", "expected columns exclude BM25 outputs")),
      since=FULL_TEXT_SINCE)
success("Insert/bm25-rows", "Insert of rows carrying only the input text of a BM25 function",
        evidence=(master(UTIL_DML, "checkFieldsDataBySchema", "BM25 outputs are generated, not required"), FULL_TEXT),
        since=FULL_TEXT_SINCE)
success("CreateIndex/params/accepts-bm25", "SPARSE_INVERTED_INDEX / SPARSE_WAND with metric BM25 on a BM25 output",
        evidence=(master(_TI, "CreateIndexTask.parseIndexParams", "SparseFloatVectorMetrics = IP, BM25"), FULL_TEXT),
        since=FULL_TEXT_SINCE)
error("CreateIndex/params/bm25-metric-needs-function", "metric BM25 on a sparse field no BM25 function outputs",
      PARAMETER_INVALID, "only BM25 Function output field support BM25 metric type",
      evidence=master(_TI, "CreateIndexTask.parseIndexParams", "metricType == BM25 && functionSchema type != BM25 → "
                      "WrapErrParameterInvalid('valid index params', 'invalid index params', ...)"),
      since=FULL_TEXT_SINCE)
success("Search/bm25/text-query", "Search on a BM25 output field with text queries (PlaceholderType VarChar)",
        evidence=(master(SEARCH, "SearchTask.PreExecute", "a text placeholder on a BM25 output is embedded by the "
                         "function before the query node scores it"), FULL_TEXT), since=FULL_TEXT_SINCE)
semantic("Search/result/bm25-scores", "full-text hits are the rows holding a query token, best BM25 first: "
         "Σ idf·tf·(k1+1)/(tf + k1·(1 − b + b·dl/avgdl)), k1 1.2, b 0.75, idf = ln(1 + (N − df + 0.5)/(df + 0.5))",
         evidence=(FULL_TEXT, Protocol("proto/common.proto", "PlaceholderType.VarChar (text queries)"),
                   Change("knowhere BM25 (sparse inverted index)", "Okapi BM25 with bm25_k1 1.2, bm25_b 0.75 defaults; "
                          "the scores checked on milvus-lite 2.5.1 (Milvus 2.5) agree to 1e-4")),
         since=FULL_TEXT_SINCE, gap="the scorer is knowhere's (C++), not in the stored Go sources; the formula and "
                                    "defaults are Okapi BM25's, confirmed by a real Milvus 2.5's scores")
error("Search/bm25/metric-not-bm25", "a search on a BM25 output field with a metric other than BM25 (e.g. IP)",
      PARAMETER_INVALID, "must use BM25 metric type when searching against BM25 Function output field",
      evidence=master("internal/querynodev2/delegator/delegator.go", "shardDelegator.prepareSearchFunction",
                      "merr.WrapErrParameterInvalid('BM25', metric, ...) before the segments are searched; an empty "
                      "metric is accepted"),
      since=FULL_TEXT_SINCE)
error("Search/function-output-field", "Search asking for a BM25 function's output field as an output field",
      PARAMETER_INVALID, "not allowed to retrieve raw data of field {name}",
      evidence=master("internal/proxy/dql/util_dql.go", "translateOutputFields", "schema.CanRetrieveRawFieldData → "
                      "merr.WrapErrParameterInvalidMsg; '*' skips such fields"),
      history=(was("2.6.19", UNEXPECTED, MERR_STANDARDISATION,
                   Change("pkg/v2 util.go copy 2418204446", "fmt.Errorf on the 2.5-2.6 lines")),),
      since=FULL_TEXT_SINCE)
error("Query/function-output-field", "Query asking for a BM25 function's output field as an output field",
      PARAMETER_INVALID, "not allowed to retrieve raw data of field {name}",
      evidence=master("internal/proxy/dql/util_dql.go", "translateOutputFields", "the check Search makes "
                      "(schema.CanRetrieveRawFieldData → merr.WrapErrParameterInvalidMsg), called from "
                      "QueryTask.PreExecute with the query's output fields after the expression; '*' skips such "
                      "fields"),
      history=(was("2.6.19", UNEXPECTED, MERR_STANDARDISATION,
                   Change("pkg/v2 util.go copy 2418204446", "fmt.Errorf on the 2.5-2.6 lines")),),
      since=FULL_TEXT_SINCE)
success("HybridSearch/bm25-leg", "HybridSearch with a full-text (text query) leg and a dense leg",
        evidence=(master(SEARCH, "SearchTask.PreExecute", "each sub-request is planned as a Search"), FULL_TEXT),
        since=FULL_TEXT_SINCE)
semantic("HybridSearch/result/bm25-leg-fused", "the fused list is RRF over the full-text leg's and the dense leg's "
         "rankings", evidence=(FULL_TEXT, master("internal/proxy/dql/rerank_meta.go", "newRerankMetaFromLegacy")),
         since=FULL_TEXT_SINCE)

# ---- rerank functions (function_score) --------------------------------------------------------------------------

_CHAIN = "internal/util/function/chain/rerank_builder.go"
_BUILDER = master(_CHAIN, "BuildRerankChain / buildRerankChainInternal",
                  "boost is left to the query node, one proxy reranker at most; rrf k in (0, 16384); weighted weights in [0, 1], one per "
                      "leg, norm_score; decay gauss/exp/linear on one numeric field (origin, scale > 0, offset >= 0, "
                      "decay in [0.001, 0.999], score_mode max/sum/avg); model needs a VarChar input, queries and "
                      "a provider; each refusal merr.WrapErrParameterInvalidMsg")
_DECAY = older_line("internal/util/function/chain/expr/decay_expr.go", "gaussianDecay / expDecay / linearDecay",
                    "copy:51890168163", "2.6", "factor × the merged score: gauss exp(d²·ln(decay)/scale²), exp "
                    "exp(ln(decay)/scale·d), linear max(decay, 1 − (1 − decay)/scale·d), d = max(0, |x − origin| − "
                    "offset)")
_RERANK_META = master("internal/proxy/dql/rerank_meta.go", "newRerankMeta", "a FunctionScore (not all boost) "
                      "becomes the proxy's rerank; all-boost is left to the query node")
_DECAY_GAP = "master's decay_expr.go is not stored; the 2.6-line copy's formulas stand for it"

success("Search/function-score/accepts", "Search with a function_score reranker the server can apply (decay, rrf, "
        "weighted, boost)", evidence=(_RERANK_META, _BUILDER), since=FUNCTION_SCORE_SINCE)
semantic("Search/result/function-score-decay", "decay reranker: each hit's score is its search score (L2 turned "
         "into 1 − 2·atan(d)/π) times the decay factor of its input field; hits re-sorted best first",
         evidence=(_BUILDER, _DECAY), since=FUNCTION_SCORE_SINCE, gap=_DECAY_GAP)
error("Search/function-score/invalid", "a function_score the rerank chain refuses (unknown reranker, two proxy "
      "rerankers, bad rrf k, weights, decay parameters or input field)", PARAMETER_INVALID,
      evidence=(_RERANK_META, _BUILDER), since=FUNCTION_SCORE_SINCE)
error("Search/function-score/model-provider", "a model reranker on a Milvus without that rerank provider configured",
      PARAMETER_INVALID, "rerank_builder:", evidence=(_RERANK_META, _BUILDER), since=FUNCTION_SCORE_SINCE,
      gap="the provider's own message (rerank.NewModelProvider: disabled / unknown provider / missing "
                        "credentials) depends on the server's configuration, so only the rerank_builder prefix is "
                        "held")
success("HybridSearch/function-score/accepts", "HybridSearch fused by a function_score (rrf, weighted, decay)",
        evidence=(_RERANK_META, _BUILDER), since=FUNCTION_SCORE_SINCE)
semantic("HybridSearch/result/function-score-fused", "function_score rrf: Σ 1/(k + rank) over the legs, best first; "
         "weighted without norm_score: Σ weight × raw score", evidence=(_BUILDER,), since=FUNCTION_SCORE_SINCE)

# ---- function chains (SearchRequest / HybridSearchRequest.function_chains) -------------------------------------

_CHAINS = "internal/proxy/dql/function_chain_validator.go"
_CHAINS_GAP = ("the first release with function_chains is not verified (3.0.0 assumed: the pinned pymilvus 3.0.2 "
               "protocol has the field, the 2.6-line sources do not read it)")
error("Search/function-chains/with-function-score", "Search with both a function_score and a rerank-stage "
      "function chain", PARAMETER_INVALID, "function_score and function_chains cannot be used together",
      evidence=master(_CHAINS, "validateFunctionChainSearchRequest", "merr.WrapErrParameterInvalidMsg"),
      since=FUNCTION_CHAINS_SINCE, gap=_CHAINS_GAP)
error("Search/function-chains/invalid", "a Search function chain of a stage a search does not run (e.g. "
      "ingestion), a stage given twice, or a rerank chain without ops", PARAMETER_INVALID,
      evidence=master(_CHAINS, "splitFunctionChainsByStage / parseL2FunctionChain",
                      "'function chain[i] stage S is not supported in search request', 'function chain stage S "
                      "appears more than once', 'function chain[i] must contain at least one op'; each "
                      "merr.WrapErrParameterInvalidMsg"),
      since=FUNCTION_CHAINS_SINCE, gap=_CHAINS_GAP)
error("HybridSearch/function-chains/invalid", "a HybridSearch function chain beside function_score or rank_params, "
      "more than one chain, a chain of another stage than L2 rerank or without ops", PARAMETER_INVALID,
      evidence=master(_CHAINS, "selectHybridRerankMeta / newHybridFunctionChainRerankMeta / parseL2FunctionChain",
                      "'function_chains cannot be used with function_score', '... with rank_params strategy or "
                      "params', 'hybrid search requires exactly one function chain, got N'; each "
                      "merr.WrapErrParameterInvalidMsg, when the rerank is built"),
      since=FUNCTION_CHAINS_SINCE, gap=_CHAINS_GAP)
