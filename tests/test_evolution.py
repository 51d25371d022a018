"""Schema evolution in the model and the mock: fields and functions added to and altered on a collection,
AlterCollectionSchema drops, truncate, database properties, the analyzer subset and phrase-match slop."""

import json

import pytest

from conformance.mock import serve
from conformance.model import analyzer, errors
from conformance.model.catalog import Catalog
from conformance.protocol import common_pb2, milvus_pb2, schema_pb2
from conformance.transport import parse_target
from conformance.transport.connections import Connection

DT = schema_pb2.DataType
FT = schema_pb2.FunctionType


def kv(**items):
    return [common_pb2.KeyValuePair(key=k.replace("__", "."), value=str(v)) for k, v in items.items()]


def field(name, data_type, **kw):
    params = kw.pop("params", {})
    return schema_pb2.FieldSchema(name=name, data_type=data_type, type_params=kv(**params), **kw)


def new_collection(cat: Catalog, name="c", *extra, functions=()):
    schema = schema_pb2.CollectionSchema(name=name, functions=list(functions), fields=[
        field("id", DT.Int64, is_primary_key=True), field("vec", DT.FloatVector, params={"dim": 4}),
        field("title", DT.VarChar, params={"max_length": 16}), *extra])
    return cat.create_collection("default", milvus_pb2.CreateCollectionRequest(
        collection_name=name, schema=schema.SerializeToString()))


def refused(check_id, fn, *args, **kw):
    with pytest.raises(errors.MilvusError) as info:
        fn(*args, **kw)
    assert info.value.check_id == check_id, (info.value.check_id, info.value.reason)
    return info.value


# ---- fields ------------------------------------------------------------------------------------------------

def test_add_field_gets_the_next_id_and_is_described():
    cat = Catalog()
    new_collection(cat)
    added = cat.add_collection_field("default", "c", field("extra", DT.Int64, nullable=True).SerializeToString())
    assert added.fieldID == 103
    described = cat.describe_collection("default", "c").schema.fields
    assert [(f.name, f.fieldID, f.nullable) for f in described][-1] == ("extra", 103, True)


@pytest.mark.parametrize("bad, check_id", [
    (field("extra", DT.Int64), "AddCollectionField/not-nullable"),
    (field("title", DT.Int64, nullable=True), "AddCollectionField/duplicate-name"),
    (field("pk2", DT.Int64, is_primary_key=True, nullable=True), "AddCollectionField/primary-key"),
    (field("vec2", DT.FloatVector, nullable=True), "AddCollectionField/vector-without-dim"),
])
def test_add_field_refusals(bad, check_id):
    cat = Catalog()
    new_collection(cat)
    err = refused(check_id, cat.add_collection_field, "default", "c", bad.SerializeToString())
    assert err.code == errors.PARAMETER_INVALID and bad.name in err.reason
    assert [f.name for f in cat.describe_collection("default", "c").schema.fields] == ["id", "vec", "title"]


def test_add_field_reuses_the_create_collection_field_rules():
    cat = Catalog()
    new_collection(cat)
    err = refused("CreateCollection/schema/varchar-no-max-length", cat.add_collection_field, "default", "c",
                  field("notes", DT.VarChar, nullable=True).SerializeToString())
    assert err.code == errors.PARAMETER_MISSING
    added = cat.add_collection_field("default", "c", field("v2", DT.FloatVector, nullable=True,
                                                           params={"dim": 4}).SerializeToString())
    assert added.fieldID == 103


def test_add_field_checks_the_vector_limit_before_the_dimension():
    cat = Catalog()
    new_collection(cat, "c", *(field(f"v{i}", DT.FloatVector, params={"dim": 4}) for i in (1, 2, 3)))
    refused("AddCollectionField/too-many-vector-fields", cat.add_collection_field, "default", "c",
            field("v4", DT.FloatVector, nullable=True).SerializeToString())


def test_add_field_to_a_missing_collection_answers_like_describe():
    err = refused("AddCollectionField/missing-collection", Catalog().add_collection_field, "default", "nope",
                  field("extra", DT.Int64, nullable=True).SerializeToString())
    assert err.code == errors.COLLECTION_NOT_FOUND and err.reason.startswith("can't find collection")


def test_alter_field_max_length_and_refusals():
    cat = Catalog()
    new_collection(cat)
    cat.alter_collection_field("default", "c", "title", {"max_length": "128"})
    title = cat.get_collection("default", "c").get_field("title")
    assert {p.key: p.value for p in title.type_params}["max_length"] == "128"
    refused("AlterCollectionField/unknown-property", cat.alter_collection_field, "default", "c", "title", {"x": "1"})
    refused("AlterCollectionField/max-length-not-string", cat.alter_collection_field, "default", "c", "id",
            {"max_length": "9"})
    refused("AlterCollectionField/max-length-not-string", cat.alter_collection_field, "default", "c", "nope",
            {"max_length": "9"})
    refused("AlterCollectionField/max-length-too-large", cat.alter_collection_field, "default", "c", "title",
            {"max_length": "65536"})
    refused("AlterCollectionField/undroppable-key", cat.alter_collection_field, "default", "c", "title", {},
            ["max_length"])
    refused("AlterCollectionField/missing-collection", cat.alter_collection_field, "default", "nope", "title",
            {"max_length": "9"})
    cat.alter_collection_field("default", "c", "title", {"mmap_enabled": "true"})
    cat.alter_collection_field("default", "c", "title", {}, ["mmap.enabled"])
    assert "mmap.enabled" not in {p.key for p in cat.get_collection("default", "c").get_field("title").type_params}


# ---- AlterCollectionSchema ---------------------------------------------------------------------------------

def drop(name="", **identifier):
    request = milvus_pb2.AlterCollectionSchemaRequest(collection_name=name)
    request.action.drop_request.SetInParent()
    for key, value in identifier.items():
        setattr(request.action.drop_request, key, value)
    return request


def test_alter_schema_drop_rules():
    cat = Catalog()
    new_collection(cat)
    refused("AlterCollectionSchema/no-action", cat.alter_collection_schema, "default", "c",
            milvus_pb2.AlterCollectionSchemaRequest())
    refused("AlterCollectionSchema/drop-without-identifier", cat.alter_collection_schema, "default", "c", drop())
    refused("AlterCollectionSchema/drop-missing-field", cat.alter_collection_schema, "default", "c",
            drop(field_name="nope"))
    refused("AlterCollectionSchema/drop-primary-key", cat.alter_collection_schema, "default", "c",
            drop(field_name="id"))
    with pytest.raises(errors.MilvusError, match="cannot drop the last vector field"):
        cat.alter_collection_schema("default", "c", drop(field_name="vec"))
    cat.alter_collection_schema("default", "c", drop(field_name="title"))
    assert [f.name for f in cat.describe_collection("default", "c").schema.fields] == ["id", "vec"]
    refused("AlterCollectionSchema/missing-collection", cat.alter_collection_schema, "default", "nope",
            drop(field_name="title"))


# ---- functions ---------------------------------------------------------------------------------------------

def bm25_collection(cat):
    return new_collection(cat, "c", field("text", DT.VarChar, params={"max_length": 64, "enable_analyzer": "true"}),
                          field("sparse", DT.SparseFloatVector), functions=[schema_pb2.FunctionSchema(
                              name="bm25", type=FT.BM25, input_field_names=["text"], output_field_names=["sparse"])])


def test_function_rules_in_master_order():
    cat = Catalog()
    bm25_collection(cat)
    emb = schema_pb2.FunctionSchema(name="emb", type=FT.TextEmbedding, input_field_names=["title"],
                                    output_field_names=["vec"])
    bm25 = schema_pb2.FunctionSchema(name="bm25", type=FT.BM25)
    refused("AddCollectionFunction/empty-schema", cat.add_collection_function, "default", "nope", None)
    refused("AddCollectionFunction/bm25-refused", cat.add_collection_function, "default", "nope", bm25)
    refused("AddCollectionFunction/missing-collection", cat.add_collection_function, "default", "nope", emb)
    refused("AlterCollectionFunction/empty-schema", cat.alter_collection_function, "default", "c", "emb", None)
    refused("AlterCollectionFunction/bm25-refused", cat.alter_collection_function, "default", "c", "bm25", bm25)
    refused("AlterCollectionFunction/name-mismatch", cat.alter_collection_function, "default", "c", "x", emb)
    refused("AlterCollectionFunction/missing-function", cat.alter_collection_function, "default", "c", "emb", emb)
    refused("DropCollectionFunction/missing-collection", cat.drop_collection_function, "default", "nope", "bm25")
    cat.drop_collection_function("default", "c", "no-such-function")  # idempotent
    refused("DropCollectionFunction/bm25-refused", cat.drop_collection_function, "default", "c", "bm25")
    cat.add_collection_function("default", "c", emb)
    with pytest.raises(errors.MilvusError, match="function name already exists"):
        cat.add_collection_function("default", "c", emb)
    cat.drop_collection_function("default", "c", "emb")
    schema = cat.describe_collection("default", "c").schema
    assert [f.name for f in schema.functions] == ["bm25"]
    assert not next(f for f in schema.fields if f.name == "vec").is_function_output


# ---- truncate, batch describe, databases -------------------------------------------------------------------

def test_truncate_keeps_the_collection_and_drops_the_rows():
    cat = Catalog()
    coll = new_collection(cat)
    ids = schema_pb2.FieldData(field_name="id", type=DT.Int64)
    ids.scalars.long_data.data.extend([1, 2])
    vec = schema_pb2.FieldData(field_name="vec", type=DT.FloatVector)
    vec.vectors.dim = 4
    vec.vectors.float_vector.data.extend([0.0] * 8)
    title = schema_pb2.FieldData(field_name="title", type=DT.VarChar)
    title.scalars.string_data.data.extend(["a", "b"])
    coll.data.insert([ids, vec, title], 2, "_default")
    assert cat.collection_statistics("default", "c")["row_count"] == "2"
    cat.truncate_collection("default", "c")
    assert cat.collection_statistics("default", "c")["row_count"] == "0"
    assert cat.has_collection("default", "c")
    refused("TruncateCollection/missing-collection", cat.truncate_collection, "default", "nope")
    with pytest.raises(errors.MilvusError) as info:
        cat.truncate_collection("default", "bad name")
    assert info.value.code == errors.PARAMETER_INVALID


def test_batch_describe():
    cat = Catalog()
    new_collection(cat)
    refused("BatchDescribeCollection/empty-names", cat.batch_describe, "default", [])
    got = cat.batch_describe("default", ["c", "nope"])
    assert [(r.schema.name, r.status.code) for r in got] == [("c", 0), ("", errors.COLLECTION_NOT_FOUND)]
    assert got[1].collection_name == "nope"


def test_alter_database_in_master_order():
    cat = Catalog()
    refused("AlterDatabase/invalid-timezone", cat.alter_database, "nope", {"timezone": "Mars/Base"})
    refused("AlterDatabase/nothing-to-alter", cat.alter_database, "nope", {})
    refused("AlterDatabase/properties-and-delete-keys", cat.alter_database, "nope", {"a": "1"}, ["b"])
    err = refused("AlterDatabase/missing-database", cat.alter_database, "nope", {"a": "1"})
    assert err.code == errors.DATABASE_NOT_FOUND
    cat.create_database("d")
    cat.alter_database("d", {"a": "1", "timezone": "Asia/Shanghai"})
    cat.alter_database("d", {}, ["a"])
    assert cat.db("d").properties == {"timezone": "Asia/Shanghai"}


# ---- analyzer ----------------------------------------------------------------------------------------------

def test_standard_analyzer_lowercases_with_byte_offsets():
    a = analyzer.build(json.dumps({"type": "standard"}))
    assert [(t.token, t.start_offset, t.end_offset, t.position) for t in a.tokens("Hello World")] == [
        ("hello", 0, 5, 0), ("world", 6, 11, 1)]
    assert [(t.token, t.start_offset) for t in a.tokens("Über, café!")] == [("über", 0), ("café", 7)]
    assert analyzer.build("") == a


def test_composed_analyzers_and_refusals():
    ws = analyzer.build(json.dumps({"tokenizer": "whitespace"}))
    assert [t.token for t in ws.tokens("Hello, World")] == ["Hello,", "World"]
    std = analyzer.build(json.dumps({"tokenizer": "standard", "filter": ["lowercase"]}))
    assert [t.token for t in std.tokens("A-B c")] == ["a", "b", "c"]
    for bad in ('{"tokenizer": "nope"}', '{"type": "klingon"}', "[1]", "{", '{"filter": ["stemmer?"]}'):
        with pytest.raises(errors.MilvusError) as info:
            analyzer.build(bad)
        assert info.value.code == errors.PARAMETER_INVALID


def test_phrase_slop():
    a = analyzer.build("")
    assert analyzer.phrase_slop(a, "hello world", "Hello World") == (True, 0)
    assert analyzer.phrase_slop(a, "hello world", "hello big bad world") == (True, 2)
    assert analyzer.phrase_slop(a, "hello world", "world hello") == (False, -1)
    assert analyzer.phrase_slop(a, "hello world", "hello x world hello world") == (True, 0)


# ---- over gRPC ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def conn():
    with serve() as srv:
        c = Connection("evo", parse_target(srv.address))
        yield c
        c.close()


def test_evolution_rpcs_over_grpc(conn):
    schema = schema_pb2.CollectionSchema(name="g", fields=[
        field("id", DT.Int64, is_primary_key=True), field("vec", DT.FloatVector, params={"dim": 4})])
    assert conn.call("CreateCollection", milvus_pb2.CreateCollectionRequest(
        collection_name="g", schema=schema.SerializeToString())).code == 0
    status = conn.call("AddCollectionField", milvus_pb2.AddCollectionFieldRequest(
        collection_name="g", schema=field("n", DT.Int64, nullable=True).SerializeToString()))
    assert status.code == 0
    status = conn.call("AddCollectionField", milvus_pb2.AddCollectionFieldRequest(
        collection_name="g", schema=field("m", DT.Int64).SerializeToString()))
    assert status.code == errors.PARAMETER_INVALID and status.extra_info["is_input_error"] == "true"
    batch = conn.call("BatchDescribeCollection", milvus_pb2.BatchDescribeCollectionRequest(collection_name=["g"]))
    assert [f.name for f in batch.responses[0].schema.fields] == ["id", "vec", "n"]
    reply = conn.call("AlterCollectionSchema", milvus_pb2.AlterCollectionSchemaRequest(collection_name="nope"))
    assert reply.alter_status.code == errors.COLLECTION_NOT_FOUND
    assert conn.call("TruncateCollection", milvus_pb2.TruncateCollectionRequest(
        collection_name="g")).status.code == 0
    ran = conn.call("RunAnalyzer", milvus_pb2.RunAnalyzerRequest(analyzer_params='{"type": "standard"}',
                                                                  placeholder=[b"Hello World"]))
    assert [t.token for t in ran.results[0].tokens] == ["hello", "world"]
    assert ran.results[0].tokens[1].start_offset == 0  # offsets only with with_detail
    bad = conn.call("RunAnalyzer", milvus_pb2.RunAnalyzerRequest(analyzer_params='{"tokenizer": "x"}',
                                                                  placeholder=[b"a"]))
    assert bad.status.code == errors.PARAMETER_INVALID
    slop = conn.call("ComputePhraseMatchSlop", milvus_pb2.ComputePhraseMatchSlopRequest(
        query_text="a b", data_texts=["a b", "b"]))
    assert list(slop.is_match) == [True, False] and list(slop.slops) == [0, -1]
