"""Load and release: LoadCollection, ReleaseCollection, LoadPartitions, ReleasePartitions, GetLoadState,
GetLoadingProgress, and the completion of a load (judged by waiting on GetLoadState)."""

from __future__ import annotations

from ..errors import (
    COLLECTION_NOT_FOUND,
    COLLECTION_NOT_LOADED,
    INDEX_NOT_FOUND,
    PARAMETER_INVALID,
    PARTITION_NOT_FOUND,
    PARTITION_NOT_LOADED,
)
from .common import M235, TASK, UTIL, plain_error_before_standardisation
from .core import Alternative
from .evidence import Change, master, older_line
from .registry import error, semantic, success, was

_IMPL = "internal/proxy/impl.go"
_PARTITION = master("internal/proxy/meta_cache.go", "GetPartitionInfo",
                    "the single partition-name chokepoint: WrapErrAsInputError(WrapErrPartitionNotFound(name))")
_MC = master("internal/proxy/meta_cache.go", "GetCollectionID",
             "UpdateByName stamps CollectionNotFound/DatabaseNotFound as the caller's (input) error")
_LOADS = ("LoadCollection", "LoadPartitions")

# ---- LoadCollection / ReleaseCollection --------------------------------------------------------------------

success("LoadCollection/loads", "LoadCollection of an indexed collection", evidence=(master(TASK, "LoadCollectionTask"),
                                                                                   M235))
semantic("LoadCollection/completes", "an accepted LoadCollection completes: GetLoadState reaches LoadStateLoaded "
         "within the wait (a load that never completes is a deviation, not a pass)",
         evidence=(master(TASK, "LoadCollectionTask.Execute"), master(_IMPL, "GetLoadState",
                                                                    "progress >= 100 → LoadStateLoaded")))
error("LoadCollection/no-index", "LoadCollection / LoadPartitions of a collection without any index", INDEX_NOT_FOUND,
      "index not found[collection={name}]",
      evidence=master(TASK, "LoadCollectionTask.Execute / LoadPartitionsTask.Execute",
                      "datacoord ErrIndexNotFound → WrapErrIndexNotFoundForCollection"), rpcs=_LOADS)
error("LoadCollection/unindexed-vector-field", "LoadCollection / LoadPartitions while a loaded vector field has no "
      "index (another field has one)", PARAMETER_INVALID,
      "there is no vector index on field: [{fields}], please create index firstly: invalid parameter",
      evidence=master(TASK, "LoadCollectionTask.Execute / LoadPartitionsTask.Execute", "WrapErrParameterInvalidMsg"),
      rpcs=_LOADS, history=plain_error_before_standardisation())
error("LoadCollection/missing-collection", "load/release RPCs on a missing collection", COLLECTION_NOT_FOUND,
      "collection not found[database={db}][collection={name}]",
      evidence=(master(TASK, "Load/Release*Task.Execute → GetCollectionID"), _MC), input_error=True,
      rpcs=("LoadCollection", "ReleaseCollection", "LoadPartitions", "ReleasePartitions", "GetLoadingProgress"))
success("ReleaseCollection/releases", "ReleaseCollection of a loaded or not loaded collection",
        evidence=(master(TASK, "ReleaseCollectionTask"), M235))

# querycoord's AssignReplica: with the streaming service (every 2.6+ deployment's default) a replica count above the
# streaming query nodes fails WrapErrStreamingNodeNotEnough → ErrServiceResourceInsufficient (12, retriable, legacy
# UnexpectedError); querycoord answers merr.Status(err) and the proxy passes that Status on.
SERVICE_RESOURCE_INSUFFICIENT = 12
error("LoadCollection/replica-number-exceeds-nodes", "LoadCollection / LoadPartitions asking for more replicas than "
      "the server has (streaming) query nodes (a single-node server: more than 1)", SERVICE_RESOURCE_INSUFFICIENT,
      "when load {n} replica count: service resource insufficient[currentStreamingNode={nodes}]"
      "[expectedStreamingNode={n}]",
      evidence=(master("internal/querycoordv2/services.go", "Server.LoadCollection / Server.LoadPartitions",
                       "return merr.Status(err) of broadcastAlterLoadConfigCollectionV2For*"),
                master(TASK, "LoadCollectionTask.Execute / LoadPartitionsTask.Execute",
                       "after the index (and partition) checks the querycoord Status is the answer"),
                older_line("internal/querycoordv2/utils/util.go", "AssignReplica", "copy:2546941825", "2.6",
                           "streaming service on: replicaNumber > streaming query nodes → WrapErrStreamingNodeNotEnough "
                           "(ErrServiceResourceInsufficient); without it a resource group with fewer nodes → "
                           "WrapErrResourceGroupNodeNotEnough (304)"),
                older_line("internal/querycoordv2/ddl_callbacks_alter_load_info_load_collection.go",
                           "broadcastAlterLoadConfigCollectionV2ForLoadCollection",
                           "6a357ba427cbbdfa9bb405c4848f2abd83f3a181", "2.6",
                           "AssignReplica before the load config is broadcast; a replica_number <= 0 means the "
                           "configured one, else 1")),
      gap="the master copies of querycoordv2/utils AssignReplica and of the load ddl callbacks are not stored (only "
          "2.6-line, pkg/v2 ones); master's services.go passes their error through unchanged",
      alternatives=(Alternative(304, "a deployment without the streaming service (streamingutil.IsStreamingService"
                                     "Enabled false: 2.4 / 2.5, or 2.6 with it off) fails AssignReplica's per-resource"
                                     "-group node count instead: ErrResourceGroupNodeNotEnough"),),
      history=(was("2.4.0", 65535, Change("2.3-line querycoordv2/utils/meta.go (stored copy a513d851, pkg without a "
                                          "version)", "AssignNodesToReplicas returns the plain meta.ErrNodeNotEnough, "
                                          "wrapped by the load job ('failed to spawn replica for collection') and "
                                          "querycoord ('failed to load collection'): 65535; 2.4.0, the first release "
                                          "with the merr resource-group errors, assumed")),),
      rpcs=_LOADS)

# ---- LoadPartitions / ReleasePartitions --------------------------------------------------------------------

success("LoadPartitions/loads", "LoadPartitions of existing partitions of an indexed collection",
        evidence=master(TASK, "LoadPartitionsTask"))
semantic("LoadPartitions/completes", "accepted LoadPartitions complete: GetLoadState of those partitions reaches "
         "LoadStateLoaded within the wait", evidence=(master(TASK, "LoadPartitionsTask.Execute"),
                                                     master(_IMPL, "GetLoadState / getPartitionProgress")))
error("LoadPartitions/missing-partition", "LoadPartitions naming a missing partition", PARTITION_NOT_FOUND,
      "partition not found[partition={name}]",
      evidence=(master(TASK, "LoadPartitionsTask.Execute → GetPartitionID"), _PARTITION, M235), input_error=True)
error("LoadPartitions/no-partition-specified", "LoadPartitions with an empty partition list (after the index "
      "checks)", PARAMETER_INVALID, "failed to load partition, due to no partition specified: invalid parameter",
      evidence=master(TASK, "LoadPartitionsTask.Execute"), history=plain_error_before_standardisation())
error("LoadPartitions/partition-key-collection", "LoadPartitions / ReleasePartitions on a partition-key collection",
      PARAMETER_INVALID, "disable {verb} partitions if partition key mode is used: invalid parameter",
      evidence=master(TASK, "LoadPartitionsTask.PreExecute / ReleasePartitionsTask.PreExecute"),
      rpcs=("LoadPartitions", "ReleasePartitions"), history=plain_error_before_standardisation())
success("ReleasePartitions/releases", "ReleasePartitions of loaded partitions", evidence=master(TASK,
                                                                                            "ReleasePartitionsTask"))
error("ReleasePartitions/missing-partition", "ReleasePartitions naming a missing partition", PARTITION_NOT_FOUND,
      "partition not found[partition={name}]",
      evidence=(master(TASK, "ReleasePartitionsTask.Execute → GetPartitionID"), _PARTITION, M235), input_error=True)

# ---- GetLoadState / GetLoadingProgress ---------------------------------------------------------------------

success("GetLoadState/answers", "GetLoadState answers Success with a state (also for a missing collection)",
        evidence=(master(_IMPL, "GetLoadState"), M235))
semantic("GetLoadState/reports-state", "GetLoadState follows load and release: NotExist for a missing collection, "
         "NotLoad before a load (also before any index) and after a release, Loaded after, per partition too "
         "(loading only p1 leaves _default NotLoad while the collection reports Loaded)",
         evidence=(master(_IMPL, "GetLoadState / getPartitionProgress",
                          "GetCollectionID error → NotExist; ErrCollectionNotLoaded/ErrPartitionNotLoaded → NotLoad; "
                          "progress >= 100 → Loaded, else Loading"), M235))
error("GetLoadState/missing-partition", "GetLoadState naming a missing partition", PARTITION_NOT_FOUND,
      "partition not found[partition={name}]",
      evidence=(master(_IMPL, "getPartitionProgress", "the GetPartitionID error is the Status"), _PARTITION, M235),
      input_error=True)
error("GetLoadState/invalid-name", "GetLoadState with an empty or invalid collection name", PARAMETER_INVALID, None,
      evidence=(master(_IMPL, "GetLoadState → validateCollectionName"), master(UTIL, "validateCollectionNameOrAlias"),
                M235))
success("GetLoadingProgress/answers", "GetLoadingProgress of a loaded collection",
        evidence=(master(_IMPL, "GetLoadingProgress / getCollectionProgress"), M235))
semantic("GetLoadingProgress/loaded-is-100", "a loaded collection reports progress 100",
         evidence=(master(_IMPL, "getCollectionProgress", "progress = InMemoryPercentages[0]"), M235))
error("GetLoadingProgress/not-loaded", "GetLoadingProgress of a collection that is not loaded", COLLECTION_NOT_LOADED,
      "collection not loaded[collection={id}]",
      evidence=master(_IMPL, "getCollectionProgress", "querycoord ShowLoadCollections answers ErrCollectionNotLoaded"))
error("GetLoadingProgress/partition-not-loaded", "GetLoadingProgress of partitions that are not loaded",
      PARTITION_NOT_LOADED, "partition not loaded",
      evidence=master(_IMPL, "getPartitionProgress", "querycoord ShowLoadPartitions answers ErrPartitionNotLoaded"))
