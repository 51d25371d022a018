"""Milvus boolean filter expressions: a parser (Milvus Plan.g4 shapes) and an evaluator over rows.

Use :func:`compile_expr` once (it type-checks against the schema and raises :class:`ExprError`, a MilvusError,
for what the server rejects), then :meth:`Expr.matches` per row or :func:`filter_rows` for a batch.

Verified semantics (probe run against Milvus 2.3.5 standalone and milvus-lite 3.2.2 on loopback, collection
of 8 rows with Int64 ``i``, Double ``f``, VarChar ``s``, JSON ``j``, Array<Int64> ``a`` and dynamic keys;
the exact expressions and answers are in the report of this module's author). "2.3.5:" marks a verified
Milvus 2.3.5 answer; MILVUS_2_3 is the dialect that reproduces it. CURRENT (Milvus 2.4+) adds features that
2.3.5 rejects; those differences are unverified on a live 2.4+ server and cite Milvus docs/source.

Decisions on subtle semantics (see also the comments at each operator):
- Null (nullable fields, CURRENT only): three-valued logic. A comparison, ``in``, ``like`` or arithmetic on a
  null is UNKNOWN; ``not UNKNOWN`` is UNKNOWN; ``and``/``or`` follow SQL (false wins ``and``, true wins ``or``);
  a row matches only when the result is TRUE. ``is null`` / ``is not null`` test for null.
  (unverified: Milvus 2.5 docs "Basic operators / null"; 2.3.5 has no nullable fields and rejects ``is null``.)
- Missing JSON key / dynamic field: an ordered comparison, ``==``, ``in`` or ``like`` is false; ``!=`` is
  TRUE (2.3.5: ``j["a"] != 1`` matched rows without key "a", with "a": null and with "a": "1"/[1,2]).
- JSON numbers: int and float compare by value (2.3.5: ``j["a"] == 2`` matches ``2.0``); a bool is never a
  number (2.3.5: ``x == true`` does not match ``1.0``); strings never equal numbers (``j["a"] == 1`` does
  not match ``"1"``); ordered comparisons across kinds are false.
- JSON ``null`` counts as present for ``exists`` (2.3.5: ``exists j["a"]`` matches ``{"a": null}``).
- ``like``: case-sensitive; 2.3.5 accepts only a prefix pattern ``ab%`` or an exact pattern without ``%``
  ("unsupported pattern: %a, only prefix pattern match like ab% and equal match like ab(no wildcards) are
  supported"); ``_`` is a literal character in 2.3.5 (``s like "a_c"`` matched only "a_c"). CURRENT: ``%`` any
  run, ``_`` one character, ``\\%`` / ``\\_`` literal (unverified: Milvus src internal/parser/planparserv2
  pattern_match.go; milvus-lite 3.2.2 behaves this way).
- Integer literals must fit int64 (2.3.5: ``i == 9223372036854775808`` -> "strconv.ParseInt: parsing
  \\"9223372036854775808\\": value out of range"); hex ``0x1`` and octal ``010`` (= 8) literals (2.3.5).
- Integer arithmetic truncates like C++ (2.3.5: ``i / 2 == 1`` matches 2 and 3; ``i % 3 == 1`` does not match
  -5); ``i % 0`` is false for every row (2.3.5). ``i / 0`` CRASHED the Milvus 2.3.5 query node (observed) —
  the model raises ExprError for an integer division by a literal 0 rather than guess.
- Int64 field vs float literal: 2.3.5 rejects (``i > 1.5`` -> "cannot cast value to Int64, value:
  float_val:1.5 "); float field vs int literal is fine (``f == 2``).
- ``not`` binds tighter than comparisons (2.3.5: ``not i > 1`` -> "not op can only be applied on boolean
  expression"); only ``and``/``&&``, ``or``/``||`` (2.3.5 rejects ``AND``).
- 2.3.5 compares arithmetic (``i * 2``, ``array_length(a)``) only with ``==``/``!=`` ("GreaterThan is not
  supported in execution backend").
- Unknown identifiers are dynamic-field keys when the schema enables the dynamic field (2.3.5: ``nofield > 1``
  matches nothing; ``ID == 1`` matches nothing though ``id`` is the pk: names are case-sensitive).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..protocol import schema_pb2
from . import analyzer, errors
from .data import json_loads
from .errors import MilvusError

DT = schema_pb2.DataType
DYNAMIC_FIELD = "$meta"
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
UNKNOWN = None  # third truth value
_MISSING = object()  # a JSON path that does not exist


@dataclass(frozen=True)
class Dialect:
    name: str
    code: int  # merr code of an expression error
    uppercase_keywords: bool  # AND / OR / NOT / IN accepted in upper case
    like_wildcards: bool  # %infix%, %suffix, _ supported (else prefix/exact only)
    arith_ordering: bool  # arithmetic / array_length compared with < <= > >=
    null_exprs: bool  # is null / is not null
    templates: bool  # {name} placeholders
    int_field_float_literal: bool  # i > 1.5 allowed
    unary_minus_field: bool  # -i allowed
    text_match: bool = False  # TEXT_MATCH / PHRASE_MATCH (Milvus 2.5+)


# What a server answers to a rejected expression is the registered check of the RPC carrying it
# (Query/invalid-filter, Search/invalid-filter, Delete/invalid-filter: 1100 on current Milvus, the plain-error
# 65535 "cannot parse expression: ..." observed on Milvus 2.3.5 before v2.3.7). ``code`` is what the model answers
# in each dialect, in agreement with those checks (tests/test_strategies_expressions.py holds them together).
MILVUS_2_3 = Dialect("2.3", errors.UNEXPECTED, False, False, False, False, False, False, False)
# Features of the newer parser per Milvus 2.4/2.5 docs (unverified live).
CURRENT = Dialect("current", errors.PARAMETER_INVALID, True, True, True, True, True, True, True, True)


class ExprError(MilvusError):
    """An expression rejected by the server; ``detail`` is the parser's message."""

    def __init__(self, expr: str, detail: str, dialect: Dialect, *, prefixed: bool = True):
        shown = shorten(expr)
        if dialect.code == errors.UNEXPECTED:
            reason = f"cannot parse expression: {shown}, error: {detail}" if prefixed else detail
        else:
            reason = f"cannot parse expression: {shown}, error: {detail}: invalid parameter"
        super().__init__(dialect.code, reason)
        self.detail = detail
        self.expr = expr


# An expression echoed in an error is cut to this many characters (model decision: a multi-megabyte filter is not
# sent back twice, in reason and detail, past the message size limit).
SHOWN_EXPR_CHARS = 4096


def shorten(text: str, limit: int = SHOWN_EXPR_CHARS) -> str:
    return text if len(text) <= limit else f"{text[:limit]}...({len(text) - limit} more characters)"


class _Fail(Exception):
    def __init__(self, detail: str, prefixed: bool = True):
        super().__init__(detail)
        self.detail = detail
        self.prefixed = prefixed


# ------------------------------------------------------------------------------------------------------------
# Tokens
# ------------------------------------------------------------------------------------------------------------

_TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<float>(?:\d+\.\d*|\.\d+)(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+)
  | (?P<int>0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)
  | (?P<str>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
  | (?P<tmpl>\{[A-Za-z_][A-Za-z0-9_]*\})
  | (?P<ident>\$meta|[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>\*\*|<=|>=|==|!=|&&|\|\||<<|>>|[-+*/%<>!()\[\],~&|^])
""", re.X)

# A long list of decimal integers (``id in [1, 2, ...]``) or of plain double-quoted strings (no escapes) is read in
# one step: it parses to the same literals, without a token and a node per element (a 10^6-element list stays a
# list of values).
_INT_LIST = re.compile(r"\[\s*-?(?:[1-9][0-9]*|0)(?:\s*,\s*-?(?:[1-9][0-9]*|0))*\s*\]")
_STR_LIST = re.compile(r'\[\s*"[^"\\]*"(?:\s*,\s*"[^"\\]*")*\s*\]')
_STR_ITEM = re.compile(r'"([^"\\]*)"')
_LIST_MIN = 32  # elements; shorter lists take the ordinary path

# Budgets (model decisions, 1100 like any rejected expression): Milvus's recursive parser cannot take unbounded
# nesting either; 10,000 levels is ten times what Milvus 2.3.5 was seen to accept. The token budget bounds the work
# of one expression (long literal lists above are one token whatever their length).
MAX_EXPR_DEPTH = 10_000
MAX_EXPR_TOKENS = 500_000


@dataclass(slots=True)
class Tok:
    kind: str
    text: str
    pos: int
    value: Any = None  # the values of a "consts" token


_KEYWORDS = {"and", "or", "not", "in", "like", "exists", "true", "false", "is", "null",
             "array_contains", "array_contains_all", "array_contains_any", "array_length",
             "json_contains", "json_contains_all", "json_contains_any"}
# Plan.g4 TEXTMATCH / PHRASEMATCH: 'text_match' | 'TEXT_MATCH' (either spelling, not mixed case), dialects with them.
_MATCH_KEYWORDS = {"text_match", "TEXT_MATCH", "phrase_match", "PHRASE_MATCH"}
_UPPER_ALWAYS = {"LIKE", "EXISTS", "TRUE", "FALSE", "True", "False", "ARRAY_CONTAINS", "ARRAY_CONTAINS_ALL",
                 "ARRAY_CONTAINS_ANY", "ARRAY_LENGTH", "JSON_CONTAINS", "JSON_CONTAINS_ALL", "JSON_CONTAINS_ANY"}


def _literal_list(text: str, pos: int) -> tuple[list, int] | None:
    """The values and end of a long plain literal list at ``pos`` (see _INT_LIST), else None."""
    m = _INT_LIST.match(text, pos)
    if m is not None and m.group().count(",") >= _LIST_MIN:
        return [int(x) for x in m.group()[1:-1].split(",")], m.end()
    m = _STR_LIST.match(text, pos)
    if m is not None and m.group().count(",") >= _LIST_MIN:
        return _STR_ITEM.findall(m.group()), m.end()
    return None


def _tokenize(text: str, dialect: Dialect) -> list[Tok]:
    out = []
    pos = 0
    depth = 0
    while pos < len(text):
        if text[pos] == "[" and not (out and (out[-1].kind == "ident" or out[-1].text in ("]", ")"))):
            found = _literal_list(text, pos)
            if found is not None:
                out.append(Tok("consts", "[", pos, found[0]))
                pos = found[1]
                continue
        if len(out) >= MAX_EXPR_TOKENS:
            raise _Fail(f"expression too long: more than {MAX_EXPR_TOKENS} tokens")
        if text[pos] == "=" and out and out[-1].text == "minimum_should_match" and dialect.text_match:
            out.append(Tok("op", "=", pos))  # textMatchOption: minimum_should_match '=' IntegerConstant
            pos += 1
            continue
        m = _TOKEN.match(text, pos)
        if not m:
            raise _Fail(f"line 1:{pos} token recognition error at: '{text[pos]}'")
        kind = m.lastgroup
        tok = m.group()
        if kind == "tmpl" and not dialect.templates:
            raise _Fail(f"line 1:{pos + len(tok) - 1} token recognition error at: '}}'")
        if kind == "ident":
            low = tok.lower()
            if tok in _MATCH_KEYWORDS and dialect.text_match:
                kind, tok = "kw", low
            elif tok in _KEYWORDS or tok in _UPPER_ALWAYS or (dialect.uppercase_keywords and low in _KEYWORDS):
                kind = "kw"
                tok = low
        if kind != "ws":
            out.append(Tok(kind, tok, pos))
            if kind == "op" and tok in "([":
                depth += 1
                if depth > MAX_EXPR_DEPTH:
                    raise _Fail(f"expression nested too deeply: more than {MAX_EXPR_DEPTH} levels")
            elif kind == "op" and tok in ")]" and depth:
                depth -= 1
        pos = m.end()
    out.append(Tok("eof", "", len(text)))
    return out


# ------------------------------------------------------------------------------------------------------------
# AST
# ------------------------------------------------------------------------------------------------------------

@dataclass(eq=False, slots=True)
class Node:
    # lit, field, list, consts (a list of plain literals kept as values), not, and, or, cmp, in, like, arith, neg,
    # exists, isnull, call, range
    op: str
    args: tuple = ()
    value: Any = None


def children(n: Node) -> tuple:
    """The sub-expressions of ``n`` (a field's ``args`` are its JSON path, not nodes)."""
    return () if n.op in ("field", "lit", "consts") else n.args


def is_list(n: Node) -> bool:
    return n.op in ("list", "consts")


def list_items(n: Node) -> list:
    """A list literal's elements as nodes (``consts`` elements become ``lit`` nodes)."""
    return [Node("lit", (), v) for v in n.value] if n.op == "consts" else list(n.args)


def _unescape(body: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body)


class _Parser:
    """Recursive descent over Plan.g4's shapes, loosest first (or < and < equality < relational < in < add < mul
    < unary). Every production is a generator that yields the production it descends into and receives its node:
    ``run`` drives them with an explicit stack, so nesting (``((((…))))``, ``not not …``) is bounded by memory, not
    by Python's recursion limit."""

    def __init__(self, text: str, dialect: Dialect, values: Mapping[str, Any] | None):
        self.text = text
        self.dialect = dialect
        self.toks = _tokenize(text, dialect)
        self.i = 0
        self.values = values or {}

    # Productions open per nesting level: the descent from ``or_`` to ``primary`` is ten.
    MAX_FRAMES = 11 * MAX_EXPR_DEPTH

    @classmethod
    def run(cls, production) -> Node:
        stack = [production()]
        value = None
        while True:
            try:
                sub = stack[-1].send(value)
            except StopIteration as stop:
                stack.pop()
                if not stack:
                    return stop.value
                value = stop.value
                continue
            if len(stack) >= cls.MAX_FRAMES:  # unary chains (not not ... x) nest without brackets
                raise _Fail(f"expression nested too deeply: more than {MAX_EXPR_DEPTH} levels")
            stack.append(sub())
            value = None

    def peek(self, k: int = 0) -> Tok:
        return self.toks[min(self.i + k, len(self.toks) - 1)]

    def take(self) -> Tok:
        t = self.toks[min(self.i, len(self.toks) - 1)]
        self.i += 1
        return t

    def accept(self, *texts: str) -> Tok | None:
        t = self.peek()
        if t.kind in ("op", "kw") and t.text in texts:
            return self.take()
        return None

    def expect(self, text: str) -> Tok:
        t = self.take()
        if t.text != text or t.kind not in ("op", "kw"):
            raise _Fail(f"line 1:{t.pos} mismatched input '{t.text or '<EOF>'}' expecting '{text}'")
        return t

    def parse(self) -> Node:
        node = self.run(self.or_)
        t = self.peek()
        if t.kind != "eof":
            raise _Fail(f"line 1:{t.pos} extraneous input '{t.text}'")
        return node

    def or_(self):
        node = yield self.and_
        while self.accept("or", "||"):
            node = Node("or", (node, (yield self.and_)))
        return node

    def and_(self):
        node = yield self.eq
        while self.accept("and", "&&"):
            node = Node("and", (node, (yield self.eq)))
        return node

    def eq(self):
        node = yield self.rel
        while (t := self.accept("==", "!=")) is not None:
            node = Node("cmp", (node, (yield self.rel)), t.text)
        return node

    def rel(self):
        node = yield self.in_
        t = self.accept("<", "<=", ">", ">=")
        if t is None:
            return node
        mid = yield self.in_
        t2 = self.accept("<", "<=", ">", ">=")
        if t2 is None:
            return Node("cmp", (node, mid), t.text)
        right = yield self.in_
        # Plan.g4 Range / ReverseRange: both < / <=, or both > / >=, around a field; anything else becomes a
        # comparison of a bool with a number (2.3.5: "1 < i > 0" -> "comparisons between Bool ... and Int64").
        if (t.text[0] == t2.text[0]) and mid.op == "field":
            return Node("range", (node, mid, right), (t.text, t2.text))
        return Node("cmp", (Node("cmp", (node, mid), t.text), right), t2.text)

    def in_(self):
        node = yield self.add
        while True:
            if self.peek().text == "not" and self.peek(1).text == "in":
                self.take()
                self.take()
                node = Node("not", (Node("in", (node, (yield self.literal_list))),))
            elif self.accept("in"):
                node = Node("in", (node, (yield self.literal_list)))
            elif self.accept("like"):
                t = self.take()
                if t.kind != "str":
                    raise _Fail(f"line 1:{t.pos} mismatched input '{t.text}' expecting StringLiteral")
                node = Node("like", (node,), _unescape(t.text[1:-1]))
            elif self.peek().text == "is" and self.dialect.null_exprs:
                self.take()
                negate = bool(self.accept("not"))
                self.expect("null")
                node = Node("isnull", (node,), negate)
            else:
                return node

    def literal_list(self):
        t = self.peek()
        if t.kind != "tmpl" and t.text != "[":
            raise _Fail(f"line 1:{t.pos} no viable alternative at input 'in{t.text}'")
        return (yield self.primary)

    def add(self):
        node = yield self.mul
        while (t := self.accept("+", "-")) is not None:
            node = Node("arith", (node, (yield self.mul)), t.text)
        return node

    def mul(self):
        node = yield self.unary
        while (t := self.accept("*", "/", "%")) is not None:
            node = Node("arith", (node, (yield self.unary)), t.text)
        return node

    def unary(self):
        if self.accept("not", "!"):
            return Node("not", ((yield self.unary),))
        if self.accept("exists"):
            return Node("exists", ((yield self.unary),))
        if (t := self.accept("-", "+")) is not None:
            operand = yield self.unary
            if operand.op == "lit" and isinstance(operand.value, (int, float)) and not isinstance(operand.value, bool):
                if t.text == "-":
                    return Node("lit", (), -operand.value)
                return operand
            if t.text == "+":
                return operand
            return Node("neg", (operand,))
        return (yield self.power)

    def power(self):
        node = yield self.primary
        if self.accept("**"):
            right = yield self.unary
            if node.op != "lit" or right.op != "lit":
                raise _Fail(f"power can only apply on constants: {self._src(node)}**{self._src(right)}")
            return Node("lit", (), _power(node.value, right.value))
        return node

    def _src(self, node: Node) -> str:
        return node.value if node.op == "field" else str(node.value)

    def literal(self, t: Tok) -> Node | None:
        """The node of a literal token (number, string, bool), else None."""
        if t.kind == "int":
            text = t.text
            if text[:2].lower() == "0x":
                value = int(text, 16)
            elif text.startswith("0") and len(text) > 1:
                value = int(text, 8)  # 2.3.5: `i == 010` is i == 8
            else:
                value = int(text)
            return Node("lit", (), _IntLit(value, text))
        if t.kind == "float":
            return Node("lit", (), float(t.text))
        if t.kind == "str":
            return Node("lit", (), _unescape(t.text[1:-1]))
        if t.kind == "kw" and t.text in ("true", "false"):
            return Node("lit", (), t.text == "true")
        return None

    def primary(self):
        t = self.take()
        lit = self.literal(t)
        if lit is not None:
            return lit
        if t.kind == "consts":
            return Node("consts", (), t.value)
        if t.kind == "tmpl":
            name = t.text[1:-1]
            if name not in self.values:
                raise _Fail(f"the value of expression template variable name {{{name}}} is not found")
            return _value_node(self.values[name])
        if t.kind == "kw" and t.text.startswith(("array_", "json_")):
            return (yield lambda: self.call(t.text))
        if t.kind == "kw" and t.text in ("text_match", "phrase_match"):
            return self.match_call(t.text)
        if t.kind == "ident":
            path: list = []
            while self.accept("["):
                k = self.take()
                if k.kind == "str":
                    path.append(_unescape(k.text[1:-1]))
                elif k.kind == "int":
                    path.append(int(k.text))
                else:
                    raise _Fail(f"line 1:{k.pos} invalid json path element '{k.text}'")
                self.expect("]")
            return Node("field", tuple(path), t.text)
        if t.text == "(" and t.kind == "op":
            node = yield self.or_
            self.expect(")")
            return node
        if t.text == "[" and t.kind == "op":
            items = []
            while not self.accept("]"):
                nxt = self.peek(1)
                # a plain literal element is read at once (long lists need not descend the whole grammar)
                lit = self.literal(self.peek()) if nxt.kind == "op" and nxt.text in (",", "]") else None
                if lit is not None:
                    self.take()
                    items.append(lit)
                else:
                    items.append((yield self.or_))
                if not self.accept(","):
                    self.expect("]")
                    break
            for it in items:
                if it.op not in ("lit", "list", "consts"):
                    raise _Fail("list elements must be constants")
            return Node("list", tuple(items))
        raise _Fail(f"line 1:{t.pos} extraneous input '{t.text or '<EOF>'}' expecting {{'(', '[', EXISTS, '+', "
                    "'-', '~', NOT, Identifier, ...}")

    def match_call(self, name: str) -> Node:
        """Plan.g4: TEXTMATCH '(' Identifier ',' StringLiteral (',' textMatchOption)? ')' with the option
        ``minimum_should_match = IntegerConstant``; PHRASEMATCH '(' Identifier ',' StringLiteral (',' expr)? ')'
        (the slop, a constant integer). Node("text_match"/"phrase_match", (field,), (query, option or None))."""
        self.expect("(")
        ident = self.take()
        if ident.kind != "ident":
            raise _Fail(f"line 1:{ident.pos} mismatched input '{ident.text or '<EOF>'}' expecting Identifier")
        self.expect(",")
        q = self.take()
        if q.kind != "str":
            raise _Fail(f"line 1:{q.pos} mismatched input '{q.text or '<EOF>'}' expecting StringLiteral")
        option = None
        if self.accept(","):
            if name == "text_match":
                key = self.take()
                if key.text != "minimum_should_match":
                    raise _Fail(f"line 1:{key.pos} mismatched input '{key.text or '<EOF>'}' expecting "
                                "'minimum_should_match'")
                self.expect("=")
            sign = -1 if self.accept("-") else 1
            v = self.take()
            if v.kind != "int":
                raise _Fail(f"\"slop\" should be a const integer expression with \"uint32\" value. \"slop\" "
                            f"expression passed: {v.text}" if name == "phrase_match" else
                            f"line 1:{v.pos} mismatched input '{v.text or '<EOF>'}' expecting IntegerConstant")
            option = sign * self.literal(v).value
        self.expect(")")
        return Node(name, (Node("field", (), ident.text),), (_unescape(q.text[1:-1]), option))

    def call(self, name: str):
        self.expect("(")
        args = [(yield self.or_)]
        while self.accept(","):
            args.append((yield self.or_))
        self.expect(")")
        return Node("call", tuple(args), name)


class _IntLit(int):
    """An integer literal remembering its source text (overflow message) — behaves as int."""

    def __new__(cls, value: int, text: str):
        obj = super().__new__(cls, value)
        obj.text = text
        return obj


# Exponents whose exact result would exceed this many bits are computed in floating point (±inf when it
# overflows) rather than as a giant integer: `10 ** 10 ** 10` must not take the server down.
_POWER_BITS = 256


def _power(base: Any, exp: Any) -> Any:
    """A constant ``base ** exp`` (Plan.g4 allows ``**`` only between constants)."""
    if not isinstance(base, (int, float)) or not isinstance(exp, (int, float)):
        raise _Fail(f"power can only apply on numbers: {base!r}**{exp!r}")
    base, exp = (b if isinstance(b, float) else int(b) for b in (base, exp))
    try:
        if isinstance(base, int) and isinstance(exp, int) and exp >= 0:
            if abs(base) > 1 and exp * math.log2(abs(base)) > _POWER_BITS:
                return math.inf if base > 0 or exp % 2 == 0 else -math.inf
            return base ** exp
        return math.pow(base, exp)
    except OverflowError:
        return math.inf
    except (ZeroDivisionError, ValueError):  # 0 ** -1, (-8) ** 0.5: math.Pow gives Inf / NaN
        return math.inf if base == 0 else math.nan


def _value_node(v: Any) -> Node:
    """A template value as a node: lists (nested to any depth) as list nodes, anything else a literal."""
    if not isinstance(v, (list, tuple)):
        return Node("lit", (), v)
    root = Node("list", ())
    stack = [(root, list(v))]
    while stack:
        node, items = stack.pop()
        kids = []
        for x in items:
            if isinstance(x, (list, tuple)):
                kid = Node("list", ())
                stack.append((kid, list(x)))
                kids.append(kid)
            else:
                kids.append(Node("lit", (), x))
        node.args = tuple(kids)
    return root


# ------------------------------------------------------------------------------------------------------------
# Type checking
# ------------------------------------------------------------------------------------------------------------

_NUM = {DT.Int8, DT.Int16, DT.Int32, DT.Int64, DT.Float, DT.Double}
_INTS = {DT.Int8, DT.Int16, DT.Int32, DT.Int64}
_STR = {DT.VarChar, DT.String}


def _go_type(dtype: Any) -> str:
    if isinstance(dtype, tuple):  # ("array", element type) / ("elem", element type)
        return "Array"
    if dtype == DT.String:
        return "VarChar"
    try:
        return DT.Name(dtype)
    except (ValueError, TypeError):
        return str(dtype)


# Deep trees are checked and evaluated in slices of this many levels: the nodes at every multiple of it are done
# first, deepest first, so no recursion ever goes further than about this many levels down (nested ``not``,
# right-nested ``and`` / arithmetic, nested lists and calls of any depth).
_DEPTH_STEP = 100
_NONE = object()


def _checkpoints(root: Node) -> list[Node]:
    """The nodes at depths that are positive multiples of _DEPTH_STEP, deepest first (empty for a shallow tree)."""
    found: list[tuple[int, Node]] = []
    stack = [(root, 0)]
    while stack:
        n, depth = stack.pop()
        if depth and depth % _DEPTH_STEP == 0:
            found.append((depth, n))
        for c in children(n):
            if isinstance(c, Node):
                stack.append((c, depth + 1))
    found.sort(key=lambda p: -p[0])
    return [n for _, n in found]


class _Checker:
    """Static checks Milvus's planner performs; returns a type tag per node: a DataType, 'json', 'bool', 'list'."""

    def __init__(self, fields: Mapping[str, schema_pb2.FieldSchema], dynamic: bool, dialect: Dialect):
        self.fields = fields
        self.dynamic = dynamic
        self.dialect = dialect
        self.memo: dict[int, Any] = {}

    def check_tree(self, root: Node) -> Any:
        for n in _checkpoints(root):
            self.memo[id(n)] = self.check(n)
        return self.check(root)

    def field_type(self, node: Node) -> Any:
        name = node.value
        if name == DYNAMIC_FIELD:
            return "json"
        f = self.fields.get(name)
        if f is None:
            if self.dynamic:
                return "json"
            # unverified: Milvus src internal/parser/planparserv2 "field %s not exist" (2.3.5 dynamic-off).
            raise _Fail(f"field {name} not exist")
        if f.data_type == DT.JSON:
            return "json"
        if f.data_type == DT.Array:
            return ("elem", f.element_type) if node.args else ("array", f.element_type)
        if f.data_type in {DT.FloatVector, DT.BinaryVector, DT.Float16Vector, DT.BFloat16Vector,
                           DT.SparseFloatVector, DT.Int8Vector}:
            raise _Fail(f"cannot use vector field {name} in expression")
        return f.data_type

    def check(self, n: Node) -> Any:
        if self.memo:
            hit = self.memo.get(id(n), _NONE)
            if hit is not _NONE:
                return hit
        op = n.op
        if op == "lit":
            v = n.value
            if isinstance(v, _IntLit) and not INT64_MIN <= v <= INT64_MAX:
                raise _Fail(f'strconv.ParseInt: parsing "{v.text}": value out of range')
            if isinstance(v, int) and not isinstance(v, bool) and not INT64_MIN <= v <= INT64_MAX:
                raise _Fail(f'strconv.ParseInt: parsing "{abs(v)}": value out of range')
            return "bool" if isinstance(v, bool) else "int" if isinstance(v, int) else \
                "float" if isinstance(v, float) else "str" if isinstance(v, str) else "json"
        if op == "field":
            t = self.field_type(n)
            return t[1] if isinstance(t, tuple) and t[0] == "elem" else t
        if op in ("text_match", "phrase_match"):
            return self.check_match(n)
        if op == "list":
            for a in n.args:
                self.check(a)
            return "list"
        if op == "consts":
            values = n.value
            if values and isinstance(values[0], int) and not (INT64_MIN <= min(values) and max(values) <= INT64_MAX):
                bad = next(v for v in values if not INT64_MIN <= v <= INT64_MAX)
                raise _Fail(f'strconv.ParseInt: parsing "{abs(bad)}": value out of range')
            return "list"
        if op in ("and", "or"):
            word = "and" if op == "and" else "or"
            for a in n.args:
                # 2.3.5: `i > 1 and true` -> "'and' can only be used between boolean expressions" (a constant
                # is not a boolean *expression* there).
                if self.check(a) != "bool" or (a.op == "lit" and not self.dialect.null_exprs):
                    raise _Fail(f"'{word}' can only be used between boolean expressions")
            return "bool"
        if op == "not":
            if self.check(n.args[0]) != "bool":
                raise _Fail("not op can only be applied on boolean expression")
            return "bool"
        if op == "exists":
            if n.args[0].op != "field" or self.check(n.args[0]) != "json":
                raise _Fail("exists operations are only supported on json field")
            return "bool"
        if op == "isnull":
            self.check(n.args[0])
            return "bool"
        if op == "like":
            t = self.check(n.args[0])
            if t not in _STR and t != "json":
                raise _Fail("like operation on non-string or no-json field is unsupported")
            pattern = n.value
            if not self.dialect.like_wildcards:
                body = pattern[:-1] if pattern.endswith("%") else pattern
                if "%" in body.replace("\\%", ""):
                    raise _Fail(f"unsupported pattern: {pattern}, only prefix pattern match like ab% and equal "
                                "match like ab(no wildcards) are supported")
            return "bool"
        if op == "in":
            t = self.check(n.args[0])
            rhs = n.args[1]
            if not is_list(rhs):
                raise _Fail("the right operand of 'in' must be a list")
            self.check(rhs)
            if rhs.op == "consts":
                if rhs.value:  # all ints or all strings: the first stands for them all
                    self._compatible_value(t, rhs.value[0], in_list=True)
            else:
                for item in rhs.args:
                    self._compatible(t, item, in_list=True)
            return "bool"
        if op == "neg":
            if not self.dialect.unary_minus_field:
                raise _Fail("unexpected op: -")
            return self.check(n.args[0])
        if op == "arith":
            lt, rt = self.check(n.args[0]), self.check(n.args[1])
            for t in (lt, rt):
                if t not in _NUM and t not in ("int", "float", "json"):
                    raise _Fail(f"{n.value} can only apply on numeric fields")
            if n.value == "/" and n.args[1].op == "lit" and n.args[1].value == 0 and (lt in _INTS or lt == "int"):
                # Observed: Milvus 2.3.5's query node crashed on `i / 0 == 1`; refuse instead of modelling it.
                raise _Fail("divide by zero")
            if lt in ("int", "float") and rt in ("int", "float"):
                return "float" if "float" in (lt, rt) else "int"
            return "arith"
        if op == "call":
            return self.check_call(n)
        if op == "range":
            lo, mid, hi = n.args
            t = self.check(mid)
            self._compatible(t, lo)
            self._compatible(t, hi)
            return "bool"
        if op == "cmp":
            lt, rt = self.check(n.args[0]), self.check(n.args[1])
            if "bool" in (lt, rt) and (lt, rt) != ("bool", "bool") and DT.Bool not in (lt, rt) \
                    and "json" not in (lt, rt):
                other = rt if lt == "bool" else lt
                raise _Fail(f"comparisons between Bool, element_type: None and {self._name(other)} "
                            "elementType: None are not supported")
            if lt == "bool" and rt == "bool":
                raise _Fail("not supported to combine multiple fields")
            for a, b, ta, _tb in ((n.args[0], n.args[1], lt, rt), (n.args[1], n.args[0], rt, lt)):
                if ta == "json" and a.op == "field" and not a.args and a.value != DYNAMIC_FIELD \
                        and a.value in self.fields:
                    raise _Fail("can not comparisons jsonField directly")
                if ta in ("arith", "arr_len") and n.value not in ("==", "!=") and not self.dialect.arith_ordering:
                    raise _Fail(f"{_CMP_NAMES[n.value]} is not supported in execution backend")
                if b.op == "lit" and not isinstance(ta, str):
                    self._compatible(ta, b)
                if isinstance(ta, tuple) and ta[0] == "array" and not is_list(b):
                    raise _Fail("comparisons between Array and scalar are not supported")
            if not isinstance(lt, str) and not isinstance(rt, str):
                if (lt in _NUM) != (rt in _NUM) or (lt in _STR) != (rt in _STR):
                    raise _Fail(f"comparisons between {_go_type(lt)}, element_type: None and {_go_type(rt)} "
                                "elementType: None are not supported")
            return "bool"
        raise _Fail(f"unsupported expression {op}")

    def _name(self, t: Any) -> str:
        return {"int": "Int64", "float": "Double", "str": "VarChar", "bool": "Bool"}.get(t, str(t)) \
            if isinstance(t, str) else _go_type(t)

    def _compatible(self, ftype: Any, lit: Node, in_list: bool = False) -> None:
        if lit.op == "lit":
            self._compatible_value(ftype, lit.value, in_list)

    def _compatible_value(self, ftype: Any, v: Any, in_list: bool = False) -> None:
        if isinstance(ftype, str) or isinstance(ftype, tuple):
            return
        if ftype in _INTS:
            if isinstance(v, float) and not self.dialect.int_field_float_literal:
                if in_list:
                    raise _Fail(f"value '{v}' in list cannot be casted to Int64")
                shown = int(v) if math.isfinite(v) and v == int(v) else v
                raise _Fail(f"cannot cast value to {_go_type(ftype)}, value: float_val:{shown} ")
            if isinstance(v, (str, bool)):
                kind = "VarChar" if isinstance(v, str) else "Bool"
                raise _Fail(f"comparisons between {_go_type(ftype)}, element_type: None and {kind} elementType: None "
                            "are not supported")
        elif ftype in _NUM:
            if isinstance(v, (str, bool)):
                kind = "VarChar" if isinstance(v, str) else "Bool"
                raise _Fail(f"comparisons between {_go_type(ftype)}, element_type: None and {kind} elementType: None "
                            "are not supported")
        elif ftype in _STR:
            if not isinstance(v, str):
                kind = "Bool" if isinstance(v, bool) else "Int64" if isinstance(v, int) else "Double"
                raise _Fail(f"comparisons between VarChar, element_type: None and {kind} elementType: None are not "
                            "supported")
        elif ftype == DT.Bool and not isinstance(v, bool):
            raise _Fail("comparisons between Bool, element_type: None and Int64 elementType: None are not supported")

    def check_call(self, n: Node) -> Any:
        name = n.value
        target = n.args[0]
        t = self.check(target) if target.op == "field" else None
        if name == "array_length":
            if not (isinstance(t, tuple) and t[0] == "array") and t != "json":
                raise _Fail(f"array_length operation are only supported on json or array fields now, got: "
                            f"{name}({self._label(target)})")
            return "arr_len"
        if not (isinstance(t, tuple) and t[0] == "array") and t != "json":
            raise _Fail(f"contains operation are only supported on json or array fields now, got: {self._label(target)}")
        if name.startswith("json_") and t == "json" and not target.args and target.value in self.fields:
            raise _Fail("can not comparisons jsonField directly")
        if len(n.args) != 2:
            raise _Fail(f"{name} needs two arguments")
        arg = n.args[1]
        self.check(arg)
        if isinstance(t, tuple):
            if arg.op == "consts":  # all ints or all strings: the first stands for them all
                items = [Node("lit", (), v) for v in arg.value[:1]]
            else:
                items = arg.args if arg.op == "list" else (arg,)
            for item in items:
                if item.op == "lit" and t[1] in _NUM and isinstance(item.value, str):
                    raise _Fail(f"contains operation can't compare between array element type: {_go_type(t[1])} "
                                "and VarChar")
        if name.endswith(("_all", "_any")) and not is_list(arg):
            raise _Fail(f"{name} operation element must be an array")
        return "bool"

    def check_match(self, n: Node) -> str:
        """master VisitTextMatch / VisitPhraseMatch: a string field (a non-string one, JSON keys included →
        "... on non-string is unsupported"), then the field's enable_match ("field \"x\" does not enable match"),
        then minimum_should_match in [1, 1000] / the slop in [0, 2^32)."""
        target = n.args[0]
        what = "text match" if n.op == "text_match" else "phrase match"
        f = self.fields.get(target.value)
        if f is None and not self.dynamic:
            raise _Fail(f"field {target.value} not exist")
        if f is None or f.data_type not in _STR:
            raise _Fail(f"{what} operation on non-string is unsupported")
        if not analyzer.match_enabled(f):
            raise _Fail(f'field "{target.value}" does not enable match')
        option = n.value[1]
        if option is not None and n.op == "text_match" and not 1 <= option <= 1000:
            raise _Fail(f"minimum_should_match should be {'>= 1' if option < 1 else '<= 1000'}, got {option}")
        if option is not None and n.op == "phrase_match":
            if option < 0:
                raise _Fail(f'"slop" should not be a negative interger. "slop" passed: {option}')
            if option > 2**32 - 1:
                raise _Fail(f'"slop" exceeds the range of "uint32". "slop" expression passed: {option}')
        return "bool"

    @staticmethod
    def _label(node: Node) -> str:
        if node.op != "field":
            return str(node.value) if node.op == "lit" else node.op
        return node.value + "".join(f'["{p}"]' if isinstance(p, str) else f"[{p}]" for p in node.args)


_CMP_NAMES = {"<": "LessThan", "<=": "LessEqual", ">": "GreaterThan", ">=": "GreaterEqual", "==": "Equal",
              "!=": "NotEqual"}


# ------------------------------------------------------------------------------------------------------------
# Evaluation
# ------------------------------------------------------------------------------------------------------------

def _is_num(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _kind(v: Any) -> str:
    if isinstance(v, bool):
        return "bool"
    if _is_num(v):
        return "num"
    if isinstance(v, str):
        return "str"
    if isinstance(v, (list, tuple)):
        return "list"
    return "other"


def _eq(a: Any, b: Any) -> bool:
    """Equality of values: kinds must agree (a bool is no number, a string no number), numbers by value, lists
    element-wise (nested to any depth), anything else by Python equality."""
    stack = [(a, b)]
    while stack:
        x, y = stack.pop()
        kx = _kind(x)
        if kx != _kind(y):
            return False
        if kx == "list":
            if len(x) != len(y):
                return False
            stack.extend(zip(x, y, strict=True))
        elif not _loose_eq(x, y):
            return False
    return True


def _loose_eq(a: Any, b: Any) -> bool:
    """Python's ``==``, also for values nested deeper than its recursion allows (JSON objects)."""
    try:
        return a == b
    except RecursionError:
        pass
    stack = [(a, b)]
    while stack:
        x, y = stack.pop()
        if isinstance(x, Mapping) and isinstance(y, Mapping):
            if x.keys() != y.keys():
                return False
            stack.extend((x[k], y[k]) for k in x)
        elif isinstance(x, list) and isinstance(y, list):
            if len(x) != len(y):
                return False
            stack.extend(zip(x, y, strict=True))
        elif isinstance(x, (Mapping, list)) or isinstance(y, (Mapping, list)):
            return False
        elif x != y:
            return False
    return True


class _Members:
    """A constant list's elements for membership tests: hashable ones in sets per kind (so ``in [10^6 keys]``
    costs one lookup per row), the rest compared one by one with ``_eq``."""

    def __init__(self, values: Sequence):
        self.nums: set = set()
        self.strs: set = set()
        self.bools: set = set()
        self.others: list = []
        for v in values:
            k = _kind(v)
            if k == "num" and not (isinstance(v, float) and math.isnan(v)):
                self.nums.add(v)
            elif k == "str":
                self.strs.add(v)
            elif k == "bool":
                self.bools.add(v)
            elif k != "num":
                self.others.append(v)

    def __contains__(self, v: Any) -> bool:
        k = _kind(v)
        if k == "num":
            return v in self.nums
        if k == "str":
            return v in self.strs
        if k == "bool":
            return v in self.bools
        return any(_eq(v, x) for x in self.others)

    def distinct(self) -> list:
        return [*self.nums, *self.strs, *self.bools, *self.others]


def _order(a: Any, b: Any, op: str) -> bool:
    ka, kb = _kind(a), _kind(b)
    if ka != kb or ka not in ("num", "str"):
        return False
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]


@lru_cache(maxsize=256)
def _like_plan(pattern: str) -> tuple[tuple[re.Pattern, int], ...]:
    """``%``-separated pieces of a LIKE pattern, each a regex matching a fixed number of characters (``_`` any
    one character, ``\\x`` a literal x) and that number. Matching piece by piece never backtracks across ``%``
    (a pattern of many ``%`` stays linear)."""
    pieces: list[list[str]] = [[]]
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            pieces[-1].append(re.escape(pattern[i + 1]))
            i += 2
            continue
        if c == "%":
            pieces.append([])
        else:
            pieces[-1].append("." if c == "_" else re.escape(c))
        i += 1
    return tuple((re.compile("".join(p), re.S), len(p)) for p in pieces)


def _like(value: Any, pattern: str) -> bool:
    if not isinstance(value, str):
        return False
    pieces = _like_plan(pattern)
    if len(pieces) == 1:
        return pieces[0][0].fullmatch(value) is not None
    (first, _), *middle, (last, width) = pieces
    m = first.match(value)
    if m is None:
        return False
    pos = m.end()
    for piece, _ in middle:  # the leftmost match of each piece between two %: enough for wildcard matching
        m = piece.search(value, pos)
        if m is None:
            return False
        pos = m.end()
    start = len(value) - width
    return start >= pos and last.fullmatch(value, start) is not None


def _like_2_3(value: Any, pattern: str) -> bool:
    # 2.3.5: prefix (trailing %) or exact; `_` and a non-trailing `\%` are literal characters.
    if not isinstance(value, str):
        return False
    if pattern.endswith("%") and not pattern.endswith("\\%"):
        return value.startswith(pattern[:-1])
    return value == pattern


def _trunc_div(a: int, b: int) -> int:
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def _arith(op: str, a: Any, b: Any) -> Any:
    if not (_is_num(a) and _is_num(b)):
        return _MISSING
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if isinstance(a, int) and isinstance(b, int):
        if b == 0:
            return _MISSING  # 2.3.5: `i % 0 == 1` matched nothing
        if op == "/":
            return _trunc_div(a, b)
        return a - b * _trunc_div(a, b)  # C++ remainder: sign follows the dividend (2.3.5: -5 % 3 != 1)
    if b == 0:
        return _MISSING
    try:
        return a / b if op == "/" else math.fmod(a, b)
    except (ValueError, OverflowError):  # fmod(inf, x), int too large for a float
        return math.nan


class Expr:
    """A compiled filter expression."""

    def __init__(self, text: str, root: Node, fields: Mapping[str, schema_pb2.FieldSchema], dynamic: bool,
                 dialect: Dialect):
        self.text = text
        self.root = root
        self.fields = fields
        self.dynamic = dynamic
        self.dialect = dialect
        self._checkpoints = _checkpoints(root)
        self._nullable = self._nullable_nodes(root)
        self._members: dict[int, _Members] = {}

    def matches(self, row: Mapping[str, Any]) -> bool:
        if not self._checkpoints:
            return self.eval(self.root, row) is True
        memo: dict[int, Any] = {}
        for n in self._checkpoints:  # deepest first: no recursion goes further than _DEPTH_STEP levels
            memo[id(n)] = self.eval(n, row, memo)
        return self.eval(self.root, row, memo) is True

    def eval(self, n: Node, row: Mapping[str, Any], memo: dict | None = None) -> Any:
        if memo is not None:
            hit = memo.get(id(n), _NONE)
            if hit is not _NONE:
                return hit
        op = n.op
        if op == "lit":
            return int(n.value) if isinstance(n.value, _IntLit) else n.value
        if op == "list":
            return [self.eval(a, row, memo) for a in n.args]
        if op == "consts":
            return n.value
        if op == "field":
            return self.lookup(n, row)
        if op == "and":
            a = self.eval(n.args[0], row, memo)
            if a is False:
                return False
            b = self.eval(n.args[1], row, memo)
            if b is False:
                return False
            return True if (a is True and b is True) else UNKNOWN
        if op == "or":
            a = self.eval(n.args[0], row, memo)
            if a is True:
                return True
            b = self.eval(n.args[1], row, memo)
            if b is True:
                return True
            return False if (a is False and b is False) else UNKNOWN
        if op == "not":
            a = self.eval(n.args[0], row, memo)
            return UNKNOWN if a is UNKNOWN else not a
        if op == "isnull":
            v = self.eval(n.args[0], row, memo)
            null = v is None or v is _MISSING
            return not null if n.value else null
        if op == "exists":
            return self.eval(n.args[0], row, memo) is not _MISSING
        if op == "like":
            v = self.eval(n.args[0], row, memo)
            if v is None:
                return self._null_or_false(n.args[0])
            return (_like if self.dialect.like_wildcards else _like_2_3)(v, n.value)
        if op == "in":
            v = self.eval(n.args[0], row, memo)
            if v is None:
                return self._null_or_false(n.args[0])
            return v in self.members(n.args[1], row, memo)
        if op == "neg":
            v = self.eval(n.args[0], row, memo)
            return -v if _is_num(v) else _MISSING
        if op == "arith":
            return _arith(n.value, self.eval(n.args[0], row, memo), self.eval(n.args[1], row, memo))
        if op == "range":
            lo, mid, hi = (self.eval(a, row, memo) for a in n.args)
            if mid is None:
                return self._null_or_false(n.args[1])
            o1, o2 = n.value
            return _order(lo, mid, o1) and _order(mid, hi, o2)
        if op == "cmp":
            a, b = self.eval(n.args[0], row, memo), self.eval(n.args[1], row, memo)
            if a is None or b is None:
                if self._is_nullable(n.args[0]) or self._is_nullable(n.args[1]):
                    return UNKNOWN
            if n.value == "==":
                return a is not _MISSING and b is not _MISSING and _eq(a, b)
            if n.value == "!=":
                # 2.3.5: a missing JSON key / null / other kind is "not equal" (j["a"] != 1 matched them).
                return not (a is not _MISSING and b is not _MISSING and _eq(a, b))
            return _order(a, b, n.value)
        if op == "call":
            return self.call(n, row, memo)
        if op in ("text_match", "phrase_match"):
            return self.match(n, row)
        raise AssertionError(op)

    def match(self, n: Node, row: Mapping[str, Any]) -> Any:
        """TEXT_MATCH: the row's text holds at least minimum_should_match (default 1) of the query's distinct
        tokens, both read by the field's analyzer; PHRASE_MATCH: the query's tokens in order within ``slop``
        extra positions (default 0). A null text matches nothing."""
        f = self.fields[n.args[0].value]
        text = row.get(f.name)
        if not isinstance(text, str):
            return False
        query, option = n.value
        an = analyzer.of_field(f)
        if n.op == "phrase_match":
            ok, slop = analyzer.phrase_slop(an, query, text)
            return ok and slop <= (option or 0)
        wanted = {t.token for t in an.tokens(query)}
        if not wanted:
            return False
        have = {t.token for t in an.tokens(text)}
        return len(wanted & have) >= (option or 1)

    def members(self, n: Node, row: Mapping[str, Any], memo: dict | None = None) -> _Members:
        """The elements of list ``n`` as a membership test; built once for a constant list."""
        constant = n.op == "consts" or (n.op == "list" and all(a.op == "lit" for a in n.args))
        if not constant:
            values = self.eval(n, row, memo)
            return _Members(values if isinstance(values, (list, tuple)) else [values])
        found = self._members.get(id(n))
        if found is None:
            found = self._members[id(n)] = _Members(self.eval(n, row))
        return found

    def _nullable_nodes(self, root: Node) -> set[int]:
        """ids of the nodes whose value may be null: nullable fields and anything computed from one."""
        order: list[Node] = []
        stack = [root]
        while stack:
            n = stack.pop()
            order.append(n)
            stack.extend(c for c in children(n) if isinstance(c, Node))
        nullable: set[int] = set()
        for n in reversed(order):  # children before their parents
            if n.op == "field":
                f = self.fields.get(n.value)
                if f is not None and f.nullable:
                    nullable.add(id(n))
            elif any(id(c) in nullable for c in children(n) if isinstance(c, Node)):
                nullable.add(id(n))
        return nullable

    def _is_nullable(self, n: Node) -> bool:
        return id(n) in self._nullable

    def _null_or_false(self, n: Node) -> Any:
        return UNKNOWN if self._is_nullable(n) else False

    def lookup(self, n: Node, row: Mapping[str, Any]) -> Any:
        name = n.value
        if name == DYNAMIC_FIELD:
            value = row.get(DYNAMIC_FIELD, {k: v for k, v in row.items() if k not in self.fields})
        elif name in self.fields:
            value = row.get(name)
        else:
            meta = row.get(DYNAMIC_FIELD)
            value = meta.get(name, _MISSING) if isinstance(meta, Mapping) else row.get(name, _MISSING)
        if isinstance(value, (bytes, bytearray)) and name in self.fields and self.fields[name].data_type == DT.JSON:
            try:
                value = json_loads(value)  # a raw JSON document (a default value)
            except ValueError:
                return _MISSING
        for p in n.args:
            if isinstance(p, str) and isinstance(value, Mapping):
                value = value.get(p, _MISSING)
            elif isinstance(p, int) and isinstance(value, (list, tuple)) and 0 <= p < len(value):
                value = value[p]
            else:
                return _MISSING
        return value

    def call(self, n: Node, row: Mapping[str, Any], memo: dict | None = None) -> Any:
        name = n.value
        target = self.eval(n.args[0], row, memo)
        if target is None and self._is_nullable(n.args[0]):
            return UNKNOWN
        if not isinstance(target, (list, tuple)):
            return _MISSING if name == "array_length" else False
        if name == "array_length":
            return len(target)
        if name in ("array_contains", "json_contains"):
            arg = self.eval(n.args[1], row, memo)
            return any(_eq(x, arg) for x in target)
        wanted = self.members(n.args[1], row, memo)
        if name in ("array_contains_all", "json_contains_all"):
            distinct = wanted.distinct()
            if len(distinct) > len(target):  # each wanted value needs an element of its own
                return False
            return all(any(_eq(x, y) for x in target) for y in distinct)
        return any(x in wanted for x in target)


def _fields_of(schema: schema_pb2.CollectionSchema | Mapping[str, schema_pb2.FieldSchema]
               ) -> tuple[dict[str, schema_pb2.FieldSchema], bool]:
    if isinstance(schema, schema_pb2.CollectionSchema):
        return {f.name: f for f in schema.fields if not f.is_dynamic}, schema.enable_dynamic_field
    return dict(schema), False


def compile_expr(text: str, schema: schema_pb2.CollectionSchema | Mapping[str, schema_pb2.FieldSchema], *,
                 dialect: Dialect = MILVUS_2_3, values: Mapping[str, Any] | None = None,
                 dynamic: bool | None = None) -> Expr:
    """Parse and type-check ``text``; raise :class:`ExprError` as the server would. ``values`` fills template
    placeholders ``{name}`` (CURRENT dialect; 2.3.5 rejects ``{``: "token recognition error at: '}'")."""
    fields, dyn = _fields_of(schema)
    if dynamic is not None:
        dyn = dynamic
    try:
        root = _Parser(text, dialect, values).parse()
        kind = _Checker(fields, dyn, dialect).check_tree(root)
        if kind != "bool":
            # 2.3.5: "predicate is not a boolean expression: i, data type: Int64" (no parse prefix); the literal
            # `true` gets the same answer ("..., data type: Bool") — a constant is not a predicate there.
            shown = "Bool" if kind == "bool" else _go_type(kind) if not isinstance(kind, str) else \
                {"int": "Int64", "float": "Double", "str": "VarChar", "json": "JSON"}.get(kind, kind)
            raise _Fail(f"predicate is not a boolean expression: {shorten(text)}, data type: {shown}", prefixed=False)
        if root.op == "lit" and dialect is MILVUS_2_3:
            raise _Fail(f"predicate is not a boolean expression: {shorten(text)}, data type: Bool", prefixed=False)
    except _Fail as f:
        raise ExprError(text, f.detail, dialect, prefixed=f.prefixed) from None
    return Expr(text, root, fields, dyn, dialect)


def filter_rows(text: str, rows: Sequence[Mapping[str, Any]],
                schema: schema_pb2.CollectionSchema | Mapping[str, schema_pb2.FieldSchema], *,
                dialect: Dialect = MILVUS_2_3, values: Mapping[str, Any] | None = None) -> list[bool]:
    """One bool per row (empty expression = every row, as Query with only a limit does)."""
    if not text.strip():
        return [True] * len(rows)
    e = compile_expr(text, schema, dialect=dialect, values=values)
    return [e.matches(r) for r in rows]
