"""Platform feature handlers: namespaces, snapshots and their jobs, file resources, user tags, row policies,
replication, external collections and manifests, over the catalogue's ``Platform`` model.

The answers follow current Milvus (``model/rules/platform.py`` holds the checks and their evidence). Where master
refuses with an error whose numeric code is not pinned (ErrSnapshotNotFound, ErrNamespaceNotFound / AlreadyExists,
the coordinators' job-not-found errors, RLS user/collection lookups), the check is semantic ("refused") and the
mock answers ParameterInvalid (1100) with Milvus's wording — a model decision, not evidence. The mock is a single
node that is no replication target: it has no physical channel to dump and refuses replicated messages.
"""

from __future__ import annotations

import time

import grpc

from ..model import errors, names
from ..model.catalog import Partition, hybrid_ts, now_ms
from ..model.platform import (
    DEFAULT_NAMESPACE_PAGE,
    MAX_NAMESPACE_PAGE,
    MAX_PIN_TTL_SECONDS,
    FileResource,
    Namespace,
    Snapshot,
)
from ..model.rules import rules
from ..protocol import common_pb2, milvus_pb2, schema_pb2
from .handling import handler

OK = common_pb2.Status
DEFAULT_PARTITION = "_default"
MISSING_NAME_WORDING = {"DropSnapshot": "drop snapshot", "DescribeSnapshot": "describe snapshot",
                        "ListSnapshots": "ListSnapshots"}  # the tasks' own texts


def _refused(reason: str) -> errors.MilvusError:
    """An error whose merr code current Milvus does not let us pin (see the module docstring)."""
    return errors.MilvusError(errors.PARAMETER_INVALID, reason)


def _name_error(kind: str, name: str) -> errors.MilvusError | None:
    """proxy validateName (snapshot and collection names): empty / too long / first character / characters."""
    entity = name.strip()
    if not entity:
        return errors.MilvusError(errors.PARAMETER_INVALID, f"{kind} should be not empty: invalid parameter")
    if len(entity.encode()) > 255:
        return errors.MilvusError(errors.PARAMETER_INVALID,
                                  f"the length of {kind} must be not greater than limit: invalid parameter")
    first = entity[0]
    if not (first == "_" or first.isascii() and first.isalpha()):
        return errors.MilvusError(errors.PARAMETER_INVALID,
                                  f"the first character of {kind} must be an underscore or letter: invalid parameter")
    for i, c in enumerate(entity[1:], 1):
        if not (c == "_" or c.isascii() and c.isalnum()):
            return errors.MilvusError(errors.PARAMETER_INVALID, f"{kind} can only contain numbers, letters, "
                                      f"underscores, and allowed characters (), found {c} at {i}: invalid parameter")
    return None


def _check_snapshot_name(name: str, empty_check: str | None = None) -> None:
    err = _name_error("snapshot name", name)
    if err is None:
        return
    if empty_check and not name.strip():
        raise rules.get(empty_check).error()
    raise err


class PlatformHandlers:
    """Mixed into ``MockServicer``; handlers use ``self.catalog`` and ``self.catalog.platform``."""

    # ---- helpers ---------------------------------------------------------------------------------------------

    def _platform_collection(self, request, context, check_id: str, *, validate: bool = True):
        return self.catalog.collection_for(check_id, self._db(request, context), request.collection_name,
                                           validate=validate)

    def _namespace_collection(self, request, context, rpc: str):
        """validateNamespaceCollection: collection name rules, the collection (100), namespaces enabled (1100)."""
        coll = self._platform_collection(request, context, f"{rpc}/missing-collection")
        if not self.catalog.platform.namespaces_enabled(coll.schema, coll.properties):
            raise rules.get(f"{rpc}/namespaces-disabled").error()
        return coll

    @staticmethod
    def _check_namespace_name(rpc: str, name: str) -> None:
        """validatePartitionTag(name, true) — the partition name rules."""
        if names.violation("partition", name) is not None:
            if f"{rpc}/invalid-name" not in rules:
                raise errors.invalid_parameter(f"Invalid partition name: {name}")
            raise rules.get(f"{rpc}/invalid-name").error(reason=f"Invalid partition name: {name}. "
                                                                "the namespace name breaks the partition name rules")

    # ---- snapshots -------------------------------------------------------------------------------------------

    @handler
    def CreateSnapshot(self, request, context):
        _check_snapshot_name(request.name, "CreateSnapshot/empty-name")
        if request.compaction_protection_seconds < 0:
            raise rules.get("CreateSnapshot/negative-protection").error()
        with self.catalog.lock:
            coll = self._platform_collection(request, context, "CreateSnapshot/missing-collection", validate=False)
            platform = self.catalog.platform
            if platform.snapshot(coll.collection_id, request.name) is not None:
                raise rules.get("CreateSnapshot/duplicate-name").error(name=request.name)
            platform.add_snapshot(Snapshot(request.name, request.description, coll.collection_id, coll.name,
                                           sorted(coll.partitions), hybrid_ts(),
                                           coll.schema.SerializeToString()))
        return OK()

    def _snapshot_collection(self, request, context, rpc: str):
        if not request.collection_name:
            raise errors.MilvusError(errors.PARAMETER_MISSING, f"collection_name is required for "
                                     f"{MISSING_NAME_WORDING[rpc]}: missing parameter")
        return self._platform_collection(request, context, f"{rpc}/missing-collection", validate=False)

    @handler
    def DropSnapshot(self, request, context):
        """A missing snapshot drops nothing and succeeds (DropSnapshot/missing-snapshot)."""
        _check_snapshot_name(request.name)
        with self.catalog.lock:
            coll = self._snapshot_collection(request, context, "DropSnapshot")
            self.catalog.platform.drop_snapshot(coll.collection_id, request.name)
        return OK()

    @handler
    def ListSnapshots(self, request, context):
        with self.catalog.lock:
            if request.db_name:
                self.catalog.db(request.db_name)
            coll = self._snapshot_collection(request, context, "ListSnapshots")
            listed = sorted(self.catalog.platform.snapshots_of(coll.collection_id))
        return milvus_pb2.ListSnapshotsResponse(status=OK(), snapshots=listed)

    @handler
    def DescribeSnapshot(self, request, context):
        _check_snapshot_name(request.name, "DescribeSnapshot/empty-name")
        with self.catalog.lock:
            coll = self._snapshot_collection(request, context, "DescribeSnapshot")
            snap = self.catalog.platform.snapshot(coll.collection_id, request.name)
            if snap is None:
                raise _refused(f"snapshot not found[snapshot={request.name}]: collection {coll.collection_id}")
            return milvus_pb2.DescribeSnapshotResponse(
                status=OK(), name=snap.name, description=snap.description, collection_name=coll.name,
                partition_names=snap.partition_names, create_ts=snap.create_ts)

    @handler
    def RestoreSnapshot(self, request, context):
        """Creates the target collection with the snapshot's schema at once (the snapshot of a mock collection
        carries its schema, not its rows) and records a completed restore job."""
        _check_snapshot_name(request.name)
        if not request.collection_name:
            raise rules.get("RestoreSnapshot/missing-collection-name").error()
        if not request.target_collection_name:
            raise rules.get("RestoreSnapshot/missing-target-name").error()
        err = _name_error("collection name", request.target_collection_name)
        if err is not None:
            if err.reason.startswith("the first character"):
                raise rules.get("RestoreSnapshot/invalid-target-name").error()
            raise err
        db = self._db(request, context)
        with self.catalog.lock:
            coll = self.catalog.collection_for("RestoreSnapshot/missing-collection", db, request.collection_name,
                                               validate=False)
            snap = self.catalog.platform.snapshot(coll.collection_id, request.name)
            if snap is None:
                raise _refused(f"snapshot not found[snapshot={request.name}]: collection {coll.collection_id}")
            target_db = request.target_db_name or db
            if self.catalog.has_collection(target_db, request.target_collection_name):
                raise _refused(f"collection {request.target_collection_name} already exists")
            schema = schema_pb2.CollectionSchema.FromString(snap.schema)
            schema.name = request.target_collection_name
            target = self.catalog.create_collection(target_db, milvus_pb2.CreateCollectionRequest(
                collection_name=request.target_collection_name, schema=schema.SerializeToString(),
                shards_num=coll.shards_num))
            job = milvus_pb2.RestoreSnapshotInfo(
                job_id=self.catalog.platform.next_id(), snapshot_name=snap.name, db_name=target_db,
                collection_name=target.name, state=milvus_pb2.RestoreSnapshotCompleted, progress=100,
                start_time=int(time.time() * 1000), time_cost=0)
            self.catalog.platform.add_restore_job(target.collection_id, job)
        return milvus_pb2.RestoreSnapshotResponse(status=OK(), job_id=job.job_id)

    @handler
    def RestoreExternalSnapshot(self, request, context):
        if not request.snapshot_metadata_uri:
            raise rules.get("RestoreExternalSnapshot/missing-uri").error()
        raise _refused(f"failed to read snapshot metadata {request.snapshot_metadata_uri}: no such object")

    @handler
    def ExportSnapshot(self, request, context):
        _check_snapshot_name(request.name, "ExportSnapshot/empty-name")
        if not request.collection_name:
            raise errors.invalid_parameter("collection_name is required for export snapshot")
        if not request.target_s3_path:
            raise rules.get("ExportSnapshot/missing-target-path").error()
        with self.catalog.lock:
            coll = self._platform_collection(request, context, "ExportSnapshot/missing-collection", validate=False)
            if self.catalog.platform.snapshot(coll.collection_id, request.name) is None:
                raise _refused(f"snapshot not found[snapshot={request.name}]: collection {coll.collection_id}")
        raise _refused(f"cannot export to {request.target_s3_path}: the mock has no object storage")

    @handler
    def GetExportSnapshotState(self, request, context):
        raise _refused(f"export snapshot job not found[job={request.job_id}]")

    @handler
    def GetRestoreSnapshotState(self, request, context):
        with self.catalog.lock:
            info = self.catalog.platform.restore_job(request.job_id)
        if info is None:
            raise _refused(f"restore snapshot job not found[job={request.job_id}]")
        return milvus_pb2.GetRestoreSnapshotStateResponse(status=OK(), info=info)

    @handler
    def ListRestoreSnapshotJobs(self, request, context):
        with self.catalog.lock:
            if request.db_name:
                self.catalog.db(request.db_name)
            collection_id = 0
            if request.collection_name:
                collection_id = self._platform_collection(
                    request, context, "ListRestoreSnapshotJobs/missing-collection", validate=False).collection_id
            jobs = self.catalog.platform.restore_jobs_of(collection_id)
        return milvus_pb2.ListRestoreSnapshotJobsResponse(status=OK(), jobs=jobs)

    @handler
    def PinSnapshotData(self, request, context):
        _check_snapshot_name(request.name)
        if not request.collection_name:
            raise errors.MilvusError(errors.PARAMETER_MISSING,
                                     "collection_name is required for pin snapshot data: missing parameter")
        if request.ttl_seconds < 0:
            raise rules.get("PinSnapshotData/negative-ttl").error()
        if request.ttl_seconds > MAX_PIN_TTL_SECONDS:
            raise rules.get("PinSnapshotData/ttl-too-long").error()
        with self.catalog.lock:
            coll = self._platform_collection(request, context, "PinSnapshotData/missing-collection", validate=False)
            if self.catalog.platform.snapshot(coll.collection_id, request.name) is None:
                raise _refused(f"snapshot not found[snapshot={request.name}]: collection {coll.collection_id}")
            pin_id = self.catalog.platform.pin(coll.collection_id, request.name)
        return milvus_pb2.PinSnapshotDataResponse(status=OK(), pin_id=pin_id)

    @handler
    def UnpinSnapshotData(self, request, context):
        if request.pin_id == 0:
            raise rules.get("UnpinSnapshotData/missing-pin-id").error()
        with self.catalog.lock:
            self.catalog.platform.unpin(request.pin_id)
        return OK()

    # ---- namespaces --------------------------------------------------------------------------------------------

    @handler
    def CreateNamespace(self, request, context):
        with self.catalog.lock:
            coll = self._namespace_collection(request, context, "CreateNamespace")
            self._check_namespace_name("CreateNamespace", request.namespace_name)
            if request.namespace_name in coll.partitions:
                raise _refused(f"namespace already exists[namespace={request.namespace_name}]")
            ms = now_ms()
            ns = Namespace(request.namespace_name, hybrid_ts(ms), ms)  # a namespace is a partition of the collection
            coll.partitions[ns.name] = Partition(self.catalog.platform.next_id(), ns.name, ms)
            self.catalog.platform.namespaces_of(coll.collection_id)[ns.name] = ns
            info = self.catalog.platform.namespace_info(coll.name, ns)
        return milvus_pb2.CreateNamespaceResponse(status=OK(), namespace=info)

    def _namespaces(self, coll) -> dict[str, Namespace]:
        """The collection's namespaces: its partitions but the default one (isActiveNamespacePartition)."""
        known = self.catalog.platform.namespaces_of(coll.collection_id)
        out = {}
        for name, part in coll.partitions.items():
            if name == DEFAULT_PARTITION:
                continue
            out[name] = known.get(name) or Namespace(name, hybrid_ts(part.created_ms), part.created_ms)
        return out

    def _namespace(self, request, context, rpc: str):
        coll = self._namespace_collection(request, context, rpc)
        self._check_namespace_name(rpc, request.namespace_name)
        ns = self._namespaces(coll).get(request.namespace_name)
        return coll, ns

    @handler
    def DescribeNamespace(self, request, context):
        with self.catalog.lock:
            coll, ns = self._namespace(request, context, "DescribeNamespace")
            if ns is None:
                raise _refused(f"namespace not found[namespace={request.namespace_name}]")
            info = self.catalog.platform.namespace_info(coll.name, ns)
        return milvus_pb2.DescribeNamespaceResponse(status=OK(), namespace=info)

    @handler
    def ListNamespaces(self, request, context):
        with self.catalog.lock:
            coll = self._namespace_collection(request, context, "ListNamespaces")
            spaces = [ns for name, ns in sorted(self._namespaces(coll).items())
                      if not request.prefix or name.startswith(request.prefix)]
            infos = [self.catalog.platform.namespace_info(coll.name, ns) for ns in spaces]
        start = 0
        if request.page_token:
            try:
                start = int(request.page_token)
            except ValueError:
                start = -1
            if start < 0:
                raise rules.get("ListNamespaces/bad-page-token").error(
                    reason=f"invalid namespace page token: {request.page_token!r}: invalid parameter")
            start = min(start, len(infos))
        if request.page_size < 0:
            raise rules.get("ListNamespaces/negative-page-size").error()
        size = request.page_size or DEFAULT_NAMESPACE_PAGE
        end = min(start + min(size, MAX_NAMESPACE_PAGE), len(infos))
        token = str(end) if end < len(infos) else ""
        return milvus_pb2.ListNamespacesResponse(status=OK(), namespaces=infos[start:end], next_page_token=token)

    @handler
    def DropNamespace(self, request, context):
        with self.catalog.lock:
            coll, ns = self._namespace(request, context, "DropNamespace")
            if ns is None:
                raise _refused(f"namespace not found[namespace={request.namespace_name}]")
            if coll.is_partition_loaded(ns.name):
                raise _refused("namespace cannot be dropped, namespace is loaded, please release it first")
            info = self.catalog.platform.namespace_info(coll.name, ns)
            coll.partitions.pop(ns.name, None)
            self.catalog.platform.namespaces_of(coll.collection_id).pop(ns.name, None)
        return milvus_pb2.DropNamespaceResponse(status=OK(), namespace=info)

    @handler
    def HasNamespace(self, request, context):
        with self.catalog.lock:
            _, ns = self._namespace(request, context, "HasNamespace")
        return milvus_pb2.HasNamespaceResponse(status=OK(), value=ns is not None)

    @handler
    def GetNamespaceStats(self, request, context):
        if request.exact:
            raise rules.get("GetNamespaceStats/exact-unsupported").error()
        with self.catalog.lock:
            coll, ns = self._namespace(request, context, "GetNamespaceStats")
            if ns is None:
                raise _refused(f"namespace not found[namespace={request.namespace_name}]")
            part = coll.partitions[ns.name]
        rows = coll.data.row_count(part.name)
        stats = milvus_pb2.NamespaceStats(
            stats=[common_pb2.KeyValuePair(key="row_count", value=str(rows))], approx_entity_count=rows,
            entity_count_type="approximate")
        return milvus_pb2.GetNamespaceStatsResponse(status=OK(), namespace_name=ns.name, stats=stats)

    # ---- file resources ----------------------------------------------------------------------------------------

    @handler
    def AddFileResource(self, request, context):
        with self.catalog.lock:
            self.catalog.platform.add_file_resource(request.name, request.path)
        return OK()

    @handler
    def RemoveFileResource(self, request, context):
        with self.catalog.lock:
            self.catalog.platform.remove_file_resource(request.name)
        return OK()

    @handler
    def ListFileResources(self, request, context):
        with self.catalog.lock:
            found: list[FileResource] = self.catalog.platform.file_resources()
        return milvus_pb2.ListFileResourcesResponse(status=OK(), resources=[
            milvus_pb2.FileResourceInfo(id=r.id, name=r.name, path=r.path) for r in found])

    # ---- user tags ---------------------------------------------------------------------------------------------

    def _tagged_user(self, username: str) -> dict[str, str]:
        if not self.catalog.access.has_user(username):
            raise _refused(f"user not found[user={username}]")
        return self.catalog.platform.tags(username)

    @handler
    def AddUserTags(self, request, context):
        with self.catalog.lock:
            self._tagged_user(request.user_name).update(request.tags)
        return OK()

    @handler
    def DeleteUserTags(self, request, context):
        with self.catalog.lock:
            tags = self._tagged_user(request.user_name)
            for key in request.tag_keys:
                tags.pop(key, None)
        return OK()

    @handler
    def GetUserTags(self, request, context):
        with self.catalog.lock:
            tags = dict(self._tagged_user(request.user_name))
        return milvus_pb2.GetUserTagsResponse(status=OK(), tags=tags)

    @handler
    def ListUsersWithTag(self, request, context):
        with self.catalog.lock:
            users = [u for u in self.catalog.platform.users_with_tag(request.tag_key, request.tag_value)
                     if self.catalog.access.has_user(u)]
        return milvus_pb2.ListUsersWithTagResponse(status=OK(), user_names=users)

    # ---- row policies ------------------------------------------------------------------------------------------

    def _policy_collection(self, request, context):
        db = self._db(request, context)
        coll, _ = self.catalog._lookup(self.catalog.db(db), request.collection_name)
        if coll is None:
            raise _refused(f"collection not found[database={db}][collection={request.collection_name}]")
        return coll

    @handler
    def CreateRowPolicy(self, request, context):
        with self.catalog.lock:
            coll = self._policy_collection(request, context)
            if not request.policy_name:
                raise _refused("policy name is required")
            policies = self.catalog.platform.row_policies_of(coll.collection_id)
            if request.policy_name in policies:
                raise _refused(f"row policy {request.policy_name} already exists")
            policies[request.policy_name] = milvus_pb2.RowPolicy(
                policy_name=request.policy_name, actions=request.actions, roles=request.roles,
                using_expr=request.using_expr, check_expr=request.check_expr, description=request.description,
                created_at=int(time.time()))
        return OK()

    @handler
    def DropRowPolicy(self, request, context):
        with self.catalog.lock:
            coll = self._policy_collection(request, context)
            self.catalog.platform.row_policies_of(coll.collection_id).pop(request.policy_name, None)
        return OK()

    @handler
    def ListRowPolicies(self, request, context):
        with self.catalog.lock:
            coll = self._policy_collection(request, context)
            policies = [p for _, p in sorted(self.catalog.platform.row_policies_of(coll.collection_id).items())]
        return milvus_pb2.ListRowPoliciesResponse(status=OK(), policies=policies, db_name=coll.db,
                                                  collection_name=coll.name)

    # ---- replication -------------------------------------------------------------------------------------------

    @handler
    def GetReplicateConfiguration(self, request, context):
        with self.catalog.lock:
            config = self.catalog.platform.state.replicate_configuration
        resp = milvus_pb2.GetReplicateConfigurationResponse(status=OK())
        if config is not None:
            resp.configuration.CopyFrom(config)
        return resp

    @handler
    def UpdateReplicateConfiguration(self, request, context):
        with self.catalog.lock:
            config = common_pb2.ReplicateConfiguration()
            config.CopyFrom(request.replicate_configuration)
            self.catalog.platform.state.replicate_configuration = config
        return OK()

    @handler
    def GetReplicateInfo(self, request, context):
        """No source cluster ever replicated into the mock: no checkpoint."""
        return milvus_pb2.GetReplicateInfoResponse()

    @handler
    def ReplicateMessage(self, request, context):
        """ErrDenyReplicateMessage (1900): the mock is a normal instance, no replication target."""
        raise errors.MilvusError(1900, "deny to use the replicate message in the normal instance")

    def DumpMessages(self, request, context):
        """Server streaming: the mock has no physical channel, so the stream's one message is an error Status."""
        status = errors.MilvusError(500, f"channel not found[channel={request.pchannel}]").to_status()
        yield milvus_pb2.DumpMessagesResponse(status=status)

    DumpMessages.mock_implemented = True

    def CreateReplicateStream(self, request_iterator, context):
        """Bidi streaming: the mock is no replication target; a stream without messages ends with nothing
        confirmed, a replicated message ends the stream with FAILED_PRECONDITION."""
        for _ in request_iterator:
            context.abort(grpc.StatusCode.FAILED_PRECONDITION,
                          "deny to use the replicate message in the normal instance")
        return
        yield  # a generator: the stream's responses (none)

    CreateReplicateStream.mock_implemented = True

    # ---- external collections and manifests ----------------------------------------------------------------------

    @handler
    def RefreshExternalCollection(self, request, context):
        with self.catalog.lock:
            coll = self._platform_collection(request, context, "RefreshExternalCollection/missing-collection",
                                             validate=False)
        raise _refused(f"collection {coll.name} is not an external collection")

    @handler
    def GetRefreshExternalCollectionProgress(self, request, context):
        raise _refused(f"refresh job not found[job={request.job_id}]")

    @handler
    def ListRefreshExternalCollectionJobs(self, request, context):
        with self.catalog.lock:
            if request.collection_name:
                self._platform_collection(request, context,
                                          "ListRefreshExternalCollectionJobs/missing-collection", validate=False)
        return milvus_pb2.ListRefreshExternalCollectionJobsResponse(status=OK())

    @handler
    def BatchUpdateManifest(self, request, context):
        """DataCoord broadcasts the manifest versions without checking the segments (Server.BatchUpdateManifest)."""
        with self.catalog.lock:
            self._platform_collection(request, context, "BatchUpdateManifest/missing-collection", validate=False)
        return OK()

    # ---- prewarm ---------------------------------------------------------------------------------------------

    @handler
    def Prewarm(self, request, context):
        """A namespace partition of a namespace-mode collection; the mock's data is always in memory, so the task
        completes at once (the protocol allows any state; model decision)."""
        with self.catalog.lock:
            coll = self.catalog.get_collection(self._db(request, context), request.collection_name)  # 100
            if not self.catalog.platform.namespaces_enabled(coll.schema, coll.properties):
                raise _refused("prewarm needs a collection in namespace partition mode")
            if request.namespace not in self._namespaces(coll):
                raise _refused(f"namespace not found[namespace={request.namespace}]")
            task_id = str(self.catalog.platform.next_id())
            self.catalog.platform.state.prewarm_tasks[task_id] = (coll.collection_id, request.namespace)
        return milvus_pb2.PrewarmResponse(status=OK(), taskID=task_id, namespace=request.namespace)

    @handler
    def DescribePrewarmTask(self, request, context):
        with self.catalog.lock:
            if request.taskID not in self.catalog.platform.state.prewarm_tasks:
                raise _refused(f"prewarm task not found[task={request.taskID}]")
        return milvus_pb2.DescribePrewarmTaskResponse(status=OK(), taskID=request.taskID,
                                                      state=milvus_pb2.PrewarmTaskStateCompleted, progress=100)

