"""Aliases: CreateAlias (A01-A06), DropAlias (A07), AlterAlias, DescribeAlias, ListAliases, DescribeCollection
through an alias (A09), alias name rules (E35)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance.expectations import Deviation, Expected
from conformance.model import errors
from conformance.orm import Alias, Collection
from conformance.protocol import milvus_pb2, schema_pb2
from conformance.strategies import invalid_names, make_field
from conformance.strategies.schemas import DT
from conformance.transport.recorder import status_of

CREATED = Expected.success("probe C01")
ALIAS_CREATED = Expected.success("probe A03")
ALIAS_NOT_FOUND = Expected.error(errors.ALIAS_NOT_FOUND, "rootcoord meta_table DescribeAlias/AlterAlias: "
                                 "merr.WrapErrAliasNotFound (1600; text 'alias not found' in the 2.3.5 binary)")


def collection(ledger, check) -> Collection:
    name = ledger.name("c")
    c = Collection(name, schema_pb2.CollectionSchema(name=name, fields=[
        make_field("id", DT.Int64, primary=True), make_field("vec", DT.FloatVector, dim=8)]), ledger=ledger)
    check(c.create(), CREATED)
    return c


def bound_to(check, alias: Alias, collection: str, why: str) -> None:
    reply = alias.describe()
    check(reply, Expected.success("rootcoord DescribeAlias on an existing alias"))
    if reply.collection != collection:
        raise Deviation("DescribeAlias", f"DescribeAlias names the wrong collection: {why}", collection,
                        reply.collection, milvus_pb2.DescribeAliasRequest(alias=alias.name))


@pytest.mark.rpc("CreateAlias")
def test_alias_to_missing_collection(ledger, check):
    alias = Alias(ledger.name("a"), ledger.name("missing"), ledger=ledger)
    check(alias.create(), Expected.error(errors.COLLECTION_NOT_FOUND, "probe A01; meta_table.go "
                                         "WrapErrCollectionNotFoundWithDB"))


@pytest.mark.rpc("CreateAlias")
def test_alias_named_like_a_collection(ledger, check):
    c1, c2 = collection(ledger, check), collection(ledger, check)
    check(Alias(c2.name, c1.name, ledger=ledger).create(),
          Expected.error(errors.ALIAS_COLLECTION_NAME_CONFLICT, "probe A02 (1601 alias and collection name conflict)"))


@pytest.mark.rpc("CreateAlias", "DescribeAlias", "ListAliases", "DescribeCollection", "DropAlias")
def test_alias_lifecycle(ledger, check):
    c1, c2 = collection(ledger, check), collection(ledger, check)
    alias = Alias(ledger.name("a"), c1.name, ledger=ledger)
    check(alias.create(), ALIAS_CREATED)
    check(alias.create(), Expected.success("probe A04 (same alias, same collection: idempotent)"))
    check(Alias(alias.name, c2.name, ledger=ledger).create(),
          Expected.error(errors.ALIAS_ALREADY_EXIST, "probe A05 (1602 alias already exist)"))
    bound_to(check, alias, c1.name, "the alias was created for it")
    listed = c1.list_aliases()
    check(listed, Expected.success("rootcoord ListAliases for an existing collection"))
    if alias.name not in listed.aliases:
        raise Deviation("ListAliases", "ListAliases omits the collection's alias", f"[{alias.name!r}]",
                        str(list(listed.aliases)), milvus_pb2.ListAliasesRequest(collection_name=c1.name))
    described = Collection(alias.name, ledger=ledger).describe()
    check(described, Expected.success("probe A09 (DescribeCollection resolves an alias)"))
    if [f.name for f in described.schema.fields] != ["id", "vec"] or described.schema.name != c1.name:
        raise Deviation("DescribeCollection", "DescribeCollection via an alias does not describe its collection",
                        f"schema {c1.name!r} with fields id, vec", f"schema {described.schema.name!r} with "
                        f"{[f.name for f in described.schema.fields]}",
                        milvus_pb2.DescribeCollectionRequest(collection_name=alias.name))
    check(alias.drop(), Expected.success("rootcoord DropAlias of an existing alias"))
    check(alias.describe(), ALIAS_NOT_FOUND)


@pytest.mark.rpc("CreateAlias")
def test_alias_of_an_alias(ledger, check):
    c1 = collection(ledger, check)
    a1 = Alias(ledger.name("a"), c1.name, ledger=ledger)
    check(a1.create(), ALIAS_CREATED)
    check(Alias(ledger.name("a"), a1.name, ledger=ledger).create(),
          Expected.error(errors.COLLECTION_NOT_FOUND, "probe A06 (target looked up by collection name only)"))


@pytest.mark.rpc("DropAlias")
def test_drop_missing_alias(ledger, check):
    check(Alias(ledger.name("a"), ledger=ledger).drop(),
          Expected.error(errors.ALIAS_NOT_FOUND, "2.6-line rootcoord broadcastDropAlias → CheckIfAliasDroppable "
                         "(1600, unverified by probe); 2.3.5 answered Success (probe A07)")
          .before("2.6.0", errors.SUCCESS))


@pytest.mark.rpc("AlterAlias", "DescribeAlias", "ListAliases")
def test_alter_alias(ledger, check):
    c1, c2 = collection(ledger, check), collection(ledger, check)
    alias = Alias(ledger.name("a"), c1.name, ledger=ledger)
    check(alias.create(), ALIAS_CREATED)
    check(alias.alter(c2.name), Expected.success("rootcoord AlterAlias to an existing collection"))
    bound_to(check, alias, c2.name, "the alias was altered to point at it")
    listed = c1.list_aliases()
    check(listed, Expected.success("rootcoord ListAliases"))
    if alias.name in listed.aliases:
        raise Deviation("ListAliases", "an altered alias is still listed for its old collection", "absent",
                        str(list(listed.aliases)), milvus_pb2.ListAliasesRequest(collection_name=c1.name))


@pytest.mark.rpc("AlterAlias")
def test_alter_alias_errors(ledger, check):
    c1 = collection(ledger, check)
    check(Alias(ledger.name("a"), ledger=ledger).alter(c1.name), ALIAS_NOT_FOUND)
    alias = Alias(ledger.name("a"), c1.name, ledger=ledger)
    check(alias.create(), ALIAS_CREATED)
    check(alias.alter(ledger.name("missing")),
          Expected.error(errors.COLLECTION_NOT_FOUND, "rootcoord meta_table AlterAlias: target collection lookup "
                         "→ WrapErrCollectionNotFoundWithDB (100)"))


@pytest.mark.rpc("DescribeAlias")
def test_describe_missing_alias(ledger, check):
    check(Alias(ledger.name("a"), ledger=ledger).describe(), ALIAS_NOT_FOUND)


@pytest.mark.rpc("ListAliases")
def test_list_aliases_of_missing_collection(ledger, check):
    check(Collection(ledger.name("missing"), ledger=ledger).list_aliases(),
          Expected.error(errors.COLLECTION_NOT_FOUND, "rootcoord ListAliases: collection lookup → 100"))


@pytest.mark.rpc("CreateAlias")
@given(data=st.data())
def test_invalid_alias_names(ledger, check, data):
    bad = data.draw(invalid_names(ledger.token, "alias"), label="alias")
    target = ledger.name("missing")  # never created: name validation comes first (E35)
    reply = Alias(bad.name, target, ledger=ledger).create()
    if status_of(reply).code or status_of(reply).error_code:
        ledger.aliases.discard(("", bad.name))  # rejected: nothing to clean up
    check(reply, Expected.from_rule(bad.rule))
