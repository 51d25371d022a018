"""A Hypothesis state machine over the collection / partition / alias / database lifecycle.

The machine keeps a small client-side model of which objects exist; every step checks the target's answer
against a registered check and, after every step, the invariants on what the step touched:
HasCollection and ShowPartitions agree with the model for every collection it named (and the collections
of the aliases it named), DescribeAlias for every alias it named or whose collection it created or dropped
(or tried to), and after a step that created or dropped (or tried to) a collection or database,
ShowCollections / ListDatabases list exactly the model's. Every ``SWEEP_EVERY`` steps (and after the first)
every invariant is asked about every object of the model, so what a step did not name cannot drift for long
unseen; a failure found by a sweep shrinks like any other. (Asking about everything after every step made these
invariants 86% of the full profile's RPCs.)

In the full profile the examples are split over ``FULL_PARTS`` test items (independent random streams, the
same total), so parallel workers share the machine instead of waiting for one long item.

It never depends on objects it did not create: each example works in a database of its own (falling back
to the default database, filtered to its own names, on servers without databases), and every choice among
its objects is drawn by creation order, never by name, so a replayed example draws the same steps even
though the run's name counter has moved on.
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

from conformance.expectations import verify
from conformance.model import limits as L
from conformance.model.rules import rules
from conformance.orm import Alias, Collection, Database
from conformance.protocol import milvus_pb2, schema_pb2
from conformance.strategies import make_field
from conformance.strategies.schemas import DT
from conformance.transport import RpcUnimplemented

PARTITIONS = ("p1", "p2", "1p")
SWEEP_EVERY = 8  # steps between two full invariant sweeps (the first check after initialisation is one)
FULL_PARTS = 4  # full profile: the examples run as this many test items


@dataclass
class Model:
    collections: dict[str, set[str]] = field(default_factory=dict)  # name -> partitions, in creation order
    aliases: dict[str, str] = field(default_factory=dict)  # alias -> collection, in creation order
    databases: dict[str, None] = field(default_factory=dict)  # databases created by rules, in creation order


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
        self.db = ""  # the example's own database ("" = default, on servers without databases)
        self.touched: set[str] = set()  # collections and aliases the current step named
        self.listings: set[str] = set()  # "collections" / "databases": the step created or dropped one
        self.checks_done = 0  # invariant rounds so far (every SWEEP_EVERY-th is a full sweep)

    # -- helpers ---------------------------------------------------------------------------------------

    def coll(self, name: str) -> Collection:
        self.touched.add(name)
        return Collection(name, schema(name), db_name=self.db, ledger=self.ledger)

    def alias(self, name: str, target: str = "") -> Alias:
        self.touched.update((name, target))
        return Alias(name, target, db_name=self.db, ledger=self.ledger)

    def aliases_of(self, name: str) -> list[str]:
        return [a for a, c in self.model.aliases.items() if c == name]

    @staticmethod
    def pick(data, items, label: str):
        """One of ``items`` by position in creation order (stable across replays)."""
        items = list(items)
        return items[data.draw(st.integers(0, len(items) - 1), label=label)]

    # -- rules -------------------------------------------------------------------------------------------

    @initialize()
    def start(self):
        own = Database(self.ledger.name("smown"), ledger=self.ledger)
        try:
            reply = own.create()
        except RpcUnimplemented:
            reply = None  # no databases on this server: work in the default one, filtered to own names
        if reply is not None:
            self.check(reply, "CreateDatabase/creates")
            self.db = own.name
        self.create_collection()

    @rule()
    def create_collection(self):
        self.listings.add("collections")
        name = self.ledger.name("smc")
        self.check(self.coll(name).create(), "CreateCollection/accepts-valid-schema")
        self.model.collections[name] = {L.DEFAULT_PARTITION_NAME}

    @precondition(lambda self: self.model.collections)
    @rule(data=st.data())
    def create_duplicate(self, data):
        self.listings.add("collections")
        name = self.pick(data, self.model.collections, "collection")
        if self.model.collections[name] == {L.DEFAULT_PARTITION_NAME}:
            self.check(self.coll(name).create(), "CreateCollection/duplicate-identical")
        else:  # rootcoord's Collection.Equal compares partitions too: no longer the identical collection
            self.check(self.coll(name).create(), "CreateCollection/duplicate-after-change")

    @precondition(lambda self: self.model.collections)
    @rule(data=st.data())
    def drop_collection(self, data):
        self.listings.add("collections")
        name = self.pick(data, self.model.collections, "collection")
        aliases = self.aliases_of(name)
        if aliases:
            self.check(self.coll(name).drop(), "DropCollection/with-aliases")
            if rules.get("DropCollection/with-aliases").answer_for(self.server.older_than).code:
                return  # refused: the collection and its aliases stay
        else:
            self.check(self.coll(name).drop(), "DropCollection/existing")
        del self.model.collections[name]
        for a in aliases:  # 2.3.5: the aliases go with the collection (Z02)
            del self.model.aliases[a]

    @rule()
    def drop_missing_collection(self):
        self.listings.add("collections")
        self.check(self.coll(self.ledger.name("smx")).drop(), "DropCollection/missing")

    @rule()
    def describe_missing_collection(self):
        self.check(self.coll(self.ledger.name("smx")).describe(), "DescribeCollection/missing-collection")

    @precondition(lambda self: self.model.collections)
    @rule(data=st.data(), partition=st.sampled_from(PARTITIONS))
    def create_partition(self, data, partition):
        name = self.pick(data, self.model.collections, "collection")
        known = partition in self.model.collections[name]
        self.check(self.coll(name).partition(partition).create(),
                   "CreatePartition/duplicate" if known else "CreatePartition/creates")
        self.model.collections[name].add(partition)

    @precondition(lambda self: self.model.collections)
    @rule(data=st.data(), partition=st.sampled_from((L.DEFAULT_PARTITION_NAME, *PARTITIONS)))
    def drop_partition(self, data, partition):
        name = self.pick(data, self.model.collections, "collection")
        reply = self.coll(name).partition(partition).drop()
        if partition == L.DEFAULT_PARTITION_NAME:
            self.check(reply, "DropPartition/default-partition")
            return
        known = partition in self.model.collections[name]
        self.check(reply, "DropPartition/drops" if known else "DropPartition/missing-partition")
        self.model.collections[name].discard(partition)

    @precondition(lambda self: self.model.collections)
    @rule(data=st.data())
    def create_alias(self, data):
        target = self.pick(data, self.model.collections, "collection")
        alias = self.ledger.name("sma")
        self.check(self.alias(alias, target).create(), "CreateAlias/creates")
        self.model.aliases[alias] = target

    @precondition(lambda self: self.model.aliases)
    @rule(data=st.data())
    def recreate_alias(self, data):
        alias = self.pick(data, self.model.aliases, "alias")
        target = self.model.aliases[alias]
        others = [c for c in self.model.collections if c != target]
        self.check(self.alias(alias, target).create(), "CreateAlias/duplicate")
        if others:
            other = self.pick(data, others, "other collection")
            self.check(self.alias(alias, other).create(), "CreateAlias/bound-elsewhere")

    @precondition(lambda self: self.model.aliases and len(self.model.collections) > 1)
    @rule(data=st.data())
    def alter_alias(self, data):
        alias = self.pick(data, self.model.aliases, "alias")
        target = self.pick(data, [c for c in self.model.collections if c != self.model.aliases[alias]], "target")
        self.check(self.alias(alias).alter(target), "AlterAlias/retargets")
        self.model.aliases[alias] = target

    @precondition(lambda self: self.model.aliases)
    @rule(data=st.data())
    def drop_alias(self, data):
        alias = self.pick(data, self.model.aliases, "alias")
        self.check(self.alias(alias).drop(), "DropAlias/drops")
        del self.model.aliases[alias]

    @rule()
    def create_database(self):
        self.listings.add("databases")
        name = self.ledger.name("smdb")
        self.check(Database(name, ledger=self.ledger).create(), "CreateDatabase/creates")
        self.model.databases[name] = None

    @precondition(lambda self: self.model.databases)
    @rule(data=st.data())
    def create_duplicate_database(self, data):
        self.listings.add("databases")
        name = self.pick(data, self.model.databases, "database")
        self.check(Database(name, ledger=self.ledger).create(), "CreateDatabase/duplicate")

    @precondition(lambda self: self.model.databases)
    @rule(data=st.data())
    def drop_database(self, data):
        self.listings.add("databases")
        name = self.pick(data, self.model.databases, "database")
        self.check(Database(name, ledger=self.ledger).drop(), "DropDatabase/drops")
        del self.model.databases[name]

    # -- invariants ----------------------------------------------------------------------------------------

    @invariant()
    def agrees_with_model(self):
        """One invariant round: the listings every step, the per-object answers for what the step touched
        (everything on a sweep). One method, so the order of the calls is fixed."""
        sweep = self.checks_done % SWEEP_EVERY == 0
        self.checks_done += 1
        touched, self.touched = self.touched, set()
        listings, self.listings = self.listings, set()
        collections = [c for c in self.model.collections
                       if sweep or c in touched or any(self.model.aliases.get(a) == c for a in touched)]
        # An alias is asked about when a step named it, or created / dropped (or tried to) its collection.
        aliases = [a for a, c in self.model.aliases.items()
                   if sweep or a in touched or (c in touched and "collections" in listings)]
        self.collections_agree(collections, listing=sweep or "collections" in listings)
        self.partitions_agree(collections)
        self.aliases_agree(aliases)
        if sweep or "databases" in listings:
            self.databases_agree()
        self.touched = set()  # the checks' own calls touch nothing

    def collections_agree(self, names, listing: bool = True):
        if listing:
            reply = Collection.show(db_name=self.db)
            self.check(reply, "ShowCollections/answers")
            listed = {n for n in reply.collection_names if n.startswith(self.prefix + "c")}
            verify("ShowCollections/lists-existing", listed == set(self.model.collections),
                   expected=str(sorted(self.model.collections)), actual=str(sorted(listed)),
                   request=milvus_pb2.ShowCollectionsRequest(db_name=self.db))
        for name in names:
            has = self.coll(name).has()
            self.check(has, "HasCollection/answers")
            verify("HasCollection/reports-existence", has.value, expected="true (the collection exists)",
                   actual="false", request=milvus_pb2.HasCollectionRequest(db_name=self.db, collection_name=name))

    def partitions_agree(self, names):
        for name in names:
            parts = self.model.collections[name]
            reply = self.coll(name).show_partitions()
            self.check(reply, "ShowPartitions/answers")
            verify("ShowPartitions/lists-existing", set(reply.partition_names) == parts, expected=str(sorted(parts)),
                   actual=str(sorted(reply.partition_names)),
                   request=milvus_pb2.ShowPartitionsRequest(db_name=self.db, collection_name=name))

    def aliases_agree(self, names):
        for alias in names:
            target = self.model.aliases[alias]
            reply = self.alias(alias).describe()
            self.check(reply, "DescribeAlias/existing")
            verify("DescribeAlias/names-collection", reply.collection == target, expected=target,
                   actual=reply.collection, request=milvus_pb2.DescribeAliasRequest(db_name=self.db, alias=alias))

    def databases_agree(self):
        if not self.db:
            return  # no databases on this server
        reply = Database.list()
        self.check(reply, "ListDatabases/answers")
        listed = {n for n in reply.db_names if n.startswith(self.prefix + "db")}
        verify("ListDatabases/lists-existing", listed == set(self.model.databases),
               expected=str(sorted(self.model.databases)), actual=str(sorted(listed)),
               request=milvus_pb2.ListDatabasesRequest())

    def teardown(self):
        # Leave nothing behind for the next example: aliases, then collections, then databases.
        for alias in list(self.model.aliases):
            self.alias(alias).drop()
        for name in list(self.model.collections):
            self.coll(name).drop()
        for name in [*self.model.databases, *([self.db] if self.db else [])]:
            Database(name, ledger=self.ledger).drop()


def _full(config) -> bool:
    return config.getoption("conformance_profile", "quick") != "quick"


def pytest_generate_tests(metafunc):
    if "part" in metafunc.fixturenames and _full(metafunc.config):
        metafunc.parametrize("part", range(FULL_PARTS), ids=[f"part{i + 1}of{FULL_PARTS}" for i in range(FULL_PARTS)])


@pytest.fixture
def part():
    """The quick profile runs its derandomized examples as one item (parts would repeat them)."""
    return 0


@pytest.mark.rpc("CreateCollection", "DropCollection", "HasCollection", "ShowCollections", "DescribeCollection",
                 "CreatePartition", "DropPartition", "ShowPartitions", "CreateAlias", "AlterAlias", "DropAlias",
                 "DescribeAlias", "CreateDatabase", "DropDatabase", "ListDatabases")
def test_lifecycle(conn, ledger, check, server, request, part):
    Lifecycle.conn, Lifecycle.ledger, Lifecycle.check, Lifecycle.server = conn, ledger, check, server
    if not _full(request.config):
        run_state_machine_as_test(Lifecycle, settings=settings(stateful_step_count=15))
        return
    examples = -(-settings.default.max_examples // FULL_PARTS)  # the profile's examples, split over the parts
    run_state_machine_as_test(Lifecycle, settings=settings(stateful_step_count=50, max_examples=examples))
