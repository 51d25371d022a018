"""Databases: create/list/describe/drop, duplicates, the default database, name rules, non-empty drop,
collections scoped to a database."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.expectations import verify
from conformance.model import limits as L
from conformance.orm import Collection, Database
from conformance.protocol import milvus_pb2, schema_pb2
from conformance.strategies import invalid_name, make_field, violations_of
from conformance.strategies.schemas import DT
from conformance.transport.recorder import status_of

DB_CREATED = "CreateDatabase/creates"
DB_DROPPED = "DropDatabase/drops"


def listed(check) -> list[str]:
    reply = Database.list()
    check(reply, "ListDatabases/answers")
    return list(reply.db_names)


def new_db(ledger, check) -> Database:
    db = Database(ledger.name("db"), ledger=ledger)
    check(db.create(), DB_CREATED)
    return db


@pytest.mark.rpc("CreateDatabase", "ListDatabases", "DropDatabase")
def test_database_lifecycle(ledger, check):
    db = new_db(ledger, check)
    names = listed(check)
    verify("ListDatabases/lists-existing", db.name in names and L.DEFAULT_DATABASE_NAME in names,
           expected=f"['default', {db.name!r}, ...]", actual=str(names), request=milvus_pb2.ListDatabasesRequest())
    check(db.drop(), DB_DROPPED)
    names = listed(check)
    verify("ListDatabases/lists-existing", db.name not in names, expected=f"{db.name} absent after the drop",
           actual="listed", request=milvus_pb2.ListDatabasesRequest())


@pytest.mark.rpc("CreateDatabase")
def test_duplicate_database_rejected(ledger, check):
    db = new_db(ledger, check)
    check(db.create(), "CreateDatabase/duplicate")


@pytest.mark.rpc("DropDatabase")
@pytest.mark.global_effect  # a server that honoured it would lose every collection of 'default'
def test_drop_default_database_rejected(conn, check):
    """Only on a server the user owns (--allow-global-rpcs): the request names an object the run did not
    create."""
    request = milvus_pb2.DropDatabaseRequest(db_name=L.DEFAULT_DATABASE_NAME)
    check(conn.call("DropDatabase", request), "DropDatabase/default")


@pytest.mark.rpc("CreateDatabase")
@pytest.mark.global_effect  # fills the server up to its database limit: anyone else's CreateDatabase fails meanwhile
@pytest.mark.whole_server  # counts the server's databases: no other case of the run may create one meanwhile
def test_database_limit(ledger, check):
    """rootCoord.maxDatabaseNum (64) databases besides default: the case creates only as many databases as
    that limit leaves room for (counted with ListDatabases) and one more, stops at the first refusal, which must
    be the limit's, and drops every database it created (and no other)."""
    room = max(0, L.MAX_DATABASES + 1 - len(listed(check)))
    made: list[Database] = []
    reply = None
    try:
        for _ in range(room + 1):
            db = Database(ledger.name("db"), ledger=ledger)
            reply = db.create()
            status = status_of(reply)
            if status is None or status.code or status.error_code:
                break
            made.append(db)
        check(reply, "CreateDatabase/limit")
    finally:
        for db in made:  # only what this case created (and the server confirmed)
            db.drop()


@pytest.mark.rpc("DropDatabase")
def test_drop_missing_database(ledger, check):
    check(Database(ledger.name("db"), ledger=ledger).drop(), "DropDatabase/missing")


@pytest.mark.rpc("CreateDatabase")
@pytest.mark.parametrize("violation", violations_of("database"))
@settings(max_examples=4)
@given(data=st.data())
def test_invalid_database_names(ledger, check, violation, data):
    """Each database name rule sent: Names/database/<violation>."""
    bad = data.draw(invalid_name(ledger.token, "database", violation), label="db")
    reply = Database(bad.name, ledger=ledger).create()
    check(reply, bad.rule)


@pytest.mark.rpc("DropDatabase", "CreateCollection", "ShowCollections", "HasCollection")
def test_collections_live_in_their_database(ledger, check):
    db = new_db(ledger, check)
    name = ledger.name("c")
    coll = Collection(name, schema_pb2.CollectionSchema(name=name, fields=[
        make_field("id", DT.Int64, primary=True), make_field("vec", DT.FloatVector, dim=8)]),
        db_name=db.name, ledger=ledger)
    check(coll.create(), "CreateCollection/accepts-valid-schema")
    in_db = Collection.show(db_name=db.name)
    check(in_db, "ShowCollections/answers")
    verify("ShowCollections/lists-existing", list(in_db.collection_names) == [name],
           expected=f"exactly [{name!r}] in {db.name}", actual=str(list(in_db.collection_names)),
           request=milvus_pb2.ShowCollectionsRequest(db_name=db.name))
    elsewhere = Collection(name, ledger=ledger).has()
    check(elsewhere, "HasCollection/answers")
    verify("HasCollection/reports-existence", not elsewhere.value, expected="false: the collection lives in "
           f"{db.name}, not 'default'", actual=str(elsewhere.value),
           request=milvus_pb2.HasCollectionRequest(collection_name=name))
    check(db.drop(), "DropDatabase/not-empty")
    check(coll.drop(), "DropCollection/existing")
    check(db.drop(), DB_DROPPED)


@pytest.mark.rpc("ShowCollections")
def test_show_collections_in_missing_database(conn, ledger, check):
    reply = conn.call("ShowCollections", milvus_pb2.ShowCollectionsRequest(db_name=ledger.name("nodb")))
    check(reply, "ShowCollections/missing-database")


@pytest.mark.rpc("CreateCollection")
def test_create_collection_in_missing_database(ledger, check):
    name = ledger.name("c")
    coll = Collection(name, schema_pb2.CollectionSchema(name=name, fields=[
        make_field("id", DT.Int64, primary=True), make_field("vec", DT.FloatVector, dim=8)]),
        db_name=ledger.name("nodb"), ledger=ledger)
    reply = coll.create()
    check(reply, "CreateCollection/missing-database")


@pytest.mark.rpc("DescribeDatabase")
@pytest.mark.requires(since="2.4.3")
def test_describe_database(ledger, check):
    db = new_db(ledger, check)
    reply = db.describe()
    check(reply, "DescribeDatabase/existing")
    verify("DescribeDatabase/echoes-name", reply.db_name == db.name, expected=db.name, actual=reply.db_name,
           request=milvus_pb2.DescribeDatabaseRequest(db_name=db.name))
    check(Database(ledger.name("nodb"), ledger=ledger).describe(), "DescribeDatabase/missing")
