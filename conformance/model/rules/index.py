"""Indexes: CreateIndex, DescribeIndex, DropIndex, GetIndexState, GetIndexBuildProgress.

On master the proxy's index tasks (internal/proxy/ddl/task_index.go) look the collection up and pass the
request to datacoord; most answers (default name, not found, duplicates, the loaded-collection refusal) are
datacoord's. No master copy of datacoord's index_service.go is stored: those answers cite the newest stored
copy (2.4/2.5 line, pkg/ unversioned, ``s.meta.indexMeta``).
"""

from __future__ import annotations

from ..errors import COLLECTION_NOT_FOUND, INDEX_DUPLICATE, INDEX_NOT_FOUND, PARAMETER_INVALID, UNEXPECTED
from .common import M235, MERR_STANDARDISATION, plain_error_before_standardisation
from .core import Alternative
from .evidence import Change, master, older_line
from .registry import error, semantic, success, was

_TI = "internal/proxy/ddl/task_index.go"
_MISSING = "collection not found[database={db}][collection={name}]"
_MC = master("internal/proxy/meta_cache.go", "GetCollectionID",
             "UpdateByName stamps CollectionNotFound/DatabaseNotFound as the caller's (input) error")
_DC_GAP = "no master copy of datacoord index_service.go is stored; the newest stored (2.4/2.5-line, pkg/ unversioned) copy was read"


def _dci(symbol: str, note: str = ""):
    return older_line("internal/datacoord/index_service.go", symbol, "copy:1698800847", "2.4/2.5", note)


# ---- CreateIndex -------------------------------------------------------------------------------------------

success("CreateIndex/creates", "CreateIndex of a valid index on an existing field",
        evidence=(master(_TI, "CreateIndexTask"), M235))
semantic("CreateIndex/default-name", "an index created without a name is named after its field (or after the "
         "field's one existing index), so DescribeIndex/DropIndex find it without a name",
         evidence=(master(_TI, "CreateIndexTask.Execute", "passes the request's (empty) IndexName through"),
                   _dci("CreateIndex", "IndexName == '' → the field name, or the name of the field's single index"),
                   Change("milvus-io/milvus#29219", "[2.3] pick of #29218 'Set default index name as field name' "
                          "(approved 2023-12-15): first in v2.3.4 (likely); before, the proxy named it "
                          "_default_idx_<fieldID>")),
         since="2.3.4")
error("CreateIndex/missing-field", "CreateIndex on a field the schema does not have", PARAMETER_INVALID,
      "cannot create index on non-exist field: {field}: invalid parameter",
      evidence=master(_TI, "CreateIndexTask.getIndexedFieldAndFunction"),
      history=plain_error_before_standardisation())
error("CreateIndex/unknown-index-type", "CreateIndex with an index_type no checker knows (HYBRID included: internal "
      "only)", PARAMETER_INVALID, "invalid parameter[expected=valid index][actual=invalid index type: {index_type}]",
      evidence=master(_TI, "CreateIndexTask.parseIndexParams", "WrapErrParameterInvalid('valid index', ...)"),
      history=plain_error_before_standardisation())
error("CreateIndex/conflicting-index", "a second, different index on an indexed field (or another field's index "
      "name)", UNEXPECTED, "CreateIndex failed: at most one distinct index is allowed per field",
      evidence=older_line("internal/datacoord/index_meta.go", "canCreateIndex", "copy:51822734801", "newest stored (release line not identified)",
                          "fmt.Errorf('CreateIndex failed: %s', ...)"),
      alternatives=(Alternative(PARAMETER_INVALID, "master's rawmerrerror lint rejects a returned fmt.Errorf, so master "
                                "most likely answers a merr code (1100) here; the master copy of datacoord "
                                "index_meta.go is not stored to tell which"),),
      gap="no master copy of datacoord index_meta.go is stored")
error("CreateIndex/missing-collection", "CreateIndex on a missing collection (no name validation first)",
      COLLECTION_NOT_FOUND, _MISSING, evidence=(master(_TI, "CreateIndexTask.PreExecute → GetCollectionID"), _MC),
      input_error=True)

# ---- DescribeIndex -----------------------------------------------------------------------------------------

success("DescribeIndex/describes", "DescribeIndex of an existing index", evidence=(master(_TI, "DescribeIndexTask"),
                                                                                 M235))
semantic("DescribeIndex/reports-index", "DescribeIndex reports the index created on the field: one description, "
         "its field_name and index_type", evidence=(master(_TI, "DescribeIndexTask.Execute"), M235))
semantic("DescribeIndex/echoes-params", "DescribeIndex echoes every index parameter the user sent (index_type, "
         "metric_type, params)", evidence=master(_TI, "DescribeIndexTask.Execute",
                                                 "Params = UserIndexParams, i.e. the request's extra_params"))
error("DescribeIndex/no-index", "DescribeIndex (no index_name) on a collection without an index", INDEX_NOT_FOUND,
      "index not found[collection={name}]",
      evidence=(master(_TI, "DescribeIndexTask.Execute", "datacoord ErrIndexNotFound with no index_name → "
                       "WrapErrIndexNotFoundForCollection"), M235))
error("DescribeIndex/unknown-index-name", "DescribeIndex with an index_name no index has", INDEX_NOT_FOUND,
      "index not found[indexName={index}]",
      evidence=(master(_TI, "DescribeIndexTask.Execute", "an index_name was given: datacoord's status passes through"),
                _dci("DescribeIndex", "merr.WrapErrIndexNotFound(req.GetIndexName())"), M235),
      gap=_DC_GAP)
error("DescribeIndex/missing-collection", "DescribeIndex on a missing collection", COLLECTION_NOT_FOUND, _MISSING,
      evidence=(master(_TI, "DescribeIndexTask.PreExecute → GetCollectionID"), _MC, M235), input_error=True)
error("DescribeIndex/empty-collection-name", "DescribeIndex with an empty collection name", PARAMETER_INVALID,
      "collection name should not be empty: invalid parameter",
      evidence=(master(_TI, "DescribeIndexTask.PreExecute → validateCollectionName"),
                master("internal/proxy/ddl/util_ddl.go", "validateCollectionNameOrAlias"), M235))

# ---- DropIndex ---------------------------------------------------------------------------------------------

success("DropIndex/no-index", "DropIndex where the collection has no (such) index succeeds",
        evidence=(master(_TI, "DropIndexTask.Execute", "datacoord's status passes through"),
                  _dci("DropIndex", "no index → 'there is no index on collection' is only logged; Success"), M235),
        gap=_DC_GAP)
success("DropIndex/drops", "DropIndex of a released collection's index", evidence=(master(_TI, "DropIndexTask"), M235))
error("DropIndex/loaded-collection", "DropIndex of a vector index while the collection is loaded is refused (the "
      "index stays)", PARAMETER_INVALID, "vector index cannot be dropped on loaded collection",
      evidence=(master(_TI, "DropIndexTask.PreExecute", "no loaded-state check in the proxy any more: datacoord "
                       "decides"),
                Change("milvus-io/milvus#42941", "support dropping index without releasing collection; datacoord "
                       "keeps refusing vector indexes (IndexAllowVectorIndexDropOnLoadedCollection, default false; "
                       "master datacoord test TestDropVectorIndexOnLoadedIsRefusedByDefault, stored copy "
                       "57844007597). Scalar indexes may be dropped while loaded")),
      history=(was("2.6.19", UNEXPECTED, MERR_STANDARDISATION, M235,
                   reason="index cannot be dropped, collection is loaded, please release it first"),),
      gap="the master datacoord DropIndex implementation is not stored (only its pkg/v3 test, by copy id, path not "
          "reported); code 1100 is read from the ': invalid parameter' suffix of the refusal seen in a 2026 log")
error("DropIndex/missing-collection", "DropIndex on a missing collection", COLLECTION_NOT_FOUND, _MISSING,
      evidence=(master(_TI, "DropIndexTask.PreExecute → GetCollectionID"), _MC, M235), input_error=True)
error("DropIndex/empty-collection-name", "DropIndex with an empty collection name: master does not validate it, "
      "the lookup does not find it", COLLECTION_NOT_FOUND, "collection not found",
      evidence=(master(_TI, "DropIndexTask.PreExecute", "only GetCollectionID; no validateCollectionName"), _MC),
      input_error=True,
      history=(was("3.0.0", PARAMETER_INVALID,
                   Change("milvus v3.0.0 (upper bound)", "2.3–2.5-line dropIndexTask.PreExecute ran "
                          "validateCollectionName (1100 'collection name should not be empty'); master's ddl "
                          "DropIndexTask does not; no 2.6-line copy is stored, so the first release without the "
                          "check may be earlier"), M235,
                   reason="collection name should not be empty"),))
error("DropIndex/ambiguous", "DropIndex without an index_name on a collection with several indexes", INDEX_DUPLICATE,
      "index duplicates[indexName={index}]",
      evidence=(master(_TI, "DropIndexTask.Execute", "only IndexName goes to datacoord; field_name is ignored"),
                _dci("DropIndex", "len(indexes) > 1 and not DropAll → WrapErrIndexDuplicate")),
      history=(was("2.4.0", UNEXPECTED, M235, Change("2.4-line proxy (stored copy 2225874370)", "the 2.3 proxy turned "
                                                     "datacoord's reason into a plain error (copy 762966299), the 2.4 "
                                                     "proxy keeps its code; the exact first 2.4 release is unverified")),),
      gap=_DC_GAP)

# ---- GetIndexState / GetIndexBuildProgress (deprecated, still served) --------------------------------------

success("GetIndexState/answers", "GetIndexState of an existing index", evidence=(master(_TI, "GetIndexStateTask"),
                                                                               _dci("GetIndexState")), gap=_DC_GAP)
semantic("GetIndexState/finishes", "an index on flushed segments reaches IndexState Finished",
         evidence=(master(_TI, "GetIndexStateTask.Execute"), _dci("completeIndexInfo", "no segment in progress, "
                                                                   "unissued or failed → Finished")))
success("GetIndexBuildProgress/answers", "GetIndexBuildProgress of an existing index",
        evidence=(master(_TI, "GetIndexBuildProgressTask"), _dci("GetIndexBuildProgress")), gap=_DC_GAP)
semantic("GetIndexBuildProgress/counts-rows", "total_rows counts the rows of the flushed segments and indexed_rows "
         "reaches it once the index is built", evidence=(master(_TI, "GetIndexBuildProgressTask.Execute"),
                                                        _dci("completeIndexInfo", "Flushed/Flushing segments only"),
                                                        _dci("countIndexedRows")))
error("GetIndexState/missing-index", "GetIndexState / GetIndexBuildProgress of an index name no index has (or of a "
      "collection without an index)", INDEX_NOT_FOUND, "index not found[indexName={index}]",
      evidence=(master(_TI, "GetIndexStateTask.Execute / GetIndexBuildProgressTask.Execute",
                       "datacoord's status passes through"),
                _dci("GetIndexState / GetIndexBuildProgress", "merr.WrapErrIndexNotFound(req.GetIndexName())")),
      history=(was("2.4.0", 0, M235, Change("2.4 line", "Milvus 2.3.5 answers GetIndexState of a missing index with "
                                           "Success and state IndexStateNone (GetIndexBuildProgress already 700); the "
                                           "first release answering 700 is unverified, 2.4.0 is the bound used")),),
      rpcs=("GetIndexState",), gap=_DC_GAP)
error("GetIndexBuildProgress/missing-index", "GetIndexBuildProgress of an index name no index has",
      INDEX_NOT_FOUND, "index not found[indexName={index}]",
      evidence=(master(_TI, "GetIndexBuildProgressTask.Execute", "datacoord's status passes through"),
                _dci("GetIndexBuildProgress", "merr.WrapErrIndexNotFound(req.GetIndexName())"), M235),
      gap=_DC_GAP)
error("GetIndexState/ambiguous", "GetIndexState / GetIndexBuildProgress without an index_name on a collection with "
      "several indexes", INDEX_DUPLICATE, "index duplicates[indexName={index}]",
      evidence=(master(_TI, "GetIndexStateTask.Execute"), _dci("GetIndexState / GetIndexBuildProgress",
                                                              "len(indexes) > 1 → WrapErrIndexDuplicate")),
      history=(was("2.4.0", 0, M235, Change("2.4-line proxy (stored copy 2225874370)", "the 2.3 proxy dropped "
                                            "datacoord's error and answered Success; the exact first 2.4 release is "
                                            "unverified")),),
      rpcs=("GetIndexState", "GetIndexBuildProgress"), gap=_DC_GAP)
error("GetIndexState/missing-collection", "GetIndexState / GetIndexBuildProgress on a missing collection",
      COLLECTION_NOT_FOUND, _MISSING,
      evidence=(master(_TI, "GetIndexStateTask.Execute / GetIndexBuildProgressTask.Execute → GetCollectionID"), _MC),
      input_error=True, rpcs=("GetIndexState", "GetIndexBuildProgress"))
