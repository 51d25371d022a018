"""Expression model vs answers observed on Milvus 2.3.5 (FLAT/L2, Strong consistency, 8 rows below; dynamic
keys in $meta). Each pair is (expr, ids matched) or (expr, ("ERR", code)). Observed by the mcexpr probe; `i / 0 == 1`
crashed the 2.3.5 query node and `1 < 5` / `x in [10, "str"]` failed inside the query node, so they are left out."""

import pytest

from conformance.model import errors
from conformance.model.expr import CURRENT, MILVUS_2_3, ExprError, compile_expr, filter_rows
from conformance.protocol import common_pb2, schema_pb2

DT = schema_pb2.DataType

ROWS = [
    dict(id=1, i=1, f=1.5, s="apple", j={"a": 1, "b": {"c": "x"}}, a=[1, 2, 3], dyn={"x": 10}),
    dict(id=2, i=2, f=2.0, s="banana", j={"a": 2.0, "b": {"c": "y"}}, a=[], dyn={"x": "str"}),
    dict(id=3, i=3, f=-1.0, s="a_c", j={"a": "1"}, a=[3, 4], dyn={}),
    dict(id=4, i=-5, f=0.0, s="100%", j={"a": [1, 2]}, a=[5], dyn={"x": 3.5}),
    dict(id=5, i=10, f=10.0, s="", j={}, a=[1], dyn={"x": True}),
    dict(id=6, i=7, f=7.0, s="ABC", j={"a": None}, a=[2, 2], dyn={"x": None}),
    dict(id=7, i=4, f=2.5, s="abc", j={"a": 1.5, "b": 3}, a=[9, 1], dyn={"x": 1.0}),
    dict(id=8, i=0, f=-0.0, s="a%c", j={"c": [1, 2]}, a=[0], dyn={"x": [1, 2]}),
]


def _field(name, dtype, pk=False, nullable=False, elem=0, **tp):
    f = schema_pb2.FieldSchema(name=name, data_type=dtype, is_primary_key=pk, nullable=nullable, element_type=elem)
    for k, v in tp.items():
        f.type_params.append(common_pb2.KeyValuePair(key=k, value=str(v)))
    return f


SCHEMA = schema_pb2.CollectionSchema(name="t", enable_dynamic_field=True, fields=[
    _field("id", DT.Int64, pk=True), _field("vec", DT.FloatVector, dim=2), _field("i", DT.Int64),
    _field("f", DT.Double), _field("s", DT.VarChar, max_length=64), _field("j", DT.JSON),
    _field("a", DT.Array, elem=DT.Int64, max_capacity=8)])
MODEL_ROWS = [{**{k: v for k, v in r.items() if k != "dyn"}, "$meta": r["dyn"]} for r in ROWS]

TABLE_2_3_5 = [
    ('i > 1', [2, 3, 5, 6, 7]),
    ('1 < i < 5', [2, 3, 7]),
    ('5 > i > 1', [2, 3, 7]),
    ('1 < i > 0', ('ERR', 65535)),
    ('i in [1, 3]', [1, 3]),
    ('i not in [1, 3]', [2, 4, 5, 6, 7, 8]),
    ('i in []', []),
    ('s like "a%"', [1, 3, 7, 8]),
    ('s like "%a"', ('ERR', 65535)),
    ('s like "%an%"', ('ERR', 65535)),
    ('s like "a_c"', [3]),
    ('s like "100\\\\%"', []),
    ('s like "a\\\\%c"', []),
    ('s like "%"', [1, 2, 3, 4, 5, 6, 7, 8]),
    ('s like "abc"', [7]),
    ('s like "A%"', [6]),
    ('i % 3 == 1', [1, 5, 6, 7]),
    ('i * 2 > 5', ('ERR', 65535)),
    ('i + 1 == 3', [2]),
    ('f / 2 == 0.75', [1]),
    ('i / 2 == 1', [2, 3]),
    ('i % 0 == 1', []),
    ('-i == 5', ('ERR', 65535)),
    ('j["a"] == 1', [1]),
    ('j["a"] == 2', [2]),
    ('j["a"] == 1.5', [7]),
    ('j["a"] == "1"', [3]),
    ('j["a"] > 0', [1, 2, 7]),
    ('j["a"] != 1', [2, 3, 4, 5, 6, 7, 8]),
    ('j["b"]["c"] == "x"', [1]),
    ('j["b"] == 3', [7]),
    ('j["a"] in [1, 2]', [1, 2]),
    ('j["a"][0] == 1', [4]),
    ('exists j["b"]', [1, 2, 7]),
    ('exists j["a"]', [1, 2, 3, 4, 6, 7]),
    ('j["a"] like "1%"', [3]),
    ('x == 10', [1]),
    ('x > 1', [1, 4]),
    ('x == "str"', [2]),
    ('x == true', [5]),
    ('exists x', [1, 2, 4, 5, 6, 7, 8]),
    ('x[0] == 1', [8]),
    ('$meta["x"] == 10', [1]),
    ('nofield > 1', []),
    ('nofield == 1 || i == 1', [1]),
    ('array_contains(a, 2)', [1, 6]),
    ('array_contains_all(a, [1, 2])', [1]),
    ('array_contains_any(a, [4, 5])', [3, 4]),
    ('array_length(a) == 0', [2]),
    ('array_length(a) > 1', ('ERR', 65535)),
    ('a[0] == 1', [1, 5]),
    ('a[5] == 1', []),
    ('not (i > 1)', [1, 4, 8]),
    ('!(i > 1)', [1, 4, 8]),
    ('not i > 1', ('ERR', 65535)),
    ('i > 1 && i < 5', [2, 3, 7]),
    ('i > 1 and i < 5', [2, 3, 7]),
    ('i > 1 AND i < 5', ('ERR', 65535)),
    ('i > 1 || s == "ABC"', [2, 3, 5, 6, 7]),
    ('i > 1 or s == "ABC"', [2, 3, 5, 6, 7]),
    ('i == 9223372036854775807', []),
    ('i == 9223372036854775808', ('ERR', 65535)),
    ('i < 9223372036854775808', ('ERR', 65535)),
    ('i > -9223372036854775809', ('ERR', 65535)),
    ('i > 1.5', ('ERR', 65535)),
    ('i == 1.0', ('ERR', 65535)),
    ('f == 2', [2]),
    ('i == "a"', ('ERR', 65535)),
    ('s == 1', ('ERR', 65535)),
    ('s > "b"', [2]),
    ('s < "a"', [4, 5, 6]),
    ('i like "1%"', ('ERR', 65535)),
    ('j == 1', ('ERR', 65535)),
    ('id >>> 1', ('ERR', 65535)),
    ('i', ('ERR', 65535)),
    ('true', ('ERR', 65535)),
    ('i < f', [1, 4]),
    ('i + f > 2', ('ERR', 65535)),
    ('i >= 1 and i <= 3', [1, 2, 3]),
    ('i != 2', [1, 3, 4, 5, 6, 7, 8]),
    ('json_contains(j["a"], 1)', [4]),
    ('json_contains_all(j, [1, 2])', ('ERR', 65535)),
    ('json_contains(a, 1)', [1, 5, 7]),
    ('x is null', ('ERR', 65535)),
    ('j["a"] is null', ('ERR', 65535)),
    ('i is not null', ('ERR', 65535)),
    ('i > {v}', ('ERR', 65535)),
    ('i in [1, 2,]', [1, 2]),
    ('i in (1, 2)', ('ERR', 65535)),
    ('i == 1e0', ('ERR', 65535)),
    ('f > 1e0', [1, 2, 5, 6, 7]),
    ('f == .5', []),
    ('f < 1.', [3, 4, 8]),
    ('i == 0x1', [1]),
    ('i == 010', []),
    ('s == "a\\"b"', []),
    ('s in ["apple", "abc"]', [1, 7]),
    ('s not like "a%"', ('ERR', 65535)),
    ('i ** 2 == 4', ('ERR', 65535)),
    ('i == +1', [1]),
    ('- i == -1', ('ERR', 65535)),
    ('(i > 1)', [2, 3, 5, 6, 7]),
    ('((i > 1) and (i < 5))', [2, 3, 7]),
    ('s == "apple" == true', ('ERR', 65535)),
    ('i > 1 == true', ('ERR', 65535)),
    ('(i > 1) == true', ('ERR', 65535)),
    ('true == (i > 1)', ('ERR', 65535)),
    ('i > 1 and true', ('ERR', 65535)),
    ('ID == 1', []),
    ('id == 1', [1]),
    ('i = 1', ('ERR', 65535)),
    ('i <> 1', ('ERR', 65535)),
    ('i >= -5 and i < 0', [4]),
    ('json_contains_any(j, [1, 5])', ('ERR', 65535)),
    ('ARRAY_CONTAINS(a, 2)', [1, 6]),
    ('array_contains(a, "x")', ('ERR', 65535)),
    ('array_contains(i, 1)', ('ERR', 65535)),
    ('array_length(s) == 1', ('ERR', 65535)),
    ('a == [1, 2, 3]', [1]),
    ('a[0] + 1 == 2', [1, 5]),
    ('j["a"] + 1 == 2', [1]),
    ('j["a"] * 2 == 4', [2]),
    ('x + 1 == 11', [1]),
    ('j["a"] < 2', [1, 7]),
    ('j["a"] >= 1.5', [2, 7]),
    ('f in [1.5, 2]', [1, 2]),
    ('i in [1.0, 2]', ('ERR', 65535)),
]


@pytest.mark.parametrize(("expr", "want"), TABLE_2_3_5, ids=[e for e, _ in TABLE_2_3_5])
def test_matches_milvus_2_3_5(expr, want):
    try:
        mask = filter_rows(expr, MODEL_ROWS, SCHEMA, dialect=MILVUS_2_3)
    except ExprError as exc:
        assert isinstance(want, tuple), exc.reason
        assert exc.code == want[1]
        return
    assert not isinstance(want, tuple), "server rejected it"
    assert [r["id"] for r, ok in zip(MODEL_ROWS, mask, strict=True) if ok] == want


def test_parse_error_reason_shape():
    with pytest.raises(ExprError) as info:
        compile_expr("id >>> 1", SCHEMA)
    # probe X11: 65535 "cannot parse expression: id >>> 1, error: line 1:5 extraneous input '>' ..."
    assert info.value.code == errors.UNEXPECTED
    assert info.value.reason.startswith("cannot parse expression: id >>> 1, error: ")
    with pytest.raises(ExprError) as info:
        compile_expr("id >>> 1", SCHEMA, dialect=CURRENT)
    assert info.value.code == errors.PARAMETER_INVALID


def test_current_dialect_features():
    def ids(e, **kw):
        mask = filter_rows(e, MODEL_ROWS, SCHEMA, dialect=CURRENT, **kw)
        return [r["id"] for r, ok in zip(MODEL_ROWS, mask, strict=True) if ok]

    assert ids('s like "%an%"') == [2]
    assert ids('s like "a_c"') == [3, 7, 8]
    assert ids('s like "a\\\\%c"') == [8]  # expr text a\\\\%c: literal %, as milvus-lite 3.2.2
    assert ids("i * 2 > 5") == [3, 5, 6, 7]
    assert ids("i > {v}", values={"v": 4}) == [5, 6]
    assert ids("i in {vs}", values={"vs": [1, 3]}) == [1, 3]
    assert ids("i > 1 AND i < 5") == [2, 3, 7]
    assert ids("array_length(a) > 2") == [1]


def test_null_three_valued_logic():
    schema = schema_pb2.CollectionSchema(name="n", fields=[_field("id", DT.Int64, pk=True),
                                                           _field("v", DT.Int64, nullable=True)])
    rows = [{"id": 1, "v": None}, {"id": 2, "v": 5}, {"id": 3, "v": 1}]
    def got(e):
        return [r["id"] for r, ok in zip(rows, filter_rows(e, rows, schema, dialect=CURRENT), strict=True) if ok]

    assert got("v > 2") == [2]
    assert got("not (v > 2)") == [3]  # null stays unknown under not
    assert got("v != 5") == [3]
    assert got("v is null") == [1]
    assert got("v is not null") == [2, 3]
    assert got("v > 2 or id == 1") == [1, 2]
    assert got("v > 2 and id == 1") == []


def test_unknown_field_without_dynamic():
    schema = schema_pb2.CollectionSchema(name="n", fields=[_field("id", DT.Int64, pk=True)])
    with pytest.raises(ExprError):
        compile_expr("nofield > 1", schema)


# ---- TEXT_MATCH / PHRASE_MATCH (CURRENT only; master parser_visitor VisitTextMatch / VisitPhraseMatch) -------

TEXT_SCHEMA = {"id": _field("id", DT.Int64, pk=True), "plain": _field("plain", DT.VarChar, max_length=64),
               "text": _field("text", DT.VarChar, max_length=64, enable_analyzer="true", enable_match="true")}
TEXTS = ["the quick brown fox", "jumps over the lazy dog", "Quick quick fox fox fox", "hello world", None]


def _text_ids(expr):
    compiled = compile_expr(expr, TEXT_SCHEMA, dialect=CURRENT)
    return [i for i, t in enumerate(TEXTS) if compiled.matches({"id": i, "text": t, "plain": t})]


@pytest.mark.parametrize("expr,ids", [
    ("TEXT_MATCH(text, 'quick dog')", [0, 1, 2]),           # any token, lowercased by the standard analyzer
    ("text_match(text, 'HELLO')", [3]),
    ("TEXT_MATCH(text, 'quick dog fox', minimum_should_match=2)", [0, 2]),
    ("not TEXT_MATCH(text, 'fox') and id < 4", [1, 3]),
    ("PHRASE_MATCH(text, 'quick fox')", [2]),               # adjacent, in order
    ("PHRASE_MATCH(text, 'quick fox', 1)", [0, 2]),         # one position between
    ("PHRASE_MATCH(text, 'fox quick', 5)", []),             # order matters
])
def test_text_match(expr, ids):
    assert _text_ids(expr) == ids


@pytest.mark.parametrize("expr,detail", [
    ("TEXT_MATCH(plain, 'x')", 'field "plain" does not enable match'),
    ("TEXT_MATCH(id, 'x')", "text match operation on non-string is unsupported"),
    ("PHRASE_MATCH(id, 'x')", "phrase match operation on non-string is unsupported"),
    ("TEXT_MATCH(text, 'x', minimum_should_match=0)", "minimum_should_match should be >= 1, got 0"),
    ("TEXT_MATCH(text, 'x', minimum_should_match=1001)", "minimum_should_match should be <= 1000, got 1001"),
    ("PHRASE_MATCH(text, 'x', -1)", '"slop" should not be a negative interger'),
])
def test_text_match_refused(expr, detail):
    with pytest.raises(ExprError) as info:
        compile_expr(expr, TEXT_SCHEMA, dialect=CURRENT)
    assert info.value.code == errors.PARAMETER_INVALID and detail in info.value.reason


def test_text_match_is_not_in_the_2_3_grammar():
    with pytest.raises(ExprError):
        compile_expr("TEXT_MATCH(text, 'x')", TEXT_SCHEMA, dialect=MILVUS_2_3)
    with pytest.raises(ExprError):  # `=` is only an option's assignment
        compile_expr("id = 1", TEXT_SCHEMA, dialect=CURRENT)
