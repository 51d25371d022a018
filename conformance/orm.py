"""Case-authoring objects: Database, Collection, Partition, Index and Alias bound to a connection alias.

Each method sends exactly one raw RPC and returns the raw response, so cases read like prose yet test the
wire. Every name a case creates comes from the run's :class:`Ledger`, which remembers what this run created
and removes it at teardown; mutating calls on names that do not carry the run's token are refused, so the
suite never touches objects it did not create.
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .protocol import common_pb2, milvus_pb2, schema_pb2
from .transport import RpcError, RpcUnimplemented, connections
from .transport.ownership import ForeignObjectError, Ownership

KV = common_pb2.KeyValuePair


class HarnessError(RuntimeError):
    """The suite itself was about to do something wrong."""


__all__ = ["ForeignObjectError", "HarnessError", "Ledger"]


def kv_pairs(mapping: dict | None) -> list[common_pb2.KeyValuePair]:
    return [KV(key=str(k), value=str(v)) for k, v in (mapping or {}).items()]


STRONG = common_pb2.ConsistencyLevel.Strong
SESSION = common_pb2.ConsistencyLevel.Session
PT = common_pb2.PlaceholderType
_SDT = schema_pb2.DataType
# Vector field type -> the PlaceholderValue type a query vector of that field travels as.
PLACEHOLDER_TYPE = {_SDT.FloatVector: PT.FloatVector, _SDT.BinaryVector: PT.BinaryVector,
                    _SDT.Float16Vector: PT.Float16Vector, _SDT.BFloat16Vector: PT.BFloat16Vector,
                    _SDT.SparseFloatVector: PT.SparseFloatVector, _SDT.Int8Vector: PT.Int8Vector}


def encode_query_vector(vector: Any, ptype: int) -> bytes:
    """One query vector as PlaceholderValue.values carries it: little-endian float32 / float16 / bfloat16 / int8
    bytes, dim/8 bytes for binary, (uint32, float32) pairs for sparse (milvus-proto common.proto)."""
    from .model import data as d

    if ptype == PT.BinaryVector:
        return bytes(vector)
    if ptype == PT.SparseFloatVector:
        return d.encode_sparse(vector)
    if ptype == PT.Float16Vector:
        return np.asarray(vector, dtype="<f2").tobytes()
    if ptype == PT.BFloat16Vector:
        return d.float_to_bfloat16_bytes(np.asarray(vector, dtype=np.float32))
    if ptype == PT.Int8Vector:
        return np.asarray(vector, dtype=np.int8).tobytes()
    return np.asarray(vector, dtype="<f4").tobytes()


def placeholder_group(vectors: Sequence, ptype: int = PT.FloatVector, tag: str = "$0") -> bytes:
    """The serialized PlaceholderGroup a Search request carries (one PlaceholderValue, tag ``$0``)."""
    group = common_pb2.PlaceholderGroup()
    group.placeholders.add(tag=tag, type=ptype, values=[encode_query_vector(v, ptype) for v in vectors])
    return group.SerializeToString()


def search_params(*, anns_field: str, limit: int, metric_type: str = "", params: Mapping | None = None,
                  offset: int = 0, round_decimal: int = -1, extra: Mapping | None = None) -> list:
    """Search's key/value parameters the way pymilvus sends them (``topk``, ``params`` as JSON, ...)."""
    kv = {"anns_field": anns_field, "topk": limit, "params": json.dumps(dict(params or {})),
          "round_decimal": round_decimal}
    if metric_type:
        kv["metric_type"] = metric_type
    if offset:
        kv["offset"] = offset
    kv.update(extra or {})
    return kv_pairs(kv)


def vector_field_of(schema: schema_pb2.CollectionSchema | None) -> schema_pb2.FieldSchema | None:
    for f in (schema.fields if schema is not None else ()):
        if f.data_type in PLACEHOLDER_TYPE:
            return f
    return None


class Ledger:
    """The run's names and the objects it created (``transport.ownership.Ownership``): ``name()`` issues a
    fresh name carrying the run token; the connection records an object as the run's once the server
    confirms its creation, and refuses any request that would touch an object that is not the run's."""

    def __init__(self, token: str | None = None, *, home_db: str = ""):
        self.ownership = Ownership(token, home_db=home_db)

    @property
    def token(self) -> str:
        return self.ownership.token

    def name(self, kind: str = "c") -> str:
        """A fresh valid name carrying the run token, e.g. ``mc1a2b3c4d_c7``."""
        return self.ownership.issue(kind)

    def adopt(self, name: str) -> str:
        """Let the run use a name a strategy built around its token."""
        return self.ownership.adopt(name)

    def created(self, kind: str) -> list[tuple[str, str]]:
        """(database, name) of every object of ``kind`` the run created and has not dropped."""
        return self.ownership.leftovers()[kind]


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


# ---- read-your-writes without Strong's wait ---------------------------------------------------------------

WRITES = ("Insert", "Upsert", "Delete")
READS_AFTER_WRITES = ("Search", "Query", "HybridSearch")


class WriteClock:
    """Per connection: the timestamp of the newest successful write (MutationResult.timestamp of Insert,
    Upsert, Delete) on each (database, collection name), learnt from the connection's recorder, so it sees
    every write however it was sent (ORM or raw ``conn.call``).

    A Search / Query / HybridSearch that names no consistency level reads at Session consistency with
    ``guarantee_timestamp`` = that collection's last write, as pymilvus's session consistency does: it sees
    every row this run wrote (read-your-writes) without Strong's wait for a fresh timestamp (about 200 ms a
    call on Milvus 2.3.5, 2.5 ms with the timestamp). Where no write is known the read stays Strong, and so it
    does after a write answered without a timestamp (Milvus 2.3.5's Delete answers 0) until a later write's
    timestamp, which covers it, is known. Writes through an alias are not mapped to their collection: their
    timestamp joins every later read (``indirect``), and a read through a name with no write of its own is
    Strong."""

    def __init__(self, conn):
        self.home = (getattr(conn.target, "db_name", None) or "default") if hasattr(conn, "target") else "default"
        self.seen = 0  # recorder sequence number read up to
        self.last: dict[tuple[str, str], int] = {}
        self.aliases: set[tuple[str, str]] = set()
        self.indirect = 0

    def _key(self, db: str, name: str) -> tuple[str, str]:
        return (db or self.home, name)

    def _learn(self, record) -> None:
        status = record.status
        if record.response is None or (status is not None and (status.code or status.error_code)):
            return
        req = record.request
        if record.method in ("CreateAlias", "AlterAlias"):
            self.aliases.add(self._key(req.db_name, req.alias))
        elif record.method in WRITES:
            key, ts = self._key(req.db_name, req.collection_name), record.response.timestamp
            if not ts:  # a write of unknown time (Milvus 2.3.5's Delete answers timestamp 0): Strong until a later one
                if key in self.aliases:
                    self.last.clear()
                    self.indirect = 0
                else:
                    self.last.pop(key, None)
            elif key in self.aliases:
                self.indirect = max(self.indirect, ts)
            else:
                self.last[key] = max(self.last.get(key, 0), ts)

    def catch_up(self, recorder) -> None:
        newest = recorder.last_seq
        if newest == self.seen:
            return
        fresh = []
        lock, records = getattr(recorder, "_lock", None), getattr(recorder, "_records", None)
        if lock is not None and records is not None:
            with lock:  # newest first, stopping at what was already read: O(new calls), not O(history)
                for record in reversed(records):
                    if record.seq <= self.seen:
                        break
                    fresh.append(record)
            fresh.reverse()
        else:
            fresh = recorder.since(self.seen)
        if not fresh or fresh[0].seq > self.seen + 1:
            # The recorder dropped calls unread: a write among them is unknown. Forget every timestamp, so
            # reads are Strong until a newer write (timestamps only grow) is seen.
            self.last.clear()
            self.indirect = 0
        for record in fresh:
            if record.method in WRITES or record.method in ("CreateAlias", "AlterAlias"):
                self._learn(record)
        self.seen = newest

    def guarantee(self, db: str, name: str) -> int:
        """The guarantee timestamp for a read of ``name`` (0 = none known: read Strong)."""
        ts = self.last.get(self._key(db, name), 0)
        return max(ts, self.indirect) if ts else 0


_clocks: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def write_clock(conn) -> WriteClock:
    clock = _clocks.get(conn)
    if clock is None:
        clock = _clocks[conn] = WriteClock(conn)
    clock.catch_up(conn.recorder)
    return clock


class Database(_Bound):
    def __init__(self, name: str, using: str = "default", ledger: Ledger | None = None):
        super().__init__(using, ledger)
        self.name = name

    def create(self, properties: dict | None = None):
        return self._call("CreateDatabase", milvus_pb2.CreateDatabaseRequest(
            db_name=self.name, properties=kv_pairs(properties)))

    def drop(self):
        return self._call("DropDatabase", milvus_pb2.DropDatabaseRequest(db_name=self.name))

    def describe(self):
        return self._call("DescribeDatabase", milvus_pb2.DescribeDatabaseRequest(db_name=self.name))

    def alter(self, properties: dict):
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
        return self._call("CreateCollection", self.create_request(schema_bytes))

    def drop(self):
        return self._call("DropCollection", milvus_pb2.DropCollectionRequest(
            db_name=self.db_name, collection_name=self.name))

    def has(self):
        return self._call("HasCollection", milvus_pb2.HasCollectionRequest(
            db_name=self.db_name, collection_name=self.name))

    def describe(self):
        return self._call("DescribeCollection", milvus_pb2.DescribeCollectionRequest(
            db_name=self.db_name, collection_name=self.name))

    def alter(self, properties: dict):
        return self._call("AlterCollection", milvus_pb2.AlterCollectionRequest(
            db_name=self.db_name, collection_name=self.name, properties=kv_pairs(properties)))

    def rename(self, new_name: str, new_db_name: str = ""):
        return self._call("RenameCollection", milvus_pb2.RenameCollectionRequest(
            db_name=self.db_name, oldName=self.name, newName=new_name, newDBName=new_db_name))

    def statistics(self):
        return self._call("GetCollectionStatistics", milvus_pb2.GetCollectionStatisticsRequest(
            db_name=self.db_name, collection_name=self.name))

    def load(self, replica_number: int = 0):
        return self._call("LoadCollection", milvus_pb2.LoadCollectionRequest(
            db_name=self.db_name, collection_name=self.name, replica_number=replica_number))

    def release(self):
        return self._call("ReleaseCollection", milvus_pb2.ReleaseCollectionRequest(
            db_name=self.db_name, collection_name=self.name))

    def load_state(self):
        return self._call("GetLoadState", milvus_pb2.GetLoadStateRequest(
            db_name=self.db_name, collection_name=self.name))

    # ---- data plane ------------------------------------------------------------------------------------

    def _fields_data(self, rows):
        from .model import data as d

        if self.schema is None:
            raise HarnessError(f"collection {self.name!r} has no schema to encode rows with")
        return d.rows_to_fields_data(self.schema, rows)

    def insert_request(self, rows: Sequence[Mapping] | None = None, *, fields_data=None, num_rows: int | None = None,
                       partition_name: str = "") -> milvus_pb2.InsertRequest:
        if fields_data is None:
            fields_data = self._fields_data(rows or [])
        if num_rows is None:
            num_rows = len(rows) if rows is not None else 0
        return milvus_pb2.InsertRequest(db_name=self.db_name, collection_name=self.name,
                                        partition_name=partition_name, fields_data=fields_data, num_rows=num_rows)

    def insert(self, rows: Sequence[Mapping] | None = None, *, fields_data=None, num_rows: int | None = None,
               partition_name: str = "", request: milvus_pb2.InsertRequest | None = None):
        """Insert: ``rows`` (encoded with the schema), or raw ``fields_data`` + ``num_rows``, or a whole
        prepared ``request`` (its collection/db names are replaced by this collection's)."""
        if request is None:
            request = self.insert_request(rows, fields_data=fields_data, num_rows=num_rows,
                                          partition_name=partition_name)
        else:
            copy = milvus_pb2.InsertRequest()
            copy.CopyFrom(request)
            copy.collection_name, copy.db_name = self.name, self.db_name
            request = copy
        return self._call("Insert", request)

    def upsert(self, rows: Sequence[Mapping] | None = None, *, fields_data=None, num_rows: int | None = None,
               partition_name: str = ""):
        if fields_data is None:
            fields_data = self._fields_data(rows or [])
        if num_rows is None:
            num_rows = len(rows) if rows is not None else 0
        return self._call("Upsert", milvus_pb2.UpsertRequest(
            db_name=self.db_name, collection_name=self.name, partition_name=partition_name,
            fields_data=fields_data, num_rows=num_rows))

    def delete(self, expr: str, partition_name: str = "", consistency_level: int = STRONG):
        return self._call("Delete", milvus_pb2.DeleteRequest(
            db_name=self.db_name, collection_name=self.name, partition_name=partition_name, expr=expr,
            consistency_level=consistency_level))

    def query(self, expr: str = "", output_fields: Sequence[str] = (), *, limit: int | None = None,
              offset: int | None = None, partition_names: Sequence[str] = (), consistency_level: int | None = None,
              params: Mapping | None = None):
        """Query; without ``consistency_level``, read-your-writes at Session consistency (:class:`WriteClock`)."""
        qp = dict(params or {})
        if limit is not None:
            qp["limit"] = limit
        if offset is not None:
            qp["offset"] = offset
        level, ts = self.read_consistency(consistency_level)
        return self._call("Query", milvus_pb2.QueryRequest(
            db_name=self.db_name, collection_name=self.name, expr=expr, output_fields=list(output_fields),
            partition_names=list(partition_names), query_params=kv_pairs(qp), consistency_level=level,
            guarantee_timestamp=ts, use_default_consistency=False))

    def search_request(self, vectors: Sequence, *, limit: int, anns_field: str | None = None,
                       metric_type: str = "", expr: str = "", output_fields: Sequence[str] = (),
                       params: Mapping | None = None, offset: int = 0, round_decimal: int = -1,
                       partition_names: Sequence[str] = (), consistency_level: int | None = None,
                       ptype: int | None = None, nq: int | None = None) -> milvus_pb2.SearchRequest:
        """Without ``consistency_level``: read-your-writes as of now, at Session consistency (:class:`WriteClock`);
        build the request after the writes it must see."""
        field = vector_field_of(self.schema)
        if anns_field is None:
            anns_field = field.name if field is not None else ""
        if ptype is None:
            ptype = PLACEHOLDER_TYPE.get(field.data_type, PT.FloatVector) if field is not None else PT.FloatVector
        level, ts = self.read_consistency(consistency_level)
        return milvus_pb2.SearchRequest(
            db_name=self.db_name, collection_name=self.name, partition_names=list(partition_names), dsl=expr,
            dsl_type=common_pb2.DslType.BoolExprV1, placeholder_group=placeholder_group(vectors, ptype),
            output_fields=list(output_fields), nq=len(vectors) if nq is None else nq,
            search_params=search_params(anns_field=anns_field, limit=limit, metric_type=metric_type,
                                        params=params, offset=offset, round_decimal=round_decimal),
            consistency_level=level, guarantee_timestamp=ts, use_default_consistency=False)

    def read_consistency(self, consistency_level: int | None = None) -> tuple[int, int]:
        """(consistency_level, guarantee_timestamp) of a read: a level the case names is sent as is (timestamp 0);
        none = Session with this collection's last write timestamp, or Strong when no write is known."""
        if consistency_level is not None:
            return consistency_level, 0
        ts = write_clock(self.conn).guarantee(self.db_name, self.name)
        return (SESSION, ts) if ts else (STRONG, 0)

    def search(self, vectors: Sequence, *, limit: int, **kw):
        """Search with query ``vectors`` (keyword options as :meth:`search_request`)."""
        return self._call("Search", self.search_request(vectors, limit=limit, **kw))

    def hybrid_search(self, requests: Sequence[milvus_pb2.SearchRequest], *, limit: int,
                      rank_params: Mapping | None = None, output_fields: Sequence[str] = (),
                      partition_names: Sequence[str] = (), consistency_level: int | None = None):
        """HybridSearch (Milvus >= 2.4.0) over sub-requests built with :meth:`search_request`; default ranker
        RRF k=60 (pymilvus's RRFRanker default)."""
        rank = dict(rank_params or {"strategy": "rrf", "params": json.dumps({"k": 60})})
        rank.setdefault("limit", limit)
        level, ts = self.read_consistency(consistency_level)
        return self._call("HybridSearch", milvus_pb2.HybridSearchRequest(
            db_name=self.db_name, collection_name=self.name, partition_names=list(partition_names),
            requests=list(requests), rank_params=kv_pairs(rank), output_fields=list(output_fields),
            consistency_level=level, guarantee_timestamp=ts, use_default_consistency=False))

    def flush(self):
        return self._call("Flush", milvus_pb2.FlushRequest(db_name=self.db_name, collection_names=[self.name]))

    def flush_state(self, segment_ids: Sequence[int] = (), flush_ts: int = 0):
        return self._call("GetFlushState", milvus_pb2.GetFlushStateRequest(
            segmentIDs=list(segment_ids), flush_ts=flush_ts, db_name=self.db_name, collection_name=self.name))

    def load_partitions(self, partition_names: Sequence[str], replica_number: int = 0):
        return self._call("LoadPartitions", milvus_pb2.LoadPartitionsRequest(
            db_name=self.db_name, collection_name=self.name, partition_names=list(partition_names),
            replica_number=replica_number))

    def release_partitions(self, partition_names: Sequence[str]):
        return self._call("ReleasePartitions", milvus_pb2.ReleasePartitionsRequest(
            db_name=self.db_name, collection_name=self.name, partition_names=list(partition_names)))

    def loading_progress(self, partition_names: Sequence[str] = ()):
        return self._call("GetLoadingProgress", milvus_pb2.GetLoadingProgressRequest(
            db_name=self.db_name, collection_name=self.name, partition_names=list(partition_names)))

    def persistent_segments(self):
        return self._call("GetPersistentSegmentInfo", milvus_pb2.GetPersistentSegmentInfoRequest(
            dbName=self.db_name, collectionName=self.name))

    def query_segments(self):
        return self._call("GetQuerySegmentInfo", milvus_pb2.GetQuerySegmentInfoRequest(
            dbName=self.db_name, collectionName=self.name))

    def index(self, field_name: str, params: dict | None = None, index_name: str = "") -> Index:
        return Index(self, field_name, params, index_name)

    @staticmethod
    def flush_all(using: str = "default", db_name: str = ""):
        return connections.get(using).call("FlushAll", milvus_pb2.FlushAllRequest(db_name=db_name))

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
        return self.collection._call("CreatePartition", self._request(milvus_pb2.CreatePartitionRequest))

    def drop(self):
        return self.collection._call("DropPartition", self._request(milvus_pb2.DropPartitionRequest))

    def has(self):
        return self.collection._call("HasPartition", self._request(milvus_pb2.HasPartitionRequest))

    def statistics(self):
        return self.collection._call("GetPartitionStatistics",
                                     self._request(milvus_pb2.GetPartitionStatisticsRequest))

    def load(self, replica_number: int = 0):
        return self.collection.load_partitions([self.name], replica_number)

    def release(self):
        return self.collection.release_partitions([self.name])

    def insert(self, rows: Sequence[Mapping] | None = None, **kw):
        return self.collection.insert(rows, partition_name=self.name, **kw)

    def upsert(self, rows: Sequence[Mapping] | None = None, **kw):
        return self.collection.upsert(rows, partition_name=self.name, **kw)

    def delete(self, expr: str, **kw):
        return self.collection.delete(expr, partition_name=self.name, **kw)

    def query(self, expr: str = "", output_fields: Sequence[str] = (), **kw):
        return self.collection.query(expr, output_fields, partition_names=[self.name], **kw)

    def search(self, vectors: Sequence, *, limit: int, **kw):
        return self.collection.search(vectors, limit=limit, partition_names=[self.name], **kw)


class Index:
    def __init__(self, collection: Collection, field_name: str, params: dict | None = None, index_name: str = ""):
        self.collection = collection
        self.field_name = field_name
        self.params = params or {}
        self.index_name = index_name

    def create(self):
        c = self.collection
        return c._call("CreateIndex", milvus_pb2.CreateIndexRequest(
            db_name=c.db_name, collection_name=c.name, field_name=self.field_name,
            extra_params=kv_pairs(self.params), index_name=self.index_name))

    def describe(self):
        c = self.collection
        return c._call("DescribeIndex", milvus_pb2.DescribeIndexRequest(
            db_name=c.db_name, collection_name=c.name, field_name=self.field_name, index_name=self.index_name))

    def drop(self):
        c = self.collection
        return c._call("DropIndex", milvus_pb2.DropIndexRequest(
            db_name=c.db_name, collection_name=c.name, field_name=self.field_name, index_name=self.index_name))

    def alter(self, properties: dict | None = None, delete_keys: Sequence[str] = ()):
        """AlterIndex of this index (by ``index_name``, which AlterIndex requires)."""
        c = self.collection
        return c._call("AlterIndex", milvus_pb2.AlterIndexRequest(
            db_name=c.db_name, collection_name=c.name, index_name=self.index_name,
            extra_params=kv_pairs(properties or {}), delete_keys=list(delete_keys)))

    def statistics(self):
        """GetIndexStatistics of this index (every index of the collection when ``index_name`` is empty)."""
        c = self.collection
        return c._call("GetIndexStatistics", milvus_pb2.GetIndexStatisticsRequest(
            db_name=c.db_name, collection_name=c.name, index_name=self.index_name))


class Alias(_Bound):
    def __init__(self, name: str, collection_name: str = "", *, using: str = "default", db_name: str = "",
                 ledger: Ledger | None = None):
        super().__init__(using, ledger, db_name)
        self.name = name
        self.collection_name = collection_name

    def create(self):
        return self._call("CreateAlias", milvus_pb2.CreateAliasRequest(
            db_name=self.db_name, alias=self.name, collection_name=self.collection_name))

    def drop(self):
        return self._call("DropAlias", milvus_pb2.DropAliasRequest(db_name=self.db_name, alias=self.name))

    def alter(self, collection_name: str):
        return self._call("AlterAlias", milvus_pb2.AlterAliasRequest(
            db_name=self.db_name, alias=self.name, collection_name=collection_name))

    def describe(self):
        return self._call("DescribeAlias", milvus_pb2.DescribeAliasRequest(db_name=self.db_name, alias=self.name))


def cleanup(ledger: Ledger, using: str = "default") -> list[str]:
    """Remove everything the run created (confirmed by the server), every kind of object the ownership guard
    tracks. Returns problems, never raises."""
    conn = connections.get(using)
    problems: list[str] = []

    def attempt(rpc: str, request) -> None:
        try:
            reply = conn.call(rpc, request, timeout=30)
        except RpcUnimplemented:
            return  # the target cannot have created what it cannot drop
        except (RpcError, ForeignObjectError) as err:
            problems.append(str(err))
            return
        status = reply if isinstance(reply, common_pb2.Status) else getattr(reply, "status", None)
        if status is not None and (status.code or status.error_code) and "not found" not in status.reason:
            problems.append(f"{rpc}: {status.reason}")

    def revoke_grants(role: str) -> None:
        """Best effort: revoking needs a current user (the connection's credentials); what fails shows as the
        DropRole problem."""
        try:
            held = conn.call("SelectGrant", milvus_pb2.SelectGrantRequest(
                entity=milvus_pb2.GrantEntity(role=milvus_pb2.RoleEntity(name=role))), timeout=30)
            for grant in held.entities:
                conn.call("OperatePrivilege", milvus_pb2.OperatePrivilegeRequest(entity=grant, type=milvus_pb2.Revoke),
                          timeout=30)
        except (RpcError, ForeignObjectError):
            pass

    def scoped(kind: str):
        for db, path in ledger.created(kind):
            collection, _, name = path.rpartition("/")
            yield db, collection, name

    # Innermost first: what lives in a collection, aliases (newer Milvus refuses to drop an aliased collection),
    # collections, databases; then the server-wide objects, roles before the users and groups they reference.
    for db, coll, name in scoped("row_policy"):
        attempt("DropRowPolicy", milvus_pb2.DropRowPolicyRequest(db_name=db, collection_name=coll, policy_name=name))
    for db, coll, name in scoped("namespace"):
        attempt("DropNamespace", milvus_pb2.DropNamespaceRequest(db_name=db, collection_name=coll,
                                                                 namespace_name=name))
    for db, coll, name in scoped("snapshot"):
        attempt("DropSnapshot", milvus_pb2.DropSnapshotRequest(db_name=db, collection_name=coll, name=name))
    for db, name in ledger.created("alias"):
        attempt("DropAlias", milvus_pb2.DropAliasRequest(db_name=db, alias=name))
    for db, name in ledger.created("collection"):
        attempt("DropCollection", milvus_pb2.DropCollectionRequest(db_name=db, collection_name=name))
    for _, name in ledger.created("database"):
        attempt("DropDatabase", milvus_pb2.DropDatabaseRequest(db_name=name))
    for _, name in ledger.created("role"):
        revoke_grants(name)  # Milvus before force_drop (2.3.5) refuses to drop a role that holds grants
        attempt("DropRole", milvus_pb2.DropRoleRequest(role_name=name, force_drop=True))
    for _, name in ledger.created("user"):
        attempt("DeleteCredential", milvus_pb2.DeleteCredentialRequest(username=name))
    for _, name in ledger.created("privilege_group"):
        attempt("DropPrivilegeGroup", milvus_pb2.DropPrivilegeGroupRequest(group_name=name))
    for _, name in ledger.created("resource_group"):
        attempt("DropResourceGroup", milvus_pb2.DropResourceGroupRequest(resource_group=name))
    for _, name in ledger.created("file_resource"):
        attempt("RemoveFileResource", milvus_pb2.RemoveFileResourceRequest(name=name))
    return problems


def wait_loaded(coll: Collection, timeout: float = 60.0, partition_names: Sequence[str] = (), *,
                check_id: str | None = None) -> int:
    """Poll GetLoadState (of ``partition_names`` when given) until LoadStateLoaded and judge the load through
    ``check_id`` (default ``LoadPartitions/completes`` when partitions are named, else
    ``LoadCollection/completes``): it passes when the state is reached and raises a Deviation when GetLoadState
    answers an error or the load does not complete within ``timeout``. A waiting failure is never a pass; an
    UNIMPLEMENTED GetLoadState propagates (the RPC is reported not implemented). Returns the state reached."""
    import time

    from .expectations import verify

    check_id = check_id or ("LoadPartitions/completes" if partition_names else "LoadCollection/completes")
    request = milvus_pb2.GetLoadStateRequest(db_name=coll.db_name, collection_name=coll.name,
                                             partition_names=list(partition_names))
    want = common_pb2.LoadState.LoadStateLoaded
    deadline = time.monotonic() + timeout
    while True:
        reply = coll._call("GetLoadState", request)
        if reply.status.code or reply.status.error_code:
            verify(check_id, False, expected=f"GetLoadState Success with {common_pb2.LoadState.Name(want)}",
                   actual=f"GetLoadState answered code {reply.status.code}: {reply.status.reason!r}", request=request)
        if reply.state == want:
            verify(check_id, True, expected="", actual="")
            return reply.state
        if time.monotonic() > deadline:
            seen = common_pb2.LoadState.Name(reply.state) if reply.state in common_pb2.LoadState.values() \
                else str(reply.state)
            verify(check_id, False, expected=f"{common_pb2.LoadState.Name(want)} within {timeout:g} s",
                   actual=f"still {seen}", request=request)
        time.sleep(0.05)


def wait_flushed(coll: Collection, flush_reply, timeout: float = 60.0) -> bool:
    """Poll GetFlushState for the segments and flush_ts a Flush reply names until flushed=true, judging
    ``Flush/completes``: a GetFlushState error answer, or no flush within ``timeout``, raises a Deviation; an
    UNIMPLEMENTED GetFlushState propagates (the RPC is reported not implemented), it is never taken as flushed.
    A reply that names nothing to wait for (no segments, no flush_ts for the collection) is flushed already."""
    import time

    from .expectations import verify

    segments = [s for m in (flush_reply.coll_segIDs, flush_reply.flush_coll_segIDs)
                for s in (m[coll.name].data if coll.name in m else [])]
    flush_ts = flush_reply.coll_flush_ts.get(coll.name, 0)
    if not segments and not flush_ts:
        return True
    deadline = time.monotonic() + timeout
    while True:
        reply = coll.flush_state(segments, flush_ts)
        if reply.status.code or reply.status.error_code:
            verify("Flush/completes", False, expected="GetFlushState Success with flushed=true",
                   actual=f"GetFlushState answered code {reply.status.code}: {reply.status.reason!r}",
                   request=milvus_pb2.GetFlushStateRequest(segmentIDs=segments, flush_ts=flush_ts,
                                                           db_name=coll.db_name, collection_name=coll.name))
        if reply.flushed:
            verify("Flush/completes", True, expected="", actual="")
            return True
        if time.monotonic() > deadline:
            verify("Flush/completes", False, expected=f"flushed=true within {timeout:g} s", actual="flushed=false",
                   request=milvus_pb2.GetFlushStateRequest(segmentIDs=segments, flush_ts=flush_ts,
                                                           db_name=coll.db_name, collection_name=coll.name))
        time.sleep(0.1)
