"""Databases: create, drop, list, describe, and collections inside them."""

from __future__ import annotations

from ..errors import DATABASE_NOT_FOUND, DATABASE_NUM_LIMIT, PARAMETER_INVALID
from .common import M235, META, plain_error_before_standardisation
from .evidence import Change, master
from .registry import error, semantic, success, was

_DB = "internal/proxy/ddl/task_database.go"

success("CreateDatabase/creates", "CreateDatabase of a new database", evidence=(master(META, "CheckIfDatabaseCreatable"),
                                                                               M235))
error("CreateDatabase/duplicate", "CreateDatabase of an existing database", PARAMETER_INVALID,
      "database already exist: {name}: invalid parameter", evidence=master(META, "CheckIfDatabaseCreatable"),
      history=plain_error_before_standardisation(M235))
error("CreateDatabase/limit", "more than rootCoord.maxDatabaseNum databases besides default", DATABASE_NUM_LIMIT,
      "exceeded the limit number of database[limit={limit}]", evidence=master(META, "CheckIfDatabaseCreatable"))
success("DropDatabase/drops", "DropDatabase of an empty database", evidence=(master(META, "CheckIfDatabaseDroppable"),
                                                                            M235))
error("DropDatabase/default", "DropDatabase of 'default' is refused", PARAMETER_INVALID,
      "can not drop default database: invalid parameter", evidence=master(META, "CheckIfDatabaseDroppable"),
      history=plain_error_before_standardisation(M235))
error("DropDatabase/not-empty", "DropDatabase of a database holding collections is refused", PARAMETER_INVALID,
      "database:{name} not empty, must drop all collections before drop database: invalid parameter",
      evidence=master(META, "CheckIfDatabaseDroppable"), history=plain_error_before_standardisation(M235))
success("DropDatabase/missing", "DropDatabase of a missing database succeeds (idempotent)",
        evidence=(master(META, "CheckIfDatabaseDroppable", "answers 800 for a missing database, which the handler "
                         "ignores since 2.6.6"),
                  Change("milvus-sdk-java#2075 review (2026-09-09)", "a Milvus maintainer: 'drop a database that not "
                         "found, ignore it' added in 2.6.6 (rootcoord root_coord.go)"), M235),
        history=(was("2.6.6", DATABASE_NOT_FOUND, Change("milvus-sdk-java#2075", "2.6.0-2.6.5 answer 800"),
                     after="2.6.0"),),
        gap="the master rootcoord drop-database handler is not stored")
success("ListDatabases/answers", "ListDatabases answers Success", evidence=(master(_DB, "ListDatabaseTask"), M235))
semantic("ListDatabases/lists-existing", "ListDatabases lists default and every created database, not dropped ones",
         evidence=(master(_DB, "ListDatabaseTask"), M235))
success("DescribeDatabase/existing", "DescribeDatabase of an existing database",
        evidence=master(_DB, "DescribeDatabaseTask"), since="2.4.3")
semantic("DescribeDatabase/echoes-name", "DescribeDatabase echoes the database name",
         evidence=master(_DB, "DescribeDatabaseTask"), since="2.4.3")
error("DescribeDatabase/missing", "DescribeDatabase of a missing database", DATABASE_NOT_FOUND,
      "database not found[database={name}]", evidence=(master(_DB, "DescribeDatabaseTask.Execute"),
                                                      master(META, "GetDatabaseByName")), since="2.4.3")
error("ShowCollections/missing-database", "ShowCollections in a missing database", DATABASE_NOT_FOUND,
      "database not found[database={name}]", evidence=(master(META, "GetDatabaseByName"), M235))
error("CreateCollection/missing-database", "CreateCollection in a missing database", DATABASE_NOT_FOUND,
      "database not found[database={name}]", evidence=master(META, "GetDatabaseByName"),
      history=(was("2.4.0", 65535, Change("2.4 line", "merr database errors reach CreateCollection; the exact first "
                                          "release is unverified"), M235),))
