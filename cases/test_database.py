"""Databases: create/list/describe/drop, duplicates, the default database, name rules, non-empty drop,
collections scoped to a database."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance.expectations import Deviation, Expected
from conformance.model import errors
from conformance.model import limits as L
from conformance.orm import Collection, Database
from conformance.protocol import milvus_pb2, schema_pb2
from conformance.strategies import invalid_names, make_field
from conformance.strategies.schemas import DT
from conformance.transport.recorder import status_of

DB_CREATED = Expected.success("probe D01")
DB_DROPPED = Expected.success("probe Z03")


def listed(check) -> list[str]:
    reply = Database.list()
    check(reply, Expected.success("probe D06 (ListDatabases)"))
    return list(reply.db_names)


def new_db(ledger, check) -> Database:
    db = Database(ledger.name("db"), ledger=ledger)
    check(db.create(), DB_CREATED)
    return db


@pytest.mark.rpc("CreateDatabase", "ListDatabases", "DropDatabase")
def test_database_lifecycle(ledger, check):
    db = new_db(ledger, check)
    names = listed(check)
    if db.name not in names or L.DEFAULT_DATABASE_NAME not in names:
        raise Deviation("ListDatabases", "ListDatabases must list 'default' and every created database",
                        f"['default', {db.name!r}, ...] (probe D06)", str(names), milvus_pb2.ListDatabasesRequest())
    check(db.drop(), DB_DROPPED)
    if db.name in listed(check):
        raise Deviation("ListDatabases", "a dropped database is still listed", f"{db.name} absent", "listed",
                        milvus_pb2.ListDatabasesRequest())


@pytest.mark.rpc("CreateDatabase")
def test_duplicate_database_rejected(ledger, check):
    db = new_db(ledger, check)
    check(db.create(), Expected.error(errors.UNEXPECTED, "probe D02 ('database already exist')"))


@pytest.mark.rpc("DropDatabase")
def test_drop_default_database_rejected(conn, check):
    request = milvus_pb2.DropDatabaseRequest(db_name=L.DEFAULT_DATABASE_NAME)
    # Sent raw: the ORM refuses to drop a database this run did not create, and that refusal is right; the
    # server must refuse too, so nothing is dropped.
    check(conn.call("DropDatabase", request),
          Expected.error(errors.UNEXPECTED, "probe D03 ('can not drop default database'); later master code uses "
                         "WrapErrParameterInvalidMsg → 1100", also=(errors.PARAMETER_INVALID,)))


@pytest.mark.rpc("DropDatabase")
def test_drop_missing_database(ledger, check):
    check(Database(ledger.name("db"), ledger=ledger).drop(),
          Expected.success("probe D04 (missing database → Success; the 2.6-line lookup error is unverified)"))


@pytest.mark.rpc("CreateDatabase")
@given(data=st.data())
def test_invalid_database_names(ledger, check, data):
    bad = data.draw(invalid_names(ledger.token, "database"), label="db")
    reply = Database(bad.name, ledger=ledger).create()
    if status_of(reply).code or status_of(reply).error_code:
        ledger.databases.discard(bad.name)
    check(reply, Expected.from_rule(bad.rule))


@pytest.mark.rpc("DropDatabase", "CreateCollection", "ShowCollections", "HasCollection")
def test_collections_live_in_their_database(ledger, check):
    db = new_db(ledger, check)
    name = ledger.name("c")
    coll = Collection(name, schema_pb2.CollectionSchema(name=name, fields=[
        make_field("id", DT.Int64, primary=True), make_field("vec", DT.FloatVector, dim=8)]),
        db_name=db.name, ledger=ledger)
    check(coll.create(), Expected.success("probe E37 (collection created in a database)"))
    in_db = Collection.show(db_name=db.name)
    check(in_db, Expected.success("probe M02 (ShowCollections with db_name)"))
    if list(in_db.collection_names) != [name]:
        raise Deviation("ShowCollections", "ShowCollections(db_name) lists exactly the database's collections",
                        f"[{name!r}] (probe M02)", str(list(in_db.collection_names)),
                        milvus_pb2.ShowCollectionsRequest(db_name=db.name))
    elsewhere = Collection(name, ledger=ledger).has()
    check(elsewhere, Expected.success("probe N02"))
    if elsewhere.value:
        raise Deviation("HasCollection", "a collection of another database is visible in 'default'", "false",
                        "true", milvus_pb2.HasCollectionRequest(collection_name=name))
    check(db.drop(), Expected.error(errors.UNEXPECTED, "probe E37 ('database:D not empty, must drop all "
                                    "collections before drop database'); master → 1100",
                                    also=(errors.PARAMETER_INVALID,)))
    check(coll.drop(), Expected.success("probe Z01"))
    check(db.drop(), DB_DROPPED)


@pytest.mark.rpc("ShowCollections")
def test_show_collections_in_missing_database(conn, ledger, check):
    reply = conn.call("ShowCollections", milvus_pb2.ShowCollectionsRequest(db_name=ledger.name("nodb")))
    check(reply, Expected.error(errors.DATABASE_NOT_FOUND, "probe M04 ('database not found[database=X]')"))


@pytest.mark.rpc("CreateCollection")
def test_create_collection_in_missing_database(ledger, check):
    name = ledger.name("c")
    coll = Collection(name, schema_pb2.CollectionSchema(name=name, fields=[
        make_field("id", DT.Int64, primary=True), make_field("vec", DT.FloatVector, dim=8)]),
        db_name=ledger.name("nodb"), ledger=ledger)
    reply = coll.create()
    if status_of(reply).code or status_of(reply).error_code:
        ledger.collections.discard((coll.db_name, coll.name))
    check(reply, Expected.error(errors.DATABASE_NOT_FOUND, "proxy GetCurDBNameFromContextOrDefault / "
                                "globalMetaCache database lookup → 800 (probes M03, M04); 2.3.5 answered 65535 'database:D not found' "
                                "(probe C26; first release with 800 unverified)")
          .before("2.4.0", errors.UNEXPECTED))


@pytest.mark.rpc("DescribeDatabase")
@pytest.mark.requires(since="2.4.3")
def test_describe_database(ledger, check):
    db = new_db(ledger, check)
    reply = db.describe()
    check(reply, Expected.success("milvus-proto v2.4.3 DescribeDatabase; rootcoord describe_db_task"))
    if reply.db_name != db.name:
        raise Deviation("DescribeDatabase", "DescribeDatabase must echo the database name", db.name,
                        reply.db_name, milvus_pb2.DescribeDatabaseRequest(db_name=db.name))
    check(Database(ledger.name("nodb"), ledger=ledger).describe(),
          Expected.error(errors.DATABASE_NOT_FOUND, "rootcoord describe_db_task: meta GetDatabaseByName → "
                         "merr.WrapErrDatabaseNotFound (800)"))
