"""Insert: one ID per row (echoing the primary keys, or unique auto IDs), ``succ_index`` / ``insert_cnt``
agreeing, written rows read back exactly (over generated schemas), labelled invalid batches answered as their
registered check (``Insert/batch/...``), non-finite floats (Insert and Upsert), and the not-found paths."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.expectations import NotApplicable, verify
from conformance.expectations.oracle import (
    CREATED,
    INDEXED,
    INSERTED,
    LOADED,
    Oracle,
    await_loaded,
    check_mutation,
    check_query,
    ids_of,
    index_params,
    request_of,
    standard_rows,
    standard_schema,
)
from conformance.model import data as d
from conformance.orm import Collection, vector_field_of
from conformance.protocol import schema_pb2
from conformance.strategies import collection_schemas, features_for, make_field, renamed
from conformance.strategies.data import invalid_batches, valid_rows
from conformance.strategies.schemas import DT, set_type_param

QUERY_OK = "Query/accepts-valid-filter"


@pytest.fixture(scope="module")
def plain(ledger, check):
    name = ledger.name("c")
    coll = Collection(name, standard_schema(name), ledger=ledger)
    check(coll.create(), CREATED)
    return coll


@pytest.fixture(scope="module")
def auto(ledger, check):
    name = ledger.name("c")
    coll = Collection(name, standard_schema(name, auto_id=True), ledger=ledger)
    check(coll.create(), CREATED)
    return coll


@pytest.mark.rpc("Insert")
@given(start=st.integers(-(2**40), 2**40), count=st.integers(1, 20))
def test_insert_echoes_primary_keys(plain, check, start, count):
    rows = standard_rows(0, count)
    for i, row in enumerate(rows):
        row["id"] = start + i * 7919
    reply = plain.insert(rows)
    check(reply, INSERTED)
    check_mutation("Insert", reply, request_of(plain, reply), expected_count=count, count_field="insert_cnt",
                   expected_ids=[r["id"] for r in rows])


@pytest.mark.rpc("Insert")
def test_auto_ids_are_unique_across_batches(auto, check):
    seen: list = []
    for count in (1, 5, 12):
        rows = [{k: v for k, v in r.items() if k != "id"} for r in standard_rows(0, count)]
        reply = auto.insert(rows)
        check(reply, INSERTED)
        seen += check_mutation("Insert", reply, request_of(auto, reply), expected_count=count,
                               count_field="insert_cnt", unique=True)
    verify("Insert/result/auto-ids-unique", len(set(seen)) == len(seen), expected="distinct IDs across batches",
           actual=f"{len(seen) - len(set(seen))} repeated")


@pytest.mark.rpc("Insert")
def test_duplicate_primary_keys_accepted(plain, check):
    reply = plain.insert(standard_rows(5, 1) * 3)
    check(reply, "Insert/duplicate-primary-keys")
    check_mutation("Insert", reply, request_of(plain, reply), expected_count=3, count_field="insert_cnt")


@pytest.mark.rpc("Insert", "Query")
@settings(max_examples=4)
@given(data=st.data())
def test_written_rows_read_back_exactly(ledger, check, server, data):
    """Generated schema, generated rows (unique primary keys), FLAT index, load, ``pk in [...]``: every field
    comes back as written (Float as float32, vectors bit-exact, JSON by value)."""
    feats = features_for(server) - {"multi_vector", "sparse_vector", "int8_vector", "float16_vector",
                                    "bfloat16_vector"}
    schema = data.draw(collection_schemas(features=feats, max_scalars=3), label="schema")
    name = ledger.name("c")
    schema = renamed(schema, name)
    for f in schema.fields:  # small dims keep the case fast (dims are the schema cases' business)
        if f.data_type in d.DENSE_VECTOR_TYPES:
            set_type_param(f, "dim", min(d.dim_of(f), 16))
    coll = Collection(name, schema, ledger=ledger)
    check(coll.create(), CREATED)
    pk = d.primary_field(schema)
    rows = data.draw(valid_rows(schema, 1, 6), label="rows")
    if not pk.autoID:
        for i, row in enumerate(rows):
            row[pk.name] = i if pk.data_type == DT.Int64 else str(i)  # fits max_length >= 1
    for f in schema.fields:
        if f.data_type == DT.JSON:  # Milvus 2.3.5 rejects a non-object JSON value (1001 'cannot unmarshal')
            for row in rows:
                if row.get(f.name) is not None:
                    row[f.name] = {"v": row[f.name]}
    reply = coll.insert(rows)
    check(reply, INSERTED)
    ids = check_mutation("Insert", reply, request_of(coll, reply), expected_count=len(rows),
                         count_field="insert_cnt", unique=True)
    oracle = Oracle(schema)
    oracle.insert(rows, ids)
    vf = vector_field_of(schema)
    check(coll.index(vf.name, index_params(vf)).create(), INDEXED)
    check(coll.load(), LOADED)
    await_loaded(coll)
    fields = [f.name for f in d.user_fields(schema)]
    keys = ", ".join(str(i) if pk.data_type == DT.Int64 else f'"{i}"' for i in ids)
    expr = f"{pk.name} in [{keys}]"
    reply = coll.query(expr, fields)
    check(reply, QUERY_OK)
    check_query(reply, oracle.query(expr), oracle, request_of(coll, reply), output_fields=fields)
    check(coll.drop(), "DropCollection/existing")


def invalid_schema(name: str) -> schema_pb2.CollectionSchema:
    """A field for every batch rule: VarChar (length), Array (capacity), Int16 (range, a missing numeric
    column), FloatVector (dims)."""
    return schema_pb2.CollectionSchema(name=name, fields=[
        make_field("id", DT.Int64, primary=True), make_field("s", DT.VarChar, max_length=8),
        make_field("a", DT.Array, element_type=DT.Int64, max_capacity=3), make_field("n", DT.Int16),
        make_field("vec", DT.FloatVector, dim=4)])


@pytest.fixture(scope="module")
def batch_target(ledger, check):
    """``get(rule)``: the collection ``rule``'s batches go to, one per rule (``invalid_schema``, or an autoID key
    for pk_with_auto_id), so what a server wrongly accepted for one rule never lies in another rule's collection
    (milvus-lite 2.5.1's process died on a wrong-type batch after it had accepted others into the same one)."""
    made: dict[str, Collection] = {}

    def get(rule: str) -> Collection:
        if rule not in made:
            name = ledger.name("c")
            schema = standard_schema(name, auto_id=True) if rule == "pk_with_auto_id" else invalid_schema(name)
            coll = Collection(name, schema, ledger=ledger)
            check(coll.create(), CREATED)
            made[rule] = coll
        return made[rule]

    return get


def _batch_rule(rule: str):
    if rule == "wrong_type":
        # The process of milvus-lite 2.5.1, which reports no version, dies on a column in another type's slot
        # (observed for VarChar, Int16 and Array columns); Milvus rejects it in the proxy, 2.3.x was never
        # observed: sent only to a server known to be a Milvus >= 2.4.0.
        return pytest.param(rule, marks=pytest.mark.requires(since="2.4.0", known=True))
    if rule == "vector_dim_mismatch":
        # Milvus 2.3.5's process crashes on an Insert whose VectorField.dim disagrees with the schema's dim, and
        # so does milvus-lite 2.5.1's (which reports no version; observed): never sent to a server older than
        # 2.4.0, nor to one whose version is unknown.
        return pytest.param(rule, marks=pytest.mark.requires(since="2.4.0", known=True))
    if rule == "null_in_non_nullable":
        # valid_data (nulls) exists with nullable fields only (2.5.0); older servers drop the field unread. The
        # process of milvus-lite 2.5.1, which reports no version, dies on some of these batches (observed): sent
        # only to a server known to be a Milvus >= 2.5.0.
        return pytest.param(rule, marks=pytest.mark.requires(since="2.5.0", feature="nullable", known=True))
    return rule


@pytest.mark.rpc("Insert")
@pytest.mark.parametrize("rule", [_batch_rule(r) for r in d.RULES if r not in ("invalid_geometry", "invalid_timestamptz")])
@settings(max_examples=4)
@given(data=st.data())
def test_invalid_batches_rejected(batch_target, check, rule, data):
    """A batch breaking exactly ``rule`` (each Insert/batch rule sent) → that rule's check."""
    coll = batch_target(rule)
    bad = data.draw(invalid_batches(coll.schema, rule), label="batch")
    check(coll.insert(request=bad.request), bad.rule)


@pytest.mark.rpc("Insert")
def test_insert_missing_collection(ledger, check):
    missing = Collection(ledger.name("missing"), standard_schema("x"), ledger=ledger)
    check(missing.insert(standard_rows(0, 2)), "Insert/missing-collection")


@pytest.mark.rpc("Insert")
def test_insert_missing_partition(plain, check):
    check(plain.insert(standard_rows(0, 2), partition_name="p_missing"), "Insert/missing-partition")


@pytest.mark.rpc("Insert", "Upsert")
@pytest.mark.parametrize("field,value", [("vec", math.nan), ("vec", math.inf), ("f", math.nan), ("f", -math.inf)],
                         ids=["vector-nan", "vector-inf", "float-nan", "float-minus-inf"])
def test_non_finite_floats_rejected(plain, check, field, value):
    """A NaN or ±Inf in a FloatVector or Float column → Insert/batch/nan-or-infinity; Upsert runs the same
    validator. Nothing is written."""
    rows = standard_rows(900, 2)
    if field == "vec":
        rows[1]["vec"] = np.array([0.5, value, 0.5, 0.5], dtype=np.float32)
    else:
        rows[0]["f"] = value
    check(plain.insert(rows), "Insert/batch/nan-or-infinity")
    check(plain.upsert(rows), "Insert/batch/nan-or-infinity")


@pytest.mark.rpc("Insert")
def test_insert_ids_of_a_single_row(plain, check):
    reply = plain.insert(standard_rows(100, 1))
    check(reply, INSERTED)
    verify("Insert/result/ids-echo-primary-keys", ids_of(reply.IDs) == [100], expected="[100]",
           actual=str(ids_of(reply.IDs)), request=request_of(plain, reply))


# ---- nullable fields, default values, wrong slots, Geometry, Timestamptz --------------------------------------

def _value(**kw) -> schema_pb2.ValueField:
    out = schema_pb2.ValueField()
    for k, x in kw.items():
        setattr(out, k, x)
    return out


def nullable_schema(name: str) -> schema_pb2.CollectionSchema:
    """A VarChar with a default, a nullable Int32, a defaulted and nullable Double."""
    return schema_pb2.CollectionSchema(name=name, fields=[
        make_field("id", DT.Int64, primary=True), make_field("vec", DT.FloatVector, dim=4),
        make_field("s", DT.VarChar, max_length=16, default_value=_value(string_data="dflt")),
        make_field("n", DT.Int32, nullable=True),
        make_field("x", DT.Double, nullable=True, default_value=_value(double_data=2.5))])


def _loaded(check, coll) -> None:
    vf = vector_field_of(coll.schema)
    check(coll.index(vf.name, index_params(vf)).create(), INDEXED)
    check(coll.load(), LOADED)
    await_loaded(coll)


def _rows_by_id(reply, schema) -> dict:
    from conformance.expectations.oracle import rows_of

    pk = d.primary_field(schema).name
    return {r[pk]: r for r in rows_of(reply.fields_data, schema)}


@pytest.mark.rpc("Insert", "Query")
@pytest.mark.requires(since="2.5.0", feature="default_value")
def test_default_values_and_nulls_filled(ledger, check):
    """A null (valid_data false, the value left out of the data) in a defaulted field reads back as the default,
    in a nullable one as null; a batch leaving the defaulted and nullable columns out is filled the same way."""
    name = ledger.name("c")
    coll = Collection(name, nullable_schema(name), ledger=ledger)
    check(coll.create(), CREATED)
    rows = [{"id": 1, "vec": np.ones(4, np.float32), "s": None, "n": None, "x": None},
            {"id": 2, "vec": np.ones(4, np.float32), "s": "given", "n": 7, "x": 1.25}]
    reply = coll.insert(rows)
    check(reply, "Insert/nullable-and-default/accepted")
    reply = coll.insert(fields_data=[d.make_column("id", DT.Int64, [3]), d.make_column("vec", DT.FloatVector,
                                                                                     [np.ones(4, np.float32)], dim=4)],
                        num_rows=1)
    check(reply, "Insert/nullable-and-default/accepted")
    _loaded(check, coll)
    reply = coll.query("id in [1, 2, 3]", ["s", "n", "x"])
    check(reply, QUERY_OK)
    got = _rows_by_id(reply, coll.schema)
    want = {1: ("dflt", None, 2.5), 2: ("given", 7, 1.25), 3: ("dflt", None, 2.5)}
    shown = {k: tuple(got.get(k, {}).get(f) for f in ("s", "n", "x")) for k in want}
    request = request_of(coll, reply)
    verify("Insert/default-value/filled", all(shown[k][0] == want[k][0] and shown[k][2] == want[k][2] for k in want),
           expected=str({k: (v[0], v[2]) for k, v in want.items()}),
           actual=str({k: (v[0], v[2]) for k, v in shown.items()}), request=request)
    verify("Insert/nullable/null-read-back", all(shown[k][1] == want[k][1] for k in want),
           expected=str({k: v[1] for k, v in want.items()}), actual=str({k: v[1] for k, v in shown.items()}),
           request=request)


@pytest.mark.rpc("Insert")
@pytest.mark.requires(since="2.5.0", feature="nullable", known=True)
def test_null_placeholders_refused(ledger, check):
    """Nulls sent with a placeholder value each (data as long as valid_data) → Insert/nulls-not-compact; the
    process of milvus-lite 2.5.1 (no version) is not sent malformed batches."""
    name = ledger.name("c")
    coll = Collection(name, nullable_schema(name), ledger=ledger)
    check(coll.create(), CREATED)
    rows = [{"id": 1, "vec": np.ones(4, np.float32), "s": "a", "n": None, "x": 1.0},
            {"id": 2, "vec": np.ones(4, np.float32), "s": "b", "n": 3, "x": 1.0}]
    fields = d.rows_to_fields_data(coll.schema, rows, compact_nulls=False)
    check(coll.insert(fields_data=fields, num_rows=2), "Insert/nulls-not-compact")


@pytest.mark.rpc("Insert")
@pytest.mark.requires(since="2.4.0", known=True)
@pytest.mark.parametrize("target", ["varchar-as-long", "float-vector-as-binary", "int16-as-string"])
def test_column_in_another_types_slot(batch_target, check, target):
    """A VarChar column sent as long_data, a FloatVector as binary_vector, an Int16 as string_data →
    Insert/batch/wrong-type (sent only to a server known to be Milvus >= 2.4.0: milvus-lite 2.5.1's process dies on
    such batches)."""
    coll = batch_target("wrong_type")
    rows = [{"id": 1, "s": "a", "a": [1], "n": 1, "vec": np.ones(4, np.float32)}]
    fields = list(d.rows_to_fields_data(coll.schema, rows))
    i = [c.field_name for c in fields].index({"varchar-as-long": "s", "float-vector-as-binary": "vec",
                                              "int16-as-string": "n"}[target])
    bad = schema_pb2.FieldData(type=fields[i].type, field_name=fields[i].field_name)
    if target == "varchar-as-long":
        bad.scalars.long_data.data.append(1)
    elif target == "float-vector-as-binary":
        bad.vectors.dim = 4
        bad.vectors.binary_vector = b"\x0f"
    else:
        bad.scalars.string_data.data.append("1")
    fields[i] = bad
    check(coll.insert(fields_data=fields, num_rows=1), "Insert/batch/wrong-type")


def nullable_vector_schema(name: str) -> schema_pb2.CollectionSchema:
    return schema_pb2.CollectionSchema(name=name, fields=[
        make_field("id", DT.Int64, primary=True), make_field("vec", DT.FloatVector, dim=4, nullable=True)])


@pytest.mark.rpc("Insert", "Query")
@pytest.mark.requires(since="2.6.0")
def test_nullable_vector(ledger, check):
    """A nullable FloatVector: a null vector (valid_data false, left out of the compact vector data) is accepted
    and reads back as null, the other vector bit-exact."""
    name = ledger.name("c")
    coll = Collection(name, nullable_vector_schema(name), ledger=ledger)
    check(coll.create(), CREATED)
    vec = np.asarray([0.5, -1.0, 2.0, 0.25], np.float32)
    reply = coll.insert([{"id": 1, "vec": None}, {"id": 2, "vec": vec}])
    check(reply, "Insert/nullable-vector/accepted")
    _loaded(check, coll)
    reply = coll.query("id in [1, 2]", ["vec"])
    check(reply, QUERY_OK)
    got = _rows_by_id(reply, coll.schema)
    v1, v2 = got.get(1, {}).get("vec", "absent"), got.get(2, {}).get("vec")
    ok = v1 is None and v2 is not None and np.array_equal(np.asarray(v2, np.float32), vec)
    verify("Insert/nullable-vector/null-read-back", ok, expected=f"1 → None, 2 → {vec.tolist()}",
           actual=f"1 → {v1!r}, 2 → {v2!r}", request=request_of(coll, reply))


def geo_schema(name: str) -> schema_pb2.CollectionSchema:
    return schema_pb2.CollectionSchema(name=name, fields=[
        make_field("id", DT.Int64, primary=True), make_field("vec", DT.FloatVector, dim=4),
        make_field("geo", DT.Geometry), make_field("ts", DT.Timestamptz)])


@pytest.fixture(scope="module")
def geo(ledger, check, server):
    # a module fixture runs before the cases' requires() markers are applied: never send a Geometry schema to a
    # Milvus known to be older than the type (Milvus 2.3.5 stopped answering after an index and load on one)
    if server.older_than("2.6.0"):
        raise NotApplicable(f"needs Milvus >= 2.6.0 (Geometry, Timestamptz); the target is {server.describe()}")
    name = ledger.name("c")
    coll = Collection(name, geo_schema(name), ledger=ledger)
    check(coll.create(), CREATED)
    _loaded(check, coll)  # rows inserted later are read from the growing segment
    return coll


GEO_ROWS = [("POINT (1 2)", "2025-01-01T00:00:00Z"),
            ("POINT (-3.5 4)", "2025-01-01T08:30:00+08:00"),
            ("POINT (0 0)", "2024-02-29T23:59:59.5Z")]


@pytest.mark.rpc("Insert", "Query")
@pytest.mark.requires(since="2.6.0")
def test_geometry_and_timestamptz_round_trip(geo, check):
    """Geometry as WKT and Timestamptz as ISO 8601 are accepted; Query returns the WKT and the same instant as a
    UTC ISO string."""
    rows = [{"id": i, "vec": np.ones(4, np.float32), "geo": g, "ts": t} for i, (g, t) in enumerate(GEO_ROWS)]
    reply = geo.insert(rows)
    check(reply, "Insert/geometry-timestamptz/accepted")
    reply = geo.query("id in [0, 1, 2]", ["geo", "ts"])
    check(reply, QUERY_OK)
    got = _rows_by_id(reply, geo.schema)
    want = {i: (d.normalize_wkt(g), d.normalize_timestamptz(t)) for i, (g, t) in enumerate(GEO_ROWS)}
    shown = {i: (got.get(i, {}).get("geo"), got.get(i, {}).get("ts")) for i in want}
    verify("Insert/geometry-timestamptz/read-back", shown == want, expected=str(want), actual=str(shown),
           request=request_of(geo, reply))


@pytest.mark.rpc("Insert")
@pytest.mark.requires(since="2.6.0")
@pytest.mark.parametrize("column,value,rule", [
    ("geo", "POINT (1 2", "Insert/batch/invalid-geometry"),
    ("geo", "CIRCLE (1 2, 3)", "Insert/batch/invalid-geometry"),
    ("ts", "yesterday at noon", "Insert/batch/invalid-timestamptz"),
    ("ts", "2025-13-01T00:00:00Z", "Insert/batch/invalid-timestamptz")],
    ids=["wkt-unclosed", "wkt-unknown-type", "ts-words", "ts-month-13"])
def test_geometry_and_timestamptz_invalid_values(geo, check, column, value, rule):
    row = {"id": 50, "vec": np.ones(4, np.float32), "geo": "POINT (0 0)", "ts": "2025-01-01T00:00:00Z"}
    row[column] = value
    check(geo.insert([row]), rule)


@pytest.mark.rpc("Insert")
@pytest.mark.requires(since="2.6.0")
def test_timestamptz_not_as_strings(geo, check):
    """A Timestamptz column sent as timestamptz_data (int64 microseconds) instead of ISO strings →
    Insert/batch/wrong-type ("timestamptz field data must be a string array")."""
    rows = [{"id": 60, "vec": np.ones(4, np.float32), "geo": "POINT (0 0)", "ts": "2025-01-01T00:00:00Z"}]
    fields = list(d.rows_to_fields_data(geo.schema, rows))
    i = [c.field_name for c in fields].index("ts")
    bad = schema_pb2.FieldData(type=DT.Timestamptz, field_name="ts")
    bad.scalars.timestamptz_data.data.append(1735689600000000)
    fields[i] = bad
    check(geo.insert(fields_data=fields, num_rows=1), "Insert/batch/wrong-type")


@pytest.mark.rpc("Insert", "Query")
@pytest.mark.requires(since="2.6.0")
@pytest.mark.parametrize("wkt", ["LINESTRING (0 0, 1 1, 2 3)", "POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0))",
                                 "MULTIPOINT ((1 2), (3 4))"], ids=["linestring", "polygon", "multipoint"])
def test_geometry_kinds_round_trip(geo, check, wkt):
    """Other OGC geometry kinds than POINT are accepted and read back as their WKT."""
    key = 100 + len(wkt)
    reply = geo.insert([{"id": key, "vec": np.ones(4, np.float32), "geo": wkt, "ts": "2025-06-01T00:00:00Z"}])
    check(reply, "Insert/geometry-timestamptz/accepted")
    reply = geo.query(f"id == {key}", ["geo"])
    check(reply, QUERY_OK)
    got = _rows_by_id(reply, geo.schema).get(key, {}).get("geo")
    verify("Insert/geometry-timestamptz/read-back", got == d.normalize_wkt(wkt), expected=d.normalize_wkt(wkt),
           actual=repr(got), request=request_of(geo, reply))
