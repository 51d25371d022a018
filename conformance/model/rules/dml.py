"""Upsert and Delete on current Milvus, plus the Flush and statistics argument checks of the data-plane
argument cases (cases/test_data_arguments.py).

Upsert (dml/task_upsert.go PreExecute): collection (100) → partition-key checks → duplicate keys in the batch
(1100) → num_rows → prepareUpsert (a read only for autoID keys or partial updates) → the Insert validator →
deletePreExecute's partition lookup (200). Delete (dml/task_delete.go DeleteRunner.Init): collection (100) →
plan (1100, marked input error) → empty/always-true plan (1100) → partition (200); a filter that is not a
primary-key list is resolved by a query, which needs the collection loaded (101).
"""

from __future__ import annotations

from ..errors import (
    COLLECTION_NOT_FOUND,
    COLLECTION_NOT_LOADED,
    PARAMETER_INVALID,
    PARAMETER_MISSING,
    PARTITION_NOT_FOUND,
)
from .common import M235
from .core import RECOMMENDED
from .dataplane import (
    COLLECTION_LOOKUP,
    DELETE,
    PARTITION_LOOKUP,
    PLAN_ERROR_NOTE,
    STATISTIC,
    TEMPLATES,
    TEMPLATES_SINCE,
    UPSERT,
    UTIL_DML,
    VALIDATE,
    filter_history,
    mutation_result_checks,
)
from .evidence import Change, master
from .registry import error, semantic, success, was

_UP = "UpsertTask.PreExecute"
_INIT = "DeleteRunner.Init"

# ---- Upsert -------------------------------------------------------------------------------------------------

success("Upsert/replaces-and-inserts", "Upsert of unique keys on a non-auto primary key: existing keys replaced, "
        "new ones inserted (no read needed)",
        evidence=(master(UPSERT, _UP, "prepareUpsert reads existing rows only for autoID keys or partial updates"),
                  M235))
error("Upsert/row-count-mismatch", "Upsert whose columns hold fewer rows than num_rows", PARAMETER_INVALID,
      "the num_rows ({n}) of field ({field}) is not equal to passed num_rows ({num_rows})",
      evidence=(master(UTIL_DML, "checkUpsertPrimaryFieldData", "CheckAligned of the key column; "
                       "WrapErrAsInputErrorWhen(ErrParameterInvalid)"), master(VALIDATE, "CheckAligned"), M235))
error("Upsert/missing-partition", "Upsert into a missing partition (looked up after the batch passed the validator)",
      PARTITION_NOT_FOUND, "partition not found[partition={name}]",
      evidence=(master(UPSERT, "deletePreExecute → GetPartitionID"), PARTITION_LOOKUP, M235), input_error=True)
error("Upsert/missing-collection", "Upsert into a missing collection", COLLECTION_NOT_FOUND,
      "collection not found[database={db}][collection={name}]",
      evidence=(master(UPSERT, _UP + " → GetCollectionID"), COLLECTION_LOOKUP, M235), input_error=True)
error("Upsert/duplicate-primary-keys", "Upsert repeating a primary key within one batch", PARAMETER_INVALID,
      "duplicate primary keys are not allowed in the same batch",
      evidence=master(UPSERT, _UP, "checked before num_rows and the validator"),
      history=(was("2.6.8", 0, Change("milvus-io/milvus#46035", "v2.6.8 release notes; 2.4, 2.5 and 2.6.0-2.6.7 "
                                      "accept the batch"), M235),))

error("Upsert/missing-primary-key", "Upsert without a primary-key column (autoID key or not)", PARAMETER_INVALID,
      "must assign pk when upsert, primary field: {field}",
      evidence=master(UTIL_DML, "CheckDuplicatePkExist", "called first in UpsertTask.PreExecute for every Upsert: no "
                      "key column → WrapErrParameterInvalidMsg"),
      history=(was("2.6.8", PARAMETER_INVALID, Change("milvus-io/milvus#46035", "the key check arrived with the "
                                                      "duplicate-key check (v2.6.8); before, a non-auto key's missing "
                                                      "column failed checkFieldsDataBySchema (also 1100)")),))

# ---- Upsert with partial_update -------------------------------------------------------------------------------

_PARTIAL = master(UPSERT, "UpsertTask.queryPreExecute", "partial_update: a Strong query by the keys ('*' output), "
                  "then the request's columns replace the stored ones and the other fields keep theirs")
_PARTIAL_SINCE = "2.6.0"
success("Upsert/partial/merges", "Upsert with partial_update=True of some columns for stored keys: accepted, "
        "delete_cnt = keys found, upsert_cnt = rows", evidence=(_PARTIAL, master(UPSERT, "refreshMutationResultCounts",
                                                                             "delete_cnt = the keys found")),
        since=_PARTIAL_SINCE, gap="the first release with UpsertRequest.partial_update is not dated: 2.6.0 assumed")
semantic("Upsert/partial/keeps-other-fields", "after a partial update a query returns the new values of the columns "
         "sent and the stored values of every other field", evidence=_PARTIAL, since=_PARTIAL_SINCE)
semantic("Upsert/partial/delete-count", "a partial update's delete_cnt counts the keys that existed",
         evidence=master(UPSERT, "queryPreExecute / refreshMutationResultCounts", "deletePKs = the keys the query "
                         "found"), since=_PARTIAL_SINCE)
error("Upsert/partial/new-row-incomplete", "partial update of a key that does not exist (others do) without every "
      "field that is neither nullable nor defaulted", PARAMETER_INVALID,
      "partial update: primary key {pk} does not exist in the query scope; cannot insert a new entity",
      evidence=(_PARTIAL, master(UTIL_DML, "LackOfFieldsDataBySchema", "'missing required field %q', wrapped with "
                                 "merr.Wrapf (code kept)")), since=_PARTIAL_SINCE)
error("Upsert/partial/no-existing-row", "partial update where none of the keys exists", PARAMETER_INVALID,
      "retrieve by primary key failed, no data found",
      evidence=master(UPSERT, "UpsertTask.queryPreExecute", "partialUpdate && len(resp.GetFieldsData()) == 0"),
      since=_PARTIAL_SINCE,
      gap="assumes the internal query answers no field data when no key matches (the reduce pipeline was not "
          "read)")

mutation_result_checks("Upsert", "upsert_cnt", master(UPSERT, "UpsertTask.Execute", "upsert_cnt = insert_cnt; IDs "
                                                      "= the keys sent"), M235)

# ---- Delete -------------------------------------------------------------------------------------------------

success("Delete/by-primary-keys", "Delete by a primary-key list (`pk in [...]`): no query, so no load needed",
        evidence=(master(DELETE, "simpleDelete", "the keys come from the plan; delete_cnt = keys listed"), M235))
success("Delete/by-filter", "Delete by any other filter on a loaded collection",
        evidence=(master(DELETE, "complexDelete", "queries the matching keys, then deletes them"), M235))
error("Delete/invalid-filter", "Delete with an expression the plan parser rejects (syntax, unknown field, type)",
      PARAMETER_INVALID, "failed to create delete plan: cannot parse expression: {expr}",
      evidence=(master(DELETE, _INIT, "WrapErrAsInputError(WrapPlanCreationError(err, 'failed to create delete "
                       "plan'))"), master(DELETE, _INIT, PLAN_ERROR_NOTE)),
      history=filter_history())
error("Delete/missing-collection", "Delete from a missing collection", COLLECTION_NOT_FOUND,
      "collection not found[database={db}][collection={name}]",
      evidence=(master(DELETE, _INIT + " → GetCollectionID", "ErrWithLog / errors.Wrap keep the code"),
                COLLECTION_LOOKUP, M235), input_error=True)
error("Delete/missing-partition", "Delete naming a missing partition", PARTITION_NOT_FOUND,
      "partition not found[partition={name}]",
      evidence=(master(DELETE, _INIT + " → GetPartitionID", "'Failed to get partition id: partition not found'"),
                PARTITION_LOOKUP, M235), input_error=True)
error("Delete/filter-needs-load", "Delete by a non-primary-key filter on a released collection", COLLECTION_NOT_LOADED,
      "collection not loaded",
      evidence=(master(DELETE, "complexDelete", "the query goes through the load balancer: GetShardLeaders → "
                       "ErrCollectionNotLoaded"), M235))
success("Delete/template-values", "Delete with expr_template_values removes the rows of the inlined filter",
        evidence=(master(DELETE, _INIT, "the plan is built with the request's expr_template_values"), TEMPLATES),
        since=TEMPLATES_SINCE)
error("Delete/unknown-template-name", "Delete whose expression names a template variable the request lacks",
      PARAMETER_INVALID, "the value of expression template variable name {name} is not found",
      evidence=(master(DELETE, _INIT, "the parser's error goes through WrapPlanCreationError"), TEMPLATES),
      since=TEMPLATES_SINCE)
error("Delete/empty-filter", "Delete with an empty (or always-true) expression", PARAMETER_INVALID,
      "delete plan can't be empty or always true", evidence=master(DELETE, _INIT),
      history=(was("2.4.1", COLLECTION_NOT_LOADED,
                   Change("milvus-io/milvus#32472", "v2.4.1 release notes: 'Discontinued support for delete with an "
                          "empty filter expression'; before, an unloaded collection answered 101 first"), M235),))
semantic("Delete/result/delete-count", "delete_cnt counts the rows removed (for a primary-key list: the keys sent)",
         evidence=(master(DELETE, "simpleDelete / complexDelete"), M235))
semantic("Delete/result/no-ids", "Delete's MutationResult carries no IDs: current Milvus reports how many rows went "
         "(delete_cnt), not which (milvus-lite 2.5.1 and 3.2.2 list the deleted keys; Milvus 2.3.5 lists none, as "
         "master)", evidence=master(DELETE, "DeleteRunner.Init", "result IDs: &schemapb.IDs{IdField: nil}, never "
                                    "filled by simpleDelete / complexDelete"), level=RECOMMENDED)

# ---- Flush and statistics arguments (cases/test_data_arguments.py; an invalid Flush name is the flush family's
# Flush/missing-collection, an empty statistics name the collection family's GetCollectionStatistics/missing-collection)

_FLUSH = "internal/proxy/ddl/task_flush_streaming.go"
success("Flush/empty-list", "Flush of no collections succeeds (nothing to flush)",
        evidence=(master(_FLUSH, "FlushTask.Execute", "the loop over zero names does nothing"), M235))
success("GetPartitionStatistics/empty-partition-name", "an empty partition name is the _default partition",
        evidence=(master(STATISTIC, "GetPartitionStatisticsTask.Execute → GetPartitionID"),
                  master("internal/proxy/meta_cache.go", "MetaCache.GetPartitionInfo",
                         "'Handle empty partitionName - use default partition'")),
        history=(was("3.0.0", PARTITION_NOT_FOUND,
                     Change("internal/proxy/meta_cache.go GetPartitionInfo", "the empty-name fallback appears only in "
                            "the newest (v3-module) stored copies; its first release is not dated, 3.0.0 assumed"),
                     M235),))

# ---- Upsert field_ops (FieldPartialUpdateOp: ARRAY_APPEND / ARRAY_REMOVE) ---------------------------------------

_OPS_FILE = "internal/proxy/dml/task_upsert_partial_op.go"
_OPS = master(_OPS_FILE, "resolveFieldPartialUpdateOps", "duplicate fields_data entry → per op: field_name "
              "required (ParameterMissing) → duplicate op → REPLACE accepted → primary key → field in schema → "
              "ARRAY_APPEND / ARRAY_REMOVE need an Array field, other ops unsupported → present in fields_data → "
              "ArrayData payload → element type → ARRAY_APPEND row within max_capacity; a non-REPLACE op promotes "
              "partial_update")
FIELD_OPS_SINCE = "3.0.0"
_OPS_GAP = ("the first release with UpsertRequest.field_ops is not verified (3.0.0 assumed: the pinned pymilvus "
            "3.0.2 protocol has it; the design note targets 2.7.0)")
success("Upsert/field-ops/array-ops", "Upsert with field_ops ARRAY_APPEND / ARRAY_REMOVE on an Array field of "
        "stored keys (partial_update promoted)", evidence=_OPS, since=FIELD_OPS_SINCE, gap=_OPS_GAP)
semantic("Upsert/result/field-ops-merged", "after ARRAY_APPEND a row's array is the stored elements then the "
         "payload's; after ARRAY_REMOVE the stored elements equal to none of the payload's; other fields keep "
         "their values", evidence=(_OPS, master(_OPS_FILE, "fieldPartialUpdatePlan / typeutil.ApplyArrayRowOp",
                                          "append concatenates, remove drops every match")),
         since=FIELD_OPS_SINCE, gap=_OPS_GAP)
error("Upsert/field-ops/invalid", "a field op on the primary key, a non-Array field, a field the schema or "
      "fields_data lacks, a field named twice, an element type other than the field's, or an ARRAY_APPEND row "
      "longer than max_capacity", PARAMETER_INVALID, evidence=_OPS, since=FIELD_OPS_SINCE, gap=_OPS_GAP)
error("Upsert/field-ops/missing-field-name", "a field op without field_name", PARAMETER_MISSING,
      "FieldPartialUpdateOp.field_name is required",
      evidence=master(_OPS_FILE, "resolveFieldPartialUpdateOps", "merr.WrapErrParameterMissingMsg"),
      since=FIELD_OPS_SINCE, gap=_OPS_GAP)
