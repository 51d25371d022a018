"""Indexes: CreateIndex (parameters per field type), DescribeIndex, AlterIndex, DropIndex, GetIndexState,
GetIndexBuildProgress, GetIndexStatistics, ListIndexedSegment, DescribeSegmentIndexData.

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

COLLECTION_LOADED = 104  # merr ErrCollectionLoaded
SERVICE_UNAVAILABLE = 2  # merr ErrServiceUnavailable
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
semantic("DescribeIndex/counts-rows", "once the index over the flushed segments is built, DescribeIndex reports "
         "their rows as total_rows and indexed_rows (as GetIndexBuildProgress does)",
         evidence=(master(_TI, "DescribeIndexTask.Execute", "IndexedRows / TotalRows from datacoord's IndexInfo"),
                   _dci("completeIndexInfo", "Flushed/Flushing segments only")))
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

# ---- CreateIndex: index parameters per field type (tables: conformance/model/indexes.py) -------------------
# Master's order (CreateIndexTask.parseIndexParams, then checkTrain → indexparamcheck.ValidateFieldIndexParams):
# the index type must have a checker; a vector index needs a metric of its vector kind; the index type must
# build on the field's data type; then the checker (knowhere, through cgo, for vector indexes) checks the
# build parameters. Releases before the merr standardisation answered these with the plain-error 65535
# (observed on Milvus 2.3.5 for every vector-parameter defect below).

_IPV = "internal/util/indexparamcheck/index_params_validation.go"
_VIC = "internal/util/indexparamcheck/vector_index_checker.go"
_PARAMS_INVALID = ": invalid parameter[expected=valid index params][actual=invalid index params]"
_KNOWHERE = Change("zilliztech/knowhere BaseHnswConfig / IvfConfig (newest stored copies)",
                   "M in [2, 2048], efConstruction in [1, 2^31-1], nlist in [1, 65536]; a value out of range or "
                   "of the wrong type is knowhere's ConfigInvalid (2006), which HandleCStatus maps to 1100")

success("CreateIndex/params/accepts-valid", "CreateIndex with valid parameters for the field's type (index type "
        "allowed on the data type, a metric of the vector kind, build parameters within range)",
        evidence=(master(_TI, "CreateIndexTask.parseIndexParams / checkTrain"),
                  master(_IPV, "ValidateFieldIndexParams"), _KNOWHERE))
error("CreateIndex/params/metric-missing", "a vector index without metric_type (an explicit index type, so no "
      "AUTOINDEX default applies)", PARAMETER_INVALID, "metric type not set for vector index" + _PARAMS_INVALID,
      evidence=master(_TI, "CreateIndexTask.parseIndexParams", "WrapErrParameterInvalid('valid index params', "
                      "'invalid index params', 'metric type not set for vector index')"),
      history=plain_error_before_standardisation())
error("CreateIndex/params/metric-unsupported", "a vector index whose metric_type the vector kind does not have "
      "(float: L2/IP/COSINE; binary: HAMMING/JACCARD/SUBSTRUCTURE/SUPERSTRUCTURE/MHJACCARD)", PARAMETER_INVALID,
      "{kind} vector index does not support metric type: {metric}" + _PARAMS_INVALID,
      evidence=(master(_TI, "CreateIndexTask.parseIndexParams", "FloatVectorMetrics / BinaryVectorMetrics / "
                       "IntVectorMetrics"),
                older_line("internal/util/indexparamcheck/constraints.go", "FloatVectorMetrics, BinaryVectorMetrics",
                           "copy:41960495338", "2.6", "the metric lists (pkg/v2 copy; master's not stored)")),
      history=plain_error_before_standardisation())
error("CreateIndex/params/sparse-metric", "a sparse vector index with a metric other than IP/BM25",
      PARAMETER_INVALID, "only IP&BM25 is the supported metric type for sparse index" + _PARAMS_INVALID,
      evidence=master(_TI, "CreateIndexTask.parseIndexParams", "SparseFloatVectorMetrics"),
      history=plain_error_before_standardisation(), since="2.4.0")
error("CreateIndex/params/index-data-type", "a vector index type that does not build on the field's vector type "
      "(e.g. BIN_FLAT on a float vector, IVF_FLAT on a binary vector)", PARAMETER_INVALID,
      "data type {data_type} can't build with this index {index_type}: invalid parameter",
      evidence=master(_TI, "checkTrain", "checkVecIndexWithDataType → WrapErrParameterInvalidMsg"),
      history=plain_error_before_standardisation())
error("CreateIndex/params/out-of-range", "a build parameter out of its range or not a number (HNSW M / "
      "efConstruction, IVF nlist)", PARAMETER_INVALID, None,
      evidence=(master(_VIC, "HandleCStatus", "knowhere ConfigInvalid (2006) → WrapErrParameterInvalidMsg"),
                master(_TI, "CreateIndexTask.parseIndexParams", "checkTrain's merr errors pass through"), _KNOWHERE),
      history=plain_error_before_standardisation(),
      gap="the reason is knowhere's text (not in the Milvus tree); only the code is judged")
error("CreateIndex/params/autoindex-extra", "AUTOINDEX with a build parameter besides metric_type",
      PARAMETER_INVALID, "only metric type can be passed when use AutoIndex: invalid parameter",
      evidence=master(_TI, "CreateIndexTask.parseIndexParams", "handle(1, config): more than index_type and "
                      "metric_type → WrapErrParameterInvalidMsg (autoindex.enable off, the open-source default)"),
      history=plain_error_before_standardisation())
error("CreateIndex/params/scalar-data-type", "a scalar index type on a data type it does not support (STL_SORT on "
      "Bool, BITMAP on Float or on the primary key, a vector index type on a scalar field)", PARAMETER_INVALID,
      None,
      evidence=(master(_IPV, "ValidateFieldIndexParams → checker.CheckValidDataType"),
                master("internal/util/indexparamcheck/stl_sort_checker.go", "STLSORTChecker.CheckValidDataType"),
                master("internal/util/indexparamcheck/bitmap_index_checker.go", "BITMAPChecker.CheckValidDataType"),
                master(_VIC, "vecIndexChecker.CheckValidDataType", "'index X only supports vector data type'")),
      gap="each checker words its refusal differently; only the code is judged")

# ---- AlterIndex --------------------------------------------------------------------------------------------

_CONFIGURABLE = older_line("pkg/util/indexparams/index_params.go", "IsConfigableIndexParam", "copy:58001835118",
                           "newest stored", "mmap.enabled, indexoffsetcache.enabled, warmup")
success("AlterIndex/alters", "AlterIndex sets (or, with delete_keys, removes) a configurable property of an "
        "index of a released collection", evidence=(master(_TI, "AlterIndexTask"), _CONFIGURABLE,
                                                  _dci("AlterIndex", "UpdateParams on UserIndexParams")),
        since="2.4.0", gap=_DC_GAP)
semantic("AlterIndex/describe-shows-property", "after AlterIndex, DescribeIndex reports the property among the "
         "index's params, and no longer after it is deleted", evidence=(
             _dci("AlterIndex", "the new user index params are saved"),
             master(_TI, "DescribeIndexTask.Execute", "Params = UserIndexParams")), since="2.4.0")
error("AlterIndex/params-and-delete-keys", "AlterIndex with both extra_params and delete_keys", PARAMETER_INVALID,
      "cannot provide both DeleteKeys and ExtraParams: invalid parameter",
      evidence=master(_TI, "AlterIndexTask.PreExecute"), since="2.4.0")
error("AlterIndex/not-configurable", "AlterIndex of a property that is not configurable (a build parameter such "
      "as nlist)", PARAMETER_INVALID, "{key} is not a configable index property: invalid parameter",
      evidence=(master(_TI, "AlterIndexTask.PreExecute", "checked before the collection lookup"), _CONFIGURABLE),
      since="2.4.0")
error("AlterIndex/missing-collection", "AlterIndex on a missing collection", COLLECTION_NOT_FOUND, _MISSING,
      evidence=(master(_TI, "AlterIndexTask.PreExecute → GetCollectionID"), _MC), input_error=True, since="2.4.0")
error("AlterIndex/empty-index-name", "AlterIndex without an index name", PARAMETER_INVALID,
      "index name is empty: invalid parameter",
      evidence=master(_TI, "AlterIndexTask.PreExecute", "after the collection lookup"), since="2.4.0")
error("AlterIndex/missing-index", "AlterIndex of an index name the collection does not have", INDEX_NOT_FOUND,
      "index not found[indexName={index}]",
      evidence=(master(_TI, "AlterIndexTask.Execute", "datacoord's status passes through"),
                _dci("AlterIndex", "no index of that name → WrapErrIndexNotFound")), since="2.4.0", gap=_DC_GAP)
error("AlterIndex/loaded-collection", "AlterIndex while the collection is loaded", COLLECTION_LOADED, None,
      evidence=master(_TI, "AlterIndexTask.PreExecute", "isCollectionLoaded → WrapErrCollectionLoaded(name, "
                      "\"can't alter index on loaded collection, please release the collection first\")"),
      since="2.4.0")

# ---- GetIndexStatistics ------------------------------------------------------------------------------------

success("GetIndexStatistics/answers", "GetIndexStatistics of an existing index (or, without a name, of every "
        "index)", evidence=(master(_TI, "GetIndexStatisticsTask"), _dci("GetIndexStatistics")), gap=_DC_GAP)
semantic("GetIndexStatistics/reports-index", "GetIndexStatistics describes each index: its name, field, the "
         "parameters the user sent, and total_rows/indexed_rows of the flushed segments",
         evidence=(master(_TI, "GetIndexStatisticsTask.Execute", "Params = UserIndexParams (else IndexParams)"),
                   _dci("GetIndexStatistics")))
error("GetIndexStatistics/missing-index", "GetIndexStatistics of an index name no index has (or, without a name, "
      "of a collection without an index)", INDEX_NOT_FOUND, "index not found[indexName={index}]",
      evidence=(master(_TI, "GetIndexStatisticsTask.Execute", "merr.CheckRPCCall: datacoord's status"),
                _dci("GetIndexStatistics", "no index → WrapErrIndexNotFound(req.GetIndexName())")), gap=_DC_GAP)
error("GetIndexStatistics/missing-collection", "GetIndexStatistics on a missing collection", COLLECTION_NOT_FOUND,
      _MISSING, evidence=(master(_TI, "GetIndexStatisticsTask.PreExecute → GetCollectionID"), _MC), input_error=True)
error("GetIndexStatistics/empty-collection-name", "GetIndexStatistics with an empty collection name",
      PARAMETER_INVALID, "collection name should not be empty: invalid parameter",
      evidence=(master(_TI, "GetIndexStatisticsTask.PreExecute → validateCollectionName"),
                master("internal/proxy/ddl/util_ddl.go", "validateCollectionNameOrAlias")))

# ---- ListIndexedSegment / DescribeSegmentIndexData (feder: not served) -------------------------------------

_FEDER = "internal/distributed/proxy/service.go"
for _rpc in ("ListIndexedSegment", "DescribeSegmentIndexData"):
    error(f"{_rpc}/unimplemented", f"{_rpc} (feder visualisation) is not served: the gRPC layer answers Status "
          "ServiceUnavailable (2) without calling the proxy", SERVICE_UNAVAILABLE,
          f"service unavailable: {_rpc} unimplemented",
          evidence=older_line(_FEDER, f"Server.{_rpc}", "copy:1456827244", "2.4/2.5",
                              f"merr.WrapErrServiceUnavailable(\"{_rpc} unimplemented\")"),
          input_error=False, rpcs=(_rpc,),
          gap="no master copy of internal/distributed/proxy/service.go is stored; the newest stored copy "
              "(go-api/v2) is cited and Milvus 2.3.5 answers the same")
