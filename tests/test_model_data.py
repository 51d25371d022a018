"""FieldData <-> rows round trips for every type, insert validation (master's rules and order, each a
registered Insert/batch/... check), and the insert-batch strategies checked against the validator."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conformance.model import data as d
from conformance.model import errors
from conformance.protocol import common_pb2, schema_pb2
from conformance.strategies import data as sd

DT = schema_pb2.DataType


def field(name, dtype, pk=False, auto=False, nullable=False, elem=0, **tp):
    f = schema_pb2.FieldSchema(name=name, data_type=dtype, is_primary_key=pk, autoID=auto, nullable=nullable,
                               element_type=elem)
    for k, v in tp.items():
        f.type_params.append(common_pb2.KeyValuePair(key=k, value=str(v)))
    return f


ALL = schema_pb2.CollectionSchema(name="all", enable_dynamic_field=True, fields=[
    field("id", DT.Int64, pk=True), field("b", DT.Bool), field("i8", DT.Int8), field("i16", DT.Int16),
    field("i32", DT.Int32), field("fl", DT.Float), field("db", DT.Double), field("s", DT.VarChar, max_length=8),
    field("j", DT.JSON), field("arr", DT.Array, elem=DT.VarChar, max_capacity=3, max_length=4),
    field("fv", DT.FloatVector, dim=4), field("bv", DT.BinaryVector, dim=16), field("hv", DT.Float16Vector, dim=3),
    field("bf", DT.BFloat16Vector, dim=3), field("iv", DT.Int8Vector, dim=2), field("sp", DT.SparseFloatVector),
    field("nn", DT.Int64, nullable=True)])

SIMPLE = schema_pb2.CollectionSchema(name="simple", fields=[
    field("id", DT.Int64, pk=True), field("vec", DT.FloatVector, dim=4), field("n", DT.Int32),
    field("s", DT.VarChar, max_length=5), field("a", DT.Array, elem=DT.Int64, max_capacity=2), field("j", DT.JSON)])
AUTO = schema_pb2.CollectionSchema(name="auto", fields=[field("id", DT.Int64, pk=True, auto=True),
                                                         field("vec", DT.FloatVector, dim=4)])


def _eq(a, b):
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.array_equal(np.asarray(a), np.asarray(b))
    if isinstance(a, dict) and isinstance(b, dict) and a and isinstance(next(iter(a)), int):
        return a.keys() == b.keys() and all(np.float32(a[k]) == np.float32(b[k]) for k in a)
    return a == b


def _rows_equal(want, got):
    assert len(want) == len(got)
    for w, g in zip(want, got, strict=True):
        assert set(w) == set(g), (set(w) ^ set(g))
        for k in w:
            assert _eq(w[k], g[k]), (k, w[k], g[k])


def test_sparse_encoding_is_le_uint32_float32_pairs():
    raw = d.encode_sparse({5: 1.5, 1: 2.0})
    assert raw == bytes.fromhex("01000000") + np.float32(2.0).tobytes() + bytes.fromhex("05000000") + \
        np.float32(1.5).tobytes()
    assert d.decode_sparse(raw) == {1: 2.0, 5: 1.5}


def test_bfloat16_round_trip():
    v = np.asarray([1.0, -2.5, 2.0**100, 0.0], dtype=np.float32)  # bfloat16-exact values
    assert d.bfloat16_bytes_to_float(d.float_to_bfloat16_bytes(np.float32([1.00390625 + 2**-9]))) == np.float32(1.0078125)
    assert np.array_equal(d.bfloat16_bytes_to_float(d.float_to_bfloat16_bytes(v)), v.astype(np.float32))


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(sd.valid_rows(ALL, 1, 4), st.booleans())
def test_round_trip_every_type(rows, compact):
    """Compact nulls (what master's validator reads) pass and read back; full-length scalar columns with a
    placeholder per null (the Query-result form) are refused as an Insert ("the length of field is wrong") but
    still read back."""
    cols = d.rows_to_fields_data(ALL, rows, compact_nulls=compact)
    nulls = any(r.get(f.name) is None for r in rows for f in ALL.fields if f.nullable and f.data_type in d.SCALAR_TYPES)
    if compact or not nulls:
        d.validate_insert(ALL, cols, len(rows))
    else:
        with pytest.raises(d.MilvusError) as info:
            d.validate_insert(ALL, cols, len(rows))
        assert info.value.code == 1100 and "the length of field is wrong" in info.value.reason
    back = d.fields_data_to_rows(cols, len(rows), schema=ALL)
    want = [{k: (np.float32(v).item() if k == "fl" else v) for k, v in r.items()} for r in rows]
    _rows_equal(want, back)


def test_dynamic_field_goes_to_meta():
    rows = [{"id": 1, "vec": np.zeros(4, np.float32), "extra": {"a": 1}}]
    schema = schema_pb2.CollectionSchema(name="dyn", enable_dynamic_field=True, fields=list(SIMPLE.fields)[:2])
    cols = d.rows_to_fields_data(schema, rows)
    meta = [c for c in cols if c.field_name == "$meta"][0]
    assert meta.is_dynamic and meta.type == DT.JSON
    assert d.fields_data_to_rows(cols)[0]["extra"] == {"a": 1}
    assert "$meta" in d.fields_data_to_rows(cols, expand_dynamic=False)[0]


def _valid_simple(n=2):
    rows = [{"id": i, "vec": np.full(4, 0.5, np.float32), "n": 1, "s": "ab", "a": [1], "j": {"k": 1}} for i in range(n)]
    return d.rows_to_fields_data(SIMPLE, rows)


def _raises(schema, cols, num_rows, rule, code, text=None):
    with pytest.raises(d.InsertValidationError) as info:
        d.validate_insert(schema, cols, num_rows)
    err = info.value
    assert err.rule == rule
    assert err.code == code
    assert err.check is d.RULES[rule] and err.check_id == f"Insert/batch/{rule.replace('_', '-')}"
    assert (err.legacy, err.input_error) == (err.check.answer.legacy_code, err.check.answer.input_error)
    if text:
        assert err.reason == text
    return err


def test_validation_rules_match_master():
    d.validate_insert(SIMPLE, _valid_simple(), 2)
    cols = _valid_simple()
    # CheckAligned, in request order
    _raises(SIMPLE, cols, 5, "num_rows_mismatch", 1100,
            "the num_rows (2) of field (id) is not equal to passed num_rows (5): invalid parameter[expected=5][actual=2]")
    _raises(SIMPLE, cols, 0, "num_rows_not_positive", 1100)

    def without(name):
        return [c for c in cols if c.field_name != name]

    # checkFieldsDataBySchema: every missing column answers 1100 with one message, whatever its type
    _raises(SIMPLE, without("id"), 2, "missing_pk", 1100,
            "fieldSchema(id) has no corresponding fieldData pass in: invalid parameter")
    _raises(SIMPLE, without("vec"), 2, "missing_field", 1100,
            "fieldSchema(vec) has no corresponding fieldData pass in: invalid parameter")
    _raises(SIMPLE, without("n"), 2, "missing_numeric_field", 1100,
            "fieldSchema(n) has no corresponding fieldData pass in: invalid parameter")
    _raises(SIMPLE, without("s"), 2, "missing_field", 1100,
            "fieldSchema(s) has no corresponding fieldData pass in: invalid parameter")
    _raises(SIMPLE, without("a"), 2, "missing_field", 1100,
            "fieldSchema(a) has no corresponding fieldData pass in: invalid parameter")
    # ... after a repeated column, and after an unknown one (checkAndFlattenStructFieldData comes first)
    _raises(SIMPLE, cols + [cols[2]], 2, "duplicate_field", 1100, "duplicated field n found: invalid parameter")
    _raises(SIMPLE, without("s") + [cols[2]], 2, "duplicate_field", 1100)
    _raises(SIMPLE, cols + [d.make_column("zz", DT.Int64, [1, 2])], 2, "unknown_field", 1100,
            "fieldName zz not exist in collection schema, fieldType Int64, fieldId 0")
    _raises(SIMPLE, without("id") + [d.make_column("zz", DT.Int64, [1, 2])], 2, "unknown_field", 1100)
    # the VarChar length counts UTF-8 bytes
    long_s = [c if c.field_name != "s" else d.make_column("s", DT.VarChar, ["ab", "ééé"]) for c in cols]
    _raises(SIMPLE, long_s, 2, "varchar_too_long", 1100,
            "length of varchar field s exceeds max length, row number: 1, length: 6, max length: 5: invalid parameter")
    ok_s = [c if c.field_name != "s" else d.make_column("s", DT.VarChar, ["ab", "abcde"]) for c in cols]
    d.validate_insert(SIMPLE, ok_s, 2)
    big_a = [c if c.field_name != "a" else d.make_column("a", DT.Array, [[1, 2, 3], [1]], element_type=DT.Int64)
             for c in cols]
    _raises(SIMPLE, big_a, 2, "array_over_capacity", 1100,
            "the length (3) of 0th array exceeds max capacity (2): invalid parameter[expected=valid length array]"
            "[actual=array length exceeds max capacity]")
    wrong_elem = [c if c.field_name != "a" else d.make_column("a", DT.Array, [[1], [1]], element_type=DT.Int32)
                  for c in cols]
    _raises(SIMPLE, wrong_elem, 2, "wrong_type", 1100,
            "insert data does not match: invalid parameter[expected=int64 array][actual=*schemapb.ScalarField_IntData "
            "array]")
    # capacity before element type
    both = [c if c.field_name != "a" else d.make_column("a", DT.Array, [[1, 2, 3], [1]], element_type=DT.Int32)
            for c in cols]
    _raises(SIMPLE, both, 2, "array_over_capacity", 1100)
    # an Int32 column in long_data is refused (need int array); so are Float/Double/VarChar in another slot
    as_long = [c if c.field_name != "n" else d.make_column("n", DT.Int64, [1, 2]) for c in cols]
    _raises(SIMPLE, as_long, 2, "wrong_type", 1100,
            "field 'n' is illegal, array type mismatch: invalid parameter[expected=need int array][actual=got nil]")
    as_int = [c if c.field_name != "s" else d.make_column("s", DT.Int32, [1, 2]) for c in cols]
    _raises(SIMPLE, as_int, 2, "wrong_type", 1100)
    # an Array column outside array_data fails in fillFieldPropertiesOnly, before every per-type check
    a_scalar = [c if c.field_name != "a" else d.make_column("a", DT.Int64, [1, 2]) for c in long_s]
    _raises(SIMPLE, a_scalar, 2, "wrong_type", 1100)
    # the float vector's length must divide the schema dim: a plain error (65535), marked input error
    bad_dim = [c if c.field_name != "vec" else d.make_column("vec", DT.FloatVector, [[0.5] * 4, [0.5] * 4, [0.5] * 4],
                                                             dim=4) for c in cols]
    bad_dim[1].vectors.float_vector.data[:] = [0.5] * 12
    del bad_dim[1].vectors.float_vector.data[-2:]
    err = _raises(SIMPLE, bad_dim, 2, "wrong_dim", 65535, "the length(10) of float data should divide the dim(4)")
    assert err.input_error and err.to_status().extra_info["is_input_error"] == "true"
    # VectorField.dim other than the schema's (0 included): 1100, after the length check for float vectors
    for dim in (8, 0):
        other = [c for c in cols]
        vec = schema_pb2.FieldData()
        vec.CopyFrom(cols[1])
        vec.vectors.dim = dim
        other[1] = vec
        _raises(SIMPLE, other, 2, "vector_dim_mismatch", 1100,
                f"the dim ({dim}) of field data(vec) is not equal to schema dim (4): invalid parameter[expected=4]"
                f"[actual={dim}]")
    # per-type checks come before CheckAligned: a too-long string wins over a wrong num_rows
    _raises(SIMPLE, long_s, 3, "varchar_too_long", 1100)


def test_integer_overflow_and_nulls():
    schema = schema_pb2.CollectionSchema(name="i", fields=[
        field("id", DT.Int64, pk=True), field("vec", DT.FloatVector, dim=2), field("i8", DT.Int8),
        field("b", DT.Bool)])
    rows = [{"id": i, "vec": np.zeros(2, np.float32), "i8": 1, "b": True} for i in range(2)]
    cols = d.rows_to_fields_data(schema, rows)
    cols[2].scalars.int_data.data[1] = 200
    _raises(schema, cols, 2, "integer_overflow", 1100,
            "the 1th element (200) out of range: [-128, 127]: invalid parameter[expected=integer doesn't overflow]"
            "[actual=out of range]")
    cols = d.rows_to_fields_data(schema, rows)
    cols[3].valid_data.extend([True, False])
    _raises(schema, cols, 2, "null_in_non_nullable", 1100)
    # a Bool column in another slot has no per-type check: CheckAligned counts 0 rows
    cols = d.rows_to_fields_data(schema, rows)
    cols[3] = d.make_column("b", DT.Int32, [1, 0])
    _raises(schema, cols, 2, "num_rows_mismatch", 1100,
            "the num_rows (0) of field (b) is not equal to passed num_rows (2): invalid parameter[expected=2][actual=0]")


def test_auto_id_pk_supplied():
    rows = [{"id": 1, "vec": np.zeros(4, np.float32)}, {"id": 2, "vec": np.zeros(4, np.float32)}]
    d.validate_insert(AUTO, d.rows_to_fields_data(AUTO, rows), 2)
    _raises(AUTO, d.rows_to_fields_data(AUTO, rows, include_auto_id=True), 2, "pk_with_auto_id", 1100,
            "more fieldData has pass in: invalid parameter[expected=1][actual=2]")


def test_every_rule_is_a_registered_insert_check():
    from conformance.model.rules import rules

    for name, check in d.RULES.items():
        assert rules.get(check.id) is check and check.id == f"Insert/batch/{name.replace('_', '-')}"
        assert check.answer is not None and not check.answer.is_success


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([SIMPLE, AUTO, ALL]).flatmap(sd.valid_batches))
def test_valid_batches_validate(req):
    schema = {"simple": SIMPLE, "auto": AUTO, "all": ALL}[req.collection_name]
    d.validate_insert(schema, req.fields_data, req.num_rows)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([SIMPLE, AUTO, ALL]).flatmap(lambda s: sd.invalid_batches(s).map(lambda b: (s, b))))
def test_invalid_batches_break_their_rule(pair):
    schema, batch = pair
    with pytest.raises(d.InsertValidationError) as info:
        d.validate_insert(schema, batch.request.fields_data, batch.request.num_rows)
    assert info.value.rule == batch.name
    assert info.value.check is batch.rule is d.RULES[batch.name]
    assert info.value.code == batch.rule.code in (errors.PARAMETER_INVALID, errors.UNEXPECTED)


# Rules of the Geometry / Timestamptz types, which the generated schemas do not have: their own cases
# (cases/test_insert.py test_geometry_and_timestamptz_*), tests below.
OWN_CASES = {"invalid_geometry", "invalid_timestamptz"}


@pytest.mark.parametrize("rule", sorted(set(d.RULES) - OWN_CASES))
def test_every_insert_rule_has_a_batch_defect(rule):
    """Each registered Insert/batch rule can be sent on its own (cases parametrize by rule)."""
    schemas = [s for s in (SIMPLE, AUTO, ALL) if rule in sd.defects(s)]
    assert schemas, f"no test schema admits {rule}"

    @settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow])
    @given(st.sampled_from(schemas).flatmap(lambda s: sd.invalid_batches(s, rule).map(lambda b: (s, b))))
    def run(pair):
        schema, batch = pair
        with pytest.raises(d.InsertValidationError) as info:
            d.validate_insert(schema, batch.request.fields_data, batch.request.num_rows)
        assert info.value.rule == batch.name == rule
        assert info.value.check is batch.rule is d.RULES[rule]

    run()


@settings(max_examples=1)
@given(data=st.data())
def test_invalid_batches_refuse_a_rule_the_schema_cannot_break(data):
    with pytest.raises(ValueError, match="cannot break"):
        data.draw(sd.invalid_batches(AUTO, "integer_overflow"))


# ---- Geometry / Timestamptz values, master's per-type slot checks and null filling (issue 9 part A) -----------

@pytest.mark.parametrize("text,want", [
    ("POINT (1 2)", "POINT (1 2)"), ("point(1.50 -2e3)", "POINT (1.5 -2000)"),
    ("LINESTRING (0 0, 1 1)", "LINESTRING (0 0, 1 1)"), ("POLYGON ((0 0,1 0,1 1,0 0))", "POLYGON ((0 0, 1 0, 1 1, 0 0))"),
    ("MULTIPOINT (1 2, 3 4)", "MULTIPOINT ((1 2), (3 4))"), ("POINT EMPTY", "POINT EMPTY"),
    ("GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 1 1))", "GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 1 1))")])
def test_wkt_normalised(text, want):
    assert d.normalize_wkt(text) == want


@pytest.mark.parametrize("text", ["", "POINT (1)", "POINT (1 2", "CIRCLE (1 2)", "POINT (1 2, 3 4)", "hello"])
def test_wkt_refused(text):
    with pytest.raises(ValueError):
        d.normalize_wkt(text)


@pytest.mark.parametrize("text,want", [
    ("2025-01-01T00:00:00Z", "2025-01-01T00:00:00Z"), ("2025-01-01T08:00:00+08:00", "2025-01-01T00:00:00Z"),
    ("2025-01-01 00:00:00.500", "2025-01-01T00:00:00.5Z"), ("2024-02-29T23:59:59.123456Z", "2024-02-29T23:59:59.123456Z")])
def test_timestamptz_normalised_to_utc(text, want):
    assert d.normalize_timestamptz(text) == want


@pytest.mark.parametrize("text", ["", "noon", "2025-13-01T00:00:00Z", "2025-02-30"])
def test_timestamptz_refused(text):
    with pytest.raises(ValueError):
        d.normalize_timestamptz(text)


def _typed_schema(**field_kw):
    return schema_pb2.CollectionSchema(name="t", fields=[
        schema_pb2.FieldSchema(name="id", data_type=DT.Int64, is_primary_key=True),
        schema_pb2.FieldSchema(name="s", data_type=DT.VarChar,
                               type_params=[common_pb2.KeyValuePair(key="max_length", value="8")], **field_kw)])


def _long_column(name, n=1):
    fd = schema_pb2.FieldData(type=DT.VarChar, field_name=name)
    fd.scalars.long_data.data.extend([1] * n)
    return fd


def test_wrong_slot_message_and_leniency():
    """A VarChar in long_data → "varchar field 's' is illegal"; a nullable or defaulted VarChar skips the type check
    and fails the row count (CheckAligned reads the schema's slot: 0 rows)."""
    ids = d.make_column("id", DT.Int64, [1])
    _raises(_typed_schema(), [ids, _long_column("s")], 1, "wrong_type", 1100,
            "varchar field 's' is illegal, array type mismatch: invalid parameter[expected=need string array]"
            "[actual=got nil]")
    _raises(_typed_schema(nullable=True), [ids, _long_column("s")], 1, "num_rows_mismatch", 1100)
    _raises(_typed_schema(default_value=schema_pb2.ValueField(string_data="x")), [ids, _long_column("s")], 1,
            "num_rows_mismatch", 1100)


def test_valid_data_rules():
    """valid_data on a plain field → null-in-non-nullable ("the length of valid_data ... [expected=0]"); on a
    nullable field it needs num_rows flags; its data one value per valid row (compact)."""
    ids = d.make_column("id", DT.Int64, [1, 2])
    plain = d.make_column("s", DT.VarChar, ["a", "b"])
    plain.valid_data.extend([True, True])
    _raises(_typed_schema(), [ids, plain], 2, "null_in_non_nullable", 1100,
            "the length of valid_data of field(s) is wrong: invalid parameter[expected=0][actual=2]")
    schema = _typed_schema(nullable=True)
    d.validate_insert(schema, [ids, d.make_column("s", DT.VarChar, ["a", None], nullable=True, compact_nulls=True)], 2)
    full = d.make_column("s", DT.VarChar, ["a", None], nullable=True)
    with pytest.raises(errors.MilvusError) as info:
        d.validate_insert(schema, [ids, full], 2)
    assert info.value.check_id == "Insert/nulls-not-compact"
    short = d.make_column("s", DT.VarChar, ["a"], nullable=True, compact_nulls=True)
    with pytest.raises(errors.MilvusError) as info:
        d.validate_insert(schema, [ids, short], 2)
    assert "the length of valid_data of field(s) is wrong" in info.value.reason
