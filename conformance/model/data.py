"""Column data: ``schema_pb2.FieldData`` lists (InsertRequest.fields_data) <-> Python rows, and Milvus's
validation of an insert batch against a collection schema.

Row representation (one ``dict`` per row, field name -> value):

=================  ===========================================================================
DataType           Python value
=================  ===========================================================================
Bool               ``bool``
Int8/16/32/64      ``int`` (Int8/Int16/Int32 travel in ``IntArray`` (int32) on the wire)
Float / Double     ``float`` (Float travels as float32, so values round to float32)
VarChar / String   ``str``
JSON               parsed Python value (``json.loads`` of the row's bytes)
Array              ``list`` of element values (element type from the schema / ``ArrayArray.element_type``)
FloatVector        ``numpy.ndarray`` float32, shape (dim,)
Float16Vector      ``numpy.ndarray`` float16, shape (dim,)
BFloat16Vector     ``numpy.ndarray`` float32 holding bfloat16-representable values, shape (dim,)
Int8Vector         ``numpy.ndarray`` int8, shape (dim,)
BinaryVector       ``bytes`` of length dim/8 (bit i of the vector is bit (7 - i % 8) of byte i // 8)
SparseFloatVector  ``dict[int, float]`` index -> value
=================  ===========================================================================

``None`` is a null (only for nullable fields, i.e. ``valid_data`` false). Dynamic fields: the hidden JSON field
``$meta`` (``is_dynamic=True``) carries one JSON object per row; :func:`fields_data_to_rows` spreads its keys
into the row (``expand_dynamic=True``) and :func:`rows_to_fields_data` gathers keys that are not schema fields
into it.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..protocol import schema_pb2
from . import errors
from .errors import MilvusError

DT = schema_pb2.DataType
DYNAMIC_FIELD = "$meta"  # common.MetaFieldName

INT_TYPES = {DT.Int8: (-(2**7), 2**7 - 1), DT.Int16: (-(2**15), 2**15 - 1), DT.Int32: (-(2**31), 2**31 - 1),
             DT.Int64: (-(2**63), 2**63 - 1)}
SCALAR_TYPES = {DT.Bool, DT.Int8, DT.Int16, DT.Int32, DT.Int64, DT.Float, DT.Double, DT.String, DT.VarChar,
                DT.JSON, DT.Array}
DENSE_VECTOR_TYPES = {DT.FloatVector, DT.Float16Vector, DT.BFloat16Vector, DT.Int8Vector, DT.BinaryVector}
VECTOR_TYPES = DENSE_VECTOR_TYPES | {DT.SparseFloatVector}

# ScalarField oneof member that carries each scalar type (schema.proto; Int8/Int16 are widened to int32).
SCALAR_SLOT = {
    DT.Bool: "bool_data", DT.Int8: "int_data", DT.Int16: "int_data", DT.Int32: "int_data", DT.Int64: "long_data",
    DT.Float: "float_data", DT.Double: "double_data", DT.String: "string_data", DT.VarChar: "string_data",
    DT.JSON: "json_data", DT.Array: "array_data",
}
SLOT_MESSAGE = {
    "bool_data": schema_pb2.BoolArray, "int_data": schema_pb2.IntArray, "long_data": schema_pb2.LongArray,
    "float_data": schema_pb2.FloatArray, "double_data": schema_pb2.DoubleArray,
    "string_data": schema_pb2.StringArray, "json_data": schema_pb2.JSONArray,
}
VECTOR_SLOT = {
    DT.FloatVector: "float_vector", DT.BinaryVector: "binary_vector", DT.Float16Vector: "float16_vector",
    DT.BFloat16Vector: "bfloat16_vector", DT.Int8Vector: "int8_vector", DT.SparseFloatVector: "sparse_float_vector",
}
# Bytes per vector element for the byte-packed dense types (binary is dim/8 per row).
_BYTES_PER_DIM = {DT.Float16Vector: 2, DT.BFloat16Vector: 2, DT.Int8Vector: 1}


def type_name(dtype: int) -> str:
    try:
        return DT.Name(dtype)
    except ValueError:
        return f"DataType({dtype})"


# ---------------------------------------------------------------------------------------------------------
# Schema helpers
# ---------------------------------------------------------------------------------------------------------

def type_params(field: schema_pb2.FieldSchema) -> dict[str, str]:
    return {kv.key: kv.value for kv in field.type_params}


def _int_param(field: schema_pb2.FieldSchema, key: str) -> int | None:
    value = type_params(field).get(key)
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        return None


def dim_of(field: schema_pb2.FieldSchema) -> int | None:
    return _int_param(field, "dim")


def max_length_of(field: schema_pb2.FieldSchema) -> int | None:
    return _int_param(field, "max_length")


def max_capacity_of(field: schema_pb2.FieldSchema) -> int | None:
    return _int_param(field, "max_capacity")


def primary_field(schema: schema_pb2.CollectionSchema) -> schema_pb2.FieldSchema | None:
    for f in schema.fields:
        if f.is_primary_key:
            return f
    return None


def user_fields(schema: schema_pb2.CollectionSchema) -> list[schema_pb2.FieldSchema]:
    """Schema fields a client supplies data for: not the hidden dynamic field, not function outputs."""
    return [f for f in schema.fields if not f.is_dynamic and not f.is_function_output]


# ---------------------------------------------------------------------------------------------------------
# Vector encodings
# ---------------------------------------------------------------------------------------------------------

def encode_sparse(row: Mapping[int, float]) -> bytes:
    """One sparse row as Milvus stores it (schema.proto SparseFloatArray): pairs of little-endian uint32 index
    and float32 value, sorted by index."""
    out = bytearray()
    for index in sorted(row):
        out += struct.pack("<If", int(index), float(row[index]))
    return bytes(out)


def decode_sparse(content: bytes) -> dict[int, float]:
    if len(content) % 8:
        raise ValueError(f"sparse row of {len(content)} bytes is not a whole number of (uint32, float32) pairs")
    return {index: value for index, value in struct.iter_unpack("<If", content)}


def sparse_dim(rows: Iterable[Mapping[int, float]]) -> int:
    """SparseFloatArray.dim: one more than the largest index present (pymilvus convention; 0 when empty)."""
    return max((max(r) + 1 for r in rows if r), default=0)


def float_to_bfloat16_bytes(values: np.ndarray) -> bytes:
    """float32 -> bfloat16 (upper 16 bits, round to nearest even), little-endian."""
    bits = np.ascontiguousarray(values, dtype="<f4").view("<u4").astype(np.uint64)
    rounded = (bits + 0x7FFF + ((bits >> 16) & 1)) >> 16
    # keep NaN a NaN (rounding could carry a NaN payload into infinity)
    nan = np.isnan(np.asarray(values, dtype=np.float32))
    rounded = np.where(nan, (bits >> 16) | 0x40, rounded)
    return rounded.astype("<u2").tobytes()


def bfloat16_bytes_to_float(data: bytes) -> np.ndarray:
    return (np.frombuffer(data, dtype="<u2").astype(np.uint32) << 16).view("<f4").astype(np.float32)


def binary_dim_bytes(dim: int) -> int:
    return dim // 8


# ---------------------------------------------------------------------------------------------------------
# Column <-> values
# ---------------------------------------------------------------------------------------------------------

def _scalar_values(scalars: schema_pb2.ScalarField, dtype: int, element_type: int | None = None) -> list:
    slot = scalars.WhichOneof("data")
    if slot is None:
        return []
    if slot == "json_data":
        return [json.loads(b) for b in scalars.json_data.data]
    if slot == "array_data":
        arr = scalars.array_data
        et = arr.element_type or element_type or 0
        return [_scalar_values(item, et) for item in arr.data]
    values = list(getattr(scalars, slot).data)
    if slot == "bytes_data":
        return [bytes(v) for v in values]
    return values


def _vector_values(vectors: schema_pb2.VectorField, dtype: int) -> list:
    slot = vectors.WhichOneof("data")
    dim = vectors.dim
    if slot is None:
        return []
    if slot == "sparse_float_vector":
        return [decode_sparse(c) for c in vectors.sparse_float_vector.contents]
    if dim <= 0:
        raise ValueError(f"vector column without a positive dim ({dim})")
    if slot == "float_vector":
        flat = np.asarray(vectors.float_vector.data, dtype=np.float32)
        return [flat[i:i + dim].copy() for i in range(0, len(flat), dim)]
    raw = getattr(vectors, slot)
    if slot == "binary_vector":
        step = binary_dim_bytes(dim)
        return [bytes(raw[i:i + step]) for i in range(0, len(raw), step)]
    step = dim * {"float16_vector": 2, "bfloat16_vector": 2, "int8_vector": 1}[slot]
    rows = [raw[i:i + step] for i in range(0, len(raw), step)]
    if slot == "float16_vector":
        return [np.frombuffer(r, dtype="<f2").astype(np.float16) for r in rows]
    if slot == "bfloat16_vector":
        return [bfloat16_bytes_to_float(r) for r in rows]
    return [np.frombuffer(r, dtype=np.int8).copy() for r in rows]


def column_values(fd: schema_pb2.FieldData, element_type: int | None = None) -> list:
    """The values of one column, one per row, ``None`` where ``valid_data`` marks a null.

    Null placement (unverified on a live server; Milvus 2.5 proxy ``fillWithNullValue`` in
    internal/proxy/validate_util.go): a client may send the data array either full-length (a placeholder at
    each null) or compacted (only the valid values; pymilvus does this). Both are accepted here."""
    kind = fd.WhichOneof("field")
    if kind == "scalars":
        values = _scalar_values(fd.scalars, fd.type, element_type)
    elif kind == "vectors":
        values = _vector_values(fd.vectors, fd.type)
    else:
        values = []
    valid = list(fd.valid_data)
    if not valid:
        return values
    if len(values) == len(valid):
        return [v if ok else None for v, ok in zip(values, valid, strict=True)]
    if len(values) == sum(valid):
        it = iter(values)
        return [next(it) if ok else None for ok in valid]
    raise ValueError(f"field {fd.field_name}: {len(values)} values for {len(valid)} valid_data flags")


def _placeholder(dtype: int) -> Any:
    return {DT.Bool: False, DT.Float: 0.0, DT.Double: 0.0, DT.String: "", DT.VarChar: "", DT.JSON: None,
            DT.Array: []}.get(dtype, 0)


def _fill_scalars(target: schema_pb2.ScalarField, dtype: int, values: Sequence, element_type: int | None) -> None:
    slot = SCALAR_SLOT[dtype]
    if slot == "array_data":
        target.array_data.element_type = element_type or 0
        for item in values:
            sub = target.array_data.data.add()
            if element_type:
                _fill_scalars(sub, element_type, list(item), None)
        return
    if slot == "json_data":
        target.json_data.data.extend(
            v if isinstance(v, bytes) else json.dumps(v, separators=(",", ":")).encode() for v in values)
        return
    getattr(target, slot).SetInParent()
    getattr(target, slot).data.extend(values)


def _fill_vectors(target: schema_pb2.VectorField, dtype: int, values: Sequence, dim: int | None) -> None:
    if dtype == DT.SparseFloatVector:
        target.sparse_float_vector.contents.extend(encode_sparse(v) for v in values)
        target.sparse_float_vector.dim = sparse_dim(values)
        target.dim = target.sparse_float_vector.dim
        return
    if dim is None:
        if not values:
            raise ValueError(f"{type_name(dtype)} column needs dim when it has no rows")
        dim = len(values[0]) * 8 if dtype == DT.BinaryVector else len(values[0])
    target.dim = dim
    if dtype == DT.FloatVector:
        target.float_vector.SetInParent()
        target.float_vector.data.extend(float(x) for v in values for x in np.asarray(v, dtype=np.float32))
    elif dtype == DT.BinaryVector:
        target.binary_vector = b"".join(bytes(v) for v in values)
    elif dtype == DT.Float16Vector:
        target.float16_vector = b"".join(np.asarray(v, dtype="<f2").tobytes() for v in values)
    elif dtype == DT.BFloat16Vector:
        target.bfloat16_vector = b"".join(float_to_bfloat16_bytes(np.asarray(v, dtype=np.float32)) for v in values)
    elif dtype == DT.Int8Vector:
        target.int8_vector = b"".join(np.asarray(v, dtype=np.int8).tobytes() for v in values)
    else:
        raise ValueError(f"not a vector type: {type_name(dtype)}")


def make_column(name: str, dtype: int, values: Sequence, *, dim: int | None = None,
                element_type: int | None = None, nullable: bool = False, is_dynamic: bool = False,
                field_id: int = 0, compact_nulls: bool = False) -> schema_pb2.FieldData:
    """One ``FieldData`` column from per-row values. With ``nullable``, ``valid_data`` is filled and nulls get a
    placeholder value (or are left out with ``compact_nulls``, as pymilvus sends them)."""
    fd = schema_pb2.FieldData(type=dtype, field_name=name, is_dynamic=is_dynamic, field_id=field_id)
    values = list(values)
    if nullable:
        fd.valid_data.extend(v is not None for v in values)
        if compact_nulls:
            values = [v for v in values if v is not None]
        else:
            values = [_placeholder(dtype) if v is None else v for v in values]
    if dtype in VECTOR_TYPES:
        _fill_vectors(fd.vectors, dtype, values, dim)
    elif dtype in SCALAR_SLOT:
        _fill_scalars(fd.scalars, dtype, values, element_type)
    else:
        raise ValueError(f"unsupported data type {type_name(dtype)}")
    return fd


def column_for_field(field: schema_pb2.FieldSchema, values: Sequence, **kw) -> schema_pb2.FieldData:
    return make_column(field.name, field.data_type, values, dim=dim_of(field), element_type=field.element_type,
                       nullable=field.nullable, field_id=field.fieldID, **kw)


def rows_to_fields_data(schema: schema_pb2.CollectionSchema, rows: Sequence[Mapping[str, Any]], *,
                        include_auto_id: bool = False, compact_nulls: bool = False) -> list[schema_pb2.FieldData]:
    """Columnar ``fields_data`` for rows, in schema order. An auto_id primary key is left out unless
    ``include_auto_id``. With ``enable_dynamic_field``, keys that are not schema fields go into ``$meta``."""
    out = []
    names = set()
    for field in user_fields(schema):
        names.add(field.name)
        if field.is_primary_key and field.autoID and not include_auto_id:
            continue
        out.append(column_for_field(field, [r.get(field.name) for r in rows], compact_nulls=compact_nulls))
    if schema.enable_dynamic_field:
        extra = [{k: v for k, v in r.items() if k not in names and k != DYNAMIC_FIELD} for r in rows]
        out.append(make_column(DYNAMIC_FIELD, DT.JSON, extra, is_dynamic=True))
    return out


def fields_data_to_rows(fields_data: Sequence[schema_pb2.FieldData], num_rows: int | None = None, *,
                        schema: schema_pb2.CollectionSchema | None = None,
                        expand_dynamic: bool = True) -> list[dict[str, Any]]:
    """Rows from columns. Columns must agree on their row count (``ValueError`` otherwise; use
    :func:`validate_insert` for Milvus's errors). With ``expand_dynamic`` the keys of a dynamic ``$meta`` column
    become row keys (schema fields win on a name clash)."""
    element_types = {f.name: f.element_type for f in schema.fields} if schema is not None else {}
    columns = [(fd, column_values(fd, element_types.get(fd.field_name))) for fd in fields_data]
    counts = {len(vals) for _, vals in columns}
    if num_rows is None:
        num_rows = counts.pop() if len(counts) == 1 else 0 if not counts else -1
        if num_rows < 0:
            raise ValueError("columns disagree on their row count")
    elif counts - {num_rows}:
        raise ValueError(f"columns have {sorted(counts)} rows, expected {num_rows}")
    rows: list[dict[str, Any]] = [{} for _ in range(num_rows)]
    for fd, vals in columns:
        if fd.is_dynamic and expand_dynamic:
            continue
        for row, v in zip(rows, vals, strict=True):
            row[fd.field_name] = v
    if expand_dynamic:
        for fd, vals in columns:
            if fd.is_dynamic:
                for row, v in zip(rows, vals, strict=True):
                    for k, x in (v or {}).items():
                        row.setdefault(k, x)
    return rows


def column_length(fd: schema_pb2.FieldData) -> int:
    """How many rows a column carries, as Milvus counts them (``typeutil.GetNumRowOfFieldDataWithSchema``-like:
    float vectors len/dim, binary len*8/dim, byte-packed len/(dim*width), sparse number of contents)."""
    kind = fd.WhichOneof("field")
    if kind == "scalars":
        slot = fd.scalars.WhichOneof("data")
        if slot is None:
            return 0
        return len(getattr(fd.scalars, slot).data)
    if kind == "vectors":
        v = fd.vectors
        slot = v.WhichOneof("data")
        if slot is None:
            return 0
        if slot == "sparse_float_vector":
            return len(v.sparse_float_vector.contents)
        if v.dim <= 0:
            return 0
        if slot == "float_vector":
            return len(v.float_vector.data) // v.dim
        if slot == "binary_vector":
            return len(v.binary_vector) * 8 // v.dim
        return len(getattr(v, slot)) // (v.dim * _BYTES_PER_DIM[fd.type])
    return 0


# ---------------------------------------------------------------------------------------------------------
# Insert validation
# ---------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Rule:
    """A validation rule of an insert batch: the name used by strategies/oracles and the merr code."""

    name: str
    code: int
    evidence: str


RULES = {r.name: r for r in [
    Rule("num_rows_mismatch", errors.PARAMETER_INVALID, "probe E52 (Milvus 2.3.5)"),
    Rule("missing_field", errors.PARAMETER_INVALID, "probe I04 (Milvus 2.3.5)"),
    Rule("wrong_dim", errors.UNEXPECTED, "probe I02 (Milvus 2.3.5)"),
    Rule("pk_with_auto_id", errors.PARAMETER_INVALID, "verified on Milvus 2.3.5 (mcexpr insert probe)"),
    Rule("missing_pk", errors.PARAMETER_INVALID, "verified on Milvus 2.3.5 (mcexpr insert probe)"),
    Rule("duplicate_field", errors.PARAMETER_INVALID, "verified on Milvus 2.3.5 (mcexpr insert probe)"),
    Rule("varchar_too_long", errors.PARAMETER_INVALID, "verified on Milvus 2.3.5 (mcexpr insert probe)"),
    Rule("array_over_capacity", errors.PARAMETER_INVALID, "verified on Milvus 2.3.5 (mcexpr insert probe)"),
    Rule("wrong_type", errors.PARAMETER_INVALID, "verified on Milvus 2.3.5 for VarChar and Array elements"),
    Rule("unknown_field", errors.PARAMETER_INVALID, "verified on Milvus 2.3.5 (mcexpr insert probe)"),
    Rule("null_in_non_nullable", errors.PARAMETER_INVALID, "unverified: Milvus src internal/proxy/validate_util.go checkValidData"),
]}


class InsertValidationError(MilvusError):
    """A MilvusError that also names the rule broken (for oracles and strategy self-checks)."""

    def __init__(self, rule: str, reason: str, code: int | None = None):
        super().__init__(RULES[rule].code if code is None else code, reason)
        self.rule = rule


def _err(rule: str, reason: str, code: int | None = None) -> InsertValidationError:
    return InsertValidationError(rule, reason, code)


def _expected_slot(field: schema_pb2.FieldSchema) -> str:
    if field.data_type in VECTOR_TYPES:
        return VECTOR_SLOT[field.data_type]
    return SCALAR_SLOT.get(field.data_type, "")


def _actual_slot(fd: schema_pb2.FieldData) -> str | None:
    kind = fd.WhichOneof("field")
    if kind == "scalars":
        return fd.scalars.WhichOneof("data")
    if kind == "vectors":
        return fd.vectors.WhichOneof("data")
    return None


# Milvus's words for the data each type needs (validate_util.go "need ... array"; I04 shows the VarChar one).
_NEED = {"string_data": "need string array", "long_data": "need long int array", "int_data": "need int array",
         "bool_data": "need bool array", "float_data": "need float array", "double_data": "need double array",
         "json_data": "need json array", "array_data": "need array array"}


def validate_insert(schema: schema_pb2.CollectionSchema, fields_data: Sequence[schema_pb2.FieldData],
                    num_rows: int) -> None:
    """Raise :class:`InsertValidationError` (a MilvusError) for the first rule the batch breaks, in the order the
    proxy checks them; return ``None`` for a valid batch. Duplicate primary keys are accepted (probe E53)."""
    fields = {f.name: f for f in user_fields(schema)}
    seen: set[str] = set()
    for fd in fields_data:
        # unverified: Milvus src internal/proxy/util.go fillFieldsDataBySchema rejects a repeated field name
        # before anything else.
        # verified on Milvus 2.3.5: "duplicated field n found: invalid parameter" (1100).
        if fd.field_name in seen:
            raise _err("duplicate_field", f"duplicated field {fd.field_name} found: invalid parameter")
        seen.add(fd.field_name)

    # verified on Milvus 2.3.5: a pk column sent for an autoID pk, a missing (non-auto) pk column and a column
    # that is no schema field (dynamic off) all answer 1100 "the number of fields is less than needed: invalid
    # parameter[expected=N][actual=M]" (sic, also when there are more), N = schema fields minus an autoID pk,
    # M = columns sent. (e.g. [expected=1][actual=2] for pk+vec into an autoID collection.)
    pk = primary_field(schema)
    required = len([f for f in fields.values() if not (f.is_primary_key and f.autoID)])

    def count_error(rule: str) -> InsertValidationError:
        return _err(rule, f"the number of fields is less than needed: invalid parameter[expected={required}]"
                    f"[actual={len(fields_data)}]")

    if pk is not None and pk.autoID and pk.name in seen:
        raise count_error("pk_with_auto_id")
    if pk is not None and not pk.autoID and pk.name not in seen:
        raise count_error("missing_pk")
    for fd in fields_data:
        if fd.field_name in fields:
            continue
        if (fd.is_dynamic or fd.field_name == DYNAMIC_FIELD) and schema.enable_dynamic_field:
            continue
        raise count_error("unknown_field")

    for fd in fields_data:
        # Evidence: probe E52 — "the num_rows (3) of field (id) is not equal to passed num_rows (5): invalid
        # parameter[expected=5][actual=3]" (1100) on Milvus 2.3.5; checked column by column in request order.
        field = fields.get(fd.field_name)
        if field is not None and field.data_type in DENSE_VECTOR_TYPES:
            continue  # vectors get the dim-specific message below
        n = column_length(fd)
        if fd.valid_data and len(fd.valid_data) != n:
            n = len(fd.valid_data)
        if field is not None and _actual_slot(fd) != _expected_slot(field):
            continue  # type mismatch reported below
        if n != num_rows:
            raise _err("num_rows_mismatch", f"the num_rows ({n}) of field ({fd.field_name}) is not equal to passed "
                       f"num_rows ({num_rows}): invalid parameter[expected={num_rows}][actual={n}]")

    supplied = {fd.field_name: fd for fd in fields_data}
    for field in fields.values():
        if field.is_primary_key and field.autoID:
            continue
        fd = supplied.get(field.name)
        if fd is None:
            if field.nullable or field.HasField("default_value"):
                continue
            # Evidence: probe I04 — missing VarChar column on Milvus 2.3.5: "varchar field 'txt' is illegal,
            # array type mismatch: invalid parameter[expected=need string array][actual=got nil]" (1100).
            # verified on Milvus 2.3.5 for the others: "float vector field 'vec' ... [expected=need float
            # vector]", "array field 'a' ... [expected=need Int64 array]", "json field 'j' ... [expected=need json
            # array]"; a missing Int32 column gives 65535 "%!s(<nil>) is not supported now" (a Go fmt artefact;
            # assumed the same for the other numeric/bool types — unverified).
            raise _missing(field)
        _validate_column(field, fd, num_rows)


def _missing(field: schema_pb2.FieldSchema) -> InsertValidationError:
    dtype = field.data_type
    if dtype in (DT.VarChar, DT.String):
        word, need = "varchar", "need string array"
    elif dtype == DT.JSON:
        word, need = "json", "need json array"
    elif dtype == DT.Array:
        word, need = "array", f"need {type_name(field.element_type)} array"
    elif dtype in VECTOR_TYPES:
        word = {DT.FloatVector: "float vector", DT.BinaryVector: "binary vector", DT.Float16Vector: "float16 vector",
                DT.BFloat16Vector: "bfloat16 vector", DT.Int8Vector: "int8 vector",
                DT.SparseFloatVector: "sparse float vector"}[dtype]
        need = f"need {word}"
    else:
        return _err("missing_field", "%!s(<nil>) is not supported now", errors.UNEXPECTED)
    return _err("missing_field", f"{word} field '{field.name}' is illegal, array type mismatch: invalid "
                f"parameter[expected={need}][actual=got nil]")


def _validate_column(field: schema_pb2.FieldSchema, fd: schema_pb2.FieldData, num_rows: int) -> None:
    dtype = field.data_type
    actual = _actual_slot(fd)
    expected = _expected_slot(field)
    if actual != expected:
        # verified on Milvus 2.3.5: an Int32 column sent as long_data is ACCEPTED (so are other integer widths,
        # assumed); a VarChar column sent as long_data answers exactly like a missing one ("... [actual=got nil]").
        if dtype in INT_TYPES and actual in ("int_data", "long_data"):
            pass
        else:
            raise _missing(field) if dtype not in INT_TYPES | {DT.Bool, DT.Float, DT.Double} else \
                _err("wrong_type", "%!s(<nil>) is not supported now", errors.UNEXPECTED)
    if fd.valid_data and not field.nullable and not all(fd.valid_data):
        raise _err("null_in_non_nullable", f"the field ({field.name}) is not nullable, but null values found: "
                   "invalid parameter")
    if dtype in DENSE_VECTOR_TYPES:
        dim = dim_of(field) or 0
        v = fd.vectors
        if dtype == DT.FloatVector:
            length = len(v.float_vector.data)
            # Evidence: probe I02 — Milvus 2.3.5 "the length(12) of float data should divide the dim(8)" (65535):
            # the schema dim is used, not VectorField.dim.
            if length % dim:
                raise _err("wrong_dim", f"the length({length}) of float data should divide the dim({dim})")
            n = length // dim
        elif dtype == DT.BinaryVector:
            length = len(v.binary_vector)
            # unverified: Milvus src internal/proxy/validate_util.go (binary: dim/8 bytes per row), same shape
            # of message as I02.
            if (length * 8) % dim:
                raise _err("wrong_dim", f"the length({length}) of binary data should divide the dim({dim})")
            n = length * 8 // dim
        else:
            length = len(getattr(v, VECTOR_SLOT[dtype]))
            width = _BYTES_PER_DIM[dtype]
            word = {DT.Float16Vector: "float16", DT.BFloat16Vector: "bfloat16", DT.Int8Vector: "int8"}[dtype]
            if length % (dim * width):
                raise _err("wrong_dim", f"the length({length}) of {word} data should divide the dim({dim})")
            n = length // (dim * width)
        if v.dim and v.dim != dim:
            # Observed: Milvus 2.3.5 CRASHED (connection reset, server gone) on VectorField.dim=8 with a dim-4
            # schema and 8 floats for 2 rows. The model rejects it rather than guess (message unverified).
            raise _err("wrong_dim", f"the dim ({v.dim}) of field data({field.name}) is not equal to schema dim "
                       f"({dim})")
        if n != num_rows:
            raise _err("num_rows_mismatch", f"the num_rows ({n}) of field ({field.name}) is not equal to passed "
                       f"num_rows ({num_rows}): invalid parameter[expected={num_rows}][actual={n}]")
        return
    if dtype in (DT.VarChar, DT.String):
        max_length = max_length_of(field)
        values = column_values(fd)
        for i, s in enumerate(values):
            # verified on Milvus 2.3.5: the length is in UTF-8 *bytes* ("ééé" is 6 > 5), "the length (6) of 1th
            # string exceeds max length (5): invalid parameter[expected=valid length string][actual=string length
            # exceeds max length]"; exactly max_length bytes is accepted. (2.4+ counts characters — unverified.)
            n = len(s.encode()) if s is not None else 0
            if max_length is not None and n > max_length:
                raise _err("varchar_too_long", f"the length ({n}) of {i}th string exceeds max length ({max_length}): "
                           "invalid parameter[expected=valid length string][actual=string length exceeds max length]")
    if dtype == DT.Array:
        cap = max_capacity_of(field)
        arr = fd.scalars.array_data
        for i, item in enumerate(arr.data):
            slot = item.WhichOneof("data")
            n = len(getattr(item, slot).data) if slot else 0
            want = SCALAR_SLOT.get(field.element_type)
            if slot is not None and slot != want:
                # verified on Milvus 2.3.5 (Int64 elements sent as int_data).
                go = "".join(w.capitalize() for w in slot.split("_"))
                raise _err("wrong_type", f"insert data does not match: invalid parameter[expected="
                           f"{type_name(field.element_type).lower()} array][actual=*schemapb.ScalarField_{go} array]")
            # verified on Milvus 2.3.5: "the length (3) of 0th array exceeds max capacity (2): invalid
            # parameter[expected=valid length array][actual=array length exceeds max capacity]".
            if cap is not None and n > cap:
                raise _err("array_over_capacity", f"the length ({n}) of {i}th array exceeds max capacity ({cap}): "
                           "invalid parameter[expected=valid length array][actual=array length exceeds max capacity]")
    if dtype in INT_TYPES and dtype != DT.Int64:
        lo, hi = INT_TYPES[dtype]
        for v in column_values(fd):
            if v is not None and not lo <= v <= hi:
                # unverified: Milvus src internal/proxy/validate_util.go checkIntegerFieldData (2.4+).
                raise _err("wrong_type", f"the value {v} of field {field.name} is out of range [{lo}, {hi}]: "
                           "invalid parameter")
    if dtype == DT.JSON:
        for raw in fd.scalars.json_data.data:
            try:
                json.loads(raw)
            except ValueError as exc:
                raise _err("wrong_type", f"invalid JSON in field {field.name}: {exc}: invalid parameter") from None
