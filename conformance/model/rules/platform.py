"""Checks of the platform family (see conformance/mock/platform.py for the RPCs): snapshots and their jobs,
namespaces, file resources, user tags, row policies, replication, external collections and manifests.

Every RPC here is new in the 3.0 line or late 2.6; ``since`` is the first milvus-proto tag that has the RPC
(/work/shared/milvus-protocol-facts.md §5.2): file resources v2.6.1; CreateReplicateStream, GetReplicateInfo,
UpdateReplicateConfiguration v2.6.2; GetReplicateConfiguration v2.6.12; DumpMessages v2.6.14; user tags and row
policies v2.6.0; snapshots, external collections, BatchUpdateManifest v3.0.0. Namespaces and
GetExportSnapshotState are in no tag up to v3.0.0 (branch ``3.0`` head, 2026-08; pymilvus 3.0.2 pins them): their
bound is the 3.0 line, 3.0.0 — not pinned to a published tag; a 3.0.0 server without them answers UNIMPLEMENTED
and is reported "not implemented", which is true of it (decision: the bundled mock, which serves the pinned
protocol, reports v3.0.0). ReplicateMessage is in the v2.3.5 protocol already (no bound).

Where the master copy behind an answer was not available (the stored RLS/user-tag proxy file is a 2.6-line copy;
ErrSnapshotNotFound / ErrNamespaceNotFound are wrapped by master utils.go but their numeric codes are in no
stored errors.go), the check says so in ``gap`` or is a semantic check ("refused", any non-zero code) instead of
naming a code.
"""

from __future__ import annotations

from ..errors import COLLECTION_NOT_FOUND, PARAMETER_INVALID, PARAMETER_MISSING
from .evidence import Change, Protocol, master, older_line
from .registry import error, semantic, success

SNAP_TASK = "internal/proxy/ddl/task_snapshot.go"
SNAP_IMPL = "internal/proxy/impl_snapshot.go"
NS_TASK = "internal/proxy/task_namespace.go"
NS_CORE = "internal/rootcoord/namespace.go"
DC = "internal/datacoord/services.go"
UTIL = "internal/proxy/util.go"
RLS_26 = older_line("internal/proxy/impl_rls.go", "Proxy.AddUserTags / CreateRowPolicy / ListRowPolicies",
                    "copy:51927818742", "2.6", "proxy RLS and user-tag entry points forward to the coordinator "
                    "(requireAdminForRLS first); no master copy is stored")
PROTO = "proto/milvus.proto"
REPL = "internal/distributed/streaming/replicate_service.go"
ERRORS = "pkg/util/merr/errors.go"
FR_26 = older_line("internal/datacoord/services.go", "Server.AddFileResource / RemoveFileResource / ListFileResources",
                   "copy:5691134808", "2.6", "DataCoord stores name and path under a new id; no master copy is stored")

SNAPSHOTS_SINCE = "3.0.0"
EXPORT_STATE_SINCE = "3.0.0"  # the 3.0 line; not in the v3.0.0 tag (milvus-proto #644, 2026-07-29) — no tag pins it
NAMESPACES_SINCE = "3.0.0"  # the 3.0 line; in no tag up to v3.0.0 (branch 3.0) — no tag pins it
FILE_RESOURCES_SINCE = "2.6.1"
RLS_SINCE = "2.6.0"
REPLICATE_SINCE = "2.6.2"
REPLICATE_CONFIG_SINCE = "2.6.12"
DUMP_SINCE = "2.6.14"
EXTERNAL_SINCE = "3.0.0"

_RLS_GAP = ("the master proxy/rootcoord RLS code is not among the stored copies; the 2.6-line proxy forwards to the "
            "coordinator, so the success answer is what a coordinator that accepts the request returns")
_NF_GAP = ("merr.WrapErrSnapshotNotFound/WrapErrNamespaceNotFound exist on master (utils.go) but the stored "
           "errors.go copy predates their sentinels, so the numeric code is not pinned: judged as 'refused'")

# ---- snapshots -------------------------------------------------------------------------------------------

success("CreateSnapshot/creates", "CreateSnapshot of an existing collection under a valid new name",
        evidence=(master(SNAP_TASK, "CreateSnapshotTask.PreExecute/Execute"),
                  master(DC, "Server.CreateSnapshot")), since=SNAPSHOTS_SINCE)
error("CreateSnapshot/duplicate-name", "CreateSnapshot again under a name the collection's snapshot already has",
      PARAMETER_INVALID, "snapshot name {name} already exists",
      evidence=master(DC, "Server.CreateSnapshot", "GetSnapshot found → WrapErrParameterInvalidMsg(\"snapshot name "
                      "%s already exists\")"), since=SNAPSHOTS_SINCE)
error("CreateSnapshot/empty-name", "CreateSnapshot with an empty snapshot name", PARAMETER_INVALID,
      "snapshot name should be not empty",
      evidence=(master(SNAP_TASK, "CreateSnapshotTask.PreExecute", "ValidateSnapshotName first"),
                master(UTIL, "validateNameWithCustomChars", "empty → WrapErrParameterInvalid(\"not empty\", ..., "
                       "nameType+\" should be not empty\")")), since=SNAPSHOTS_SINCE)
error("CreateSnapshot/invalid-name", "CreateSnapshot with a name starting with a digit", PARAMETER_INVALID,
      "the first character of snapshot name must be an underscore or letter",
      evidence=master(UTIL, "validateNameWithCustomChars"), since=SNAPSHOTS_SINCE)
error("CreateSnapshot/negative-protection", "CreateSnapshot with a negative compaction_protection_seconds",
      PARAMETER_INVALID, "compaction_protection_seconds must be non-negative",
      evidence=master(SNAP_TASK, "CreateSnapshotTask.PreExecute"), since=SNAPSHOTS_SINCE)
error("CreateSnapshot/missing-collection", "CreateSnapshot of a missing collection", COLLECTION_NOT_FOUND,
      "collection not found[database={db}][collection={name}]",
      evidence=master(SNAP_TASK, "CreateSnapshotTask.PreExecute", "GetMetaCache().GetCollectionID"),
      since=SNAPSHOTS_SINCE, input_error=True)

success("DropSnapshot/drops", "DropSnapshot of an existing snapshot", evidence=master(DC, "Server.DropSnapshot"),
        since=SNAPSHOTS_SINCE)
success("DropSnapshot/missing-snapshot", "DropSnapshot of a snapshot the collection does not have is idempotent",
        evidence=master(DC, "Server.DropSnapshot", "snapshot not found → Success (idempotent)"),
        since=SNAPSHOTS_SINCE)
error("DropSnapshot/missing-collection", "DropSnapshot in a missing collection", COLLECTION_NOT_FOUND,
      "collection not found[database={db}][collection={name}]", evidence=master(SNAP_TASK, "DropSnapshotTask.PreExecute"), since=SNAPSHOTS_SINCE,
      input_error=True)

success("ListSnapshots/existing", "ListSnapshots of an existing collection",
        evidence=master(SNAP_TASK, "ListSnapshotsTask.Execute"), since=SNAPSHOTS_SINCE)
semantic("ListSnapshots/lists-snapshots", "ListSnapshots lists exactly the collection's snapshots (created: "
         "listed; dropped: gone)", evidence=(master(DC, "Server.ListSnapshots"),
                                             master(SNAP_TASK, "ListSnapshotsTask.Execute")), since=SNAPSHOTS_SINCE)
error("ListSnapshots/missing-collection-name", "ListSnapshots without a collection name", PARAMETER_MISSING,
      "collection_name is required for ListSnapshots", evidence=master(SNAP_TASK, "ListSnapshotsTask.PreExecute"),
      since=SNAPSHOTS_SINCE)
error("ListSnapshots/missing-collection", "ListSnapshots of a missing collection", COLLECTION_NOT_FOUND,
      "collection not found[database={db}][collection={name}]", evidence=master(SNAP_TASK, "ListSnapshotsTask.PreExecute"), since=SNAPSHOTS_SINCE,
      input_error=True)

success("DescribeSnapshot/existing", "DescribeSnapshot of an existing snapshot",
        evidence=master(SNAP_TASK, "DescribeSnapshotTask.Execute"), since=SNAPSHOTS_SINCE)
semantic("DescribeSnapshot/echoes", "DescribeSnapshot names the snapshot, its description and collection, and a "
         "creation timestamp", evidence=master(SNAP_TASK, "DescribeSnapshotTask.Execute",
                                               "Name, Description, CreateTs, CollectionName from SnapshotInfo"),
         since=SNAPSHOTS_SINCE)
semantic("DescribeSnapshot/missing-snapshot-refused", "DescribeSnapshot of a snapshot the collection does not have "
         "is refused (ErrSnapshotNotFound)", evidence=(master(DC, "Server.DescribeSnapshot"),
                                                        master("pkg/util/merr/utils.go", "WrapErrSnapshotNotFound")),
         since=SNAPSHOTS_SINCE)
error("DescribeSnapshot/missing-collection-name", "DescribeSnapshot without a collection name", PARAMETER_MISSING,
      "collection_name is required for describe snapshot",
      evidence=master(SNAP_TASK, "DescribeSnapshotTask.PreExecute"), since=SNAPSHOTS_SINCE)
error("DescribeSnapshot/empty-name", "DescribeSnapshot with an empty snapshot name", PARAMETER_INVALID,
      "snapshot name should be not empty", evidence=(master(SNAP_TASK, "DescribeSnapshotTask.PreExecute"),
                                                    master(UTIL, "validateNameWithCustomChars")),
      since=SNAPSHOTS_SINCE)
error("DescribeSnapshot/missing-collection", "DescribeSnapshot in a missing collection", COLLECTION_NOT_FOUND,
      "collection not found[database={db}][collection={name}]", evidence=master(SNAP_TASK, "DescribeSnapshotTask.PreExecute"), since=SNAPSHOTS_SINCE,
      input_error=True)

error("RestoreSnapshot/missing-target-name", "RestoreSnapshot without a target collection name", PARAMETER_MISSING,
      "target_collection_name is required for restore snapshot",
      evidence=master(SNAP_TASK, "RestoreSnapshotTask.PreExecute"), since=SNAPSHOTS_SINCE)
error("RestoreSnapshot/missing-collection-name", "RestoreSnapshot without a source collection name",
      PARAMETER_MISSING, "collection_name is required for restore snapshot",
      evidence=master(SNAP_TASK, "RestoreSnapshotTask.PreExecute"), since=SNAPSHOTS_SINCE)
error("RestoreSnapshot/invalid-target-name", "RestoreSnapshot to a target collection name starting with a digit",
      PARAMETER_INVALID, "the first character of collection name must be an underscore or letter",
      evidence=master(SNAP_TASK, "RestoreSnapshotTask.PreExecute", "ValidateCollectionName(target)"),
      since=SNAPSHOTS_SINCE)
error("RestoreSnapshot/missing-collection", "RestoreSnapshot from a missing source collection", COLLECTION_NOT_FOUND,
      "collection not found[database={db}][collection={name}]", evidence=master(SNAP_TASK, "RestoreSnapshotTask.PreExecute"), since=SNAPSHOTS_SINCE,
      input_error=True)
success("RestoreSnapshot/restores", "RestoreSnapshot of an existing snapshot into a new collection",
        evidence=master(SNAP_TASK, "RestoreSnapshotTask.Execute", "Success with the DataCoord job id"),
        since=SNAPSHOTS_SINCE)
semantic("RestoreSnapshot/job-id", "a restore answers a non-zero job id and the target collection exists",
         evidence=(master(SNAP_TASK, "RestoreSnapshotTask.Execute"), master(DC, "Server.RestoreSnapshot")),
         since=SNAPSHOTS_SINCE)
success("GetRestoreSnapshotState/existing", "GetRestoreSnapshotState of a job the run started",
        evidence=master(DC, "Server.GetRestoreSnapshotState"), since=SNAPSHOTS_SINCE)
semantic("GetRestoreSnapshotState/describes-job", "the state of a restore job names the job and its snapshot and "
         "is not failed", evidence=master(SNAP_TASK, "GetRestoreSnapshotStateTask.Execute",
                                          "JobId, SnapshotName, State from DataCoord's RestoreSnapshotInfo"),
         since=SNAPSHOTS_SINCE)
semantic("ListRestoreSnapshotJobs/lists-job", "a restore job the run started is listed",
         evidence=master(SNAP_TASK, "ListRestoreSnapshotJobsTask.Execute"), since=SNAPSHOTS_SINCE)
semantic("RestoreSnapshot/missing-snapshot-refused", "RestoreSnapshot of a snapshot the collection does not have is "
         "refused", evidence=master(DC, "Server.RestoreSnapshot", "snapshotManager.RestoreSnapshot error"),
         since=SNAPSHOTS_SINCE)

error("RestoreExternalSnapshot/missing-uri", "RestoreExternalSnapshot without a snapshot_metadata_uri",
      PARAMETER_INVALID, "snapshot_metadata_uri is required for restore external snapshot",
      evidence=master(SNAP_IMPL, "Proxy.RestoreExternalSnapshot"), since=SNAPSHOTS_SINCE)
semantic("RestoreExternalSnapshot/unreadable-uri-refused", "RestoreExternalSnapshot from a metadata URI the server "
         "cannot read is refused (a single-node server has no such object)",
         evidence=master(SNAP_IMPL, "Proxy.RestoreExternalSnapshot", "mixCoord.RestoreSnapshot(External) error"),
         since=SNAPSHOTS_SINCE)

error("ExportSnapshot/empty-name", "ExportSnapshot with an empty snapshot name", PARAMETER_INVALID,
      "snapshot name should be not empty", evidence=master(SNAP_IMPL, "Proxy.ExportSnapshot", "ValidateSnapshotName"),
      since=SNAPSHOTS_SINCE)
error("ExportSnapshot/missing-target-path", "ExportSnapshot without a target_s3_path", PARAMETER_INVALID,
      "target_s3_path is required for export snapshot", evidence=master(SNAP_IMPL, "Proxy.ExportSnapshot"),
      since=SNAPSHOTS_SINCE)
error("ExportSnapshot/missing-collection", "ExportSnapshot from a missing collection", COLLECTION_NOT_FOUND,
      "collection not found[database={db}][collection={name}]", evidence=master(SNAP_IMPL, "Proxy.ExportSnapshot", "globalMetaCache.GetCollectionID"),
      since=SNAPSHOTS_SINCE, input_error=True)
semantic("GetExportSnapshotState/unknown-job-refused", "GetExportSnapshotState of a job id the server never issued "
         "is refused", evidence=(Protocol(PROTO, "GetExportSnapshotState"),
                                 master(SNAP_IMPL, "Proxy.ExportSnapshot", "export jobs are issued by DataCoord; the "
                                        "state entry point is not in the stored copy")), since=EXPORT_STATE_SINCE)

semantic("GetRestoreSnapshotState/unknown-job-refused", "GetRestoreSnapshotState of a job id the server never "
         "issued is refused", evidence=master(DC, "Server.GetRestoreSnapshotState", "snapshotManager.GetRestoreState "
                                               "error → Status"), since=SNAPSHOTS_SINCE)
success("ListRestoreSnapshotJobs/existing", "ListRestoreSnapshotJobs of an existing collection",
        evidence=master(SNAP_TASK, "ListRestoreSnapshotJobsTask.Execute"), since=SNAPSHOTS_SINCE)
semantic("ListRestoreSnapshotJobs/none-for-new-collection", "a collection nothing was restored into lists no "
         "restore job", evidence=master(DC, "Server.ListRestoreSnapshotJobs", "ListRestoreJobs(collectionID)"),
         since=SNAPSHOTS_SINCE)
error("ListRestoreSnapshotJobs/missing-collection", "ListRestoreSnapshotJobs of a missing collection",
      COLLECTION_NOT_FOUND, "collection not found[database={db}][collection={name}]",
      evidence=master(SNAP_TASK, "ListRestoreSnapshotJobsTask.PreExecute"), since=SNAPSHOTS_SINCE, input_error=True)

error("PinSnapshotData/negative-ttl", "PinSnapshotData with a negative ttl_seconds", PARAMETER_INVALID,
      "ttl_seconds must be non-negative", evidence=master(SNAP_TASK, "PinSnapshotDataTask.PreExecute"),
      since=SNAPSHOTS_SINCE)
error("PinSnapshotData/ttl-too-long", "PinSnapshotData with a ttl_seconds over 30 days", PARAMETER_INVALID,
      "ttl_seconds exceeds maximum of 2592000 (30 days)",
      evidence=master(SNAP_TASK, "PinSnapshotDataTask.PreExecute", "maxPinTTLSeconds = 30*24*3600"),
      since=SNAPSHOTS_SINCE)
error("PinSnapshotData/missing-collection", "PinSnapshotData in a missing collection", COLLECTION_NOT_FOUND,
      "collection not found[database={db}][collection={name}]", evidence=master(SNAP_TASK, "PinSnapshotDataTask.PreExecute"), since=SNAPSHOTS_SINCE,
      input_error=True)
success("PinSnapshotData/pins", "PinSnapshotData of an existing snapshot",
        evidence=master(SNAP_TASK, "PinSnapshotDataTask.Execute", "Success with the coordinator's pin id"),
        since=SNAPSHOTS_SINCE)
semantic("PinSnapshotData/pin-id", "a successful pin returns a non-zero pin id",
         evidence=master(SNAP_TASK, "PinSnapshotDataTask.Execute"), since=SNAPSHOTS_SINCE)
error("UnpinSnapshotData/missing-pin-id", "UnpinSnapshotData without a pin id", PARAMETER_MISSING,
      "pin_id is required for unpin snapshot data", evidence=master(SNAP_TASK, "UnpinSnapshotDataTask.PreExecute"),
      since=SNAPSHOTS_SINCE)
success("UnpinSnapshotData/unpins", "UnpinSnapshotData of a pin the run took",
        evidence=master(SNAP_TASK, "UnpinSnapshotDataTask.Execute"), since=SNAPSHOTS_SINCE)

# ---- namespaces ------------------------------------------------------------------------------------------

_NS_OFF = "namespace APIs require collection with namespace enabled and namespace.mode=partition"
_ns_off_evidence = (master(NS_TASK, "validateNamespaceCollection"), master(NS_CORE, "Core.getNamespaceCollection"))
for _rpc in ("CreateNamespace", "DescribeNamespace", "ListNamespaces", "DropNamespace", "HasNamespace",
             "GetNamespaceStats"):
    error(f"{_rpc}/namespaces-disabled", f"{_rpc} on a collection created without namespaces",
          PARAMETER_INVALID, _NS_OFF, evidence=_ns_off_evidence, since=NAMESPACES_SINCE)
    error(f"{_rpc}/missing-collection", f"{_rpc} on a missing collection", COLLECTION_NOT_FOUND,
          "collection not found[database={db}][collection={name}]", evidence=master(NS_TASK, "validateNamespaceCollection",
                                                  "globalMetaCache.GetCollectionSchema"),
          since=NAMESPACES_SINCE, input_error=True)
for _rpc in ("CreateNamespace", "DescribeNamespace", "HasNamespace", "GetNamespaceStats"):  # (DropNamespace: an
    # empty name is never sent — the ownership guard refuses it on a request that removes what it names)
    error(f"{_rpc}/invalid-name", f"{_rpc} with an empty namespace name", PARAMETER_INVALID,
          "Invalid partition name", evidence=(master(NS_TASK, f"{_rpc[0].lower()}{_rpc[1:]}Task.PreExecute",
                                                     "validatePartitionTag(namespace, true)"),
                                              master(NS_CORE, "validateNamespaceName")),
          since=NAMESPACES_SINCE)
success("CreateNamespace/creates", "CreateNamespace of a new name in a namespace-enabled collection",
        evidence=master(NS_CORE, "Core.CreateNamespace", "broadcastCreatePartition, then the new NamespaceInfo"),
        since=NAMESPACES_SINCE)
semantic("CreateNamespace/returns-info", "CreateNamespace answers the new namespace's info (its name, its "
         "collection, state Ready)", evidence=master(NS_CORE, "namespaceInfoFromPartition"), since=NAMESPACES_SINCE)
semantic("CreateNamespace/duplicate-refused", "CreateNamespace of a name the collection already has is refused "
         "(ErrNamespaceAlreadyExists)", evidence=master(NS_CORE, "Core.CreateNamespace",
                                                        "errIgnoerdCreatePartition → WrapErrNamespaceAlreadyExists"),
         since=NAMESPACES_SINCE)
success("DescribeNamespace/existing", "DescribeNamespace of an existing namespace",
        evidence=master(NS_CORE, "Core.DescribeNamespace"), since=NAMESPACES_SINCE)
semantic("DescribeNamespace/echoes", "DescribeNamespace names the namespace and its collection",
         evidence=master(NS_CORE, "namespaceInfoFromPartition"), since=NAMESPACES_SINCE)
semantic("DescribeNamespace/missing-refused", "DescribeNamespace of a missing namespace is refused "
         "(ErrNamespaceNotFound)", evidence=master(NS_CORE, "Core.getNamespaceInfo"), since=NAMESPACES_SINCE)
success("ListNamespaces/existing", "ListNamespaces of a namespace-enabled collection",
        evidence=master(NS_CORE, "Core.ListNamespaces"), since=NAMESPACES_SINCE)
semantic("ListNamespaces/lists-namespaces", "ListNamespaces lists exactly the collection's namespaces, sorted by "
         "name, without the default partition", evidence=master(NS_CORE, "Core.ListNamespaces",
                                                                "isActiveNamespacePartition; sort by name"),
         since=NAMESPACES_SINCE)
error("ListNamespaces/negative-page-size", "ListNamespaces with a negative page size", PARAMETER_INVALID,
      "namespace page size must be non-negative", evidence=master(NS_CORE, "namespacePageSize"),
      since=NAMESPACES_SINCE)
error("ListNamespaces/bad-page-token", "ListNamespaces with a page token that is not a number", PARAMETER_INVALID,
      "invalid namespace page token", evidence=master(NS_CORE, "namespacePageStart"), since=NAMESPACES_SINCE)
semantic("ListNamespaces/pages", "page_size 1 gives one namespace and a next_page_token that continues the list",
         evidence=master(NS_CORE, "Core.ListNamespaces", "nextPageToken = strconv.Itoa(end)"),
         since=NAMESPACES_SINCE)
success("HasNamespace/answers", "HasNamespace of a namespace-enabled collection",
        evidence=master(NS_CORE, "Core.HasNamespace"), since=NAMESPACES_SINCE)
semantic("HasNamespace/value", "HasNamespace is true for a created namespace and false once dropped or never "
         "created", evidence=master(NS_CORE, "Core.HasNamespace"), since=NAMESPACES_SINCE)
success("DropNamespace/drops", "DropNamespace of an existing namespace", evidence=master(NS_CORE, "Core.DropNamespace"),
        since=NAMESPACES_SINCE)
semantic("DropNamespace/missing-refused", "DropNamespace of a missing namespace is refused (ErrNamespaceNotFound)",
         evidence=master(NS_CORE, "Core.DropNamespace", "getNamespaceInfo → WrapErrNamespaceNotFound"),
         since=NAMESPACES_SINCE)
error("GetNamespaceStats/exact-unsupported", "GetNamespaceStats with exact=true", PARAMETER_INVALID,
      "exact namespace stats are not supported yet", evidence=master(NS_TASK, "getNamespaceStatsTask.PreExecute"),
      since=NAMESPACES_SINCE)
success("GetNamespaceStats/existing", "GetNamespaceStats of an existing namespace",
        evidence=master(NS_TASK, "getNamespaceStatsTask.Execute"), since=NAMESPACES_SINCE)
semantic("GetNamespaceStats/shape", "GetNamespaceStats names the namespace and counts its rows approximately "
         "(0 for a new namespace)", evidence=master(NS_TASK, "namespaceStatsFromKVs",
                                                   "EntityCountType \"approximate\", ApproxEntityCount = row_count"),
         since=NAMESPACES_SINCE)
semantic("GetNamespaceStats/missing-refused", "GetNamespaceStats of a missing namespace is refused",
         evidence=master(NS_TASK, "getNamespaceStatsTask.Execute", "ErrPartitionNotFound → WrapErrNamespaceNotFound"),
         since=NAMESPACES_SINCE)

# ---- file resources --------------------------------------------------------------------------------------

_FR_GAP = ("the master proxy/coordinator file-resource code is not among the stored copies (only the v3 RESTful "
           "wrapper, which forwards AddFileResource/RemoveFileResource to the proxy unchanged)")
success("AddFileResource/adds", "AddFileResource of a new name and a path", evidence=FR_26,
        since=FILE_RESOURCES_SINCE, gap=_FR_GAP)
success("ListFileResources/answers", "ListFileResources", evidence=FR_26, since=FILE_RESOURCES_SINCE, gap=_FR_GAP)
semantic("ListFileResources/lists-added", "a file resource added is listed with its name and path (and a non-zero "
         "id), and is gone once removed", evidence=FR_26, since=FILE_RESOURCES_SINCE, gap=_FR_GAP)
success("RemoveFileResource/removes", "RemoveFileResource of a resource the run added", evidence=FR_26,
        since=FILE_RESOURCES_SINCE, gap=_FR_GAP)

# ---- user tags -------------------------------------------------------------------------------------------

success("AddUserTags/adds", "AddUserTags to a user the run created", evidence=RLS_26, since=RLS_SINCE, gap=_RLS_GAP)
success("GetUserTags/existing", "GetUserTags of a user the run created", evidence=RLS_26, since=RLS_SINCE,
        gap=_RLS_GAP)
semantic("GetUserTags/returns-tags", "GetUserTags returns exactly the tags added and not deleted", evidence=RLS_26,
         since=RLS_SINCE, gap=_RLS_GAP)
success("DeleteUserTags/deletes", "DeleteUserTags of tag keys of a user the run created", evidence=RLS_26,
        since=RLS_SINCE, gap=_RLS_GAP)
success("ListUsersWithTag/answers", "ListUsersWithTag of a key and value", evidence=RLS_26, since=RLS_SINCE,
        gap=_RLS_GAP)
semantic("ListUsersWithTag/lists-tagged", "ListUsersWithTag lists a user that carries the tag, and no longer once the "
         "tag is deleted", evidence=RLS_26, since=RLS_SINCE, gap=_RLS_GAP)
semantic("AddUserTags/missing-user-refused", "AddUserTags to a user that does not exist is refused",
         evidence=RLS_26, since=RLS_SINCE, gap=_RLS_GAP)

# ---- row policies ----------------------------------------------------------------------------------------

success("CreateRowPolicy/creates", "CreateRowPolicy on a collection the run created", evidence=RLS_26,
        since=RLS_SINCE, gap=_RLS_GAP)
success("ListRowPolicies/existing", "ListRowPolicies of a collection the run created", evidence=RLS_26,
        since=RLS_SINCE, gap=_RLS_GAP)
semantic("ListRowPolicies/lists-policies", "ListRowPolicies lists a created policy with its actions, roles and "
         "expressions, and names the collection", evidence=RLS_26, since=RLS_SINCE, gap=_RLS_GAP)
success("DropRowPolicy/drops", "DropRowPolicy of a policy the run created", evidence=RLS_26, since=RLS_SINCE,
        gap=_RLS_GAP)
semantic("CreateRowPolicy/missing-collection-refused", "CreateRowPolicy on a missing collection is refused",
         evidence=RLS_26, since=RLS_SINCE, gap=_RLS_GAP)

# ---- replication -----------------------------------------------------------------------------------------

success("GetReplicateConfiguration/answers", "GetReplicateConfiguration of a server",
        evidence=master(REPL, "replicateService.GetReplicateConfiguration", "the sanitised stored configuration "
                        "(fresh read)"), since=REPLICATE_CONFIG_SINCE)
semantic("GetReplicateConfiguration/echoes-update", "after UpdateReplicateConfiguration, GetReplicateConfiguration "
         "answers the configuration set", evidence=master(REPL, "replicateService.GetReplicateConfiguration",
                                                           "WithFreshRead: consistent after an update"),
         since=REPLICATE_CONFIG_SINCE)
success("UpdateReplicateConfiguration/updates", "UpdateReplicateConfiguration with the configuration the server "
        "already has", evidence=master(REPL, "replicateService.UpdateReplicateConfiguration",
                                       "forwarded to the streaming coordinator"), since=REPLICATE_SINCE)
semantic("GetReplicateInfo/unknown-source-empty", "GetReplicateInfo for a source cluster that never replicated here "
         "answers no checkpoint", evidence=master(REPL, "replicateService.GetReplicateCheckpoint"),
         since=REPLICATE_SINCE)
semantic("ReplicateMessage/refused", "ReplicateMessage (deprecated) to a server that is not a replication target is "
         "refused", evidence=master(ERRORS, "ErrDenyReplicateMessage", "1900 \"deny to use the replicate message in "
                                    "the normal instance\""))
semantic("DumpMessages/unknown-channel-refused", "DumpMessages of a physical channel the server does not have "
         "ends with an error (a streamed error Status or a gRPC error)",
         evidence=master(ERRORS, "ErrChannelNotFound", "the sentinel for a missing channel; the DumpMessages entry "
                         "point is not among the stored copies"), since=DUMP_SINCE)
semantic("CreateReplicateStream/empty-stream", "a replicate stream that sends no message is confirmed nothing",
         evidence=master(REPL, "replicateService.overwriteReplicateMessage", "a primary cluster cannot receive "
                         "replicate messages; nothing sent, nothing confirmed"), since=REPLICATE_SINCE)

# ---- external collections and manifests ------------------------------------------------------------------

semantic("RefreshExternalCollection/plain-collection-refused", "RefreshExternalCollection of a collection that "
         "is not external is refused", evidence=master(DC, "Server.RefreshExternalCollection"), since=EXTERNAL_SINCE,
         gap="DataCoord's refresh itself checks no external source; the proxy entry point that refuses a plain "
             "collection is not among the stored copies (proxy write paths do call checkExternalCollectionBlocked"
             "ForWrite, impl.go)")
error("RefreshExternalCollection/missing-collection", "RefreshExternalCollection of a missing collection",
      COLLECTION_NOT_FOUND, "collection not found[database={db}][collection={name}]", evidence=master(DC, "Server.RefreshExternalCollection"),
      since=EXTERNAL_SINCE, input_error=True,
      gap="the proxy resolves the collection id before DataCoord; its master entry point is not among the stored "
          "copies")
semantic("GetRefreshExternalCollectionProgress/unknown-job-refused", "GetRefreshExternalCollectionProgress of a job "
         "id the server never issued is refused",
         evidence=master(DC, "Server.GetRefreshExternalCollectionProgress", "GetJobProgress error → Status"),
         since=EXTERNAL_SINCE)
success("ListRefreshExternalCollectionJobs/existing", "ListRefreshExternalCollectionJobs of an existing collection",
        evidence=master(DC, "Server.ListRefreshExternalCollectionJobs"), since=EXTERNAL_SINCE)
error("ListRefreshExternalCollectionJobs/missing-collection", "ListRefreshExternalCollectionJobs of a missing "
      "collection", COLLECTION_NOT_FOUND, "collection not found[database={db}][collection={name}]",
      evidence=master(DC, "Server.ListRefreshExternalCollectionJobs"), since=EXTERNAL_SINCE, input_error=True,
      gap="the proxy resolves the collection id before DataCoord; its master entry point is not among the stored "
          "copies")
semantic("ListRefreshExternalCollectionJobs/none", "a collection never refreshed lists no refresh job",
         evidence=master(DC, "Server.ListRefreshExternalCollectionJobs"), since=EXTERNAL_SINCE)
error("BatchUpdateManifest/missing-collection", "BatchUpdateManifest of a missing collection", COLLECTION_NOT_FOUND,
      "collection not found[database={db}][collection={name}]", evidence=master(DC, "Server.BatchUpdateManifest", "DescribeCollectionInternal error"),
      since=EXTERNAL_SINCE, input_error=True,
      gap="the proxy resolves the collection before DataCoord; its master entry point is not among the stored copies")

# ---- prewarm ---------------------------------------------------------------------------------------------
# Prewarm / DescribePrewarmTask (milvus-proto #622 and #624, merged 2026-06-29/30; in the pinned protocol) pre-load a
# namespace partition's data asynchronously. Their server side (milvus-io/milvus#50732) was still open in the stored
# data: no Milvus release answers them, so a server without them is reported "not implemented" (true of it). The
# checks hold only what the protocol states — a task id comes back, the task is describable, its state is one of
# PrewarmTaskState and progress a percentage — and that a request naming nothing real is refused (code not pinned).

PREWARM_SINCE = "3.0.0"  # the 3.0 line; no tag and no server implementation pins it
_PREWARM = (Protocol(PROTO, "Prewarm / PrewarmResponse.taskID"),
            Change("milvus-io/milvus#50732", "server side of Prewarm, open in the stored data"))
_PREWARM_GAP = "no Milvus source implements Prewarm yet (milvus-io/milvus#50732 open): the protocol is the evidence"

success("Prewarm/starts-task", "Prewarm of a namespace of a namespace-mode collection is accepted",
        evidence=_PREWARM, since=PREWARM_SINCE, gap=_PREWARM_GAP)
semantic("Prewarm/returns-task-id", "Prewarm answers a non-empty task id and echoes the namespace",
         evidence=_PREWARM, since=PREWARM_SINCE, gap=_PREWARM_GAP)
semantic("Prewarm/missing-collection-refused", "Prewarm of a missing collection is refused", evidence=_PREWARM,
         since=PREWARM_SINCE, gap=_PREWARM_GAP)
semantic("Prewarm/missing-namespace-refused", "Prewarm of a namespace the collection does not have is refused",
         evidence=_PREWARM, since=PREWARM_SINCE, gap=_PREWARM_GAP)
success("DescribePrewarmTask/describes", "DescribePrewarmTask of a task Prewarm issued",
        evidence=(Protocol(PROTO, "DescribePrewarmTask"), *_PREWARM[1:]), since=PREWARM_SINCE, gap=_PREWARM_GAP)
semantic("DescribePrewarmTask/shape", "DescribePrewarmTask echoes the task id, names a known PrewarmTaskState "
         "(not Unknown) and a progress in 0..100", evidence=(Protocol(PROTO, "DescribePrewarmTaskResponse"),),
         since=PREWARM_SINCE, gap=_PREWARM_GAP)
semantic("DescribePrewarmTask/unknown-task-refused", "DescribePrewarmTask of a task id never issued is refused",
         evidence=(Protocol(PROTO, "DescribePrewarmTask"), *_PREWARM[1:]), since=PREWARM_SINCE, gap=_PREWARM_GAP)
