"""The bundled mock survives anything: every unary RPC of the catalogue, sent over gRPC with Hypothesis-generated,
malformed, huge and deeply nested requests (and the hand-picked offenders the first fuzz campaign found), is answered
with a Milvus Status (or the gRPC code Milvus would give: UNIMPLEMENTED for what the mock does not serve,
RESOURCE_EXHAUSTED past the 64 MiB message limit) — never with the "mock internal error" the mock reports a caught
Python exception as — within a time bound, and the mock still answers a plain request afterwards.

The budget is fixed and the run derandomized: ``MOCK_FUZZ_EXAMPLES`` generated requests (default 300, well under 30 s);
``tox -e fuzz`` runs 10,000. ``MOCK_FUZZ_MAX_SECONDS`` is the per-call bound (default 30 s): it catches a hang, not
slowness — speed is measured by ``bench/``, never asserted, and a loaded CI machine must not fail it.
"""

from __future__ import annotations

import json
import logging
import math
import os
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import grpc
import numpy as np
import pytest
from google.protobuf.descriptor import FieldDescriptor as FD
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from conformance.mock import serve
from conformance.mock.server import IMPLEMENTED
from conformance.model import data as d
from conformance.model import limits
from conformance.model.catalog import Catalog
from conformance.protocol import catalogue, common_pb2, milvus_pb2, schema_pb2

EXAMPLES = int(os.environ.get("MOCK_FUZZ_EXAMPLES", "300"))
MAX_SECONDS = float(os.environ.get("MOCK_FUZZ_MAX_SECONDS", "30"))
INTERNAL = "mock internal error"  # how server._handler reports a caught Python exception
UNARY = tuple(r for r in catalogue.all_rpcs() if r.kind == "unary")
DT = schema_pb2.DataType
PT = common_pb2.PlaceholderType
SC = grpc.StatusCode

COLL, COLL2, ALIAS, DB = "fz", "fz2", "fza", "fzdb"


# ---- the served mock and its seeded state ------------------------------------------------------------------

def _field(name, dtype, **kw):
    f = schema_pb2.FieldSchema(name=name, data_type=dtype, is_primary_key=kw.pop("primary", False),
                               nullable=kw.pop("nullable", False), is_partition_key=kw.pop("key", False),
                               element_type=kw.pop("element_type", 0))
    for k, v in kw.items():
        f.type_params.add(key=k, value=str(v))
    return f


def schema_main() -> schema_pb2.CollectionSchema:
    return schema_pb2.CollectionSchema(name=COLL, enable_dynamic_field=True, fields=[
        _field("id", DT.Int64, primary=True), _field("s", DT.VarChar, max_length=16, nullable=True),
        _field("j", DT.JSON), _field("a", DT.Array, element_type=DT.Int64, max_capacity=8), _field("f", DT.Float),
        _field("dbl", DT.Double), _field("i16", DT.Int16), _field("vec", DT.FloatVector, dim=4)])


def schema_second() -> schema_pb2.CollectionSchema:
    return schema_pb2.CollectionSchema(name=COLL2, fields=[
        _field("pk", DT.VarChar, primary=True, max_length=32), _field("k", DT.Int64, key=True),
        _field("bvec", DT.BinaryVector, dim=16), _field("f16", DT.Float16Vector, dim=4),
        _field("sp", DT.SparseFloatVector), _field("i8", DT.Int8Vector, dim=4)])


def rows_main(start: int, n: int) -> list[dict]:
    return [{"id": i, "s": None if i % 4 == 0 else f"s{i % 3}", "j": {"a": i % 3, "b": [i, "x"]}, "a": [i, i + 1],
             "f": i / 4, "dbl": i / 8, "i16": i - 3, "vec": np.array([i, 1, -i, 0.5], dtype=np.float32),
             "dyn": i % 2} for i in range(start, start + n)]


def rows_second(n: int) -> list[dict]:
    return [{"pk": f"k{i}", "k": i % 5, "bvec": bytes([i, 255 - i]), "f16": np.array([i, 1, 0, -1], np.float16),
             "sp": {i: 1.0, 100 + i: 0.5}, "i8": np.array([i, -1, 0, 3], np.int8)} for i in range(n)]


INDEXES = {COLL: [("vec", {"index_type": "FLAT", "metric_type": "L2"})],
           COLL2: [("bvec", {"index_type": "BIN_FLAT", "metric_type": "HAMMING"}),
                   ("f16", {"index_type": "FLAT", "metric_type": "IP"}),
                   ("sp", {"index_type": "SPARSE_INVERTED_INDEX", "metric_type": "IP"}),
                   ("i8", {"index_type": "FLAT", "metric_type": "COSINE"})]}


class Target:
    """The served mock, a channel, one cached callable per RPC."""

    def __init__(self):
        self.server = serve()
        self.channel = grpc.insecure_channel(self.server.address, options=[
            ("grpc.max_send_message_length", 256 << 20), ("grpc.max_receive_message_length", 256 << 20)])
        self._calls: dict[str, Callable] = {}

    def close(self):
        self.channel.close()
        self.server.stop()

    def callable(self, rpc: catalogue.Rpc):
        fn = self._calls.get(rpc.name)
        if fn is None:
            fn = self.channel.unary_unary(rpc.path, request_serializer=lambda m: m.SerializeToString(),
                                          response_deserializer=rpc.response_class().FromString)
            self._calls[rpc.name] = fn
        return fn

    def call(self, name: str, request, timeout: float = 60.0):
        return self.callable(catalogue.get(name))(request, timeout=timeout)

    def seed(self):
        """A fresh catalogue holding the fixture collections (indexed, loaded), a partition, an alias and a
        database."""
        self.server.servicer.catalog = Catalog()
        ok = self._ok
        ok(self.call("CreateDatabase", milvus_pb2.CreateDatabaseRequest(db_name=DB)))
        for schema, rows in ((schema_main(), rows_main(0, 20)), (schema_second(), rows_second(10))):
            ok(self.call("CreateCollection", milvus_pb2.CreateCollectionRequest(
                collection_name=schema.name, schema=schema.SerializeToString())))
            ok(self.call("Insert", milvus_pb2.InsertRequest(
                collection_name=schema.name, fields_data=d.rows_to_fields_data(schema, rows), num_rows=len(rows))))
            for fld, params in INDEXES[schema.name]:
                ok(self.call("CreateIndex", milvus_pb2.CreateIndexRequest(
                    collection_name=schema.name, field_name=fld,
                    extra_params=[common_pb2.KeyValuePair(key=k, value=v) for k, v in params.items()])))
        ok(self.call("CreatePartition", milvus_pb2.CreatePartitionRequest(collection_name=COLL, partition_name="p1")))
        ok(self.call("CreateAlias", milvus_pb2.CreateAliasRequest(collection_name=COLL, alias=ALIAS)))
        ok(self.call("Flush", milvus_pb2.FlushRequest(collection_names=[COLL])))
        for name in (COLL, COLL2):
            ok(self.call("LoadCollection", milvus_pb2.LoadCollectionRequest(collection_name=name)))

    @staticmethod
    def _ok(reply):
        status = reply if isinstance(reply, common_pb2.Status) else reply.status
        assert status.code == 0, status

    def ensure_seeded(self):
        """Reseed when the fuzzed requests dropped, released or bloated the fixture state."""
        cat = self.server.servicer.catalog
        try:
            with cat.lock:
                colls = {c.name: c for c in cat.all_collections(limits.DEFAULT_DATABASE_NAME)}
                good = (DB in {db.name for db in cat.list_databases()}
                        and all(n in colls and colls[n].loaded and len(colls[n].indexes) == len(INDEXES[n])
                                and 5 <= len(colls[n].data.rows) < 2000 for n in (COLL, COLL2))
                        and "p1" in colls[COLL].partitions and cat.list_aliases(limits.DEFAULT_DATABASE_NAME) == [ALIAS]
                        and len(colls) < 20)
        except Exception:  # noqa: BLE001 - any doubt: reseed
            good = False
        if not good:
            self.seed()

    def still_answers(self):
        """A plain request after the storm: the fixture collection answers a query."""
        self.ensure_seeded()
        reply = self.call("Query", milvus_pb2.QueryRequest(collection_name=COLL, expr="id >= 0", output_fields=["id"],
                                                           query_params=[common_pb2.KeyValuePair(key="limit",
                                                                                                 value="3")]))
        assert reply.status.code == 0, reply.status
        assert len(reply.fields_data[0].scalars.long_data.data) == 3


@pytest.fixture(scope="module")
def target():
    # grpc logs a traceback for every RPC the mock leaves to the generated base servicer (UNIMPLEMENTED): noise here
    grpc_log = logging.getLogger("grpc._server")
    level = grpc_log.level
    grpc_log.setLevel(logging.CRITICAL)
    t = Target()
    t.seed()
    yield t
    t.close()
    grpc_log.setLevel(level)


# ---- judging one call --------------------------------------------------------------------------------------

@dataclass
class Outcome:
    rpc: str
    seconds: float
    status: common_pb2.Status | None = None
    grpc_code: SC | None = None
    reply: object = None


LATENCIES: list[tuple[float, str]] = []  # (seconds, rpc) of every exchange, for the summary


def exchange(target: Target, rpc: catalogue.Rpc, request) -> Outcome:
    fn = target.callable(rpc)
    start = time.perf_counter()
    try:
        reply = fn(request, timeout=max(4 * MAX_SECONDS, 30))
    except grpc.RpcError as err:
        LATENCIES.append((time.perf_counter() - start, rpc.name))
        return Outcome(rpc.name, time.perf_counter() - start, grpc_code=err.code())
    seconds = time.perf_counter() - start
    LATENCIES.append((seconds, rpc.name))
    status = reply if rpc.bare_status else getattr(reply, rpc.status_field) if rpc.status_field else None
    return Outcome(rpc.name, seconds, status, reply=reply)


def judge(out: Outcome, request) -> None:
    shown = str(request)[:300]
    assert out.seconds < MAX_SECONDS, f"{out.rpc} took {out.seconds:.1f} s: {shown}"
    if out.grpc_code is not None:
        allowed = {SC.RESOURCE_EXHAUSTED}
        if out.rpc not in IMPLEMENTED:
            allowed.add(SC.UNIMPLEMENTED)
        if not _parses(request):  # nested deeper than Python protobuf's decoder allows (100 levels)
            allowed.add(SC.INTERNAL)
        assert out.grpc_code in allowed, f"{out.rpc}: gRPC {out.grpc_code} for {shown}"
        if out.grpc_code == SC.RESOURCE_EXHAUSTED:
            assert request.ByteSize() > limits.MAX_RECEIVE_MESSAGE_BYTES // 2 or out.rpc in ("Query", "Search"), shown
        return
    if out.status is not None:
        assert INTERNAL not in out.status.reason, f"{out.rpc}: {out.status.reason[:500]} for {shown}"
        assert out.status.code != 0 or not out.status.reason or out.status.error_code == 0, out.status


def _parses(request) -> bool:
    try:
        type(request).FromString(request.SerializeToString())
        return True
    except Exception:  # noqa: BLE001 - DecodeError
        return False


# ---- value pools -------------------------------------------------------------------------------------------

def deep_parens(n: int, inner: str = "id >= 0") -> str:
    return "(" * n + inner + ")" * n


def deep_json(n: int) -> str:
    return '{"a":' * n + "1" + "}" * n


BIG_LIST = "id in [" + ",".join(map(str, range(10 ** 6))) + "]"
FAR_LIST = "id in [" + ",".join(map(str, range(10 ** 6, 2 * 10 ** 6))) + "]"  # no fixture row among them
NAMES = [COLL, COLL2, ALIAS, DB, "default", "", "_default", "p1", "p_missing", "vec", "id", "s", "j", "a", "sp",
         "x" * 256, "1bad", " ", "名字", "$meta", "*", "count(*)", "a-b", "vec_idx", "_default_0"]
EXPRS = [
    "", "id >= 0", "id in [1, 2, 3]", 'j["a"] == 1', "array_contains(a, 1)", 's like "s%"', "id > {x}", "f > 0.5",
    "dyn == 1", "exists j['b']", "s is null", "a == [1, 2]", "i16 < -1 or dbl > 0.5", "not (id in [1])",
    deep_parens(1000), deep_parens(5000), "not (" * 1000 + "id >= 0" + ")" * 1000, "(" * 20000,
    ")" * 50, " or ".join(f"id == {i}" for i in range(3000)), " and ".join("id >= 0" for _ in range(3000)),
    "-" * 2000 + "1 < id", "id + " * 1000 + "1 > 0", "[" * 1000 + "1" + "]" * 1000 + " == a",
    "j" + '["k"]' * 2000 + " == 1", "2 ** 100000000 > id", "10 ** 10 ** 10 > id", "id / 0 == 1", "id % 0 == 1",
    "\x00", "id == 9223372036854775808", "exists j", "j == 1", "vec > 1", "array_length(a) > 1", "id in []",
    "id in [" + ",".join(map(str, range(50000))) + "]", "1 + (" * 1000 + "id" + ")" * 1000 + " > 0",
    'json_contains(j["b"], "x")', "{x} == id", "id in {x}", "id " * 1000, "'" * 3, '"\\', "id in [1, [2, [3]]]",
    "array_contains_any(a, [" + ",".join(map(str, range(10000))) + "])", "id == 1 " + "&& id == 1 " * 2000,
]
JSONS = [
    "{}", "[]", "null", '{"nprobe": 10}', '{"radius": "x"}', '{"radius": {"a": 1}, "range_filter": [1]}',
    '{"radius": 1e400}', '{"radius": 5, "range_filter": 1}', '{"radius": true}', '{"k": "x"}', '{"k": -1}',
    '{"k": 1e400}', '{"k": [1]}', '{"weights": "x"}', '{"weights": [1, "a"]}', '{"weights": [0.5, 0.5]}',
    '{"weights": [1e400, {"a": 1}]}', "[1,2]", '"str"', "1", deep_json(1000), deep_json(20000), "[" * 5000 + "]" * 5000,
    "[" * 20000 + "]" * 20000, "NaN", "Infinity", '{"radius": NaN}', "{", "\xff", '{"a": ' + "[" * 3000 + "]" * 3000 + "}",
    '{"group_size": "x"}', '{"ef": -1}',
]
KV_KEYS = ["topk", "limit", "offset", "round_decimal", "metric_type", "anns_field", "params", "radius", "range_filter",
           "group_by_field", "strategy", "k", "weights", "index_type", "dim", "max_length", "max_capacity", "nprobe",
           "ignore_growing", "iterator", "collection.ttl.seconds", "mmap.enabled", "", "reduce_stop_for_best",
           "group_size", "hints", "partition_key_isolation", "mmap.enable", "database.replica.number"]
NUMBERS = ["0", "1", "-1", "2", "10", "16384", "16385", "2147483648", "9223372036854775808", "-9223372036854775809",
           "1e400", "nan", "inf", "-inf", "1.5", "0x10", " 1", "1" * 400]
KV_VALUES = NUMBERS + ["x", "", "L2", "IP", "COSINE", "HAMMING", "JACCARD", "BM25", "FLAT", "AUTOINDEX", "HNSW", "vec",
                       "bvec", "sp", "f16", "rrf", "weighted", "RRF", "true", "low"] + JSONS


# Filters the fixture collections accept: the generators draw them as often as the hostile ones, so that requests
# get past validation into filtering, scoring and result building.
GOOD_EXPRS = {COLL: ["id >= 0", 'j["a"] == 1', "array_contains(a, 1)", 's like "s%"', "f > 0.5 and dbl < 2",
                     "dyn == 1", "s is null", "id in [1, 2, 3]", "not (id in [1])", "i16 < 0 or id > 10",
                     'exists j["b"]', "array_length(a) == 2", "id % 2 == 0", deep_parens(300), ""],
              COLL2: ["k >= 0", 'pk like "k%"', 'pk in ["k1", "k2"]', "k in [1, 2]", ""]}


def good_exprs(collection: str) -> st.SearchStrategy[str]:
    return st.sampled_from(GOOD_EXPRS.get(collection, GOOD_EXPRS[COLL]))


def mostly(good: st.SearchStrategy, bad: st.SearchStrategy) -> st.SearchStrategy:
    """``good`` four times in five: hostile values, but not so many that nothing gets past the first check."""
    return st.one_of(good, good, good, good, bad)


def text() -> st.SearchStrategy[str]:
    return st.text(st.characters(blacklist_categories=("Cs",)), max_size=24)


def names() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(NAMES), text())


def exprs() -> st.SearchStrategy[str]:
    tokens = ["id", "j", "a", "s", "f", "(", ")", "[", "]", "and", "or", "not", "in", "like", "==", "<", ">", "+",
              "**", "1", "-1", "1.5", '"x"', "{x}", ",", "exists", "is", "null", "array_contains", 'j["a"]', "%", "/"]
    soup = st.lists(st.sampled_from(tokens), max_size=12).map(" ".join)
    return st.one_of(st.sampled_from(EXPRS), soup, text())


def kv_pairs(keys=KV_KEYS) -> st.SearchStrategy[list]:
    pair = st.builds(lambda k, v: common_pb2.KeyValuePair(key=k, value=v), st.sampled_from(keys) | text(),
                     st.sampled_from(KV_VALUES) | text())
    return st.lists(pair, max_size=5)


def float_vector(dim: int, special: float | None = None) -> bytes:
    values = [0.5] * dim
    if special is not None and dim:
        values[0] = special
    return struct.pack(f"<{dim}f", *values)


@st.composite
def placeholder_groups(draw) -> bytes:
    kind = draw(st.sampled_from(["float", "binary", "f16", "sparse", "int8", "junk", "empty", "tag"]))
    if kind == "junk":
        return draw(st.binary(max_size=64))
    if kind == "empty":
        return b""
    count = draw(st.sampled_from([0, 1, 2, 3, 100]))
    dim = draw(st.sampled_from([0, 1, 4, 5, 16, 4096]))
    special = draw(st.sampled_from([None, math.nan, math.inf, -math.inf, 3.4e38]))
    if kind == "float":
        value, ptype = float_vector(dim, special), PT.FloatVector
    elif kind == "binary":
        value, ptype = bytes(dim // 8 or 1), PT.BinaryVector
    elif kind == "f16":
        value, ptype = np.full(dim, np.nan if special else 1, dtype="<f2").tobytes(), PT.Float16Vector
    elif kind == "sparse":
        value, ptype = d.encode_sparse({draw(st.sampled_from([0, 1, 2**32 - 1])): special or 1.0}), PT.SparseFloatVector
    elif kind == "int8":
        value, ptype = bytes(dim), PT.Int8Vector
    else:
        value, ptype = float_vector(4), draw(st.sampled_from([PT.FloatVector, 999, PT.BinaryVector]))
    tag = "$0" if kind != "tag" else draw(st.sampled_from(["$1", "", "$0$0"]))
    group = common_pb2.PlaceholderGroup(placeholders=[common_pb2.PlaceholderValue(tag=tag, type=ptype,
                                                                                   values=[value] * count)])
    if draw(st.booleans()) and kind == "tag":
        group.placeholders.add(tag="$0", type=PT.FloatVector, values=[float_vector(4)])
    return group.SerializeToString()


# ---- requests from the descriptors ------------------------------------------------------------------------

INT32 = [0, 1, -1, 2, 3, 16, 16384, 16385, 2**31 - 1, -(2**31), 10**6]
INT64 = INT32 + [2**63 - 1, -(2**63), 2**40]
UINT32 = [0, 1, 3, 20, 10**8, 2**31, 2**32 - 1]
UINT64 = [0, 1, 2**63, 2**64 - 1, 10**18]
FLOATS = [0.0, 1.0, -1.0, math.nan, math.inf, -math.inf, 1e30, 0.5]


def _string_for(name: str) -> st.SearchStrategy[str]:
    low = name.lower()
    if low in ("expr", "dsl", "filter", "using_expr", "check_expr", "query_text"):
        return exprs()
    if low in ("value", "params", "string_val", "string_value", "json"):
        return st.one_of(st.sampled_from(KV_VALUES), text())
    if low == "key":
        return st.one_of(st.sampled_from(KV_KEYS), text())
    return names()


def _bytes_for(name: str) -> st.SearchStrategy[bytes]:
    low = name.lower()
    if low in ("placeholder_group", "placeholder"):
        return placeholder_groups()
    if low == "schema":
        return schemas()
    if low in ("data", "bytes_val", "bytes_value"):
        return st.one_of(st.sampled_from([j.encode("utf-8", "surrogatepass") for j in JSONS]), st.binary(max_size=32))
    return st.binary(max_size=64)


def _scalar(f) -> st.SearchStrategy:
    t = f.type
    if t in (FD.TYPE_INT32, FD.TYPE_SINT32, FD.TYPE_SFIXED32):
        return st.sampled_from(INT32) | st.integers(-(2**31), 2**31 - 1)
    if t in (FD.TYPE_INT64, FD.TYPE_SINT64, FD.TYPE_SFIXED64):
        return st.sampled_from(INT64) | st.integers(-(2**63), 2**63 - 1)
    if t in (FD.TYPE_UINT32, FD.TYPE_FIXED32):
        return st.sampled_from(UINT32) | st.integers(0, 2**32 - 1)
    if t in (FD.TYPE_UINT64, FD.TYPE_FIXED64):
        return st.sampled_from(UINT64)
    if t in (FD.TYPE_FLOAT, FD.TYPE_DOUBLE):
        return st.sampled_from(FLOATS) | st.floats(allow_nan=True, width=32 if t == FD.TYPE_FLOAT else 64)
    if t == FD.TYPE_BOOL:
        return st.booleans()
    if t == FD.TYPE_ENUM:
        return st.sampled_from([v.number for v in f.enum_type.values] + [999, -1])
    if t == FD.TYPE_STRING:
        return _string_for(f.name)
    if t == FD.TYPE_BYTES:
        return _bytes_for(f.name)
    raise AssertionError(t)


_MESSAGES: dict[tuple[str, int], st.SearchStrategy] = {}
MAX_DEPTH = 4


def messages(descriptor, depth: int = 0) -> st.SearchStrategy:
    """Any message of ``descriptor``: each field present or not, values from the pools (nested messages to
    MAX_DEPTH, repeated fields of up to 3 items, maps, enum values the protocol does not define)."""
    key = (descriptor.full_name, depth)
    if key in _MESSAGES:
        return _MESSAGES[key]
    cls = catalogue._message_class(descriptor)
    if descriptor.full_name == "milvus.proto.common.KeyValuePair":
        strategy = st.builds(lambda k, v: cls(key=k, value=v), st.sampled_from(KV_KEYS) | text(),
                             st.sampled_from(KV_VALUES) | text())
        _MESSAGES[key] = strategy
        return strategy
    fields = {}
    for f in descriptor.fields:
        if f.type == FD.TYPE_MESSAGE:
            if depth >= MAX_DEPTH:
                continue
            if f.message_type.GetOptions().map_entry:
                kf, vf = f.message_type.fields_by_name["key"], f.message_type.fields_by_name["value"]
                value = messages(vf.message_type, depth + 1) if vf.type == FD.TYPE_MESSAGE else _scalar(vf)
                fields[f.name] = st.dictionaries(_scalar(kf), value, max_size=2)
                continue
            inner = messages(f.message_type, depth + 1)
        else:
            inner = _scalar(f)
        fields[f.name] = st.lists(inner, max_size=3) if f.is_repeated else inner
    strategy = st.fixed_dictionaries({}, optional=fields).map(lambda kw: _build(cls, kw))
    _MESSAGES[key] = strategy
    return strategy


def _build(cls, kw: dict):
    msg = cls()
    for name, value in kw.items():
        f = cls.DESCRIPTOR.fields_by_name[name]
        target = getattr(msg, name)
        if f.type == FD.TYPE_MESSAGE and f.message_type.GetOptions().map_entry:
            for k, v in value.items():
                if f.message_type.fields_by_name["value"].type == FD.TYPE_MESSAGE:
                    target[k].CopyFrom(v)
                else:
                    target[k] = v
        elif f.is_repeated:
            if f.type == FD.TYPE_MESSAGE:
                for v in value:
                    target.add().CopyFrom(v)
            else:
                target.extend(value)
        elif f.type == FD.TYPE_MESSAGE:
            target.CopyFrom(value)
        else:
            setattr(msg, name, value)
    return msg


@st.composite
def schemas(draw) -> bytes:
    """CreateCollection's schema bytes: a near-valid schema with one thing bent, a generated one, or junk."""
    kind = draw(st.sampled_from(["bent", "generated", "junk"]))
    if kind == "junk":
        return draw(st.binary(max_size=40))
    if kind == "generated":
        return draw(messages(schema_pb2.CollectionSchema.DESCRIPTOR, 2)).SerializeToString()
    schema = schema_main() if draw(st.booleans()) else schema_second()
    schema.name = draw(names())
    fld = draw(st.sampled_from(list(schema.fields)))
    bend = draw(st.sampled_from(["dim", "type", "max_length", "element", "many", "pk", "nothing"]))
    if bend == "dim":
        del fld.type_params[:]
        fld.type_params.add(key="dim", value=draw(st.sampled_from(["0", "-1", "1", "32769", "9" * 30, "x", ""])))
    elif bend == "type":
        fld.data_type = draw(st.sampled_from([v.number for v in DT.DESCRIPTOR.values] + [999]))
    elif bend == "max_length":
        fld.type_params.add(key="max_length", value=draw(st.sampled_from(NUMBERS)))
    elif bend == "element":
        fld.element_type = draw(st.sampled_from([v.number for v in DT.DESCRIPTOR.values] + [999]))
    elif bend == "many":
        for i in range(draw(st.sampled_from([10, 70]))):
            schema.fields.append(_field(f"x{i}", DT.Int64))
    elif bend == "pk":
        fld.is_primary_key = not fld.is_primary_key
        fld.autoID = draw(st.booleans())
    return schema.SerializeToString()


# ---- data-plane requests: valid shapes with one or more things bent ------------------------------------------

MAIN_SCHEMA = schema_main()
SECOND_SCHEMA = schema_second()


@st.composite
def columns(draw, schema) -> tuple[list[schema_pb2.FieldData], int]:
    n = draw(st.sampled_from([1, 2, 5, 5, 5, 0]))
    rows = rows_main(1000, n) if schema.name == COLL else rows_second(n)
    cols = list(d.rows_to_fields_data(schema, rows)) if n else []
    num_rows = n
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 1, 2, 3]))):
        bend = draw(st.sampled_from(["num_rows", "drop", "dup", "retype", "dim", "special", "deep_json", "bad_json",
                                     "valid", "dynamic", "rename", "long", "generated", "nested_array"]))
        if bend == "num_rows":
            num_rows = draw(st.sampled_from(UINT32))
        elif bend == "drop" and cols:
            cols.pop(draw(st.integers(0, len(cols) - 1)))
        elif bend == "dup" and cols:
            cols.append(cols[draw(st.integers(0, len(cols) - 1))])
        elif bend == "retype" and cols:
            i = draw(st.integers(0, len(cols) - 1))
            dtype = draw(st.sampled_from([DT.Bool, DT.Int64, DT.Double, DT.VarChar, DT.JSON, DT.FloatVector,
                                          DT.BinaryVector, DT.SparseFloatVector, DT.Int8, DT.Array, DT.Float16Vector]))
            values = {DT.Bool: [True], DT.Int64: [7], DT.Double: [0.5], DT.VarChar: ["v"], DT.JSON: [{"k": 1}],
                      DT.FloatVector: [np.ones(4, np.float32)], DT.BinaryVector: [b"\x01\x02"],
                      DT.SparseFloatVector: [{1: 1.0}], DT.Int8: [300], DT.Array: [[1]],
                      DT.Float16Vector: [np.ones(4, np.float16)]}[dtype] * max(n, 1)
            col = d.make_column(cols[i].field_name, dtype, values, element_type=DT.Int64 if dtype == DT.Array else None)
            if draw(st.booleans()):
                col.type = cols[i].type
            cols[i] = col
        elif bend == "dim" and cols:
            vecs = [c for c in cols if c.WhichOneof("field") == "vectors"]
            if vecs:
                draw(st.sampled_from(vecs)).vectors.dim = draw(st.sampled_from([0, -1, 1, 3, 8, 2**40]))
        elif bend == "special" and cols:
            value = draw(st.sampled_from([math.nan, math.inf, -math.inf]))
            for c in cols:
                if c.WhichOneof("field") == "vectors" and c.vectors.WhichOneof("data") == "float_vector":
                    c.vectors.float_vector.data[0] = value
                elif c.WhichOneof("field") == "vectors" and c.vectors.WhichOneof("data") in ("float16_vector",
                                                                                             "bfloat16_vector"):
                    setattr(c.vectors, c.vectors.WhichOneof("data"), np.full(4 * max(n, 1), value, "<f2").tobytes())
                elif c.WhichOneof("field") == "scalars" and c.scalars.WhichOneof("data") in ("float_data", "double_data"):
                    getattr(c.scalars, c.scalars.WhichOneof("data")).data[0] = value
                elif c.WhichOneof("field") == "vectors" and c.vectors.WhichOneof("data") == "sparse_float_vector":
                    c.vectors.sparse_float_vector.contents[0] = d.encode_sparse({1: value})
        elif bend in ("deep_json", "bad_json"):
            blob = draw(st.sampled_from([deep_json(1000), deep_json(9000), "[" * 20000 + "]" * 20000, "[1,",
                                         "\xff", "NaN", '{"a": Infinity}', "1" * 5000]))
            for c in cols:
                if c.WhichOneof("field") == "scalars" and c.scalars.WhichOneof("data") == "json_data":
                    c.scalars.json_data.data[0] = blob.encode("utf-8", "surrogatepass")
        elif bend == "valid" and cols:
            c = draw(st.sampled_from(cols))
            c.valid_data[:] = draw(st.lists(st.booleans(), max_size=7))
        elif bend == "dynamic" and cols:
            draw(st.sampled_from(cols)).is_dynamic = True
        elif bend == "rename" and cols:
            draw(st.sampled_from(cols)).field_name = draw(names())
        elif bend == "long":
            for c in cols:
                if c.WhichOneof("field") == "scalars" and c.scalars.WhichOneof("data") == "string_data":
                    c.scalars.string_data.data[0] = "x" * 70000
        elif bend == "generated":
            cols.append(draw(messages(schema_pb2.FieldData.DESCRIPTOR, 1)))
        elif bend == "nested_array":
            for c in cols:
                if c.WhichOneof("field") == "scalars" and c.scalars.WhichOneof("data") == "array_data":
                    inner = c.scalars.array_data.data[0] if c.scalars.array_data.data else c.scalars.array_data.data.add()
                    inner.array_data.data.add().long_data.data.append(1)
    return cols, num_rows


@st.composite
def mutations(draw, rpc: str):
    schema = draw(st.sampled_from([MAIN_SCHEMA, SECOND_SCHEMA]))
    cols, num_rows = draw(columns(schema))
    name = draw(mostly(st.sampled_from([schema.name] * 4 + [ALIAS]), names()))
    cls = milvus_pb2.InsertRequest if rpc == "Insert" else milvus_pb2.UpsertRequest
    part = draw(mostly(st.sampled_from(["", "", "", "p1", "p_missing"]), names())) if schema.name == COLL else ""
    return cls(collection_name=name, fields_data=cols, num_rows=num_rows, partition_name=part)


def _query_vector(field: schema_pb2.FieldSchema, seed: int) -> tuple[bytes, int]:
    dim = d.dim_of(field) or 0
    if field.data_type == DT.FloatVector:
        return struct.pack(f"<{dim}f", *[(seed + i) % 5 - 2 for i in range(dim)]), PT.FloatVector
    if field.data_type == DT.BinaryVector:
        return bytes((seed * 37 + i) % 256 for i in range(dim // 8)), PT.BinaryVector
    if field.data_type == DT.Float16Vector:
        return np.arange(seed, seed + dim, dtype="<f2").tobytes(), PT.Float16Vector
    if field.data_type == DT.Int8Vector:
        return bytes((seed + i) % 100 for i in range(dim)), PT.Int8Vector
    return d.encode_sparse({seed % 7: 1.0, 100: 0.5}), PT.SparseFloatVector


@st.composite
def search_requests(draw, schema=None, sub: bool = False):
    """Searches of the fixture collections: mostly well formed (they reach scoring and result building), with a
    few things bent: params, placeholders, nq, filters, output fields, partitions, keys. ``sub``: a HybridSearch
    sub-request (one query vector, no grouping)."""
    schema = schema or draw(st.sampled_from([MAIN_SCHEMA, MAIN_SCHEMA, SECOND_SCHEMA]))
    vector_fields = [f for f in schema.fields if f.data_type in d.VECTOR_TYPES]
    fld = draw(st.sampled_from(vector_fields))
    count = 1 if sub else draw(st.sampled_from([1, 1, 2, 3, 50]))
    value, ptype = _query_vector(fld, draw(st.integers(0, 9)))
    placeholder = common_pb2.PlaceholderGroup(placeholders=[common_pb2.PlaceholderValue(
        tag="$0", type=ptype, values=[value] * count)]).SerializeToString()
    params = {"topk": draw(st.sampled_from(["3", "3", "10", "1", "16384"])), "anns_field": fld.name}
    bends = draw(st.sampled_from([0, 0, 0, 1, 1, 2] if sub else [0, 0, 1, 1, 2]))
    expr = draw(good_exprs(schema.name))
    nq = draw(st.sampled_from([0, 0, 0, count]))
    outputs = draw(st.sampled_from([[], [], ["*"], ["id", "s", "j", "vec"], ["$meta", "dyn"]] if schema.name == COLL
                                   else [[], [], ["*"], ["pk", "k", "sp"]]))
    partitions: list = []
    group_by = "" if sub else draw(st.sampled_from(["", "", "", "i16", "s"] if schema.name == COLL else ["", "", "k"]))
    if group_by:
        params["group_by_field"] = group_by
    req = milvus_pb2.SearchRequest(collection_name=schema.name)
    for _ in range(bends):
        bend = draw(st.sampled_from(["params", "topk", "metric", "kv", "pop", "placeholder", "nq", "expr", "outputs",
                                     "partitions", "ids", "template", "collection", "anns", "range", "offset"]))
        if bend == "params":
            params["params"] = draw(st.sampled_from(JSONS))
        elif bend == "topk":
            params["topk"] = draw(st.sampled_from(["0", "16385", "-1", "x", "1e400", ""]))
        elif bend == "metric":
            params["metric_type"] = draw(st.sampled_from(["L2", "IP", "COSINE", "HAMMING", "JACCARD", "BM25", "x", ""]))
        elif bend == "kv":
            params.update((kv.key, kv.value) for kv in draw(kv_pairs()))
        elif bend == "pop":
            params.pop(draw(st.sampled_from(sorted(params))))
        elif bend == "placeholder":
            placeholder = draw(placeholder_groups())
        elif bend == "nq":
            nq = draw(st.sampled_from([1, 2, 16385, 10**6, -1]))
        elif bend == "expr":
            expr = draw(exprs())
        elif bend == "outputs":
            outputs = draw(st.lists(names(), max_size=3))
        elif bend == "partitions":
            partitions = draw(st.lists(names(), max_size=2))
        elif bend == "ids":
            req.ids.int_id.data.extend(draw(st.lists(st.sampled_from([1, 2, 3, 5, 999] + INT64), max_size=4)))
        elif bend == "template":
            req.expr_template_values["x"].CopyFrom(draw(messages(schema_pb2.TemplateValue.DESCRIPTOR, 1)))
        elif bend == "collection":
            req.collection_name = draw(st.sampled_from([ALIAS, COLL2, COLL]) | names())
        elif bend == "anns":
            params["anns_field"] = draw(st.sampled_from(["", "id", "zz", "vec", "bvec", "sp", "f16", "i8"]))
        elif bend == "range":
            params["params"] = draw(st.sampled_from(['{"radius": 50}', '{"radius": 50, "range_filter": 1}',
                                                     '{"radius": 1, "range_filter": 50}', '{"range_filter": 1}',
                                                     '{"radius": "x"}', '{"radius": [1]}']))
        elif bend == "offset":
            params["offset"] = draw(st.sampled_from(["1", "5", "-1", "16384", "x"]))
            params["round_decimal"] = draw(st.sampled_from(["-1", "2", "7", "x"]))
    req.dsl, req.nq, req.placeholder_group = expr, nq, placeholder
    req.output_fields.extend(outputs)
    req.partition_names.extend(partitions)
    req.search_params.extend(common_pb2.KeyValuePair(key=k, value=v) for k, v in params.items())
    return req


@st.composite
def hybrid_requests(draw):
    schema = draw(st.sampled_from([MAIN_SCHEMA, SECOND_SCHEMA]))
    subs = draw(st.lists(search_requests(schema, sub=True), min_size=1, max_size=3) | st.lists(search_requests(),
                                                                                               max_size=3))
    strategy = draw(st.sampled_from(["rrf", "weighted", "weighted", "RRF", "x", ""]))
    weights = json.dumps({"weights": [0.5] * len(subs)})
    rank = {"limit": draw(st.sampled_from(["3", "3", "3", "0", "16385", "x", "-1"])), "strategy": strategy,
            "params": draw(mostly(st.sampled_from(['{"k": 60}', weights, weights]), st.sampled_from(JSONS)))}
    if draw(st.integers(0, 3)) == 0:
        for kv in draw(kv_pairs()):
            rank[kv.key] = kv.value
    return milvus_pb2.HybridSearchRequest(
        collection_name=draw(mostly(st.just(schema.name), names())), requests=subs,
        rank_params=[common_pb2.KeyValuePair(key=k, value=v) for k, v in rank.items()],
        output_fields=draw(mostly(st.sampled_from([[], ["*"]]), st.lists(names(), max_size=2))))


@st.composite
def query_requests(draw, rpc: str):
    """Queries and deletes on the fixture collections: well formed, then up to two things bent."""
    name = draw(st.sampled_from([COLL, COLL, COLL2, ALIAS]))
    expr = draw(good_exprs(name))
    if rpc == "Delete":
        if draw(st.booleans()):  # keys no fixture row has (the fixture keeps its rows)
            expr = draw(st.sampled_from(["id in [900000, 900001]", "id == 900002", 'pk in ["gone"]']))
        req = milvus_pb2.DeleteRequest(collection_name=name, expr=expr,
                                       partition_name=draw(st.sampled_from(["", "", "p1" if name != COLL2 else ""])))
    else:
        fields = [["id", "s", "j", "a", "vec"], ["$meta", "dyn"]] if name != COLL2 else [["pk", "bvec", "f16", "sp", "i8"]]
        req = milvus_pb2.QueryRequest(
            collection_name=name, expr=expr, output_fields=draw(st.sampled_from([[], ["*"], ["count(*)"], *fields])),
            query_params=[common_pb2.KeyValuePair(key="limit", value=draw(st.sampled_from(["5", "16384"])))],
            partition_names=draw(st.sampled_from([[], [], ["p1"], ["_default"]] if name != COLL2 else [[]])))
    for _ in range(draw(st.sampled_from([0, 0, 1, 1, 2]))):
        bend = draw(st.sampled_from(["name", "expr", "expr", "outputs", "params", "partitions", "template"]))
        if bend == "name":
            req.collection_name = draw(names())
        elif bend == "expr":
            req.expr = draw(exprs())
        elif bend == "template":
            req.expr = draw(st.sampled_from(["id > {x}", "id in {x}", "{x} == id", 'j["a"] == {x}', "a == {x}"]))
            req.expr_template_values["x"].CopyFrom(draw(messages(schema_pb2.TemplateValue.DESCRIPTOR, 1)))
        elif rpc == "Delete":
            req.partition_name = draw(names())
        elif bend == "outputs":
            req.output_fields[:] = draw(st.lists(names(), max_size=3))
        elif bend == "params":
            del req.query_params[:]
            req.query_params.extend(draw(kv_pairs(["limit", "offset", "reduce_stop_for_best", "iterator"])))
        else:
            req.partition_names[:] = draw(st.lists(names(), max_size=2))
    return req


SPECIAL = {"Insert": lambda: mutations("Insert"), "Upsert": lambda: mutations("Upsert"), "Search": search_requests,
           "HybridSearch": hybrid_requests, "Query": lambda: query_requests("Query"),
           "Delete": lambda: query_requests("Delete")}


def requests_for(rpc: catalogue.Rpc) -> st.SearchStrategy:
    generic = messages(rpc.request)
    if rpc.name in SPECIAL:
        return st.one_of(SPECIAL[rpc.name](), SPECIAL[rpc.name](), generic)
    return generic


def _pairs(rpc_names) -> st.SearchStrategy:
    return st.sampled_from(sorted(rpc_names)).flatmap(
        lambda name: st.tuples(st.just(catalogue.get(name)), requests_for(catalogue.get(name))))


# The RPCs the mock serves are drawn more often than the ones it answers UNIMPLEMENTED, the data plane most.
ANY_REQUEST = st.one_of(_pairs(r.name for r in UNARY), _pairs(r.name for r in UNARY if r.name in IMPLEMENTED),
                        _pairs(SPECIAL), _pairs(SPECIAL))


@settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
          phases=(Phase.explicit, Phase.generate, Phase.shrink), suppress_health_check=list(HealthCheck))
@given(pair=ANY_REQUEST)
def test_generated_requests_get_a_status(target, pair):
    rpc, request = pair
    target.ensure_seeded()
    judge(exchange(target, rpc, request), request)


def test_every_unary_rpc_is_fuzzed():
    """The generator covers the catalogue: every unary RPC (and only the two streaming ones are left out)."""
    assert len(UNARY) == len(catalogue.all_rpcs()) - 2
    for rpc in UNARY:
        assert messages(rpc.request) is not None


# ---- the known offenders, explicitly -----------------------------------------------------------------------

def _search(expr: str = "", nq: int = 0, params: str = "{}", extra: dict | None = None, vectors: int = 1,
            collection: str = COLL, anns: str = "vec") -> milvus_pb2.SearchRequest:
    kv = {"topk": "3", "anns_field": anns, "metric_type": "L2", "params": params, **(extra or {})}
    group = common_pb2.PlaceholderGroup(placeholders=[common_pb2.PlaceholderValue(
        tag="$0", type=PT.FloatVector, values=[float_vector(4)] * vectors)])
    return milvus_pb2.SearchRequest(collection_name=collection, dsl=expr, nq=nq,
                                    placeholder_group=group.SerializeToString(),
                                    search_params=[common_pb2.KeyValuePair(key=k, value=v) for k, v in kv.items()])


def _query(expr: str, **params) -> milvus_pb2.QueryRequest:
    return milvus_pb2.QueryRequest(collection_name=COLL, expr=expr, output_fields=["id"],
                                   query_params=[common_pb2.KeyValuePair(key=k, value=str(v)) for k, v in params.items()])


def _insert(cols=None, num_rows: int | None = None, rows=None, cls=milvus_pb2.InsertRequest):
    rows = rows if rows is not None else rows_main(500, 2)
    cols = cols if cols is not None else list(d.rows_to_fields_data(MAIN_SCHEMA, rows))
    return cls(collection_name=COLL, fields_data=cols, num_rows=len(rows) if num_rows is None else num_rows)


def _with_column(name: str, column: schema_pb2.FieldData, rows=None):
    rows = rows if rows is not None else rows_main(500, 2)
    cols = [c for c in d.rows_to_fields_data(MAIN_SCHEMA, rows) if c.field_name != name]
    column.field_name = name
    return _insert(cols + [column], rows=rows)


def _hybrid(rank: dict, subs: int = 2) -> milvus_pb2.HybridSearchRequest:
    return milvus_pb2.HybridSearchRequest(
        collection_name=COLL, requests=[_search() for _ in range(subs)],
        rank_params=[common_pb2.KeyValuePair(key=k, value=v) for k, v in {"limit": "3", **rank}.items()])


def _special_vectors(value: float) -> milvus_pb2.InsertRequest:
    rows = rows_main(600, 2)
    rows[1]["vec"] = np.array([0, value, 1, 2], dtype=np.float32)
    return _insert(rows=rows)


def _special_scalar(field: str, value: float) -> milvus_pb2.InsertRequest:
    rows = rows_main(600, 2)
    rows[0][field] = value
    return _insert(rows=rows)


def _load(replicas: int, partitions: bool = False):
    if partitions:
        return milvus_pb2.LoadPartitionsRequest(collection_name=COLL, partition_names=["p1"], replica_number=replicas)
    return milvus_pb2.LoadCollectionRequest(collection_name=COLL, replica_number=replicas)


def _many(message, field: str, value, n: int = 10 ** 6, **kw):
    msg = message(**kw)
    getattr(msg, field).extend([value] * n)
    return msg


def _deep_json_row() -> milvus_pb2.InsertRequest:
    rows = rows_main(700, 1)
    cols = list(d.rows_to_fields_data(MAIN_SCHEMA, rows))
    for c in cols:
        if c.field_name == "j":
            c.scalars.json_data.data[0] = deep_json(1000).encode()
    return _insert(cols, rows=rows)


OK = 0
# (id, rpc, request factory, expected Status code or None for "any Status")
OFFENDERS = [
    ("parens-1000", "Query", lambda: _query(deep_parens(1000), limit=5), OK),
    ("parens-5000", "Query", lambda: _query(deep_parens(5000), limit=5), OK),
    ("not-1000", "Query", lambda: _query("not (" * 1000 + "id < 0" + ")" * 1000, limit=5), OK),
    ("or-chain-3000", "Query", lambda: _query(" or ".join(f"id == {i}" for i in range(3000))), OK),
    ("right-nested-and-1000", "Query", lambda: _query("(id >= 0 and " * 1000 + "id >= 0" + ")" * 1000, limit=5), OK),
    ("arith-1000", "Query", lambda: _query("1 + (" * 1000 + "id" + ")" * 1000 + " > 0", limit=5), None),
    ("unbalanced-20000", "Query", lambda: _query("(" * 20000, limit=5), 1100),
    ("parens-10^6", "Query", lambda: _query(deep_parens(10 ** 6), limit=5), 1100),  # past the depth budget
    ("not-10^5", "Query", lambda: _query("not " * 10 ** 5 + "id < 0", limit=5), 1100),
    ("tokens-2x10^6", "Query", lambda: _query("id == 1 or " * 500_000 + "id == 2"), 1100),  # past the token budget
    ("strings-10^5", "Query", lambda: _query("s in [" + ",".join(f'"s{i}"' for i in range(10 ** 5)) + "]"), OK),
    ("search-parens-1000", "Search", lambda: _search(deep_parens(1000)), OK),
    ("delete-parens-1000", "Delete", lambda: milvus_pb2.DeleteRequest(collection_name=COLL,
                                                                      expr=deep_parens(1000, "id in [9999]")), OK),
    ("in-10^6", "Query", lambda: _query(BIG_LIST), OK),
    ("delete-in-10^6", "Delete", lambda: milvus_pb2.DeleteRequest(collection_name=COLL, expr=FAR_LIST), OK),
    ("search-in-10^6", "Search", lambda: _search(BIG_LIST), OK),
    ("power", "Query", lambda: _query("10 ** 10 ** 10 > id", limit=5), None),
    ("search-params-json-1000", "Search", lambda: _search(params=deep_json(1000)), OK),
    ("search-params-json-20000", "Search", lambda: _search(params=deep_json(20000)), None),
    ("radius-text", "Search", lambda: _search(params='{"radius": "x"}'), None),
    ("radius-object", "Search", lambda: _search(params='{"radius": {"a": 1}, "range_filter": [1]}'), None),
    ("radius-huge", "Search", lambda: _search(params='{"radius": 1e400}'), None),
    ("range-filter-text", "Search", lambda: _search(params='{"radius": 5, "range_filter": "x"}'), None),
    ("nq-10^6", "Search", lambda: _search(nq=10 ** 6), 1100),
    ("vectors-10^6", "Search", lambda: _search(vectors=10 ** 6), 1100),
    ("nq-topk-max", "Search", lambda: _search(vectors=16384, extra={"topk": "16384"}), OK),
    ("search-nan", "Search", lambda: milvus_pb2.SearchRequest(
        collection_name=COLL, search_params=[common_pb2.KeyValuePair(key="topk", value="3"),
                                             common_pb2.KeyValuePair(key="anns_field", value="vec")],
        placeholder_group=common_pb2.PlaceholderGroup(placeholders=[common_pb2.PlaceholderValue(
            tag="$0", type=PT.FloatVector, values=[float_vector(4, math.nan)])]).SerializeToString()), None),
    ("rank-json-1000", "HybridSearch", lambda: _hybrid({"params": deep_json(1000)}), None),
    ("rrf-k-text", "HybridSearch", lambda: _hybrid({"strategy": "rrf", "params": '{"k": "x"}'}), 1100),
    ("rrf-k-list", "HybridSearch", lambda: _hybrid({"strategy": "rrf", "params": '{"k": [1]}'}), 1100),
    ("rrf-k-negative", "HybridSearch", lambda: _hybrid({"strategy": "rrf", "params": '{"k": -1}'}), 1100),
    ("rank-params-list", "HybridSearch", lambda: _hybrid({"strategy": "weighted", "params": "[1, 2]"}), None),
    ("weights-text", "HybridSearch", lambda: _hybrid({"strategy": "weighted", "params": '{"weights": "ab"}'}), None),
    ("weights-objects", "HybridSearch", lambda: _hybrid({"strategy": "weighted",
                                                         "params": '{"weights": [{"a": 1}, "x"]}'}), None),
    ("hybrid-limit-text", "HybridSearch", lambda: _hybrid({"limit": "x"}), None),
    ("hybrid-limit-empty", "HybridSearch", lambda: _hybrid({"limit": ""}), None),
    ("hybrid-round-decimal-400", "HybridSearch", lambda: _hybrid({"round_decimal": "400"}), 1100),
    ("hybrid-negative-offset", "HybridSearch", lambda: _hybrid({"offset": "-5"}), 1100),
    ("hybrid-nq-differs", "HybridSearch", lambda: milvus_pb2.HybridSearchRequest(
        collection_name=COLL, requests=[_search(), _search(vectors=2)],
        rank_params=[common_pb2.KeyValuePair(key="limit", value="3")]), 1100),
    ("insert-json-1000", "Insert", _deep_json_row, OK),
    ("insert-pk-as-json", "Insert", lambda: _with_column("id", d.make_column("id", DT.JSON, [{"a": 1}, {"b": 2}])),
     1100),
    ("upsert-pk-as-json", "Upsert", lambda: _insert(
        [c if c.field_name != "id" else d.make_column("id", DT.JSON, [{"a": 1}, {"a": 1}])
         for c in d.rows_to_fields_data(MAIN_SCHEMA, rows_main(500, 2))], cls=milvus_pb2.UpsertRequest), None),
    ("varchar-as-json", "Insert", lambda: _with_column("s", d.make_column("s", DT.JSON, [{"a": 1}, [1]])), 1100),
    ("array-as-json", "Insert", lambda: _with_column("a", d.make_column("a", DT.JSON, [{"a": 1}, {}])), 1100),
    ("vector-dim-0", "Insert", lambda: _with_column("vec", schema_pb2.FieldData(
        type=DT.FloatVector, vectors=schema_pb2.VectorField(dim=0, float_vector=schema_pb2.FloatArray(
            data=[1.0] * 8)))), 1100),
    ("insert-num-rows-2^31", "Insert", lambda: _insert(num_rows=2 ** 31), 1100),
    ("insert-num-rows-10^8", "Insert", lambda: _insert(num_rows=10 ** 8), 1100),
    ("insert-num-rows-2^32-1", "Insert", lambda: _insert(num_rows=2 ** 32 - 1), 1100),
    ("insert-nan-vector", "Insert", lambda: _special_vectors(math.nan), 65535),
    ("insert-inf-vector", "Insert", lambda: _special_vectors(math.inf), 65535),
    ("insert-nan-float", "Insert", lambda: _special_scalar("f", math.nan), 65535),
    ("insert-inf-double", "Insert", lambda: _special_scalar("dbl", -math.inf), 65535),
    ("upsert-nan-vector", "Upsert", lambda: _insert(_special_vectors(math.nan).fields_data,
                                                    cls=milvus_pb2.UpsertRequest), 65535),
    ("replica-10^6", "LoadCollection", lambda: _load(10 ** 6), 12),
    ("replica-2", "LoadCollection", lambda: _load(2), 12),
    ("replica-partitions", "LoadPartitions", lambda: _load(10 ** 6, partitions=True), 12),
    ("replica-1", "LoadCollection", lambda: _load(1), OK),
    # a million list entries: bounded work, and none of it under the catalogue lock for long
    ("flush-10^6-names", "Flush", lambda: _many(milvus_pb2.FlushRequest, "collection_names", COLL), OK),
    ("show-10^6-names", "ShowCollections", lambda: _many(milvus_pb2.ShowCollectionsRequest, "collection_names", COLL),
     OK),
    ("query-10^6-stars", "Query", lambda: _many(milvus_pb2.QueryRequest, "output_fields", "*", collection_name=COLL,
                                                expr="id >= 0", query_params=[common_pb2.KeyValuePair(
                                                    key="limit", value="3")]), OK),
    ("load-10^6-partitions", "LoadPartitions", lambda: _many(milvus_pb2.LoadPartitionsRequest, "partition_names", "p1",
                                                             collection_name=COLL), OK),
]


@pytest.mark.parametrize("rpc,factory,expected", [pytest.param(r, f, e, id=i) for i, r, f, e in OFFENDERS])
def test_known_offenders(target, rpc, factory, expected):
    target.ensure_seeded()
    request = factory()
    out = exchange(target, catalogue.get(rpc), request)
    judge(out, request)
    assert out.grpc_code is None, out
    if expected is not None:
        assert out.status.code == expected, out.status.reason[:500]
    target.still_answers()


def test_a_heavy_request_does_not_stall_the_others(target):
    """While one request inserts 400,000 rows into one collection, plain requests on another are answered at
    once: the mock holds no global lock over heavy work (under one, a query waits out the insert)."""
    target.ensure_seeded()
    schema = schema_pb2.CollectionSchema(name="heavy", fields=[_field("id", DT.Int64, primary=True),
                                                                 _field("vec", DT.FloatVector, dim=2)])
    target.call("CreateCollection", milvus_pb2.CreateCollectionRequest(collection_name="heavy",
                                                                      schema=schema.SerializeToString()))
    n = 400_000
    heavy = milvus_pb2.InsertRequest(collection_name="heavy", num_rows=n, fields_data=[
        d.make_column("id", DT.Int64, range(n)),
        schema_pb2.FieldData(type=DT.FloatVector, field_name="vec", vectors=schema_pb2.VectorField(
            dim=2, float_vector=schema_pb2.FloatArray(data=np.zeros(2 * n, np.float32))))])
    done = threading.Event()
    result: list = []

    def run():
        result.append(exchange(target, catalogue.get("Insert"), heavy))
        done.set()

    worker = threading.Thread(target=run)
    worker.start()
    latencies = []
    try:
        while not done.is_set():
            out = exchange(target, catalogue.get("Query"), _query("id in [1, 2]"))
            assert out.status.code == 0, out.status
            latencies.append(out.seconds)
            time.sleep(0.01)
    finally:
        worker.join()
    assert result[0].status.code == 0, result[0].status
    assert result[0].reply.insert_cnt == n
    assert latencies, "no query was answered while the insert ran"
    assert max(latencies) < min(1.0, max(0.2, result[0].seconds / 2)), (result[0].seconds, latencies)
    target.call("DropCollection", milvus_pb2.DropCollectionRequest(collection_name="heavy"))


def test_the_mock_still_answers_after_the_storm(target):
    target.still_answers()


def test_summary():
    """The campaign in numbers (shown with ``-rP``): requests sent in this process and the slowest answers."""
    if not LATENCIES:
        pytest.skip("no request was sent in this process")
    slowest = sorted(LATENCIES, reverse=True)[:5]
    print(f"mock fuzz: {len(LATENCIES)} requests, budget {EXAMPLES} generated; slowest answers: "
          + ", ".join(f"{rpc} {seconds:.2f} s" for seconds, rpc in slowest))
    assert slowest[0][0] < MAX_SECONDS


def test_pools_are_json_where_they_say_so():
    """The pools' deep JSON is real JSON (the fuzzer means what it sends)."""
    assert json.loads(deep_json(10))["a"]["a"]
