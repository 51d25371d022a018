"""Case-authoring objects: Database, Collection, Partition, Index and Alias bound to a connection alias.

Each method sends exactly one raw RPC and returns the raw response, so cases read like prose yet test the
wire. Every name a case creates comes from the run's :class:`Ledger`, which remembers what this run created
and removes it at teardown; mutating calls on names that do not carry the run's token are refused, so the
suite never touches objects it did not create.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field

from .protocol import common_pb2, milvus_pb2, schema_pb2
from .transport import RpcError, RpcUnimplemented, connections

KV = common_pb2.KeyValuePair


class HarnessError(RuntimeError):
    """The suite itself was about to do something wrong (e.g. touch an object it did not create)."""


def kv_pairs(mapping: dict | None) -> list[common_pb2.KeyValuePair]:
    return [KV(key=str(k), value=str(v)) for k, v in (mapping or {}).items()]


@dataclass
class Ledger:
    """Names this run created (or tried to), by kind; the source of truth for teardown."""

    token: str = field(default_factory=lambda: "mc" + secrets.token_hex(4))
    collections: set[tuple[str, str]] = field(default_factory=set)  # (db, name)
    aliases: set[tuple[str, str]] = field(default_factory=set)
    databases: set[str] = field(default_factory=set)
    _counter: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def name(self, kind: str = "c") -> str:
        """A fresh valid name carrying the run token, e.g. ``mc1a2b3c4d_c7``."""
        with self._lock:
            self._counter += 1
            return f"{self.token}_{kind}{self._counter}"

    def owns(self, name: str) -> bool:
        return self.token in name

    def guard(self, name: str, what: str) -> None:
        if name and not self.owns(name):
            raise HarnessError(f"refusing to {what} {name!r}: it was not created by this run ({self.token})")


_default_ledger = Ledger()


class _Bound:
    def __init__(self, using: str, ledger: Ledger | None, db_name: str = ""):
        self.using = using
        self.ledger = ledger or _default_ledger
        self.db_name = db_name

    @property
    def conn(self):
        return connections.get(self.using)

    def _call(self, rpc: str, request):
        return self.conn.call(rpc, request)


class Database(_Bound):
    def __init__(self, name: str, using: str = "default", ledger: Ledger | None = None):
        super().__init__(using, ledger)
        self.name = name

    def create(self, properties: dict | None = None):
        self.ledger.guard(self.name, "create database")
        self.ledger.databases.add(self.name)
        return self._call("CreateDatabase", milvus_pb2.CreateDatabaseRequest(
            db_name=self.name, properties=kv_pairs(properties)))

    def drop(self):
        self.ledger.guard(self.name, "drop database")
        return self._call("DropDatabase", milvus_pb2.DropDatabaseRequest(db_name=self.name))

    def describe(self):
        return self._call("DescribeDatabase", milvus_pb2.DescribeDatabaseRequest(db_name=self.name))

    def alter(self, properties: dict):
        self.ledger.guard(self.name, "alter database")
        return self._call("AlterDatabase", milvus_pb2.AlterDatabaseRequest(
            db_name=self.name, properties=kv_pairs(properties)))

    @staticmethod
    def list(using: str = "default"):
        return connections.get(using).call("ListDatabases", milvus_pb2.ListDatabasesRequest())


class Collection(_Bound):
    def __init__(self, name: str, schema: schema_pb2.CollectionSchema | None = None, *,
                 using: str = "default", db_name: str = "", ledger: Ledger | None = None,
                 shards_num: int = 0, consistency_level: int = 0, properties: dict | None = None,
                 num_partitions: int = 0):
        super().__init__(using, ledger, db_name)
        self.name = name
        self.schema = schema
        self.shards_num = shards_num
        self.consistency_level = consistency_level
        self.properties = properties
        self.num_partitions = num_partitions

    def create_request(self, schema_bytes: bytes | None = None) -> milvus_pb2.CreateCollectionRequest:
        if schema_bytes is None:
            schema_bytes = self.schema.SerializeToString() if self.schema is not None else b""
        return milvus_pb2.CreateCollectionRequest(
            db_name=self.db_name, collection_name=self.name, schema=schema_bytes,
            shards_num=self.shards_num, consistency_level=self.consistency_level,
            properties=kv_pairs(self.properties), num_partitions=self.num_partitions)

    def create(self, schema_bytes: bytes | None = None):
        """CreateCollection; ``schema_bytes`` overrides the serialized schema (e.g. to send garbage)."""
        self.ledger.guard(self.name, "create collection")
        self.ledger.collections.add((self.db_name, self.name))
        return self._call("CreateCollection", self.create_request(schema_bytes))

    def drop(self):
        self.ledger.guard(self.name, "drop collection")
        return self._call("DropCollection", milvus_pb2.DropCollectionRequest(
            db_name=self.db_name, collection_name=self.name))

    def has(self):
        return self._call("HasCollection", milvus_pb2.HasCollectionRequest(
            db_name=self.db_name, collection_name=self.name))

    def describe(self):
        return self._call("DescribeCollection", milvus_pb2.DescribeCollectionRequest(
            db_name=self.db_name, collection_name=self.name))

    def alter(self, properties: dict):
        self.ledger.guard(self.name, "alter collection")
        return self._call("AlterCollection", milvus_pb2.AlterCollectionRequest(
            db_name=self.db_name, collection_name=self.name, properties=kv_pairs(properties)))

    def rename(self, new_name: str, new_db_name: str = ""):
        self.ledger.guard(self.name, "rename collection")
        self.ledger.guard(new_name, "rename a collection to")
        self.ledger.collections.add((new_db_name or self.db_name, new_name))
        return self._call("RenameCollection", milvus_pb2.RenameCollectionRequest(
            db_name=self.db_name, oldName=self.name, newName=new_name, newDBName=new_db_name))

    def statistics(self):
        return self._call("GetCollectionStatistics", milvus_pb2.GetCollectionStatisticsRequest(
            db_name=self.db_name, collection_name=self.name))

    def load(self, replica_number: int = 0):
        self.ledger.guard(self.name, "load collection")
        return self._call("LoadCollection", milvus_pb2.LoadCollectionRequest(
            db_name=self.db_name, collection_name=self.name, replica_number=replica_number))

    def release(self):
        self.ledger.guard(self.name, "release collection")
        return self._call("ReleaseCollection", milvus_pb2.ReleaseCollectionRequest(
            db_name=self.db_name, collection_name=self.name))

    def load_state(self):
        return self._call("GetLoadState", milvus_pb2.GetLoadStateRequest(
            db_name=self.db_name, collection_name=self.name))

    def partition(self, name: str) -> Partition:
        return Partition(self, name)

    def show_partitions(self):
        return self._call("ShowPartitions", milvus_pb2.ShowPartitionsRequest(
            db_name=self.db_name, collection_name=self.name))

    def list_aliases(self):
        return self._call("ListAliases", milvus_pb2.ListAliasesRequest(
            db_name=self.db_name, collection_name=self.name))

    @staticmethod
    def show(using: str = "default", db_name: str = ""):
        return connections.get(using).call("ShowCollections", milvus_pb2.ShowCollectionsRequest(db_name=db_name))


class Partition:
    def __init__(self, collection: Collection, name: str):
        self.collection = collection
        self.name = name

    def _request(self, cls, **extra):
        c = self.collection
        return cls(db_name=c.db_name, collection_name=c.name, partition_name=self.name, **extra)

    def create(self):
        self.collection.ledger.guard(self.collection.name, "create a partition in")
        return self.collection._call("CreatePartition", self._request(milvus_pb2.CreatePartitionRequest))

    def drop(self):
        self.collection.ledger.guard(self.collection.name, "drop a partition of")
        return self.collection._call("DropPartition", self._request(milvus_pb2.DropPartitionRequest))

    def has(self):
        return self.collection._call("HasPartition", self._request(milvus_pb2.HasPartitionRequest))

    def statistics(self):
        return self.collection._call("GetPartitionStatistics",
                                     self._request(milvus_pb2.GetPartitionStatisticsRequest))


class Index:
    def __init__(self, collection: Collection, field_name: str, params: dict | None = None, index_name: str = ""):
        self.collection = collection
        self.field_name = field_name
        self.params = params or {}
        self.index_name = index_name

    def create(self):
        c = self.collection
        c.ledger.guard(c.name, "create an index on")
        return c._call("CreateIndex", milvus_pb2.CreateIndexRequest(
            db_name=c.db_name, collection_name=c.name, field_name=self.field_name,
            extra_params=kv_pairs(self.params), index_name=self.index_name))

    def describe(self):
        c = self.collection
        return c._call("DescribeIndex", milvus_pb2.DescribeIndexRequest(
            db_name=c.db_name, collection_name=c.name, field_name=self.field_name, index_name=self.index_name))

    def drop(self):
        c = self.collection
        c.ledger.guard(c.name, "drop an index of")
        return c._call("DropIndex", milvus_pb2.DropIndexRequest(
            db_name=c.db_name, collection_name=c.name, field_name=self.field_name, index_name=self.index_name))


class Alias(_Bound):
    def __init__(self, name: str, collection_name: str = "", *, using: str = "default", db_name: str = "",
                 ledger: Ledger | None = None):
        super().__init__(using, ledger, db_name)
        self.name = name
        self.collection_name = collection_name

    def create(self):
        self.ledger.guard(self.name, "create alias")
        self.ledger.aliases.add((self.db_name, self.name))
        return self._call("CreateAlias", milvus_pb2.CreateAliasRequest(
            db_name=self.db_name, alias=self.name, collection_name=self.collection_name))

    def drop(self):
        self.ledger.guard(self.name, "drop alias")
        return self._call("DropAlias", milvus_pb2.DropAliasRequest(db_name=self.db_name, alias=self.name))

    def alter(self, collection_name: str):
        self.ledger.guard(self.name, "alter alias")
        self.ledger.guard(collection_name, "point an alias at")
        return self._call("AlterAlias", milvus_pb2.AlterAliasRequest(
            db_name=self.db_name, alias=self.name, collection_name=collection_name))

    def describe(self):
        return self._call("DescribeAlias", milvus_pb2.DescribeAliasRequest(db_name=self.db_name, alias=self.name))


def cleanup(ledger: Ledger, using: str = "default") -> list[str]:
    """Remove everything ``ledger`` records, aliases first (newer Milvus refuses to drop an aliased
    collection), then collections, then databases. Returns problems, never raises."""
    conn = connections.get(using)
    problems: list[str] = []

    def attempt(rpc: str, request) -> None:
        try:
            reply = conn.call(rpc, request, timeout=30)
        except RpcUnimplemented:
            return  # the target cannot have created what it cannot drop
        except RpcError as err:
            problems.append(str(err))
            return
        status = reply if isinstance(reply, common_pb2.Status) else getattr(reply, "status", None)
        if status is not None and (status.code or status.error_code) and "not found" not in status.reason:
            problems.append(f"{rpc}: {status.reason}")

    for db, name in sorted(ledger.aliases):
        if ledger.owns(name):
            attempt("DropAlias", milvus_pb2.DropAliasRequest(db_name=db, alias=name))
    for db, name in sorted(ledger.collections):
        if ledger.owns(name):
            attempt("DropCollection", milvus_pb2.DropCollectionRequest(db_name=db, collection_name=name))
    for name in sorted(ledger.databases):
        if ledger.owns(name):
            attempt("DropDatabase", milvus_pb2.DropDatabaseRequest(db_name=name))
    return problems
