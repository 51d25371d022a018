"""Insert on current Milvus: accepted batches, the not-found paths, the MutationResult, and the batch rules
of ``InsertTask.PreExecute`` in the proxy's order.

``INSERT_RULES`` maps the model's short rule names (``num_rows_mismatch``) to their checks
(``Insert/batch/num-rows-mismatch``); ``model.data.validate_insert`` applies them, ``strategies.data`` breaks
them one at a time. Order on master (dml/task_insert.go PreExecute, util_dml.go, fieldvalidator): unknown
column (checkAndFlattenStructFieldData) → num_rows ≤ 0 → duplicate column, each missing column, column count
(checkFieldsDataBySchema) → Array column not in array_data (fillFieldPropertiesOnly) → per-field type, length,
capacity and range checks → valid_data (fillWithValue) → row counts and dims (CheckAligned, request order).
The partition is looked up only in Execute (200), after every batch rule.
"""

from __future__ import annotations

from ..errors import COLLECTION_NOT_FOUND, PARAMETER_INVALID, PARTITION_NOT_FOUND, UNEXPECTED
from .common import M235
from .core import Alternative
from .dataplane import (
    COLLECTION_LOOKUP,
    INSERT,
    INSERT_STREAMING,
    PARTITION_LOOKUP,
    UTIL_DML,
    VALIDATE,
    mutation_result_checks,
)
from .evidence import Change, master, older_line
from .registry import error, semantic, success, was

P = PARAMETER_INVALID
_PRE = "InsertTask.PreExecute"
_FIELDS = master(UTIL_DML, "checkFieldsDataBySchema")
_ALIGNED = master(VALIDATE, "CheckAligned")


def _rule(short: str, summary: str, code: int, reason: str, evidence, history=(), **kw):
    return short, error("Insert/batch/" + short.replace("_", "-"), summary, code, reason, evidence=evidence,
                        history=history, **kw)


INSERT_RULES = dict((
    _rule("unknown_field", "a column that is no schema field (dynamic field off)", P,
          "fieldName {field} not exist in collection schema",
          (master(UTIL_DML, "checkAndFlattenStructFieldData", "before the column count check"), M235)),
    _rule("duplicate_field", "two columns with the same field name", P, "duplicated field {field} found: invalid "
          "parameter", (master(UTIL_DML, "checkFieldsDataBySchema", "the first check there"), M235)),
    _rule("missing_pk", "no column for a non-auto primary key", P,
          "fieldSchema({field}) has no corresponding fieldData pass in: invalid parameter", (_FIELDS, M235)),
    _rule("missing_field", "no column for a non-nullable VarChar, JSON, Array or vector field without a default",
          P, "fieldSchema({field}) has no corresponding fieldData pass in: invalid parameter",
          (_FIELDS, M235)),
    _rule("missing_numeric_field", "no column for a non-nullable Bool, Int*, Float or Double field without a "
          "default", P, "fieldSchema({field}) has no corresponding fieldData pass in: invalid parameter", _FIELDS,
          (was("2.4.0", PARAMETER_INVALID, M235,
               Change("2.4/2.5-line proxy util.go (stored copies 1729963959, 2418204446)",
                      "a missing column is rejected with merr 1100 before any per-type check from the 2.4 line (first "
                      "release not dated, 2.4.0 assumed); Milvus 2.3.5 reaches the per-type check instead, which "
                      "answers a missing Int8/Int16/Int32 column with 1100 'array type mismatch' (observed)"),
               also=((UNEXPECTED, "Milvus 2.3.5's per-type check answers other numeric types (Bool, Float, Double) "
                                  "with the plain error '%!s(<nil>) is not supported now' (an earlier probe of this "
                                  "project)"),)),)),
    _rule("pk_with_auto_id", "a column for an autoID primary key", P,
          "more fieldData has pass in: invalid parameter[expected={expected}][actual={actual}]",
          master(UTIL_DML, "checkFieldsDataBySchema", "the autoID key counts as generated, its column as passed "
                 "(allow_insert_auto_id unset)")),
    _rule("wrong_type", "a column in the wrong ScalarField / VectorField slot (a VarChar sent as long_data, a float "
          "vector as binary_vector, a Timestamptz not as string_data), or Array elements of the wrong type", P,
          "{reason}",
          (master(VALIDATE, "checkIntegerFieldData / checkFloatFieldData / checkVarCharFieldData / "
                  "checkJSONFieldData / checkGeometryFieldData / check*VectorFieldData / checkArrayElement",
                  "'[varchar |json |geometry |float vector ]field X is illegal, array type mismatch ... need ... "
                  "array'; skipped for a nullable or defaulted scalar and a nullable vector (their empty slot "
                  "fails CheckAligned's row count), and Bool has no per-type check"),
           master(VALIDATE, "checkTimestamptzFieldData", "'timestamptz field data must be a string array', whatever "
                  "the field's nullability"),
           master(UTIL_DML, "fillFieldPropertiesOnly", "an Array column not sent as array_data"))),
    _rule("invalid_geometry", "a Geometry value that is no WKT", P, "invalid Geometry data, transform to wkb failed",
          master(VALIDATE, "checkGeometryFieldData", "common.ConvertWKTToWKB fails → WrapErrParameterInvalidMsg"),
          since="2.6.0",
          gap="the WKT grammar master's converter accepts was not read: the model takes the OGC keywords with 2-4 "
              "coordinates and rejects anything else"),
    _rule("invalid_timestamptz", "a Timestamptz string that is no ISO 8601 time", P,
          "got invalid timestamptz string '{value}'",
          master(VALIDATE, "checkTimestamptzFieldData", "timestamptz.ParseTimeTz fails → WrapErrParameterInvalidMsg "
                 "'... invalid timezone name; must be a valid IANA Time Zone ID ...'"),
          since="2.6.0",
          gap="timestamptz.ParseTimeTz's accepted formats were not read: the model takes what Python's ISO 8601 "
              "parser takes"),
    _rule("varchar_too_long", "a VarChar value longer than max_length (UTF-8 bytes)", P,
          "length of varchar field {field} exceeds max length, row number: {row}, length: {length}, max length: {max}",
          (master(VALIDATE, "checkVarCharFieldData / verifyLengthPerRow", "len() of the Go string: bytes"), M235)),
    _rule("array_over_capacity", "an Array value longer than max_capacity", P,
          "the length ({length}) of {row}th array exceeds max capacity ({max}): invalid parameter[expected=valid "
          "length array][actual=array length exceeds max capacity]",
          (master(VALIDATE, "checkArrayFieldData / verifyCapacityPerRow", "before the element-type check"), M235)),
    _rule("integer_overflow", "an Int8/Int16 value outside its range", P,
          "the {row}th element ({value}) out of range: [{lo}, {hi}]",
          master(VALIDATE, "verifyOverflowByRange")),
    _rule("null_in_non_nullable", "valid_data (nulls) sent for a field neither nullable nor defaulted", P,
          "the length of valid_data of field({field}) is wrong",
          (master(VALIDATE, "fillWithValue → FillWithNullValue → nullutil.CheckValidData",
                  "a field that is not nullable expects 0 valid_data flags: WrapErrParameterInvalid(0, len, ...)"),
           older_line("internal/util/nullutil/nullutil.go", "CheckValidData", "07bd878541c6c49127e3f02cdb5b0afbd8c7cf91",
                      "2.5", "the body of the check (the master copy imports it unchanged)"))),
    _rule("wrong_dim", "vector data whose length is not a multiple of the dim (a float more, a byte more)",
          UNEXPECTED, "{detail} should divide the dim({dim})",
          (master(VALIDATE, "CheckAligned", "funcutil.GetNumRowsOfFloatVectorField & co return a plain error, marked "
                  "with merr.WrapErrAsInputError: code 65535, is_input_error"), M235),
          input_error=True,
          alternatives=(Alternative(P, "the plain error comes from pkg/util/funcutil/func.go, of which only a pkg/v2 "
                                    "copy is stored: if PR #50221 turned it into a merr error, master answers 1100"),)),
    _rule("vector_dim_mismatch", "VectorField.dim differs from the schema's dim (0 included)", P,
          "the dim ({actual}) of field data({field}) is not equal to schema dim ({dim}): invalid parameter",
          master(VALIDATE, "CheckAligned errDimMismatch", "dataDim != dim, no zero exemption; Float/Int8 vectors "
                 "check the length first, Binary/Float16/BFloat16 the dim first")),
    _rule("num_rows_mismatch", "a column's row count differs from num_rows", P,
          "the num_rows ({n}) of field ({field}) is not equal to passed num_rows ({num_rows}): invalid "
          "parameter[expected={num_rows}][actual={n}]", (_ALIGNED, M235)),
    _rule("num_rows_not_positive", "num_rows 0 or negative", P, "invalid num_rows",
          master(UTIL_DML, "checkPrimaryFieldData", "'invalid num_rows ... num_rows should be greater than 0'")),
))

# Not one of INSERT_RULES (the labelled invalid-batch strategies do not generate non-finite floats): its own case.
NAN_OR_INFINITY = error(
    "Insert/batch/nan-or-infinity", "a NaN or ±Inf in a FloatVector, Float16Vector, BFloat16Vector, Float or Double "
    "column (Insert and Upsert)", UNEXPECTED, "{detail} or infinity{rest}",
    evidence=master(VALIDATE, "checkFloatVectorFieldData / checkFloat16VectorFieldData / checkBFloat16VectorFieldData "
                    "/ checkFloatFieldData / checkDoubleFieldData → typeutil.VerifyFloats32/64/16",
                    "the validator runs with the NaN check on for Insert and Upsert, per column before CheckAligned; "
                    "typeutil's plain error (\"value 'NaN' is not a number or infinity\", \"float16 vector contain "
                    "nan or infinity value.\") is marked merr.WrapErrAsInputError: 65535, is_input_error (the "
                    "typeutil file was read in an undated copy, stored id 1087126174)"),
    history=(was("2.5.0", 0, M235,
                 Change("milvus-io/milvus#35683", "NaN/Inf check for Float/Double columns, merged on master "
                        "2024-08-23 (the 2.5 line; a 2.4 backport is unverified)"),
                 also=((UNEXPECTED, "vectors: NaN/Inf rejected since v2.2.4 (milvus-io/milvus#22737); Milvus 2.3.5 "
                                    "rejects them in vectors and accepts them in Float/Double columns"),)),),
    input_error=True, rpcs=("Insert", "Upsert"))

success("Insert/accepts-valid-rows", "valid rows are inserted: insert_cnt = rows, one ID per row",
        evidence=(master(INSERT, _PRE), master(UTIL_DML, "checkPrimaryFieldData",
                                                  "echoes the primary keys or allocates auto IDs"), M235))
success("Insert/duplicate-primary-keys", "a batch repeating a primary key (or one already stored) is accepted",
        evidence=(master(INSERT, _PRE, "no duplicate-key check (only Upsert has one)"), M235))
error("Insert/missing-collection", "Insert into a missing collection", COLLECTION_NOT_FOUND,
      "collection not found[database={db}][collection={name}]",
      evidence=(master(INSERT, _PRE + " → GetCollectionID"), COLLECTION_LOOKUP, M235), input_error=True)
error("Insert/missing-partition", "Insert into a missing partition (looked up in Execute, after every batch rule)",
      PARTITION_NOT_FOUND, "partition not found[partition={name}]",
      evidence=(master(INSERT_STREAMING, "repackInsertDataForStreamingService → GetPartitionID"), PARTITION_LOOKUP,
                M235), input_error=True)

_RESULT = (master(UTIL_DML, "checkPrimaryFieldData", "IDs = the primary keys sent, or allocated auto IDs"),
           master(INSERT, "InsertTask.Execute", "insert_cnt and succ_index of the accepted rows"), M235)
mutation_result_checks("Insert", "insert_cnt", *_RESULT)
semantic("Insert/result/auto-ids-unique", "auto-generated IDs are distinct, within and across batches",
         evidence=(master(UTIL_DML, "checkPrimaryFieldData", "common.AllocAutoID"), M235))

# ---- nullable fields, default values, Geometry and Timestamptz (cases/test_insert.py) --------------------------

_FILL = master(VALIDATE, "fillWithValue → FillWithNullValue / FillWithDefaultValue",
               "a nullable or defaulted column without valid_data is all valid; nulls take the default (defaulted) or "
               "stay null; a column left out is generated all-null (util_dml.go checkFieldsDataBySchema → "
               "GenEmptyFieldData)")
NULLS_NOT_COMPACT = error(
    "Insert/nulls-not-compact", "a nullable or defaulted scalar column sending a placeholder value for each null "
    "(data as long as valid_data, not one value per valid row)", PARAMETER_INVALID,
    "the length of field is wrong: invalid parameter[expected={expected}][actual={actual}]",
    evidence=master(VALIDATE, "fillWithNullValueImpl / fillWithDefaultValueImpl", "len(array) != number of valid "
                    "rows → WrapErrParameterInvalid(n, len(array), 'the length of field is wrong'); a column with "
                    "no null passes either way"),
    since="2.5.0", rpcs=("Insert", "Upsert"))
success("Insert/nullable-and-default/accepted", "rows with nulls (compact data + valid_data) in nullable and "
        "defaulted fields, and batches leaving such a column out, are accepted",
        evidence=(_FILL, master(UTIL_DML, "checkFieldsDataBySchema", "a missing nullable/defaulted column is no "
                                "error")), since="2.5.0")
semantic("Insert/default-value/filled", "a null, or a column left out, in a field with a default_value reads back "
         "as the default", evidence=_FILL, since="2.5.0")
semantic("Insert/nullable/null-read-back", "a null in a nullable field (no default) reads back as null",
         evidence=_FILL, since="2.5.0")
_NULLABLE_VECTOR = (master(VALIDATE, "check*VectorFieldData / CheckAligned getExpectedVectorRows",
                           "a nullable vector column is compact: one vector per valid row"),
                    master(VALIDATE, "FillWithNullValue", "'Regular vectors stay compact and rely on ValidData'"))
success("Insert/nullable-vector/accepted", "rows with a null in a nullable vector field (compact vectors + "
        "valid_data) are accepted", evidence=_NULLABLE_VECTOR, since="2.6.0",
        gap="the first release accepting nullable vector fields is not dated: 2.6.0 assumed")
semantic("Insert/nullable-vector/null-read-back", "a null vector reads back as null, the others bit-exact",
         evidence=_NULLABLE_VECTOR, since="2.6.0")
_GEO_TS = (master(VALIDATE, "checkGeometryFieldData / checkTimestamptzFieldData", "Geometry as WKT in "
                  "geometry_wkt_data (stored as WKB), Timestamptz as ISO 8601 strings in string_data (stored as UTC "
                  "microseconds)"),
           master("internal/proxy/dql/util_dql.go", "timestamptzUTC2IsoStr", "Query answers Timestamptz as ISO "
                  "strings in the query / collection timezone (UTC by default), fractions without trailing zeros"),
           master("internal/proxy/dql/task_query.go", "QueryTask.PostExecute", "Geometry answered as WKT "
                  "(fieldvalidator.ValidateGeometryFieldSearchResult)"))
success("Insert/geometry-timestamptz/accepted", "rows with Geometry (WKT) and Timestamptz (ISO 8601) values are "
        "accepted", evidence=_GEO_TS, since="2.6.0",
        gap="the first releases with the Geometry and Timestamptz types are not dated: 2.6.0 assumed")
semantic("Insert/geometry-timestamptz/read-back", "Query returns each Geometry as its WKT and each Timestamptz as "
         "the same instant in UTC ISO 8601", evidence=_GEO_TS, since="2.6.0",
         gap="the WKT text form of master's WKB→WKT conversion (spacing, number format) was not read; milvus-lite "
             "3.2.2 answered 'POINT (1 2)' for 'POINT (1 2)'")
