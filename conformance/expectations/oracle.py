"""The client-side record of what a case wrote, and the answers a conforming server must give about it.

:class:`Oracle` keeps the rows of one collection by primary key (with their partition), applies inserts,
deletes and upserts the way Milvus does, and computes expected Query / Search answers with the one shared
reference model (``conformance.model.expr`` for filters, ``conformance.model.vectors`` for exact search,
``conformance.model.data`` for decoding). The ``check_*`` helpers hold a raw response to those answers through
the registered semantic checks (``verify``), naming the exact difference (first missing / extra / wrong row,
hit or field).

Semantics (evidence in the docstrings of the cases that rely on them):
- Insert appends rows; a primary key inserted twice is accepted by Milvus (Insert/duplicate-primary-keys) but
  which copy Query returns is unspecified, so such keys become *ambiguous* and are left out of comparisons.
- Delete removes every visible row the expression matches (restricted to one partition when given).
- Upsert = delete the keys (in every partition) + insert the new rows (Milvus 2.3.5: delete_cnt = upsert_cnt).
- Query / Search results carry no order guarantee for Query (milvus-lite 3.2.2 returned 4,3,7 after an
  upsert); Search hits are best-first, ties in any order (``vectors.same_ranking``).
"""

from __future__ import annotations

import math
import operator
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..model import data as d
from ..model import expr as x
from ..model import vectors as v
from ..protocol import schema_pb2
from .tally import verify

DT = schema_pb2.DataType
DEFAULT_PARTITION = "_default"


def dialect_for(server) -> x.Dialect:
    """The expression dialect a server speaks: MILVUS_2_3 for Milvus < 2.4.0, CURRENT otherwise."""
    return x.MILVUS_2_3 if server is not None and server.older_than("2.4.0") else x.CURRENT


def short(value: Any, limit: int = 120) -> str:
    if isinstance(value, np.ndarray):
        text = f"{value.dtype}{value.tolist()}"
    elif isinstance(value, (bytes, bytearray)):
        text = f"0x{bytes(value).hex()}"
    else:
        text = repr(value)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def same_value(dtype: int, expected: Any, actual: Any) -> bool:
    """Equality per data type: floats compare as float32 (Float) / float64 (Double) exactly, vectors bit-exact
    (float32, float16, bfloat16-as-float32, int8, binary bytes, sparse index->float32 maps), JSON by value."""
    if expected is None or actual is None:
        return expected is None and actual is None
    if dtype == DT.Float:
        return np.float32(expected) == np.float32(actual) or (math.isnan(expected) and math.isnan(actual))
    if dtype == DT.Double:
        return float(expected) == float(actual)
    if dtype in (DT.FloatVector, DT.BFloat16Vector):
        return np.asarray(expected, "<f4").tobytes() == np.asarray(actual, "<f4").tobytes()
    if dtype == DT.Float16Vector:
        return np.asarray(expected, "<f2").tobytes() == np.asarray(actual, "<f2").tobytes()
    if dtype == DT.Int8Vector:
        return np.asarray(expected, np.int8).tobytes() == np.asarray(actual, np.int8).tobytes()
    if dtype == DT.BinaryVector:
        return bytes(expected) == bytes(actual)
    if dtype == DT.SparseFloatVector:
        return {int(k): float(np.float32(val)) for k, val in expected.items()} == \
            {int(k): float(np.float32(val)) for k, val in actual.items()}
    if dtype == DT.Array:
        return len(expected) == len(actual) and all(
            (np.float32(a) == np.float32(b)) if isinstance(a, float) else a == b for a, b in zip(expected, actual, strict=True))
    return expected == actual


@dataclass
class Stored:
    row: dict[str, Any]
    partition: str


@dataclass
class Oracle:
    """What has been written to one collection, and what Query / Search must answer about it."""

    schema: schema_pb2.CollectionSchema
    dialect: x.Dialect = x.MILVUS_2_3
    rows: dict[Any, Stored] = field(default_factory=dict)
    ambiguous: set = field(default_factory=set)

    def __post_init__(self):
        pk = d.primary_field(self.schema)
        if pk is None:
            raise ValueError("the oracle needs a schema with a primary key")
        self.pk = pk.name
        self.types = {f.name: f.data_type for f in self.schema.fields}
        self.vector_field = next((f.name for f in self.schema.fields if f.data_type in d.VECTOR_TYPES), None)

    # ---- writes --------------------------------------------------------------------------------------

    def normalize(self, row: Mapping[str, Any]) -> dict[str, Any]:
        """A row as the server stores it: Float rounded to float32, vectors as numpy float32 etc."""
        out = dict(row)
        for f in self.schema.fields:
            # A null (or absent value) in a field with a default_value is stored as the default (unverified
            # live: Milvus 2.5 docs "Nullable & Default"; proxy fillWithDefaultValue).
            if out.get(f.name) is None and f.HasField("default_value"):
                slot = f.default_value.WhichOneof("data")
                if slot is not None:
                    out[f.name] = getattr(f.default_value, slot)
        for name, dtype in self.types.items():
            if name not in out or out[name] is None:
                continue
            if dtype == DT.Float:
                out[name] = float(np.float32(out[name]))
            elif dtype in (DT.FloatVector, DT.BFloat16Vector):
                out[name] = np.asarray(out[name], dtype=np.float32)
            elif dtype == DT.Float16Vector:
                out[name] = np.asarray(out[name], dtype=np.float16)
        return out

    def insert(self, rows: Sequence[Mapping[str, Any]], ids: Sequence[Any] | None = None,
               partition: str = DEFAULT_PARTITION) -> None:
        """Record rows; ``ids`` are the primary keys the server assigned (auto_id) or echoed."""
        for i, row in enumerate(rows):
            stored = self.normalize(row)
            if ids is not None:
                stored[self.pk] = ids[i]
            key = stored[self.pk]
            if key in self.rows:
                self.ambiguous.add(key)
            self.rows[key] = Stored(stored, partition)

    def matching(self, expr: str, partitions: Iterable[str] | None = None) -> list[Any]:
        keys = [k for k, s in self.rows.items() if partitions is None or s.partition in set(partitions)]
        mask = x.filter_rows(expr, [self.rows[k].row for k in keys], self.schema, dialect=self.dialect)
        return [k for k, ok in zip(keys, mask, strict=True) if ok]

    def delete(self, expr: str, partition: str | None = None) -> list[Any]:
        """Apply a Delete; return the keys removed."""
        gone = self.matching(expr, None if not partition else [partition])
        for k in gone:
            del self.rows[k]
            self.ambiguous.discard(k)
        return gone

    def upsert(self, rows: Sequence[Mapping[str, Any]], partition: str = DEFAULT_PARTITION) -> None:
        for row in rows:
            key = row[self.pk]
            self.rows.pop(key, None)
            self.ambiguous.discard(key)
        self.insert(rows, partition=partition)

    # ---- expected answers ----------------------------------------------------------------------------

    def delete_check(self, expr: str) -> str:
        """The success check of a Delete by ``expr``: a pure primary-key list needs no query
        (Delete/by-primary-keys), any other filter is resolved by one (Delete/by-filter)."""
        from ..model.store import primary_key_terms

        compiled = x.compile_expr(expr, self.schema, dialect=self.dialect)
        return "Delete/by-primary-keys" if primary_key_terms(compiled, self.pk) is not None else "Delete/by-filter"

    def count(self, partitions: Iterable[str] | None = None) -> int:
        return len(self.matching("", partitions))

    def query(self, expr: str, partitions: Iterable[str] | None = None) -> dict[Any, dict[str, Any]]:
        """Rows matching ``expr`` by primary key (compile errors raise ``ExprError`` as the server would)."""
        return {k: self.rows[k].row for k in self.matching(expr, partitions)}

    def search(self, queries: Sequence, metric: str, limit: int, *, expr: str = "",
               partitions: Iterable[str] | None = None, offset: int = 0,
               round_decimal: int = -1) -> list[list[v.Hit]]:
        """The exact top-k over the rows matching ``expr`` (model.vectors.search, over the vectors prepared once
        per state of the rows: the mock's fast path)."""
        chosen = set(self.matching(expr, partitions))
        if not chosen:
            return [[] for _ in queries]
        keys, matrix, present = self._prepared()
        mask = np.fromiter((k in chosen for k in keys), dtype=bool, count=len(keys)) & present
        return v.search(metric, queries, matrix, keys, limit=limit, offset=offset, round_decimal=round_decimal,
                        mask=mask)

    def _prepared(self) -> tuple[list[Any], v.Matrix, np.ndarray]:
        """(keys, their vectors prepared, which hold one), rebuilt when the stored rows changed."""
        stored = list(self.rows.values())
        cached = self.__dict__.get("_cache")
        if cached is None or len(cached[0]) != len(stored) or not all(map(operator.is_, cached[0], stored)):
            values = [s.row.get(self.vector_field) for s in stored]
            sample = next((x for x in values if x is not None), [])
            kind = v.vector_kind(sample)
            blank = {} if kind == "sparse" else bytes(len(sample)) if kind == "binary" else np.zeros(len(sample))
            matrix = v.prepare([blank if x is None else x for x in values], kind)
            present = np.fromiter((x is not None for x in values), dtype=bool, count=len(values))
            cached = self.__dict__["_cache"] = (stored, list(self.rows), matrix, present)
        return cached[1], cached[2], cached[3]

    def score(self, query: Any, key: Any, metric: str) -> float:
        base = self.rows[key].row[self.vector_field]
        return float(np.float32(v.scores(metric, [query], [base], v.vector_kind(base))[0][0]))


# ---- reading responses ------------------------------------------------------------------------------------

def ids_of(ids: schema_pb2.IDs) -> list[Any]:
    kind = ids.WhichOneof("id_field")
    if kind == "int_id":
        return list(ids.int_id.data)
    if kind == "str_id":
        return list(ids.str_id.data)
    return []


def hits_of(results: schema_pb2.SearchResultData) -> list[list[v.Hit]]:
    """Per-query hit lists from ``SearchResultData`` (ids and scores split by ``topks``)."""
    ids = ids_of(results.ids)
    scores = list(results.scores)
    out, start = [], 0
    for k in results.topks:
        out.append([v.Hit(i, s) for i, s in zip(ids[start:start + k], scores[start:start + k], strict=False)])
        start += k
    return out


def rows_of(fields_data: Sequence[schema_pb2.FieldData], schema: schema_pb2.CollectionSchema) -> list[dict]:
    return d.fields_data_to_rows(fields_data, schema=schema)


# ---- comparisons ------------------------------------------------------------------------------------------
# Each property is a registered semantic check (conformance.model.rules: Insert/result/..., Query/result/...,
# Search/result/...), judged with ``verify``: recorded in the case's tally, a Deviation when it does not hold.

def check_mutation(rpc: str, reply, request, *, expected_count: int, count_field: str,
                   expected_ids: Sequence[Any] | None = None, unique: bool = False) -> list[Any]:
    """MutationResult of Insert / Upsert: one ID per row, ``succ_index`` 0..n-1 and no ``err_index``,
    ``<count_field>`` = n, the IDs echo ``expected_ids`` when given (non-auto pk) and are pairwise distinct when
    ``unique`` (auto IDs)."""
    ids = ids_of(reply.IDs)
    verify(f"{rpc}/result/one-id-per-row", len(ids) == expected_count, expected=f"{expected_count} IDs",
           actual=f"{len(ids)} IDs: {short(ids)}", request=request, rpc=rpc)
    count = getattr(reply, count_field)
    verify(f"{rpc}/result/count", count == expected_count, expected=f"{count_field} {expected_count}",
           actual=f"{count_field} {count}", request=request, rpc=rpc)
    succ, err = list(reply.succ_index), list(reply.err_index)
    verify(f"{rpc}/result/succ-index", succ == list(range(expected_count)) and not err,
           expected=f"succ_index [0 .. {expected_count - 1}], err_index []",
           actual=f"succ_index {short(succ)}, err_index {short(err)}", request=request, rpc=rpc)
    if expected_ids is not None:
        first = next((i for i, (a, b) in enumerate(zip(expected_ids, ids, strict=True)) if a != b), None)
        verify(f"{rpc}/result/ids-echo-primary-keys", first is None,
               expected=f"ID[{first}] = {expected_ids[first]!r}" if first is not None else "the keys sent",
               actual=f"ID[{first}] = {ids[first]!r}" if first is not None else "the keys sent",
               request=request, rpc=rpc)
    if unique:
        dup = next((i for i in ids if ids.count(i) > 1), None)
        verify("Insert/result/auto-ids-unique", dup is None, expected="distinct IDs", actual=f"ID {dup!r} repeated",
               request=request, rpc=rpc)
    return ids


def check_query(reply, expected: Mapping[Any, Mapping[str, Any]], oracle: Oracle, request, *,
                output_fields: Sequence[str] = (), rpc: str = "Query") -> None:
    """Query results hold exactly the expected rows (as a set, by primary key), each requested field present
    with the schema's type and the written value. Ambiguous keys (duplicates) are ignored."""
    wanted = [f for f in output_fields if f != "*"] or []
    types = oracle.types
    wrong = next((fd for fd in reply.fields_data
                  if fd.field_name in types and not fd.is_dynamic and fd.type != types[fd.field_name]), None)
    verify("Query/result/field-types", wrong is None,
           expected=f"field {wrong.field_name!r} {d.type_name(types[wrong.field_name])}" if wrong else "schema types",
           actual=d.type_name(wrong.type) if wrong else "schema types", request=request, rpc=rpc)
    present = {fd.field_name for fd in reply.fields_data}
    missing_fields = [f for f in [oracle.pk, *wanted] if f not in present and f in types]
    verify("Query/result/requested-fields", not (missing_fields and (expected or reply.fields_data)),
           expected=f"fields {sorted({oracle.pk, *wanted} & set(types))}", actual=f"fields {sorted(present)}",
           request=request, rpc=rpc)
    try:
        rows, problem = rows_of(reply.fields_data, oracle.schema), ""
    except ValueError as exc:
        rows, problem = [], str(exc)
    verify("Query/result/columns-aligned", not problem, expected="equal column lengths", actual=problem,
           request=request, rpc=rpc)
    got: dict[Any, dict] = {}
    twice = None
    for row in rows:
        key = row.get(oracle.pk)
        if key in got and twice is None:
            twice = key
        got[key] = row
    verify("Query/result/unique-primary-keys", twice is None, expected=f"{oracle.pk}={twice!r} once",
           actual="twice", request=request, rpc=rpc)
    ignore = oracle.ambiguous
    want_keys = set(expected) - ignore
    got_keys = set(got) - ignore
    lost = sorted(want_keys - got_keys, key=repr)
    verify("Query/result/no-missing-rows", not lost,
           expected=f"{len(want_keys)} rows incl. {oracle.pk}={lost[0]!r}" if lost else f"{len(want_keys)} rows",
           actual=f"{len(got_keys)} rows, {len(lost)} missing", request=request, rpc=rpc)
    extra = sorted(got_keys - want_keys, key=repr)
    verify("Query/result/no-extra-rows", not extra, expected=f"{len(want_keys)} rows",
           actual=f"{len(got_keys)} rows incl. unexpected {oracle.pk}={extra[0]!r}" if extra else "",
           request=request, rpc=rpc)
    for k in sorted(want_keys, key=repr):
        for name in wanted:
            if name not in types or name == oracle.pk:
                continue
            exp, act = expected[k].get(name), got[k].get(name)
            verify("Query/result/values-as-written", same_value(types[name], exp, act),
                   expected=f"field {name!r} of {oracle.pk}={k!r}: {short(exp)}", actual=short(act), request=request,
                   rpc=rpc)


def check_search(reply, expected: Sequence[Sequence[v.Hit]], oracle: Oracle, request, *, queries: Sequence,
                 metric: str, limit: int, output_fields: Sequence[str] = (), rpc: str = "Search") -> None:
    """Search results: nq result lists, at most ``limit`` hits each, scores in the metric's order, the exact
    brute-force top-k (ties in any order), every hit a live matching row with its true score, and each
    requested output field present with the hit's written value."""
    res = reply.results
    n_ids, total = len(ids_of(res.ids)), sum(res.topks)
    shape_ok = (not res.num_queries or res.num_queries == len(queries)) and len(res.topks) == len(queries) and \
        len(res.scores) == total == n_ids
    verify("Search/result/shape", shape_ok,
           expected=f"num_queries {len(queries)}, {len(queries)} topks entries, ids and scores = sum(topks)",
           actual=f"num_queries {res.num_queries}, topks {short(list(res.topks))}, {n_ids} ids, {len(res.scores)} "
                  "scores", request=request, rpc=rpc)
    actual = hits_of(res)
    larger = v.larger_is_better(metric)
    for qi, (want, got) in enumerate(zip(expected, actual, strict=True)):
        verify("Search/result/at-most-limit", len(got) <= limit, expected=f"<= {limit} hits for query {qi}",
               actual=f"{len(got)} hits", request=request, rpc=rpc)
        disorder = next(((a, b) for a, b in zip(got, got[1:], strict=False)
                         if ((a.score < b.score) if larger else (a.score > b.score))), None)
        verify("Search/result/best-first", disorder is None,
               expected=f"query {qi}: {'descending' if larger else 'ascending'} {metric} scores",
               actual=f"{disorder[0].id!r}:{disorder[0].score} before {disorder[1].id!r}:{disorder[1].score}"
               if disorder else "", request=request, rpc=rpc)
        for h in got:
            verify("Search/result/live-rows", h.id in oracle.rows,
                   expected=f"query {qi}: ids of existing, undeleted rows",
                   actual=f"hit id {h.id!r} (deleted or never written)", request=request, rpc=rpc)
            true = oracle.score(queries[qi], h.id, metric)
            verify("Search/result/true-scores", bool(np.isclose(true, h.score, rtol=1e-5, atol=1e-5)),
                   expected=f"id {h.id!r}: {metric} {true}", actual=f"{h.score}", request=request, rpc=rpc)
        verify("Search/result/exact-top-k", v.same_ranking(list(want), got),
               expected=f"query {qi}: {[(h.id, round(h.score, 5)) for h in want]}",
               actual=f"{[(h.id, round(h.score, 5)) for h in got]}", request=request, rpc=rpc)
    wanted = [f for f in output_fields if f in oracle.types]
    present = {fd.field_name: fd for fd in res.fields_data}
    flat = [h for hits in actual for h in hits]
    for name in wanted:
        if name == oracle.pk:
            continue
        verify("Search/result/output-fields", name in present or not flat, expected=f"field {name!r} with the hits",
               actual=f"fields {sorted(present)}", request=request, rpc=rpc)
        if name not in present:
            continue
        values = d.column_values(present[name], next(f.element_type for f in oracle.schema.fields
                                                     if f.name == name))
        verify("Search/result/output-fields", len(values) == len(flat), expected=f"{len(flat)} values of {name!r}",
               actual=f"{len(values)}", request=request, rpc=rpc)
        for h, val in zip(flat, values, strict=True):
            want_val = oracle.rows[h.id].row.get(name)
            verify("Search/result/output-fields",
                   h.id in oracle.ambiguous or same_value(oracle.types[name], want_val, val),
                   expected=f"field {name!r} of id {h.id!r}: {short(want_val)}", actual=short(val), request=request,
                   rpc=rpc)


def statistic(reply, key: str = "row_count") -> str | None:
    return {kv.key: kv.value for kv in reply.stats}.get(key)


# ---- case support: a loaded collection with known rows ----------------------------------------------------

FLAT_INDEX = {DT.FloatVector: "FLAT", DT.Float16Vector: "FLAT", DT.BFloat16Vector: "FLAT",
              DT.BinaryVector: "BIN_FLAT", DT.SparseFloatVector: "SPARSE_INVERTED_INDEX", DT.Int8Vector: "FLAT"}
DEFAULT_METRIC = {DT.FloatVector: "L2", DT.Float16Vector: "L2", DT.BFloat16Vector: "L2", DT.Int8Vector: "L2",
                  DT.BinaryVector: "HAMMING", DT.SparseFloatVector: "IP"}


def standard_schema(name: str, dim: int = 4, *, auto_id: bool = False) -> schema_pb2.CollectionSchema:
    """id Int64 pk, n Int64, s VarChar(32), f Float, vec FloatVector(dim): the data-plane cases' workhorse."""
    from ..strategies.schemas import make_field

    return schema_pb2.CollectionSchema(name=name, fields=[
        make_field("id", DT.Int64, primary=True, auto_id=auto_id), make_field("n", DT.Int64),
        make_field("s", DT.VarChar, max_length=32), make_field("f", DT.Float),
        make_field("vec", DT.FloatVector, dim=dim)])


def grid_vector(seed: int, dim: int) -> np.ndarray:
    """A deterministic vector of quarter-integers in [-2, 2]: exact in float32, so scores are exact too."""
    rng = np.random.default_rng(seed)
    return (rng.integers(-8, 9, size=dim) / 4).astype(np.float32)


def standard_rows(start: int, count: int, dim: int = 4) -> list[dict[str, Any]]:
    return [{"id": i, "n": i % 7, "s": f"s{i % 5}", "f": float(np.float32(i / 8)), "vec": grid_vector(i, dim)}
            for i in range(start, start + count)]


def index_params(field_schema: schema_pb2.FieldSchema, metric: str | None = None) -> dict[str, str]:
    return {"index_type": FLAT_INDEX[field_schema.data_type],
            "metric_type": metric or DEFAULT_METRIC[field_schema.data_type], "params": "{}"}


# The setup steps of a data case, each held to its family's registered success check.
CREATED = "CreateCollection/accepts-valid-schema"
INSERTED = "Insert/accepts-valid-rows"
INDEXED = "CreateIndex/creates"
LOADED = "LoadCollection/loads"


def prepare(check, coll, rows: Sequence[Mapping[str, Any]] = (), *, metric: str | None = None,
            load: bool = True) -> Oracle:
    """Create ``coll``, insert ``rows``, index its vector field with FLAT (``metric``) and load it; return the
    oracle of what was written. Each step must succeed (CREATED, INSERTED, INDEXED, LOADED)."""
    from ..orm import vector_field_of

    check(coll.create(), CREATED)
    oracle = Oracle(coll.schema)
    if rows:
        reply = coll.insert(rows)
        check(reply, INSERTED)
        oracle.insert(rows, ids_of(reply.IDs))
    vf = vector_field_of(coll.schema)
    check(coll.index(vf.name, index_params(vf, metric)).create(), INDEXED)
    if load:
        check(coll.load(), LOADED)
        await_loaded(coll)
    return oracle


def await_loaded(coll, partition_names: Sequence[str] = ()) -> None:
    """Wait for an accepted load to complete (LoadCollection/completes: GetLoadState reaches Loaded)."""
    from ..orm import wait_loaded
    from ..protocol import common_pb2

    state = wait_loaded(coll, partition_names=partition_names)
    verify("LoadCollection/completes", state == common_pb2.LoadState.LoadStateLoaded,
           expected="LoadStateLoaded within the wait", actual=common_pb2.LoadState.Name(state),
           rpc="LoadCollection")


def request_of(coll, reply):
    """The request that produced ``reply`` on ``coll``'s connection (for a Deviation's reproduction)."""
    for record in reversed(coll.conn.recorder.since(max(0, coll.conn.recorder.last_seq - 50))):
        if record.response is reply:
            return record.request
    return None
