"""A Hypothesis state machine over the collection / partition / alias / database lifecycle.

The machine keeps a small client-side model of which objects exist; every step checks the target's answer
(``check`` against an evidence-backed ``Expected``) and, after every step, the invariants: HasCollection,
ShowCollections, ShowPartitions, DescribeAlias and ListDatabases agree with the model. Only names of this
machine (``<token>_sm...``) are counted, so other cases' objects do not disturb it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from conformance.expectations import Deviation, Expected
from conformance.model import errors
from conformance.model import limits as L
from conformance.orm import Alias, Collection, Database
from conformance.protocol import milvus_pb2, schema_pb2
from conformance.strategies import make_field
from conformance.strategies.schemas import DT

PARTITIONS = ("p1", "p2", "1p")
OK_CREATE = Expected.success("probe C01")
OK_DUP = Expected.success("probe C02 (identical duplicate create is idempotent)")
DUP_CHANGED = Expected.error(errors.UNEXPECTED, "milvus src internal/metastore/model/collection.go Equal "
                             "(CheckPartitionsEqual); verified on Milvus 2.3.5 in this project: duplicate create "
                             "after CreatePartition → 65535 'create duplicate collection with different parameters'")
OK_DROP = Expected.success("probe Z01")
OK_PART = Expected.success("probes T01, T02 (create; duplicate create idempotent)")
OK_PART_DROP = Expected.success("probes T05 (missing partition → Success); drop_partition_task")
DEFAULT_UNDROPPABLE = Expected.error(errors.UNEXPECTED, "probe T04 ('default partition cannot be deleted')")
OK_ALIAS = Expected.success("probe A03")
OK_DB = Expected.success("probe D01")


@dataclass
class Model:
    collections: dict[str, set[str]] = field(default_factory=dict)  # name -> partitions
    aliases: dict[str, str] = field(default_factory=dict)  # alias -> collection
    databases: set[str] = field(default_factory=set)


def schema(name: str) -> schema_pb2.CollectionSchema:
    return schema_pb2.CollectionSchema(name=name, fields=[
        make_field("id", DT.Int64, primary=True), make_field("vec", DT.FloatVector, dim=4)])


class Lifecycle(RuleBasedStateMachine):
    # Bound by the test function to the session fixtures.
    conn = ledger = check = server = None

    def __init__(self):
        super().__init__()
        self.check.session.mark_example()  # a failure's replay script starts here
        self.model = Model()
        self.prefix = f"{self.ledger.token}_sm"

    # -- helpers ---------------------------------------------------------------------------------------

    def coll(self, name: str) -> Collection:
        return Collection(name, schema(name), ledger=self.ledger)

    def aliases_of(self, name: str) -> list[str]:
        return [a for a, c in self.model.aliases.items() if c == name]

    @property
    def drop_refuses_aliased(self) -> bool:
        # 2.6-line drop_collection_task refuses while aliases exist; 2.3.5 dropped them along (Z02).
        return not self.server.older_than("2.6.0")

    # -- rules -------------------------------------------------------------------------------------------

    @initialize()
    def start(self):
        self.create_collection()

    @rule()
    def create_collection(self):
        name = self.ledger.name("smc")
        self.check(self.coll(name).create(), OK_CREATE)
        self.model.collections[name] = {L.DEFAULT_PARTITION_NAME}

    @precondition(lambda self: self.model.collections)
    @rule(data=st.data())
    def create_duplicate(self, data):
        name = data.draw(st.sampled_from(sorted(self.model.collections)))
        if self.model.collections[name] == {L.DEFAULT_PARTITION_NAME}:
            self.check(self.coll(name).create(), OK_DUP)
        else:  # rootcoord's Collection.Equal compares partitions too: no longer the identical collection
            self.check(self.coll(name).create(), DUP_CHANGED)

    @precondition(lambda self: self.model.collections)
    @rule(data=st.data())
    def drop_collection(self, data):
        name = data.draw(st.sampled_from(sorted(self.model.collections)))
        aliases = self.aliases_of(name)
        if aliases and self.drop_refuses_aliased:
            self.check(self.coll(name).drop(), Expected.error(
                errors.UNEXPECTED, "2.6-line drop_collection_task: collection has associated aliases"))
            return
        self.check(self.coll(name).drop(), OK_DROP)
        del self.model.collections[name]
        for a in aliases:  # 2.3.5: the aliases go with the collection (Z02)
            del self.model.aliases[a]

    @rule()
    def drop_missing_collection(self):
        self.check(self.coll(self.ledger.name("smx")).drop(), Expected.success("probe N03"))

    @rule()
    def describe_missing_collection(self):
        self.check(self.coll(self.ledger.name("smx")).describe(),
                   Expected.error(errors.COLLECTION_NOT_FOUND, "probe N01"))

    @precondition(lambda self: self.model.collections)
    @rule(data=st.data(), partition=st.sampled_from(PARTITIONS))
    def create_partition(self, data, partition):
        name = data.draw(st.sampled_from(sorted(self.model.collections)))
        self.check(self.coll(name).partition(partition).create(), OK_PART)
        self.model.collections[name].add(partition)

    @precondition(lambda self: self.model.collections)
    @rule(data=st.data(), partition=st.sampled_from((L.DEFAULT_PARTITION_NAME, *PARTITIONS)))
    def drop_partition(self, data, partition):
        name = data.draw(st.sampled_from(sorted(self.model.collections)))
        reply = self.coll(name).partition(partition).drop()
        if partition == L.DEFAULT_PARTITION_NAME:
            self.check(reply, DEFAULT_UNDROPPABLE)
            return
        self.check(reply, OK_PART_DROP)
        self.model.collections[name].discard(partition)

    @precondition(lambda self: self.model.collections)
    @rule(data=st.data())
    def create_alias(self, data):
        target = data.draw(st.sampled_from(sorted(self.model.collections)))
        alias = self.ledger.name("sma")
        self.check(Alias(alias, target, ledger=self.ledger).create(), OK_ALIAS)
        self.model.aliases[alias] = target

    @precondition(lambda self: self.model.aliases)
    @rule(data=st.data())
    def recreate_alias(self, data):
        alias = data.draw(st.sampled_from(sorted(self.model.aliases)))
        target = self.model.aliases[alias]
        others = sorted(set(self.model.collections) - {target})
        self.check(Alias(alias, target, ledger=self.ledger).create(), Expected.success("probe A04"))
        if others:
            other = data.draw(st.sampled_from(others))
            self.check(Alias(alias, other, ledger=self.ledger).create(),
                       Expected.error(errors.ALIAS_ALREADY_EXIST, "probe A05"))

    @precondition(lambda self: self.model.aliases and len(self.model.collections) > 1)
    @rule(data=st.data())
    def alter_alias(self, data):
        alias = data.draw(st.sampled_from(sorted(self.model.aliases)))
        target = data.draw(st.sampled_from(sorted(set(self.model.collections) - {self.model.aliases[alias]})))
        self.check(Alias(alias, ledger=self.ledger).alter(target),
                   Expected.success("rootcoord AlterAlias to an existing collection"))
        self.model.aliases[alias] = target

    @precondition(lambda self: self.model.aliases)
    @rule(data=st.data())
    def drop_alias(self, data):
        alias = data.draw(st.sampled_from(sorted(self.model.aliases)))
        self.check(Alias(alias, ledger=self.ledger).drop(), Expected.success("rootcoord DropAlias (existing)"))
        del self.model.aliases[alias]

    @rule()
    def create_database(self):
        name = self.ledger.name("smdb")
        self.check(Database(name, ledger=self.ledger).create(), OK_DB)
        self.model.databases.add(name)

    @precondition(lambda self: self.model.databases)
    @rule(data=st.data())
    def create_duplicate_database(self, data):
        name = data.draw(st.sampled_from(sorted(self.model.databases)))
        self.check(Database(name, ledger=self.ledger).create(), Expected.error(errors.UNEXPECTED, "probe D02"))

    @precondition(lambda self: self.model.databases)
    @rule(data=st.data())
    def drop_database(self, data):
        name = data.draw(st.sampled_from(sorted(self.model.databases)))
        self.check(Database(name, ledger=self.ledger).drop(), Expected.success("probe Z03 (empty database)"))
        self.model.databases.discard(name)

    # -- invariants ----------------------------------------------------------------------------------------

    @invariant()
    def collections_agree(self):
        reply = Collection.show()
        self.check(reply, Expected.success("probe N04"))
        listed = {n for n in reply.collection_names if n.startswith(self.prefix + "c")}
        if listed != set(self.model.collections):
            raise Deviation("ShowCollections", "ShowCollections disagrees with the objects created and dropped",
                            str(sorted(self.model.collections)), str(sorted(listed)), milvus_pb2.ShowCollectionsRequest())
        for name in self.model.collections:
            has = self.coll(name).has()
            self.check(has, Expected.success("probe N05"))
            if not has.value:
                raise Deviation("HasCollection", "HasCollection denies an existing collection", "true", "false",
                                milvus_pb2.HasCollectionRequest(collection_name=name))

    @invariant()
    def partitions_agree(self):
        for name, parts in self.model.collections.items():
            reply = self.coll(name).show_partitions()
            self.check(reply, Expected.success("probe E21 (ShowPartitions)"))
            if set(reply.partition_names) != parts:
                raise Deviation("ShowPartitions", "ShowPartitions disagrees with the partitions created and dropped",
                                str(sorted(parts)), str(sorted(reply.partition_names)),
                                milvus_pb2.ShowPartitionsRequest(collection_name=name))

    @invariant()
    def aliases_agree(self):
        for alias, target in self.model.aliases.items():
            reply = Alias(alias, ledger=self.ledger).describe()
            self.check(reply, Expected.success("rootcoord DescribeAlias (existing alias)"))
            if reply.collection != target:
                raise Deviation("DescribeAlias", "DescribeAlias disagrees with the alias's collection", target,
                                reply.collection, milvus_pb2.DescribeAliasRequest(alias=alias))

    @invariant()
    def databases_agree(self):
        reply = Database.list()
        self.check(reply, Expected.success("probe D06"))
        listed = {n for n in reply.db_names if n.startswith(self.prefix + "db")}
        if listed != self.model.databases:
            raise Deviation("ListDatabases", "ListDatabases disagrees with the databases created and dropped",
                            str(sorted(self.model.databases)), str(sorted(listed)), milvus_pb2.ListDatabasesRequest())

    def teardown(self):
        # Leave nothing behind for the next example: aliases, then collections, then databases.
        for alias in list(self.model.aliases):
            Alias(alias, ledger=self.ledger).drop()
        for name in list(self.model.collections):
            self.coll(name).drop()
        for name in list(self.model.databases):
            Database(name, ledger=self.ledger).drop()


@pytest.mark.rpc("CreateCollection", "DropCollection", "HasCollection", "ShowCollections", "DescribeCollection",
                 "CreatePartition", "DropPartition", "ShowPartitions", "CreateAlias", "AlterAlias", "DropAlias",
                 "DescribeAlias", "CreateDatabase", "DropDatabase", "ListDatabases")
def test_lifecycle(conn, ledger, check, server, request):
    Lifecycle.conn, Lifecycle.ledger, Lifecycle.check, Lifecycle.server = conn, ledger, check, server
    steps = 15 if request.config.getoption("conformance_profile", "quick") == "quick" else 50
    run_state_machine_as_test(Lifecycle, settings=settings(stateful_step_count=steps))
