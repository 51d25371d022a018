"""UpsertRequest.field_ops (FieldPartialUpdateOp: REPLACE, ARRAY_APPEND, ARRAY_REMOVE in the pinned protocol) as
current Milvus applies them (master internal/proxy/dml/task_upsert_partial_op.go resolveFieldPartialUpdateOps, and
the merge it plans):

- Validation, in master's order, before anything is read: a fields_data column given twice; then per op an empty
  field_name (1101), a field named twice, REPLACE (accepted, nothing else checked), the primary key, a field the
  schema lacks, a non-Array field, an op value the server does not know, a field absent from fields_data, a
  payload that is not ArrayData, an element type other than the field's, an ARRAY_APPEND row longer than
  max_capacity on its own (each 1100 ``Upsert/field-ops/invalid`` but the first op rule, 1101
  ``Upsert/field-ops/missing-field-name``).
- A non-REPLACE op turns the request into a partial update (partial_update need not be set).
- Merge, per row of a stored key: ARRAY_APPEND = stored elements then the payload's (duplicates and order kept);
  ARRAY_REMOVE = the stored elements equal to none of the payload's (every match removed; float equality is
  IEEE, NaN matches nothing); a null payload row leaves the stored value; a null stored value takes the appended
  payload, and stays null under ARRAY_REMOVE (model decision). A new key takes the payload as sent (model
  decision: master merges found rows only). The merged batch goes through the Insert validator, so a merged
  array longer than max_capacity is refused as an Insert's would be (master re-checks it in ApplyArrayRowOp; that
  message was not read).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..protocol import schema_pb2
from . import data as dm
from .rules import rules

DT = schema_pb2.DataType
OP = schema_pb2.FieldPartialUpdateOp


def _op_name(op: int) -> str:
    try:
        return OP.OpType.Name(op)
    except ValueError:
        return str(op)


def _invalid(reason: str):
    return rules.get("Upsert/field-ops/invalid").error(reason=f"{reason}: invalid parameter")


def _row_len(row: schema_pb2.ScalarField) -> int:
    kind = row.WhichOneof("data")
    return len(getattr(row, kind).data) if kind is not None else 0


def resolve(request, schema: schema_pb2.CollectionSchema) -> dict[str, int]:
    """The request's array ops {field: ARRAY_APPEND | ARRAY_REMOVE}, checked as master's
    resolveFieldPartialUpdateOps checks them (raises the registered refusals)."""
    if not request.field_ops:
        return {}
    by_name: dict[str, schema_pb2.FieldData] = {}
    for fd in request.fields_data:
        if fd.field_name in by_name:
            raise _invalid(f"duplicate fields_data entry for field \"{fd.field_name}\"")
        by_name[fd.field_name] = fd
    fields = {f.name: f for f in schema.fields}
    seen: set[str] = set()
    ops: dict[str, int] = {}
    for entry in request.field_ops:
        name, op = entry.field_name, entry.op
        if not name:
            raise rules.get("Upsert/field-ops/missing-field-name").error()
        if name in seen:
            raise _invalid(f"duplicate partial-update op for field \"{name}\"")
        seen.add(name)
        if op == OP.REPLACE:
            continue
        if name in fields and fields[name].is_primary_key:
            raise _invalid(f"field \"{name}\" is the primary key and cannot carry a partial-update op")
        field = fields.get(name)
        if field is None:
            raise _invalid(f"field \"{name}\" not found in collection schema")
        if op not in (OP.ARRAY_APPEND, OP.ARRAY_REMOVE):
            raise _invalid(f"unsupported partial update op: {_op_name(op)}")
        if field.data_type != DT.Array:
            raise _invalid(f"op {_op_name(op)} requires Array field, but field \"{name}\" is "
                           f"{DT.Name(field.data_type)}")
        fd = by_name.get(name)
        if fd is None:
            raise _invalid(f"partial-update op targets field \"{name}\" not present in fields_data")
        if fd.WhichOneof("field") != "scalars" or fd.scalars.WhichOneof("data") != "array_data":
            raise _invalid(f"partial-update op field \"{name}\" payload is not an Array")
        got = fd.scalars.array_data.element_type
        if got != DT.Value("None") and got != field.element_type:
            raise _invalid(f"field \"{name}\" expects element type {DT.Name(field.element_type)} but request "
                           f"provides {DT.Name(got)}")
        if op == OP.ARRAY_APPEND:
            cap = _max_capacity(field)
            if cap >= 0:
                for i, row in enumerate(fd.scalars.array_data.data):
                    if _row_len(row) > cap:
                        raise _invalid(f"ARRAY_APPEND payload for field \"{name}\" row {i} has length "
                                       f"{_row_len(row)} exceeding max_capacity {cap}")
        ops[name] = op
    return ops


def _max_capacity(field: schema_pb2.FieldSchema) -> int:
    """max_capacity, or -1 when absent or malformed (master's "no capacity gate")."""
    for kv in field.type_params:
        if kv.key == "max_capacity":
            try:
                return int(kv.value)
            except ValueError:
                return -1
    return -1


def apply(op: int, stored: Sequence | None, payload: Sequence | None) -> list | None:
    """One row's merged array (see the module docstring)."""
    if payload is None:
        return None if stored is None else list(stored)
    if op == OP.ARRAY_APPEND:
        return list(stored or []) + list(payload)
    if stored is None:
        return None
    return [e for e in stored if not any(e == p for p in payload)]


def merged_columns(fields_data: Sequence[schema_pb2.FieldData], ops: Mapping[str, int], schema,
                   keys: Sequence[Any], existing: Mapping[Any, Any]) -> list[schema_pb2.FieldData]:
    """``fields_data`` with each op field's column replaced by the merged values (stored rows by key in
    ``existing``: objects with ``.values``)."""
    if not ops:
        return list(fields_data)
    by_field = {f.name: f for f in schema.fields}
    out = []
    for fd in fields_data:
        op = ops.get(fd.field_name)
        if op is None:
            out.append(fd)
            continue
        f = by_field[fd.field_name]
        payload = dm.column_values(fd, f.element_type)
        values = [apply(op, existing[k].values.get(f.name) if k in existing else None, p) if k in existing else p
                  for k, p in zip(keys, payload, strict=False)]
        out.append(dm.make_column(f.name, DT.Array, values, element_type=f.element_type,
                                  nullable=f.nullable or any(v is None for v in values), field_id=f.fieldID,
                                  compact_nulls=True))
    return out
