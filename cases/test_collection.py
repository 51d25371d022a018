"""Collections: create/describe/has/show/drop over generated schemas, idempotency, name and schema rules,
limits, AlterCollection, RenameCollection, GetCollectionStatistics."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.expectations import NotApplicable, verify
from conformance.model import limits as L
from conformance.model.rules import rules
from conformance.orm import Alias, Collection
from conformance.strategies import (
    RULE_CASES,
    boundary_names,
    collection_schemas,
    features_for,
    invalid_name,
    invalid_schemas,
    make_field,
    renamed,
    schema_differences,
    violations_of,
)
from conformance.strategies.schemas import DT, FEATURES, MODERN_ONLY

CREATED = "CreateCollection/accepts-valid-schema"
DROPPED = "DropCollection/existing"
DESCRIBE_MISSING = "DescribeCollection/missing-collection"


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
    check(reply, "HasCollection/answers")
    verify("HasCollection/reports-existence", reply.value is expected_value, expected=f"{expected_value} ({why})",
           actual=str(reply.value), request=milvus_has_request(coll))


def milvus_has_request(coll: Collection):
    from conformance.protocol import milvus_pb2

    return milvus_pb2.HasCollectionRequest(db_name=coll.db_name, collection_name=coll.name)


def shown(check, db_name: str = "") -> list[str]:
    reply = Collection.show(db_name=db_name)
    check(reply, "ShowCollections/answers")
    return list(reply.collection_names)


def listed(check, name: str, present: bool, why: str) -> None:
    names = shown(check)
    verify("ShowCollections/lists-existing", (name in names) is present,
           expected=f"{name} {'listed' if present else 'absent'} ({why})",
           actual="listed" if name in names else "absent")


def assert_echo(coll: Collection, sent, reply, *, check_nullable: bool = True) -> None:
    diffs = schema_differences(sent, reply.schema, check_nullable=check_nullable)
    if reply.collection_name and reply.collection_name != coll.name:
        diffs.append(("<response>", "collection_name", coll.name, reply.collection_name))
    field, attr, exp, act = diffs[0] if diffs else ("", "", "", "")
    more = f" (+{len(diffs) - 1} more)" if len(diffs) > 1 else ""
    verify("DescribeCollection/echoes-schema", not diffs, expected=f"field {field!r} {attr}: {exp}{more}",
           actual=str(act), request=describe_request(coll))


def describe_request(coll: Collection):
    from conformance.protocol import milvus_pb2

    return milvus_pb2.DescribeCollectionRequest(db_name=coll.db_name, collection_name=coll.name)


def roundtrip(server, ledger, check, schema, *, check_nullable=True):
    name = ledger.name("c")
    schema = renamed(schema, name)
    coll = Collection(name, schema, ledger=ledger)
    check(coll.create(), CREATED)
    reply = coll.describe()
    check(reply, "DescribeCollection/existing")
    assert_echo(coll, schema, reply, check_nullable=check_nullable)
    if any(f.is_partition_key for f in schema.fields):
        default_partitions(server, coll, reply)
    has_value(check, coll, True, "the collection was just created")
    listed(check, name, True, "just created")
    check(coll.drop(), DROPPED)
    has_value(check, coll, False, "the collection was dropped")
    listed(check, name, False, "dropped")
    check(coll.describe(), DESCRIBE_MISSING)


def default_partitions(server, coll: Collection, reply) -> None:
    """A partition-key collection created without num_partitions: 16 partitions (64 before v2.4.3)."""
    want = (L.DEFAULT_PARTITIONS_WITH_PARTITION_KEY_BEFORE_2_4_3 if server.older_than("2.4.3")
            else L.DEFAULT_PARTITIONS_WITH_PARTITION_KEY)
    verify("DescribeCollection/partition-key-default-partitions", reply.num_partitions == want,
           expected=f"num_partitions {want}", actual=f"num_partitions {reply.num_partitions}",
           request=describe_request(coll))


# --- properties over generated schemas -------------------------------------------------------------------


@pytest.mark.rpc("CreateCollection", "DescribeCollection", "HasCollection", "ShowCollections", "DropCollection")
@given(data=st.data())
def test_schema_roundtrip(server, ledger, check, data):
    """Create → Describe echoes the schema → Has/Show agree → Drop → gone (Describe 100, Has false)."""
    schema = data.draw(collection_schemas(), label="schema")
    roundtrip(server, ledger, check, schema)


@pytest.mark.rpc("CreateCollection", "DescribeCollection", "HasCollection", "ShowCollections", "DropCollection")
@pytest.mark.requires(since="2.4.0")
@settings(max_examples=8)
@given(data=st.data())
def test_schema_roundtrip_modern(ledger, check, server, data):
    """As above, with the newer features this server's version supports (multi-vector, Float16/BFloat16/
    Sparse/Int8 vectors, nullable, default values)."""
    features = features_for(server)
    schema = data.draw(collection_schemas(features=features), label="schema")
    roundtrip(server, ledger, check, schema, check_nullable=bool({"nullable", "default_value"} & features))


@pytest.mark.rpc("CreateCollection")
@pytest.mark.parametrize("rule_id,violation", RULE_CASES, ids=[r if v is None else f"{r}-{v}" for r, v in RULE_CASES])
@settings(max_examples=4)
@given(data=st.data())
def test_invalid_schema_rejected(conn, ledger, check, server, rule_id, violation, data):
    """A schema breaking exactly one rule → that rule's code (SCHEMA_RULES evidence); a bad field or collection
    name is judged by the name rule it breaks (``Names/field/<violation>``, ``Names/collection/<violation>``:
    the same code, the violation's own reason), each violation sent."""
    features = features_for(server)
    if rule_id in MODERN_ONLY:
        needed = MODERN_ONLY[rule_id]
        if not server.has(needed):
            raise NotApplicable(f"{rule_id} needs {needed} (Milvus >= {FEATURES[needed].since})")
        features = features | {needed}
    bad = data.draw(invalid_schemas(rules=[rule_id], features=features, violation=violation),
                    label="defect").bind(ledger.name("c"))
    coll = Collection(bad.collection_name, ledger=ledger, **bad.request_kwargs())
    reply = coll.create(schema_bytes=bad.schema_bytes)
    check(reply, bad.check)
    same_answer = bad.check.codes_for(server.older_than) == bad.rule.codes_for(server.older_than)
    if bad.check is not bad.rule and same_answer:  # the name rule's answer is also the schema rule's (same code)
        check(reply, bad.rule)  # (not for a name older releases accepted, e.g. a keyword before 2.4.12)


# --- idempotency and existence ------------------------------------------------------------------------------


@pytest.mark.rpc("CreateCollection")
def test_duplicate_create_identical_schema_is_idempotent(ledger, check):
    coll = new_collection(ledger)
    check(coll.create(), CREATED)
    check(coll.create(), "CreateCollection/duplicate-identical")


@pytest.mark.rpc("CreateCollection")
def test_duplicate_create_different_schema_rejected(ledger, check):
    coll = new_collection(ledger)
    check(coll.create(), CREATED)
    other = Collection(coll.name, simple_schema(coll.name, dim=16), ledger=ledger)
    check(other.create(), "CreateCollection/duplicate-different")


@pytest.mark.rpc("CreateCollection")
def test_duplicate_create_after_a_new_partition_rejected(ledger, check):
    """rootcoord compares the collection as it is now, partitions included: the same request is no longer
    identical once a partition was added."""
    coll = new_collection(ledger)
    check(coll.create(), CREATED)
    check(coll.partition("p1").create(), "CreatePartition/creates")
    check(coll.create(), "CreateCollection/duplicate-after-change")


@pytest.mark.rpc("CreateCollection")
def test_create_named_like_an_alias_rejected(ledger, check):
    coll = new_collection(ledger)
    check(coll.create(), CREATED)
    alias = Alias(ledger.name("a"), coll.name, ledger=ledger)
    check(alias.create(), "CreateAlias/creates")
    clash = Collection(alias.name, simple_schema(alias.name), ledger=ledger)
    check(clash.create(), "CreateCollection/named-like-an-alias")
    check(alias.drop(), "DropAlias/drops")


@pytest.mark.rpc("DescribeCollection", "HasCollection", "DropCollection")
def test_missing_collection(ledger, check):
    coll = Collection(ledger.name("missing"), ledger=ledger)
    check(coll.describe(), DESCRIBE_MISSING)
    has_value(check, coll, False, "the collection never existed")
    check(coll.drop(), "DropCollection/missing")


@pytest.mark.rpc("DescribeCollection", "HasCollection")
def test_lookup_with_invalid_name(ledger, check):
    check(Collection("", ledger=ledger).describe(), "DescribeCollection/invalid-name")
    check(Collection("1" + ledger.name("x"), ledger=ledger).has(), "DescribeCollection/invalid-name")


# --- names ------------------------------------------------------------------------------------------------


@pytest.mark.rpc("CreateCollection")
@pytest.mark.parametrize("violation", violations_of("collection"))
@settings(max_examples=4)
@given(data=st.data())
def test_invalid_collection_names_rejected(ledger, check, violation, data):
    """Each collection name rule sent: Names/collection/<violation>."""
    bad = data.draw(invalid_name(ledger.token, "collection", violation), label="name")
    coll = Collection(bad.name, simple_schema(bad.name), ledger=ledger)
    check(coll.create(), bad.rule)


@pytest.mark.rpc("CreateCollection", "DropCollection")
def test_name_length_boundary(ledger, check):
    longest, too_long = boundary_names(ledger.token + "L")
    coll = Collection(longest, simple_schema(longest), ledger=ledger)
    check(coll.create(), CREATED)
    check(coll.drop(), DROPPED)
    coll = Collection(too_long, simple_schema(too_long), ledger=ledger)
    check(coll.create(), "Names/collection/too-long")


@pytest.mark.rpc("CreateCollection", "DropCollection")
def test_underscore_first_name_accepted(ledger, check):
    name = "_" + ledger.name("u")
    coll = Collection(name, simple_schema(name), ledger=ledger)
    check(coll.create(), CREATED)
    check(coll.drop(), DROPPED)


# --- limits -------------------------------------------------------------------------------------------------


def _fields(n_scalars: int):
    return [make_field(f"f{i}", DT.Int64) for i in range(n_scalars)]


_SCHEMA = "CreateCollection/schema/"
LIMIT_CASES = [
    ("64 fields", lambda n: simple_schema(n, extra=_fields(L.MAX_FIELDS - 2)), {}, CREATED),
    ("65 fields", lambda n: simple_schema(n, extra=_fields(L.MAX_FIELDS - 1)), {}, _SCHEMA + "too-many-fields"),
    ("16 shards", simple_schema, {"shards_num": L.MAX_SHARDS}, CREATED),
    ("17 shards", simple_schema, {"shards_num": L.MAX_SHARDS + 1}, _SCHEMA + "too-many-shards"),
    ("-1 shards", simple_schema, {"shards_num": -1}, CREATED),
    ("dim 32768", lambda n: simple_schema(n, dim=L.MAX_FLOAT_DIM), {}, CREATED),
    ("dim 32769", lambda n: simple_schema(n, dim=L.MAX_FLOAT_DIM + 1), {}, _SCHEMA + "dim-out-of-range"),
    ("dim 0", lambda n: simple_schema(n, dim=0), {}, _SCHEMA + "dim-out-of-range"),
    ("binary dim 8", lambda n: _binary(n, 8), {}, CREATED),
    ("binary dim 12", lambda n: _binary(n, 12), {}, _SCHEMA + "binary-dim-not-multiple-of-8"),
    ("varchar 65535", lambda n: simple_schema(n, extra=[make_field("t", DT.VarChar, max_length=65535)]), {},
     CREATED),
    ("varchar 65536", lambda n: simple_schema(n, extra=[make_field("t", DT.VarChar, max_length=65536)]), {},
     _SCHEMA + "varchar-max-length-out-of-range"),
    ("array 4096", lambda n: simple_schema(n, extra=[make_field("a", DT.Array, element_type=DT.Int64,
                                                                max_capacity=4096)]), {}, CREATED),
    ("array 4097", lambda n: simple_schema(n, extra=[make_field("a", DT.Array, element_type=DT.Int64,
                                                                max_capacity=4097)]), {},
     _SCHEMA + "array-capacity-out-of-range"),
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


@pytest.mark.rpc("CreateCollection")
def test_dim_1(ledger, check, server):
    """dim 1 is rejected since 2.4.0 (the minimum became 2); Milvus 2.3.5 accepted it."""
    name = ledger.name("c")
    coll = Collection(name, simple_schema(name, dim=1), ledger=ledger)
    reply = coll.create()
    check(reply, "CreateCollection/dim-one")


@pytest.mark.rpc("CreateCollection", "DescribeCollection")
def test_partition_key_collection_default_partitions(ledger, check, server):
    name = ledger.name("c")
    schema = simple_schema(name, extra=[make_field("k", DT.Int64, partition_key=True)])
    coll = Collection(name, schema, ledger=ledger)
    check(coll.create(), CREATED)
    reply = coll.describe()
    check(reply, "DescribeCollection/existing")
    default_partitions(server, coll, reply)
    assert_echo(coll, schema, reply)


@pytest.mark.rpc("CreateCollection", "DescribeCollection")
def test_dynamic_field_hidden(ledger, check):
    name = ledger.name("c")
    schema = simple_schema(name)
    schema.enable_dynamic_field = True
    coll = Collection(name, schema, ledger=ledger)
    check(coll.create(), CREATED)
    reply = coll.describe()
    check(reply, "DescribeCollection/existing")
    assert_echo(coll, schema, reply)


# --- alter, rename, statistics ------------------------------------------------------------------------------


@pytest.mark.rpc("AlterCollection", "DescribeCollection")
def test_alter_collection_properties(ledger, check):
    coll = new_collection(ledger)
    check(coll.create(), CREATED)
    check(coll.alter({"collection.ttl.seconds": "3600"}), "AlterCollection/properties")
    reply = coll.describe()
    check(reply, "DescribeCollection/existing")
    props = {kv.key: kv.value for kv in reply.properties}
    verify("DescribeCollection/shows-altered-property", props.get("collection.ttl.seconds") == "3600",
           expected="properties contain collection.ttl.seconds=3600", actual=str(props), request=describe_request(coll))


@pytest.mark.rpc("AlterCollection")
def test_alter_missing_collection(ledger, check):
    coll = Collection(ledger.name("missing"), ledger=ledger)
    check(coll.alter({"collection.ttl.seconds": "60"}), "AlterCollection/missing-collection")


@pytest.mark.rpc("RenameCollection", "HasCollection", "DescribeCollection")
def test_rename_collection(ledger, check):
    coll = new_collection(ledger)
    check(coll.create(), CREATED)
    new_name = ledger.name("r")
    check(coll.rename(new_name), "RenameCollection/renames")
    has_value(check, coll, False, "the collection was renamed away")
    renamed_coll = Collection(new_name, ledger=ledger)
    has_value(check, renamed_coll, True, "the collection was renamed to this name")
    reply = renamed_coll.describe()
    check(reply, "DescribeCollection/existing")
    verify("DescribeCollection/renamed-schema-name", reply.schema.name == new_name, expected=new_name,
           actual=reply.schema.name, request=describe_request(renamed_coll))


@pytest.mark.rpc("RenameCollection")
def test_rename_missing_collection(ledger, check):
    coll = Collection(ledger.name("missing"), ledger=ledger)
    check(coll.rename(ledger.name("r")), "RenameCollection/missing-collection")


@pytest.mark.rpc("RenameCollection")
def test_rename_onto_existing_collection(ledger, check):
    a, b = new_collection(ledger), new_collection(ledger)
    check(a.create(), CREATED)
    check(b.create(), CREATED)
    check(a.rename(b.name), "RenameCollection/onto-existing-collection")


@pytest.mark.rpc("GetCollectionStatistics")
def test_statistics_of_new_collection(ledger, check):
    coll = new_collection(ledger)
    check(coll.create(), CREATED)
    reply = coll.statistics()
    check(reply, "GetCollectionStatistics/answers")
    stats = {kv.key: kv.value for kv in reply.stats}
    verify("GetCollectionStatistics/row-count", stats.get("row_count") == "0", expected="stats row_count='0'",
           actual=str(stats))


@pytest.mark.rpc("GetCollectionStatistics")
def test_statistics_of_missing_collection(ledger, check):
    check(Collection(ledger.name("missing"), ledger=ledger).statistics(), "GetCollectionStatistics/missing-collection")


@pytest.mark.rpc("DropCollection")
def test_drop_collection_with_alias(ledger, check, server):
    coll = new_collection(ledger)
    check(coll.create(), CREATED)
    alias = Alias(ledger.name("a"), coll.name, ledger=ledger)
    check(alias.create(), "CreateAlias/creates")
    refused = rules.get("DropCollection/with-aliases").answer_for(server.older_than).code != 0
    check(coll.drop(), "DropCollection/with-aliases")
    # Where the drop was refused the alias remains and is dropped; 2.3.5 dropped it with the collection and
    # answers Success for a missing alias (before v2.6.6).
    check(alias.drop(), "DropAlias/drops" if refused else "DropAlias/missing-alias")
