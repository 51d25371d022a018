"""Checks of the evolution family (see conformance/mock/evolution.py for the RPCs): batch describe, fields and
functions added to or altered on an existing collection, AlterCollectionSchema, truncate, database properties,
analyzers and phrase-match slop.

First releases (``since``): where the exact first release could not be pinned, ``since`` is the first release of
the line that introduced the RPC (a server of that line without it answers UNIMPLEMENTED, which the report calls
"not implemented"): BatchDescribeCollection (milvus-proto#465, 2.6 line), AddCollectionField (2.6.0),
Add/Alter/DropCollectionFunction (SDK support 2026-01, 2.6 line), TruncateCollection (milvus#46167, 2.6 backport
milvus#47308 merged 2026-02), AlterCollectionField (milvus-proto#302, 2.5 line), RunAnalyzer (2.5 line; by
collection and field: milvus-proto#447), AlterDatabase (2.4 line; judged with DescribeDatabase, from 2.4.3),
AlterCollectionSchema / AddCollectionStructField / ComputePhraseMatchSlop (master, 3.0 line).
"""

from __future__ import annotations

from ..errors import COLLECTION_NOT_FOUND, DATABASE_NOT_FOUND, PARAMETER_INVALID, PARAMETER_MISSING
from .common import MERR_STANDARDISATION
from .evidence import Change, Source, master, older_line
from .registry import error, semantic, success, was

IMPL = "internal/proxy/impl.go"
TASK = "internal/proxy/ddl/task.go"
DB_TASK = "internal/proxy/ddl/task_database.go"
FUNC = "internal/proxy/function_task.go"
DDL_FUNC = "internal/proxy/ddl/function_task.go"
RC_FUNC = "internal/rootcoord/ddl_callbacks_collection_function.go"
RC_FIELD = "internal/rootcoord/ddl_callbacks_alter_collection_field.go"
RC_DB = older_line("internal/rootcoord/ddl_callbacks_alter_database.go", "Core.broadcastAlterDatabase",
                   "copy:54571825994", "2.6", "imports pkg/v2; no master copy is stored")
TRUNCATE_26 = older_line("internal/proxy/task.go", "truncateCollectionTask.PreExecute", "copy:51787022886", "2.6",
                         "validateCollectionName, then the meta cache's schema (100)")

LINE_25, LINE_26, LINE_30 = "2.5.0", "2.6.0", "3.0.0"
CANT_FIND = "can't find collection[database={db}][collection={name}]"
NOT_FOUND = "collection not found[database={db}][collection={name}]"

# ---- BatchDescribeCollection ------------------------------------------------------------------------------

success("BatchDescribeCollection/describes", "BatchDescribeCollection of existing and missing collections answers "
        "Success", evidence=master(IMPL, "Proxy.BatchDescribeCollection"), since=LINE_26)
error("BatchDescribeCollection/empty-names", "BatchDescribeCollection without collection names", PARAMETER_MISSING,
      "collection names cannot be empty: missing parameter", evidence=master(IMPL, "Proxy.BatchDescribeCollection",
                                                          "WrapErrParameterMissingMsg before any lookup"),
      since=LINE_26)
semantic("BatchDescribeCollection/one-per-name", "one DescribeCollection response per requested name, in order: an "
         "existing collection described, a missing one with its own status 100",
         evidence=master(IMPL, "Proxy.BatchDescribeCollection", "node.DescribeCollection per name; an error "
                         "becomes that entry's status"), since=LINE_26)

# ---- AddCollectionField -----------------------------------------------------------------------------------

_ADD_FIELD = master(TASK, "AddCollectionFieldTask.PreExecute / validateAddFieldRequest")
success("AddCollectionField/adds", "AddCollectionField of a nullable scalar field", evidence=_ADD_FIELD,
        since=LINE_26)
semantic("AddCollectionField/appears-nullable", "the added field is listed by DescribeCollection after the existing "
         "ones, nullable, with the next field ID", evidence=(_ADD_FIELD, master(TASK, "DescribeCollectionTask.Execute")),
         since=LINE_26)
error("AddCollectionField/missing-collection", "AddCollectionField on a missing collection", COLLECTION_NOT_FOUND,
      CANT_FIND, evidence=(master(IMPL, "Proxy.AddCollectionField", "DescribeCollection first; its status returned"),
                           master("internal/proxy/ddl/describe_util.go", "DescribeCollectionErrorStatus")),
      input_error=True, since=LINE_26)
error("AddCollectionField/not-nullable", "AddCollectionField of a field that is not nullable", PARAMETER_INVALID,
      "added field must be nullable, please check it, field name = {name}: invalid parameter", evidence=_ADD_FIELD, since=LINE_26)
error("AddCollectionField/duplicate-name", "AddCollectionField named like an existing field", PARAMETER_INVALID,
      "duplicated field name {name}: invalid parameter", evidence=_ADD_FIELD, since=LINE_26)
error("AddCollectionField/primary-key", "AddCollectionField of a primary key field", PARAMETER_INVALID,
      "not support to add pk field, field name = {name}: invalid parameter", evidence=_ADD_FIELD, since=LINE_26)
error("AddCollectionField/vector-without-dim", "AddCollectionField of a dense vector field without a dimension",
      PARAMETER_INVALID, "vector field must have dimension specified, field name = {name}: invalid parameter",
      evidence=(_ADD_FIELD, Change("milvus v2.6.18", "vector fields may be added since v2.6.18; earlier releases "
                                   "answered 1100 'not support to add vector field' (same code)")), since=LINE_26)

error("AddCollectionField/too-many-vector-fields", "AddCollectionField of a vector field when the collection has "
      "proxy.maxVectorFieldNum (4) already", PARAMETER_INVALID,
      "maximum vector field's number should be limited to {max}: invalid parameter", evidence=_ADD_FIELD,
      history=(was("2.6.19", 65535, MERR_STANDARDISATION,
                   older_line("internal/proxy/task.go", "validateAddFieldRequest", "copy:51787022886", "2.6",
                              "fmt.Errorf")),), since=LINE_26)

# ---- AddCollectionStructField -----------------------------------------------------------------------------

_ADD_STRUCT = master(TASK, "AddCollectionStructFieldTask.PreExecute / validateAddStructFieldRequest")
error("AddCollectionStructField/missing-collection", "AddCollectionStructField on a missing collection",
      COLLECTION_NOT_FOUND, CANT_FIND, evidence=(master(IMPL, "Proxy.AddCollectionStructField", "DescribeCollection "
                                                        "first"), _ADD_STRUCT), input_error=True, since=LINE_30)
error("AddCollectionStructField/no-schema", "AddCollectionStructField without a struct field schema",
      PARAMETER_INVALID, "struct array field schema is nil: invalid parameter", evidence=_ADD_STRUCT, since=LINE_30)
error("AddCollectionStructField/not-nullable", "AddCollectionStructField of a struct field that is not nullable",
      PARAMETER_INVALID, "added struct field must be nullable, please check it, struct field name = {name}: invalid parameter",
      evidence=_ADD_STRUCT, since=LINE_30)

# ---- AlterCollectionField ---------------------------------------------------------------------------------

_ALTER_FIELD = master(TASK, "AlterCollectionFieldTask.PreExecute", "allowedAlterProps / allowedDropProps")
success("AlterCollectionField/alters", "AlterCollectionField sets max_length of a VarChar field",
        evidence=(_ALTER_FIELD, master(RC_FIELD, "Core.broadcastAlterCollectionV2ForAlterCollectionField",
                                       "the properties become the field's type_params")), since=LINE_25)
semantic("AlterCollectionField/max-length-visible", "DescribeCollection shows the altered max_length in the field's "
         "type_params", evidence=master(RC_FIELD, "Core.broadcastAlterCollectionV2ForAlterCollectionField"),
         since=LINE_25)
error("AlterCollectionField/missing-collection", "AlterCollectionField on a missing collection",
      COLLECTION_NOT_FOUND, NOT_FOUND, evidence=master(TASK, "AlterCollectionFieldTask.PreExecute → "
                                                       "GetCollectionSchema"), input_error=True, since=LINE_25)
error("AlterCollectionField/unknown-property", "AlterCollectionField of a property fields do not have",
      PARAMETER_INVALID, "{key} does not allow update in collection field param: invalid parameter", evidence=_ALTER_FIELD,
      since=LINE_25)
error("AlterCollectionField/max-length-not-string", "max_length of a field that is not a string (or is missing)",
      PARAMETER_INVALID, " can not modify the maxlength for non-string types: invalid parameter", evidence=_ALTER_FIELD, since=LINE_25)
error("AlterCollectionField/max-length-too-large", "max_length above proxy.maxVarCharLength (65535)",
      PARAMETER_INVALID, "{value} exceeds the maximum allowed value {max}: invalid parameter", evidence=_ALTER_FIELD, since=LINE_25)
error("AlterCollectionField/undroppable-key", "delete_keys naming a property that cannot be dropped (max_length)",
      PARAMETER_INVALID, "{key} is not allowed to drop in collection field param: invalid parameter", evidence=_ALTER_FIELD,
      since=LINE_25)

# ---- AlterCollectionSchema --------------------------------------------------------------------------------

_ALTER_SCHEMA = master(TASK, "AlterCollectionSchemaTask.PreExecute / preExecuteDrop / validateDropField")
error("AlterCollectionSchema/missing-collection", "AlterCollectionSchema on a missing collection",
      COLLECTION_NOT_FOUND, CANT_FIND, evidence=master(IMPL, "Proxy.AlterCollectionSchema", "DescribeCollection "
                                                       "first; its status is alter_status"),
      input_error=True, since=LINE_30)
error("AlterCollectionSchema/no-action", "AlterCollectionSchema without an action", PARAMETER_INVALID,
      "action is nil in alter schema task: invalid parameter", evidence=_ALTER_SCHEMA, since=LINE_30)
error("AlterCollectionSchema/drop-without-identifier", "a drop action naming no field, field ID or function",
      PARAMETER_MISSING, "drop request must specify field_name, field_id, or function_name: missing parameter", evidence=_ALTER_SCHEMA,
      since=LINE_30)
error("AlterCollectionSchema/drop-missing-field", "dropping a field the collection does not have",
      PARAMETER_INVALID, "field not found: {name}: invalid parameter", evidence=_ALTER_SCHEMA, since=LINE_30)
error("AlterCollectionSchema/drop-primary-key", "dropping the primary key field", PARAMETER_INVALID,
      "cannot drop primary key field: {name}: invalid parameter", evidence=_ALTER_SCHEMA, since=LINE_30)
success("AlterCollectionSchema/drops-field", "dropping a scalar field that is no key and no function's", evidence=_ALTER_SCHEMA,
        since=LINE_30)
semantic("AlterCollectionSchema/dropped-field-gone", "DescribeCollection no longer lists a dropped field",
         evidence=_ALTER_SCHEMA, since=LINE_30)

# ---- collection functions ---------------------------------------------------------------------------------

_ADD_FUNC = master(FUNC, "addCollectionFunctionTask.PreExecute", "nil schema, then BM25/MinHash, then the lookup")
_ALTER_FUNC = master(FUNC, "alterCollectionFunctionTask.PreExecute", "nil schema, BM25/MinHash, name match, lookup, "
                     "function")
_DROP_FUNC = master(FUNC, "dropCollectionFunctionTask", "lookup; a missing function is a no-op; BM25/MinHash refused")
_FUNC_26 = older_line(FUNC, "addCollectionFunctionTask.PreExecute", "copy:9171890850", "2.6",
                      "fmt.Errorf(\"Currently does not support adding BM25 function\")")

error("AddCollectionFunction/empty-schema", "AddCollectionFunction without a function schema", PARAMETER_INVALID,
      "function schema is empty: invalid parameter", evidence=(master(IMPL, "Proxy.AddCollectionFunction"), _ADD_FUNC),
      history=(was("2.6.19", 65535, MERR_STANDARDISATION, _FUNC_26),), since=LINE_26)
error("AddCollectionFunction/bm25-refused", "a BM25 function cannot be added through AddCollectionFunction",
      PARAMETER_INVALID, "currently does not support adding BM25 function",
      evidence=(master(IMPL, "Proxy.AddCollectionFunction"), _ADD_FUNC),
      history=(was("2.6.19", 65535, MERR_STANDARDISATION, _FUNC_26),), since=LINE_26)
error("AddCollectionFunction/missing-collection", "AddCollectionFunction of a non-BM25 function on a missing "
      "collection", COLLECTION_NOT_FOUND, NOT_FOUND,
      evidence=(master(IMPL, "Proxy.AddCollectionFunction"), _ADD_FUNC,
                Change("master", "a storage-v3 precondition (validateAddFunctionRequiresStorageV3, body not stored) "
                       "precedes the lookup on the newest master")), input_error=True, since=LINE_26)

error("AlterCollectionFunction/empty-schema", "AlterCollectionFunction without a function schema",
      PARAMETER_INVALID, "function schema is empty: invalid parameter",
      evidence=(master(IMPL, "Proxy.AlterCollectionFunction"), _ALTER_FUNC,
                Source(DDL_FUNC, "AlterCollectionFunctionTask.PreExecute", "b6cb39cc050a825dc47de42c557e9bea8eb6e4d9")),
      since=LINE_26)
error("AlterCollectionFunction/bm25-refused", "a BM25 function cannot be altered", PARAMETER_INVALID,
      "currently does not support alter BM25 function", evidence=(master(IMPL, "Proxy.AlterCollectionFunction"),
                                                                   _ALTER_FUNC), since=LINE_26)
error("AlterCollectionFunction/name-mismatch", "function_name differs from the schema's name", PARAMETER_INVALID,
      "invalid function config, name not match: invalid parameter", evidence=(master(IMPL, "Proxy.AlterCollectionFunction"),
                                                           _ALTER_FUNC), since=LINE_26)
error("AlterCollectionFunction/missing-collection", "AlterCollectionFunction on a missing collection",
      COLLECTION_NOT_FOUND, NOT_FOUND, evidence=(master(IMPL, "Proxy.AlterCollectionFunction"), _ALTER_FUNC),
      input_error=True, since=LINE_26)
error("AlterCollectionFunction/missing-function", "AlterCollectionFunction of a function the collection does not "
      "have", PARAMETER_INVALID, "function {name} not found: invalid parameter",
      evidence=(master(IMPL, "Proxy.AlterCollectionFunction"), _ALTER_FUNC), since=LINE_26)

error("DropCollectionFunction/missing-collection", "DropCollectionFunction on a missing collection",
      COLLECTION_NOT_FOUND, NOT_FOUND, evidence=(master(IMPL, "Proxy.DropCollectionFunction"), _DROP_FUNC),
      input_error=True, since=LINE_26)
success("DropCollectionFunction/missing-function", "DropCollectionFunction of a function the collection does not "
        "have succeeds (idempotent)", evidence=(master(IMPL, "Proxy.DropCollectionFunction"), _DROP_FUNC,
                                                master(RC_FUNC, "Core.broadcastAlterCollectionForDropFunction",
                                                       "needDelFunc == nil → nil")), since=LINE_26)
error("DropCollectionFunction/bm25-refused", "a BM25 function cannot be dropped through DropCollectionFunction",
      PARAMETER_INVALID, "currently does not support dropping BM25 function through this API",
      evidence=(master(IMPL, "Proxy.DropCollectionFunction"), _DROP_FUNC), since=LINE_30)
semantic("DropCollectionFunction/function-kept", "a refused drop leaves the function in DescribeCollection",
         evidence=(master(IMPL, "Proxy.DropCollectionFunction"), _DROP_FUNC), since=LINE_30)

# ---- TruncateCollection -----------------------------------------------------------------------------------

_TRUNCATE_GAP = "the master truncate task is not paged in the stored copies; the 2.6-line copy is read"
success("TruncateCollection/truncates", "TruncateCollection of an existing collection", evidence=TRUNCATE_26,
        gap=_TRUNCATE_GAP, since=LINE_26)
semantic("TruncateCollection/empties", "after TruncateCollection the collection still exists and holds no rows",
         evidence=(master(TASK, "DescribeCollectionTask"), TRUNCATE_26,
                   Change("milvus-io/milvus#46167", "truncate clears the collection's data and keeps its schema")),
         since=LINE_26)
error("TruncateCollection/missing-collection", "TruncateCollection of a missing collection", COLLECTION_NOT_FOUND,
      NOT_FOUND, evidence=TRUNCATE_26, gap=_TRUNCATE_GAP, input_error=True, since=LINE_26)
error("TruncateCollection/invalid-name", "TruncateCollection of an invalid collection name", PARAMETER_INVALID,
      evidence=TRUNCATE_26, gap=_TRUNCATE_GAP, since=LINE_26)

# ---- AlterDatabase ----------------------------------------------------------------------------------------

_ALTER_DB = master(DB_TASK, "AlterDatabaseTask")
_RC_GAP = "no master copy of rootcoord ddl_callbacks_alter_database.go; the 2.6-line copy is read"
success("AlterDatabase/sets", "AlterDatabase sets properties of an existing database", evidence=(_ALTER_DB, RC_DB),
        since="2.4.3")
success("AlterDatabase/deletes", "AlterDatabase deletes properties by key", evidence=(_ALTER_DB, RC_DB), since="2.4.3")
semantic("AlterDatabase/describe-shows", "DescribeDatabase shows set properties and no deleted ones",
         evidence=(_ALTER_DB, master(DB_TASK, "DescribeDatabaseTask"), RC_DB), since="2.4.3")
error("AlterDatabase/missing-database", "AlterDatabase of a missing database", DATABASE_NOT_FOUND,
      "database not found[database={name}]", evidence=RC_DB, gap=_RC_GAP, since="2.4.3")
error("AlterDatabase/properties-and-delete-keys", "properties and delete_keys in one request", PARAMETER_INVALID,
      "alter database cannot modify properties and delete keys at the same time: invalid parameter", evidence=RC_DB, gap=_RC_GAP,
      since="2.4.3")
error("AlterDatabase/nothing-to-alter", "neither properties nor delete_keys", PARAMETER_INVALID,
      "alter database with empty properties and delete keys, expected to set either properties or delete keys: invalid parameter", evidence=RC_DB, gap=_RC_GAP, since="2.4.3")
error("AlterDatabase/invalid-timezone", "a timezone property that is not an IANA zone", PARAMETER_INVALID,
      "unknown or invalid IANA Time Zone ID: {tz}: invalid parameter", evidence=master(DB_TASK, "AlterDatabaseTask.PreExecute"),
      since="2.6.0")

# ---- RunAnalyzer / ComputePhraseMatchSlop -----------------------------------------------------------------

_RUN = master(IMPL, "Proxy.RunAnalyzer", "no placeholder → Success, no results; no collection → the analyzer "
              "runs on a query/streaming node")
success("RunAnalyzer/tokenizes", "RunAnalyzer with analyzer params and texts", evidence=_RUN, since=LINE_25)
success("RunAnalyzer/no-text", "RunAnalyzer without texts answers Success with no results", evidence=_RUN,
        since=LINE_25)
semantic("RunAnalyzer/one-result-per-text", "one AnalyzerResult per text, in order", evidence=_RUN, since=LINE_25)
semantic("RunAnalyzer/standard-lowercases", "the standard analyzer splits 'Hello World' into 'hello', 'world'",
         evidence=(_RUN, Change("Milvus docs: Standard Analyzer", "standard tokenizer + lowercase filter")),
         since=LINE_25)
semantic("RunAnalyzer/detail-offsets", "with_detail: byte offsets and positions of each token",
         evidence=(_RUN, Change("Milvus docs: Analyzer Overview / run_analyzer", "start_offset, end_offset, "
                                "position per token")), since=LINE_25)
semantic("RunAnalyzer/invalid-params-refused", "analyzer params naming an unknown tokenizer are refused (a "
         "non-zero status; the analyzer library's code is not pinned)", evidence=_RUN, since=LINE_25)
error("RunAnalyzer/missing-collection", "RunAnalyzer naming a missing collection and field", COLLECTION_NOT_FOUND,
      NOT_FOUND, evidence=master(IMPL, "Proxy.RunAnalyzer", "collection given → RunAnalyzerTask resolves the "
                                 "collection through the meta cache"), input_error=True, since="2.5.13")

_SLOP = master(IMPL, "Proxy.ComputePhraseMatchSlop", "forwarded to querycoord; its status, is_match and slops")
success("ComputePhraseMatchSlop/computes", "ComputePhraseMatchSlop with analyzer params, a query and texts",
        evidence=_SLOP, since=LINE_30)
semantic("ComputePhraseMatchSlop/one-per-text", "one is_match and one slop per data text", evidence=_SLOP,
         since=LINE_30)
semantic("ComputePhraseMatchSlop/exact-phrase", "a text containing the query phrase matches with slop 0; a text "
         "without its words does not match", evidence=_SLOP, since=LINE_30)
