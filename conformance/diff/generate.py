"""Request sequences for differential runs, drawn with the suite's own strategies (conformance.strategies).

Each sequence starts from a fresh state and works on its own objects: a collection with a generated schema
(sometimes an invalid schema first), batches of generated rows (sometimes an invalid batch), a FLAT-family index per
vector field, a load, then a drawn mix of queries (generated filters, ``count(*)``), searches (generated query
vectors, limits, output fields), deletes, upserts, further inserts, describes, partitions, aliases and listings.
Every name is written in ``session.PLACEHOLDER_NS``; reads are Strong, so both sides see the same data.

Generation is deterministic: the same seed, count and features give the same sequences (Hypothesis with
``@seed``, no example database, generate phase only).
"""

from __future__ import annotations

import json
import random

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from ..model import data as d
from ..model import expr as x
from ..orm import PLACEHOLDER_TYPE, STRONG, kv_pairs, placeholder_group, search_params
from ..protocol import common_pb2, milvus_pb2, schema_pb2
from ..strategies import collection_schemas, invalid_schemas
from ..strategies.data import invalid_batches, valid_batches, value_for_field
from ..strategies.expressions import valid_exprs
from ..strategies.schemas import set_type_param
from .session import PLACEHOLDER_NS, Call, Session, stored

DT = schema_pb2.DataType
FLOAT_METRICS = ("L2", "IP", "COSINE")


def index_params(field: schema_pb2.FieldSchema, metric_pick: int) -> dict:
    """An exact (FLAT-family) index for ``field``; int8 vectors have only graph indexes (HNSW)."""
    t = field.data_type
    if t == DT.BinaryVector:
        return {"index_type": "BIN_FLAT", "metric_type": ("HAMMING", "JACCARD")[metric_pick % 2], "params": "{}"}
    if t == DT.SparseFloatVector:
        return {"index_type": "SPARSE_INVERTED_INDEX", "metric_type": "IP", "params": "{}"}
    metric = FLOAT_METRICS[metric_pick % 3]
    if t == DT.Int8Vector:
        return {"index_type": "HNSW", "metric_type": metric, "params": json.dumps({"M": 16, "efConstruction": 200})}
    return {"index_type": "FLAT", "metric_type": metric, "params": "{}"}


def _scalar_outputs(schema) -> list[str]:
    return [f.name for f in d.user_fields(schema) if f.data_type not in PLACEHOLDER_TYPE]


@st.composite
def sessions(draw, *, features: frozenset = frozenset(), dialect=x.MILVUS_2_3, index: int = 0) -> Session:
    ns = PLACEHOLDER_NS
    name = f"{ns}_c1"
    calls: list[Call] = []

    def add(rpc: str, request, note: str = "") -> None:
        calls.append(Call(rpc, stored(request), note=note))

    if draw(st.integers(0, 3)) == 0:
        bad = draw(invalid_schemas(f"{ns}_c0", features=features))
        add("CreateCollection", milvus_pb2.CreateCollectionRequest(
            collection_name=bad.collection_name, schema=bad.schema_bytes, **bad.request_kwargs()),
            f"invalid schema: {bad.rule_id}")
    schema = draw(collection_schemas(name, features=features))
    for f in schema.fields:  # keep rows small: big dims say nothing more about a server and slow both sides
        dim = d.dim_of(f)
        if dim and dim > 64:
            set_type_param(f, "dim", 8 * (1 + dim % 8))
    add("CreateCollection", milvus_pb2.CreateCollectionRequest(
        collection_name=name, schema=schema.SerializeToString(), consistency_level=STRONG), "create")
    add("DescribeCollection", milvus_pb2.DescribeCollectionRequest(collection_name=name))
    pk = d.primary_field(schema)
    vectors = [f for f in schema.fields if f.data_type in PLACEHOLDER_TYPE]
    scalars = _scalar_outputs(schema)

    def batch(lo: int = 1, hi: int = 8):
        return draw(valid_batches(schema, lo, hi))

    for _ in range(draw(st.integers(1, 3))):
        add("Insert", batch(), "insert")
    if draw(st.integers(0, 3)) == 0:
        bad = draw(invalid_batches(schema))
        add("Insert", bad.request, f"invalid batch: {bad.name}")
    for f in vectors:
        add("CreateIndex", milvus_pb2.CreateIndexRequest(
            collection_name=name, field_name=f.name, extra_params=kv_pairs(index_params(f, draw(st.integers(0, 5))))))
    add("DescribeIndex", milvus_pb2.DescribeIndexRequest(collection_name=name))
    add("LoadCollection", milvus_pb2.LoadCollectionRequest(collection_name=name), "load (waits until loaded)")

    exprs = valid_exprs(schema, dialect)
    for _ in range(draw(st.integers(2, 7))):
        step = draw(st.sampled_from(("query", "query", "count", "search", "search", "search", "delete", "upsert",
                                     "insert", "partition", "alias", "list", "stats")))
        if step == "query":
            expr = draw(exprs)
            outputs = draw(st.lists(st.sampled_from(scalars), unique=True, max_size=3)) if scalars else []
            params = {"limit": draw(st.integers(1, 20))} if draw(st.booleans()) else {}
            add("Query", milvus_pb2.QueryRequest(
                collection_name=name, expr=expr, output_fields=outputs, query_params=kv_pairs(params),
                consistency_level=STRONG, use_default_consistency=False), "query")
        elif step == "count":
            expr = draw(st.one_of(st.just(""), exprs))
            add("Query", milvus_pb2.QueryRequest(
                collection_name=name, expr=expr, output_fields=["count(*)"], consistency_level=STRONG,
                use_default_consistency=False), "count(*)")
        elif step == "search":
            field = draw(st.sampled_from(vectors))
            nq = draw(st.integers(1, 3))
            queries = [draw(value_for_field(field)) for _ in range(nq)]
            limit = draw(st.integers(1, 10))
            outputs = draw(st.lists(st.sampled_from(scalars), unique=True, max_size=2)) if scalars else []
            expr = draw(exprs) if draw(st.integers(0, 2)) == 0 else ""
            add("Search", milvus_pb2.SearchRequest(
                collection_name=name, dsl=expr, dsl_type=common_pb2.DslType.BoolExprV1,
                placeholder_group=placeholder_group(queries, PLACEHOLDER_TYPE[field.data_type]),
                output_fields=outputs, nq=nq,
                search_params=search_params(anns_field=field.name, limit=limit, params={}),
                consistency_level=STRONG, use_default_consistency=False), f"search {field.name}")
        elif step == "delete":
            add("Delete", milvus_pb2.DeleteRequest(collection_name=name, expr=draw(exprs)), "delete by filter")
        elif step == "upsert" and pk is not None and not pk.autoID:
            request = batch()
            upsert = milvus_pb2.UpsertRequest(collection_name=name, fields_data=request.fields_data,
                                              num_rows=request.num_rows)
            add("Upsert", upsert, "upsert")
        elif step in ("insert", "upsert"):
            add("Insert", batch(), "insert")
        elif step == "partition":
            part = draw(st.sampled_from(["part_a", "part_b"]))
            add("CreatePartition", milvus_pb2.CreatePartitionRequest(collection_name=name, partition_name=part))
            add("HasPartition", milvus_pb2.HasPartitionRequest(collection_name=name, partition_name=part))
            add("ShowPartitions", milvus_pb2.ShowPartitionsRequest(collection_name=name))
        elif step == "alias":
            alias = f"{ns}_a1"
            add("CreateAlias", milvus_pb2.CreateAliasRequest(collection_name=name, alias=alias))
            add("DescribeAlias", milvus_pb2.DescribeAliasRequest(alias=alias))
            add("ListAliases", milvus_pb2.ListAliasesRequest(collection_name=name))
        elif step == "list":
            add("ShowCollections", milvus_pb2.ShowCollectionsRequest())
            add("HasCollection", milvus_pb2.HasCollectionRequest(collection_name=name))
        else:
            add("DescribeCollection", milvus_pb2.DescribeCollectionRequest(collection_name=name))
    add("ReleaseCollection", milvus_pb2.ReleaseCollectionRequest(collection_name=name))
    add("DropCollection", milvus_pb2.DropCollectionRequest(collection_name=name))
    add("HasCollection", milvus_pb2.HasCollectionRequest(collection_name=name))
    return Session(ns, calls, f"sequence {index + 1}")


def generate(seed_value: int, count: int, *, modern: bool = False, features=()) -> list[Session]:
    """``count`` sequences, the same for the same ``seed_value``, ``modern`` (newer field types and Milvus's
    current expression dialect) and ``features`` (``features.FEATURES`` names: with any, every second sequence is
    a feature sequence, the features taking turns; without, every sequence is a core one). Sequence i depends only
    on the seed, i and those settings (a longer run starts with the shorter run's sequences), each drawn from its
    own random stream, so the sequences are as varied as the strategies allow."""
    from ..strategies import ALL_FEATURES
    from .features import FEATURES, feature_sessions

    kinds = [f for f in FEATURES if f in set(features)]
    types = frozenset(ALL_FEATURES) if modern else frozenset()
    dialect = x.CURRENT if modern else x.MILVUS_2_3
    out = []
    for i in range(count):
        if kinds and i % 2 == 1:
            kind = kinds[(i // 2) % len(kinds)]
            s = _draw_one(seed_value, i, None, None, feature_sessions(kind, i), stream=kind)
            s.title = f"sequence {i + 1} ({kind}, seed {seed_value})"
        else:
            s = _draw_one(seed_value, i, types, dialect)
            s.title = f"sequence {i + 1} (seed {seed_value})"
        out.append(s)
    return out


def _draw_one(seed_value: int, i: int, features, dialect, strategy=None, stream: str = "") -> Session:
    strategy = strategy if strategy is not None else sessions(features=features, dialect=dialect, index=i)
    try:  # Hypothesis's own drawing, fed by a seeded random stream (not public API: fall back when it moves)
        from hypothesis.control import BuildContext
        from hypothesis.errors import Frozen, StopTest, UnsatisfiedAssumption
        from hypothesis.internal.conjecture.data import ConjectureData
    except ImportError:
        return _draw_with_given(seed_value * 100003 + i, strategy)
    for attempt in range(20):
        try:
            key = f"milvus-conformance-diff:{seed_value}:{i}:{attempt}" + (f":{stream}" if stream else "")
            data = ConjectureData(random=random.Random(key))
            with BuildContext(data, is_final=False, wrapped_test=_no_test):
                return data.draw(strategy)
        except (StopTest, Frozen, UnsatisfiedAssumption):
            continue  # an overrun, a filter or an assumption that gave up: the next stream
        except TypeError:
            return _draw_with_given(seed_value * 100003 + i, strategy)
    raise RuntimeError(f"could not draw sequence {i + 1} of seed {seed_value}")


def _no_test() -> None:
    """The test a build context names: there is none (sequences are drawn, not tested)."""


def _draw_with_given(seed_value: int, strategy) -> Session:
    out: list[Session] = []

    @seed(seed_value)
    @settings(max_examples=1, database=None, phases=[Phase.generate], deadline=None, derandomize=False,
              suppress_health_check=list(HealthCheck), print_blob=False)
    @given(st.data())
    def draw(data):
        if not out:
            out.append(data.draw(strategy))

    draw()
    return out[0]
