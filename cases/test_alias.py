"""Aliases: CreateAlias, DropAlias, AlterAlias, DescribeAlias, ListAliases, DescribeCollection through an
alias, alias name rules."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.expectations import verify
from conformance.model.rules import rules
from conformance.orm import Alias, Collection
from conformance.protocol import milvus_pb2
from conformance.strategies import invalid_name, violations_of

from .builders import plain_collection

CREATED = "CreateCollection/accepts-valid-schema"
ALIAS_CREATED = "CreateAlias/creates"


def bound_to(check, alias: Alias, collection: str, why: str) -> None:
    reply = alias.describe()
    check(reply, "DescribeAlias/existing")
    verify("DescribeAlias/names-collection", reply.collection == collection, expected=f"{collection} ({why})",
           actual=reply.collection, request=milvus_pb2.DescribeAliasRequest(alias=alias.name))


def aliases_of(check, coll: Collection) -> list[str]:
    listed = coll.list_aliases()
    check(listed, "ListAliases/existing")
    return list(listed.aliases)


@pytest.mark.rpc("CreateAlias")
def test_alias_to_missing_collection(ledger, check):
    alias = Alias(ledger.name("a"), ledger.name("missing"), ledger=ledger)
    check(alias.create(), "CreateAlias/missing-collection")


@pytest.mark.rpc("CreateAlias")
def test_alias_named_like_a_collection(ledger, check):
    c1, c2 = plain_collection(ledger, check), plain_collection(ledger, check)
    check(Alias(c2.name, c1.name, ledger=ledger).create(), "CreateAlias/named-like-a-collection")


@pytest.mark.rpc("CreateAlias", "DescribeAlias", "ListAliases", "DescribeCollection", "DropAlias")
def test_alias_lifecycle(ledger, check):
    c1, c2 = plain_collection(ledger, check), plain_collection(ledger, check)
    alias = Alias(ledger.name("a"), c1.name, ledger=ledger)
    check(alias.create(), ALIAS_CREATED)
    check(alias.create(), "CreateAlias/duplicate")
    check(Alias(alias.name, c2.name, ledger=ledger).create(), "CreateAlias/bound-elsewhere")
    bound_to(check, alias, c1.name, "the alias was created for it")
    names = aliases_of(check, c1)
    verify("ListAliases/lists-aliases", alias.name in names, expected=f"[{alias.name!r}]", actual=str(names),
           request=milvus_pb2.ListAliasesRequest(collection_name=c1.name))
    described = Collection(alias.name, ledger=ledger).describe()
    check(described, "DescribeCollection/existing")
    fields = [f.name for f in described.schema.fields]
    verify("DescribeCollection/through-alias", fields == ["id", "vec"] and described.schema.name == c1.name,
           expected=f"schema {c1.name!r} with fields id, vec", actual=f"schema {described.schema.name!r} with {fields}",
           request=milvus_pb2.DescribeCollectionRequest(collection_name=alias.name))
    check(alias.drop(), "DropAlias/drops")
    check(alias.describe(), "DescribeAlias/missing-alias")


@pytest.mark.rpc("CreateAlias", "ListAliases")
def test_alias_of_an_alias(ledger, check, server):
    """Current Milvus resolves an alias given as the target to its collection (since 2.6.6); older releases
    looked the target up by collection name only (100)."""
    c1 = plain_collection(ledger, check)
    a1 = Alias(ledger.name("a"), c1.name, ledger=ledger)
    check(a1.create(), ALIAS_CREATED)
    a2 = Alias(ledger.name("a"), a1.name, ledger=ledger)
    check(a2.create(), "CreateAlias/of-an-alias")
    if rules.get("CreateAlias/of-an-alias-binds-collection").applies(server.older_than):
        names = aliases_of(check, c1)
        verify("CreateAlias/of-an-alias-binds-collection", a2.name in names, expected=f"{a2.name} listed for {c1.name}",
               actual=str(names), request=milvus_pb2.ListAliasesRequest(collection_name=c1.name))


@pytest.mark.rpc("DropAlias")
def test_drop_missing_alias(ledger, check):
    check(Alias(ledger.name("a"), ledger=ledger).drop(), "DropAlias/missing-alias")


@pytest.mark.rpc("AlterAlias", "DescribeAlias", "ListAliases")
def test_alter_alias(ledger, check):
    c1, c2 = plain_collection(ledger, check), plain_collection(ledger, check)
    alias = Alias(ledger.name("a"), c1.name, ledger=ledger)
    check(alias.create(), ALIAS_CREATED)
    check(alias.alter(c2.name), "AlterAlias/retargets")
    bound_to(check, alias, c2.name, "the alias was altered to point at it")
    names = aliases_of(check, c1)
    verify("ListAliases/lists-aliases", alias.name not in names, expected=f"{alias.name} no longer listed for the "
           "old collection", actual=str(names), request=milvus_pb2.ListAliasesRequest(collection_name=c1.name))


@pytest.mark.rpc("AlterAlias")
def test_alter_alias_errors(ledger, check):
    c1 = plain_collection(ledger, check)
    check(Alias(ledger.name("a"), ledger=ledger).alter(c1.name), "AlterAlias/missing-alias")
    alias = Alias(ledger.name("a"), c1.name, ledger=ledger)
    check(alias.create(), ALIAS_CREATED)
    check(alias.alter(ledger.name("missing")), "AlterAlias/missing-collection")


@pytest.mark.rpc("DescribeAlias")
def test_describe_missing_alias(ledger, check):
    check(Alias(ledger.name("a"), ledger=ledger).describe(), "DescribeAlias/missing-alias")


@pytest.mark.rpc("ListAliases")
def test_list_aliases_of_missing_collection(ledger, check):
    check(Collection(ledger.name("missing"), ledger=ledger).list_aliases(), "ListAliases/missing-collection")


@pytest.mark.rpc("CreateAlias")
@pytest.mark.parametrize("violation", violations_of("alias"))
@settings(max_examples=4)
@given(data=st.data())
def test_invalid_alias_names(ledger, check, violation, data):
    """Each alias name rule sent: Names/alias/<violation>."""
    bad = data.draw(invalid_name(ledger.token, "alias", violation), label="alias")
    target = ledger.name("missing")  # never created: name validation comes first (E35)
    reply = Alias(bad.name, target, ledger=ledger).create()  # rejected: nothing to clean up
    check(reply, bad.rule)
