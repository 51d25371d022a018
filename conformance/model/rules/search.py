"""Search and HybridSearch on current Milvus: accepted requests, the error paths in ``SearchTask.PreExecute``'s
order, the segcore errors the query node passes through, and the properties of a result (held to brute force).

Order on master (dql/task_search.go, whole file read): collection (100) → partitions (1100 "partition name X
not found") → output fields (1100) → HybridSearch: sub-request count → nq (1100) → parseSearchInfo: topk, offset,
offset+topk, round_decimal (1100) → plan: expression (1100) → Execute: the load balancer (101) → query node /
segcore: query dim, metric against the index, range bounds (2000 ErrSegcore, input errors). The proxy checks
neither the query dim nor the metric nor the range bounds.
"""

from __future__ import annotations

from .. import limits
from ..errors import COLLECTION_NOT_FOUND, COLLECTION_NOT_LOADED, PARAMETER_INVALID, UNEXPECTED
from .common import M235, MERR_STANDARDISATION
from .core import Alternative
from .dataplane import (
    COLLECTION_LOOKUP,
    DIM_NOT_MATCH,
    GROUP_BY_SINCE,
    HYBRID,
    HYBRID_SINCE,
    INVALID_PARAMETER,
    METRIC_NOT_MATCH,
    PLAN_ERROR_NOTE,
    RERANK,
    SEARCH,
    SEARCH_BY_PK_SINCE,
    SEARCH_UTIL,
    SEGCORE_PASS_THROUGH,
    TEMPLATES,
    TEMPLATES_SINCE,
    UTIL_DQL,
    filter_history,
    plain_before_standardisation,
)
from .evidence import Change, master
from .registry import error, semantic, success, was

SEGCORE = 2000  # merr ErrSegcore
_PRE = "SearchTask.PreExecute"
_INFO = "parseSearchInfo"

# Query-node errors: the 2.3 proxy wrapped them in a plain fmt.Errorf (65535, observed on 2.3.5); from 2.4 the
# proxy passes the query node's Status through (merr.Error), so the code the query node set reaches the client.
PASS_THROUGH = Change("milvus 2.4 proxy", "query-node errors passed through with their code (merr.Error(status)); "
                      "the 2.3 proxy wrapped them in fmt.Errorf (65535)")

success("Search/accepts-valid-request", "Search with a valid limit, metric and filter on a loaded collection",
        evidence=(master(SEARCH, _PRE), M235))
success("Search/limit-at-maximum", f"Search with limit {limits.MAX_TOPK} (quotaAndLimits.limits.topK) is accepted",
        evidence=(master(UTIL_DQL, "validateLimit", "0 < topk <= topK limit"), M235))
error("Search/limit-out-of-range", f"Search with limit 0 or above {limits.MAX_TOPK}", PARAMETER_INVALID,
      "topk [{limit}] is invalid, it should be in range [1, {max}], but got {limit}",
      evidence=(master(SEARCH_UTIL, _INFO), master(UTIL_DQL, "validateLimit", "merr.WrapErrParameterInvalidMsg")),
      history=plain_before_standardisation())
error("Search/nq-out-of-range", f"Search with nq 0 or above {limits.MAX_NQ} (quotaAndLimits.limits.nq)",
      PARAMETER_INVALID, "nq [{nq}] is invalid, nq (number of search vector per search request) should be in range "
      "[1, {max}], but got {nq}",
      evidence=(master(SEARCH, "checkNq", "nq = request.nq, else the placeholder's value count; before the plan"),
                master(UTIL_DQL, "validateNQLimit")),
      history=(was("2.6.19", UNEXPECTED, MERR_STANDARDISATION, M235,
                   Change("2.6-line task_search.go copy 2417631946", "a plain error until the standardisation")),))
error("Search/offset-out-of-range", f"Search with a negative offset, or offset+limit above {limits.MAX_TOPK}",
      PARAMETER_INVALID, "{param} [{value}] is invalid, it should be in range [1, {max}], but got {value}",
      evidence=master(SEARCH_UTIL, _INFO, "validateLimit on offset (when non-zero), then on offset+topk"),
      history=plain_before_standardisation())
error("Search/round-decimal-out-of-range", "Search with round_decimal outside -1..6", PARAMETER_INVALID,
      "round_decimal [{value}] is invalid, should be -1 or an integer in range [0, 6]",
      evidence=master(SEARCH_UTIL, _INFO), history=plain_before_standardisation())
error("Search/invalid-filter", "Search with an expression the plan parser rejects", PARAMETER_INVALID,
      "failed to create query plan: cannot parse expression: {expr}",
      evidence=(master(SEARCH, "tryGeneratePlan", "after the topk/offset checks; WrapPlanCreationError"),
                master(SEARCH, "tryGeneratePlan", PLAN_ERROR_NOTE)),
      history=filter_history())
error("Search/unknown-output-field", "Search asking for an output field the schema lacks (dynamic field off)",
      PARAMETER_INVALID, "field {name} not exist",
      evidence=master(UTIL_DQL, "translateOutputFields", "before nq and the plan"),
      history=plain_before_standardisation())
error("Search/missing-collection", "Search on a missing collection", COLLECTION_NOT_FOUND,
      "collection not found[database={db}][collection={name}]",
      evidence=(master(SEARCH, _PRE + " → GetCollectionID"), COLLECTION_LOOKUP, M235), input_error=True)
error("Search/missing-partition", "Search naming a missing partition", PARAMETER_INVALID,
      "partition name {name} not found",
      evidence=master(SEARCH_UTIL, "GetPartitionIDs", "merr.WrapErrParameterInvalidMsg"),
      history=plain_before_standardisation())
error("Search/not-loaded", "Search on a collection that is not loaded (released or never loaded)",
      COLLECTION_NOT_LOADED, "collection not loaded",
      evidence=(master(SEARCH, "SearchTask.Execute", "load balancer → GetShardLeaders → ErrCollectionNotLoaded, not "
                       "retried"), M235))
error("Search/wrong-query-dim", "query vectors whose dim differs from the field's", SEGCORE,
      "vector dimension mismatch, expected vector size(byte) {expected}, actual {actual}",
      evidence=(DIM_NOT_MATCH, SEGCORE_PASS_THROUGH), input_error=True,
      history=(was("2.4.0", UNEXPECTED, PASS_THROUGH, M235),))
error("Search/metric-mismatch", "a metric_type other than the index's (dense, binary and sparse indexes)", SEGCORE,
      "metric type of field index is not the same as search request",
      evidence=(METRIC_NOT_MATCH, SEGCORE_PASS_THROUGH), input_error=True,
      history=(was("2.4.0", UNEXPECTED, PASS_THROUGH, M235),
               was("3.0.0", PARAMETER_INVALID, Change("internal/util/segcore plan.go NewSearchRequest (stored copy "
                                                      "2437321099)", "2.4-2.6 answer 1100 'metric type not match: "
                                                      "invalid parameter[expected=L2][actual=IP]' from the Go check "
                                                      "(Go client e2e tests assert it); per-segment metric resolution "
                                                      "is newer; its first release is not dated, 3.0.0 assumed"),
                   after="2.4.0")),
      alternatives=(Alternative(PARAMETER_INVALID, "master still has the Go check in internal/util/segcore plan.go "
                                "NewSearchRequest (1100 'metric type not match'); the source read does not settle "
                                "whether it or the C++ per-segment MetricTypeNotMatch (2000) fires first"),))
error("Search/range-inverted-bounds", "range search with range_filter on the wrong side of radius", SEGCORE,
      "range_filter({range_filter}) must be",
      evidence=(INVALID_PARAMETER, SEGCORE_PASS_THROUGH,
                master(SEARCH_UTIL, _INFO, "no range-bound check in the proxy any more (only 'range_filter requires "
                       "radius')")),
      input_error=True,
      history=(was("2.4.0", UNEXPECTED, PASS_THROUGH, M235),
               was("3.0.0", PARAMETER_INVALID, Change("proxy checkRangeSearchParams (stored older task_search.go "
                                                      "copy 18279836158)", "1100 'range_filter must be less than "
                                                      "radius'; removed from the master proxy, the release that "
                                                      "removed it is not dated, 3.0.0 assumed"), after="2.4.0")))
success("Search/template-values", "Search with expr_template_values ranks what the inlined filter does",
        evidence=(master(SEARCH, "tryGeneratePlan", "the plan is built with expr_template_values"), TEMPLATES),
        since=TEMPLATES_SINCE)
error("Search/unknown-template-name", "Search whose expression names a template variable the request lacks",
      PARAMETER_INVALID, "the value of expression template variable name {name} is not found",
      evidence=(master(SEARCH, "tryGeneratePlan", "the parser's error goes through WrapPlanCreationError"),
                TEMPLATES), since=TEMPLATES_SINCE)
success("Search/group-by", "Search with group_by_field (group_size 1)",
        evidence=(master(SEARCH_UTIL, "parseGroupByInfo"),
                  Change("milvus v2.4.0-rc.1 release notes", "Grouping Search")), since=GROUP_BY_SINCE)
success("Search/by-primary-keys", "Search with SearchRequest.ids: the stored vectors of those keys are the queries",
        evidence=(master(SEARCH, _PRE, "search_input ids: the vectors are fetched by primary key"),
                  Change("milvus v2.6.9 release notes", "Supported searching by primary keys (#46528)")),
        since=SEARCH_BY_PK_SINCE)

_RESULT = (master(SEARCH, "SearchTask.PostExecute", "reduce: per query the best topk hits, best first, with the "
                  "output fields of each hit"), M235)
semantic("Search/result/shape", "num_queries = nq, one topks entry per query, sum(topks) ids and scores",
         evidence=_RESULT)
semantic("Search/result/at-most-limit", "at most limit hits per query", evidence=_RESULT)
semantic("Search/result/best-first", "hits ordered best first in the metric's direction", evidence=_RESULT)
semantic("Search/result/live-rows", "every hit is a live (written, undeleted) row that matches the filter",
         evidence=_RESULT)
semantic("Search/result/true-scores", "each hit's score is the exact metric distance to the query", evidence=_RESULT)
semantic("Search/result/exact-top-k", "against a FLAT index the hits are the exact brute-force top-k (ties in any "
         "order), after offset", evidence=_RESULT)
semantic("Search/result/output-fields", "each requested output field comes back with one value per hit, the hit "
         "row's value", evidence=_RESULT)
semantic("Search/result/rounded-scores", "scores are rounded to round_decimal places (the ranking is the unrounded "
         "one)", evidence=(master(SEARCH_UTIL, _INFO, "round_decimal applied in the search pipeline"), M235))
semantic("Search/result/in-range", "range search hits lie inside [range_filter, radius) (L2) or (radius, "
         "range_filter] (IP)", evidence=_RESULT)
semantic("Search/result/recall", "an approximate index (IVF_FLAT, HNSW) finds >= 0.8 of the brute-force top-10",
         evidence=_RESULT)
semantic("Search/result/group-by", "group-by: at most one hit per group value, each group's best row, the limit "
         "best groups in metric order, group_by_field_value holding each hit's value",
         evidence=(master(SEARCH_UTIL, "parseGroupByInfo"), Change("milvus v2.4.0-rc.1 release notes",
                                                                   "Grouping Search")), since=GROUP_BY_SINCE)

# ---- HybridSearch ---------------------------------------------------------------------------------------------

_HYBRID = master(SEARCH, _PRE, "HybridSearch becomes a SearchRequest with SubReqs (ConvertHybridSearchToSearch)")
success("HybridSearch/accepts-sub-requests", "HybridSearch of sub-searches fused by RRF or weighted rank_params",
        evidence=(_HYBRID, master(RERANK, "newRerankMetaFromLegacy"), HYBRID), since=HYBRID_SINCE)
error("HybridSearch/weights-length-mismatch", "weighted ranker with a weight count other than the sub-request count",
      PARAMETER_INVALID, "the length of weights param mismatch with ann search requests",
      evidence=(master(RERANK, "newRerankMetaFromLegacy", "legacy rank_params kept; the WeightedFunction rejects it "
                       "with merr.WrapErrParameterInvalid when the rerank chain is built"), HYBRID),
      since=HYBRID_SINCE)
error("HybridSearch/unknown-ranker", "rank_params strategy that names no ranker", PARAMETER_INVALID,
      "unsupported rank type {name}",
      evidence=(master(RERANK, "newRerankMetaFromLegacy", "the legacy conversion's merr.WrapErrParameterInvalidMsg "
                       "(stored copy 51878172190)"), HYBRID), since=HYBRID_SINCE)
error("HybridSearch/missing-collection", "HybridSearch on a missing collection", COLLECTION_NOT_FOUND,
      "collection not found[database={db}][collection={name}]", evidence=(_HYBRID, COLLECTION_LOOKUP),
      input_error=True, since=HYBRID_SINCE)

_FUSED = (master(RERANK, "newRerankMetaFromLegacy", "rrf: sum of 1/(k + rank); weighted: sum of weight x normalised "
                 "score"), HYBRID)
semantic("HybridSearch/result/one-list-per-query", "one result list per query", evidence=_FUSED, since=HYBRID_SINCE)
semantic("HybridSearch/result/live-rows-within-limit", "at most limit hits, each a live row", evidence=_FUSED,
         since=HYBRID_SINCE)
semantic("HybridSearch/result/fused-scores", "each hit carries its fused score", evidence=_FUSED, since=HYBRID_SINCE)
semantic("HybridSearch/result/fused-top-k", "the hits are the fused top-k, best first", evidence=_FUSED,
         since=HYBRID_SINCE)
