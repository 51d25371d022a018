"""CreateCollection's schema rules applied in Milvus's order, plus the normalisations DescribeCollection
shows for a created collection. The rules themselves (code, message, evidence, history) are registered checks
(``rules.schema.SCHEMA_RULES``).

Check order = master ``CreateCollectionTask.PreExecute`` (internal/proxy/ddl/task.go) and the util_ddl
validators it calls, then rootcoord's ``collection_name`` vs ``schema.name``: unmarshal → shards → field count →
vector-field count → collection name → primary key → explicit dynamic field → autoID → field types → partition
key → per field (name, dim, max_length, max_capacity) → duplicate field names → rootcoord name match.
"""

from __future__ import annotations

import re

from ..protocol import common_pb2, milvus_pb2, schema_pb2
from . import errors, functions, limits, names
from .rules.core import Check
from .rules.schema import SCHEMA_RULES

DT = schema_pb2.DataType

VECTOR_TYPES = frozenset({
    DT.FloatVector, DT.BinaryVector, DT.Float16Vector, DT.BFloat16Vector, DT.SparseFloatVector, DT.Int8Vector,
})
# typeutil.IsFloatVectorType plus Int8Vector: all checked against maxDimension (binary: maxDimension*8).
FLOAT_LIKE_VECTOR_TYPES = frozenset({DT.FloatVector, DT.Float16Vector, DT.BFloat16Vector, DT.Int8Vector})
PK_TYPES = frozenset({DT.Int64, DT.VarChar})
PARTITION_KEY_TYPES = frozenset({DT.Int64, DT.VarChar})
# typeutil.ValidateArrayElementType.
ARRAY_ELEMENT_TYPES = frozenset({DT.Bool, DT.Int8, DT.Int16, DT.Int32, DT.Int64, DT.Float, DT.Double, DT.VarChar})

DIM_KEY = "dim"
MAX_LENGTH_KEY = "max_length"
MAX_CAPACITY_KEY = "max_capacity"

Rule = Check  # a schema rule is a registered check


class SchemaRuleError(errors.MilvusError):
    """A MilvusError raised by a schema rule; ``.rule`` is its check."""

    def __init__(self, rule: Check, reason: str):
        answer = rule.answer
        super().__init__(answer.code, reason, legacy=answer.legacy, input_error=answer.input_error,
                         check_id=rule.id)
        self.rule = rule


def _fail(rule_id: str, **fmt) -> SchemaRuleError:
    rule = SCHEMA_RULES[rule_id]
    return SchemaRuleError(rule, rule.answer.reason.format(**fmt))


_GO_INT = re.compile(r"^[+-]?[0-9]+$")


def _go_parse_int(value: str) -> int | None:
    """Go strconv.ParseInt(value, 10, 64): optional sign, ASCII digits, int64 range; None when it fails."""
    if not _GO_INT.match(value):
        return None
    n = int(value)
    return n if -(2**63) <= n < 2**63 else None


def _param(field: schema_pb2.FieldSchema, key: str) -> str | None:
    for kv in field.type_params:
        if kv.key == key:
            return kv.value
    return None


def parse_schema(raw: bytes) -> schema_pb2.CollectionSchema:
    schema = schema_pb2.CollectionSchema()
    try:
        schema.ParseFromString(raw)
    except Exception:  # protobuf's DecodeError; Go's text is what the client sees (C18)
        raise _fail("schema_unparsable") from None
    return schema


def _check_dim(field: schema_pb2.FieldSchema) -> None:
    """validateDimension (internal/proxy/util.go)."""
    raw = _param(field, DIM_KEY)
    dim = None
    if raw is not None:
        dim = _go_parse_int(raw)
        if dim is None:
            raise _fail("dim_not_integer", value=raw)
    if field.data_type == DT.SparseFloatVector:
        if raw is not None:
            raise _fail("sparse_dim_given", field=field.name, id=field.fieldID)
        return
    if raw is None:
        raise _fail("dim_missing", field=field.name)
    if dim < limits.MIN_FLOAT_DIM:
        raise _fail("dim_out_of_range", dim=dim, detail=f". should be in range 2 ~ {limits.MAX_FLOAT_DIM}")
    if field.data_type in FLOAT_LIKE_VECTOR_TYPES:
        if dim > limits.MAX_FLOAT_DIM:
            raise _fail("dim_out_of_range", dim=dim, detail=f" of field {field.name}. float vector dimension should "
                                                            f"be in range 2 ~ {limits.MAX_FLOAT_DIM}")
    else:
        if dim % limits.BINARY_DIM_MULTIPLE:
            raise _fail("binary_dim_not_multiple_of_8", dim=dim, field=field.name)
        if dim > limits.MAX_BINARY_DIM:
            raise _fail("dim_out_of_range", dim=dim, detail=f" of field {field.name}. binary vector dimension should "
                                                            f"be in range 2 ~ {limits.MAX_BINARY_DIM}")


def _check_max_length(collection: str, field: schema_pb2.FieldSchema) -> None:  # noqa: C901
    """validateMaxLengthPerRow: every max_length param must parse and be in range; one must exist."""
    found = False
    for kv in field.type_params:
        if kv.key != MAX_LENGTH_KEY:
            continue
        n = _go_parse_int(kv.value)
        if n is None:
            raise _fail("max_length_not_integer", value=kv.value)
        if n <= 0 or n > limits.MAX_VARCHAR_LENGTH:
            raise _fail("varchar_max_length_out_of_range", field=field.name, max=limits.MAX_VARCHAR_LENGTH, value=n)
        found = True
    if not found:
        rule = "varchar_no_max_length" if field.data_type == DT.VarChar else "array_varchar_no_max_length"
        raise _fail(rule, field=field.name, collection=collection)


def _check_max_capacity(collection: str, field: schema_pb2.FieldSchema) -> None:
    """validateMaxCapacityPerRow."""
    found = False
    for kv in field.type_params:
        if kv.key != MAX_CAPACITY_KEY:
            continue
        n = _go_parse_int(kv.value)
        if n is None:
            raise _fail("max_capacity_not_integer", field=field.name)
        if n <= 0 or n > limits.MAX_ARRAY_CAPACITY:
            raise _fail("array_capacity_out_of_range", max=limits.MAX_ARRAY_CAPACITY)
        found = True
    if not found:
        raise _fail("array_no_max_capacity", field=field.name, collection=collection)


def _type_name(t: int) -> str:
    try:
        return DT.Name(t)
    except ValueError:
        return str(t)


def validate_create_collection(request: milvus_pb2.CreateCollectionRequest) -> schema_pb2.CollectionSchema:
    """Apply the rules in Milvus's order; return the schema DescribeCollection will echo, or raise the
    ``SchemaRuleError`` (a ``MilvusError``) of the first rule broken. Database existence and duplicate
    collections are the catalogue's business, not this function's."""
    schema = parse_schema(request.schema)
    schema.autoID = False  # the proxy forces it (task.go)
    fields = list(schema.fields)

    if request.shards_num > limits.MAX_SHARDS:
        raise _fail("too_many_shards", max=limits.MAX_SHARDS)
    if len(fields) > limits.MAX_FIELDS:
        raise _fail("too_many_fields", max=limits.MAX_FIELDS)
    n_vec = sum(1 for f in fields if f.data_type in VECTOR_TYPES)
    if n_vec > limits.MAX_VECTOR_FIELDS:
        raise _fail("too_many_vector_fields", max=limits.MAX_VECTOR_FIELDS)
    if n_vec == 0:
        raise _fail("no_vector_field")
    try:
        names.validate_collection_name(schema.name)
    except errors.MilvusError as err:
        raise SchemaRuleError(SCHEMA_RULES["invalid_collection_name"], err.reason) from None

    pk = None  # validatePrimaryKey
    for f in fields:
        if f.is_primary_key:
            if pk is not None:
                raise _fail("two_primary_keys", first=pk.name, second=f.name)
            if f.data_type not in PK_TYPES:
                raise _fail("pk_wrong_type")
            pk = f
    if pk is None:
        raise _fail("no_primary_key")

    for f in fields:  # validateDynamicField
        if f.is_dynamic:
            raise _fail("explicit_dynamic_field")
    for f in fields:  # ValidateFieldAutoID (only one autoID field can exist, and it must be the PK)
        if f.autoID and not f.is_primary_key:
            raise _fail("autoid_on_non_pk", name=f.name)

    for f in fields:  # validateFieldType
        if f.data_type == DT.String:
            raise _fail("string_type")
        if f.data_type == 0:  # DataType None
            raise _fail("data_type_none")
        if f.data_type == DT.Array and f.element_type not in ARRAY_ELEMENT_TYPES:
            rule = SCHEMA_RULES["array_element_type_invalid"]
            if f.element_type == DT.String:
                raise SchemaRuleError(rule, SCHEMA_RULES["string_type"].answer.reason)
            if f.element_type == 0:
                raise SchemaRuleError(rule, "element data type None is not valid: invalid parameter")
            raise _fail("array_element_type_invalid", type=_type_name(f.element_type))

    key = None  # validatePartitionKey
    for f in fields:
        if f.is_partition_key:
            if key is not None:
                raise _fail("two_partition_keys", first=key.name, second=f.name)
            if f.is_primary_key:
                raise _fail("partition_key_is_pk")
            if f.nullable:
                raise _fail("partition_key_nullable")
            if f.data_type not in PARTITION_KEY_TYPES:
                raise _fail("partition_key_wrong_type")
            if request.num_partitions < 0:
                raise _fail("num_partitions_negative")
            if request.num_partitions > limits.MAX_PARTITIONS:
                raise _fail("too_many_partitions", n=request.num_partitions, max=limits.MAX_PARTITIONS)
            key = f
    if key is None and request.num_partitions != 0:
        raise _fail("num_partitions_without_key")

    for f in fields:  # per-field loop
        try:
            names.validate_field_name(f.name)
        except errors.MilvusError as err:
            raise SchemaRuleError(SCHEMA_RULES["invalid_field_name"], err.reason) from None
        if f.data_type in VECTOR_TYPES:
            _check_dim(f)
        if f.data_type == DT.VarChar or (f.data_type == DT.Array and f.element_type == DT.VarChar):
            _check_max_length(schema.name, f)
        if f.data_type == DT.Array:
            _check_max_capacity(schema.name, f)

    seen: set[str] = set()
    for f in fields:  # validateDuplicatedFieldName, after the per-field loop on master
        if f.name in seen:
            raise _fail("duplicate_field_name", name=f.name)
        seen.add(f.name)

    out = normalise_schema(schema)
    functions.validate(out)  # ValidateFunction (CreateCollection/function/*); marks the function outputs

    if request.collection_name != schema.name:  # rootcoord createCollectionTask.validateSchema
        raise _fail("collection_name_mismatch", name=request.collection_name, schema=schema.name)

    return out


def normalise_schema(schema: schema_pb2.CollectionSchema) -> schema_pb2.CollectionSchema:
    """What rootcoord stores and DescribeCollection echoes: user fields get IDs 100.. in order
    (common.StartOfUserFieldID), schema.autoID false, type_params/index_params exactly as given. The hidden
    ``$meta`` field of a dynamic collection is not part of the echo (probe E28)."""
    out = schema_pb2.CollectionSchema()
    out.CopyFrom(schema)
    out.autoID = False
    for i, f in enumerate(out.fields):
        f.fieldID = limits.START_OF_USER_FIELD_ID + i
        f.is_dynamic = False
    return out


def check_schema(request: milvus_pb2.CreateCollectionRequest) -> Rule | None:
    """The first rule the request breaks, or None when current Milvus accepts the schema."""
    try:
        validate_create_collection(request)
    except SchemaRuleError as err:
        return err.rule
    return None


def effective_shards(request: milvus_pb2.CreateCollectionRequest) -> int:
    """shards_num <= 0 is replaced by the default 1 (probes E24 and N06)."""
    return request.shards_num if request.shards_num > 0 else limits.DEFAULT_SHARDS


def partition_key_field(schema: schema_pb2.CollectionSchema) -> schema_pb2.FieldSchema | None:
    return next((f for f in schema.fields if f.is_partition_key), None)


def effective_num_partitions(request: milvus_pb2.CreateCollectionRequest,
                             schema: schema_pb2.CollectionSchema) -> int:
    """Partition-key collections get num_partitions or, when unset, common.DefaultPartitionsWithPartitionKey
    (16, capped at rootCoord.maxPartitionNum); others have none."""
    if partition_key_field(schema) is None:
        return 0
    return request.num_partitions or min(limits.DEFAULT_PARTITIONS_WITH_PARTITION_KEY, limits.MAX_PARTITIONS)


def initial_partitions(num_partitions: int) -> list[str]:
    """``_default`` for a plain collection; ``_default_0.._default_{n-1}`` with a partition key (E21)."""
    if num_partitions <= 0:
        return [limits.DEFAULT_PARTITION_NAME]
    return [f"{limits.DEFAULT_PARTITION_NAME}_{i}" for i in range(num_partitions)]


def describe_collection_response(
    schema: schema_pb2.CollectionSchema,
    *,
    collection_name: str,
    db_name: str,
    collection_id: int,
    shards_num: int,
    consistency_level: int,
    properties=(),
    aliases=(),
    num_partitions: int,
    created_timestamp: int = 0,
    created_utc_timestamp: int = 0,
    db_id: int = 0,
) -> milvus_pb2.DescribeCollectionResponse:
    """DescribeCollection's answer for a created collection. ``collection_name`` is the name the request used:
    2.3.5 echoes the alias when described through one (probe A09). ``num_partitions`` is rootcoord's
    partition count (``len(collInfo.Partitions)``: 64 for a default partition-key collection, E20; the
    value for plain collections is not probed). Consistency level and properties are echoed as created."""
    resp = milvus_pb2.DescribeCollectionResponse(
        status=common_pb2.Status(),
        collectionID=collection_id,
        shards_num=shards_num,
        consistency_level=consistency_level,
        collection_name=collection_name,
        db_name=db_name,
        num_partitions=num_partitions,
        created_timestamp=created_timestamp,
        created_utc_timestamp=created_utc_timestamp,
        db_id=db_id,
    )
    resp.schema.CopyFrom(schema)
    resp.aliases.extend(aliases)
    for kv in properties:
        resp.properties.add(key=kv.key, value=kv.value)
    resp.virtual_channel_names.extend(f"by-dev-rootcoord-dml_{i}_{collection_id}v{i}" for i in range(shards_num))
    resp.physical_channel_names.extend(f"by-dev-rootcoord-dml_{i}" for i in range(shards_num))
    return resp
