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
Geometry           ``str``: WKT, stored normalised (:func:`normalize_wkt`: ``POINT (1 2)``)
Timestamptz        ``str``: ISO 8601, stored as Query answers it in UTC (:func:`normalize_timestamptz`)
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
import math
import re
import struct
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from ..protocol import schema_pb2
from . import errors
from .errors import MilvusError
from .rules.insert import INSERT_RULES, NAN_OR_INFINITY, NULLS_NOT_COMPACT

DT = schema_pb2.DataType
DYNAMIC_FIELD = "$meta"  # common.MetaFieldName

INT_TYPES = {DT.Int8: (-(2**7), 2**7 - 1), DT.Int16: (-(2**15), 2**15 - 1), DT.Int32: (-(2**31), 2**31 - 1),
             DT.Int64: (-(2**63), 2**63 - 1)}
SCALAR_TYPES = {DT.Bool, DT.Int8, DT.Int16, DT.Int32, DT.Int64, DT.Float, DT.Double, DT.String, DT.VarChar,
                DT.JSON, DT.Array, DT.Geometry, DT.Timestamptz}
DENSE_VECTOR_TYPES = {DT.FloatVector, DT.Float16Vector, DT.BFloat16Vector, DT.Int8Vector, DT.BinaryVector}
VECTOR_TYPES = DENSE_VECTOR_TYPES | {DT.SparseFloatVector}

# ScalarField oneof member that carries each scalar type (schema.proto; Int8/Int16 are widened to int32).
SCALAR_SLOT = {
    DT.Bool: "bool_data", DT.Int8: "int_data", DT.Int16: "int_data", DT.Int32: "int_data", DT.Int64: "long_data",
    DT.Float: "float_data", DT.Double: "double_data", DT.String: "string_data", DT.VarChar: "string_data",
    DT.JSON: "json_data", DT.Array: "array_data",
    # master's validator reads Geometry as WKT strings (checkGeometryFieldData) and Timestamptz as ISO 8601 strings
    # (checkTimestamptzFieldData); Query answers them in the same slots (WKT, ISO strings in the query timezone)
    DT.Geometry: "geometry_wkt_data", DT.Timestamptz: "string_data",
}
SLOT_MESSAGE = {
    "bool_data": schema_pb2.BoolArray, "int_data": schema_pb2.IntArray, "long_data": schema_pb2.LongArray,
    "float_data": schema_pb2.FloatArray, "double_data": schema_pb2.DoubleArray,
    "string_data": schema_pb2.StringArray, "json_data": schema_pb2.JSONArray,
    "geometry_wkt_data": schema_pb2.GeometryWktArray,
}
VECTOR_SLOT = {
    DT.FloatVector: "float_vector", DT.BinaryVector: "binary_vector", DT.Float16Vector: "float16_vector",
    DT.BFloat16Vector: "bfloat16_vector", DT.Int8Vector: "int8_vector", DT.SparseFloatVector: "sparse_float_vector",
}
# Bytes per vector element for the byte-packed dense types (binary is dim/8 per row).
_BYTES_PER_DIM = {DT.Float16Vector: 2, DT.BFloat16Vector: 2, DT.Int8Vector: 1}
_SLOT_WIDTH = {"float16_vector": 2, "bfloat16_vector": 2, "int8_vector": 1}


# ---------------------------------------------------------------------------------------------------------
# JSON of any nesting depth
# ---------------------------------------------------------------------------------------------------------

# Go's encoding/json (what Milvus parses JSON fields, $meta rows and search / rank params with) refuses documents
# nested deeper than this ("exceeded max depth"); anything shallower must parse, however far past Python's recursion
# limit it goes.
MAX_JSON_DEPTH = 10_000

_JSON_TOKEN = re.compile(r"""[ \t\n\r]*(?:
    (?P<str>"(?:[^"\\\x00-\x1f]|\\.)*")
  | (?P<num>-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)
  | (?P<lit>true|false|null|NaN|-?Infinity)
  | (?P<punct>[{}\[\]:,])
)""", re.X)
_JSON_LITERALS = {"true": True, "false": False, "null": None, "NaN": math.nan, "Infinity": math.inf,
                  "-Infinity": -math.inf}
_NO_VALUE = object()


def json_loads(raw: bytes | bytearray | str) -> Any:
    """``json.loads`` for documents of any depth up to MAX_JSON_DEPTH (beyond Python's recursion limit too);
    ValueError for an invalid (or deeper) document."""
    try:
        return json.loads(raw)
    except RecursionError:
        pass
    text = raw if isinstance(raw, str) else bytes(raw).decode("utf-8")
    return _json_loads_iterative(text)


def _json_loads_iterative(text: str) -> Any:
    stack: list[list] = []  # [container, pending key]
    expect = "value"  # value | first-value | key | first-key | colon | next
    pos = 0
    while True:
        m = _JSON_TOKEN.match(text, pos)
        if m is None:
            raise ValueError(f"invalid JSON document at character {pos}")
        pos = m.end()
        kind = m.lastgroup
        tok = m.group(kind)
        value = _NO_VALUE
        if expect in ("value", "first-value"):
            if kind == "punct":
                if tok in "[{":
                    if len(stack) >= MAX_JSON_DEPTH:
                        raise ValueError("exceeded max depth")
                    stack.append([[] if tok == "[" else {}, None])
                    expect = "first-value" if tok == "[" else "first-key"
                    continue
                if tok != "]" or expect != "first-value":
                    raise ValueError(f"invalid JSON document at character {pos}")
                value = stack.pop()[0]
            elif kind == "lit":
                value = _JSON_LITERALS[tok]
            else:
                value = json.loads(tok)
        elif expect in ("key", "first-key"):
            if kind == "str":
                stack[-1][1] = json.loads(tok)
                expect = "colon"
                continue
            if tok != "}" or expect != "first-key":
                raise ValueError(f"invalid JSON document at character {pos}")
            value = stack.pop()[0]
        elif expect == "colon":
            if tok != ":":
                raise ValueError(f"invalid JSON document at character {pos}")
            expect = "value"
            continue
        else:  # next: a comma or the end of the open container
            container = stack[-1][0]
            if tok == ",":
                expect = "key" if isinstance(container, dict) else "value"
                continue
            if tok != ("}" if isinstance(container, dict) else "]"):
                raise ValueError(f"invalid JSON document at character {pos}")
            value = stack.pop()[0]
        if not stack:
            if text[pos:].strip(" \t\n\r"):
                raise ValueError(f"extra data in JSON document at character {pos}")
            return value
        top = stack[-1]
        if isinstance(top[0], dict):
            top[0][top[1]] = value
        else:
            top[0].append(value)
        expect = "next"


def json_dumps(value: Any, *, separators: tuple[str, str] | None = None, sort_keys: bool = False,
               default=None) -> str:
    """``json.dumps`` for values of any nesting depth."""
    try:
        return json.dumps(value, separators=separators, sort_keys=sort_keys, default=default)
    except RecursionError:
        pass
    item_sep, key_sep = separators or (", ", ": ")
    out: list[str] = []
    work: list = [value]
    raw = _RawJson
    while work:
        item = work.pop()
        if isinstance(item, raw):
            out.append(item.text)
        elif isinstance(item, Mapping):
            keys = sorted(item) if sort_keys else list(item)
            parts: list = [raw("{")]
            for i, k in enumerate(keys):
                name = k if isinstance(k, str) else json.dumps(k)
                parts += [raw(item_sep)] if i else []
                parts += [raw(json.dumps(name) + key_sep), item[k]]
            parts.append(raw("}"))
            work.extend(reversed(parts))
        elif isinstance(item, (list, tuple)):
            parts = [raw("[")]
            for i, x in enumerate(item):
                parts += [raw(item_sep), x] if i else [x]
            parts.append(raw("]"))
            work.extend(reversed(parts))
        else:
            out.append(json.dumps(item, default=default))
    return "".join(out)


class _RawJson:
    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text


# ---------------------------------------------------------------------------------------------------------
# Timestamptz and Geometry values
# ---------------------------------------------------------------------------------------------------------

def normalize_timestamptz(text: str) -> str:
    """An ISO 8601 timestamp as current Milvus answers it in Query (UTC, the default collection timezone):
    ``2025-01-01T08:00:00+08:00`` → ``2025-01-01T00:00:00Z``, fractions up to microseconds without trailing
    zeros (master util_dql.go timestamptzUTC2IsoStr → FormatTimeMicroWithoutTrailingZeros). A value without an
    offset is read in UTC. ValueError for anything Python's ISO parser refuses (model: master's
    timestamptz.ParseTimeTz was not read)."""
    import datetime as _dt

    raw = text.strip()
    if raw[-1:] in ("Z", "z"):
        raw = raw[:-1] + "+00:00"
    if not raw or len(raw) < 10 or not raw[:4].isdigit():
        raise ValueError(f"not an ISO 8601 timestamp: {text!r}")
    value = _dt.datetime.fromisoformat(raw)
    if value.tzinfo is None:
        value = value.replace(tzinfo=_dt.timezone.utc)
    value = value.astimezone(_dt.timezone.utc)
    out = value.strftime("%Y-%m-%dT%H:%M:%S")
    if value.microsecond:
        out += ("." + f"{value.microsecond:06d}").rstrip("0")
    return out + "Z"


_WKT_TOKEN = re.compile(r"\s*(?:(?P<word>[A-Za-z]+)|(?P<num>[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)|(?P<p>[(),]))")
_WKT_KINDS = ("POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON",
              "GEOMETRYCOLLECTION")


def normalize_wkt(text: str) -> str:
    """A WKT geometry in the normalised form Milvus answers it in (``POINT (1 2)``, ``POLYGON ((0 0, 1 0, 1 1,
    0 0))``, keywords upper case, one space, numbers without exponent or trailing zeros). ValueError for text
    that is no WKT (model: master converts WKT to WKB with common.ConvertWKTToWKB and back for Query; the
    parser's exact acceptance and its error text were not read)."""
    tokens: list[tuple[str, str]] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        m = _WKT_TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            raise ValueError(f"unexpected character at {pos} in WKT {text!r}")
        pos = m.end()
        kind = m.lastgroup
        tokens.append((kind, m.group(kind)))
    it = iter(tokens + [("end", "")])
    cur = [next(it)]

    def take(kind: str, value: str | None = None) -> str:
        k, v = cur[0]
        if k != kind or (value is not None and v.upper() != value):
            raise ValueError(f"WKT: expected {value or kind}, got {v or 'end'!r}")
        cur[0] = next(it, ("end", ""))
        return v

    def num() -> str:
        v = float(take("num"))
        if not math.isfinite(v):
            raise ValueError("WKT: coordinate out of range")
        return np.format_float_positional(v, trim="-")

    def coords(dims: list[int]) -> str:
        parts = [num(), num()]
        while cur[0][0] == "num":
            parts.append(num())
        if dims and dims[0] != len(parts):
            raise ValueError("WKT: mixed coordinate dimensions")
        dims[:] = [len(parts)]
        return " ".join(parts)

    def seq(item) -> str:
        take("p", "(")
        out = [item()]
        while cur[0] == ("p", ","):
            take("p", ",")
            out.append(item())
        take("p", ")")
        return "(" + ", ".join(out) + ")"

    def geometry() -> str:
        kind = take("word").upper()
        if kind not in _WKT_KINDS:
            raise ValueError(f"WKT: unknown geometry type {kind}")
        tag = ""
        if cur[0][0] == "word" and cur[0][1].upper() in ("Z", "M", "ZM"):
            tag = " " + take("word").upper()
        if cur[0][0] == "word" and cur[0][1].upper() == "EMPTY":
            take("word")
            return f"{kind}{tag} EMPTY"
        dims: list[int] = []

        def line() -> str:
            return seq(lambda: coords(dims))

        def point_item() -> str:  # MULTIPOINT members, with or without their own parentheses
            if cur[0] == ("p", "("):
                return seq(lambda: coords(dims))
            return "(" + coords(dims) + ")"

        body = {"POINT": line, "LINESTRING": line, "POLYGON": lambda: seq(line),
                "MULTIPOINT": lambda: seq(point_item), "MULTILINESTRING": lambda: seq(line),
                "MULTIPOLYGON": lambda: seq(lambda: seq(line)), "GEOMETRYCOLLECTION": lambda: seq(geometry)}[kind]()
        if kind == "POINT" and "," in body:
            raise ValueError("WKT: a POINT has one coordinate")
        return f"{kind}{tag} {body}"

    out = geometry()
    take("end")
    return out


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
        return [json_loads(b) for b in scalars.json_data.data]
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

    Null placement: read either full-length (a placeholder at each null: how Query answers scalar columns) or
    compacted (only the valid values: what master's Insert validator requires, fillWithNullValueImpl, and how
    nullable vectors always travel)."""
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


def _placeholder(dtype: int, dim: int | None = None) -> Any:
    if dtype in VECTOR_TYPES:  # a zero vector of the column's dim
        if dtype == DT.SparseFloatVector:
            return {}
        if dtype == DT.BinaryVector:
            return bytes((dim or 0) // 8)
        return np.zeros(dim or 0, dtype=np.float32)
    return {DT.Bool: False, DT.Float: 0.0, DT.Double: 0.0, DT.String: "", DT.VarChar: "", DT.JSON: None,
            DT.Array: [], DT.Geometry: "", DT.Timestamptz: ""}.get(dtype, 0)


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
            v if isinstance(v, bytes) else json_dumps(v, separators=(",", ":")).encode() for v in values)
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
    placeholder value (the form of a Query result's scalar column), or are left out with ``compact_nulls`` (the
    form master's validator reads in an Insert: fillWithNullValueImpl wants one value per valid row; pymilvus
    sends them so). Vector columns are always compact (master keeps nullable vectors compact everywhere)."""
    fd = schema_pb2.FieldData(type=dtype, field_name=name, is_dynamic=is_dynamic, field_id=field_id)
    values = list(values)
    if nullable:
        fd.valid_data.extend(v is not None for v in values)
        if compact_nulls or dtype in VECTOR_TYPES:
            values = [v for v in values if v is not None]
        else:
            values = [_placeholder(dtype, dim) if v is None else v for v in values]
    if dtype in VECTOR_TYPES:
        _fill_vectors(fd.vectors, dtype, values, dim)
    elif dtype in SCALAR_SLOT:
        _fill_scalars(fd.scalars, dtype, values, element_type)
    else:
        raise ValueError(f"unsupported data type {type_name(dtype)}")
    return fd


def column_for_field(field: schema_pb2.FieldSchema, values: Sequence, *, nullable: bool | None = None,
                     **kw) -> schema_pb2.FieldData:
    """A column for ``field`` (``nullable`` defaults to the field's: give valid_data for a defaulted field too)."""
    return make_column(field.name, field.data_type, values, dim=dim_of(field), element_type=field.element_type,
                       nullable=field.nullable if nullable is None else nullable, field_id=field.fieldID, **kw)


def rows_to_fields_data(schema: schema_pb2.CollectionSchema, rows: Sequence[Mapping[str, Any]], *,
                        include_auto_id: bool = False, compact_nulls: bool = True) -> list[schema_pb2.FieldData]:
    """Columnar ``fields_data`` for rows, in schema order. An auto_id primary key is left out unless
    ``include_auto_id``. With ``enable_dynamic_field``, keys that are not schema fields go into ``$meta``. Nulls
    are left out of the data (``compact_nulls``, what master's Insert validator reads) unless told otherwise."""
    out = []
    names = set()
    for field in user_fields(schema):
        names.add(field.name)
        if field.is_primary_key and field.autoID and not include_auto_id:
            continue
        values = [r.get(field.name) for r in rows]
        # a defaulted field carries valid_data when a row leaves it null (pymilvus does so; fillWithValue fills it)
        nullable = field.nullable or (field.HasField("default_value") and any(v is None for v in values))
        out.append(column_for_field(field, values, nullable=nullable, compact_nulls=compact_nulls))
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
    types = {f.name: f.data_type for f in schema.fields} if schema is not None else {}

    def values_of(fd: schema_pb2.FieldData) -> list:
        dtype = types.get(fd.field_name, fd.type)
        if dtype in VECTOR_TYPES and fd.valid_data and _actual_slot(fd) != VECTOR_SLOT[dtype]:
            # an all-null nullable vector column sent in another vector slot: the proxy reads the schema type's
            # (empty) slot, so every row is null
            return [None] * len(fd.valid_data)
        return _normalized(dtype, column_values(fd, element_types.get(fd.field_name)))

    columns = [(fd, values_of(fd)) for fd in fields_data]
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


def _normalized(dtype: int, values: list) -> list:
    """Geometry and Timestamptz values in their stored form (:func:`normalize_wkt`, :func:`normalize_timestamptz`)."""
    norm = {DT.Geometry: normalize_wkt, DT.Timestamptz: normalize_timestamptz}.get(dtype)
    if norm is None:
        return values
    return [None if v is None else norm(v) for v in values]


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
        return len(getattr(v, slot)) // (v.dim * _SLOT_WIDTH[slot])  # by slot: the proxy overrides FieldData.type
    return 0


# ---------------------------------------------------------------------------------------------------------
# Insert validation
# ---------------------------------------------------------------------------------------------------------

# The batch rules are registered checks (conformance.model.rules.insert: code, message, evidence, history);
# RULES maps the short rule names strategies and tests use to them.
RULES = INSERT_RULES
NUMERIC_TYPES = frozenset(INT_TYPES) | {DT.Bool, DT.Float, DT.Double}


class InsertValidationError(MilvusError):
    """A MilvusError raised by an insert-batch rule: ``.rule`` is the short name, ``.check`` the registered
    check it implements."""

    def __init__(self, rule: str, reason: str):
        check = RULES[rule]
        answer = check.answer
        super().__init__(answer.code, reason, legacy=answer.legacy, input_error=answer.input_error,
                         check_id=check.id)
        self.rule = rule
        self.check = check


def _err(rule: str, reason: str) -> InsertValidationError:
    return InsertValidationError(rule, reason)


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


# What each type's per-field check asks for (fieldvalidator validate_util.go: "need ... array").
_NEED = {DT.Int8: "need int array", DT.Int16: "need int array", DT.Int32: "need int array",
         DT.Int64: "need long int array", DT.Float: "need float32 array", DT.Double: "need float64(double) array",
         DT.VarChar: "need string array", DT.String: "need string array", DT.JSON: "need json array",
         DT.Geometry: "need geometry array"}
_VECTOR_WORD = {DT.FloatVector: "float vector", DT.BinaryVector: "binary vector", DT.Float16Vector: "float16 vector",
                DT.BFloat16Vector: "bfloat16 vector", DT.Int8Vector: "int8 vector",
                DT.SparseFloatVector: "sparse float vector"}


def validate_insert(schema: schema_pb2.CollectionSchema, fields_data: Sequence[schema_pb2.FieldData],
                    num_rows: int) -> None:
    """Raise :class:`InsertValidationError` (a MilvusError) for the first rule the batch breaks, in the order of
    master's ``InsertTask.PreExecute``; return ``None`` for a valid batch. Duplicate primary keys are accepted.

    Order (conformance.model.rules.insert): unknown column → num_rows > 0 → duplicate column, each missing
    column in schema order, column count → Array column not in array_data → per-column type / length /
    capacity / range checks and nulls → row counts and dims (CheckAligned) in request order."""
    fields = {f.name: f for f in user_fields(schema)}
    if schema.enable_dynamic_field:  # checkDynamicFieldData: before anything else
        _check_dynamic_rows(fields, fields_data)
    for fd in fields_data:  # util_dml.go checkAndFlattenStructFieldData
        if fd.field_name in fields:
            continue
        dynamic = fd.is_dynamic or fd.field_name == DYNAMIC_FIELD
        if dynamic and schema.enable_dynamic_field:
            continue
        if dynamic:  # verifyDynamicFieldData
            raise _err("unknown_field", "without dynamic schema enabled, the field name cannot be set to $meta: "
                       "invalid parameter")
        raise _err("unknown_field", f"fieldName {fd.field_name} not exist in collection schema, fieldType "
                   f"{type_name(fd.type)}, fieldId {fd.field_id}")

    if num_rows <= 0:  # checkPrimaryFieldData
        raise _err("num_rows_not_positive", f"invalid num_rows: num_rows should be greater than 0, but got "
                   f"{num_rows}: invalid parameter")

    seen: set[str] = set()
    for fd in fields_data:  # checkFieldsDataBySchema: duplicates first
        if fd.field_name in seen:
            raise _err("duplicate_field", f"duplicated field {fd.field_name} found: invalid parameter")
        seen.add(fd.field_name)
    pk = primary_field(schema)
    for field in fields.values():  # then each missing column, in schema order
        if field.name in seen or (field.is_primary_key and field.autoID):
            continue
        if field.nullable or field.HasField("default_value"):
            continue  # filled with an empty column
        rule = "missing_pk" if field.is_primary_key else \
            "missing_numeric_field" if field.data_type in NUMERIC_TYPES else "missing_field"
        raise _err(rule, f"fieldSchema({field.name}) has no corresponding fieldData pass in: invalid parameter")
    if pk is not None and pk.autoID and pk.name in seen:  # then the count: the auto key counts as generated
        expected = len([f for f in fields.values() if not (f.is_primary_key and f.autoID)])
        actual = len([fd for fd in fields_data if fd.field_name in fields])
        raise _err("pk_with_auto_id", f"more fieldData has pass in: invalid parameter[expected={expected}]"
                   f"[actual={actual}]")

    for fd in fields_data:  # fillFieldPropertiesOnly
        field = fields.get(fd.field_name)
        if field is not None and field.data_type == DT.Array and _actual_slot(fd) != "array_data":
            raise _err("wrong_type", f"field convert FieldData_Scalars fail in fieldData, fieldName: {fd.field_name}"
                       ": invalid parameter")

    for fd in fields_data:  # fieldvalidator.Validate: per-column checks, then nulls (fillWithValue)
        field = fields.get(fd.field_name)
        if field is not None:
            _validate_column(field, fd)
    for fd in fields_data:
        field = fields.get(fd.field_name)
        if field is not None:
            _fill_with_value(field, fd, num_rows)

    for fd in fields_data:  # CheckAligned, in request order
        _check_aligned(fields.get(fd.field_name), fd, num_rows)


def _fill_with_value(field: schema_pb2.FieldSchema, fd: schema_pb2.FieldData, num_rows: int) -> None:
    """master fieldvalidator fillWithValue for one column (the model checks, the store fills later): a nullable
    or defaulted column without valid_data counts as all valid; then FillWithNullValue / FillWithDefaultValue:
    valid_data must have num_rows flags (a field neither nullable nor defaulted: none, nullutil.CheckValidData,
    Insert/batch/null-in-non-nullable), and a scalar column carries one value per *valid* row (compact: the
    nulls are left out; fillWithNullValueImpl / fillWithDefaultValueImpl "the length of field is wrong").
    Nullable vectors stay compact: CheckAligned counts their valid rows."""
    flags = list(fd.valid_data)
    defaulted = field.HasField("default_value")
    if (field.nullable or defaulted) and not flags:
        return  # all valid: CheckAligned counts the values
    expected = num_rows if (field.nullable or defaulted) else 0
    if len(flags) != expected:
        reason = (f"the length of valid_data of field({field.name}) is wrong: invalid parameter"
                  f"[expected={expected}][actual={len(flags)}]")
        if not (field.nullable or defaulted):
            raise _err("null_in_non_nullable", reason)
        raise MilvusError(errors.PARAMETER_INVALID, reason)
    if not (field.nullable or defaulted):
        return  # FillWithNullValue stops after CheckValidData for a field that is not nullable
    if _actual_slot(fd) != _expected_slot(field) or field.data_type in VECTOR_TYPES:
        return  # another slot: CheckAligned counts 0 rows of the schema's slot next
    if defaulted and field.data_type == DT.Array:
        raise _wrapped("array type not support default value", "not set default value", "")
    valid = sum(flags)
    n = column_length(fd)
    if n != valid:
        raise NULLS_NOT_COMPACT.error(expected=valid, actual=n)


def _wrapped(message: str, expected: Any, actual: Any) -> MilvusError:
    """merr.WrapErrParameterInvalid(expected, actual, message): 1100 "<message>: invalid parameter[expected=..]
    [actual=..]"."""
    return MilvusError(errors.PARAMETER_INVALID, f"{message}: invalid parameter[expected={expected}][actual={actual}]")


def _check_dynamic_rows(fields: Mapping[str, schema_pb2.FieldSchema],
                        fields_data: Sequence[schema_pb2.FieldData]) -> None:
    """util_dml.go verifyDynamicFieldData: every ``$meta`` row is a JSON object (1100 "invalid dynamic field data,
    only json map is supported"), with neither a "$meta" key nor a static field's name (1100)."""
    for fd in fields_data:
        if not (fd.is_dynamic or fd.field_name == DYNAMIC_FIELD) or fd.field_name in fields:
            continue
        for raw in fd.scalars.json_data.data:
            try:
                row = json_loads(raw)
            except ValueError:
                row = None
            if not isinstance(row, dict):
                raise errors.invalid_parameter("invalid dynamic field data, only json map is supported")
            if DYNAMIC_FIELD in row:
                raise errors.invalid_parameter(f"cannot set json key to: {DYNAMIC_FIELD}")
            clash = next((k for k in row if k in fields), None)
            if clash is not None:
                raise errors.invalid_parameter(f"dynamic field name cannot include the static field name: {clash}")


def _raw_values(fd: schema_pb2.FieldData, slot: str) -> Sequence:
    """The values a column carries in ``slot``, as sent (no valid_data applied: the per-field checks read them so)."""
    return getattr(fd.scalars, slot).data


# What the non-finite check answers per type (typeutil.VerifyFloats32/64 for float columns, VerifyFloats16 /
# VerifyBFloats16 for the half-precision vectors).
_HALF_WORD = {DT.Float16Vector: "float16", DT.BFloat16Vector: "bfloat16"}


def _check_finite(field: schema_pb2.FieldSchema, fd: schema_pb2.FieldData) -> None:
    dtype = field.data_type
    if dtype in (DT.FloatVector, DT.Float, DT.Double):
        data = fd.vectors.float_vector.data if dtype == DT.FloatVector else \
            _raw_values(fd, "float_data" if dtype == DT.Float else "double_data")
        values = np.asarray(data, dtype=np.float64)
        bad = np.flatnonzero(~np.isfinite(values))
        if bad.size:
            v = float(values[bad[0]])
            shown = "NaN" if math.isnan(v) else "+Inf" if v > 0 else "-Inf"  # Go's %f
            raise NAN_OR_INFINITY.error(detail=f"value '{shown}' is not a number", rest="")
    elif dtype in _HALF_WORD:
        raw = getattr(fd.vectors, VECTOR_SLOT[dtype])
        raw = raw[:len(raw) // 2 * 2]
        values = np.frombuffer(raw, dtype="<f2") if dtype == DT.Float16Vector else bfloat16_bytes_to_float(raw)
        if not np.isfinite(values).all():
            raise NAN_OR_INFINITY.error(detail=f"{_HALF_WORD[dtype]} vector contain nan", rest=" value.")


def _check_sparse(field: schema_pb2.FieldSchema, fd: schema_pb2.FieldData) -> None:
    """typeutil.ValidateSparseFloatRows (model: 1100): whole (uint32, float32) pairs, indices strictly increasing
    and below 2^32-1, finite non-negative values."""
    for i, row in enumerate(fd.vectors.sparse_float_vector.contents):
        if len(row) % 8:
            raise errors.invalid_parameter(f"invalid data length in sparse float vector: row {i} has {len(row)} "
                                           "bytes")
        pairs = np.frombuffer(row, dtype=np.dtype([("index", "<u4"), ("value", "<f4")]))
        idx, val = pairs["index"], pairs["value"]
        if idx.size and (np.any(idx[1:] <= idx[:-1]) or idx[-1] == 0xFFFFFFFF):
            raise errors.invalid_parameter(f"sparse float vector row {i}: indices must be strictly increasing and "
                                           "below 4294967295")
        if not np.isfinite(val).all() or np.any(val < 0):
            raise errors.invalid_parameter(f"sparse float vector row {i}: values must be finite and non-negative")


# The word each per-type check puts before "field 'X' is illegal" (master validate_util.go check*FieldData).
_SCALAR_WORD = {DT.VarChar: "varchar ", DT.JSON: "json ", DT.Geometry: "geometry "}


def _validate_column(field: schema_pb2.FieldSchema, fd: schema_pb2.FieldData) -> None:
    """fieldvalidator.Validate's per-type check of one column: the column must be in its type's slot, except
    where master lets it through (Bool has no check; a nullable or defaulted scalar, a nullable vector: the
    empty slot then fails CheckAligned's row count); then NaN/Inf, sparse rows, lengths, capacities, ranges,
    WKT (Geometry) and ISO 8601 (Timestamptz, whatever its nullability)."""
    dtype = field.data_type
    actual = _actual_slot(fd)
    if dtype == DT.Timestamptz:
        _check_timestamptz(field, fd)
        return
    lenient = field.nullable if dtype in VECTOR_TYPES else (field.nullable or field.HasField("default_value"))
    if actual != _expected_slot(field) and dtype != DT.Bool:
        if lenient:
            return
        if dtype in VECTOR_TYPES:
            word = _VECTOR_WORD[dtype]
            raise _err("wrong_type", f"{word} field '{field.name}' is illegal, array type mismatch: invalid "
                       f"parameter[expected=need {word}][actual=got nil]")
        raise _err("wrong_type", f"{_SCALAR_WORD.get(dtype, '')}field '{field.name}' is illegal, array type "
                   f"mismatch: invalid parameter[expected={_NEED.get(dtype, 'need array')}][actual=got nil]")
    if dtype == DT.Geometry:
        for raw in fd.scalars.geometry_wkt_data.data:
            try:
                normalize_wkt(raw)
            except ValueError as exc:
                raise _err("invalid_geometry", f"invalid Geometry data, transform to wkb failed: {exc}: invalid "
                           "parameter") from None
    _check_finite(field, fd)
    if dtype == DT.SparseFloatVector:
        _check_sparse(field, fd)
    if dtype in (DT.VarChar, DT.String):
        max_length = max_length_of(field)
        for i, s in enumerate(_raw_values(fd, "string_data")):
            n = len(s.encode("utf-8", "surrogatepass"))  # the Go string's len(): UTF-8 bytes
            if max_length is not None and n > max_length:
                raise _err("varchar_too_long", f"length of varchar field {field.name} exceeds max length, row "
                           f"number: {i}, length: {n}, max length: {max_length}: invalid parameter")
    if dtype == DT.Array:
        cap = max_capacity_of(field)
        items = list(fd.scalars.array_data.data)
        for i, item in enumerate(items):  # verifyCapacityPerRow, before the element types
            slot = item.WhichOneof("data")
            n = len(getattr(item, slot).data) if slot else 0
            if cap is not None and n > cap:
                raise _err("array_over_capacity", f"the length ({n}) of {i}th array exceeds max capacity ({cap}): "
                           "invalid parameter[expected=valid length array][actual=array length exceeds max capacity]")
        want = SCALAR_SLOT.get(field.element_type)
        for item in items:
            slot = item.WhichOneof("data")
            if slot is not None and slot != want:
                go = "".join(w.capitalize() for w in slot.split("_"))
                raise _err("wrong_type", f"insert data does not match: invalid parameter[expected="
                           f"{type_name(field.element_type).lower()} array][actual=*schemapb.ScalarField_{go} array]")
    if dtype in (DT.Int8, DT.Int16):
        lo, hi = INT_TYPES[dtype]
        for i, v in enumerate(_raw_values(fd, "int_data")):
            if not lo <= v <= hi:
                raise _err("integer_overflow", f"the {i}th element ({v}) out of range: [{lo}, {hi}]: invalid "
                           "parameter[expected=integer doesn't overflow][actual=out of range]")
    if dtype == DT.JSON:
        # Model decision: master's checkJSONFieldData checks only null-ness and the size of a static JSON
        # field (it does not parse it); the model cannot store what it cannot parse, so it rejects it here.
        for raw in fd.scalars.json_data.data:
            try:
                json_loads(raw)
            except ValueError as exc:
                raise _err("wrong_type", f"invalid JSON in field {field.name}: {exc}: invalid parameter") from None


def _check_timestamptz(field: schema_pb2.FieldSchema, fd: schema_pb2.FieldData) -> None:
    """master checkTimestamptzFieldData: the column must be a string array (whatever the field's nullability;
    1100 "timestamptz field data must be a string array"), each string an ISO 8601 time (1100 "got invalid
    timestamptz string ..."); the proxy then stores UTC microseconds."""
    if _actual_slot(fd) != "string_data":
        raise _err("wrong_type", "timestamptz field data must be a string array: invalid parameter")
    for raw in fd.scalars.string_data.data:
        try:
            normalize_timestamptz(raw)
        except ValueError:
            raise _err("invalid_timestamptz", f"got invalid timestamptz string '{raw}': invalid timezone name; must "
                       "be a valid IANA Time Zone ID (e.g., 'Asia/Shanghai' or 'UTC'): invalid parameter") from None


def _check_aligned(field: schema_pb2.FieldSchema | None, fd: schema_pb2.FieldData, num_rows: int) -> None:
    """fieldvalidator CheckAligned for one column: dense vectors' length against the schema dim (a plain
    error, 65535) and VectorField.dim against it (1100; Float/Int8 vectors check the length first,
    Binary/Float16/BFloat16 the dim first), then the row count."""
    dtype = field.data_type if field is not None else fd.type
    expected = num_rows
    if field is not None and dtype in VECTOR_TYPES and field.nullable and fd.valid_data:
        expected = sum(fd.valid_data)  # getExpectedVectorRows: a nullable vector column is compact
    if field is not None and dtype in VECTOR_TYPES and fd.WhichOneof("field") != "vectors":
        n = 0  # GetVectors() == nil
    elif field is not None and dtype == DT.SparseFloatVector and _actual_slot(fd) != "sparse_float_vector":
        n = 0  # GetSparseFloatVector() == nil (a nullable column passed the type check)
    elif field is not None and dtype in DENSE_VECTOR_TYPES:
        dim = dim_of(field) or 0
        v = fd.vectors

        def dim_check() -> None:
            if v.dim != dim:
                raise _err("vector_dim_mismatch", f"the dim ({v.dim}) of field data({field.name}) is not equal to "
                           f"schema dim ({dim}): invalid parameter[expected={dim}][actual={v.dim}]")

        if dtype == DT.FloatVector:
            length = len(v.float_vector.data)
            if dim and length % dim:
                raise _err("wrong_dim", f"the length({length}) of float data should divide the dim({dim})")
            dim_check()
            n = length // dim if dim else 0
        elif dtype == DT.Int8Vector:
            length = len(v.int8_vector)
            if dim and length % dim:
                raise _err("wrong_dim", f"the length({length}) of int8 data should divide the dim({dim})")
            dim_check()
            n = length // dim if dim else 0
        elif dtype == DT.BinaryVector:
            dim_check()
            bits = len(v.binary_vector) * 8
            if dim and bits % dim:
                raise _err("wrong_dim", f"the num({bits}) of all bits should divide the dim({dim})")
            n = bits // dim if dim else 0
        else:
            dim_check()
            length = len(getattr(v, VECTOR_SLOT[dtype]))
            width = _BYTES_PER_DIM[dtype]
            word = {DT.Float16Vector: "float16", DT.BFloat16Vector: "bfloat16"}[dtype]
            if dim and length % (dim * width):
                raise _err("wrong_dim", f"the length({length}) of {word} data should divide the dim({dim})")
            n = length // (dim * width) if dim else 0
    elif field is not None and dtype not in VECTOR_TYPES and _actual_slot(fd) != _expected_slot(field):
        n = 0  # GetNumRowOfFieldDataWithSchema reads the schema type's slot (a Bool column sent elsewhere)
    else:
        n = column_length(fd)
        if fd.valid_data and len(fd.valid_data) != n and dtype not in VECTOR_TYPES:
            n = len(fd.valid_data)  # after fillWithValue a nullable scalar column holds a value per row
    if n != expected:
        name = fd.field_name
        raise _err("num_rows_mismatch", f"the num_rows ({n}) of field ({name}) is not equal to passed num_rows "
                   f"({num_rows}): invalid parameter[expected={num_rows}][actual={n}]")
