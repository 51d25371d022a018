"""Query features beyond plain filters: every consistency level (and ``use_default_consistency``, a
``guarantee_timestamp``), expression template values (``expr_template_values``) for Query and Delete, and
``is null`` / ``is not null`` on nullable fields.

Evidence: ConsistencyLevel Strong=0 .. Customized=4 and QueryRequest.guarantee_timestamp /
use_default_consistency are in milvus-proto since v2.3.0 (proto/common.proto, proto/milvus.proto);
``expr_template_values`` first appears at milvus-proto tag v2.4.14 (commit 4d5c88b "Pass the value of the
expression through parameters (#331)"); nullable fields (FieldSchema.nullable) arrive with the Milvus 2.5 line
(protocol facts §3, probe E25/E26)."""

from __future__ import annotations

import itertools

import pytest

from conformance.expectations import Deviation, Expected
from conformance.expectations.oracle import (
    check_query,
    ids_of,
    prepare,
    request_of,
    standard_rows,
    standard_schema,
)
from conformance.model import errors
from conformance.model.expr import CURRENT
from conformance.orm import Collection
from conformance.protocol import common_pb2, milvus_pb2, schema_pb2
from conformance.strategies.schemas import make_field

CL = common_pb2.ConsistencyLevel
DT = schema_pb2.DataType
N_ROWS = 30
FIELDS = ["id", "n", "s", "f"]
QUERY_OK = Expected.success("probe X12 (Query with a valid filter)")
TEMPLATES_SINCE = "2.4.14"  # milvus-proto v2.4.14 added expr_template_values (commit 4d5c88b)
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
    check(reply, Expected.success("probe I03"))
    oracle.insert(rows, ids_of(reply.IDs))
    keys = [r["id"] for r in rows]
    expr = f"id in {keys}"
    ts = reply.timestamp if with_ts else 0
    got = coll.conn.call("Query", query_request(coll, expr, consistency_level=level, guarantee_timestamp=ts))
    check(got, Expected.success(f"verified on Milvus 2.3.5: Query with consistency_level {label}"))
    expected = oracle.query(expr)
    if level in (CL.Bounded, CL.Eventually):
        got_keys = {k for fd in got.fields_data if fd.field_name == "id" for k in fd.scalars.long_data.data}
        if not got_keys <= set(expected):
            raise Deviation("Query", f"{label} consistency returns only written rows", f"a subset of {keys}",
                            str(sorted(got_keys)), request_of(coll, got))
        return
    check_query(got, expected, oracle, request_of(coll, got), output_fields=FIELDS)


@pytest.mark.rpc("Query", "Insert")
def test_query_use_default_consistency(data, check):
    """``use_default_consistency`` = the collection's level; this collection was created Strong (enum 0), so a
    fresh insert is visible (verified on Milvus 2.3.5)."""
    coll, oracle = data
    rows = standard_rows(next(_fresh), 2)
    reply = coll.insert(rows)
    check(reply, Expected.success("probe I03"))
    oracle.insert(rows, ids_of(reply.IDs))
    expr = f"id in {[r['id'] for r in rows]}"
    got = coll.conn.call("Query", query_request(coll, expr, consistency_level=CL.Eventually,
                                                use_default_consistency=True))
    check(got, Expected.success("verified on Milvus 2.3.5: use_default_consistency"))
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
    """A templated filter returns what the same filter with the values inlined returns (milvus-proto v2.4.14
    QueryRequest.expr_template_values; Milvus src internal/parser/planparserv2 fill_expression_value.go)."""
    coll, oracle = data
    reply = coll.conn.call("Query", query_request(coll, expr, expr_template_values=templates(values)))
    check(reply, Expected.success("milvus-proto v2.4.14 expr_template_values (unverified live)"))
    check_query(reply, oracle.query(inlined), oracle, request_of(coll, reply), output_fields=FIELDS)


TEMPLATE_MISSING = Expected.error(
    errors.PARAMETER_INVALID, "Milvus src internal/parser/planparserv2/fill_expression_value.go: 'the value of "
    "expression template variable name {k} is not found', a plan error the proxy answers as 1100 (unverified "
    "live)")


@pytest.mark.rpc("Query")
@pytest.mark.requires(since=TEMPLATES_SINCE)
def test_query_unknown_template_name(data, check):
    coll, _ = data
    check(coll.conn.call("Query", query_request(coll, "n > {k}", expr_template_values=templates({"j": 1}))),
          TEMPLATE_MISSING)


@pytest.mark.rpc("Delete", "Query")
@pytest.mark.requires(since=TEMPLATES_SINCE)
def test_delete_template_values_equal_inlined(loaded_collection, check):
    """Delete with a templated filter removes exactly the rows of the inlined filter (milvus-proto v2.4.14
    DeleteRequest.expr_template_values)."""
    coll, oracle = loaded_collection(standard_schema, standard_rows(0, 12))
    for expr, values, inlined in [("id in {ids}", {"ids": [1, 4, 40]}, "id in [1, 4, 40]"),
                                  ("n == {k}", {"k": 2}, "n == 2")]:
        reply = coll.conn.call("Delete", milvus_pb2.DeleteRequest(
            collection_name=coll.name, expr=expr, expr_template_values=templates(values),
            consistency_level=CL.Strong))
        check(reply, Expected.success("milvus-proto v2.4.14 DeleteRequest.expr_template_values (unverified live)"))
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
        TEMPLATE_MISSING)


# ---- is null / is not null ----------------------------------------------------------------------------------

NULL_FILTERS = ["m is null", "m is not null", "m > 2", "not (m > 2)", "m is null or n == 1",
                "m is not null and s == \"s1\""]


@pytest.mark.rpc("Query", "CreateCollection", "Insert")
@pytest.mark.requires(since="2.5.0")
def test_query_is_null_on_nullable_field(ledger, check):
    """``is null`` / ``is not null`` and three-valued comparisons on a nullable Int64 field match the model
    (Milvus 2.5 docs "Nullable & Default"; Milvus src internal/parser/planparserv2 Plan.g4 IsNull/IsNotNull;
    unverified live)."""
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
        reply = coll.query(expr, [*FIELDS, "m"])
        check(reply, Expected.success("Milvus 2.5 nullable fields (unverified live)"))
        check_query(reply, oracle.query(expr), oracle, request_of(coll, reply), output_fields=[*FIELDS, "m"])
