"""CreateCollection's schema rules on current Milvus: one check per rule, in the proxy's order
(``CreateCollectionTask.PreExecute`` and the util_ddl validators it calls), then rootcoord's name match.

``SCHEMA_RULES`` maps the model's short rule names (``too_many_shards``) to their checks
(``CreateCollection/schema/too-many-shards``); ``model.schema`` applies them, strategies break them one at a time.
"""

from __future__ import annotations

from .. import limits
from ..errors import FIELD_INVALID_NAME, PARAMETER_INVALID, PARAMETER_MISSING, UNEXPECTED
from .common import M235, TASK, UTIL, accepted_before, plain_error_before_standardisation
from .evidence import Change, master, older_line
from .registry import error, was

P, MISSING, U = PARAMETER_INVALID, PARAMETER_MISSING, UNEXPECTED
_PRE = "CreateCollectionTask.PreExecute"


def _rule(short: str, summary: str, code: int, reason: str, evidence, history=(), **kw):
    return short, error("CreateCollection/schema/" + short.replace("_", "-"), summary, code, reason,
                        evidence=evidence, history=history, **kw)


def _old(*extra):
    return plain_error_before_standardisation(M235, *extra)


SCHEMA_RULES = dict((
    _rule("schema_unparsable", "the schema bytes are not a CollectionSchema", U,
          "proto: cannot parse invalid wire-format data",
          master(TASK, _PRE, "proto.Unmarshal's error is returned as is (a plain error)"), input_error=False),
    _rule("too_many_shards", f"shards_num > proxy.maxShardNum ({limits.MAX_SHARDS})", P,
          "maximum shards's number should be limited to {max}: invalid parameter", master(TASK, _PRE), _old()),
    _rule("too_many_fields", f"more than proxy.maxFieldNum ({limits.MAX_FIELDS}) fields", P,
          "maximum field's number should be limited to {max}: invalid parameter", master(TASK, _PRE), _old()),
    _rule("too_many_vector_fields", f"more than proxy.maxVectorFieldNum ({limits.MAX_VECTOR_FIELDS}) vector fields",
          P, "maximum vector field's number should be limited to {max}: invalid parameter", master(TASK, _PRE),
          plain_error_before_standardisation()),
    _rule("no_vector_field", "no vector field", P, "schema does not contain vector field: invalid parameter",
          master(TASK, _PRE),
          accepted_before("2.4.3", Change("milvus-io/milvus issue #33853", "rejected after 2.4.1, by 2.4.4 at the "
                                          "latest; 2.4.3 is the likeliest first release"), M235)),
    _rule("invalid_collection_name", "schema.name breaks the collection name rules", P, "{reason}",
          master(UTIL, "validateCollectionName")),
    _rule("duplicate_field_name", "two fields share a name (checked after the per-field loop)", P,
          "duplicated field name {name} found: invalid parameter", master(UTIL, "validateDuplicatedFieldName"), _old()),
    _rule("no_primary_key", "no field is the primary key", MISSING,
          "primary key is not specified: missing parameter", master(UTIL, "validatePrimaryKey"), _old()),
    _rule("two_primary_keys", "more than one primary key", P,
          "there are more than one primary key, field name = {first}, {second}: invalid parameter",
          master(UTIL, "validatePrimaryKey"), _old()),
    _rule("pk_wrong_type", "primary key neither Int64 nor VarChar", P,
          "the data type of primary key should be Int64 or VarChar: invalid parameter",
          master(UTIL, "validatePrimaryKey"), _old()),
    _rule("explicit_dynamic_field", "a field sets is_dynamic", P,
          "cannot explicitly set a field as a dynamic field: invalid parameter", master(UTIL, "validateDynamicField"),
          _old()),
    _rule("autoid_on_non_pk", "autoID on a field that is not the primary key", P,
          "only primary field can speficy AutoID with true, field name = {name}: invalid parameter",
          master(UTIL, "ValidateFieldAutoID"), _old()),
    _rule("data_type_none", "a field with DataType None", P, "data type None is not valid: invalid parameter",
          master(UTIL, "validateFieldType"), plain_error_before_standardisation()),
    _rule("string_type", "a field of DataType String (20)", P,
          "string data type not supported yet, please use VarChar type instead: invalid parameter",
          master(UTIL, "validateFieldType"), _old()),
    _rule("array_element_type_invalid", "Array element type outside Bool/Int*/Float/Double/VarChar", P,
          "element type {type} is not supported: invalid parameter",
          master(UTIL, "validateFieldType → typeutil.ValidateArrayElementType"), _old()),
    _rule("two_partition_keys", "more than one partition key", P,
          "there are more than one partition key, field name = {first}, {second}: invalid parameter",
          master(TASK, "CreateCollectionTask.validatePartitionKey"), _old()),
    _rule("partition_key_is_pk", "the partition key is the primary key", P,
          "the partition key field must not be primary field: invalid parameter",
          master(TASK, "CreateCollectionTask.validatePartitionKey"), _old()),
    _rule("partition_key_nullable", "the partition key is nullable", P,
          "partition key field not support nullable: invalid parameter",
          master(TASK, "CreateCollectionTask.validatePartitionKey"),
          accepted_before("2.5.0", Change("milvus-io/milvus#36218", "first in v2.5.0")), since=None),
    _rule("partition_key_wrong_type", "partition key neither Int64 nor VarChar", P,
          "the data type of partition key should be Int64 or VarChar: invalid parameter",
          master(TASK, "CreateCollectionTask.validatePartitionKey"), _old()),
    _rule("num_partitions_negative", "num_partitions < 0 with a partition key", P,
          "the specified partitions should be greater than 0 if partition key is used: invalid parameter",
          master(TASK, "CreateCollectionTask.validatePartitionKey"), plain_error_before_standardisation()),
    _rule("too_many_partitions", f"num_partitions > rootCoord.maxPartitionNum ({limits.MAX_PARTITIONS})", P,
          "partition number ({n}) exceeds max configuration ({max}): invalid parameter",
          master(TASK, "CreateCollectionTask.validatePartitionKey"),
          (was("2.4.3", U, Change("milvus-io/milvus#32670", "first in v2.4.3"), M235),)),
    _rule("num_partitions_without_key", "num_partitions set without a partition key", P,
          "num_partitions should only be specified with partition key field enabled: invalid parameter",
          master(TASK, "CreateCollectionTask.validatePartitionKey"), _old()),
    _rule("invalid_field_name", "a field name breaks the field name rules", FIELD_INVALID_NAME, "{reason}",
          master(UTIL, "ValidateField → validateFieldName"), input_error=False),
    _rule("dim_missing", "vector field without a dim type param", P,
          "dimension is not defined in field type params of field {field}, check type param `dim` for vector "
          "field: invalid parameter", master(UTIL, "validateDimension"), _old()),
    _rule("dim_not_integer", "dim is not a base-10 integer", U, 'strconv.ParseInt: parsing "{value}": invalid syntax',
          master(UTIL, "validateDimension", "the strconv error is returned as is"), input_error=False),
    _rule("sparse_dim_given", "SparseFloatVector with a dim type param", P,
          "dim should not be specified for sparse vector field {field}({id}): invalid parameter",
          master(UTIL, "validateDimension"), plain_error_before_standardisation(), since="2.4.0"),
    _rule("dim_out_of_range", f"dim <= 1, float dim > {limits.MAX_FLOAT_DIM}, binary dim > {limits.MAX_BINARY_DIM}", P,
          "invalid dimension: {dim}{detail}: invalid parameter", master(UTIL, "validateDimension"), _old()),
    _rule("binary_dim_not_multiple_of_8", "BinaryVector dim not a multiple of 8", P,
          "invalid dimension: {dim} of field {field}. binary vector dimension should be multiple of 8. : invalid "
          "parameter", master(UTIL, "validateDimension"), _old()),
    _rule("varchar_no_max_length", "VarChar without max_length", MISSING,
          "type param(max_length) should be specified for the field({field}) of collection {collection}: missing "
          "parameter", master(UTIL, "validateMaxLengthPerRow"), _old()),
    _rule("max_length_not_integer", "max_length is not a base-10 integer", U,
          'strconv.ParseInt: parsing "{value}": invalid syntax',
          master(UTIL, "validateMaxLengthPerRow", "the strconv error is returned as is"), input_error=False),
    _rule("varchar_max_length_out_of_range", f"max_length outside (0, {limits.MAX_VARCHAR_LENGTH}]", P,
          "the maximum length specified for the field({field}) should be in (0, {max}], but got {value} instead: "
          "invalid parameter", master(UTIL, "validateMaxLengthPerRow")),
    _rule("array_varchar_no_max_length", "Array<VarChar> without max_length", MISSING,
          "type param(max_length) should be specified for the field({field}) of collection {collection}: missing "
          "parameter", master(UTIL, "validateArrayFieldSchema → validateMaxLengthPerRow"), _old()),
    _rule("array_no_max_capacity", "Array without max_capacity", MISSING,
          "type param(max_capacity) should be specified for array field {field} of collection {collection}: missing "
          "parameter", master(UTIL, "getMaxCapacityPerRow"), _old()),
    _rule("max_capacity_not_integer", "max_capacity is not a base-10 integer", P,
          "the value for max_capacity of field {field} must be an integer: invalid parameter",
          master(UTIL, "getMaxCapacityPerRow"), plain_error_before_standardisation()),
    _rule("array_capacity_out_of_range", f"max_capacity outside (0, {limits.MAX_ARRAY_CAPACITY}]", P,
          "the maximum capacity specified for a Array should be in (0, {max}]: invalid parameter",
          master(UTIL, "getMaxCapacityPerRow"), _old()),
    _rule("collection_name_mismatch", "collection_name differs from schema.name (rootcoord)", P,
          "collection name = {name}, schema.Name={schema}: invalid parameter[expected=collection name matches "
          "schema name][actual=don't match]",
          (older_line("internal/rootcoord/create_collection_task.go", "createCollectionTask.validateSchema",
                      "copy:28177867726", "2.6", "WrapErrParameterInvalid"), M235),
          gap="no master copy of rootcoord create_collection_task.go is stored; the 2.6 line and 2.3.5 agree"),
))
