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

DT = schema_pb2.DataType

_INT_BOUNDS = {DT.Int8: (-(2**7), 2**7 - 1), DT.Int16: (-(2**15), 2**15 - 1), DT.Int32: (-(2**31), 2**31 - 1),
               DT.Int64: (-(2**63), 2**63 - 1)}
_json_scalars = st.none() | st.booleans() | st.integers(-(2**53), 2**53) | \
    st.floats(allow_nan=False, allow_infinity=False, width=64) | st.text(max_size=8)
json_values = st.recursive(_json_scalars, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=6)
json_objects = st.dictionaries(st.text(min_size=1, max_size=5), json_values, max_size=3)


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


def defects(schema: schema_pb2.CollectionSchema) -> list[str]:
    """The rules a batch for ``schema`` can be made to break."""
    out = ["num_rows_mismatch", "duplicate_field", "unknown_field"]
    fields = d.user_fields(schema)
    pk = d.primary_field(schema)
    if pk is not None:
        out.append("pk_with_auto_id" if pk.autoID else "missing_pk")
    if any(not f.is_primary_key and not f.nullable and not f.HasField("default_value") for f in fields):
        out.append("missing_field")
    if any(f.data_type in d.DENSE_VECTOR_TYPES for f in fields):
        out.append("wrong_dim")
    if any(f.data_type == DT.VarChar and not f.is_primary_key for f in fields):
        out.append("varchar_too_long")
    if any(f.data_type == DT.Array for f in fields):
        out.append("array_over_capacity")
    if schema.enable_dynamic_field:
        out.remove("unknown_field")
    return out


@st.composite
def invalid_batches(draw, schema: schema_pb2.CollectionSchema, rule: str | None = None) -> InvalidBatch:
    rows = draw(valid_rows(schema, 1, 4))
    n = len(rows)
    fields_data = list(d.rows_to_fields_data(schema, rows))
    user = [f for f in d.user_fields(schema) if not (f.is_primary_key and f.autoID)]
    rule = rule or draw(st.sampled_from(defects(schema)))
    num_rows = n
    if rule == "num_rows_mismatch":
        num_rows = n + draw(st.integers(1, 3))
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
    elif rule == "missing_field":
        cands = [f for f in user if not f.is_primary_key and not f.nullable and not f.HasField("default_value")]
        victim = draw(st.sampled_from(cands))
        fields_data = [fd for fd in fields_data if fd.field_name != victim.name]
    elif rule == "wrong_dim":
        f = draw(st.sampled_from([f for f in user if f.data_type in d.DENSE_VECTOR_TYPES]))
        i, fd = _column(fields_data, f.name)
        fd = schema_pb2.FieldData()
        fd.CopyFrom(fields_data[i])
        v = fd.vectors
        if f.data_type == DT.FloatVector:
            v.float_vector.data.append(0.5)
        elif f.data_type == DT.BinaryVector:
            v.binary_vector = v.binary_vector + b"\x01"
        else:
            slot = d.VECTOR_SLOT[f.data_type]
            setattr(v, slot, getattr(v, slot) + b"\x01")
        fields_data[i] = fd
    elif rule == "varchar_too_long":
        f = draw(st.sampled_from([f for f in user if f.data_type == DT.VarChar and not f.is_primary_key]))
        i, fd = _column(fields_data, f.name)
        limit = d.max_length_of(f) or 65535
        values = d.column_values(fd)
        r = draw(st.integers(0, n - 1))
        values[r] = "x" * (limit + 1)
        fields_data[i] = d.column_for_field(f, values)
    elif rule == "array_over_capacity":
        f = draw(st.sampled_from([f for f in user if f.data_type == DT.Array]))
        i, fd = _column(fields_data, f.name)
        cap = d.max_capacity_of(f) or 4096
        values = d.column_values(fd, f.element_type)
        r = draw(st.integers(0, n - 1))
        values[r] = [draw(scalar_values(f.element_type, d.max_length_of(f)))] * (cap + 1)
        fields_data[i] = d.column_for_field(f, values)
    else:
        raise ValueError(f"unknown rule {rule}")
    if rule == "missing_field":
        gone = {f.name for f in user} - {fd.field_name for fd in fields_data}
        if any(f.name in gone and f.data_type in d.NUMERIC_TYPES for f in user):
            rule = "missing_numeric_field"  # 2.3.5 answered these with a plain error (the check's history)
    return InvalidBatch(insert_request(schema, fields_data, num_rows), rule, d.RULES[rule])
