"""Feature sequences for differential runs: one fixed-shape schema per feature, with drawn data, query vectors,
texts, limits, filters and ranker settings, so a server lacking a feature can be diffed on the rest
(``--features all,-bm25``).

- ``hybrid``: two float vector fields (each its own FLAT metric), HybridSearch with RRF (drawn k) or weighted
  (drawn weights, sometimes norm_score) fusion, per-leg filters, nq 1-2, output fields.
- ``iterators``: search iterator v2 pages (first page, then pages after a bound a client would send: the middle
  of two distinct exact scores, so no server's float rounding decides a hit; a fixed drawn UUID token) and query
  iterator pages (``iterator`` / ``reduce_stop_for_best`` with ``limit``, continued by ``id > last``).
- ``count``: count(*) with filters and partition_names, over rows inserted into partitions, before and after a
  delete.
- ``bm25``: a VarChar with ``enable_analyzer`` + a BM25 function writing a sparse output, its BM25 index, and
  searches with text (PlaceholderType VarChar), with filters; sometimes a HybridSearch with a full-text leg.
- ``nullable``: nullable and defaulted fields, rows with nulls and batches leaving those columns out, read back by
  Query (``is null`` filters) and Search output fields.
- ``database``: a run-named database, a collection in it used through ``db_name`` (insert, index, load, query,
  search, listings), then dropped with the database.

All names are in ``session.PLACEHOLDER_NS``; reads are Strong. Generation is deterministic per seed and index.
"""

from __future__ import annotations

import json
import uuid

import numpy as np
from hypothesis import strategies as st

from ..model import data as d
from ..orm import STRONG, kv_pairs, placeholder_group, search_params
from ..protocol import common_pb2, milvus_pb2, schema_pb2
from ..strategies.schemas import make_field
from .session import PLACEHOLDER_NS, Call, Session, stored

DT = schema_pb2.DataType
PT = common_pb2.PlaceholderType
FEATURES = ("hybrid", "iterators", "count", "bm25", "nullable", "database")
METRICS = ("L2", "IP", "COSINE")
WORDS = ("apple", "brown", "quick", "fox", "lazy", "dog", "river", "stone", "blue", "night", "Quick", "DOG", "sun")


def parse_features(text: str) -> list[str]:
    """``all`` / ``none`` / names, comma-separated; ``-name`` drops one. Returns the features in FEATURES order."""
    chosen: set[str] = set()
    for raw in (text or "").split(","):
        word = raw.strip().lower()
        if not word:
            continue
        drop = word.startswith("-")
        word = word.lstrip("-")
        names = set(FEATURES) if word == "all" else set() if word == "none" else {word}
        unknown = names - set(FEATURES)
        if unknown:
            raise ValueError(f"unknown feature {word!r}; known: all, none, {', '.join(FEATURES)}")
        chosen = chosen - names if drop else chosen | names
    return [f for f in FEATURES if f in chosen]


class _Builder:
    def __init__(self, draw, db: str = ""):
        self.draw = draw
        self.calls: list[Call] = []
        self.db = db
        self.name = f"{PLACEHOLDER_NS}_c1"

    def add(self, rpc: str, request, note: str = "") -> None:
        self.calls.append(Call(rpc, stored(request), note=note))

    def session(self, index: int) -> Session:
        return Session(PLACEHOLDER_NS, self.calls, f"sequence {index + 1}")

    # -- common steps --------------------------------------------------------------------------------------

    def create(self, schema: schema_pb2.CollectionSchema, note: str = "create") -> None:
        schema.name = self.name
        self.add("CreateCollection", milvus_pb2.CreateCollectionRequest(
            db_name=self.db, collection_name=self.name, schema=schema.SerializeToString(),
            consistency_level=STRONG), note)

    def insert(self, schema, rows, partition: str = "", note: str = "insert") -> None:
        self.add("Insert", milvus_pb2.InsertRequest(
            db_name=self.db, collection_name=self.name, partition_name=partition,
            fields_data=d.rows_to_fields_data(schema, rows), num_rows=len(rows)), note)

    def index(self, field: str, index_type: str, metric: str) -> None:
        self.add("CreateIndex", milvus_pb2.CreateIndexRequest(
            db_name=self.db, collection_name=self.name, field_name=field,
            extra_params=kv_pairs({"index_type": index_type, "metric_type": metric, "params": "{}"})))

    def load(self) -> None:
        self.add("LoadCollection", milvus_pb2.LoadCollectionRequest(db_name=self.db, collection_name=self.name),
                 "load (waits until loaded)")

    def finish(self) -> None:
        self.add("ReleaseCollection", milvus_pb2.ReleaseCollectionRequest(db_name=self.db, collection_name=self.name))
        self.add("DropCollection", milvus_pb2.DropCollectionRequest(db_name=self.db, collection_name=self.name))

    def query(self, expr: str, outputs, params: dict | None = None, partitions=(), note: str = "query") -> None:
        self.add("Query", milvus_pb2.QueryRequest(
            db_name=self.db, collection_name=self.name, expr=expr, output_fields=list(outputs),
            partition_names=list(partitions), query_params=kv_pairs(params or {}), consistency_level=STRONG,
            use_default_consistency=False), note)

    def search_request(self, field: str, queries, limit: int, *, expr: str = "", outputs=(), metric: str = "",
                       ptype: int = PT.FloatVector, extra: dict | None = None) -> milvus_pb2.SearchRequest:
        if ptype == PT.VarChar:
            group = common_pb2.PlaceholderGroup()
            group.placeholders.add(tag="$0", type=PT.VarChar, values=[q.encode() for q in queries])
            raw = group.SerializeToString()
        else:
            raw = placeholder_group(queries, ptype)
        return milvus_pb2.SearchRequest(
            db_name=self.db, collection_name=self.name, dsl=expr, dsl_type=common_pb2.DslType.BoolExprV1,
            placeholder_group=raw, output_fields=list(outputs), nq=len(queries),
            search_params=search_params(anns_field=field, limit=limit, metric_type=metric, params={}, extra=extra),
            consistency_level=STRONG, use_default_consistency=False)

    # -- drawn values --------------------------------------------------------------------------------------

    def vector(self, dim: int) -> list[float]:
        return [v / 10 for v in self.draw(st.lists(st.integers(-30, 30), min_size=dim, max_size=dim))]

    def keys(self, lo: int = 4, hi: int = 24) -> list[int]:
        return self.draw(st.lists(st.integers(0, 999), min_size=lo, max_size=hi, unique=True))

    def n_filter(self, field: str = "n") -> str:
        op = self.draw(st.sampled_from((">", "<", ">=", "<=", "==", "!=")))
        return f"{field} {op} {self.draw(st.integers(-5, 5))}"


def _vector_schema(dims: dict[str, int]) -> schema_pb2.CollectionSchema:
    fields = [make_field("id", DT.Int64, primary=True), make_field("n", DT.Int64)]
    fields += [make_field(name, DT.FloatVector, dim=dim) for name, dim in dims.items()]
    return schema_pb2.CollectionSchema(name="x", fields=fields)


def _vector_rows(b: _Builder, keys, dims: dict[str, int]) -> list[dict]:
    return [{"id": k, "n": b.draw(st.integers(-5, 5)), **{f: b.vector(dim) for f, dim in dims.items()}}
            for k in keys]


def _split(b: _Builder, rows: list) -> list[list]:
    cut = b.draw(st.integers(1, len(rows)))
    return [part for part in (rows[:cut], rows[cut:]) if part]


# ---- hybrid --------------------------------------------------------------------------------------------------

def hybrid(b: _Builder) -> None:
    dims = {"v1": b.draw(st.integers(2, 8)), "v2": b.draw(st.integers(2, 8))}
    schema = _vector_schema(dims)
    b.create(schema)
    rows = _vector_rows(b, b.keys(), dims)
    for part in _split(b, rows):
        b.insert(schema, part)
    for f in dims:
        b.index(f, "FLAT", b.draw(st.sampled_from(METRICS)))
    b.load()
    for _ in range(b.draw(st.integers(2, 5))):
        nq = b.draw(st.integers(1, 2))
        legs = []
        for f in b.draw(st.sampled_from((["v1", "v2"], ["v2", "v1"], ["v1", "v2", "v1"]))):
            expr = b.n_filter() if b.draw(st.integers(0, 2)) == 0 else ""
            legs.append(b.search_request(f, [b.vector(dims[f]) for _ in range(nq)], b.draw(st.integers(1, 10)),
                                         expr=expr))
        limit = b.draw(st.integers(1, 10))
        if b.draw(st.booleans()):
            rank = {"strategy": "rrf", "params": json.dumps({"k": b.draw(st.sampled_from((1, 10, 60, 100)))})}
        else:
            params: dict = {"weights": [b.draw(st.integers(0, 10)) / 10 for _ in legs]}
            if b.draw(st.booleans()):
                params["norm_score"] = b.draw(st.booleans())
            rank = {"strategy": "weighted", "params": json.dumps(params)}
        rank["limit"] = limit
        outputs = ["n"] if b.draw(st.booleans()) else []
        b.add("HybridSearch", milvus_pb2.HybridSearchRequest(
            db_name=b.db, collection_name=b.name, requests=legs, rank_params=kv_pairs(rank), output_fields=outputs,
            consistency_level=STRONG, use_default_consistency=False), f"hybrid {rank['strategy']}")
    b.finish()


# ---- iterators -----------------------------------------------------------------------------------------------

def _scores(metric: str, rows: list[dict], field: str, query: list[float]) -> list[float]:
    """Every row's score for ``query``, best first (L2: squared distance, smaller first)."""
    q = np.asarray(query, np.float64)
    out = []
    for r in rows:
        v = np.asarray(r[field], np.float64)
        if metric == "L2":
            out.append(float(np.sum((v - q) ** 2)))
        elif metric == "IP":
            out.append(float(v @ q))
        else:
            den = float(np.linalg.norm(v) * np.linalg.norm(q))
            out.append(float(v @ q) / den if den else 0.0)
    return sorted(out, reverse=metric != "L2")


def _bound_after(scores: list[float], k: int) -> float | None:
    """A last bound between the k-th best score and the next distinct one (None when no distinct one follows)."""
    if k > len(scores):
        return None
    last = scores[k - 1]
    later = [s for s in scores[k:] if abs(s - last) > 1e-3 * max(1.0, abs(last))]
    return None if not later else round((last + later[0]) / 2, 6)


def iterators(b: _Builder) -> None:
    dims = {"v": b.draw(st.integers(2, 8))}
    schema = _vector_schema(dims)
    b.create(schema)
    keys = b.keys(6, 30)
    rows = _vector_rows(b, keys, dims)
    for part in _split(b, rows):
        b.insert(schema, part)
    metric = b.draw(st.sampled_from(METRICS))
    b.index("v", "FLAT", metric)
    b.load()
    token = str(uuid.UUID(int=b.draw(st.integers(0, 2**122 - 1)) | (4 << 76) | (2 << 62)))  # a v4-shaped UUID
    for _ in range(b.draw(st.integers(1, 3))):
        query = b.vector(dims["v"])
        batch = b.draw(st.integers(1, 8))
        expr = b.n_filter() if b.draw(st.integers(0, 3)) == 0 else ""
        outputs = ["n"] if b.draw(st.booleans()) else []
        params = {"iterator": "True", "search_iter_v2": "True", "search_iter_batch_size": batch}
        b.add("Search", b.search_request("v", [query], batch, expr=expr, outputs=outputs, extra=params),
              "search iterator v2: first page")
        scores = _scores(metric, rows if not expr else [r for r in rows if _holds(expr, r)], "v", query)
        for page in range(1, b.draw(st.integers(1, 3)) + 1):
            bound = _bound_after(scores, page * batch)
            if bound is None:
                break
            b.add("Search", b.search_request("v", [query], batch, expr=expr, outputs=outputs, extra={
                **params, "search_iter_id": token, "search_iter_last_bound": repr(bound)}),
                f"search iterator v2: page {page + 1}")
    for _ in range(b.draw(st.integers(1, 2))):
        limit = b.draw(st.integers(1, 10))
        params = {"iterator": "True", "limit": limit}
        if b.draw(st.booleans()):
            params["reduce_stop_for_best"] = b.draw(st.sampled_from(("True", "False")))
        extra = b.n_filter() if b.draw(st.integers(0, 3)) == 0 else ""
        last = None
        matching = [k for k, r in zip(keys, rows, strict=True) if not extra or _holds(extra, r)]
        matching.sort()
        for page in range(b.draw(st.integers(1, 4))):
            cursor = f"id > {last}" if last is not None else ""
            expr = " and ".join(f"({e})" for e in (cursor, extra) if e) if cursor and extra else cursor or extra
            b.query(expr, ["n"], params, note=f"query iterator: page {page + 1}")
            got = [k for k in matching if last is None or k > last][:limit]
            if not got:
                break
            last = got[-1]


def _holds(expr: str, row: dict) -> bool:
    field, op, value = expr.split()
    a, v = row[field], int(value)
    return {">": a > v, "<": a < v, ">=": a >= v, "<=": a <= v, "==": a == v, "!=": a != v}[op]


# ---- count(*) ------------------------------------------------------------------------------------------------

def count(b: _Builder) -> None:
    dims = {"v": b.draw(st.integers(2, 4))}
    schema = _vector_schema(dims)
    b.create(schema)
    parts = ["part_a", "part_b"]
    for p in parts:
        b.add("CreatePartition", milvus_pb2.CreatePartitionRequest(collection_name=b.name, partition_name=p))
    rows = _vector_rows(b, b.keys(4, 30), dims)
    at = 0
    for p in ["", *parts]:
        take = b.draw(st.integers(0, len(rows) - at))
        if take:
            b.insert(schema, rows[at:at + take], p, f"insert into {p or 'the default partition'}")
        at += take
    if at < len(rows):
        b.insert(schema, rows[at:])
    b.index("v", "FLAT", "L2")
    b.load()

    def counts(n: int) -> None:
        for _ in range(n):
            expr = b.draw(st.sampled_from(("", "filter", "in")))
            if expr == "filter":
                expr = b.n_filter()
            elif expr == "in":
                picked = b.draw(st.lists(st.sampled_from([r["id"] for r in rows]), max_size=5, unique=True))
                expr = f"id in {picked}"
            partitions = b.draw(st.sampled_from(([], ["_default"], ["part_a"], ["part_b"], ["part_a", "part_b"],
                                                 ["_default", "part_b"])))
            b.query(expr, ["count(*)"], partitions=partitions, note="count(*)")

    counts(b.draw(st.integers(2, 5)))
    if b.draw(st.booleans()):
        b.add("Delete", milvus_pb2.DeleteRequest(collection_name=b.name, expr=b.n_filter()), "delete by filter")
        counts(b.draw(st.integers(1, 3)))
    b.finish()


# ---- BM25 full text ------------------------------------------------------------------------------------------

def bm25(b: _Builder) -> None:
    schema = schema_pb2.CollectionSchema(name="x", fields=[
        make_field("id", DT.Int64, primary=True),
        make_field("text", DT.VarChar, max_length=512, enable_analyzer="true"),
        make_field("n", DT.Int64),
        make_field("vec", DT.FloatVector, dim=4)])
    schema.fields.add(name="sparse", data_type=DT.SparseFloatVector, is_function_output=True)
    schema.functions.add(name="bm", type=schema_pb2.FunctionType.BM25, input_field_names=["text"],
                         output_field_names=["sparse"])
    b.create(schema, "create (BM25 function)")

    def text(lo: int = 1, hi: int = 8) -> str:
        return " ".join(b.draw(st.lists(st.sampled_from(WORDS), min_size=lo, max_size=hi)))

    rows = [{"id": k, "text": text(), "n": b.draw(st.integers(-5, 5)), "vec": b.vector(4)}
            for k in b.keys(3, 16)]
    plain = schema_pb2.CollectionSchema()
    plain.CopyFrom(schema)
    del plain.fields[-1]  # the function's output is the server's to write
    for part in _split(b, rows):
        b.insert(plain, part)
    b.index("sparse", "SPARSE_INVERTED_INDEX", "BM25")
    b.index("vec", "FLAT", "L2")
    b.load()
    for _ in range(b.draw(st.integers(2, 5))):
        nq = b.draw(st.integers(1, 2))
        expr = b.n_filter() if b.draw(st.integers(0, 2)) == 0 else ""
        outputs = b.draw(st.sampled_from(([], ["n"], ["text"], ["text", "n"])))
        b.add("Search", b.search_request("sparse", [text(1, 3) for _ in range(nq)], b.draw(st.integers(1, 10)),
                                         expr=expr, outputs=outputs, metric="BM25", ptype=PT.VarChar),
              "full-text search")
    if b.draw(st.booleans()):  # a HybridSearch with a full-text leg and a dense leg
        legs = [b.search_request("sparse", [text(1, 3)], b.draw(st.integers(1, 10)), metric="BM25", ptype=PT.VarChar),
                b.search_request("vec", [b.vector(4)], b.draw(st.integers(1, 10)))]
        rank = {"strategy": "rrf", "params": json.dumps({"k": 60}), "limit": b.draw(st.integers(1, 10))}
        b.add("HybridSearch", milvus_pb2.HybridSearchRequest(
            collection_name=b.name, requests=legs, rank_params=kv_pairs(rank), output_fields=["n"],
            consistency_level=STRONG, use_default_consistency=False), "hybrid with a full-text leg")
    b.finish()


# ---- nullable and default values -----------------------------------------------------------------------------

def nullable(b: _Builder) -> None:
    schema = schema_pb2.CollectionSchema(name="x", fields=[
        make_field("id", DT.Int64, primary=True), make_field("vec", DT.FloatVector, dim=4),
        make_field("s", DT.VarChar, max_length=16, default_value=schema_pb2.ValueField(string_data="dflt")),
        make_field("n", DT.Int32, nullable=True),
        make_field("x", DT.Double, nullable=True, default_value=schema_pb2.ValueField(double_data=2.5))])
    b.create(schema, "create (nullable and defaulted fields)")
    keys = b.keys(3, 16)
    rows = []
    for k in keys:
        rows.append({"id": k, "vec": b.vector(4),
                     "s": b.draw(st.one_of(st.none(), st.sampled_from(("a", "bb", "dflt", "zz")))),
                     "n": b.draw(st.one_of(st.none(), st.integers(-5, 5))),
                     "x": b.draw(st.one_of(st.none(), st.sampled_from((-1.5, 0.0, 2.5, 3.25))))})
    for part in _split(b, rows):
        b.insert(schema, part, note="insert (with nulls)")
    if b.draw(st.booleans()):  # a batch leaving the defaulted and nullable columns out
        more = [{"id": 1000 + i, "vec": b.vector(4)} for i in range(b.draw(st.integers(1, 3)))]
        b.add("Insert", milvus_pb2.InsertRequest(collection_name=b.name, fields_data=[
            d.make_column("id", DT.Int64, [r["id"] for r in more]),
            d.make_column("vec", DT.FloatVector, [r["vec"] for r in more], dim=4)], num_rows=len(more)),
            "insert leaving defaulted and nullable columns out")
    b.index("vec", "FLAT", b.draw(st.sampled_from(METRICS)))
    b.load()
    filters = ("", "n is null", "n is not null", "x is null", "x > 1", "s == 'dflt'", "s != 'a'", "n > 0",
               "n is null or n < 0")
    for _ in range(b.draw(st.integers(2, 5))):
        if b.draw(st.integers(0, 3)) == 0:
            b.add("Search", b.search_request("vec", [b.vector(4)], b.draw(st.integers(1, 10)),
                                             expr=b.draw(st.sampled_from(filters)), outputs=["s", "n", "x"]),
                  "search with nullable outputs")
        else:
            expr = b.draw(st.sampled_from(filters)) or "id >= 0"
            b.query(expr, b.draw(st.sampled_from((["s", "n", "x"], ["n"], ["count(*)"]))))
    b.finish()


# ---- databases -----------------------------------------------------------------------------------------------

def database(b: _Builder) -> None:
    db = f"{PLACEHOLDER_NS}_d1"
    b.add("CreateDatabase", milvus_pb2.CreateDatabaseRequest(db_name=db), "create database")
    b.add("ListDatabases", milvus_pb2.ListDatabasesRequest())
    b.db = db
    dims = {"v": b.draw(st.integers(2, 8))}
    schema = _vector_schema(dims)
    b.create(schema, "create in the database")
    b.add("ShowCollections", milvus_pb2.ShowCollectionsRequest(db_name=db))
    b.add("DescribeCollection", milvus_pb2.DescribeCollectionRequest(db_name=db, collection_name=b.name))
    b.add("HasCollection", milvus_pb2.HasCollectionRequest(collection_name=b.name), "not in the default database")
    rows = _vector_rows(b, b.keys(), dims)
    for part in _split(b, rows):
        b.insert(schema, part)
    b.index("v", "FLAT", b.draw(st.sampled_from(METRICS)))
    b.load()
    for _ in range(b.draw(st.integers(1, 4))):
        if b.draw(st.booleans()):
            b.query(b.draw(st.sampled_from(("", b.n_filter()))) or "id >= 0",
                    b.draw(st.sampled_from((["n"], ["count(*)"]))))
        else:
            b.add("Search", b.search_request("v", [b.vector(dims["v"])], b.draw(st.integers(1, 10)),
                                             outputs=["n"]), "search in the database")
    if b.draw(st.booleans()):
        b.add("DropDatabase", milvus_pb2.DropDatabaseRequest(db_name=db), "drop a database that holds a collection")
    b.finish()
    b.add("DropDatabase", milvus_pb2.DropDatabaseRequest(db_name=db), "drop the database")
    b.db = ""
    b.add("ListDatabases", milvus_pb2.ListDatabasesRequest())


BUILDERS = {"hybrid": hybrid, "iterators": iterators, "count": count, "bm25": bm25, "nullable": nullable,
            "database": database}


@st.composite
def feature_sessions(draw, feature: str, index: int = 0) -> Session:
    b = _Builder(draw)
    BUILDERS[feature](b)
    if feature != "database" and b.calls[-1].rpc != "DropCollection":
        b.finish()
    b.add("HasCollection", milvus_pb2.HasCollectionRequest(collection_name=b.name))
    session = b.session(index)
    session.title = f"sequence {index + 1} ({feature})"
    return session
