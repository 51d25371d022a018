"""Hypothesis strategies for Milvus boolean filter expressions over a given CollectionSchema and dialect.

:func:`valid_exprs` draws expressions that the reference model (:mod:`conformance.model.expr`) accepts in the
dialect: comparisons (also chained ``lo < x < hi``), ``in`` / ``not in``, ``like`` with patterns the dialect
supports, ``and`` / ``or`` / ``not`` (every operand parenthesised, so precedence differences between dialects do
not matter: 2.3.5 binds ``not`` tighter than comparisons), arithmetic compared with ``==`` / ``!=`` (MILVUS_2_3)
or any comparison (CURRENT), JSON paths ``j["k"]`` with int / float / string / bool literals, ``exists``,
``array_contains`` / ``_all`` / ``_any``, ``array_length`` and, in CURRENT, ``is null`` / ``is not null`` on
nullable fields. Integer division and modulo always use a non-zero literal divisor (``i / 0`` crashed the
Milvus 2.3.5 query node, see the model).

:func:`invalid_exprs` draws single-defect expressions labelled with the defect and the code the model answers in
the dialect (``dialect.code``). What a server answers is the registered check of the RPC that carries the
expression (``Query/invalid-filter``, ``Search/invalid-filter``, ``Delete/invalid-filter``: 1100 on current
Milvus, the plain-error 65535 before v2.3.7, with its history and evidence).

Literals come from small fixed pools (:data:`INTS`, :data:`FLOATS`, :data:`STRINGS`, :data:`JSON_KEYS`) so a
collection whose rows draw from the same pools gets expressions that match some rows and not others.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from hypothesis import strategies as st

from ..model import expr as x
from ..protocol import schema_pb2
from ._cache import memoized

DT = schema_pb2.DataType

INTS = (-3, -1, 0, 1, 2, 3, 5)
FLOATS = (-1.5, 0.0, 0.5, 1.0, 2.5)
STRINGS = ("", "a", "ab", "abc", "b", "ba", "B")
JSON_KEYS = ("x", "t", "f", "zz")  # "zz" is never written by the filter cases: a missing key
_INT_TYPES = {DT.Int8, DT.Int16, DT.Int32, DT.Int64}
_CMP = ("==", "!=", "<", "<=", ">", ">=")


def _lit(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return json.dumps(v)
    return repr(v)


def _list(values) -> str:
    return "[" + ", ".join(_lit(v) for v in values) + "]"


def _fields(schema: schema_pb2.CollectionSchema, *types) -> list[schema_pb2.FieldSchema]:
    return [f for f in schema.fields if not f.is_dynamic and f.data_type in types]


def _ints(lo: int = -3, hi: int = 5):
    return st.integers(lo, hi)


_floats = st.sampled_from(FLOATS)
_strings = st.sampled_from(STRINGS)
_json_lits = st.one_of(st.sampled_from(INTS), _floats, _strings, st.booleans())


@memoized
def _like_patterns(dialect: x.Dialect) -> st.SearchStrategy[str]:
    prefix = st.sampled_from(STRINGS).map(lambda s: s + "%")  # 2.3.5: prefix `ab%`
    exact = st.sampled_from([s for s in STRINGS if s])  # 2.3.5: exact match without wildcards
    if not dialect.like_wildcards:
        return prefix | exact
    infix = st.sampled_from(["%a%", "%b", "%a", "a_", "_a%", "%"])  # CURRENT: any-run and one-char wildcards
    return prefix | exact | infix


@memoized
def _json_in_lists(dialect: x.Dialect) -> st.SearchStrategy[list]:
    """Literal lists for ``j["k"] in [...]``. Milvus 2.3.5 needs one literal kind per list: a mix (``[1, 1.5]``,
    ``[1, "a"]``, ``[1, true]``, ``["a", true]``) fails in the query node, Query/Search 65535 and Delete 5
    'Assert "(value_proto.val_case() == planpb::GenericValue::kInt64Val)" at PlanProto.cpp:47' (verified on
    Milvus 2.3.5, this run) though the model accepts it; CURRENT lists may mix kinds."""
    if dialect.name != x.MILVUS_2_3.name:
        return st.lists(_json_lits, min_size=1, max_size=3)
    return st.one_of([st.lists(kind, min_size=1, max_size=3)
                      for kind in (st.sampled_from(INTS), _floats, _strings, st.booleans())])


@memoized
def _numeric_atoms(name: str, ints: bool, dialect: x.Dialect) -> st.SearchStrategy[str]:
    lits = _ints() if ints else (_floats | _ints())
    lo_hi = st.tuples(lits, lits).map(sorted)
    out = [
        st.builds(lambda op, k: f"{name} {op} {_lit(k)}", st.sampled_from(_CMP), lits),
        st.builds(lambda op, k: f"{_lit(k)} {op} {name}", st.sampled_from(_CMP), lits),
        st.builds(lambda b, ops: f"{_lit(b[0])} {ops[0]} {name} {ops[1]} {_lit(b[1])}", lo_hi,
                  st.sampled_from([("<", "<"), ("<=", "<"), ("<", "<="), ("<=", "<=")])),
        st.builds(lambda b, ops: f"{_lit(b[1])} {ops[0]} {name} {ops[1]} {_lit(b[0])}", lo_hi,
                  st.sampled_from([(">", ">"), (">=", ">"), (">", ">="), (">=", ">=")])),
        st.builds(lambda neg, ks: f"{name} {'not in' if neg else 'in'} {_list(ks)}", st.booleans(),
                  st.lists(lits, min_size=1, max_size=4)),
    ]
    cmp_ops = _CMP if dialect.arith_ordering else ("==", "!=")
    arith_ops = ["+", "-", "*"] + (["/", "%"] if ints else [])
    # The divisor of / and % is a non-zero literal: `i / 0` crashed the Milvus 2.3.5 query node.
    out.append(st.builds(lambda op, k, cmp, m: f"{name} {op} {k} {cmp} {m}", st.sampled_from(arith_ops),
                         st.sampled_from([1, 2, 3, -2]), st.sampled_from(cmp_ops), _ints(-6, 10)))
    return st.one_of(out)


@memoized
def _atoms(schema: schema_pb2.CollectionSchema, dialect: x.Dialect) -> st.SearchStrategy[str]:
    out: list[st.SearchStrategy[str]] = []
    for f in schema.fields:
        if f.is_dynamic:
            continue
        n, t = f.name, f.data_type
        if t in _INT_TYPES:
            out.append(_numeric_atoms(n, True, dialect))
        elif t in (DT.Float, DT.Double):
            out.append(_numeric_atoms(n, False, dialect))
        elif t == DT.Bool:
            out.append(st.builds(lambda op, v, n=n: f"{n} {op} {_lit(v)}", st.sampled_from(["==", "!="]),
                                 st.booleans()))
        elif t in (DT.VarChar, DT.String):
            out.append(st.one_of(
                st.builds(lambda op, v, n=n: f"{n} {op} {_lit(v)}", st.sampled_from(_CMP), _strings),
                st.builds(lambda neg, vs, n=n: f"{n} {'not in' if neg else 'in'} {_list(vs)}", st.booleans(),
                          st.lists(_strings, min_size=1, max_size=3)),
                st.builds(lambda p, n=n: f"{n} like {_lit(p)}", _like_patterns(dialect)),
            ))
        elif t == DT.JSON:
            path = st.sampled_from(JSON_KEYS).map(lambda k, n=n: f'{n}["{k}"]')
            out.append(st.one_of(
                st.builds(lambda p, op, v: f"{p} {op} {_lit(v)}", path, st.sampled_from(["==", "!="]), _json_lits),
                st.builds(lambda p, op, v: f"{p} {op} {_lit(v)}", path, st.sampled_from(_CMP[2:]),
                          st.one_of(st.sampled_from(INTS), _floats, _strings)),
                st.builds(lambda p, vs: f"{p} in {_list(vs)}", path, _json_in_lists(dialect)),
                path.map(lambda p: f"exists {p}"),
                st.builds(lambda p, pat: f"{p} like {_lit(pat)}", path, _like_patterns(dialect)),
            ))
        elif t == DT.Array and f.element_type in _INT_TYPES:
            ks = st.lists(_ints(), min_size=1, max_size=3)
            cmp_ops = _CMP if dialect.arith_ordering else ("==", "!=")
            out.append(st.one_of(
                st.builds(lambda k, n=n: f"array_contains({n}, {k})", _ints()),
                st.builds(lambda vs, n=n: f"array_contains_all({n}, {_list(vs)})", ks),
                st.builds(lambda vs, n=n: f"array_contains_any({n}, {_list(vs)})", ks),
                st.builds(lambda op, k, n=n: f"array_length({n}) {op} {k}", st.sampled_from(cmp_ops), _ints(0, 5)),
            ))
        if f.nullable and dialect.null_exprs and t not in (DT.FloatVector, DT.BinaryVector):
            out.append(st.sampled_from([f"{n} is null", f"{n} is not null"]))
    if not out:
        raise ValueError("the schema has no field a filter can use")
    return st.one_of(out)


@memoized
def valid_exprs(schema: schema_pb2.CollectionSchema, dialect: x.Dialect = x.MILVUS_2_3, *,
                max_leaves: int = 4) -> st.SearchStrategy[str]:
    """Valid boolean filter expressions over ``schema``'s fields in ``dialect`` (compile in the model)."""

    def combine(inner):
        return st.one_of(
            st.builds(lambda a, op, b: f"({a}) {op} ({b})", inner, st.sampled_from(["and", "or", "&&", "||"]), inner),
            inner.map(lambda a: f"not ({a})"),
        )

    return st.recursive(_atoms(schema, dialect), combine, max_leaves=max_leaves)


# ---- invalid expressions ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class InvalidExpr:
    text: str
    defect: str  # "syntax", "unknown_field", "type_error"
    code: int  # what the model (conformance.model.expr) answers in the dialect drawn for


def expr_defects(schema: schema_pb2.CollectionSchema) -> list[str]:
    """The defects :func:`invalid_exprs` can plant in an expression over ``schema``. ``unknown_field`` only
    without the dynamic field (there an unknown name is a dynamic key: 2.3.5 ``nofield > 1`` matches nothing)."""
    out = ["syntax", "type_error"]
    if not schema.enable_dynamic_field:
        out.append("unknown_field")
    return out


@memoized
def _syntax(schema, dialect, atom: str) -> st.SearchStrategy[str]:
    cands = [
        st.just(atom + " and"),  # dangling operator
        st.just("(" + atom),  # unbalanced parenthesis
        st.just(atom + ")"),
        st.just("and " + atom),
        st.sampled_from([" >>> 1", " = 1", " ==", " in 1", " like 1"]).map(lambda tail: _first_name(schema) + tail),
    ]
    if not dialect.uppercase_keywords:
        cands.append(st.just(f"({atom}) AND ({atom})"))  # 2.3.5 rejects upper-case AND (see the model)
    return st.one_of(cands)


def _first_name(schema) -> str:
    return next(f.name for f in schema.fields if not f.is_dynamic and f.data_type not in
                (DT.FloatVector, DT.BinaryVector, DT.Float16Vector, DT.BFloat16Vector, DT.SparseFloatVector))


@memoized
def _type_errors(schema, dialect) -> st.SearchStrategy[str]:
    cands = []
    for f in _fields(schema, *_INT_TYPES, DT.Float, DT.Double):
        cands += [f'{f.name} == "a"', f'{f.name} > "1"', f'{f.name} in ["a", "b"]', f'{f.name} like "1%"',
                  f"{f.name} == true", f"array_contains({f.name}, 1)", f"not {f.name}", f"exists {f.name}"]
        if f.data_type in _INT_TYPES and not dialect.int_field_float_literal:
            cands.append(f"{f.name} > 1.5")  # 2.3.5: "cannot cast value to Int64"
    for f in _fields(schema, DT.VarChar, DT.String):
        cands += [f"{f.name} == 1", f"{f.name} < 2.5", f"{f.name} in [1, 2]", f"{f.name} + 1 == 2"]
    for f in _fields(schema, DT.Bool):
        cands += [f"{f.name} == 1", f'{f.name} == "true"']
    for f in _fields(schema, DT.Array):
        if f.element_type in _INT_TYPES:
            cands += [f"{f.name} == 1", f'array_contains({f.name}, "a")', f'{f.name} like "a%"']
    for f in _fields(schema, DT.JSON):
        cands.append(f"{f.name} == 1")  # can not comparisons jsonField directly
    if not cands:
        cands = ["1 < 2 < 3 < 4"]
    return st.sampled_from(sorted(set(cands)))


@memoized
@st.composite
def invalid_exprs(draw, schema: schema_pb2.CollectionSchema, dialect: x.Dialect = x.MILVUS_2_3,
                  defect: str | None = None) -> InvalidExpr:
    """One expression with one defect, labelled with the code the model answers in ``dialect``."""
    defect = defect or draw(st.sampled_from(expr_defects(schema)))
    if defect == "syntax":
        text = draw(_syntax(schema, dialect, draw(_atoms(schema, dialect))))
    elif defect == "type_error":
        text = draw(_type_errors(schema, dialect))
    elif defect == "unknown_field":
        if schema.enable_dynamic_field:
            raise ValueError("with the dynamic field an unknown name is a dynamic key, not an error")
        name = draw(st.sampled_from(["no_such_field", "zz_unknown", "ID"]))
        text = draw(st.sampled_from([f"{name} > 1", f'{name} == "a"', f"{name} in [1]"]))
        atom = draw(_atoms(schema, dialect))
        text = draw(st.sampled_from([text, f"({atom}) and ({text})"]))
    else:
        raise ValueError(f"unknown defect {defect}")
    return InvalidExpr(text, defect, dialect.code)
