"""An in-memory, thread-safe catalogue with current Milvus's DDL semantics: databases, collections,
partitions, aliases, a minimal index record and load state.

Every error is current Milvus's (master): the registered check it implements supplies code and message
(``rules.get(id).error(...)``); older releases' answers live in the checks' history, not here.
Methods take the database name explicitly; ``resolve_db`` implements the request-field/metadata choice.
"""

from __future__ import annotations

import itertools
import threading
import time
import zoneinfo
from dataclasses import dataclass, field

from ..protocol import common_pb2, milvus_pb2, schema_pb2
from . import errors, limits, names
from . import schema as schema_model
from .access import AccessControl
from .cluster import Cluster
from .errors import MilvusError
from .platform import Platform
from .rules import rules
from .store import CollectionData

LoadState = common_pb2.LoadState
# The model is a single-node server: one (streaming) query node, so one replica at most.
QUERY_NODES = 1


def now_ms() -> int:
    return int(time.time() * 1000)


def hybrid_ts(ms: int | None = None) -> int:
    """A TSO-shaped timestamp: physical milliseconds << 18 (Milvus hybrid timestamps)."""
    return (now_ms() if ms is None else ms) << 18


def resolve_db(request_db: str = "", metadata_db: str = "") -> str:
    """The request's ``db_name`` wins, then gRPC metadata ``dbname``, then ``default``
    (internal/proxy/util.go GetCurDBNameFromContextOrDefault; probes M01, M02)."""
    return request_db or metadata_db or limits.DEFAULT_DATABASE_NAME


@dataclass
class Index:
    index_id: int
    index_name: str
    field_name: str
    field_id: int
    params: tuple[tuple[str, str], ...]

    @property
    def index_type(self) -> str:
        return dict(self.params).get("index_type", "") or "AUTOINDEX"


@dataclass
class Partition:
    partition_id: int
    name: str
    created_ms: int


@dataclass
class Collection:
    collection_id: int
    name: str
    db: str
    schema: schema_pb2.CollectionSchema
    shards_num: int
    consistency_level: int
    properties: dict[str, str]
    num_partitions: int  # partition-key collections: the number of physical partitions; else 0
    created_ms: int
    fingerprint: tuple
    partitions: dict[str, Partition] = field(default_factory=dict)
    indexes: dict[str, Index] = field(default_factory=dict)
    loaded: bool = False  # some or all partitions are loaded
    loaded_partitions: set[str] = field(default_factory=set)
    data: CollectionData | None = None

    def __post_init__(self):
        if self.data is None:
            self.data = CollectionData(self.collection_id, self.schema)

    def is_partition_loaded(self, name: str) -> bool:
        return self.loaded and name in self.loaded_partitions

    def vector_index(self, field_name: str) -> Index | None:
        return next((ix for ix in self.indexes.values() if ix.field_name == field_name), None)

    @property
    def partition_key_mode(self) -> bool:
        return self.num_partitions > 0

    def get_field(self, name: str) -> schema_pb2.FieldSchema | None:
        return next((f for f in self.schema.fields if f.name == name), None)


@dataclass
class Database:
    db_id: int
    name: str
    created_ms: int
    properties: dict[str, str] = field(default_factory=dict)
    collections: dict[str, Collection] = field(default_factory=dict)
    aliases: dict[str, int] = field(default_factory=dict)  # alias -> collection_id

    def by_id(self, collection_id: int) -> Collection | None:
        return next((c for c in self.collections.values() if c.collection_id == collection_id), None)

    def aliases_of(self, coll: Collection) -> list[str]:
        return [a for a, cid in self.aliases.items() if cid == coll.collection_id]


def _valid_timezone(name: str) -> bool:
    """Go's time.LoadLocation: "" and "UTC" are UTC, "Local" the local zone, else an IANA zone name."""
    if name in ("", "UTC", "Local"):
        return True
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _kv(items: dict[str, str]) -> list[common_pb2.KeyValuePair]:
    return [common_pb2.KeyValuePair(key=k, value=v) for k, v in items.items()]


class Catalog:
    """The DDL state of one Milvus server. All public methods are atomic (one re-entrant lock, held briefly: schema
    validation runs before it is taken, and no row data is scanned under it except a dropped partition's). The
    rows of each collection are guarded by its ``CollectionData.lock``; the order is always catalogue lock first."""

    def __init__(self):
        self._lock = threading.RLock()
        self._ids = itertools.count(450_000_000_000_000_001)
        self._dbs: dict[str, Database] = {}
        self._dbs[limits.DEFAULT_DATABASE_NAME] = Database(1, limits.DEFAULT_DATABASE_NAME, now_ms())
        self.access = AccessControl()
        self.cluster = Cluster()
        self.platform = Platform()

    def _next_id(self) -> int:
        return next(self._ids)

    # ---- databases ---------------------------------------------------------------------------------------

    def db(self, name: str) -> Database:
        """The database or 800 "database not found[database=X]" (probes M03, M04)."""
        with self._lock:
            try:
                return self._dbs[name or limits.DEFAULT_DATABASE_NAME]
            except KeyError:
                raise errors.database_not_found(name) from None

    def create_database(self, name: str, properties: dict[str, str] | None = None) -> Database:
        """Name rules → 802; duplicate → CreateDatabase/duplicate (1100); more than rootCoord.maxDatabaseNum
        databases besides ``default`` → 801 (meta_table CheckIfDatabaseCreatable counts with ``>``)."""
        names.validate_database_name(name)
        with self._lock:
            if name in self._dbs:
                raise rules.get("CreateDatabase/duplicate").error(name=name)
            if len(self._dbs) > limits.MAX_DATABASES:
                raise rules.get("CreateDatabase/limit").error(limit=limits.MAX_DATABASES)
            db = Database(self._next_id(), name, now_ms(), dict(properties or {}))
            self._dbs[name] = db
            return db

    def drop_database(self, name: str) -> None:
        """``default`` → DropDatabase/default (1100); non-empty → DropDatabase/not-empty (1100); missing →
        Success (DropDatabase/missing)."""
        names.validate_database_name(name)
        with self._lock:
            if name == limits.DEFAULT_DATABASE_NAME:
                raise rules.get("DropDatabase/default").error()
            db = self._dbs.get(name)
            if db is None:
                return
            if db.collections:
                raise rules.get("DropDatabase/not-empty").error(name=name)
            del self._dbs[name]

    def list_databases(self) -> list[Database]:
        """Creation order, ``default`` first (D06)."""
        with self._lock:
            return list(self._dbs.values())

    def alter_database(self, name: str, properties: dict[str, str], delete_keys=()) -> None:
        """Proxy: a timezone property must be an IANA zone; rootcoord: nothing to alter, or both properties and
        delete keys → 1100; then the database (800). See rules/evolution.py AlterDatabase/*."""
        tz = properties.get("timezone")
        if tz is not None and not _valid_timezone(tz):
            raise rules.get("AlterDatabase/invalid-timezone").error(tz=tz)
        if not properties and not delete_keys:
            raise rules.get("AlterDatabase/nothing-to-alter").error()
        if properties and delete_keys:
            raise rules.get("AlterDatabase/properties-and-delete-keys").error()
        with self._lock:
            db = self._dbs.get(name or limits.DEFAULT_DATABASE_NAME)
            if db is None:
                raise rules.get("AlterDatabase/missing-database").error(name=name)
            db.properties.update(properties)
            for k in delete_keys:
                db.properties.pop(k, None)

    # ---- collections -------------------------------------------------------------------------------------

    def _lookup(self, db: Database, name: str) -> tuple[Collection | None, bool]:
        """Collection by name or alias (rootcoord GetCollectionByName resolves aliases); bool = via alias."""
        coll = db.collections.get(name)
        if coll is not None:
            return coll, False
        cid = db.aliases.get(name)
        if cid is not None:
            return db.by_id(cid), True
        return None, False

    def get_collection(self, db_name: str, name: str) -> Collection:
        """Collection by name or alias, or 100 "collection not found[database=D][collection=C]"."""
        with self._lock:
            db = self.db(db_name)
            coll, _ = self._lookup(db, name)
            if coll is None:
                raise errors.collection_not_found(name, db.name)
            return coll

    def _checked(self, db_name: str, name: str) -> Collection:
        names.validate_collection_name(name)
        return self.get_collection(db_name, name)

    def collection(self, db_name: str, name: str) -> Collection:
        """Name rules (1100), then the collection by name or alias (100). The data plane reads the collection's
        metadata (partitions, load state, indexes) under ``catalog.lock`` and its rows through ``data`` (which has
        a lock of its own)."""
        return self._checked(db_name, name)

    @property
    def lock(self) -> threading.RLock:
        return self._lock

    def all_collections(self, db_name: str | None = None) -> list[Collection]:
        with self._lock:
            dbs = [self.db(db_name)] if db_name else list(self._dbs.values())
            return [c for d in dbs for c in d.collections.values()]

    def create_collection(self, db_name: str, request: milvus_pb2.CreateCollectionRequest) -> Collection:
        """Schema rules (model.schema) first, then the database (800), then duplicates: a name that is an
        alias → CreateCollection/named-like-an-alias; the identical request again → Success; a different one
        → CreateCollection/duplicate-different. "Identical" is rootcoord's ``model.Collection.Equal``, which
        also compares the partitions and properties the collection has now: after CreatePartition or
        AlterCollection the same request is a different one (CreateCollection/duplicate-after-change)."""
        schema = schema_model.validate_create_collection(request)
        shards = schema_model.effective_shards(request)
        num_partitions = schema_model.effective_num_partitions(request, schema)
        props = {kv.key: kv.value for kv in request.properties}
        fingerprint = (schema.SerializeToString(deterministic=True), shards, request.consistency_level,
                       num_partitions, tuple(sorted(props.items())))
        name = request.collection_name
        with self._lock:
            db = self.db(db_name)
            existing, via_alias = self._lookup(db, name)
            if via_alias:
                raise rules.get("CreateCollection/named-like-an-alias").error(
                    reason=f"collection name [{name}] conflicts with an existing alias, please choose a unique name")
            if existing is not None:
                unchanged = (set(existing.partitions) == set(schema_model.initial_partitions(num_partitions))
                             and existing.properties == props)
                if existing.fingerprint == fingerprint and unchanged:
                    return existing
                check = "CreateCollection/duplicate-different" if existing.fingerprint != fingerprint \
                    else "CreateCollection/duplicate-after-change"
                raise rules.get(check).error(name=name)
            if sum(len(d.collections) for d in self._dbs.values()) >= limits.MAX_COLLECTIONS:
                raise MilvusError(errors.COLLECTION_NUM_LIMIT,
                                  f"exceeded the limit number of collections[limit={limits.MAX_COLLECTIONS}]")
            ms = now_ms()
            coll = Collection(self._next_id(), name, db.name, schema, shards, request.consistency_level, props,
                              num_partitions, ms, fingerprint)
            for pname in schema_model.initial_partitions(num_partitions):
                coll.partitions[pname] = Partition(self._next_id(), pname, ms)
            db.collections[name] = coll
            return coll

    def drop_collection(self, db_name: str, name: str) -> None:
        """Missing collection or database → Success (DropCollection/missing; the proxy validates no name:
        "permit drop collection one with bad collection name"); refused while aliases exist
        (DropCollection/with-aliases). Dropping through an alias name drops nothing."""
        with self._lock:
            db = self._dbs.get(db_name or limits.DEFAULT_DATABASE_NAME)
            if db is None:
                return
            coll = db.collections.get(name)
            if coll is None:
                return
            aliases = db.aliases_of(coll)
            if aliases:
                raise rules.get("DropCollection/with-aliases").error(name=name)
            del db.collections[name]

    def has_collection(self, db_name: str, name: str) -> bool:
        """Bad name → 1100 (E30); missing → False (N02); aliases resolve."""
        names.validate_collection_name(name)
        with self._lock:
            coll, _ = self._lookup(self.db(db_name), name)
            return coll is not None

    def describe_collection(self, db_name: str, name: str = "",
                            collection_id: int = 0) -> milvus_pb2.DescribeCollectionResponse:
        """Missing → code 100 with legacy UnexpectedError, "can't find collection[database=D][collection=C]"
        (task.go rewrite; N01); empty name without ID → 1100 (E29). Via an alias, ``collection_name`` echoes
        the alias (A09)."""
        if not (collection_id and not name):
            names.validate_collection_name(name)
        with self._lock:
            db = self.db(db_name)
            if name:
                coll, _ = self._lookup(db, name)
            else:
                coll = db.by_id(collection_id)
            if coll is None:
                raise errors.collection_not_found_describe(name or str(collection_id), db.name)
            return schema_model.describe_collection_response(
                coll.schema,
                collection_name=name or coll.name,
                db_name=db.name,
                collection_id=coll.collection_id,
                shards_num=coll.shards_num,
                consistency_level=coll.consistency_level,
                properties=_kv(coll.properties),
                aliases=db.aliases_of(coll),
                num_partitions=len(coll.partitions),
                created_timestamp=hybrid_ts(coll.created_ms),
                created_utc_timestamp=coll.created_ms,
                db_id=db.db_id,
            )

    def show_collections(self, db_name: str, in_memory: bool = False, names_filter=()) -> list[Collection]:
        """Creation order. ``in_memory`` (ShowType InMemory) lists loaded ones; a named filter entry that does
        not exist → 100."""
        with self._lock:
            db = self.db(db_name)
            colls = list(db.collections.values())
            if names_filter:
                found: dict[str, Collection] = {}
                for n in dict.fromkeys(names_filter):  # each name looked up once, in order
                    coll, _ = self._lookup(db, n)
                    if coll is None:
                        raise errors.collection_not_found(n, db.name)
                    found[n] = coll
                colls = [found[n] for n in names_filter]
            if in_memory:
                colls = [c for c in colls if c.loaded]
            return colls

    def alter_collection(self, db_name: str, name: str, properties: dict[str, str], delete_keys=()) -> None:
        with self._lock:
            coll = self._checked(db_name, name)
            if properties and delete_keys:
                raise errors.invalid_parameter("cannot provide both DeleteKeys and ExtraParams")
            coll.properties.update(properties)
            for k in delete_keys:
                coll.properties.pop(k, None)

    def rename_collection(self, db_name: str, old: str, new: str, new_db: str = "") -> None:
        """master meta_table CheckIfCollectionRenamable, in order: target database (800); the old name is an
        alias (1100); the new name is an alias (1601, input error); the new name is a collection
        (RenameCollection/onto-existing-collection, 1100); the old collection (100); moving databases with
        aliases (1100)."""
        names.validate_collection_name(old)
        names.validate_collection_name(new)
        with self._lock:
            src = self.db(db_name)
            dst = self.db(new_db or src.name)
            if old in src.aliases:
                raise errors.invalid_parameter(f"unsupported use an alias to rename collection, alias:{old}")
            if new in dst.aliases:
                raise MilvusError(errors.ALIAS_COLLECTION_NAME_CONFLICT,
                                  f"alias and collection name conflict[database={dst.name}][alias={new}]",
                                  input_error=True)
            if new in dst.collections:
                raise rules.get("RenameCollection/onto-existing-collection").error(db=dst.name, name=new)
            coll = src.collections.get(old)
            if coll is None:
                raise errors.collection_not_found(old, src.name)
            if dst is not src and src.aliases_of(coll):
                raise errors.invalid_parameter("fail to rename db name, must drop all aliases of this collection "
                                               "before rename")
            del src.collections[old]
            coll.name, coll.db = new, dst.name
            coll.schema.name = new
            dst.collections[new] = coll

    def collection_statistics(self, db_name: str, name: str) -> dict[str, str]:
        """row_count = stored rows, deleted ones included (model.store.CollectionData.row_count, verified on
        Milvus 2.3.5); missing → 100 (E60). Names are not validated: an empty one is a missing collection
        (verified on Milvus 2.3.5: 100 'collection not found[collection=0]')."""
        with self._lock:
            db = self.db(db_name)
            coll, _ = self._lookup(db, name)
            if coll is None:
                raise rules.get("GetCollectionStatistics/missing-collection").error(db=db.name, name=name)
            return {"row_count": str(coll.data.row_count())}

    # ---- partitions --------------------------------------------------------------------------------------

    def create_partition(self, db_name: str, collection: str, partition: str) -> None:
        """master CreatePartitionTask.PreExecute order: collection name (1100), the collection (100),
        partition-key collection (1100), partition name (Names/partition/*, 1100); then rootcoord: duplicate
        → Success; more than rootCoord.maxPartitionNum → 1100."""
        names.validate_collection_name(collection)
        with self._lock:
            coll = self.get_collection(db_name, collection)
            if coll.partition_key_mode:
                raise rules.get("CreatePartition/partition-key-collection").error()
            names.validate_partition_name(partition)
            if partition in coll.partitions:
                return
            if len(coll.partitions) >= limits.MAX_PARTITIONS:
                raise errors.invalid_parameter(f"partition number ({len(coll.partitions)}) exceeds max configuration "
                                               f"({limits.MAX_PARTITIONS}), collection: {coll.name}")
            coll.partitions[partition] = Partition(self._next_id(), partition, now_ms())
            if coll.loaded and set(coll.partitions) - {partition} <= coll.loaded_partitions:
                # a new partition of a fully loaded collection is loaded with it (querycoord watches it)
                coll.loaded_partitions.add(partition)

    def drop_partition(self, db_name: str, collection: str, partition: str) -> None:
        """master DropPartitionTask.PreExecute: collection (100), partition-key collection (1100), partition
        name (1100), missing partition → Success, loaded partition → 1100; rootcoord: ``_default`` →
        DropPartition/default-partition."""
        names.validate_collection_name(collection)
        with self._lock:
            coll = self.get_collection(db_name, collection)
            if coll.partition_key_mode:
                raise errors.invalid_parameter("disable drop partition if partition key mode is used")
            names.validate_partition_name(partition)
            if partition not in coll.partitions:
                return
            if coll.is_partition_loaded(partition):
                raise errors.invalid_parameter("partition cannot be dropped, partition is loaded, please release it "
                                               "first")
            if partition == limits.DEFAULT_PARTITION_NAME:
                raise rules.get("DropPartition/default-partition").error()
            del coll.partitions[partition]
            coll.data.drop_partition(partition)

    def has_partition(self, db_name: str, collection: str, partition: str) -> bool:
        """Both names validated first (1100); missing collection → 100 (the response still says value=false)."""
        names.validate_collection_name(collection)
        names.validate_partition_name(partition)
        with self._lock:
            return partition in self.get_collection(db_name, collection).partitions

    def show_partitions(self, db_name: str, collection: str, collection_id: int = 0) -> list[Partition]:
        with self._lock:
            if not collection and collection_id:
                coll = self.db(db_name).by_id(collection_id)
                if coll is None:
                    raise errors.collection_not_found(str(collection_id), db_name or limits.DEFAULT_DATABASE_NAME)
            else:
                coll = self._checked(db_name, collection)
            return list(coll.partitions.values())

    def partition_statistics(self, db_name: str, collection: str, partition: str) -> dict[str, str]:
        """An empty partition name means ``_default`` (GetPartitionStatistics/empty-partition-name)."""
        partition = partition or limits.DEFAULT_PARTITION_NAME
        with self._lock:
            coll = self._checked(db_name, collection)
            if partition not in coll.partitions:
                raise errors.partition_not_found(partition)
            return {"row_count": str(coll.data.row_count(partition))}

    # ---- aliases -----------------------------------------------------------------------------------------

    def _alias_target(self, db_name: str, collection: str, alias: str, missing_check: str) -> tuple[Database, Collection]:
        """The checks CreateAlias and AlterAlias share, in master's order: both names valid (1100), the
        target resolved through an alias (the proxy's resolveCollectionAlias), the alias is not a collection
        name (1601), the target exists (100, ``missing_check``'s message)."""
        names.validate_alias(alias)
        names.validate_collection_name(collection)
        db = self.db(db_name)
        target, _ = self._lookup(db, collection)
        if alias in db.collections:
            raise errors.alias_collection_name_conflict(alias, db.name)
        if target is None:
            raise rules.get(missing_check).error(db=db.name, name=collection)
        return db, target

    def create_alias(self, db_name: str, collection: str, alias: str) -> None:
        """master order: alias == a collection name → 1601; target missing → 100 (a target that is an alias
        resolves to its collection: CreateAlias/of-an-alias); same alias → same target → Success; alias bound
        elsewhere → 1602."""
        with self._lock:
            db, coll = self._alias_target(db_name, collection, alias, "CreateAlias/missing-collection")
            bound = db.aliases.get(alias)
            if bound == coll.collection_id:
                return
            if bound is not None:
                raise errors.alias_already_exist(alias, db.by_id(bound).name, db.name)
            db.aliases[alias] = coll.collection_id

    def drop_alias(self, db_name: str, alias: str) -> None:
        """Missing alias → DropAlias/missing-alias (1600, input error); DropAliasTask validates no name."""
        with self._lock:
            db = self.db(db_name)
            if alias not in db.aliases:
                raise rules.get("DropAlias/missing-alias").error(db=db.name, name=alias)
            del db.aliases[alias]

    def alter_alias(self, db_name: str, collection: str, alias: str) -> None:
        """master meta_table CheckIfAliasAlterable: alias == a collection name → 1601; target missing → 100
        "collection not found[collection=C]"; alias missing → 1600."""
        with self._lock:
            db, coll = self._alias_target(db_name, collection, alias, "AlterAlias/missing-collection")
            if alias not in db.aliases:
                raise rules.get("AlterAlias/missing-alias").error(db=db.name, name=alias)
            db.aliases[alias] = coll.collection_id

    def describe_alias(self, db_name: str, alias: str) -> str:
        """The collection an alias points to, or 1600."""
        names.validate_alias(alias)
        with self._lock:
            db = self.db(db_name)
            cid = db.aliases.get(alias)
            if cid is None:
                raise rules.get("DescribeAlias/missing-alias").error(db=db.name, name=alias)
            return db.by_id(cid).name

    def list_aliases(self, db_name: str, collection: str = "") -> list[str]:
        """All aliases of the database, or of one collection (which must exist: 100)."""
        with self._lock:
            db = self.db(db_name)
            if not collection:
                return list(db.aliases)
            names.validate_collection_name(collection)
            coll, _ = self._lookup(db, collection)
            if coll is None:
                raise rules.get("ListAliases/missing-collection").error(name=collection)
            return db.aliases_of(coll)

    # ---- load state --------------------------------------------------------------------------------------

    def collection_for(self, check_id: str, db_name: str, name: str, *, validate: bool = True) -> Collection:
        """The collection a load/index/flush/segment RPC names: name rules first when the RPC validates them
        (1100), then the collection by name or alias, or ``check_id``'s 100 (the proxy meta cache marks it
        the caller's error)."""
        if validate:
            names.validate_collection_name(name)
        with self._lock:
            db = self.db(db_name)
            coll, _ = self._lookup(db, name)
            if coll is None:
                raise rules.get(check_id).error(db=db.name, name=name)
            return coll

    def get_load_state(self, db_name: str, collection: str, partitions=()) -> int:
        """Missing collection → Success with LoadStateNotExist; missing partition → GetLoadState/missing-partition
        (200); otherwise NotLoad or Loaded (loading completes at once)."""
        with self._lock:
            db = self.db(db_name)
            coll, _ = self._lookup(db, collection)
            if coll is None:
                return LoadState.LoadStateNotExist
            for p in partitions:
                if p not in coll.partitions:
                    raise rules.get("GetLoadState/missing-partition").error(name=p)
            if partitions:
                # verified on Milvus 2.3.5: only p1 loaded → collection Loaded, _default NotLoad
                ok = all(coll.is_partition_loaded(p) for p in partitions)
                return LoadState.LoadStateLoaded if ok else LoadState.LoadStateNotLoad
            return LoadState.LoadStateLoaded if coll.loaded else LoadState.LoadStateNotLoad

    def _check_loadable(self, coll: Collection, collection: str) -> None:
        """No index at all → LoadCollection/no-index (700); a vector field without an index while another
        field has one → LoadCollection/unindexed-vector-field (1100, Go's ``%v`` of the names: "[a b]")."""
        if not coll.indexes:
            raise rules.get("LoadCollection/no-index").error(name=collection)
        indexed = {ix.field_name for ix in coll.indexes.values()}
        missing = [f.name for f in coll.schema.fields
                   if f.data_type in schema_model.VECTOR_TYPES and f.name not in indexed]
        if missing:
            raise rules.get("LoadCollection/unindexed-vector-field").error(fields=" ".join(missing))

    @staticmethod
    def _check_replicas(replica_number: int) -> None:
        """querycoord AssignReplica: more replicas than (streaming) query nodes → 12 (LoadCollection/
        replica-number-exceeds-nodes); the model is one node. 0 or less means the default, 1."""
        if replica_number > QUERY_NODES:
            raise rules.get("LoadCollection/replica-number-exceeds-nodes").error(n=replica_number, nodes=QUERY_NODES)

    def load_partitions(self, db_name: str, collection: str, partitions: list[str], replica_number: int = 0) -> None:
        """Master's order (LoadPartitionsTask): name rules (1100), partition-key mode (1100), the collection
        (100), the index checks (700 / 1100), each partition (200), an empty list (1100), then querycoord's
        replica count (12)."""
        with self._lock:
            coll = self.collection_for("LoadCollection/missing-collection", db_name, collection)
            if coll.partition_key_mode:
                raise rules.get("LoadPartitions/partition-key-collection").error(verb="load")
            self._check_loadable(coll, collection)
            for p in partitions:
                if p not in coll.partitions:
                    raise rules.get("LoadPartitions/missing-partition").error(name=p)
            if not partitions:
                raise rules.get("LoadPartitions/no-partition-specified").error()
            self._check_replicas(replica_number)
            coll.loaded_partitions.update(partitions)
            coll.loaded = True

    def release_partitions(self, db_name: str, collection: str, partitions: list[str]) -> None:
        """Name rules, partition-key mode (1100), the collection (100), each partition (200); releasing the last
        loaded partition releases the collection."""
        with self._lock:
            coll = self.collection_for("LoadCollection/missing-collection", db_name, collection)
            if coll.partition_key_mode:
                raise rules.get("LoadPartitions/partition-key-collection").error(verb="release")
            for p in partitions:
                if p not in coll.partitions:
                    raise rules.get("ReleasePartitions/missing-partition").error(name=p)
            coll.loaded_partitions.difference_update(partitions)
            if not coll.loaded_partitions:
                coll.loaded = False

    def loading_progress(self, db_name: str, collection: str, partitions=()) -> int:
        """Loaded → 100 (loading completes at once); not loaded → GetLoadingProgress/not-loaded (101); missing
        → 100; missing partition → 200; partitions not loaded → 201."""
        with self._lock:
            coll = self.collection_for("LoadCollection/missing-collection", db_name, collection)
            for p in partitions:
                if p not in coll.partitions:
                    raise rules.get("LoadPartitions/missing-partition").error(name=p)
            if not coll.loaded:
                raise rules.get("GetLoadingProgress/not-loaded").error(id=coll.collection_id)
            if partitions and not all(coll.is_partition_loaded(p) for p in partitions):
                raise rules.get("GetLoadingProgress/partition-not-loaded").error()
            return 100

    def load_collection(self, db_name: str, collection: str, replica_number: int = 0) -> None:
        """Name rules (1100), missing → 100, the index checks (_check_loadable), then querycoord's replica count
        (12)."""
        with self._lock:
            coll = self.collection_for("LoadCollection/missing-collection", db_name, collection)
            self._check_loadable(coll, collection)
            self._check_replicas(replica_number)
            coll.loaded_partitions = set(coll.partitions)
            coll.loaded = True

    def release_collection(self, db_name: str, collection: str) -> None:
        """Missing → 100; not loaded → Success."""
        with self._lock:
            coll = self.collection_for("LoadCollection/missing-collection", db_name, collection)
            coll.loaded = False
            coll.loaded_partitions = set()

    # ---- indexes (minimal) -------------------------------------------------------------------------------

    def create_index(self, db_name: str, collection: str, field_name: str, params: dict[str, str],
                     index_name: str = "") -> Index:
        """Master's order (CreateIndexTask.PreExecute): the collection (100, names are not validated), the
        index name rules, the field (CreateIndex/missing-field), the index type (CreateIndex/unknown-index-type),
        the parameters for the field's type (``indexes.validate``: CreateIndex/params/*).
        Then datacoord: an empty name becomes the field's one existing index's name, else the field name
        (CreateIndex/default-name); the same index again → Success; another index on the field or another
        field's index name → CreateIndex/conflicting-index. ``params`` are kept as sent (DescribeIndex echoes
        the user's params)."""
        from . import indexes as index_model

        with self._lock:
            coll = self.collection_for("CreateIndex/missing-collection", db_name, collection, validate=False)
            names.validate_index_name(index_name)
            fld = coll.get_field(field_name)
            if fld is None:
                raise rules.get("CreateIndex/missing-field").error(field=field_name)
            itype = index_model.expand(params).get("index_type", "")
            if itype and not index_model.is_known(itype):
                raise rules.get("CreateIndex/unknown-index-type").error(index_type=itype)
            index_model.validate(fld, params)
            name = index_name.strip()
            if not name:
                on_field = [ix for ix in coll.indexes.values() if ix.field_name == field_name]
                name = on_field[0].index_name if len(on_field) == 1 else field_name
            key = tuple(sorted(params.items()))
            for ix in coll.indexes.values():
                if ix.field_name == field_name or ix.index_name == name:
                    if ix.field_name == field_name and ix.index_name == name and tuple(sorted(ix.params)) == key:
                        return ix
                    raise rules.get("CreateIndex/conflicting-index").error()
            ix = Index(self._next_id(), name, field_name, fld.fieldID, tuple(params.items()))
            coll.indexes[name] = ix
            return ix

    def describe_index(self, db_name: str, collection: str, field_name: str = "", index_name: str = "") -> list[Index]:
        """Name rules (1100), the collection (100), then the indexes named ``index_name`` (all when empty):
        master sends only the index name to datacoord, ``field_name`` is ignored. None → 700, "[collection=C]"
        without an index name (DescribeIndex/no-index), "[indexName=X]" with one."""
        with self._lock:
            coll = self.collection_for("DescribeIndex/missing-collection", db_name, collection)
            found = [ix for ix in coll.indexes.values() if not index_name or ix.index_name == index_name]
            if not found:
                if index_name:
                    raise rules.get("DescribeIndex/unknown-index-name").error(index=index_name)
                raise rules.get("DescribeIndex/no-index").error(name=collection)
            return found

    def drop_index(self, db_name: str, collection: str, field_name: str = "", index_name: str = "") -> None:
        """The collection (100; master does not validate the name), then datacoord on the indexes named
        ``index_name`` (all when empty; ``field_name`` is ignored): none → Success; several without a name →
        DropIndex/ambiguous (702); a vector index while the collection is loaded → DropIndex/loaded-collection
        (1100; a scalar index may be dropped)."""
        with self._lock:
            coll = self.collection_for("DropIndex/missing-collection", db_name, collection, validate=False)
            found = [ix for ix in coll.indexes.values() if not index_name or ix.index_name == index_name]
            if not found:
                return
            if len(found) > 1 and not index_name:
                raise rules.get("DropIndex/ambiguous").error(index=index_name)
            vector = {f.name for f in coll.schema.fields if f.data_type in schema_model.VECTOR_TYPES}
            if coll.loaded and any(ix.field_name in vector for ix in found):
                raise rules.get("DropIndex/loaded-collection").error()
            for ix in found:
                del coll.indexes[ix.index_name]

    def index_progress(self, db_name: str, collection: str, index_name: str = "",
                       missing: str = "GetIndexState/missing-index") -> tuple[Index, int, int]:
        """GetIndexState / GetIndexBuildProgress: name rules (1100), the collection (100), then the one index
        named ``index_name`` (any one when empty): none → GetIndexState/missing-index (700), several →
        GetIndexState/ambiguous (702). Returns (index, total_rows, indexed_rows): the rows of the flushed
        segments, all indexed (the model builds at once). Hold ``lock``."""
        with self._lock:
            coll = self.collection_for("GetIndexState/missing-collection", db_name, collection)
            found = [ix for ix in coll.indexes.values() if not index_name or ix.index_name == index_name]
            if not found:
                raise rules.get(missing).error(index=index_name)
            if len(found) > 1:
                raise rules.get("GetIndexState/ambiguous").error(index=index_name)
            total = self.indexed_rows(coll)
            return found[0], total, total

    @staticmethod
    def indexed_rows(coll: Collection) -> int:
        """Rows of the Flushed segments: datacoord's total (and, once built, indexed) rows."""
        return sum(seg.num_rows for seg in coll.data.segment_list()
                   if seg.state == common_pb2.SegmentState.Flushed)

    def alter_index(self, db_name: str, collection: str, index_name: str, properties: dict[str, str],
                    delete_keys=()) -> None:
        """Master's AlterIndexTask order: both properties and delete_keys (1100), a key that is not configurable
        (1100), the collection (100, names not validated), an empty index name (1100), a loaded collection (104);
        then datacoord: no index of that name → 700; else the user params get the properties set / deleted."""
        from . import indexes as index_model

        if properties and delete_keys:
            raise rules.get("AlterIndex/params-and-delete-keys").error()
        for key in list(properties) or list(delete_keys):
            if key not in index_model.CONFIGURABLE_KEYS:
                raise rules.get("AlterIndex/not-configurable").error(key=key)
        with self._lock:
            coll = self.collection_for("AlterIndex/missing-collection", db_name, collection, validate=False)
            if not index_name:
                raise rules.get("AlterIndex/empty-index-name").error()
            if coll.loaded:
                raise rules.get("AlterIndex/loaded-collection").error(
                    reason=f"collection already loaded[collection={collection}]: can't alter index on loaded "
                           "collection, please release the collection first")
            ix = coll.indexes.get(index_name)
            if ix is None:
                raise rules.get("AlterIndex/missing-index").error(index=index_name)
            params = dict(ix.params)
            params.update(properties)
            for key in delete_keys:
                params.pop(key, None)
            ix.params = tuple(params.items())

    def index_statistics(self, db_name: str, collection: str, index_name: str = "") -> tuple[list[Index], int]:
        """GetIndexStatistics: name rules (1100), the collection (100), then the indexes named ``index_name``
        (all when empty); none → GetIndexStatistics/missing-index (700). Returns them and the rows of the
        flushed segments (total = indexed: the model builds at once)."""
        with self._lock:
            coll = self.collection_for("GetIndexStatistics/missing-collection", db_name, collection)
            found = [ix for ix in coll.indexes.values() if not index_name or ix.index_name == index_name]
            if not found:
                raise rules.get("GetIndexStatistics/missing-index").error(index=index_name)
            return found, self.indexed_rows(coll)

    # ---- schema evolution (rules/evolution.py) -----------------------------------------------------------

    def _evolving(self, db_name: str, name: str, missing_check: str, *, describe: bool = False) -> Collection:
        """The collection a schema-evolution request names. ``describe``: the proxy describes the collection
        first (AddCollectionField, AddCollectionStructField, AlterCollectionSchema), so name rules answer as
        DescribeCollection does and a missing one is its rewritten 100; else the meta cache's 100."""
        names.validate_collection_name(name)
        db = self.db(db_name)
        coll, _ = self._lookup(db, name)
        if coll is None:
            raise rules.get(missing_check).error(db=db.name, name=name)
        return coll

    @staticmethod
    def _next_field_id(coll: Collection) -> int:
        ids = [f.fieldID for f in coll.schema.fields] + [s.fieldID for s in coll.schema.struct_array_fields]
        ids += [f.fieldID for s in coll.schema.struct_array_fields for f in s.fields]
        return max([limits.START_OF_USER_FIELD_ID - 1, *ids]) + 1

    def batch_describe(self, db_name: str, collection_names) -> list[milvus_pb2.DescribeCollectionResponse]:
        """BatchDescribeCollection: no names → 1101; else one DescribeCollection answer per name, an error
        becoming that entry's status (BatchDescribeCollection/one-per-name)."""
        if not collection_names:
            raise rules.get("BatchDescribeCollection/empty-names").error()
        out = []
        for name in collection_names:
            try:
                out.append(self.describe_collection(db_name, name))
            except MilvusError as err:
                out.append(milvus_pb2.DescribeCollectionResponse(status=err.to_status(), collection_name=name))
        return out

    def add_collection_field(self, db_name: str, name: str, raw_field: bytes) -> schema_pb2.FieldSchema:
        """master AddCollectionFieldTask: describe the collection, unmarshal the field, validateAddFieldRequest
        (field count, duplicate name, data type, system names, pk, autoID, partition key, vector count, dense
        vector without type params), nullable, then ValidateField (name, dim, max_length, max_capacity). The field
        gets the next field ID and is appended (rootcoord)."""
        field = schema_pb2.FieldSchema()
        try:
            field.ParseFromString(raw_field)
        except Exception:  # protobuf DecodeError: Go's proto.Unmarshal error text reaches the client (65535)
            raise errors.unexpected("proto: cannot parse invalid wire-format data") from None
        with self._lock:
            coll = self._evolving(db_name, name, "AddCollectionField/missing-collection", describe=True)
            self._check_new_field(coll, field, "AddCollectionField")
            added = schema_pb2.FieldSchema()
            added.CopyFrom(field)
            added.fieldID = self._next_field_id(coll)
            coll.schema.fields.append(added)
            return added

    def _check_new_field(self, coll: Collection, field: schema_pb2.FieldSchema, rpc: str) -> None:
        schema = coll.schema
        if len(schema.fields) + len(schema.struct_array_fields) >= limits.MAX_FIELDS:
            raise errors.invalid_parameter(f"The number of fields has reached the maximum value {limits.MAX_FIELDS}")
        if field.name in {f.name for f in schema.fields} | {s.name for s in schema.struct_array_fields}:
            raise rules.get("AddCollectionField/duplicate-name").error(name=field.name)
        if field.data_type == 0 or field.data_type not in schema_pb2.DataType.values():
            raise errors.invalid_parameter(f"field data type: {schema_model._type_name(field.data_type)} is not "
                                           "supported")
        if field.name in ("RowID", "Timestamp", "$meta", "$namespace_id", "__virtual_pk__"):
            raise errors.invalid_parameter(f"not support to add system field, field name = {field.name}")
        if field.is_primary_key:
            raise rules.get("AddCollectionField/primary-key").error(name=field.name)
        if field.autoID:
            raise errors.invalid_parameter(f"only primary field can speficy AutoID with true, field name = {field.name}")
        if field.is_partition_key:
            raise errors.invalid_parameter(f"not support to add partition key field, field name  = {field.name}")
        if field.data_type in schema_model.VECTOR_TYPES:
            if sum(1 for f in schema.fields if f.data_type in schema_model.VECTOR_TYPES) >= limits.MAX_VECTOR_FIELDS:
                raise rules.get("AddCollectionField/too-many-vector-fields").error(max=limits.MAX_VECTOR_FIELDS)
            if field.data_type != schema_model.DT.SparseFloatVector and not field.type_params:
                raise rules.get("AddCollectionField/vector-without-dim").error(name=field.name)
        if not field.nullable:
            raise rules.get("AddCollectionField/not-nullable").error(name=field.name)
        names.validate_field_name(field.name)
        if field.data_type in schema_model.VECTOR_TYPES:
            schema_model._check_dim(field)
        if field.data_type == schema_model.DT.VarChar or (
                field.data_type == schema_model.DT.Array and field.element_type == schema_model.DT.VarChar):
            schema_model._check_max_length(coll.name, field)
        if field.data_type == schema_model.DT.Array:
            schema_model._check_max_capacity(coll.name, field)

    def add_collection_struct_field(self, db_name: str, name: str, struct: schema_pb2.StructArrayFieldSchema | None):
        """master AddCollectionStructFieldTask: describe first, then the struct schema present (1100) and
        nullable (1100), its name, the sub-fields' names; IDs follow the collection's last field ID."""
        with self._lock:
            coll = self._evolving(db_name, name, "AddCollectionStructField/missing-collection", describe=True)
            if struct is None:
                raise rules.get("AddCollectionStructField/no-schema").error()
            if not struct.nullable:
                raise rules.get("AddCollectionStructField/not-nullable").error(name=struct.name)
            names.validate_field_name(struct.name)
            taken = {f.name for f in coll.schema.fields} | {s.name for s in coll.schema.struct_array_fields}
            if struct.name in taken:
                raise errors.invalid_parameter(f"duplicated field name {struct.name}")
            added = coll.schema.struct_array_fields.add()
            added.CopyFrom(struct)
            added.fieldID = self._next_field_id(coll)
            for sub in added.fields:
                sub.fieldID = self._next_field_id(coll)

    ALTERABLE_FIELD_KEYS = ("max_length", "mmap.enabled", "max_capacity", "field.description", "enable_analyzer",
                            "analyzer_params", "warmup", "warmup.scalarField", "warmup.scalarIndex",
                            "warmup.vectorField", "warmup.vectorIndex")
    DROPPABLE_FIELD_KEYS = ("mmap.enabled", "enable_analyzer", "analyzer_params", "warmup", "warmup.scalarField",
                            "warmup.scalarIndex", "warmup.vectorField", "warmup.vectorIndex")

    def alter_collection_field(self, db_name: str, name: str, field_name: str, properties: dict[str, str],
                               delete_keys=()) -> None:
        """master AlterCollectionFieldTask.PreExecute: the collection (meta cache, 100), each property key
        allowed (1100), max_length only on string fields and within proxy.maxVarCharLength, then the delete keys
        allowed; rootcoord stores the properties as the field's type_params (``mmap_enabled`` is
        ``mmap.enabled``). Field description changes the field's description."""
        with self._lock:
            coll = self._evolving(db_name, name, "AlterCollectionField/missing-collection")
            props = {("mmap.enabled" if k == "mmap_enabled" else k): v for k, v in properties.items()}
            field = coll.get_field(field_name)
            for key, value in props.items():
                if key not in self.ALTERABLE_FIELD_KEYS:
                    raise rules.get("AlterCollectionField/unknown-property").error(key=key)
                if key == "max_length":
                    if field is None or not (field.data_type == schema_model.DT.VarChar or (
                            field.data_type == schema_model.DT.Array
                            and field.element_type == schema_model.DT.VarChar)):
                        # Go names the field only when it is a string field, i.e. never here: a leading blank
                        raise rules.get("AlterCollectionField/max-length-not-string").error()
                    try:
                        n = int(value, 10)
                    except ValueError:
                        raise errors.invalid_parameter(f"{key} should be an integer, but got string") from None
                    if n > limits.MAX_VARCHAR_LENGTH:
                        raise rules.get("AlterCollectionField/max-length-too-large").error(
                            value=value, max=limits.MAX_VARCHAR_LENGTH)
            for key in delete_keys:
                key = "mmap.enabled" if key == "mmap_enabled" else key
                if key not in self.DROPPABLE_FIELD_KEYS:
                    raise rules.get("AlterCollectionField/undroppable-key").error(key=key)
            if field is None:
                raise errors.invalid_parameter(f"field not found: {field_name}")
            params = {kv.key: kv.value for kv in field.type_params}
            for key, value in props.items():
                if key == "field.description":
                    field.description = value
                else:
                    params[key] = value
            for key in delete_keys:
                params.pop("mmap.enabled" if key == "mmap_enabled" else key, None)
            del field.type_params[:]
            field.type_params.extend(_kv(params))

    def alter_collection_schema(self, db_name: str, name: str, request: milvus_pb2.AlterCollectionSchemaRequest):
        """master AlterCollectionSchemaTask: describe first; an action is required (1100); a drop names a field,
        field ID or function (1101) and validateDropField refuses a missing field, the primary key, a partition
        key, the last vector field and a function's field (1100). An add of a nullable field (no function) is an
        AddCollectionField; adding functions needs storage v3 and is refused by the model (1100)."""
        with self._lock:
            coll = self._evolving(db_name, name, "AlterCollectionSchema/missing-collection", describe=True)
            if not request.HasField("action") or request.action.WhichOneof("op") is None:
                raise rules.get("AlterCollectionSchema/no-action").error()
            if request.action.WhichOneof("op") == "add_request":
                add = request.action.add_request
                if add.func_schema or len(add.field_infos) != 1:
                    raise errors.invalid_parameter("adding functions needs storage v3, which the model does not have")
                field = add.field_infos[0].field_schema
                self._check_new_field(coll, field, "AlterCollectionSchema")
                added = coll.schema.fields.add()
                added.CopyFrom(field)
                added.fieldID = self._next_field_id(coll)
                return
            drop = request.action.drop_request
            which = drop.WhichOneof("identifier")
            if which is None:
                raise rules.get("AlterCollectionSchema/drop-without-identifier").error()
            if which == "function_name":
                fn = next((f for f in coll.schema.functions if f.name == drop.function_name), None)
                if fn is None:
                    raise errors.invalid_parameter(f"function not found: {drop.function_name}")
                self._remove_function(coll, fn, drop_outputs=drop.drop_function_output_fields)
                return
            if which == "field_id":
                target = next((f for f in coll.schema.fields if f.fieldID == drop.field_id), None)
                if target is None:
                    raise errors.invalid_parameter(f"field not found with id: {drop.field_id}")
            else:
                if not drop.field_name:
                    raise errors.invalid_parameter("field name is empty")
                target = coll.get_field(drop.field_name)
                if target is None:
                    raise rules.get("AlterCollectionSchema/drop-missing-field").error(name=drop.field_name)
            self._check_droppable(coll, target)
            coll.schema.fields.remove(target)

    @staticmethod
    def _check_droppable(coll: Collection, target: schema_pb2.FieldSchema) -> None:
        name = target.name
        if target.is_primary_key:
            raise rules.get("AlterCollectionSchema/drop-primary-key").error(name=name)
        if target.is_partition_key:
            raise errors.invalid_parameter(f"cannot drop partition key field: {name}")
        if target.is_clustering_key:
            raise errors.invalid_parameter(f"cannot drop clustering key field: {name}")
        if target.data_type in schema_model.VECTOR_TYPES and \
                sum(1 for f in coll.schema.fields if f.data_type in schema_model.VECTOR_TYPES) <= 1:
            raise errors.invalid_parameter(f"cannot drop the last vector field: {name}")
        for fn in coll.schema.functions:
            if name in fn.input_field_names:
                raise errors.invalid_parameter(f"field is referenced by function {fn.name} as input, drop function "
                                               "first")
            if name in fn.output_field_names:
                raise errors.invalid_parameter(f"field is referenced by function {fn.name} as output, drop function "
                                               "first")

    @staticmethod
    def _remove_function(coll: Collection, fn: schema_pb2.FunctionSchema, *, drop_outputs: bool) -> None:
        outputs = set(fn.output_field_names)
        coll.schema.functions.remove(fn)
        for f in list(coll.schema.fields):
            if f.name in outputs:
                if drop_outputs:
                    coll.schema.fields.remove(f)
                else:
                    f.is_function_output = False

    SEARCH_RUNNER_FUNCTIONS = (schema_pb2.FunctionType.BM25, schema_pb2.FunctionType.MinHash)

    def add_collection_function(self, db_name: str, name: str, fn: schema_pb2.FunctionSchema | None) -> None:
        """proxy addCollectionFunctionTask: schema present (1100); BM25/MinHash only through AlterCollectionSchema
        (1100); the collection (100); then rootcoord: a duplicate name (1100), input/output fields exist (65535).
        The model has no embedding providers, so a function that passes these checks is stored as given."""
        if fn is None:
            raise rules.get("AddCollectionFunction/empty-schema").error()
        if fn.type in self.SEARCH_RUNNER_FUNCTIONS:
            raise rules.get("AddCollectionFunction/bm25-refused").error(
                reason=f"currently does not support adding {schema_pb2.FunctionType.Name(fn.type)} function through "
                       "this API, use AlterCollectionSchema: invalid parameter")
        with self._lock:
            coll = self._evolving(db_name, name, "AddCollectionFunction/missing-collection")
            if any(f.name == fn.name for f in coll.schema.functions):
                raise errors.invalid_parameter(f"function name already exists: {fn.name}")
            fields = {f.name: f for f in coll.schema.fields}
            for n in fn.input_field_names:
                if n not in fields:
                    raise errors.unexpected(f"function's input field {n} not exists")
            for n in fn.output_field_names:
                if n not in fields:
                    raise errors.unexpected(f"function's output field {n} not exists")
                if fields[n].is_function_output:
                    raise errors.unexpected(f"function's output field {n} is already of other functions")
            added = coll.schema.functions.add()
            added.CopyFrom(fn)
            for n in fn.output_field_names:
                fields[n].is_function_output = True

    def alter_collection_function(self, db_name: str, name: str, function_name: str,
                                  fn: schema_pb2.FunctionSchema | None) -> None:
        """proxy alterCollectionFunctionTask: schema present, not BM25/MinHash, names match (each 1100), the
        collection (100), the function exists and is not BM25/MinHash (1100)."""
        if fn is None:
            raise rules.get("AlterCollectionFunction/empty-schema").error()
        if fn.type in self.SEARCH_RUNNER_FUNCTIONS:
            raise rules.get("AlterCollectionFunction/bm25-refused").error(
                reason=f"currently does not support alter {schema_pb2.FunctionType.Name(fn.type)} function; drop it "
                       "with its output fields and re-add: invalid parameter")
        if function_name != fn.name:
            raise rules.get("AlterCollectionFunction/name-mismatch").error()
        with self._lock:
            coll = self._evolving(db_name, name, "AlterCollectionFunction/missing-collection")
            old = next((f for f in coll.schema.functions if f.name == function_name), None)
            if old is None:
                raise rules.get("AlterCollectionFunction/missing-function").error(name=function_name)
            if old.type in self.SEARCH_RUNNER_FUNCTIONS:
                raise rules.get("AlterCollectionFunction/bm25-refused").error(
                    reason=f"currently does not support alter {schema_pb2.FunctionType.Name(old.type)} function; "
                           "drop it with its output fields and re-add: invalid parameter")
            old.CopyFrom(fn)

    def drop_collection_function(self, db_name: str, name: str, function_name: str) -> None:
        """proxy dropCollectionFunctionTask: the collection (100); a missing function → Success (no-op);
        BM25/MinHash → 1100 (use AlterCollectionSchema); else the function goes, its outputs stay as plain
        fields (rootcoord)."""
        with self._lock:
            coll = self._evolving(db_name, name, "DropCollectionFunction/missing-collection")
            fn = next((f for f in coll.schema.functions if f.name == function_name), None)
            if fn is None:
                return
            if fn.type in self.SEARCH_RUNNER_FUNCTIONS:
                raise rules.get("DropCollectionFunction/bm25-refused").error(
                    reason=f"currently does not support dropping {schema_pb2.FunctionType.Name(fn.type)} function "
                           "through this API, use AlterCollectionSchema with drop_function_output_fields=true: "
                           "invalid parameter")
            self._remove_function(coll, fn, drop_outputs=False)

    def truncate_collection(self, db_name: str, name: str) -> None:
        """truncateCollectionTask: name rules (1100), the collection (100); then every row and segment goes, the
        schema, partitions, indexes and load state stay."""
        with self._lock:
            coll = self._evolving(db_name, name, "TruncateCollection/missing-collection")
            coll.data = CollectionData(coll.collection_id, coll.schema)
