"""Schema evolution and collection-level extras: BatchDescribeCollection, AddCollectionField,
AddCollectionStructField, AlterCollectionField, AlterCollectionSchema, Add/Alter/DropCollectionFunction,
TruncateCollection, AlterDatabase (checks in conformance/model/rules/evolution.py)."""

from __future__ import annotations

import pytest

from conformance.expectations import verify
from conformance.orm import Collection, Database
from conformance.protocol import common_pb2, milvus_pb2, schema_pb2
from conformance.strategies import make_field
from conformance.strategies.schemas import DT

CREATED = "CreateCollection/accepts-valid-schema"
FT = schema_pb2.FunctionType
SCHEMA_FIELD_SINCE = "2.6.0"


def collection(ledger, check, *extra: schema_pb2.FieldSchema, functions=()) -> Collection:
    name = ledger.name("c")
    schema = schema_pb2.CollectionSchema(name=name, fields=[
        make_field("id", DT.Int64, primary=True), make_field("vec", DT.FloatVector, dim=8),
        make_field("title", DT.VarChar, max_length=64), *extra], functions=list(functions))
    c = Collection(name, schema, ledger=ledger)
    check(c.create(), CREATED)
    return c


def fields_of(check, coll: Collection) -> list[schema_pb2.FieldSchema]:
    described = coll.describe()
    check(described, "DescribeCollection/existing")
    return list(described.schema.fields)


def add_field(conn, coll_name: str, field: schema_pb2.FieldSchema):
    return conn.call("AddCollectionField", milvus_pb2.AddCollectionFieldRequest(
        collection_name=coll_name, schema=field.SerializeToString()))


def alter_field(conn, coll_name: str, field_name: str, properties: dict | None = None, delete_keys=()):
    return conn.call("AlterCollectionField", milvus_pb2.AlterCollectionFieldRequest(
        collection_name=coll_name, field_name=field_name, delete_keys=list(delete_keys),
        properties=[common_pb2.KeyValuePair(key=k, value=v) for k, v in (properties or {}).items()]))


# ---- BatchDescribeCollection ------------------------------------------------------------------------------

@pytest.mark.rpc("BatchDescribeCollection")
@pytest.mark.requires(since="2.6.0")
def test_batch_describe_collection(conn, ledger, check):
    check(conn.call("BatchDescribeCollection", milvus_pb2.BatchDescribeCollectionRequest()),
          "BatchDescribeCollection/empty-names")
    c, missing = collection(ledger, check), ledger.name("missing")
    request = milvus_pb2.BatchDescribeCollectionRequest(collection_name=[c.name, missing])
    reply = conn.call("BatchDescribeCollection", request)
    check(reply, "BatchDescribeCollection/describes")
    got = [(r.schema.name, r.status.code) for r in reply.responses]
    verify("BatchDescribeCollection/one-per-name",
           len(got) == 2 and got[0] == (c.name, 0) and got[1][1] == 100,
           expected=f"[({c.name!r}, 0), (<missing>, 100)]", actual=str(got), request=request)


# ---- AddCollectionField -----------------------------------------------------------------------------------

@pytest.mark.rpc("AddCollectionField")
@pytest.mark.requires(since=SCHEMA_FIELD_SINCE)
def test_add_field_to_missing_collection(conn, ledger, check):
    check(add_field(conn, ledger.name("missing"), make_field("extra", DT.Int64, nullable=True)),
          "AddCollectionField/missing-collection")


@pytest.mark.rpc("AddCollectionField")
@pytest.mark.requires(since=SCHEMA_FIELD_SINCE)
def test_add_field_refusals(conn, ledger, check):
    c = collection(ledger, check)
    check(add_field(conn, c.name, make_field("extra", DT.Int64)), "AddCollectionField/not-nullable")
    check(add_field(conn, c.name, make_field("title", DT.Int64, nullable=True)), "AddCollectionField/duplicate-name")
    check(add_field(conn, c.name, make_field("pk2", DT.Int64, primary=True, nullable=True)),
          "AddCollectionField/primary-key")
    check(add_field(conn, c.name, make_field("vec2", DT.FloatVector, nullable=True)),
          "AddCollectionField/vector-without-dim")
    names = [f.name for f in fields_of(check, c)]
    verify("AddCollectionField/appears-nullable", names == ["id", "vec", "title"],
           expected="no field added by a refused request", actual=str(names),
           request=milvus_pb2.DescribeCollectionRequest(collection_name=c.name))


@pytest.mark.rpc("AddCollectionField")
@pytest.mark.requires(since=SCHEMA_FIELD_SINCE)
def test_add_vector_field_beyond_the_limit(conn, ledger, check):
    c = collection(ledger, check, *(make_field(f"v{i}", DT.FloatVector, dim=8) for i in (1, 2, 3)))
    check(add_field(conn, c.name, make_field("v4", DT.FloatVector, dim=8, nullable=True)),
          "AddCollectionField/too-many-vector-fields")


@pytest.mark.rpc("AddCollectionField", "DescribeCollection")
@pytest.mark.requires(since=SCHEMA_FIELD_SINCE)
def test_add_field(conn, ledger, check):
    c = collection(ledger, check)
    before = fields_of(check, c)
    check(add_field(conn, c.name, make_field("extra", DT.Int64, nullable=True)), "AddCollectionField/adds")
    after = fields_of(check, c)
    last = after[-1] if after else None
    want_id = max(f.fieldID for f in before) + 1
    verify("AddCollectionField/appears-nullable",
           len(after) == len(before) + 1 and last.name == "extra" and last.nullable and last.fieldID == want_id
           and last.data_type == DT.Int64,
           expected=f"fields {[f.name for f in before] + ['extra']}, extra nullable Int64 with ID {want_id}",
           actual=str([(f.name, f.fieldID, f.nullable) for f in after]),
           request=milvus_pb2.DescribeCollectionRequest(collection_name=c.name))


# ---- AddCollectionStructField -----------------------------------------------------------------------------

@pytest.mark.rpc("AddCollectionStructField")
@pytest.mark.requires(since="3.0.0")
def test_add_struct_field_refusals(conn, ledger, check):
    struct = schema_pb2.StructArrayFieldSchema(name="items", fields=[
        make_field("score", DT.Array, element_type=DT.Int64, max_capacity=4)])
    check(conn.call("AddCollectionStructField", milvus_pb2.AddCollectionStructFieldRequest(
        collection_name=ledger.name("missing"), struct_array_field_schema=struct)),
        "AddCollectionStructField/missing-collection")
    c = collection(ledger, check)
    check(conn.call("AddCollectionStructField", milvus_pb2.AddCollectionStructFieldRequest(collection_name=c.name)),
          "AddCollectionStructField/no-schema")
    check(conn.call("AddCollectionStructField", milvus_pb2.AddCollectionStructFieldRequest(
        collection_name=c.name, struct_array_field_schema=struct)), "AddCollectionStructField/not-nullable")


# ---- AlterCollectionField ---------------------------------------------------------------------------------

@pytest.mark.rpc("AlterCollectionField")
@pytest.mark.requires(since="2.5.0")
def test_alter_field_refusals(conn, ledger, check):
    check(alter_field(conn, ledger.name("missing"), "title", {"max_length": "128"}),
          "AlterCollectionField/missing-collection")
    c = collection(ledger, check)
    check(alter_field(conn, c.name, "title", {"no_such_property": "1"}), "AlterCollectionField/unknown-property")
    check(alter_field(conn, c.name, "id", {"max_length": "128"}), "AlterCollectionField/max-length-not-string")
    check(alter_field(conn, c.name, "no_such_field", {"max_length": "128"}),
          "AlterCollectionField/max-length-not-string")
    check(alter_field(conn, c.name, "title", {"max_length": "70000"}), "AlterCollectionField/max-length-too-large")
    check(alter_field(conn, c.name, "title", delete_keys=["max_length"]), "AlterCollectionField/undroppable-key")


@pytest.mark.rpc("AlterCollectionField", "DescribeCollection")
@pytest.mark.requires(since="2.5.0")
def test_alter_field_max_length(conn, ledger, check):
    c = collection(ledger, check)
    check(alter_field(conn, c.name, "title", {"max_length": "128"}), "AlterCollectionField/alters")
    title = next((f for f in fields_of(check, c) if f.name == "title"), None)
    params = {kv.key: kv.value for kv in title.type_params} if title is not None else {}
    verify("AlterCollectionField/max-length-visible", params.get("max_length") == "128",
           expected="title type_params max_length '128'", actual=str(params),
           request=milvus_pb2.DescribeCollectionRequest(collection_name=c.name))


# ---- AlterCollectionSchema --------------------------------------------------------------------------------

def alter_schema(conn, coll_name: str, action: milvus_pb2.AlterCollectionSchemaRequest.Action | None = None):
    request = milvus_pb2.AlterCollectionSchemaRequest(collection_name=coll_name)
    if action is not None:
        request.action.CopyFrom(action)
    return conn.call("AlterCollectionSchema", request)


def drop_action(**identifier) -> milvus_pb2.AlterCollectionSchemaRequest.Action:
    action = milvus_pb2.AlterCollectionSchemaRequest.Action()
    action.drop_request.SetInParent()
    for key, value in identifier.items():
        setattr(action.drop_request, key, value)
    return action


@pytest.mark.rpc("AlterCollectionSchema")
@pytest.mark.requires(since="3.0.0")
def test_alter_schema_refusals(conn, ledger, check):
    check(alter_schema(conn, ledger.name("missing"), drop_action(field_name="extra")),
          "AlterCollectionSchema/missing-collection")
    c = collection(ledger, check)
    check(alter_schema(conn, c.name), "AlterCollectionSchema/no-action")
    check(alter_schema(conn, c.name, drop_action()), "AlterCollectionSchema/drop-without-identifier")
    check(alter_schema(conn, c.name, drop_action(field_name="no_such_field")),
          "AlterCollectionSchema/drop-missing-field")
    check(alter_schema(conn, c.name, drop_action(field_name="id")), "AlterCollectionSchema/drop-primary-key")


@pytest.mark.rpc("AlterCollectionSchema", "DescribeCollection")
@pytest.mark.requires(since="3.0.0")
def test_alter_schema_drops_field(conn, ledger, check):
    c = collection(ledger, check)
    check(alter_schema(conn, c.name, drop_action(field_name="title")), "AlterCollectionSchema/drops-field")
    names = [f.name for f in fields_of(check, c)]
    verify("AlterCollectionSchema/dropped-field-gone", names == ["id", "vec"],
           expected="['id', 'vec'] (title dropped)", actual=str(names),
           request=milvus_pb2.DescribeCollectionRequest(collection_name=c.name))


# ---- collection functions ---------------------------------------------------------------------------------

def bm25(name: str = "bm25") -> schema_pb2.FunctionSchema:
    return schema_pb2.FunctionSchema(name=name, type=FT.BM25, input_field_names=["text"],
                                     output_field_names=["sparse"])


def embedding(name: str = "embed") -> schema_pb2.FunctionSchema:
    return schema_pb2.FunctionSchema(name=name, type=FT.TextEmbedding, input_field_names=["title"],
                                     output_field_names=["vec"])


@pytest.mark.rpc("AddCollectionFunction")
@pytest.mark.requires(since="2.6.0")
def test_add_function_refusals(conn, ledger, check):
    check(conn.call("AddCollectionFunction", milvus_pb2.AddCollectionFunctionRequest(
        collection_name=ledger.name("missing"), functionSchema=embedding())), "AddCollectionFunction/missing-collection")
    c = collection(ledger, check)
    check(conn.call("AddCollectionFunction", milvus_pb2.AddCollectionFunctionRequest(collection_name=c.name)),
          "AddCollectionFunction/empty-schema")
    check(conn.call("AddCollectionFunction", milvus_pb2.AddCollectionFunctionRequest(
        collection_name=c.name, functionSchema=bm25())), "AddCollectionFunction/bm25-refused")


@pytest.mark.rpc("AlterCollectionFunction")
@pytest.mark.requires(since="2.6.0")
def test_alter_function_refusals(conn, ledger, check):
    def alter(coll_name, function_name, fn=None):
        request = milvus_pb2.AlterCollectionFunctionRequest(collection_name=coll_name, function_name=function_name)
        if fn is not None:
            request.functionSchema.CopyFrom(fn)
        return conn.call("AlterCollectionFunction", request)

    check(alter(ledger.name("missing"), "embed", embedding()), "AlterCollectionFunction/missing-collection")
    c = collection(ledger, check)
    check(alter(c.name, "embed"), "AlterCollectionFunction/empty-schema")
    check(alter(c.name, "bm25", bm25()), "AlterCollectionFunction/bm25-refused")
    check(alter(c.name, "other", embedding()), "AlterCollectionFunction/name-mismatch")
    check(alter(c.name, "embed", embedding()), "AlterCollectionFunction/missing-function")


@pytest.mark.rpc("DropCollectionFunction", "DescribeCollection")
@pytest.mark.requires(since="2.6.0")
def test_drop_function(conn, ledger, check, server):
    def drop(coll_name, function_name):
        return conn.call("DropCollectionFunction", milvus_pb2.DropCollectionFunctionRequest(
            collection_name=coll_name, function_name=function_name))

    check(drop(ledger.name("missing"), "bm25"), "DropCollectionFunction/missing-collection")
    c = collection(ledger, check, make_field("text", DT.VarChar, max_length=256, enable_analyzer="true"),
                   make_field("sparse", DT.SparseFloatVector), functions=[bm25()])
    check(drop(c.name, "no_such_function"), "DropCollectionFunction/missing-function")
    if server.older_than("3.0.0"):
        return  # the BM25 refusal is master's (3.0 line)
    check(drop(c.name, "bm25"), "DropCollectionFunction/bm25-refused")
    described = c.describe()
    check(described, "DescribeCollection/existing")
    functions = [f.name for f in described.schema.functions]
    verify("DropCollectionFunction/function-kept", functions == ["bm25"], expected="['bm25']", actual=str(functions),
           request=milvus_pb2.DescribeCollectionRequest(collection_name=c.name))


# ---- TruncateCollection -----------------------------------------------------------------------------------

@pytest.mark.rpc("TruncateCollection")
@pytest.mark.requires(since="2.6.0")
def test_truncate_refusals(conn, ledger, check):
    check(conn.call("TruncateCollection", milvus_pb2.TruncateCollectionRequest(collection_name=ledger.name("missing"))),
          "TruncateCollection/missing-collection")
    bad = ledger.adopt(f"{ledger.token}-bad name")
    check(conn.call("TruncateCollection", milvus_pb2.TruncateCollectionRequest(collection_name=bad)),
          "TruncateCollection/invalid-name")


@pytest.mark.rpc("TruncateCollection", "GetCollectionStatistics", "HasCollection")
@pytest.mark.requires(since="2.6.0")
def test_truncate_empties(conn, ledger, check):
    c = collection(ledger, check)
    rows = [{"id": i, "vec": [0.1 * i] * 8, "title": f"t{i}"} for i in range(3)]
    check(c.insert(rows), "Insert/accepts-valid-rows")
    check(c.flush(), "Flush/flushes")
    check(conn.call("TruncateCollection", milvus_pb2.TruncateCollectionRequest(collection_name=c.name)),
          "TruncateCollection/truncates")
    has = c.has()
    check(has, "HasCollection/answers")
    stats = c.statistics()
    check(stats, "GetCollectionStatistics/answers")
    row_count = {kv.key: kv.value for kv in stats.stats}.get("row_count")
    verify("TruncateCollection/empties", has.value and row_count == "0",
           expected="the collection exists with row_count '0'", actual=f"exists={has.value}, row_count={row_count!r}",
           request=milvus_pb2.GetCollectionStatisticsRequest(collection_name=c.name))


# ---- AlterDatabase ----------------------------------------------------------------------------------------

def alter_db(conn, name: str, properties: dict | None = None, delete_keys=()):
    return conn.call("AlterDatabase", milvus_pb2.AlterDatabaseRequest(
        db_name=name, delete_keys=list(delete_keys),
        properties=[common_pb2.KeyValuePair(key=k, value=v) for k, v in (properties or {}).items()]))


def db_properties(check, db: Database) -> dict[str, str]:
    described = db.describe()
    check(described, "DescribeDatabase/existing")
    return {kv.key: kv.value for kv in described.properties}


@pytest.mark.rpc("AlterDatabase")
@pytest.mark.requires(since="2.4.3")
def test_alter_missing_database(conn, ledger, check):
    check(alter_db(conn, ledger.name("db"), {"mc.key": "v"}), "AlterDatabase/missing-database")


@pytest.mark.rpc("AlterDatabase", "DescribeDatabase")
@pytest.mark.requires(since="2.4.3")
def test_alter_database(conn, ledger, check, server):
    db = Database(ledger.name("db"), ledger=ledger)
    check(db.create(), "CreateDatabase/creates")
    check(alter_db(conn, db.name, {"mc.key": "v", "mc.other": "w"}), "AlterDatabase/sets")
    props = db_properties(check, db)
    verify("AlterDatabase/describe-shows", props.get("mc.key") == "v" and props.get("mc.other") == "w",
           expected="mc.key=v, mc.other=w", actual=str(props), request=milvus_pb2.DescribeDatabaseRequest(db_name=db.name))
    check(alter_db(conn, db.name, delete_keys=["mc.other"]), "AlterDatabase/deletes")
    props = db_properties(check, db)
    verify("AlterDatabase/describe-shows", props.get("mc.key") == "v" and "mc.other" not in props,
           expected="mc.key=v and no mc.other", actual=str(props),
           request=milvus_pb2.DescribeDatabaseRequest(db_name=db.name))
    check(alter_db(conn, db.name), "AlterDatabase/nothing-to-alter")
    check(alter_db(conn, db.name, {"mc.key": "w"}, ["mc.other"]), "AlterDatabase/properties-and-delete-keys")
    if not server.older_than("2.6.0"):
        check(alter_db(conn, db.name, {"timezone": "Mars/Olympus_Mons"}), "AlterDatabase/invalid-timezone")
