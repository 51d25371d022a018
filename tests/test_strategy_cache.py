"""Strategy builders return one strategy per distinct arguments (conformance/strategies/_cache.py)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.model import expr as x
from conformance.protocol import schema_pb2
from conformance.strategies import collection_schemas, invalid_name, make_field
from conformance.strategies._cache import memoized
from conformance.strategies.expressions import valid_exprs

DT = schema_pb2.DataType


def schema(name="c", extra=()):
    return schema_pb2.CollectionSchema(name=name, fields=[
        make_field("id", DT.Int64, primary=True), make_field("n", DT.Int64), *extra,
        make_field("vec", DT.FloatVector, dim=4)])


def test_same_arguments_same_strategy():
    assert valid_exprs(schema(), x.MILVUS_2_3) is valid_exprs(schema(), x.MILVUS_2_3)
    assert valid_exprs(schema(), x.MILVUS_2_3) is not valid_exprs(schema(), x.CURRENT)
    assert valid_exprs(schema(), x.MILVUS_2_3, max_leaves=2) is not valid_exprs(schema(), x.MILVUS_2_3)
    assert collection_schemas(features={"nullable"}) is collection_schemas(features=frozenset({"nullable"}))
    assert invalid_name("mc12345678", "alias", "empty") is invalid_name("mc12345678", "alias", "empty")


def test_a_schema_changed_after_the_call_gets_its_own_strategy():
    s = schema()
    before = valid_exprs(s, x.MILVUS_2_3)
    s.fields.append(make_field("s", DT.VarChar, max_length=8))
    after = valid_exprs(s, x.MILVUS_2_3)
    assert after is not before
    uses_s = re.compile(r'(?<![\w"])s(?![\w"])')
    drawn = {"before": [], "after": []}

    @settings(max_examples=80, database=None, derandomize=True)
    @given(a=before, b=after)
    def draw(a, b):
        drawn["before"].append(a)
        drawn["after"].append(b)

    draw()
    # The cached strategy was built from a private copy: the field added later never appears in it.
    assert not any(uses_s.search(e) for e in drawn["before"])
    assert any(uses_s.search(e) for e in drawn["after"])


def test_unhashable_arguments_build_afresh():
    calls = []

    @memoized
    def build(values):
        calls.append(1)
        return st.sampled_from(sorted(values))

    build([1, 2])
    build([1, 2])
    build(frozenset({1, 2}))
    assert len(calls) == 2  # the list is keyed by value; the frozenset is a different key
    build(bytearray(b"ab"))  # no value identity: built afresh each time, never cached
    build(bytearray(b"ab"))
    assert len(calls) == 4 and len(build.cache) == 2
