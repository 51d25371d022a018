"""Cluster operation handlers: resource groups, replicas, load balance, compaction, import, metrics, indexed
segments, timestamps, and the internal RPCs (Dummy, RegisterLink), over the catalogue's ``Cluster`` model."""

from __future__ import annotations

import json
import os

from ..model import cluster as cm
from ..model import errors
from ..model.rules import rules
from ..protocol import common_pb2, milvus_pb2
from .handling import handler

OK = common_pb2.Status


class ClusterHandlers:
    """Mixed into ``MockServicer``; handlers use ``self.catalog`` and ``self.catalog.cluster``."""

    # ---- helpers -------------------------------------------------------------------------------------------

    def _collection_by_id(self, collection_id: int):
        for db in self.catalog.list_databases():
            coll = db.by_id(collection_id)
            if coll is not None:
                return coll
        return None

    def _loaded_collections(self):
        return [c for db in self.catalog.list_databases() for c in db.collections.values() if c.loaded]

    # ---- resource groups -------------------------------------------------------------------------------------

    @handler
    def CreateResourceGroup(self, request, context):
        with self.catalog.lock:
            self.catalog.cluster.create_resource_group(request.resource_group,
                                                       request.config if request.HasField("config") else None)
        return OK()

    @handler
    def DropResourceGroup(self, request, context):
        with self.catalog.lock:
            self.catalog.cluster.drop_resource_group(request.resource_group)
        return OK()

    @handler
    def UpdateResourceGroups(self, request, context):
        with self.catalog.lock:
            self.catalog.cluster.update_resource_groups(dict(request.resource_groups))
        return OK()

    @handler
    def TransferNode(self, request, context):
        with self.catalog.lock:
            self.catalog.cluster.transfer_node(request.source_resource_group, request.target_resource_group,
                                               request.num_node)
        return OK()

    @handler
    def TransferReplica(self, request, context):
        """Proxy: both names' rules (1100), the collection (100); querycoord: the groups (300), same group,
        the replica number (1100), the load state (101)."""
        cluster = self.catalog.cluster
        for name in (request.source_resource_group, request.target_resource_group):
            try:
                cm.validate_resource_group_name(name)
            except errors.MilvusError as err:
                raise rules.get("TransferReplica/invalid-name").error(reason=err.reason) from None
        db = self._db(request, context)
        with self.catalog.lock:
            coll = self.catalog.collection_for("TransferReplica/missing-collection", db, request.collection_name,
                                               validate=False)
            cluster.transfer_replica(coll.collection_id, coll.loaded, request.source_resource_group,
                                     request.target_resource_group, request.num_replica)
        return OK()

    @handler
    def ListResourceGroups(self, request, context):
        with self.catalog.lock:
            names = list(self.catalog.cluster.groups)
        return milvus_pb2.ListResourceGroupsResponse(status=OK(), resource_groups=names)

    @handler
    def DescribeResourceGroup(self, request, context):
        cluster = self.catalog.cluster
        with self.catalog.lock:
            group = cluster.resource_group(request.resource_group)
            # the proxy reports collection names (querycoord counts by ID)
            loaded = {c.name: 1 for c in self._loaded_collections()
                      if cluster.replica_group(c.collection_id) == group.name}
            rg = milvus_pb2.ResourceGroup(
                name=group.name, capacity=cm.DEFAULT_RESOURCE_GROUP_CAPACITY if group.name == cm.DEFAULT_RESOURCE_GROUP
                else 0, num_available_node=len(group.nodes), num_loaded_replica=loaded)
            rg.config.CopyFrom(group.config)
            for node in group.nodes:
                rg.nodes.add(node_id=node, address=cm.QUERY_NODE_ADDRESS, hostname="localhost")
        return milvus_pb2.DescribeResourceGroupResponse(status=OK(), resource_group=rg)

    # ---- replicas, load balance ------------------------------------------------------------------------------

    @handler
    def GetReplicas(self, request, context):
        """A named collection must exist (100); an unknown ID or a collection that is not loaded has no
        replica (an empty list); a loaded one has one replica on the query node."""
        cluster = self.catalog.cluster
        db = self._db(request, context)
        with self.catalog.lock:
            if request.collection_name:
                coll = self.catalog.collection_for("GetReplicas/missing-collection", db, request.collection_name,
                                                   validate=False)
            else:
                coll = self._collection_by_id(request.collectionID)
            resp = milvus_pb2.GetReplicasResponse(status=OK())
            if coll is None or not coll.loaded:
                return resp
            group = cluster.replica_group(coll.collection_id)
            info = resp.replicas.add(replicaID=cluster.replica_id(coll.collection_id),
                                     collectionID=coll.collection_id,
                                     partition_ids=[p.partition_id for n, p in coll.partitions.items()
                                                    if n in coll.loaded_partitions],
                                     node_ids=list(cluster.groups[group].nodes) or [cm.QUERY_NODE_ID],
                                     resource_group_name=group)
            if request.with_shard_nodes:
                for shard in range(coll.shards_num):
                    info.shard_replicas.add(leaderID=cm.QUERY_NODE_ID, leader_addr=cm.QUERY_NODE_ADDRESS,
                                            dm_channel_name=f"mock-dml_{shard}_{coll.collection_id}v{shard}",
                                            node_ids=[cm.QUERY_NODE_ID])
        return resp

    @handler
    def LoadBalance(self, request, context):
        """The collection must exist (100); with one query node there is nothing to balance to: querycoord
        refuses a source node that is not the query node, or no other destination (1100)."""
        db = self._db(request, context)
        with self.catalog.lock:
            coll = self.catalog.collection_for("LoadBalance/missing-collection", db, request.collectionName,
                                               validate=False)
            if not coll.loaded:
                raise errors.MilvusError(101, f"collection not loaded[collection={coll.collection_id}]")
        raise errors.invalid_parameter(f"source node {request.src_nodeID} has no other query node to balance to")

    # ---- compaction --------------------------------------------------------------------------------------------

    @handler
    def ManualCompaction(self, request, context):
        """A collection named (or an ID > 0) must exist (100); a collection without rows gives datacoord no
        task (compactionID -1, no plan); otherwise one plan that completes at once."""
        db = self._db(request, context)
        with self.catalog.lock:
            if request.collection_name:
                coll = self.catalog.collection_for("ManualCompaction/missing-collection", db,
                                                   request.collection_name, validate=False)
            elif request.collectionID > 0:
                coll = self._collection_by_id(request.collectionID)
                if coll is None:
                    raise rules.get("ManualCompaction/missing-collection").error(
                        reason=f"collection not found[collection={request.collectionID}]")
            else:
                coll = None
            if coll is None or coll.data.row_count() == 0:
                # datacoord: no segment to compact → no task → compactionID -1, no plan
                return milvus_pb2.ManualCompactionResponse(status=OK(), compactionID=-1, compactionPlanCount=0)
            cid = self.catalog.cluster.start_compaction(coll.collection_id)
        return milvus_pb2.ManualCompactionResponse(status=OK(), compactionID=cid, compactionPlanCount=1)

    @handler
    def GetCompactionState(self, request, context):
        """Known or not, no task is executing: Completed."""
        return milvus_pb2.GetCompactionStateResponse(status=OK(), state=common_pb2.CompactionState.Completed)

    @handler
    def GetCompactionStateWithPlans(self, request, context):
        return milvus_pb2.GetCompactionPlansResponse(status=OK(), state=common_pb2.CompactionState.Completed)

    # ---- import --------------------------------------------------------------------------------------------------

    @handler
    def Import(self, request, context):
        """Proxy ImportTask.PreExecute: the collection (100), the partition (200), no file (1100), a file type
        (2100); the job is created and then fails on its first file (the mock has no object storage)."""
        db = self._db(request, context)
        with self.catalog.lock:
            coll = self.catalog.collection_for("Import/missing-collection", db, request.collection_name,
                                               validate=False)
            if request.partition_name and request.partition_name not in coll.partitions:
                raise errors.partition_not_found(request.partition_name)
            files = [f for f in request.files if f]
            if not files:
                raise rules.get("Import/no-files").error(reason="import request is empty: invalid parameter")
            exts = {os.path.splitext(f)[1] for f in files}
            if len(exts) > 1:
                raise rules.get("Import/unknown-file-type").error(
                    reason=f"inconsistency in file types, ({files[0]}) vs ({files[1]}): import failed")
            ext = exts.pop()
            if ext not in cm.IMPORT_FILE_EXTENSIONS:
                raise rules.get("Import/unknown-file-type").error(
                    reason=f"unexpect file type, files={files}: import failed")
            if ext in (".json", ".jsonl", ".ndjson", ".parquet", ".csv") and len(files) != 1:
                raise rules.get("Import/unknown-file-type").error(reason="accepts only one file: import failed")
            job = self.catalog.cluster.start_import(db, coll.collection_id, coll.name, files)
        return milvus_pb2.ImportResponse(status=OK(), tasks=[job.job_id])

    @staticmethod
    def _import_state(job) -> milvus_pb2.GetImportStateResponse:
        return milvus_pb2.GetImportStateResponse(
            status=OK(), state=job.state, row_count=0, create_ts=job.created_s,
            infos=[common_pb2.KeyValuePair(key="failed_reason", value=job.reason),
                   common_pb2.KeyValuePair(key="progress_percent", value="0")])

    @handler
    def GetImportState(self, request, context):
        with self.catalog.lock:
            job = self.catalog.cluster.import_job(request.task)
        return self._import_state(job)

    @handler
    def ListImportTasks(self, request, context):
        """A named collection must exist (100); its jobs (or every job), oldest first, at most ``limit``."""
        db = self._db(request, context)
        with self.catalog.lock:
            jobs = list(self.catalog.cluster.imports.values())
            if request.collection_name:
                coll = self.catalog.collection_for("ListImportTasks/missing-collection", db,
                                                   request.collection_name, validate=False)
                jobs = [j for j in jobs if j.collection_id == coll.collection_id]
        if request.limit > 0:
            jobs = jobs[:request.limit]
        return milvus_pb2.ListImportTasksResponse(status=OK(), tasks=[self._import_state(j) for j in jobs])

    # ---- metrics, timestamps, internal RPCs -----------------------------------------------------------------------

    @handler
    def GetMetrics(self, request, context):
        """gjson reads ``request_type`` or ``metric_type``; neither → a plain error (65535); only system_info is
        served (1200 otherwise)."""
        try:
            parsed = json.loads(request.request)
        except ValueError:
            parsed = None
        metric = None
        if isinstance(parsed, dict):
            metric = parsed.get("request_type", parsed.get("metric_type"))
        if metric is None:
            raise rules.get("GetMetrics/invalid-request").error(
                reason="metric_type or request_type not found in request")
        metric = str(metric)
        if metric != "system_info":
            raise rules.get("GetMetrics/unknown-metric").error(name=metric)
        info = {"nodes_info": [{"identifier": cm.QUERY_NODE_ID, "connected": None, "infos": {
            "has_error": False, "error_reason": "", "name": f"querynode{cm.QUERY_NODE_ID}",
            "hardware_infos": {"ip": cm.QUERY_NODE_ADDRESS},
            "system_info": {"deploy_mode": "STANDALONE", "build_version": self.version}}}],
            "component_name": "proxy"}
        return milvus_pb2.GetMetricsResponse(status=OK(), response=json.dumps(info),
                                             component_name=f"proxy{cm.QUERY_NODE_ID}")

    @handler
    def AllocTimestamp(self, request, context):
        with self.catalog.lock:
            ts = self.catalog.cluster.alloc_timestamp()
        return milvus_pb2.AllocTimestampResponse(status=OK(), timestamp=ts)

    @handler
    def Dummy(self, request, context):
        """Only a JSON query request would run (a Query); anything else answers {"status": "fail"}."""
        return milvus_pb2.DummyResponse(response='{"status": "fail"}')

    @handler
    def RegisterLink(self, request, context):
        return milvus_pb2.RegisterLinkResponse(status=common_pb2.Status(reason="STANDALONE"))
