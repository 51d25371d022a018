"""The expression strategies: every valid expression compiles in its dialect (and evaluates over sample rows);
every labelled invalid expression is rejected by the model with exactly its labelled code."""

from __future__ import annotations

import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conformance.model import errors
from conformance.model.expr import CURRENT, MILVUS_2_3, ExprError, compile_expr
from conformance.protocol import schema_pb2
from conformance.strategies.expressions import InvalidExpr, expr_defects, invalid_exprs, valid_exprs
from conformance.strategies.schemas import make_field

DT = schema_pb2.DataType
DIALECTS = [MILVUS_2_3, CURRENT]


def filter_schema(*, dynamic: bool = False, nullable: bool = False) -> schema_pb2.CollectionSchema:
    return schema_pb2.CollectionSchema(name="c", enable_dynamic_field=dynamic, fields=[
        make_field("id", DT.Int64, primary=True), make_field("i64", DT.Int64), make_field("i32", DT.Int32),
        make_field("d", DT.Double), make_field("b", DT.Bool), make_field("s", DT.VarChar, max_length=16),
        make_field("j", DT.JSON), make_field("a", DT.Array, element_type=DT.Int64, max_capacity=4),
        make_field("n", DT.Int64, nullable=nullable), make_field("vec", DT.FloatVector, dim=4)])


SCHEMAS = [filter_schema(), filter_schema(dynamic=True), filter_schema(nullable=True)]
ROWS = [
    {"id": 1, "i64": -3, "i32": 0, "d": 0.5, "b": True, "s": "ab", "j": {"x": 1, "t": "a"}, "a": [1, 2], "n": None},
    {"id": 2, "i64": 5, "i32": -5, "d": -1.5, "b": False, "s": "", "j": {}, "a": [], "n": 3},
    {"id": 3, "i64": 0, "i32": 2, "d": 2.5, "b": False, "s": "B", "j": {"x": "1", "f": True, "t": None},
     "a": [0, 0, 5], "n": 0},
]
valid_cases = st.sampled_from(DIALECTS).flatmap(
    lambda dl: st.sampled_from(SCHEMAS).flatmap(lambda sc: st.tuples(st.just(dl), st.just(sc), valid_exprs(sc, dl))))
invalid_cases = st.sampled_from(DIALECTS).flatmap(
    lambda dl: st.sampled_from(SCHEMAS).flatmap(lambda sc: st.tuples(st.just(dl), st.just(sc), invalid_exprs(sc, dl))))


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(case=valid_cases)
def test_valid_expressions_compile_in_their_dialect(case):
    dialect, schema, text = case
    e = compile_expr(text, schema, dialect=dialect)
    for row in ROWS:
        e.matches(row)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(case=invalid_cases)
def test_invalid_expressions_raise_their_code(case):
    dialect, schema, inv = case
    assert isinstance(inv, InvalidExpr)
    assert inv.defect in expr_defects(schema)
    assert inv.code == dialect.code
    with pytest.raises(ExprError) as info:
        compile_expr(inv.text, schema, dialect=dialect)
    assert info.value.code == inv.code


def test_codes_per_dialect():
    assert MILVUS_2_3.code == errors.UNEXPECTED and CURRENT.code == errors.PARAMETER_INVALID


@pytest.mark.parametrize("check_id", ["Query/invalid-filter", "Search/invalid-filter", "Delete/invalid-filter"])
def test_invalid_filter_checks_agree_with_the_dialects(check_id):
    """The registered checks answer what the model's dialects do: 65535 on Milvus 2.3.5, 1100 on current."""
    from conformance.expectations.versions import ServerInfo
    from conformance.model.rules import rules

    check = rules.get(check_id)
    assert check.codes_for(ServerInfo.from_reported("v2.3.5").older_than) == (MILVUS_2_3.code,)
    assert check.codes_for(lambda bound: False) == (CURRENT.code,)


def test_unknown_field_only_without_dynamic_field():
    assert "unknown_field" in expr_defects(filter_schema())
    assert "unknown_field" not in expr_defects(filter_schema(dynamic=True))
    with warnings.catch_warnings(), pytest.raises(ValueError):
        warnings.simplefilter("ignore")
        invalid_exprs(filter_schema(dynamic=True), MILVUS_2_3, "unknown_field").example()


@settings(max_examples=200)
@given(text=valid_exprs(filter_schema(), MILVUS_2_3))
def test_no_division_or_modulo_by_zero(text):
    assert "/ 0 " not in text and "% 0 " not in text


@settings(max_examples=300)
@given(text=valid_exprs(filter_schema(nullable=True), CURRENT, max_leaves=1))
def test_current_reaches_null_tests_and_wildcards(text):
    compile_expr(text, filter_schema(nullable=True), dialect=CURRENT)


def test_dialect_specific_shapes_appear():
    seen = set()

    @settings(max_examples=500, database=None)
    @given(text=valid_exprs(filter_schema(nullable=True), CURRENT, max_leaves=1))
    def collect(text):
        for marker in ("is null", "is not null", "%a%", "array_contains_all", "exists", " < n < ", "like"):
            if marker in text:
                seen.add(marker)

    collect()
    assert {"is null", "array_contains_all", "exists", "like"} <= seen


@settings(max_examples=300)
@given(text=valid_exprs(filter_schema(), MILVUS_2_3, max_leaves=1))
def test_2_3_json_in_lists_hold_one_literal_kind(text):
    """Milvus 2.3.5 fails a JSON ``in`` list mixing literal kinds in its query node (see the strategy)."""
    if text.startswith('j["') and " in [" in text:
        items = text.split(" in [", 1)[1].rstrip("]").split(", ")
        kinds = {"str" if i.startswith('"') else "bool" if i in ("true", "false") else "float" if "." in i else "int"
                 for i in items}
        assert len(kinds) == 1, text
