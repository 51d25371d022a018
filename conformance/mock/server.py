"""An in-process gRPC server answering MilvusService from one ``Catalog``.

Only the DDL/metadata RPCs listed in ``IMPLEMENTED`` are answered; every other RPC falls through to the
generated base servicer, which answers gRPC UNIMPLEMENTED — exactly what a Milvus without that RPC does
(facts §1.6, probe U02). Application errors travel as gRPC OK with a non-success Status (facts §1.6); a
Python exception inside a handler becomes Status 65535 rather than a gRPC failure, and is logged.
"""

from __future__ import annotations

import functools
import logging
import threading
from concurrent import futures

import grpc

from ..model import errors, limits
from ..model.catalog import Catalog, hybrid_ts
from ..protocol import catalogue, common_pb2, milvus_pb2, milvus_pb2_grpc

log = logging.getLogger(__name__)

# A Milvus-shaped version the suite's version parser reads as 3.0.0, i.e. judged as current Milvus
# (conformance/expectations/versions.py); the suffix says it is the mock.
MOCK_VERSION = "v3.0.0-mock"

OK = common_pb2.Status


def _metadata_db(context) -> str:
    for key, value in context.invocation_metadata() or ():
        if key.lower() == "dbname":
            return value
    return ""


def _error_response(rpc_name: str, status: common_pb2.Status):
    rpc = catalogue.get(rpc_name)
    if rpc.bare_status:
        return status
    resp = rpc.response_class()()
    if rpc.status_field:
        getattr(resp, rpc.status_field).CopyFrom(status)
    return resp


def _handler(method):
    """Turn MilvusError into the RPC's error response and any other exception into Status 65535."""
    name = method.__name__

    @functools.wraps(method)
    def wrapper(self, request, context):
        try:
            return method(self, request, context)
        except errors.MilvusError as err:
            return _error_response(name, err.to_status())
        except Exception as exc:  # never crash the RPC: Milvus would answer a plain error (65535)
            log.exception("mock %s failed", name)
            return _error_response(name, errors.unexpected(f"mock internal error: {exc!r}").to_status())

    wrapper.mock_implemented = True
    return wrapper


class MockServicer(milvus_pb2_grpc.MilvusServiceServicer):
    """MilvusService over one ``Catalog``. Subclass and override a handler to plant a deviation."""

    def __init__(self, catalog: Catalog | None = None, version: str = MOCK_VERSION):
        self.catalog = catalog or Catalog()
        self.version = version
        self._identifiers = iter(range(1, 1 << 62))
        self._id_lock = threading.Lock()

    def _db(self, request, context) -> str:
        return getattr(request, "db_name", "") or _metadata_db(context) or limits.DEFAULT_DATABASE_NAME

    # ---- server ------------------------------------------------------------------------------------------

    @_handler
    def GetVersion(self, request, context):
        return milvus_pb2.GetVersionResponse(status=OK(), version=self.version)

    @_handler
    def CheckHealth(self, request, context):
        return milvus_pb2.CheckHealthResponse(status=OK(), isHealthy=True)

    @_handler
    def Connect(self, request, context):
        with self._id_lock:
            ident = next(self._identifiers)
        info = common_pb2.ServerInfo(build_tags=self.version, deploy_mode="MOCK", git_commit="mock")
        return milvus_pb2.ConnectResponse(status=OK(), server_info=info, identifier=ident)

    @_handler
    def GetComponentStates(self, request, context):
        info = milvus_pb2.ComponentInfo(nodeID=1, role="proxy", state_code=common_pb2.StateCode.Healthy)
        return milvus_pb2.ComponentStates(state=info, status=OK())

    # ---- databases ---------------------------------------------------------------------------------------

    @_handler
    def CreateDatabase(self, request, context):
        self.catalog.create_database(request.db_name, {kv.key: kv.value for kv in request.properties})
        return OK()

    @_handler
    def DropDatabase(self, request, context):
        self.catalog.drop_database(request.db_name)
        return OK()

    @_handler
    def ListDatabases(self, request, context):
        dbs = self.catalog.list_databases()
        return milvus_pb2.ListDatabasesResponse(
            status=OK(), db_names=[d.name for d in dbs], created_timestamp=[hybrid_ts(d.created_ms) for d in dbs],
            db_ids=[d.db_id for d in dbs])

    @_handler
    def DescribeDatabase(self, request, context):
        db = self.catalog.db(request.db_name or limits.DEFAULT_DATABASE_NAME)
        resp = milvus_pb2.DescribeDatabaseResponse(status=OK(), db_name=db.name, dbID=db.db_id,
                                                   created_timestamp=hybrid_ts(db.created_ms))
        for k, v in db.properties.items():
            resp.properties.add(key=k, value=v)
        return resp

    @_handler
    def AlterDatabase(self, request, context):
        self.catalog.alter_database(self._db(request, context), {kv.key: kv.value for kv in request.properties},
                                    list(request.delete_keys))
        return OK()

    # ---- collections -------------------------------------------------------------------------------------

    @_handler
    def CreateCollection(self, request, context):
        self.catalog.create_collection(self._db(request, context), request)
        return OK()

    @_handler
    def DropCollection(self, request, context):
        self.catalog.drop_collection(self._db(request, context), request.collection_name)
        return OK()

    @_handler
    def HasCollection(self, request, context):
        return milvus_pb2.BoolResponse(
            status=OK(), value=self.catalog.has_collection(self._db(request, context), request.collection_name))

    @_handler
    def DescribeCollection(self, request, context):
        return self.catalog.describe_collection(self._db(request, context), request.collection_name,
                                                request.collectionID)

    @_handler
    def ShowCollections(self, request, context):
        colls = self.catalog.show_collections(self._db(request, context),
                                              in_memory=request.type == milvus_pb2.ShowType.InMemory,
                                              names_filter=list(request.collection_names))
        resp = milvus_pb2.ShowCollectionsResponse(status=OK())
        for c in colls:
            resp.collection_names.append(c.name)
            resp.collection_ids.append(c.collection_id)
            resp.created_timestamps.append(hybrid_ts(c.created_ms))
            resp.created_utc_timestamps.append(c.created_ms)
            resp.inMemory_percentages.append(100 if c.loaded else 0)
            resp.query_service_available.append(c.loaded)
            resp.shards_num.append(c.shards_num)
        return resp

    @_handler
    def AlterCollection(self, request, context):
        self.catalog.alter_collection(self._db(request, context), request.collection_name,
                                      {kv.key: kv.value for kv in request.properties}, list(request.delete_keys))
        return OK()

    @_handler
    def RenameCollection(self, request, context):
        self.catalog.rename_collection(self._db(request, context), request.oldName, request.newName,
                                       request.newDBName)
        return OK()

    @_handler
    def GetCollectionStatistics(self, request, context):
        stats = self.catalog.collection_statistics(self._db(request, context), request.collection_name)
        resp = milvus_pb2.GetCollectionStatisticsResponse(status=OK())
        for k, v in stats.items():
            resp.stats.add(key=k, value=v)
        return resp

    # ---- partitions --------------------------------------------------------------------------------------

    @_handler
    def CreatePartition(self, request, context):
        self.catalog.create_partition(self._db(request, context), request.collection_name, request.partition_name)
        return OK()

    @_handler
    def DropPartition(self, request, context):
        self.catalog.drop_partition(self._db(request, context), request.collection_name, request.partition_name)
        return OK()

    @_handler
    def HasPartition(self, request, context):
        value = self.catalog.has_partition(self._db(request, context), request.collection_name,
                                           request.partition_name)
        return milvus_pb2.BoolResponse(status=OK(), value=value)

    @_handler
    def ShowPartitions(self, request, context):
        parts = self.catalog.show_partitions(self._db(request, context), request.collection_name,
                                             request.collectionID)
        wanted = set(request.partition_names)
        resp = milvus_pb2.ShowPartitionsResponse(status=OK())
        for p in parts:
            if wanted and p.name not in wanted:
                continue
            resp.partition_names.append(p.name)
            resp.partitionIDs.append(p.partition_id)
            resp.created_timestamps.append(hybrid_ts(p.created_ms))
            resp.created_utc_timestamps.append(p.created_ms)
        return resp

    @_handler
    def GetPartitionStatistics(self, request, context):
        stats = self.catalog.partition_statistics(self._db(request, context), request.collection_name,
                                                  request.partition_name)
        resp = milvus_pb2.GetPartitionStatisticsResponse(status=OK())
        for k, v in stats.items():
            resp.stats.add(key=k, value=v)
        return resp

    # ---- aliases -----------------------------------------------------------------------------------------

    @_handler
    def CreateAlias(self, request, context):
        self.catalog.create_alias(self._db(request, context), request.collection_name, request.alias)
        return OK()

    @_handler
    def DropAlias(self, request, context):
        self.catalog.drop_alias(self._db(request, context), request.alias)
        return OK()

    @_handler
    def AlterAlias(self, request, context):
        self.catalog.alter_alias(self._db(request, context), request.collection_name, request.alias)
        return OK()

    @_handler
    def DescribeAlias(self, request, context):
        db = self._db(request, context)
        target = self.catalog.describe_alias(db, request.alias)
        return milvus_pb2.DescribeAliasResponse(status=OK(), db_name=db, alias=request.alias, collection=target)

    @_handler
    def ListAliases(self, request, context):
        db = self._db(request, context)
        aliases = self.catalog.list_aliases(db, request.collection_name)
        return milvus_pb2.ListAliasesResponse(status=OK(), db_name=db, collection_name=request.collection_name,
                                              aliases=aliases)

    # ---- load --------------------------------------------------------------------------------------------

    @_handler
    def GetLoadState(self, request, context):
        state = self.catalog.get_load_state(self._db(request, context), request.collection_name,
                                            list(request.partition_names))
        return milvus_pb2.GetLoadStateResponse(status=OK(), state=state)

    @_handler
    def LoadCollection(self, request, context):
        self.catalog.load_collection(self._db(request, context), request.collection_name)
        return OK()

    @_handler
    def ReleaseCollection(self, request, context):
        self.catalog.release_collection(self._db(request, context), request.collection_name)
        return OK()

    # ---- indexes (minimal) -------------------------------------------------------------------------------

    @_handler
    def CreateIndex(self, request, context):
        params = {kv.key: kv.value for kv in request.extra_params}
        self.catalog.create_index(self._db(request, context), request.collection_name, request.field_name,
                                  params, request.index_name)
        return OK()

    @_handler
    def DescribeIndex(self, request, context):
        found = self.catalog.describe_index(self._db(request, context), request.collection_name,
                                            request.field_name, request.index_name)
        resp = milvus_pb2.DescribeIndexResponse(status=OK())
        for ix in found:
            d = resp.index_descriptions.add(index_name=ix.index_name, indexID=ix.index_id, field_name=ix.field_name,
                                            state=common_pb2.IndexState.Finished)
            for k, v in ix.params:
                d.params.add(key=k, value=v)
        return resp

    @_handler
    def DropIndex(self, request, context):
        self.catalog.drop_index(self._db(request, context), request.collection_name, request.field_name,
                                request.index_name)
        return OK()


IMPLEMENTED = frozenset(
    name for name, attr in vars(MockServicer).items() if getattr(attr, "mock_implemented", False)
)


class MockServer:
    """A running mock: ``.address`` ("host:port"), ``.stop()``, ``.wait()``; a context manager."""

    def __init__(self, server: grpc.Server, address: str, servicer: MockServicer):
        self._server = server
        self.address = address
        self.servicer = servicer
        self._stopped = threading.Event()

    @property
    def catalog(self) -> Catalog:
        return self.servicer.catalog

    def stop(self, grace: float | None = None) -> None:
        if not self._stopped.is_set():
            self._server.stop(grace).wait()
            self._stopped.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until ``stop()`` (from another thread or a signal handler) or the timeout."""
        return self._stopped.wait(timeout)

    def __enter__(self) -> MockServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def serve(host: str = "127.0.0.1", port: int = 0, *, servicer: MockServicer | None = None,
          max_workers: int = 16) -> MockServer:
    """Start the mock in background threads and return at once. ``port=0`` picks a free port. Requests over
    64 MiB get gRPC RESOURCE_EXHAUSTED, like the Milvus proxy (facts §3.1, probe S70)."""
    servicer = servicer or MockServicer()
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="milvus-mock"),
        options=[
            ("grpc.max_receive_message_length", limits.MAX_RECEIVE_MESSAGE_BYTES),
            ("grpc.max_send_message_length", limits.MAX_RECEIVE_MESSAGE_BYTES),
            ("grpc.so_reuseport", 0),
        ],
    )
    milvus_pb2_grpc.add_MilvusServiceServicer_to_server(servicer, server)
    bound = server.add_insecure_port(f"{host}:{port}")
    if not bound:
        raise OSError(f"mock: cannot bind {host}:{port}")
    server.start()
    shown_host = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return MockServer(server, f"{shown_host}:{bound}", servicer)
