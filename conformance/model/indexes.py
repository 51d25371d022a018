"""Index parameters as current Milvus (master) validates them at CreateIndex: which index types build on which
field types, the metrics of each vector kind, and the ranges of the build parameters. One table per fact,
used by the model (``validate``, called from ``Catalog.create_index``) and by the cases' parameter tables.

Sources (the checks in ``rules/index.py`` cite them): master ``internal/proxy/ddl/task_index.go``
(``parseIndexParams``, ``checkTrain``), ``internal/util/indexparamcheck`` (the scalar checkers'
``CheckValidDataType``; vector checkers hand the build parameters to knowhere), the metric lists of
``constraints.go`` and knowhere's parameter ranges (HNSW M [2, 2048], efConstruction [1, 2^31-1], IVF nlist
[1, 65536]).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..protocol import schema_pb2
from .rules import rules

DT = schema_pb2.DataType

INDEX_TYPE_KEY = "index_type"
METRIC_KEY = "metric_type"
PARAMS_KEY = "params"  # a JSON object of build parameters, expanded into the others (ExpandIndexParams)
AUTOINDEX = "AUTOINDEX"
# Index properties AlterIndex may set or delete (pkg/util/indexparams IsConfigableIndexParam).
MMAP_ENABLED = "mmap.enabled"
CONFIGURABLE_KEYS = frozenset({MMAP_ENABLED, "indexoffsetcache.enabled", "warmup"})

# ---- vector kinds and their metrics (constraints.go FloatVectorMetrics, BinaryVectorMetrics, ...) ----------

FLOAT, BINARY, SPARSE, INT8 = "float", "binary", "sparse", "int"
VECTOR_KIND = {DT.FloatVector: FLOAT, DT.Float16Vector: FLOAT, DT.BFloat16Vector: FLOAT,
               DT.BinaryVector: BINARY, DT.SparseFloatVector: SPARSE, DT.Int8Vector: INT8}
METRICS = {
    FLOAT: ("L2", "IP", "COSINE"),
    BINARY: ("HAMMING", "JACCARD", "SUBSTRUCTURE", "SUPERSTRUCTURE", "MHJACCARD"),
    SPARSE: ("IP", "BM25"),  # BM25 only on a BM25 function's output field
    INT8: ("L2", "IP", "COSINE"),
}
INT_MAX = 2**31 - 1

# Build-parameter ranges (knowhere's configs, inclusive).
NLIST = ("nlist", 1, 65536)
HNSW_M = ("M", 2, 2048)
EF_CONSTRUCTION = ("efConstruction", 1, INT_MAX)


@dataclass(frozen=True)
class VectorIndex:
    kinds: frozenset[str]
    metrics: tuple[str, ...] = ()  # a narrower metric set than the kind's (knowhere's checker); empty = the kind's
    ranges: tuple[tuple[str, int, int], ...] = ()


_F = frozenset({FLOAT})
VECTOR_INDEXES: dict[str, VectorIndex] = {
    "FLAT": VectorIndex(frozenset({FLOAT, INT8})),
    "IVF_FLAT": VectorIndex(_F, ranges=(NLIST,)),
    "IVF_SQ8": VectorIndex(_F, ranges=(NLIST,)),
    "IVF_PQ": VectorIndex(_F, ranges=(NLIST,)),
    "IVF_RABITQ": VectorIndex(_F, ranges=(NLIST,)),
    "SCANN": VectorIndex(_F, ranges=(NLIST,)),
    "HNSW": VectorIndex(frozenset({FLOAT, INT8}), ranges=(HNSW_M, EF_CONSTRUCTION)),
    "HNSW_SQ": VectorIndex(_F, ranges=(HNSW_M, EF_CONSTRUCTION)),
    "HNSW_PQ": VectorIndex(_F, ranges=(HNSW_M, EF_CONSTRUCTION)),
    "HNSW_PRQ": VectorIndex(_F, ranges=(HNSW_M, EF_CONSTRUCTION)),
    "DISKANN": VectorIndex(_F),
    "GPU_CAGRA": VectorIndex(_F), "GPU_IVF_FLAT": VectorIndex(_F, ranges=(NLIST,)),
    "GPU_IVF_PQ": VectorIndex(_F, ranges=(NLIST,)), "GPU_BRUTE_FORCE": VectorIndex(_F),
    "BIN_FLAT": VectorIndex(frozenset({BINARY}), metrics=("HAMMING", "JACCARD", "SUBSTRUCTURE", "SUPERSTRUCTURE")),
    "BIN_IVF_FLAT": VectorIndex(frozenset({BINARY}), metrics=("HAMMING", "JACCARD"), ranges=(NLIST,)),
    "MINHASH_LSH": VectorIndex(frozenset({BINARY}), metrics=("MHJACCARD",)),
    "SPARSE_INVERTED_INDEX": VectorIndex(frozenset({SPARSE})),
    "SPARSE_WAND": VectorIndex(frozenset({SPARSE})),
    AUTOINDEX: VectorIndex(frozenset(METRICS)),
}

# ---- scalar index types and the data types they build on (the checkers' CheckValidDataType) ----------------

_INTS = frozenset({DT.Int8, DT.Int16, DT.Int32, DT.Int64})
_FLOATS = frozenset({DT.Float, DT.Double})
_STRINGS = frozenset({DT.VarChar, DT.String})


@dataclass(frozen=True)
class ScalarIndex:
    data_types: frozenset[int]
    primary_key: bool = True  # may index the primary key


SCALAR_INDEXES: dict[str, ScalarIndex] = {
    "INVERTED": ScalarIndex(frozenset({DT.Bool, DT.Array, DT.JSON}) | _INTS | _FLOATS | _STRINGS),
    "STL_SORT": ScalarIndex(_INTS | _FLOATS | _STRINGS | frozenset({DT.JSON, DT.Timestamptz})),
    "Trie": ScalarIndex(_STRINGS), "TRIE": ScalarIndex(_STRINGS),
    "BITMAP": ScalarIndex(frozenset({DT.Bool, DT.Array, DT.JSON}) | _INTS | _STRINGS, primary_key=False),
    "NGRAM": ScalarIndex(_STRINGS | frozenset({DT.JSON})),
    "RTREE": ScalarIndex(frozenset({DT.Geometry})),
    AUTOINDEX: ScalarIndex(frozenset({DT.Bool, DT.Array, DT.JSON, DT.Geometry, DT.Timestamptz}) | _INTS | _FLOATS
                           | _STRINGS),
}
INDEX_TYPES = frozenset(VECTOR_INDEXES) | frozenset(SCALAR_INDEXES)


def is_known(index_type: str) -> bool:
    """A checker exists for ``index_type`` (HYBRID is internal only: unknown to users)."""
    return index_type in INDEX_TYPES


def expand(params: dict[str, str]) -> dict[str, str]:
    """The request's extra params as master reads them: ``params`` (a JSON object) expanded into the others."""
    out = {k: v for k, v in params.items() if k != PARAMS_KEY}
    raw = params.get(PARAMS_KEY)
    if raw:
        try:
            inner = json.loads(raw)
        except ValueError:
            inner = {}
        if isinstance(inner, dict):
            out.update({k: v if isinstance(v, str) else json.dumps(v) for k, v in inner.items()})
    return out


def _int(value: str) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def validate(fld: schema_pb2.FieldSchema, params: dict[str, str]) -> None:
    """Raise the registered error current Milvus answers for index ``params`` on field ``fld`` (after the index
    type is known to exist), in master's order; return when they are valid."""
    p = expand(params)
    kind = VECTOR_KIND.get(fld.data_type)
    itype = p.get(INDEX_TYPE_KEY, "")
    if kind is None:  # a scalar field: no index type → the scalar AUTOINDEX default
        if not itype or itype == AUTOINDEX:
            return
        scalar = SCALAR_INDEXES.get(itype)
        if scalar is None:
            raise rules.get("CreateIndex/params/scalar-data-type").error(
                reason=f"index {itype} only supports vector data type: invalid parameter")
        if fld.data_type not in scalar.data_types or (fld.is_primary_key and not scalar.primary_key):
            raise rules.get("CreateIndex/params/scalar-data-type").error(
                reason=f"{itype} index does not support data type {DT.Name(fld.data_type)}: invalid parameter")
        return
    if not itype or itype == AUTOINDEX:
        if len(set(p) - {INDEX_TYPE_KEY, METRIC_KEY}) > 0:
            raise rules.get("CreateIndex/params/autoindex-extra").error()
        metric = p.get(METRIC_KEY)
        if metric is not None:
            _check_metric(kind, metric, fld)
        return
    if METRIC_KEY not in p:
        raise rules.get("CreateIndex/params/metric-missing").error()
    metric = p[METRIC_KEY]
    _check_metric(kind, metric, fld)
    index = VECTOR_INDEXES.get(itype)
    if index is None or kind not in index.kinds:
        raise rules.get("CreateIndex/params/index-data-type").error(data_type=DT.Name(fld.data_type),
                                                                   index_type=itype)
    if index.metrics and metric not in index.metrics:
        raise rules.get("CreateIndex/params/metric-unsupported").error(kind=kind, metric=metric)
    for name, low, high in index.ranges:
        if name in p:
            value = _int(p[name])
            if value is None or not low <= value <= high:
                raise rules.get("CreateIndex/params/out-of-range").error(
                    reason=f"param '{name}' ({p[name]}) should be in range [{low}, {high}]: invalid parameter")


def _check_metric(kind: str, metric: str, fld: schema_pb2.FieldSchema) -> None:
    """master parseIndexParams: a sparse index takes IP or BM25, and BM25 only on a BM25 function's output field
    (the only sparse function output)."""
    if kind == SPARSE and metric == "BM25" and not fld.is_function_output:
        raise rules.get("CreateIndex/params/bm25-metric-needs-function").error()
    if metric in METRICS[kind]:
        return
    if kind == SPARSE:
        raise rules.get("CreateIndex/params/sparse-metric").error()
    raise rules.get("CreateIndex/params/metric-unsupported").error(kind=kind, metric=metric)


# ---- the cases' parameter tables: one valid and several single-defect rows per field kind -----------------

@dataclass(frozen=True)
class Row:
    """An index request on ``field`` of a collection whose vector field ``vec`` has ``vector_type``.
    ``check`` is the registered answer; ``since`` the first release where the row's answer holds (older
    servers: not applicable)."""

    id: str
    vector_type: int
    field: str
    params: dict[str, str] = field(default_factory=dict)
    check: str = "CreateIndex/params/accepts-valid"
    since: str | None = None
    feature: str | None = None


FV, BV, SV = DT.FloatVector, DT.BinaryVector, DT.SparseFloatVector
_SPARSE = dict(since="2.4.0", feature="sparse_vector")

VALID_ROWS: tuple[Row, ...] = (
    Row("float-flat", FV, "vec", {"index_type": "FLAT", "metric_type": "COSINE"}),
    Row("float-ivf-flat", FV, "vec", {"index_type": "IVF_FLAT", "metric_type": "IP", "nlist": "16"}),
    Row("float-ivf-sq8", FV, "vec", {"index_type": "IVF_SQ8", "metric_type": "L2", "nlist": "65536"}),
    Row("float-hnsw", FV, "vec", {"index_type": "HNSW", "metric_type": "L2", "M": "8", "efConstruction": "64"}),
    Row("float-diskann", FV, "vec", {"index_type": "DISKANN", "metric_type": "COSINE"}),
    Row("float-autoindex", FV, "vec", {"index_type": "AUTOINDEX", "metric_type": "IP"}),
    Row("binary-bin-flat", BV, "vec", {"index_type": "BIN_FLAT", "metric_type": "HAMMING"}),
    Row("binary-bin-ivf-flat", BV, "vec", {"index_type": "BIN_IVF_FLAT", "metric_type": "JACCARD", "nlist": "16"}),
    Row("sparse-inverted", SV, "vec", {"index_type": "SPARSE_INVERTED_INDEX", "metric_type": "IP",
                                       "drop_ratio_build": "0.2"}, **_SPARSE),
    Row("sparse-wand", SV, "vec", {"index_type": "SPARSE_WAND", "metric_type": "IP"}, **_SPARSE),
    Row("int64-stl-sort", FV, "i", {"index_type": "STL_SORT"}),
    Row("varchar-trie", FV, "s", {"index_type": "Trie"}),
    Row("int64-inverted", FV, "i", {"index_type": "INVERTED"}, since="2.4.0"),
    Row("float-inverted", FV, "fl", {"index_type": "INVERTED"}, since="2.4.0"),
    Row("bool-bitmap", FV, "b", {"index_type": "BITMAP"}, since="2.5.0"),
    Row("int64-default", FV, "i", {}),
)

INVALID_ROWS: tuple[Row, ...] = (
    Row("vector-without-metric", FV, "vec", {"index_type": "HNSW", "M": "8", "efConstruction": "64"},
        "CreateIndex/params/metric-missing"),
    Row("float-with-hamming", FV, "vec", {"index_type": "FLAT", "metric_type": "HAMMING"},
        "CreateIndex/params/metric-unsupported"),
    Row("binary-with-l2", BV, "vec", {"index_type": "BIN_FLAT", "metric_type": "L2"},
        "CreateIndex/params/metric-unsupported"),
    Row("sparse-with-l2", SV, "vec", {"index_type": "SPARSE_INVERTED_INDEX", "metric_type": "L2"},
        "CreateIndex/params/sparse-metric", **_SPARSE),
    Row("bin-flat-on-float", FV, "vec", {"index_type": "BIN_FLAT", "metric_type": "L2"},
        "CreateIndex/params/index-data-type"),
    Row("ivf-flat-on-binary", BV, "vec", {"index_type": "IVF_FLAT", "metric_type": "HAMMING", "nlist": "16"},
        "CreateIndex/params/index-data-type"),
    Row("hnsw-m-too-large", FV, "vec", {"index_type": "HNSW", "metric_type": "L2", "M": "4096",
                                        "efConstruction": "64"}, "CreateIndex/params/out-of-range"),
    Row("hnsw-ef-construction-zero", FV, "vec", {"index_type": "HNSW", "metric_type": "L2", "M": "8",
                                                 "efConstruction": "0"}, "CreateIndex/params/out-of-range"),
    Row("hnsw-m-not-a-number", FV, "vec", {"index_type": "HNSW", "metric_type": "L2", "M": "abc",
                                           "efConstruction": "64"}, "CreateIndex/params/out-of-range"),
    Row("ivf-nlist-zero", FV, "vec", {"index_type": "IVF_FLAT", "metric_type": "L2", "nlist": "0"},
        "CreateIndex/params/out-of-range"),
    Row("ivf-nlist-too-large", FV, "vec", {"index_type": "IVF_FLAT", "metric_type": "L2", "nlist": "65537"},
        "CreateIndex/params/out-of-range"),
    Row("autoindex-with-nlist", FV, "vec", {"index_type": "AUTOINDEX", "metric_type": "L2", "nlist": "16"},
        "CreateIndex/params/autoindex-extra"),
    Row("stl-sort-on-bool", FV, "b", {"index_type": "STL_SORT"}, "CreateIndex/params/scalar-data-type"),
    Row("bitmap-on-float", FV, "fl", {"index_type": "BITMAP"}, "CreateIndex/params/scalar-data-type"),
    Row("bitmap-on-primary-key", FV, "id", {"index_type": "BITMAP"}, "CreateIndex/params/scalar-data-type"),
    Row("flat-on-int64", FV, "i", {"index_type": "FLAT", "metric_type": "L2"}, "CreateIndex/params/scalar-data-type"),
)


def row_schema(name: str, vector_type: int) -> schema_pb2.CollectionSchema:
    """The rows' collection: id Int64 pk, vec (``vector_type``; dim 8, binary 16), b Bool, i Int64, fl Float,
    s VarChar(32)."""
    def f(fname, dtype, **kw):
        fs = schema_pb2.FieldSchema(name=fname, data_type=dtype, is_primary_key=kw.pop("primary", False))
        for k, v in kw.items():
            fs.type_params.add(key=k, value=str(v))
        return fs

    vec = f("vec", vector_type) if vector_type == DT.SparseFloatVector else \
        f("vec", vector_type, dim=16 if vector_type == DT.BinaryVector else 8)
    return schema_pb2.CollectionSchema(name=name, fields=[
        f("id", DT.Int64, primary=True), vec, f("b", DT.Bool), f("i", DT.Int64), f("fl", DT.Float),
        f("s", DT.VarChar, max_length=32)])
