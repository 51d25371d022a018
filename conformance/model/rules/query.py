"""Query on current Milvus: accepted filters, the error paths in ``QueryTask.PreExecute``'s order, and the
properties of a result (held to the client-side oracle of what was written).

Order on master (dql/task_query.go): collection (100) → partition name format → limit/offset window (1100) →
plan: expression (1100), output fields (1100 "field X not exist") → empty expression without a limit (1100) →
partition lookup (1100 "partition name X not found") → Execute: the load balancer (101 when not loaded).
"""

from __future__ import annotations

from ..errors import COLLECTION_NOT_FOUND, COLLECTION_NOT_LOADED, PARAMETER_INVALID, UNEXPECTED
from .common import M235, MERR_STANDARDISATION
from .dataplane import (
    COLLECTION_LOOKUP,
    PLAN_ERROR_NOTE,
    QUERY,
    SEARCH_UTIL,
    TEMPLATES,
    TEMPLATES_SINCE,
    UTIL_DQL,
    filter_history,
    plain_before_standardisation,
)
from .evidence import Change, master
from .registry import error, semantic, success, was

_PRE = "QueryTask.PreExecute"
_PLAN = "QueryTask.createPlanArgs"

success("Query/accepts-valid-filter", "Query with a valid filter (or an empty one with a limit) on a loaded "
        "collection, at any consistency level", evidence=(master(QUERY, _PRE), M235))
error("Query/invalid-filter", "Query with an expression the plan parser rejects (syntax, unknown field, type)",
      PARAMETER_INVALID, "failed to create query plan: cannot parse expression: {expr}",
      evidence=(master(QUERY, _PLAN, "WrapPlanCreationError"), master(QUERY, _PLAN, PLAN_ERROR_NOTE)),
      history=filter_history())
error("Query/unknown-output-field", "Query asking for an output field the schema lacks (dynamic field off)",
      PARAMETER_INVALID, "field {name} not exist",
      evidence=master(UTIL_DQL, "translateOutputFields", "merr.WrapErrParameterInvalidMsg; after the expression"),
      history=plain_before_standardisation())
error("Query/missing-collection", "Query on a missing collection", COLLECTION_NOT_FOUND,
      "collection not found[database={db}][collection={name}]",
      evidence=(master(QUERY, _PRE + " → GetCollectionID"), COLLECTION_LOOKUP, M235), input_error=True)
error("Query/missing-partition", "Query naming a missing partition", PARAMETER_INVALID,
      "partition name {name} not found",
      evidence=(master(SEARCH_UTIL, "GetPartitionIDs", "merr.WrapErrParameterInvalidMsg (a TODO keeps 1100 instead "
                       "of PartitionNotFound 'until testcases are updated')"),),
      history=plain_before_standardisation())
error("Query/not-loaded", "Query on a collection that is not loaded (released or never loaded)",
      COLLECTION_NOT_LOADED, "collection not loaded",
      evidence=(master(QUERY, "QueryTask.Execute", "lb.Execute → GetShardLeaders → ErrCollectionNotLoaded, not "
                       "retried; proxy auto-load off by default"), M235))
success("Query/template-values", "Query with expr_template_values answers what the inlined filter answers",
        evidence=(master(QUERY, _PLAN, "the plan is built with the request's expr_template_values"), TEMPLATES),
        since=TEMPLATES_SINCE)
error("Query/unknown-template-name", "Query whose expression names a template variable the request lacks",
      PARAMETER_INVALID, "the value of expression template variable name {name} is not found",
      evidence=(master(QUERY, _PLAN, "the parser's error goes through WrapPlanCreationError"), TEMPLATES),
      since=TEMPLATES_SINCE)
error("Query/empty-filter-needs-limit", "Query with an empty expression and no limit", PARAMETER_INVALID,
      "empty expression should be used with limit", evidence=master(QUERY, _PRE),
      history=(was("2.4.0", UNEXPECTED, M235, Change("pymilvus#1525", "65535 on master of 2024-02-05")),
               was("2.5.0", UNEXPECTED, Change("2.5-dev proxy copy 2406439931", "the merr form (1100) arrived within "
                                               "the 2.4 line"), after="2.4.0",
                   also=((PARAMETER_INVALID, "which 2.4.x first answered 1100 is unverified (candidates: #32777 in "
                                             "v2.4.3, #34179 in v2.4.6)"),))))
error("Query/window-out-of-range", "Query whose offset+limit is outside [1, maxQueryResultWindow]", PARAMETER_INVALID,
      "invalid max query result window, (offset+limit) should be in range [1, {max}], but got {window}",
      evidence=master(UTIL_DQL, "validateMaxQueryResultWindow", "via parseQueryParams"),
      history=(was("2.6.19", UNEXPECTED, MERR_STANDARDISATION, M235,
                   Change("pkg/v2 util.go copy 2418204446", "a plain error on the 2.4-2.6 lines")),))

_RESULT = (master(QUERY, "QueryTask.PostExecute", "reduce: one row per primary key, the requested fields"), M235)
semantic("Query/result/field-types", "every returned column carries its schema type", evidence=_RESULT)
semantic("Query/result/requested-fields", "the primary key and every requested output field are returned",
         evidence=_RESULT)
semantic("Query/result/columns-aligned", "the result's columns agree on their row count", evidence=_RESULT)
semantic("Query/result/unique-primary-keys", "a primary key appears once in a result", evidence=_RESULT)
semantic("Query/result/no-missing-rows", "every live row matching the filter (in the partitions asked) is returned",
         evidence=_RESULT)
semantic("Query/result/no-extra-rows", "no row that does not match, was deleted, or lies outside the partitions "
         "asked is returned", evidence=_RESULT)
semantic("Query/result/values-as-written", "each returned field holds the value written (Float as float32, vectors "
         "bit-exact, JSON by value)", evidence=_RESULT)
semantic("Query/result/limit", "a limited query returns min(limit, matching) matching rows",
         evidence=(master(UTIL_DQL, "validateMaxQueryResultWindow"), *_RESULT))

# ---- count(*) (cases/test_count.py) --------------------------------------------------------------------------

_COUNT = master(QUERY, "createPlanArgs / hasCountStar", "count(*) is an aggregate (translateOutputFields → "
                "agg.NewAggregate): one Int64 column named count(*), no limit needed even with an empty expression")
_NO_DEDUP = Change("milvus-io/milvus#33774, #36199, #49541", "maintainers: 'count(*) does not do de-dup' (2024); insert "
                   "and import intentionally do not deduplicate, primary-key deduplication is planned for 3.1 (2026-05)")
success("Query/count/accepted", "Query with output_fields ['count(*)'] (any filter, empty included, no limit) on a "
        "loaded collection", evidence=_COUNT)
semantic("Query/count/counts-matching", "count(*) equals the number of stored rows matching the filter in the "
         "partitions asked (deleted rows gone, an upserted key counted once)",
         evidence=(_COUNT, master(QUERY, "QueryTask.PostExecute", "the count aggregate summed over the shards")))
semantic("Query/count/duplicates-counted", "count(*) counts every inserted copy of a primary key inserted twice "
         "(no deduplication, unlike a plain query)", evidence=(_COUNT, _NO_DEDUP),
         gap="no master source line states it; the maintainers' statements (#33774, #49541) and Milvus 2.3.5 "
             "(observed while writing the model) do")
error("Query/count/with-pagination", "count(*) with a limit (no group by)", PARAMETER_INVALID,
      "count entities with pagination is not allowed",
      evidence=master(QUERY, "QueryTask.PreExecute", "hasCountStar && limit set && no group by → "
                      "WrapErrParameterInvalidMsg; after the partition lookup, before the load check"),
      since="2.5.0",
      gap="the first release refusing it is not dated: 2.5.0 assumed (Milvus 2.3.5 answers the count)")
error("Query/count/with-other-fields", "count(*) next to a plain output field, without group by", UNEXPECTED,
      "no indices found for output field at index {index}",
      evidence=(master(UTIL_DQL, "translateOutputFields", "count(*) becomes an aggregate, the plain field a retrieved "
                       "field: the plan is accepted"),
                master(QUERY, "createPlanArgs → agg.NewAggregationFieldMap", "a field that is neither grouped nor "
                       "aggregated maps to no index; the aggregation pipeline then fails (a plain error, after the read)"),
                Change("milvus-io/milvus#47348", "open on master (2026-01-27): 'code: 65535 message: no indices found "
                       "for output field at index 1' for a plain field next to aggregates (reported with group by)")),
      gap="the pipeline's error line was not read; #47348 shows it with group_by_fields set, the model assumes the "
          "same without (Milvus 2.3.5 answered 65535 too: 'parse output field name failed: count(*)')")
