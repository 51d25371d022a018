"""Hypothesis strategies for insert batches of a given CollectionSchema: valid batches, and single-defect invalid
batches labelled with the rule broken and its registered check (``Insert/batch/...``: what current Milvus
answers, with history and evidence; conformance.model.rules.insert, applied by :mod:`conformance.model.data`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from hypothesis import strategies as st

from ..model import data as d
from ..model.rules import Check
from ..protocol import milvus_pb2, schema_pb2
from ._cache import memoized

DT = schema_pb2.DataType

_INT_BOUNDS = {DT.Int8: (-(2**7), 2**7 - 1), DT.Int16: (-(2**15), 2**15 - 1), DT.Int32: (-(2**31), 2**31 - 1),
               DT.Int64: (-(2**63), 2**63 - 1)}
_json_scalars = st.none() | st.booleans() | st.integers(-(2**53), 2**53) | \
    st.floats(allow_nan=False, allow_infinity=False, width=64) | st.text(max_size=8)
json_values = st.recursive(_json_scalars, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=6)
json_objects = st.dictionaries(st.text(min_size=1, max_size=5), json_values, max_size=3)


@memoized
def scalar_values(dtype: int, max_length: int | None = None) -> st.SearchStrategy:
    if dtype == DT.Bool:
        return st.booleans()
    if dtype in _INT_BOUNDS:
        lo, hi = _INT_BOUNDS[dtype]
        return st.integers(lo, hi)
    if dtype == DT.Float:
        return st.floats(allow_nan=False, allow_infinity=False, width=32)
    if dtype == DT.Double:
        return st.floats(allow_nan=False, allow_infinity=False)
    if dtype in (DT.VarChar, DT.String):
        limit = max_length if max_length is not None else 64
        # max_length counts UTF-8 bytes (Go len() of the string, see model.data); keep strings within it.
        return st.text(max_size=limit).filter(lambda s: len(s.encode()) <= limit)
    if dtype == DT.JSON:
        return json_values
    raise ValueError(f"no scalar strategy for {d.type_name(dtype)}")


@memoized
def value_for_field(field: schema_pb2.FieldSchema) -> st.SearchStrategy:
    dtype = field.data_type
    dim = d.dim_of(field) or 0
    if dtype == DT.FloatVector:
        base = st.lists(st.floats(-1e3, 1e3, width=32), min_size=dim, max_size=dim).map(
            lambda v: np.asarray(v, dtype=np.float32))
    elif dtype == DT.Float16Vector:
        base = st.lists(st.floats(-1e3, 1e3, width=16), min_size=dim, max_size=dim).map(
            lambda v: np.asarray(v, dtype=np.float16))
    elif dtype == DT.BFloat16Vector:
        base = st.lists(st.integers(-256, 256), min_size=dim, max_size=dim).map(
            lambda v: np.asarray(v, dtype=np.float32))  # small integers are exact in bfloat16
    elif dtype == DT.Int8Vector:
        base = st.lists(st.integers(-128, 127), min_size=dim, max_size=dim).map(lambda v: np.asarray(v, np.int8))
    elif dtype == DT.BinaryVector:
        base = st.binary(min_size=dim // 8, max_size=dim // 8)
    elif dtype == DT.SparseFloatVector:
        base = st.dictionaries(st.integers(0, 2**32 - 2), st.floats(0.125, 100, width=32), min_size=1, max_size=6)
    elif dtype == DT.Array:
        cap = d.max_capacity_of(field) or 4
        base = st.lists(scalar_values(field.element_type, d.max_length_of(field)), max_size=cap)
    else:
        base = scalar_values(dtype, d.max_length_of(field))
    return st.none() | base if field.nullable else base


@memoized
@st.composite
def valid_rows(draw, schema: schema_pb2.CollectionSchema, min_rows: int = 1, max_rows: int = 5) -> list[dict]:
    n = draw(st.integers(min_rows, max_rows))
    rows: list[dict[str, Any]] = [{} for _ in range(n)]
    for field in d.user_fields(schema):
        if field.is_primary_key and field.autoID:
            continue
        for row in rows:
            row[field.name] = draw(value_for_field(field))
    if schema.enable_dynamic_field:
        for row in rows:
            extra = draw(json_objects)
            row.update({k: v for k, v in extra.items() if k not in {f.name for f in schema.fields}
                        and k != d.DYNAMIC_FIELD})
    return rows


def insert_request(schema: schema_pb2.CollectionSchema, fields_data, num_rows: int) -> milvus_pb2.InsertRequest:
    return milvus_pb2.InsertRequest(collection_name=schema.name, fields_data=fields_data, num_rows=num_rows)


@memoized
@st.composite
def valid_batches(draw, schema: schema_pb2.CollectionSchema, min_rows: int = 1,
                  max_rows: int = 5) -> milvus_pb2.InsertRequest:
    rows = draw(valid_rows(schema, min_rows, max_rows))
    return insert_request(schema, d.rows_to_fields_data(schema, rows), len(rows))


@dataclass(frozen=True)
class InvalidBatch:
    request: milvus_pb2.InsertRequest
    name: str  # the model's short rule name (model.data.RULES)
    rule: Check  # the registered check: what Milvus answers, with its history and evidence

    def __repr__(self) -> str:  # keep falsifying examples short
        return f"InvalidBatch({self.name}, {self.rule.id}, num_rows={self.request.num_rows})"


def _column(fields_data, name):
    for i, fd in enumerate(fields_data):
        if fd.field_name == name:
            return i, fd
    return None, None


_NULLABLE_TYPES = (DT.Bool, DT.Int8, DT.Int16, DT.Int32, DT.Int64, DT.Float, DT.Double, DT.VarChar)
_RETYPABLE = (DT.Int8, DT.Int16, DT.Int32, DT.Int64, DT.Float, DT.Double, DT.VarChar, DT.Array)


def _required(fields) -> list[schema_pb2.FieldSchema]:
    """Fields a batch must carry a column for (not the primary key, not nullable, no default value)."""
    return [f for f in fields if not f.is_primary_key and not f.nullable and not f.HasField("default_value")]


def _candidates(rule: str, schema: schema_pb2.CollectionSchema) -> list[schema_pb2.FieldSchema]:
    """The fields a per-field defect can be applied to."""
    fields = d.user_fields(schema)
    if rule == "missing_field":
        return [f for f in _required(fields) if f.data_type not in d.NUMERIC_TYPES]
    if rule == "missing_numeric_field":
        return [f for f in _required(fields) if f.data_type in d.NUMERIC_TYPES]
    if rule in ("wrong_dim", "vector_dim_mismatch"):
        return [f for f in fields if f.data_type in d.DENSE_VECTOR_TYPES]
    if rule == "varchar_too_long":
        return [f for f in fields if f.data_type == DT.VarChar and not f.is_primary_key]
    if rule == "array_over_capacity":
        return [f for f in fields if f.data_type == DT.Array]
    if rule == "wrong_type":  # Bool has no per-type check, JSON no slot check: neither is sent in a wrong slot; a
        # nullable or defaulted field skips the check (its empty slot fails the row count instead)
        return [f for f in fields if f.data_type in _RETYPABLE and not f.is_primary_key and not f.nullable
                and not f.HasField("default_value")]
    if rule == "integer_overflow":
        return [f for f in fields if f.data_type in (DT.Int8, DT.Int16)]
    if rule == "null_in_non_nullable":
        return [f for f in fields if f.data_type in _NULLABLE_TYPES and not f.is_primary_key and not f.nullable]
    raise ValueError(rule)


_PER_FIELD = ("missing_field", "missing_numeric_field", "wrong_dim", "vector_dim_mismatch", "varchar_too_long",
              "array_over_capacity", "wrong_type", "integer_overflow", "null_in_non_nullable")


def defects(schema: schema_pb2.CollectionSchema) -> list[str]:
    """The rules a batch for ``schema`` can be made to break (every one of ``model.data.RULES`` the schema has
    a field for)."""
    out = ["num_rows_mismatch", "num_rows_not_positive", "duplicate_field"]
    if not schema.enable_dynamic_field:
        out.append("unknown_field")
    pk = d.primary_field(schema)
    if pk is not None:
        out.append("pk_with_auto_id" if pk.autoID else "missing_pk")
    out += [rule for rule in _PER_FIELD if _candidates(rule, schema)]
    return out


def _wrong_slot(field: schema_pb2.FieldSchema, n: int) -> schema_pb2.FieldData:
    """A column of ``n`` values in a ScalarField slot that is not the field's: strings for numbers, longs for
    VarChar and Array."""
    fd = schema_pb2.FieldData(type=field.data_type, field_name=field.name, field_id=field.fieldID)
    if field.data_type in (DT.VarChar, DT.Array):
        fd.scalars.long_data.data.extend([0] * n)
    else:
        fd.scalars.string_data.data.extend(["x"] * n)
    return fd


@memoized
@st.composite
def invalid_batches(draw, schema: schema_pb2.CollectionSchema, rule: str | None = None) -> InvalidBatch:
    """A batch for ``schema`` breaking exactly one rule (``rule``, or one drawn from :func:`defects`)."""
    rows = draw(valid_rows(schema, 1, 4))
    n = len(rows)
    fields_data = list(d.rows_to_fields_data(schema, rows))
    possible = defects(schema)
    if rule is not None and rule not in possible:
        raise ValueError(f"a batch for {schema.name!r} cannot break {rule!r} (possible: {possible})")
    rule = rule or draw(st.sampled_from(possible))
    target = draw(st.sampled_from(_candidates(rule, schema))) if rule in _PER_FIELD else None
    num_rows = n
    if rule == "num_rows_mismatch":
        if any(fd.valid_data for fd in fields_data):
            # a nullable column's valid_data must have num_rows flags (fillWithValue, before CheckAligned): keep
            # num_rows and send one column a row short instead
            plain = [fd for fd in fields_data if not fd.valid_data and not fd.is_dynamic]
            i, fd = _column(fields_data, plain[0].field_name)
            field = next(f for f in schema.fields if f.name == fd.field_name)
            fields_data[i] = d.column_for_field(field, d.column_values(fd, field.element_type)[:-1])
        else:
            num_rows = n + draw(st.integers(1, 3))
    elif rule == "num_rows_not_positive":
        num_rows = 0  # InsertRequest.num_rows is a uint32: 0 is the only value not positive
    elif rule == "duplicate_field":
        i = draw(st.integers(0, len(fields_data) - 1))
        fields_data.append(fields_data[i])
    elif rule == "unknown_field":
        fields_data.append(d.make_column("mc_unknown_zz", DT.Int64, list(range(n))))
    elif rule == "pk_with_auto_id":
        pk = d.primary_field(schema)
        fields_data.insert(0, d.make_column(pk.name, pk.data_type, list(range(n)) if pk.data_type == DT.Int64
                                            else [str(i) for i in range(n)]))
    elif rule == "missing_pk":
        pk = d.primary_field(schema)
        fields_data = [fd for fd in fields_data if fd.field_name != pk.name]
    elif rule in ("missing_field", "missing_numeric_field"):
        fields_data = [fd for fd in fields_data if fd.field_name != target.name]
    elif rule == "wrong_dim":
        i, fd = _column(fields_data, target.name)
        fd = schema_pb2.FieldData()
        fd.CopyFrom(fields_data[i])
        v = fd.vectors
        if target.data_type == DT.FloatVector:
            v.float_vector.data.append(0.5)
        elif target.data_type == DT.BinaryVector:
            v.binary_vector = v.binary_vector + b"\x01"
        else:
            slot = d.VECTOR_SLOT[target.data_type]
            setattr(v, slot, getattr(v, slot) + b"\x01")
        fields_data[i] = fd
    elif rule == "vector_dim_mismatch":
        i, fd = _column(fields_data, target.name)
        fd = schema_pb2.FieldData()
        fd.CopyFrom(fields_data[i])
        dim = d.dim_of(target) or 0
        fd.vectors.dim = draw(st.sampled_from([0, dim * 2, dim + 8]).filter(lambda x: x != dim))
        fields_data[i] = fd
    elif rule == "varchar_too_long":
        i, fd = _column(fields_data, target.name)
        limit = d.max_length_of(target) or 65535
        values = d.column_values(fd)
        r = draw(st.integers(0, n - 1))
        values[r] = "x" * (limit + 1)
        fields_data[i] = d.column_for_field(target, values)
    elif rule == "array_over_capacity":
        i, fd = _column(fields_data, target.name)
        cap = d.max_capacity_of(target) or 4096
        values = d.column_values(fd, target.element_type)
        r = draw(st.integers(0, n - 1))
        values[r] = [draw(scalar_values(target.element_type, d.max_length_of(target)))] * (cap + 1)
        fields_data[i] = d.column_for_field(target, values)
    elif rule == "wrong_type":
        i, _ = _column(fields_data, target.name)
        fields_data[i] = _wrong_slot(target, n)
    elif rule == "integer_overflow":
        i, fd = _column(fields_data, target.name)
        lo, hi = _INT_BOUNDS[target.data_type]
        values = d.column_values(fd)
        values[draw(st.integers(0, n - 1))] = draw(st.one_of(st.integers(hi + 1, 2**31 - 1),
                                                             st.integers(-(2**31), lo - 1)))
        fields_data[i] = d.column_for_field(target, values)
    elif rule == "null_in_non_nullable":
        i, fd = _column(fields_data, target.name)
        fd = schema_pb2.FieldData()
        fd.CopyFrom(fields_data[i])
        nulls = draw(st.lists(st.booleans(), min_size=n, max_size=n).filter(any))
        fd.valid_data.extend(not null for null in nulls)  # every value still sent (full-length column)
        fields_data[i] = fd
    else:
        raise ValueError(f"unknown rule {rule}")
    return InvalidBatch(insert_request(schema, fields_data, num_rows), rule, d.RULES[rule])
