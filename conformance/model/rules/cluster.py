"""Checks of the cluster family (see conformance/mock/cluster.py for the RPCs): resource groups, replicas, load
balance, compaction, import, metrics, timestamps, and the internal RPCs Dummy and RegisterLink.

Master's resource manager (querycoordv2/meta/resource_manager.go) replaced 2.3's imperative one in 2.4.0 (the
declarative ``rgpb.ResourceGroupConfig`` API, UpdateResourceGroups): idempotent create and drop, typed errors
(301, 303, 304) where 2.3 answered plain errors (65535)."""

from __future__ import annotations

from ..errors import COLLECTION_NOT_FOUND, COLLECTION_NOT_LOADED, PARAMETER_INVALID, UNEXPECTED
from .common import plain_error_before_standardisation
from .evidence import Change, master, older_line
from .registry import error, semantic, success, was

IMPL = "internal/proxy/impl.go"
RM = "internal/querycoordv2/meta/resource_manager.go"
QC = "internal/querycoordv2/services.go"
DC = "internal/datacoord/services.go"
CI = "internal/datacoord/compaction_inspector.go"
IMPORT = "internal/proxy/ddl/task_import.go"

RESOURCE_GROUP_NOT_FOUND = 300
RESOURCE_GROUP_ALREADY_EXIST = 301
RESOURCE_GROUP_ILLEGAL_CONFIG = 303
RESOURCE_GROUP_NODE_NOT_ENOUGH = 304
METRIC_NOT_FOUND = 1200
IMPORT_FAILED = 2100
REPLICA_NOT_FOUND = 400
IO_KEY_NOT_FOUND = 1000

DEFAULT_RESOURCE_GROUP = "__default_resource_group"

# Milvus 2.4.0 rewrote the resource manager around rgpb.ResourceGroupConfig (the UpdateResourceGroups release).
RG_REWRITE = Change("milvus v2.4.0", "declarative resource groups (rgpb config, UpdateResourceGroups): idempotent "
                    "create/drop and typed resource-group errors replace 2.3's plain errors")
IMPORT_V2 = Change("milvus v2.4.0", "Import v2: the v1 Import/GetImportState/ListImportTasks RPCs are served by "
                   "ImportV2/GetImportProgress/ListImports (convertToV2ImportRequest)")
_RG_NAME = older_line("internal/proxy/util.go", "ValidateResourceGroupName", "copy:2418204446", "2.6",
                      "non-empty name rules are merr ParameterInvalid (1100)")

# ---- resource groups --------------------------------------------------------------------------------------

success("CreateResourceGroup/creates", "CreateResourceGroup of a new valid name (no config: requests = limits = 0)",
        evidence=(master(QC, "CreateResourceGroup"), master(RM, "CheckIfResourceGroupAddable")))
success("CreateResourceGroup/duplicate-same-config", "CreateResourceGroup again with the same config is an "
        "idempotent no-op", evidence=master(RM, "CheckIfResourceGroupAddable", "'Idempotent promise': same config "
                                             "→ ignored → merr.Success"),
        history=(was("2.4.0", UNEXPECTED, RG_REWRITE, reason="resource group already exist"),))
error("CreateResourceGroup/duplicate-other-config", "CreateResourceGroup of an existing name with another config",
      RESOURCE_GROUP_ALREADY_EXIST, "resource group already exist", evidence=master(RM, "CheckIfResourceGroupAddable",
                                                                                   "WrapErrResourceGroupAlreadyExist"),
      history=(was("2.4.0", UNEXPECTED, RG_REWRITE, reason="resource group already exist"),))
error("CreateResourceGroup/empty-name", "CreateResourceGroup with an empty name", PARAMETER_INVALID,
      "resource group name couldn't be empty", evidence=(master(IMPL, "CreateResourceGroup",
                                                                "ValidateResourceGroupName first"), _RG_NAME),
      history=plain_error_before_standardisation(),
      gap="no master copy of internal/proxy/util.go ValidateResourceGroupName is stored; the 2.6-line copy returns a "
          "plain error for the empty name (65535), which the merr standardisation (#50221) turns into 1100")
error("CreateResourceGroup/invalid-name", "CreateResourceGroup with a name starting with a digit or holding a "
      "character other than letters, digits and underscores", PARAMETER_INVALID, "Invalid resource group name",
      evidence=(master(IMPL, "CreateResourceGroup", "ValidateResourceGroupName"), _RG_NAME))
error("CreateResourceGroup/name-too-long", "CreateResourceGroup with a name longer than proxy.maxNameLength (255)",
      PARAMETER_INVALID, "the length of a resource group name must be less than",
      evidence=(master(IMPL, "CreateResourceGroup", "ValidateResourceGroupName"), _RG_NAME))
error("CreateResourceGroup/illegal-config", "CreateResourceGroup with a negative node number in requests",
      RESOURCE_GROUP_ILLEGAL_CONFIG, "node num in `requests` or `limits` should not less than 0",
      evidence=master(RM, "validateResourceGroupConfig"),
      history=(was("2.4.0", 0, RG_REWRITE),))  # 2.3 ignores the config: the group is created with no node

success("DropResourceGroup/drops", "DropResourceGroup of an own empty resource group",
        evidence=(master(QC, "DropResourceGroup"), master(RM, "DropResourceGroup")))
success("DropResourceGroup/missing", "DropResourceGroup of a missing resource group is an idempotent no-op",
        evidence=master(RM, "CheckIfResourceGroupDropable", "'Idempotent promise: delete a non-exist rg should be ok'"))
error("DropResourceGroup/default-group", "DropResourceGroup of __default_resource_group", PARAMETER_INVALID,
      "default resource group is not deletable",
      evidence=master(RM, "validateResourceGroupIsDeletable", "WrapErrParameterInvalid"),
      history=(was("2.4.0", UNEXPECTED, RG_REWRITE, reason="delete default rg is not permitted",
                   also=((PARAMETER_INVALID, "before the 2.4.0 rewrite the group's loaded replicas were checked first: "
                          "with any collection loaded on the server Milvus 2.3.5 answers 1100 'some replicas still "
                          "loaded in resource group[__default_resource_group]' (seen under 4 workers)"),)),))

success("UpdateResourceGroups/updates", "UpdateResourceGroups of an own resource group with a valid config",
        evidence=(master(QC, "UpdateResourceGroups"), master(RM, "CheckIfResourceGroupsUpdatable")), since="2.4.0")
semantic("UpdateResourceGroups/config-described", "after UpdateResourceGroups, DescribeResourceGroup returns the new "
         "config (requests, limits, transfer_from, transfer_to)", evidence=master(QC, "DescribeResourceGroup",
                                                                                   "Config: rg.GetConfig()"),
         since="2.4.0", rpcs=("UpdateResourceGroups", "DescribeResourceGroup"))
error("UpdateResourceGroups/missing-group", "UpdateResourceGroups of a missing resource group",
      RESOURCE_GROUP_NOT_FOUND, "resource group not found", evidence=master(RM, "CheckIfResourceGroupsUpdatable"),
      since="2.4.0")
error("UpdateResourceGroups/illegal-config", "UpdateResourceGroups with a negative node number in requests",
      RESOURCE_GROUP_ILLEGAL_CONFIG, "node num in `requests` or `limits` should not less than 0",
      evidence=master(RM, "validateResourceGroupConfig"), since="2.4.0")
error("UpdateResourceGroups/invalid-name", "UpdateResourceGroups naming an invalid resource group name",
      PARAMETER_INVALID, "Invalid resource group name", evidence=(master(IMPL, "UpdateResourceGroups"), _RG_NAME),
      since="2.4.0")

error("TransferNode/not-enough-nodes", "TransferNode of more nodes than the source resource group has",
      RESOURCE_GROUP_NODE_NOT_ENOUGH, evidence=master(RM, "CheckIfTransferNode", "WrapErrResourceGroupNodeNotEnough"),
      history=(was("2.4.0", UNEXPECTED, RG_REWRITE, reason="nodes not enough"),), input_error=False)
error("TransferNode/same-group", "TransferNode with the same source and target resource group", PARAMETER_INVALID,
      "source resource group and target resource group should not be the same",
      evidence=master(RM, "CheckIfTransferNode"),
      history=(was("2.4.0", UNEXPECTED, RG_REWRITE, reason="nodes not enough"),))
error("TransferNode/invalid-num", "TransferNode of zero (or fewer) nodes", PARAMETER_INVALID, "NumNode > 0",
      evidence=master(RM, "CheckIfTransferNode", "WrapErrParameterInvalid(\"NumNode > 0\", ...)"))
error("TransferNode/missing-group", "TransferNode naming a missing resource group", RESOURCE_GROUP_NOT_FOUND,
      "resource group not found", evidence=master(RM, "CheckIfTransferNode", "WrapErrResourceGroupNotFound"),
      history=(was("2.4.0", PARAMETER_INVALID, RG_REWRITE, reason="target resource group not found"),))
error("TransferNode/invalid-name", "TransferNode naming an invalid resource group name", PARAMETER_INVALID,
      "Invalid resource group name", evidence=(master(IMPL, "TransferNode", "ValidateResourceGroupName"), _RG_NAME))

_TRANSFER_REPLICA = older_line("internal/querycoordv2/ddl_callbacks_transfer_replica.go",
                               "broadcastAlterLoadConfigCollectionV2ForTransferReplica", "copy:9122518753", "2.6")
error("TransferReplica/invalid-name", "TransferReplica naming an invalid resource group name", PARAMETER_INVALID,
      "Invalid resource group name", evidence=(master(IMPL, "TransferReplica", "ValidateResourceGroupName of both "
                                                                             "groups before the task"), _RG_NAME))
error("TransferReplica/missing-collection", "TransferReplica of a missing collection", COLLECTION_NOT_FOUND,
      "collection not found", evidence=(master(IMPL, "TransferReplica"), _TRANSFER_REPLICA), input_error=True)
_TR_GAP = "no master copy of querycoordv2's TransferReplica DDL callback is stored; the 2.6-line copy is cited"
error("TransferReplica/missing-group", "TransferReplica naming a missing resource group", RESOURCE_GROUP_NOT_FOUND,
      "resource group not found", evidence=_TRANSFER_REPLICA, gap=_TR_GAP)
# Before the 2.6 line's broadcast DDL callback, querycoord counted the collection's replicas in the source group
# before anything else of the request (observed on 2.3.5: "only found [0] replicas in source resource group").
_REPLICA_COUNT_FIRST = Change("querycoordv2 TransferReplica (2.6 line)", "broadcastAlterLoadConfigCollectionV2For"
                              "TransferReplica checks the groups, the replica number and the load state before "
                              "counting the source group's replicas; earlier releases counted first")
_COUNTED_FIRST = "NumReplica not greater than the number of replica in source resource group"
error("TransferReplica/same-group", "TransferReplica with the same source and target resource group",
      PARAMETER_INVALID, "should not be the same", evidence=_TRANSFER_REPLICA,
      history=(was("2.6.0", PARAMETER_INVALID, _REPLICA_COUNT_FIRST, reason=_COUNTED_FIRST),),
      gap=_TR_GAP + "; the release bound (2.6.0, the broadcast DDL callbacks) is inferred, not pinned")
error("TransferReplica/invalid-num", "TransferReplica of zero replicas", PARAMETER_INVALID, "NumReplica > 0",
      evidence=_TRANSFER_REPLICA, gap=_TR_GAP)
error("TransferReplica/not-loaded", "TransferReplica of a collection that is not loaded", COLLECTION_NOT_LOADED,
      "collection not loaded", evidence=_TRANSFER_REPLICA, input_error=False,
      history=(was("2.6.0", PARAMETER_INVALID, _REPLICA_COUNT_FIRST, reason=_COUNTED_FIRST),),
      gap=_TR_GAP + "; the release bound (2.6.0, the broadcast DDL callbacks) is inferred, not pinned")

success("ListResourceGroups/lists", "ListResourceGroups", evidence=master(QC, "ListResourceGroups"))
semantic("ListResourceGroups/lists-groups", "ListResourceGroups lists __default_resource_group and every resource "
         "group created and not dropped", evidence=(master(QC, "ListResourceGroups"),
                                                    master(RM, "NewResourceManager", "the default group always exists")),
         rpcs=("ListResourceGroups", "CreateResourceGroup", "DropResourceGroup"))
success("DescribeResourceGroup/existing", "DescribeResourceGroup of an existing resource group",
        evidence=master(QC, "DescribeResourceGroup"))
semantic("DescribeResourceGroup/shape", "DescribeResourceGroup echoes the name; a new resource group has no node "
         "(num_available_node 0, no nodes); the default group holds the server's query node(s)",
         evidence=master(QC, "DescribeResourceGroup", "Name: req.GetResourceGroup(), NumAvailableNode: len(nodes)"))
semantic("DescribeResourceGroup/loaded-replicas", "DescribeResourceGroup of the group holding a loaded collection's "
         "replica counts it in num_loaded_replica (collection name → 1: querycoord counts by ID, the proxy's "
         "DescribeResourceGroupTask names the collections)",
         evidence=master(QC, "DescribeResourceGroup", "loadedReplicas[replica.GetCollectionID()]++"),
         rpcs=("DescribeResourceGroup", "GetReplicas"))
error("DescribeResourceGroup/missing", "DescribeResourceGroup of a missing resource group", RESOURCE_GROUP_NOT_FOUND,
      "resource group not found[rg={name}]", evidence=master(QC, "DescribeResourceGroup"))

# ---- replicas, load balance ---------------------------------------------------------------------------------

error("GetReplicas/missing-collection", "GetReplicas naming a missing collection", COLLECTION_NOT_FOUND,
      "collection not found[database={db}][collection={name}]", evidence=master(IMPL, "GetReplicas",
                                                                                "globalMetaCache.GetCollectionID"),
      input_error=True)
success("GetReplicas/not-loaded", "GetReplicas of a collection that is not loaded answers an empty list",
        evidence=master(QC, "GetReplicas", "no replica → Success with Replicas: []"),
        history=(was("2.4.0", REPLICA_NOT_FOUND, Change("querycoordv2 GetReplicas", "2.3 answered ReplicaNotFound "
                                                        "for a collection without replicas"),
                     reason="failed to get replicas by collection: replica not found"),),
        gap="the release that first answered the empty list is not pinned; 2.4.0 is the bound assumed")
semantic("GetReplicas/not-loaded-empty", "GetReplicas of a collection that is not loaded lists no replica",
         evidence=master(QC, "GetReplicas"), since="2.4.0")
success("GetReplicas/loaded", "GetReplicas of a loaded collection", evidence=master(QC, "GetReplicas"))
semantic("GetReplicas/replica-shape", "a loaded collection has as many replicas as loaded (1 by default), each "
         "naming the collection, a non-zero replica ID, at least one node and its resource group",
         evidence=master(QC, "GetReplicas", "fillReplicaInfo"))

error("LoadBalance/missing-collection", "LoadBalance naming a missing collection", COLLECTION_NOT_FOUND,
      "collection not found", evidence=master(IMPL, "LoadBalance", "globalMetaCache.GetCollectionID"),
      input_error=True)

# ---- compaction -------------------------------------------------------------------------------------------

error("ManualCompaction/missing-collection", "ManualCompaction naming a missing collection", COLLECTION_NOT_FOUND,
      "collection not found", evidence=master(IMPL, "ManualCompaction", "collection_name → GetCollectionID"),
      history=(was("2.4.18", 0, Change("milvus v2.4.18", "ManualCompaction resolves collection_name (before, only "
                                       "collectionID was read: 'before v2.4.18, manual compact request only pass "
                                       "collectionID')")),), input_error=True)
success("ManualCompaction/compacts", "ManualCompaction of an own collection", evidence=master(IMPL, "ManualCompaction"))
semantic("ManualCompaction/returns-id", "ManualCompaction answers -1 when it generated no compaction task (nothing "
         "to compact, compactionPlanCount 0) or else a positive compaction ID; GetCompactionState of it answers "
         "Executing or Completed", evidence=(master(DC, "ManualCompaction", "taskCnt == 0 → CompactionID = -1"),
                                             master(CI, "getCompactionInfo")),
         rpcs=("ManualCompaction", "GetCompactionState"))
success("GetCompactionState/known", "GetCompactionState of a compaction ID ManualCompaction answered",
        evidence=master(CI, "summaryCompactionState"))
success("GetCompactionState/unknown-id", "GetCompactionState of an unknown compaction ID answers a state (no task "
        "→ Completed)", evidence=master(CI, "summaryCompactionState", "no executing task → Completed"))
semantic("GetCompactionState/unknown-completed", "GetCompactionState of an unknown compaction ID: state Completed, "
         "no plan counted", evidence=master(CI, "summaryCompactionState"))
success("GetCompactionStateWithPlans/unknown-id", "GetCompactionStateWithPlans of an unknown compaction ID",
        evidence=master(CI, "summaryCompactionState"))
semantic("GetCompactionStateWithPlans/unknown-completed", "GetCompactionStateWithPlans of an unknown ID: state "
         "Completed, no merge info", evidence=master(CI, "summaryCompactionState"))
success("GetCompactionStateWithPlans/known", "GetCompactionStateWithPlans of a compaction ID ManualCompaction "
        "answered", evidence=master(CI, "summaryCompactionState"))

# ---- import -------------------------------------------------------------------------------------------------

error("Import/missing-collection", "Import into a missing collection", COLLECTION_NOT_FOUND, "collection not found",
      evidence=master(IMPORT, "ImportTask.PreExecute", "GetCollectionID"),
      history=(was("2.4.0", UNEXPECTED, IMPORT_V2),), input_error=True)
error("Import/no-files", "Import naming no file", PARAMETER_INVALID, "import request is empty",
      evidence=master(IMPORT, "ImportTask.PreExecute", "empty file lists filtered out → WrapErrParameterInvalidMsg"))
error("Import/unknown-file-type", "Import of a file whose extension is no import format (.json, .jsonl, .ndjson, "
      ".npy, .parquet, .csv)", IMPORT_FAILED, "unexpect file type",
      evidence=master(IMPORT, "ImportTask.PreExecute", "importutilv2.GetFileType → WrapErrImportFailed"),
      history=(was("2.4.0", 0, IMPORT_V2),))  # the v1 import accepted any file name; its job failed later
success("Import/accepted", "Import of a .json file into an own collection is accepted as a job (files are read "
        "later, by the import job)", evidence=(master(IMPORT, "ImportTask.Execute"), master(IMPL, "Import",
                                                                                            "convertToV1ImportResponse")))
semantic("Import/one-task", "Import answers exactly one task (the v2 job ID) that GetImportState knows",
         evidence=master(IMPL, "convertToV1ImportResponse", "Tasks: []int64{jobID}"), rpcs=("Import", "GetImportState"))
error("GetImportState/unknown-task", "GetImportState of an unknown task ID", IMPORT_FAILED,
      "import job does not exist, jobID={id}", evidence=master(DC, "GetImportProgress"),
      history=(was("2.4.0", IO_KEY_NOT_FOUND, IMPORT_V2, reason="key not found"),))
success("GetImportState/known", "GetImportState of a task Import answered", evidence=master(DC, "GetImportProgress"))
semantic("GetImportState/shape", "GetImportState answers a state that is not Completed for a file the server cannot "
         "read (Pending, Started or Failed) and the infos failed_reason and progress_percent",
         evidence=master(IMPL, "convertToV1GetImportResponse", "infos: failed_reason, progress_percent"),
         since="2.4.0")  # Import v2; 2.3's own infos omit progress_percent while a job is started
success("ListImportTasks/lists", "ListImportTasks of an own collection", evidence=master(IMPL, "ListImports"))
semantic("ListImportTasks/own-collection", "ListImportTasks of an own collection lists exactly the tasks imported "
         "into it (none before any Import)", evidence=master(IMPL, "ListImports"))
error("ListImportTasks/missing-collection", "ListImportTasks naming a missing collection", COLLECTION_NOT_FOUND,
      "collection not found", evidence=master(IMPL, "ListImports", "globalMetaCache.GetCollectionID"),
      input_error=True)

# ---- metrics, timestamps, internal RPCs -----------------------------------------------------------------------

error("GetMetrics/invalid-request", "GetMetrics whose request is not a JSON object naming metric_type",
      UNEXPECTED, evidence=(master(IMPL, "GetMetrics", "metricsinfo.ParseMetricRequestType: plain error"),),
      gap="ParseMetricRequestType's master copy is not pinned; the newest stored copy returns a plain error "
          "('metric_type or request_type not found in request'), which merr.Status makes 65535",
      input_error=False)
error("GetMetrics/unknown-metric", "GetMetrics of an unknown metric_type", METRIC_NOT_FOUND,
      "metric not found[metric={name}]", evidence=master(IMPL, "GetMetrics", "WrapErrMetricNotFound"),
      input_error=False)
success("GetMetrics/system-info", "GetMetrics of {\"metric_type\": \"system_info\"}",
        evidence=master(IMPL, "GetMetrics", "SystemInfoMetrics"))
semantic("GetMetrics/system-info-json", "GetMetrics system_info answers a JSON object naming the component that "
         "answered (component_name or nodes_info)", evidence=master(IMPL, "GetMetrics"))

success("AllocTimestamp/allocates", "AllocTimestamp", evidence=master(IMPL, "AllocTimestamp"))
semantic("AllocTimestamp/monotonic-near-now", "AllocTimestamp answers a hybrid timestamp (physical ms << 18) whose "
         "physical part is near the wall clock and that grows with each call",
         evidence=master(IMPL, "AllocTimestamp", "tsoAllocator.AllocOne"))

semantic("AllocTimestamp/after-writes", "AllocTimestamp after an Insert answers a timestamp greater than the "
         "Insert's (one timestamp oracle serves both)", evidence=master(IMPL, "AllocTimestamp",
                                                                       "the proxy's tsoAllocator, as for DML"),
         rpcs=("AllocTimestamp", "Insert"))
semantic("Dummy/unknown-request-fails", "Dummy with a request_type that is not a JSON query request answers "
         "{\"status\": \"fail\"}", evidence=master(IMPL, "Dummy", "failedResponse"))
success("RegisterLink/registers", "RegisterLink of a healthy server", evidence=master(IMPL, "RegisterLink",
                                                                                      "merr.Success(deploy mode)"))
