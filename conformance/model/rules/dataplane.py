"""Evidence and history shared by the data-plane families (insert, dml, query, search): the master DML/DQL
files, the expression-error history, the template feature bound and the MutationResult checks. Registers
nothing itself except through :func:`mutation_result_checks`."""

from __future__ import annotations

from .common import M235, MERR_STANDARDISATION
from .evidence import Change, master
from .registry import semantic, was

INSERT = "internal/proxy/dml/task_insert.go"
INSERT_STREAMING = "internal/proxy/dml/task_insert_streaming.go"
UPSERT = "internal/proxy/dml/task_upsert.go"
DELETE = "internal/proxy/dml/task_delete.go"
UTIL_DML = "internal/proxy/dml/util_dml.go"
VALIDATE = "internal/proxy/fieldvalidator/validate_util.go"
QUERY = "internal/proxy/dql/task_query.go"
SEARCH = "internal/proxy/dql/task_search.go"
SEARCH_UTIL = "internal/proxy/dql/search_util.go"
UTIL_DQL = "internal/proxy/dql/util_dql.go"
RERANK = "internal/proxy/dql/rerank_meta.go"
STATISTIC = "internal/proxy/dql/task_statistic.go"
SEGCORE = "pkg/util/merr/segcore.go"
META_CACHE = "internal/proxy/meta_cache.go"

# The proxy's meta cache: GetCollectionID stamps CollectionNotFound as the caller's error, GetPartitionInfo
# the PartitionNotFound of a user-supplied name (WrapErrAsInputErrorWhen at the name chokepoints).
COLLECTION_LOOKUP = master(META_CACHE, "MetaCache.GetCollectionID",
                           "collection not found → 100, marked input error at the proxy's name chokepoint")
PARTITION_LOOKUP = master(META_CACHE, "MetaCache.GetPartitionInfo",
                          "partition not found → 200 'partition not found[partition=p]', marked input error")

# A plan-creation failure (every Query, Search and Delete expression) is projected onto 1100:
# wrapPlanCreationError = merr.Combine(merr.Wrap(err, ctx), merr.ErrParameterInvalid), in package proxy
# (stored master copy 57915766160, imports pkg/v3); its comment calls the 1100 projection a public contract.
PLAN_ERROR_NOTE = ("wrapPlanCreationError (stored master copy 57915766160): merr.Combine(..., ErrParameterInvalid) "
                   "→ 1100 even when the parser answers ErrQueryPlan (2201)")

# Bad filter expressions: Milvus 2.3.5 answered the plain-error 65535 "cannot parse expression" (probes X11,
# E54); master #29681 made it ParameterInvalid for 2.4.0, the 2.3 backport #29795 was approved with the
# v2.3.6 bump and is certainly in v2.3.7 (the safe linear bound).
FILTER_CHANGE = Change("milvus-io/milvus#29795", "2.3 backport of #29681 'make the error of parsing expression to "
                       "ParameterInvalid' (2.4.0); approved with the v2.3.6 bump, certainly in v2.3.7")


def filter_history():
    return (was("2.3.7", 65535, FILTER_CHANGE, M235),)


def plain_before_standardisation():
    """Releases before v2.6.19 answered these proxy checks with a plain error (65535), observed on 2.3.5; the
    2.4/2.5-line proxies (stored copies 1729963959, 2418204446: ``validateLimit`` returns fmt.Errorf) too."""
    return (was("2.6.19", 65535, MERR_STANDARDISATION, M235),)


# expr_template_values: the wire format changed after the first merge (#37484 / "[2.4]" #37485), listed in the
# v2.4.17 notes; the 2.5 line has it from 2.5.0. 2.4.14 (the proto tag) is too early.
TEMPLATES_SINCE = "2.4.17"
TEMPLATES = Change("milvus v2.4.17 release notes", "expression templates (#37485, wire format of #37484); 2.5 line "
                   "from v2.5.0 ('Expression Templates for Query Acceleration')")
HYBRID_SINCE = "2.4.0"
HYBRID = Change("milvus v2.4.0-rc.1 release notes", "Multi-vector and Hybrid Search, RRF/Weighted rankers")
GROUP_BY_SINCE = "2.4.0"
SEARCH_BY_PK_SINCE = "2.6.9"

# Segcore (C++) errors reach the client as merr ErrSegcore (2000): the query node classifies the C++ code
# (pkg/util/merr/segcore.go classifySegcoreError), the proxy rebuilds the status with merr.Error (searchShard).
# The C++ sources carry no module imports and cannot be dated; the notes name the stored copies read.
SEGCORE_PASS_THROUGH = master(SEARCH, "searchShard", "the query node's Status is rebuilt with merr.Error: its code "
                              "(2000 for segcore errors) reaches the client")
DIM_NOT_MATCH = master(SEGCORE, "classifySegcoreError", "DimNotMatch (2032) → ErrSegcore 2000, input error; raised by "
                       "the C++ ParsePlaceholderGroup 'vector dimension mismatch' (stored copy 14763703726)")
METRIC_NOT_MATCH = master(SEGCORE, "classifySegcoreError", "MetricTypeNotMatch (2031) → ErrSegcore 2000, input "
                          "error; raised per segment by the C++ ResolveSearchMetricType (stored copy 62295035097)")
INVALID_PARAMETER = master(SEGCORE, "classifySegcoreError", "InvalidParameter (2042) → ErrSegcore 2000, input "
                           "error; raised by the C++ CheckRangeSearchParam (stored copy 68575723790)")


def mutation_result_checks(rpc: str, count_field: str, *evidence) -> None:
    """The MutationResult properties of a successful Insert/Upsert (``oracle.check_mutation``)."""
    semantic(f"{rpc}/result/one-id-per-row", f"a successful {rpc} returns one ID per row", evidence=evidence)
    semantic(f"{rpc}/result/count", f"{count_field} equals the number of rows", evidence=evidence)
    semantic(f"{rpc}/result/succ-index", "succ_index lists every row 0..n-1 and err_index is empty",
             evidence=evidence)
    semantic(f"{rpc}/result/ids-echo-primary-keys", "the IDs echo the primary keys sent, in order (non-auto "
             "primary key)", evidence=evidence)
