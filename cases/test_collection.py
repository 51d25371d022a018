"""Collections: create/describe/has/show/drop over generated schemas, idempotency, name and schema rules,
limits, AlterCollection, RenameCollection, GetCollectionStatistics."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.expectations import Deviation, Expected, NotApplicable
from conformance.model import errors
from conformance.model import limits as L
from conformance.orm import Alias, Collection
from conformance.strategies import (
    RULE_IDS,
    boundary_names,
    collection_schemas,
    features_for,
    invalid_names,
    invalid_schemas,
    make_field,
    renamed,
    schema_differences,
)
from conformance.strategies.schemas import DT, FEATURES, MODERN_ONLY
from conformance.transport.recorder import status_of

CREATED = Expected.success("probe C01 (valid schema accepted); milvus src internal/proxy/task.go createCollectionTask")
DROPPED = Expected.success("probe Z01 (DropCollection of an existing collection)")
DESCRIBE_MISSING = Expected.error(errors.COLLECTION_NOT_FOUND, "probe N01; internal/proxy/task.go rewrites "
                                  "DescribeCollection's not-found with code 100")
DUPLICATE_DIFFERENT = Expected.error(errors.UNEXPECTED, "probe C03 ('create duplicate collection with different "
                                     "parameters'); rootcoord create_collection_task")


def forget_if_rejected(ledger, coll: Collection, reply):
    """A rejected create left nothing behind: drop it from the ledger so teardown does not retry it."""
    status = status_of(reply)
    if status is not None and (status.code or status.error_code):
        ledger.collections.discard((coll.db_name, coll.name))
    return reply


def simple_schema(name: str, dim: int = 8, extra=()) -> object:
    from conformance.protocol import schema_pb2

    return schema_pb2.CollectionSchema(name=name, fields=[
        make_field("id", DT.Int64, primary=True),
        make_field("vec", DT.FloatVector, dim=dim),
        *extra,
    ])


def new_collection(ledger, schema=None, **kw) -> Collection:
    name = ledger.name("c")
    return Collection(name, schema if schema is not None else simple_schema(name), ledger=ledger, **kw)


def has_value(check, coll: Collection, expected_value: bool, why: str) -> None:
    reply = coll.has()
    check(reply, Expected.success("probe N02, N05 (HasCollection answers Success with value)"))
    if reply.value is not expected_value:
        raise Deviation("HasCollection", f"HasCollection disagrees: {why}", str(expected_value), str(reply.value),
                        milvus_has_request(coll))


def milvus_has_request(coll: Collection):
    from conformance.protocol import milvus_pb2

    return milvus_pb2.HasCollectionRequest(db_name=coll.db_name, collection_name=coll.name)


def shown(check, db_name: str = "") -> list[str]:
    reply = Collection.show(db_name=db_name)
    check(reply, Expected.success("probe N04 (ShowCollections lists the database's collections)"))
    return list(reply.collection_names)


def assert_echo(coll: Collection, sent, reply, *, check_nullable: bool = True) -> None:
    diffs = schema_differences(sent, reply.schema, check_nullable=check_nullable)
    if reply.collection_name and reply.collection_name != coll.name:
        diffs.append(("<response>", "collection_name", coll.name, reply.collection_name))
    if diffs:
        field, attr, exp, act = diffs[0]
        more = f" (+{len(diffs) - 1} more)" if len(diffs) > 1 else ""
        raise Deviation("DescribeCollection", f"DescribeCollection does not echo the schema: field {field!r} "
                        f"{attr}{more}", exp, act, describe_request(coll))


def describe_request(coll: Collection):
    from conformance.protocol import milvus_pb2

    return milvus_pb2.DescribeCollectionRequest(db_name=coll.db_name, collection_name=coll.name)


def roundtrip(conn, ledger, check, schema, *, check_nullable=True, num_partitions_expected=None):
    name = ledger.name("c")
    schema = renamed(schema, name)
    coll = Collection(name, schema, ledger=ledger)
    check(coll.create(), CREATED)
    reply = coll.describe()
    check(reply, Expected.success("probe N06 (DescribeCollection of an existing collection)"))
    assert_echo(coll, schema, reply, check_nullable=check_nullable)
    if any(f.is_partition_key for f in schema.fields) and reply.num_partitions not in (0, 64):
        raise Deviation("DescribeCollection", "partition-key collection without the default 64 partitions",
                        "num_partitions 64 (probe E20)", str(reply.num_partitions), describe_request(coll))
    has_value(check, coll, True, "the collection was just created")
    if name not in shown(check):
        raise Deviation("ShowCollections", "a created collection is missing from ShowCollections",
                        f"{name} listed", "not listed", None)
    check(coll.drop(), DROPPED)
    has_value(check, coll, False, "the collection was dropped")
    if name in shown(check):
        raise Deviation("ShowCollections", "a dropped collection is still listed", f"{name} absent", "listed", None)
    check(coll.describe(), DESCRIBE_MISSING)


# --- properties over generated schemas -------------------------------------------------------------------


@pytest.mark.rpc("CreateCollection", "DescribeCollection", "HasCollection", "ShowCollections", "DropCollection")
@given(data=st.data())
def test_schema_roundtrip(conn, ledger, check, data):
    """Create → Describe echoes the schema → Has/Show agree → Drop → gone (Describe 100, Has false)."""
    schema = data.draw(collection_schemas(), label="schema")
    roundtrip(conn, ledger, check, schema)


@pytest.mark.rpc("CreateCollection", "DescribeCollection", "HasCollection", "ShowCollections", "DropCollection")
@pytest.mark.requires(since="2.4.0")
@settings(max_examples=8)
@given(data=st.data())
def test_schema_roundtrip_modern(conn, ledger, check, server, data):
    """As above, with the newer features this server's version supports (multi-vector, Float16/BFloat16/
    Sparse/Int8 vectors, nullable, default values)."""
    features = features_for(server)
    schema = data.draw(collection_schemas(features=features), label="schema")
    roundtrip(conn, ledger, check, schema, check_nullable=bool({"nullable", "default_value"} & features))


@pytest.mark.rpc("CreateCollection")
@pytest.mark.parametrize("rule_id", RULE_IDS)
@settings(max_examples=4)
@given(data=st.data())
def test_invalid_schema_rejected(conn, ledger, check, server, rule_id, data):
    """A schema breaking exactly one rule → that rule's code (SCHEMA_RULES evidence)."""
    features = features_for(server)
    if rule_id in MODERN_ONLY:
        needed = "sparse_vector" if rule_id == "sparse_dim_given" else "nullable"
        if server.older_than(FEATURES[needed].since):
            raise NotApplicable(f"{rule_id} needs {needed} (Milvus >= {FEATURES[needed].since})")
        features = features | {needed}
    bad = data.draw(invalid_schemas(rules=[rule_id], features=features), label="defect").bind(ledger.name("c"))
    coll = Collection(bad.collection_name, ledger=ledger, **bad.request_kwargs())
    check(forget_if_rejected(ledger, coll, coll.create(schema_bytes=bad.schema_bytes)), Expected.from_rule(bad.rule))


# --- idempotency and existence ------------------------------------------------------------------------------


@pytest.mark.rpc("CreateCollection")
def test_duplicate_create_identical_schema_is_idempotent(ledger, check):
    coll = new_collection(ledger)
    check(coll.create(), CREATED)
    check(coll.create(), Expected.success("probe C02; rootcoord create_collection_task 'make creating collection "
                                          "idempotent'"))


@pytest.mark.rpc("CreateCollection")
def test_duplicate_create_different_schema_rejected(ledger, check):
    coll = new_collection(ledger)
    check(coll.create(), CREATED)
    other = Collection(coll.name, simple_schema(coll.name, dim=16), ledger=ledger)
    check(other.create(), DUPLICATE_DIFFERENT)


@pytest.mark.rpc("CreateCollection")
def test_duplicate_create_after_a_new_partition_rejected(ledger, check):
    """rootcoord compares the collection as it is now, partitions included: the same request is no longer
    identical once a partition was added."""
    coll = new_collection(ledger)
    check(coll.create(), CREATED)
    check(coll.partition("p1").create(), Expected.success("probe T01"))
    check(coll.create(), Expected.error(errors.UNEXPECTED, "milvus src internal/metastore/model/collection.go "
                                        "Equal (CheckPartitionsEqual); verified on Milvus 2.3.5 in this project"))


@pytest.mark.rpc("CreateCollection")
def test_create_named_like_an_alias_rejected(ledger, check):
    coll = new_collection(ledger)
    check(coll.create(), CREATED)
    alias = Alias(ledger.name("a"), coll.name, ledger=ledger)
    check(alias.create(), Expected.success("probe A03"))
    clash = Collection(alias.name, simple_schema(alias.name), ledger=ledger)
    check(clash.create(), Expected.error(errors.UNEXPECTED, "probe A08 ('create duplicate collection with "
                                         "different parameters, collection: <alias>')"))
    check(alias.drop(), Expected.success("probe A07/Z02 (DropAlias)"))


@pytest.mark.rpc("DescribeCollection", "HasCollection", "DropCollection")
def test_missing_collection(ledger, check):
    coll = Collection(ledger.name("missing"), ledger=ledger)
    check(coll.describe(), DESCRIBE_MISSING)
    has_value(check, coll, False, "the collection never existed")
    check(coll.drop(), Expected.success("probe N03; 2.6-line drop_collection_task ignores not-found"))


@pytest.mark.rpc("DescribeCollection", "HasCollection")
def test_lookup_with_invalid_name(ledger, check):
    check(Collection("", ledger=ledger).describe(),
          Expected.error(errors.PARAMETER_INVALID, "probe E29 ('collection name should not be empty')"))
    reply = Collection("1" + ledger.name("x"), ledger=ledger).has()
    check(reply, Expected.error(errors.PARAMETER_INVALID, "probe E30 (invalid name → 1100, value=false)"))


# --- names ------------------------------------------------------------------------------------------------


@pytest.mark.rpc("CreateCollection")
@given(data=st.data())
def test_invalid_collection_names_rejected(ledger, check, data):
    bad = data.draw(invalid_names(ledger.token, "collection"), label="name")
    coll = Collection(bad.name, simple_schema(bad.name), ledger=ledger)
    check(forget_if_rejected(ledger, coll, coll.create()), Expected.from_rule(bad.rule))


@pytest.mark.rpc("CreateCollection", "DropCollection")
def test_name_length_boundary(ledger, check):
    longest, too_long = boundary_names(ledger.token + "L")
    coll = Collection(longest, simple_schema(longest), ledger=ledger)
    check(coll.create(), Expected.success("probe C05b (255 characters accepted)"))
    check(coll.drop(), DROPPED)
    coll = Collection(too_long, simple_schema(too_long), ledger=ledger)
    check(forget_if_rejected(ledger, coll, coll.create()),
          Expected.error(errors.PARAMETER_INVALID, "probe C05 (256 characters → 1100)"))


@pytest.mark.rpc("CreateCollection", "DropCollection")
def test_underscore_first_name_accepted(ledger, check):
    name = "_" + ledger.name("u")
    coll = Collection(name, simple_schema(name), ledger=ledger)
    check(coll.create(), Expected.success("probe C06b ('_abc' accepted)"))
    check(coll.drop(), DROPPED)


# --- limits -------------------------------------------------------------------------------------------------


def _fields(n_scalars: int):
    return [make_field(f"f{i}", DT.Int64) for i in range(n_scalars)]


LIMIT_CASES = [
    ("64 fields", lambda n: simple_schema(n, extra=_fields(L.MAX_FIELDS - 2)), {}, Expected.success("probe C17b")),
    ("65 fields", lambda n: simple_schema(n, extra=_fields(L.MAX_FIELDS - 1)), {},
     Expected.error(errors.UNEXPECTED, "probe C17 ('maximum field's number should be limited to 64')")),
    ("16 shards", simple_schema, {"shards_num": L.MAX_SHARDS}, Expected.success("probe E23")),
    ("17 shards", simple_schema, {"shards_num": L.MAX_SHARDS + 1},
     Expected.error(errors.UNEXPECTED, "probe C20 ('maximum shards's number should be limited to 16')")),
    ("-1 shards", simple_schema, {"shards_num": -1}, Expected.success("probe E24")),
    ("dim 32768", lambda n: simple_schema(n, dim=L.MAX_FLOAT_DIM), {}, Expected.success("probe C12b")),
    ("dim 32769", lambda n: simple_schema(n, dim=L.MAX_FLOAT_DIM + 1), {},
     Expected.error(errors.UNEXPECTED, "probe C12 ('invalid dimension: 32769')")),
    ("dim 0", lambda n: simple_schema(n, dim=0), {},
     Expected.error(errors.UNEXPECTED, "probe C11 ('invalid dimension: 0')")),
    ("dim 1", lambda n: simple_schema(n, dim=1), {},
     Expected.error(errors.UNEXPECTED, "internal/proxy/util.go validateDimension 'should be in range 2 ~ 32768'")
     .before("2.4.0", errors.SUCCESS)),
    ("binary dim 8", lambda n: _binary(n, 8), {}, Expected.success("probe E02")),
    ("binary dim 12", lambda n: _binary(n, 12), {},
     Expected.error(errors.UNEXPECTED, "probe C13 ('should be multiple of 8')")),
    ("varchar 65535", lambda n: simple_schema(n, extra=[make_field("t", DT.VarChar, max_length=65535)]), {},
     Expected.success("facts §3.1 (VarChar max_length (0, 65535]); probe C16 boundary")),
    ("varchar 65536", lambda n: simple_schema(n, extra=[make_field("t", DT.VarChar, max_length=65536)]), {},
     Expected.error(errors.PARAMETER_INVALID, "probe C16")),
    ("array 4096", lambda n: simple_schema(n, extra=[make_field("a", DT.Array, element_type=DT.Int64,
                                                                max_capacity=4096)]), {}, Expected.success("probe E14")),
    ("array 4097", lambda n: simple_schema(n, extra=[make_field("a", DT.Array, element_type=DT.Int64,
                                                                max_capacity=4097)]), {},
     Expected.error(errors.UNEXPECTED, "probe C24")),
]


def _binary(name, dim):
    from conformance.protocol import schema_pb2

    return schema_pb2.CollectionSchema(name=name, fields=[
        make_field("id", DT.Int64, primary=True), make_field("bv", DT.BinaryVector, dim=dim)])


@pytest.mark.rpc("CreateCollection")
@pytest.mark.parametrize("label,build,kwargs,expected", LIMIT_CASES, ids=[c[0] for c in LIMIT_CASES])
def test_limits(ledger, check, label, build, kwargs, expected):
    name = ledger.name("c")
    coll = Collection(name, build(name), ledger=ledger, **kwargs)
    check(coll.create(), expected)


@pytest.mark.rpc("CreateCollection", "DescribeCollection")
def test_partition_key_collection_has_64_partitions(ledger, check):
    name = ledger.name("c")
    schema = simple_schema(name, extra=[make_field("k", DT.Int64, partition_key=True)])
    coll = Collection(name, schema, ledger=ledger)
    check(coll.create(), Expected.success("probe E19"))
    reply = coll.describe()
    check(reply, Expected.success("probe E20"))
    if reply.num_partitions != L.DEFAULT_PARTITIONS_WITH_PARTITION_KEY:
        raise Deviation("DescribeCollection", "partition-key collection without the default partitions",
                        "num_partitions 64 (probe E20; common.DefaultPartitionsWithPartitionKey)",
                        str(reply.num_partitions), describe_request(coll))
    assert_echo(coll, schema, reply)


@pytest.mark.rpc("CreateCollection", "DescribeCollection")
def test_dynamic_field_hidden(ledger, check):
    name = ledger.name("c")
    schema = simple_schema(name)
    schema.enable_dynamic_field = True
    coll = Collection(name, schema, ledger=ledger)
    check(coll.create(), Expected.success("probe E27"))
    reply = coll.describe()
    check(reply, Expected.success("probe E28"))
    assert_echo(coll, schema, reply)


# --- alter, rename, statistics ------------------------------------------------------------------------------


@pytest.mark.rpc("AlterCollection", "DescribeCollection")
def test_alter_collection_properties(ledger, check):
    coll = new_collection(ledger)
    check(coll.create(), CREATED)
    check(coll.alter({"collection.ttl.seconds": "3600"}),
          Expected.success("milvus src internal/rootcoord alter_collection_task (properties merged)"))
    reply = coll.describe()
    check(reply, Expected.success("probe N06"))
    props = {kv.key: kv.value for kv in reply.properties}
    if props.get("collection.ttl.seconds") != "3600":
        raise Deviation("DescribeCollection", "DescribeCollection does not show the altered property",
                        "properties contain collection.ttl.seconds=3600", str(props), describe_request(coll))


@pytest.mark.rpc("AlterCollection")
def test_alter_missing_collection(ledger, check):
    coll = Collection(ledger.name("missing"), ledger=ledger)
    check(coll.alter({"collection.ttl.seconds": "60"}),
          Expected.error(errors.COLLECTION_NOT_FOUND, "rootcoord alter_collection_task: meta GetCollectionByName "
                         "→ WrapErrCollectionNotFound (100)"))


@pytest.mark.rpc("RenameCollection", "HasCollection", "DescribeCollection")
def test_rename_collection(ledger, check):
    coll = new_collection(ledger)
    check(coll.create(), CREATED)
    new_name = ledger.name("r")
    check(coll.rename(new_name), Expected.success("milvus src rootcoord rename_collection_task / meta_table "
                                                  "RenameCollection"))
    has_value(check, coll, False, "the collection was renamed away")
    renamed_coll = Collection(new_name, ledger=ledger)
    has_value(check, renamed_coll, True, "the collection was renamed to this name")
    reply = renamed_coll.describe()
    check(reply, Expected.success("probe N06"))
    if reply.schema.name != new_name:
        raise Deviation("DescribeCollection", "renamed collection's schema keeps the old name", new_name,
                        reply.schema.name, describe_request(renamed_coll))


@pytest.mark.rpc("RenameCollection")
def test_rename_missing_collection(ledger, check):
    coll = Collection(ledger.name("missing"), ledger=ledger)
    check(coll.rename(ledger.name("r")), Expected.error(errors.COLLECTION_NOT_FOUND,
                                                        "rootcoord meta_table RenameCollection: collection not "
                                                        "found → 100"))


@pytest.mark.rpc("RenameCollection")
def test_rename_onto_existing_collection(ledger, check):
    a, b = new_collection(ledger), new_collection(ledger)
    check(a.create(), CREATED)
    check(b.create(), CREATED)
    check(a.rename(b.name), Expected.error(errors.UNEXPECTED, "rootcoord meta_table RenameCollection: 'duplicated "
                                           "new collection name' (plain error → 65535)"))


@pytest.mark.rpc("GetCollectionStatistics")
def test_statistics_of_new_collection(ledger, check):
    coll = new_collection(ledger)
    check(coll.create(), CREATED)
    reply = coll.statistics()
    check(reply, Expected.success("milvus src proxy getCollectionStatisticsTask"))
    stats = {kv.key: kv.value for kv in reply.stats}
    if stats.get("row_count") != "0":
        raise Deviation("GetCollectionStatistics", "a new collection must report row_count 0",
                        "stats row_count='0'", str(stats), None)


@pytest.mark.rpc("GetCollectionStatistics")
def test_statistics_of_missing_collection(ledger, check):
    check(Collection(ledger.name("missing"), ledger=ledger).statistics(),
          Expected.error(errors.COLLECTION_NOT_FOUND, "probe E60"))


@pytest.mark.rpc("DropCollection")
def test_drop_collection_with_alias(ledger, check):
    coll = new_collection(ledger)
    check(coll.create(), CREATED)
    alias = Alias(ledger.name("a"), coll.name, ledger=ledger)
    check(alias.create(), Expected.success("probe A03"))
    check(coll.drop(), Expected.error(errors.UNEXPECTED, "2.6-line drop_collection_task: 'unable to drop the "
                                      "collection ... because it has associated aliases' (plain → 65535)")
          .before("2.6.0", errors.SUCCESS))
    # Current Milvus refused the drop, so the alias remains; 2.3.5 dropped it with the collection (Z02) and
    # answers Success for a missing alias (A07): Success either way.
    check(alias.drop(), Expected.success("probes Z02, A07; 2.6-line refuses the drop, so the alias remains"))
