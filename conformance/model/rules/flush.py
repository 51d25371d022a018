"""Flush, GetFlushState, FlushAll, GetFlushAllState and the segment RPCs (GetPersistentSegmentInfo,
GetQuerySegmentInfo). Statistics row counts are the collection and partition families' checks
(GetCollectionStatistics/*, GetPartitionStatistics/*)."""

from __future__ import annotations

from ..errors import COLLECTION_NOT_FOUND, DATABASE_NOT_FOUND, PARAMETER_INVALID
from .common import M235
from .evidence import Change, master, older_line
from .registry import error, semantic, success, was

_IMPL = "internal/proxy/impl.go"
_FLUSH = "internal/proxy/ddl/task_flush_streaming.go"
_FLUSH_ALL = "internal/proxy/ddl/task_flush_all_streaming.go"
_MISSING = "collection not found[database={db}][collection={name}]"
_MC = master("internal/proxy/meta_cache.go", "GetCollectionID",
             "UpdateByName stamps CollectionNotFound/DatabaseNotFound as the caller's (input) error")
_DC_GAP = "no master copy of datacoord services.go is stored; the newest stored copy is the 2.6 line"


def _dcs(symbol: str, note: str = ""):
    return older_line("internal/datacoord/services.go", symbol, "copy:62619120564", "2.6", note)


# ---- Flush / GetFlushState ---------------------------------------------------------------------------------

success("Flush/flushes", "Flush of existing collections answers Success (segments sealed, flush timestamps)",
        evidence=(master(_FLUSH, "FlushTask.Execute"), M235))
semantic("Flush/completes", "a flush completes: GetFlushState reports flushed=true for the segments and flush_ts the "
         "Flush answered, within the wait (a flush that never completes is a deviation, not a pass)",
         evidence=(master(_FLUSH, "FlushTask.Execute", "waits for the consuming side before returning"),
                   master(_IMPL, "GetFlushState"), _dcs("GetFlushState")))
error("Flush/missing-collection", "Flush of a missing collection (names are not validated)", COLLECTION_NOT_FOUND,
      _MISSING, evidence=(master(_FLUSH, "FlushTask.Execute → GetCollectionID"),
                          master("internal/proxy/ddl/task_flush.go", "FlushTask.PreExecute", "empty"), _MC, M235),
      input_error=True)
success("GetFlushState/answers", "GetFlushState answers Success with a flushed flag",
        evidence=(master(_IMPL, "GetFlushState"), M235))
semantic("GetFlushState/unknown-segments-flushed", "segment IDs nobody created count as flushed: flushed=true, with "
         "and without a collection name",
         evidence=(master(_IMPL, "GetFlushState"), _dcs("GetFlushState", "GetHealthySegment nil → skipped as "
                                                         "compacted/dropped; no collection → flushed=true"), M235))
error("GetFlushState/missing-collection", "GetFlushState naming a missing collection", COLLECTION_NOT_FOUND, _MISSING,
      evidence=(master(_IMPL, "GetFlushState → GetCollectionID"), _MC, M235), input_error=True)
error("GetFlushState/invalid-name", "GetFlushState naming an invalid (non-empty) collection name", PARAMETER_INVALID,
      None, evidence=master(_IMPL, "GetFlushState → validateCollectionName (only when a name is given)"))

# ---- FlushAll / GetFlushAllState ---------------------------------------------------------------------------

success("FlushAll/flushes", "FlushAll answers Success", evidence=(master(_FLUSH_ALL, "FlushAllTask.Execute"), M235))
semantic("FlushAll/answers-timestamp", "FlushAll answers the timestamp to wait for: flush_all_ts > 0",
         evidence=(master(_FLUSH_ALL, "FlushAllTask.Execute", "flush_all_ts = the largest TimeTick of the broadcast "
                          "FlushAll messages, kept for compatibility"), M235))
success("FlushAll/ignores-database", "FlushAll flushes the whole cluster: db_name (deprecated) is ignored, a "
        "database that does not exist included",
        evidence=(master("internal/proxy/ddl/task_flush_all.go", "FlushAllTask.PreExecute", "does nothing"),
                  master(_FLUSH_ALL, "FlushAllTask.Execute", "datapb.FlushAllRequest{Base} without the db name")),
        history=(was("2.6.8", DATABASE_NOT_FOUND,
                     Change("milvus-io/milvus#46372", "[2.6] pick of #45920 'Refactor FlushAll to flush the entire "
                            "cluster' (/lgtm 2025-12-17); first 2.6 release after it: v2.6.8 (likely)"), M235,
                     reason="database not found[database="),))
success("GetFlushAllState/answers", "GetFlushAllState answers Success with a flushed flag",
        evidence=(master(_IMPL, "GetFlushAllState", "passes datacoord's answer through"), _dcs("GetFlushAllState"),
                  M235), gap=_DC_GAP)
semantic("GetFlushAllState/completes", "after FlushAll, GetFlushAllState(flush_all_ts) turns flushed=true within the "
         "wait, and the rows written before are then in sealed segments (no longer Growing)",
         evidence=(master(_IMPL, "GetFlushAllState", "passes datacoord's answer through"),
                   _dcs("GetFlushAllState", "every vchannel checkpoint exists and is >= flush_all_ts"), M235))
semantic("GetFlushAllState/ts-zero", "GetFlushAllState(flush_all_ts=0) reports flushed=true once every channel of "
         "the server has a checkpoint (nothing is older than 0); it observes the whole server",
         evidence=(master(_IMPL, "GetFlushAllState", "passes datacoord's answer through"),
                   _dcs("GetFlushAllState", "channelCP == nil → false; any checkpoint is >= 0"), M235))
error("GetFlushAllState/missing-database", "GetFlushAllState naming a database that does not exist",
      DATABASE_NOT_FOUND, "database not found[database={db}]",
      evidence=(master(_IMPL, "GetFlushAllState", "passes datacoord's status through"),
                _dcs("GetFlushAllState", "merr.WrapErrDatabaseNotFound(req.GetDbName())"), M235),
      input_error=False, gap=_DC_GAP)

# ---- segments ----------------------------------------------------------------------------------------------

success("GetPersistentSegmentInfo/answers", "GetPersistentSegmentInfo of an existing collection",
        evidence=(master(_IMPL, "GetPersistentSegmentInfo"), M235))
semantic("GetPersistentSegmentInfo/counts-rows", "the persistent segments' num_rows sum to the rows written, each in "
         "a sealed state (Flushed after a completed flush)",
         evidence=(master(_IMPL, "GetPersistentSegmentInfo", "segments in Flushing/Flushed/Sealed with their rows"),
                   M235))
error("GetPersistentSegmentInfo/missing-collection", "GetPersistentSegmentInfo of a missing collection",
      COLLECTION_NOT_FOUND, _MISSING, evidence=(master(_IMPL, "GetPersistentSegmentInfo → GetCollectionID"), _MC, M235),
      input_error=True)
error("GetPersistentSegmentInfo/empty-name", "GetPersistentSegmentInfo with an empty collection name: not "
      "validated, not found", COLLECTION_NOT_FOUND, "collection not found",
      evidence=(master(_IMPL, "GetPersistentSegmentInfo", "no name validation"), _MC, M235), input_error=True)
success("GetQuerySegmentInfo/answers", "GetQuerySegmentInfo of an existing collection (loaded or not)",
        evidence=(master(_IMPL, "GetQuerySegmentInfo"),
                  older_line("internal/querycoordv2/services.go", "GetLoadSegmentInfo", "copy:2403897398", "2.5+ (release line not identified)",
                             "segment distribution; nothing loaded → Success, no infos"), M235),
        gap="no master copy of querycoordv2 services.go is stored")
semantic("GetQuerySegmentInfo/follows-load", "GetQuerySegmentInfo lists the loaded segments: none before a load, the "
         "loaded partition's rows after LoadPartitions, every row after LoadCollection, state Sealed",
         evidence=(master(_IMPL, "GetQuerySegmentInfo"), M235))
error("GetQuerySegmentInfo/missing-collection", "GetQuerySegmentInfo of a missing collection", COLLECTION_NOT_FOUND,
      _MISSING, evidence=(master(_IMPL, "GetQuerySegmentInfo → GetCollectionID"), _MC, M235), input_error=True)
error("GetQuerySegmentInfo/empty-name", "GetQuerySegmentInfo with an empty collection name: not validated, not found",
      COLLECTION_NOT_FOUND, "collection not found",
      evidence=(master(_IMPL, "GetQuerySegmentInfo", "no name validation"), _MC, M235), input_error=True)
