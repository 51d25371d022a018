"""Query features beyond plain filters: every consistency level (and ``use_default_consistency``, a
``guarantee_timestamp``), expression template values (``expr_template_values``) for Query and Delete, and
``is null`` / ``is not null`` on nullable fields.

ConsistencyLevel Strong=0 .. Customized=4 and QueryRequest.guarantee_timestamp / use_default_consistency are in
milvus-proto since v2.3.0; expression templates work from Milvus v2.4.17 (2.5 line: 2.5.0; the registered
checks' ``since``); nullable fields arrive with the Milvus 2.5 line."""

from __future__ import annotations

import itertools

import pytest

from conformance.expectations import verify
from conformance.expectations.oracle import (
    INSERTED,
    check_query,
    ids_of,
    prepare,
    request_of,
    standard_rows,
    standard_schema,
)
from conformance.model.expr import CURRENT
from conformance.model.rules.dataplane import TEMPLATES_SINCE
from conformance.orm import Collection
from conformance.protocol import common_pb2, milvus_pb2, schema_pb2
from conformance.strategies.schemas import make_field

CL = common_pb2.ConsistencyLevel
DT = schema_pb2.DataType
N_ROWS = 30
FIELDS = ["id", "n", "s", "f"]
QUERY_OK = "Query/accepts-valid-filter"
_fresh = itertools.count(10_000, 10)


@pytest.fixture(scope="module")
def data(loaded_collection):
    return loaded_collection(standard_schema, standard_rows(0, N_ROWS))


def query_request(coll, expr: str, fields=FIELDS, **kw) -> milvus_pb2.QueryRequest:
    return milvus_pb2.QueryRequest(db_name=coll.db_name, collection_name=coll.name, expr=expr,
                                   output_fields=list(fields), **kw)


def template(value) -> schema_pb2.TemplateValue:
    """A python value as a TemplateValue (milvus-proto schema.proto: bool/int64/double/string/array)."""
    if isinstance(value, bool):
        return schema_pb2.TemplateValue(bool_val=value)
    if isinstance(value, int):
        return schema_pb2.TemplateValue(int64_val=value)
    if isinstance(value, float):
        return schema_pb2.TemplateValue(float_val=value)
    if isinstance(value, str):
        return schema_pb2.TemplateValue(string_val=value)
    arr = schema_pb2.TemplateArrayValue()
    if all(isinstance(v, bool) for v in value):
        arr.bool_data.data.extend(value)
    elif all(isinstance(v, int) for v in value):
        arr.long_data.data.extend(value)
    elif all(isinstance(v, (int, float)) for v in value):
        arr.double_data.data.extend(value)
    else:
        arr.string_data.data.extend(value)
    return schema_pb2.TemplateValue(array_val=arr)


def templates(values: dict) -> dict:
    return {k: template(v) for k, v in values.items()}


# ---- consistency levels -------------------------------------------------------------------------------------

LEVELS = [("Strong", CL.Strong, False), ("Session", CL.Session, True), ("Bounded", CL.Bounded, False),
          ("Eventually", CL.Eventually, False), ("Customized", CL.Customized, True)]


@pytest.mark.rpc("Query", "Insert")
@pytest.mark.parametrize("label,level,with_ts", LEVELS, ids=[x[0] for x in LEVELS])
def test_query_accepts_every_consistency_level(data, check, label, level, with_ts):
    """Each level is accepted (verified on Milvus 2.3.5). Strong, and Session / Customized with
    guarantee_timestamp = the Insert's MutationResult.timestamp (what pymilvus's session consistency sends),
    see rows inserted just before (proxy: Strong waits for the TSO, the others for the given timestamp;
    milvus-io/milvus internal/proxy/task_query.go). Bounded / Eventually may lag: their rows are a subset."""
    coll, oracle = data
    rows = standard_rows(next(_fresh), 2)
    reply = coll.insert(rows)
    check(reply, INSERTED)
    oracle.insert(rows, ids_of(reply.IDs))
    keys = [r["id"] for r in rows]
    expr = f"id in {keys}"
    ts = reply.timestamp if with_ts else 0
    got = coll.conn.call("Query", query_request(coll, expr, consistency_level=level, guarantee_timestamp=ts))
    check(got, QUERY_OK)
    expected = oracle.query(expr)
    if level in (CL.Bounded, CL.Eventually):
        got_keys = {k for fd in got.fields_data if fd.field_name == "id" for k in fd.scalars.long_data.data}
        verify("Query/result/no-extra-rows", got_keys <= set(expected),
               expected=f"{label} consistency: a subset of {keys}", actual=str(sorted(got_keys)),
               request=request_of(coll, got))
        return
    check_query(got, expected, oracle, request_of(coll, got), output_fields=FIELDS)


@pytest.mark.rpc("Query", "Insert")
def test_query_use_default_consistency(data, check):
    """``use_default_consistency`` = the collection's level; this collection was created Strong (enum 0), so a
    fresh insert is visible (verified on Milvus 2.3.5)."""
    coll, oracle = data
    rows = standard_rows(next(_fresh), 2)
    reply = coll.insert(rows)
    check(reply, INSERTED)
    oracle.insert(rows, ids_of(reply.IDs))
    expr = f"id in {[r['id'] for r in rows]}"
    got = coll.conn.call("Query", query_request(coll, expr, consistency_level=CL.Eventually,
                                                use_default_consistency=True))
    check(got, QUERY_OK)
    check_query(got, oracle.query(expr), oracle, request_of(coll, got), output_fields=FIELDS)


# ---- expression templates -----------------------------------------------------------------------------------

TEMPLATED = [
    ("n > {k}", {"k": 3}, "n > 3"),
    ("id in {ids}", {"ids": [1, 3, 5, 29, 77]}, "id in [1, 3, 5, 29, 77]"),
    ("s == {s}", {"s": "s2"}, 's == "s2"'),
    ("s in {ss}", {"ss": ["s1", "s4"]}, 's in ["s1", "s4"]'),
    ("f >= {x} and n != {k}", {"x": 1.5, "k": 2}, "f >= 1.5 and n != 2"),
    ("id < {a} or id >= {b}", {"a": 3, "b": 27}, "id < 3 or id >= 27"),
]


@pytest.mark.rpc("Query")
@pytest.mark.requires(since=TEMPLATES_SINCE)
@pytest.mark.parametrize("expr,values,inlined", TEMPLATED, ids=[t[2] for t in TEMPLATED])
def test_query_template_values_equal_inlined(data, check, expr, values, inlined):
    """A templated filter returns what the same filter with the values inlined returns
    (QueryRequest.expr_template_values)."""
    coll, oracle = data
    reply = coll.conn.call("Query", query_request(coll, expr, expr_template_values=templates(values)))
    check(reply, "Query/template-values")
    check_query(reply, oracle.query(inlined), oracle, request_of(coll, reply), output_fields=FIELDS)


@pytest.mark.rpc("Query")
@pytest.mark.requires(since=TEMPLATES_SINCE)
def test_query_unknown_template_name(data, check):
    coll, _ = data
    check(coll.conn.call("Query", query_request(coll, "n > {k}", expr_template_values=templates({"j": 1}))),
          "Query/unknown-template-name")


@pytest.mark.rpc("Delete", "Query")
@pytest.mark.requires(since=TEMPLATES_SINCE)
def test_delete_template_values_equal_inlined(loaded_collection, check):
    """Delete with a templated filter removes exactly the rows of the inlined filter
    (DeleteRequest.expr_template_values)."""
    coll, oracle = loaded_collection(standard_schema, standard_rows(0, 12))
    for expr, values, inlined in [("id in {ids}", {"ids": [1, 4, 40]}, "id in [1, 4, 40]"),
                                  ("n == {k}", {"k": 2}, "n == 2")]:
        reply = coll.conn.call("Delete", milvus_pb2.DeleteRequest(
            collection_name=coll.name, expr=expr, expr_template_values=templates(values),
            consistency_level=CL.Strong))
        check(reply, "Delete/template-values")
        oracle.delete(inlined)
        got = coll.query("id >= 0", FIELDS)
        check(got, QUERY_OK)
        check_query(got, oracle.query("id >= 0"), oracle, request_of(coll, got), output_fields=FIELDS)


@pytest.mark.rpc("Delete")
@pytest.mark.requires(since=TEMPLATES_SINCE)
def test_delete_unknown_template_name(data, check):
    coll, _ = data
    check(coll.conn.call("Delete", milvus_pb2.DeleteRequest(
        collection_name=coll.name, expr="id in {ids}", expr_template_values=templates({"other": [1]}))),
        "Delete/unknown-template-name")


# ---- is null / is not null ----------------------------------------------------------------------------------

NULL_FILTERS = ["m is null", "m is not null", "m > 2", "not (m > 2)", "m is null or n == 1",
                "m is not null and s == \"s1\""]
# Filters whose answer depends on three-valued logic over nulls (`not UNKNOWN` is UNKNOWN): correct from v2.6.11
# ("three-valued logic for NullExpr, ExistsExpr and logical operators", #47519, backport of #46939).
THREE_VALUED = {"not (m > 2)": "2.6.11"}


@pytest.mark.rpc("Query", "CreateCollection", "Insert")
@pytest.mark.requires(since="2.5.0")
def test_query_is_null_on_nullable_field(ledger, check, server):
    """``is null`` / ``is not null`` and three-valued comparisons on a nullable Int64 field match the model
    (Milvus 2.5 docs "Nullable & Default"; the NOT-over-null filter only from v2.6.11, when three-valued logic
    over nulls was fixed)."""
    name = ledger.name("c")
    base = standard_schema(name)
    schema = schema_pb2.CollectionSchema(name=name, fields=[*base.fields[:4], make_field("m", DT.Int64,
                                                                                         nullable=True),
                                                           base.fields[4]])
    coll = Collection(name, schema, ledger=ledger)
    rows = [{**r, "m": None if r["id"] % 3 == 0 else r["id"] % 5} for r in standard_rows(0, 15)]
    oracle = prepare(check, coll, rows)
    oracle.dialect = CURRENT  # is null exists only in the current dialect (the case needs >= 2.5.0)
    for expr in NULL_FILTERS:
        if expr in THREE_VALUED and server.older_than(THREE_VALUED[expr]):
            continue
        reply = coll.query(expr, [*FIELDS, "m"])
        check(reply, QUERY_OK)
        check_query(reply, oracle.query(expr), oracle, request_of(coll, reply), output_fields=[*FIELDS, "m"])
