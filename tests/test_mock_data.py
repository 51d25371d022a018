"""The mock's data plane over real gRPC: Insert/Delete/Upsert/Query/Search/HybridSearch, load gating, flush,
statistics and segment info, answering what master answers (the registered checks of
conformance/model/rules/{insert,dml,query,search}.py; model in conformance/model/store.py)."""

import json

import numpy as np
import pytest

from conformance.mock import serve
from conformance.model import data as dm
from conformance.model import vectors
from conformance.protocol import common_pb2, milvus_pb2, schema_pb2
from conformance.transport import parse_target
from conformance.transport.connections import Connection

DT = schema_pb2.DataType
E = common_pb2.ErrorCode
KV = common_pb2.KeyValuePair
DIM = 4


@pytest.fixture(scope="module")
def conn():
    with serve() as server:
        c = Connection("t", parse_target(server.address))
        yield c
        c.close()


def schema_of(name, auto_id=False, dynamic=False, pk_type=DT.Int64):
    pk = schema_pb2.FieldSchema(name="id", data_type=pk_type, is_primary_key=True, autoID=auto_id)
    if pk_type == DT.VarChar:
        pk.type_params.append(KV(key="max_length", value="32"))
    return schema_pb2.CollectionSchema(name=name, enable_dynamic_field=dynamic, fields=[
        pk,
        schema_pb2.FieldSchema(name="vec", data_type=DT.FloatVector, type_params=[KV(key="dim", value=str(DIM))]),
        schema_pb2.FieldSchema(name="x", data_type=DT.Int64),
        schema_pb2.FieldSchema(name="txt", data_type=DT.VarChar, type_params=[KV(key="max_length", value="16")]),
    ])


def create(conn, name, metric="L2", load=True, **kw):
    schema = schema_of(name, **kw)
    st = conn.call("CreateCollection", milvus_pb2.CreateCollectionRequest(
        collection_name=name, schema=schema.SerializeToString()))
    assert st.code == 0, st.reason
    st = conn.call("CreateIndex", milvus_pb2.CreateIndexRequest(collection_name=name, field_name="vec", extra_params=[
        KV(key="index_type", value="FLAT"), KV(key="metric_type", value=metric), KV(key="params", value="{}")]))
    assert st.code == 0, st.reason
    if load:
        assert conn.call("LoadCollection", milvus_pb2.LoadCollectionRequest(collection_name=name)).code == 0
    return schema


def rows_of(n, start=0, seed=0):
    rng = np.random.default_rng(seed)
    return [{"id": start + i, "vec": rng.normal(size=DIM).astype(np.float32), "x": (start + i) * 10,
             "txt": f"t{start + i}"} for i in range(n)]


def insert(conn, name, schema, rows, rpc="Insert", partition=""):
    req_cls = milvus_pb2.InsertRequest if rpc == "Insert" else milvus_pb2.UpsertRequest
    return conn.call(rpc, req_cls(collection_name=name, partition_name=partition,
                                  fields_data=dm.rows_to_fields_data(schema, rows), num_rows=len(rows)))


def query(conn, name, expr, out=("id",), limit=None, partitions=()):
    params = [KV(key="limit", value=str(limit))] if limit is not None else []
    return conn.call("Query", milvus_pb2.QueryRequest(collection_name=name, expr=expr, output_fields=list(out),
                                                      query_params=params, partition_names=list(partitions)))


def qrows(reply):
    assert reply.status.code == 0, reply.status.reason
    return dm.fields_data_to_rows(reply.fields_data)


def placeholder(queries, ptype=common_pb2.PlaceholderType.FloatVector, tag="$0"):
    return common_pb2.PlaceholderGroup(placeholders=[common_pb2.PlaceholderValue(
        tag=tag, type=ptype, values=[np.asarray(q, dtype="<f4").tobytes() for q in queries])]).SerializeToString()


def search_req(name, queries, topk=3, metric="", expr="", out=(), extra=None, pg=None):
    params = {"anns_field": "vec", "topk": str(topk), "params": "{}"}
    if metric:
        params["metric_type"] = metric
    params.update(extra or {})
    return milvus_pb2.SearchRequest(
        collection_name=name, dsl=expr, dsl_type=common_pb2.DslType.BoolExprV1, nq=len(queries),
        placeholder_group=pg if pg is not None else placeholder(queries), output_fields=list(out),
        search_params=[KV(key=k, value=v) for k, v in params.items()])


def hits_of(results):
    out, pos = [], 0
    ids = list(results.ids.int_id.data) or list(results.ids.str_id.data)
    for k in results.topks:
        out.append([vectors.Hit(ids[pos + j], results.scores[pos + j]) for j in range(k)])
        pos += k
    return out


# ---- insert ------------------------------------------------------------------------------------------------

def test_insert_success_and_mutation_result(conn):
    schema = create(conn, "d_ins", load=False)
    r = insert(conn, "d_ins", schema, rows_of(5))
    assert r.status.code == 0
    assert list(r.IDs.int_id.data) == [0, 1, 2, 3, 4]
    assert r.insert_cnt == len(r.IDs.int_id.data) == len(r.succ_index) == 5
    assert list(r.succ_index) == [0, 1, 2, 3, 4] and r.timestamp > 0
    r2 = insert(conn, "d_ins", schema, rows_of(1))  # E53: duplicate pk accepted
    assert r2.status.code == 0 and r2.timestamp > r.timestamp


def test_insert_errors(conn):
    schema = create(conn, "d_inserr", load=False)
    r = insert(conn, "d_missing", schema, rows_of(2))  # I01
    assert (r.status.code, r.status.error_code) == (100, E.CollectionNotExists)
    r = insert(conn, "d_inserr", schema, rows_of(2), partition="nop")
    assert (r.status.code, r.status.reason) == (200, "partition not found[partition=nop]")
    assert list(r.err_index) == [0, 1]
    fd = dm.rows_to_fields_data(schema, rows_of(3))
    r = conn.call("Insert", milvus_pb2.InsertRequest(collection_name="d_inserr", fields_data=fd[:3], num_rows=3))
    assert r.status.code == 1100 and r.status.reason == "fieldSchema(txt) has no corresponding fieldData pass in: " \
        "invalid parameter"
    assert r.status.extra_info["is_input_error"] == "true" and not r.status.retriable
    assert list(r.err_index) == [0, 1, 2] and r.insert_cnt == 0
    r = conn.call("Insert", milvus_pb2.InsertRequest(collection_name="d_inserr", fields_data=fd, num_rows=5))
    assert r.status.code == 1100 and "num_rows" in r.status.reason  # E52
    # the batch rules come before the partition lookup (master: the partition is resolved in Execute)
    r = conn.call("Insert", milvus_pb2.InsertRequest(collection_name="d_inserr", partition_name="nop", fields_data=fd,
                                                     num_rows=5))
    assert r.status.code == 1100 and "num_rows" in r.status.reason
    r = insert(conn, "d_inserr", schema, rows_of(2), rpc="Upsert", partition="nop")
    assert (r.status.code, r.status.reason) == (200, "partition not found[partition=nop]")
    dup = rows_of(2) + rows_of(1)
    r = insert(conn, "d_inserr", schema, dup, rpc="Upsert")
    assert r.status.code == 1100 and "duplicate primary keys" in r.status.reason


def test_auto_id_unique_increasing(conn):
    schema = create(conn, "d_auto", load=True, auto_id=True)
    rows = [{k: v for k, v in r.items() if k != "id"} for r in rows_of(4)]
    a = list(insert(conn, "d_auto", schema, rows).IDs.int_id.data)
    b = list(insert(conn, "d_auto", schema, rows).IDs.int_id.data)
    assert a == sorted(a) and b == sorted(b) and a[-1] < b[0] and len(set(a + b)) == 8
    r = insert(conn, "d_auto", schema, rows, rpc="Upsert")
    assert r.status.code == 1100 and "must assign pk when upsert, primary field: id" in r.status.reason


# ---- load gating, query ------------------------------------------------------------------------------------

def test_not_loaded_gating(conn):
    schema = create(conn, "d_gate", load=False)
    assert insert(conn, "d_gate", schema, rows_of(3)).status.code == 0  # insert while released
    q = query(conn, "d_gate", "id > 0")
    assert (q.status.code, q.status.error_code) == (101, E.UnexpectedError)  # Q01
    assert q.status.reason.startswith("failed to query: collection not loaded[collection=")
    s = conn.call("Search", search_req("d_gate", [[0] * DIM]))
    assert s.status.code == 101 and s.status.reason.startswith("failed to search")  # Q02
    d = conn.call("Delete", milvus_pb2.DeleteRequest(collection_name="d_gate", expr="id in [1, 77]"))
    assert d.status.code == 0 and d.delete_cnt == 2  # pk delete needs no load; counts keys listed
    d = conn.call("Delete", milvus_pb2.DeleteRequest(collection_name="d_gate", expr="x > 5"))
    assert d.status.code == 101
    p = conn.call("GetLoadingProgress", milvus_pb2.GetLoadingProgressRequest(collection_name="d_gate"))
    assert p.status.code == 101
    st = conn.call("CreateCollection", milvus_pb2.CreateCollectionRequest(
        collection_name="d_noidx", schema=schema_of("d_noidx").SerializeToString()))
    assert st.code == 0
    assert conn.call("LoadCollection", milvus_pb2.LoadCollectionRequest(collection_name="d_noidx")).code == 700
    assert conn.call("LoadCollection", milvus_pb2.LoadCollectionRequest(collection_name="d_gate")).code == 0
    p = conn.call("GetLoadingProgress", milvus_pb2.GetLoadingProgressRequest(collection_name="d_gate"))
    assert (p.status.code, p.progress) == (0, 100)
    assert [r["id"] for r in qrows(query(conn, "d_gate", "id >= 0"))] == [0, 2]


def test_query_semantics(conn):
    schema = create(conn, "d_q", dynamic=True)
    rows = rows_of(6)
    for r in rows:
        r["extra"] = r["id"] * 100
    insert(conn, "d_q", schema, rows)
    got = qrows(query(conn, "d_q", "x >= 30", out=["txt"]))
    assert [(r["id"], r["txt"]) for r in got] == [(3, "t3"), (4, "t4"), (5, "t5")]
    star = query(conn, "d_q", "id == 2", out=["*"])
    got = dm.fields_data_to_rows(star.fields_data)
    assert got[0]["extra"] == 200 and np.allclose(got[0]["vec"], rows[2]["vec"])
    dyn = query(conn, "d_q", "extra > 300", out=["extra"])
    assert [r["extra"] for r in qrows(dyn)] == [400, 500] and "extra" in dyn.output_fields
    cnt = query(conn, "d_q", "", out=["count(*)"])
    assert qrows(cnt) == [{"count(*)": 6}]
    assert [r["id"] for r in qrows(query(conn, "d_q", "", limit=2))] == [0, 1]
    bad = query(conn, "d_q", "")
    assert (bad.status.code, bad.status.reason) == (1100, "empty expression should be used with limit: invalid "
                                                          "parameter")
    bad = query(conn, "d_q", "id >>> 1")
    assert bad.status.code == 1100 and bad.status.reason.startswith("failed to create query plan: cannot parse "
                                                                    "expression: id >>> 1")
    bad = query(conn, "d_q", "id > 0", partitions=["nop"])
    assert (bad.status.code, bad.status.reason) == (1100, "partition name nop not found: invalid parameter")
    bad = query(conn, "d_q", "id > 0", limit=16385)
    assert bad.status.code == 1100 and "invalid max query result window" in bad.status.reason
    # the expression is checked before the partitions
    assert query(conn, "d_q", "id >>> 1", partitions=["nop"]).status.reason.startswith("failed to create query plan")
    bad = query(conn, "d_q", "", out=["count(*)", "id"])
    assert bad.status.code == 65535
    assert query(conn, "d_missing", "id > 0").status.code == 100  # Q03


def test_duplicates_delete_upsert_and_stats(conn):
    schema = create(conn, "d_mut")
    insert(conn, "d_mut", schema, rows_of(3))
    dup = rows_of(1)
    dup[0]["x"] = 999
    insert(conn, "d_mut", schema, dup)
    got = qrows(query(conn, "d_mut", "id == 0", out=["x"]))
    assert got == [{"id": 0, "x": 999}]  # latest version (current-Milvus decision)
    assert qrows(query(conn, "d_mut", "", out=["count(*)"])) == [{"count(*)": 4}]  # versions counted
    d = conn.call("Delete", milvus_pb2.DeleteRequest(collection_name="d_mut", expr="x > 15"))
    assert d.status.code == 0 and d.delete_cnt == 2 and d.HasField("IDs")
    assert [r["id"] for r in qrows(query(conn, "d_mut", "id >= 0"))] == [1]
    up = rows_of(2, start=1)
    r = insert(conn, "d_mut", schema, up, rpc="Upsert")
    assert (r.status.code, r.insert_cnt, r.delete_cnt, r.upsert_cnt) == (0, 2, 2, 2)
    assert list(r.IDs.int_id.data) == [1, 2] and list(r.succ_index) == [0, 1]
    assert [r["id"] for r in qrows(query(conn, "d_mut", "id >= 0"))] == [1, 2]
    stats = conn.call("GetCollectionStatistics", milvus_pb2.GetCollectionStatisticsRequest(collection_name="d_mut"))
    assert {kv.key: kv.value for kv in stats.stats} == {"row_count": "6"}  # deletes not subtracted
    e = conn.call("Delete", milvus_pb2.DeleteRequest(collection_name="d_missing", expr="id in [1]"))
    assert e.status.code == 100 and "Failed to get collection id" in e.status.reason  # E55
    e = conn.call("Delete", milvus_pb2.DeleteRequest(collection_name="d_mut", expr="id >>> 1"))
    assert e.status.code == 1100
    e = conn.call("Delete", milvus_pb2.DeleteRequest(collection_name="d_mut", expr="id in [1]", partition_name="nop"))
    assert e.status.code == 200


def test_partitions_load_release(conn):
    schema = create(conn, "d_part", load=False)
    assert conn.call("CreatePartition", milvus_pb2.CreatePartitionRequest(
        collection_name="d_part", partition_name="p1")).code == 0
    insert(conn, "d_part", schema, rows_of(2))
    insert(conn, "d_part", schema, rows_of(1, start=100), partition="p1")
    bad = conn.call("LoadPartitions", milvus_pb2.LoadPartitionsRequest(collection_name="d_part", partition_names=["nop"]))
    assert (bad.code, bad.error_code) == (200, E.MetaFailed)
    assert conn.call("LoadPartitions", milvus_pb2.LoadPartitionsRequest(
        collection_name="d_part", partition_names=["p1"])).code == 0
    ls = conn.call("GetLoadState", milvus_pb2.GetLoadStateRequest(collection_name="d_part", partition_names=["_default"]))
    assert ls.state == common_pb2.LoadState.LoadStateNotLoad
    assert [r["id"] for r in qrows(query(conn, "d_part", "id >= 0"))] == [100]
    assert query(conn, "d_part", "id >= 0", partitions=["_default"]).status.code == 201
    pst = conn.call("GetPartitionStatistics", milvus_pb2.GetPartitionStatisticsRequest(
        collection_name="d_part", partition_name="p1"))
    assert pst.stats[0].value == "1"
    assert conn.call("ReleasePartitions", milvus_pb2.ReleasePartitionsRequest(
        collection_name="d_part", partition_names=["p1"])).code == 0
    ls = conn.call("GetLoadState", milvus_pb2.GetLoadStateRequest(collection_name="d_part"))
    assert ls.state == common_pb2.LoadState.LoadStateNotLoad


# ---- search ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("metric", ["L2", "IP", "COSINE"])
def test_search_matches_the_brute_force_model(conn, metric):
    name = f"d_s_{metric.lower()}"
    schema = create(conn, name, metric=metric)
    rows = rows_of(40, seed=7)
    insert(conn, name, schema, rows)
    queries = [np.random.default_rng(1).normal(size=DIM).astype(np.float32) for _ in range(3)]
    r = conn.call("Search", search_req(name, queries, topk=5, out=["x"]))
    assert r.status.code == 0, r.status.reason
    expected = vectors.search(metric, queries, [x["vec"] for x in rows], [x["id"] for x in rows], limit=5)
    got = hits_of(r.results)
    assert r.results.num_queries == 3 and list(r.results.topks) == [5, 5, 5] and r.results.top_k == 5
    for e, a in zip(expected, got, strict=True):
        assert vectors.same_ranking(e, a)
    xs = list(r.results.fields_data[0].scalars.long_data.data)
    assert xs == [h.id * 10 for q in got for h in q] and list(r.results.output_fields) == ["x"]
    # filter + offset + range
    r = conn.call("Search", search_req(name, queries[:1], topk=4, expr="x >= 100", extra={"offset": "2"}))
    mask = [x["x"] >= 100 for x in rows]
    exp = vectors.search(metric, queries[:1], [x["vec"] for x in rows], [x["id"] for x in rows], limit=4,
                         offset=2, mask=mask)
    assert vectors.same_ranking(exp[0], hits_of(r.results)[0])
    radius = {"L2": 3.0, "IP": 0.5, "COSINE": 0.3}[metric]
    r = conn.call("Search", search_req(name, queries[:1], topk=50, extra={"params": json.dumps({"radius": radius})}))
    exp = vectors.search(metric, queries[:1], [x["vec"] for x in rows], [x["id"] for x in rows], limit=50,
                         radius=radius)
    assert vectors.same_ranking(exp[0], hits_of(r.results)[0])


def test_search_errors(conn):
    schema = create(conn, "d_serr")
    insert(conn, "d_serr", schema, rows_of(5))
    q = [[0.0] * DIM]

    def err(req):
        s = conn.call("Search", req).status
        return s.code, s.reason

    assert err(search_req("d_serr", q, topk=0)) == (
        1100, "topk [0] is invalid, it should be in range [1, 16384], but got 0: invalid parameter")
    assert err(search_req("d_serr", q, topk=16385))[0] == 1100
    assert conn.call("Search", search_req("d_serr", q, topk=16384)).status.code == 0  # X08
    assert err(search_req("d_serr", q, extra={"offset": "1", "topk": "16384"})) == (
        1100, "offset+topk [16385] is invalid, it should be in range [1, 16384], but got 16385: invalid parameter")
    assert err(search_req("d_serr", q, extra={"offset": "-1"}))[0] == 1100
    assert err(search_req("d_serr", q, extra={"round_decimal": "7"})) == (
        1100, "round_decimal [7] is invalid, should be -1 or an integer in range [0, 6]: invalid parameter")
    # query-node (segcore) errors: 2000, marked input errors
    s = conn.call("Search", search_req("d_serr", q, metric="IP")).status
    assert s.code == 2000 and "metric type of field index is not the same as search request" in s.reason
    assert s.extra_info["is_input_error"] == "true"
    assert conn.call("Search", search_req("d_serr", q, metric="L2")).status.code == 0
    code, reason = err(search_req("d_serr", q, extra={"params": json.dumps({"radius": 1.0, "range_filter": 2.0})}))
    assert code == 2000 and "range_filter(2) must be less than radius(1)" in reason
    req = search_req("d_serr", q)
    del req.search_params[:]
    req.search_params.extend([KV(key="anns_field", value="vec")])
    assert err(req) == (65535, "topk not found in search_params")
    req = search_req("d_serr", q, extra={"anns_field": "nope"})
    assert err(req)[0] == 1100 and "fieldName(nope) not found" in err(req)[1]
    assert err(search_req("d_serr", q, pg=placeholder(q, tag="$1")))[0] == 65535
    assert err(search_req("d_serr", [[0.0] * 3])) == (
        2000, "vector dimension mismatch, expected vector size(byte) 16, actual 12. segcoreCode=2032: segcore error")
    assert err(search_req("d_serr", q, pg=placeholder(q, ptype=common_pb2.PlaceholderType.BinaryVector)))[0] == 65535
    req = search_req("d_serr", q)
    req.nq = 2
    assert err(req)[0] == 65535
    assert err(search_req("d_serr", q, expr="id >>> 1"))[0] == 1100
    assert err(search_req("d_serr", q, out=["nope"])) == (1100, "field nope not exist: invalid parameter")
    assert err(search_req("d_serr", q, extra={"topk": "0"}, out=["nope"]))[0] == 1100  # output fields first
    # nq: request.nq, else the number of query vectors; 0 or above 16384 → 1100 before anything is decoded
    req = search_req("d_serr", [])
    req.nq = 0
    assert err(req) == (1100, "nq [0] is invalid, nq (number of search vector per search request) should be in "
                              "range [1, 16384], but got 0: invalid parameter")
    req = search_req("d_serr", q)
    req.nq = 16385
    req.placeholder_group = b"not decoded"
    assert err(req)[0] == 1100 and "nq [16385] is invalid" in err(req)[1]
    # a dim mismatch is answered after the load check (segcore), the proxy's checks before it
    release = milvus_pb2.ReleaseCollectionRequest(collection_name="d_serr")
    assert conn.call("ReleaseCollection", release).code == 0
    assert err(search_req("d_serr", [[0.0] * 3]))[0] == 101
    assert err(search_req("d_serr", q, topk=0))[0] == 1100
    assert conn.call("LoadCollection", milvus_pb2.LoadCollectionRequest(collection_name="d_serr")).code == 0
    assert err(search_req("d_missing", q))[0] == 100


def test_search_group_by(conn):
    schema = create(conn, "d_grp")
    rows = rows_of(12, seed=3)
    for r in rows:
        r["txt"] = f"g{r['id'] % 3}"
    insert(conn, "d_grp", schema, rows)
    r = conn.call("Search", search_req("d_grp", [[0.0] * DIM], topk=5, extra={"group_by_field": "txt"}))
    assert r.status.code == 0
    groups = list(r.results.group_by_field_value.scalars.string_data.data)
    assert len(groups) == 3 and len(set(groups)) == 3


def test_hybrid_search_rrf_and_weighted(conn):
    schema = create(conn, "d_hyb", metric="IP")
    rows = rows_of(20, seed=5)
    insert(conn, "d_hyb", schema, rows)
    q1, q2 = np.ones(DIM, np.float32), -np.ones(DIM, np.float32)
    subs = [search_req("d_hyb", [q], topk=5) for q in (q1, q2)]
    base, ids = [x["vec"] for x in rows], [x["id"] for x in rows]
    per = [vectors.search("IP", [q], base, ids, limit=5) for q in (q1, q2)]

    def run(strategy, params):
        return conn.call("HybridSearch", milvus_pb2.HybridSearchRequest(
            collection_name="d_hyb", requests=subs, output_fields=["x"], rank_params=[
                KV(key="strategy", value=strategy), KV(key="params", value=json.dumps(params)),
                KV(key="limit", value="4")]))

    r = run("rrf", {"k": 60})
    assert r.status.code == 0, r.status.reason
    acc = {}
    for res in per:
        for rank, h in enumerate(res[0], start=1):
            acc[h.id] = acc.get(h.id, 0) + 1 / (60 + rank)
    got = hits_of(r.results)[0]
    assert len(got) == 4
    assert [h.id for h in got] == sorted(acc, key=lambda k: -acc[k])[:4]
    assert np.allclose([h.score for h in got], sorted(acc.values(), reverse=True)[:4], rtol=1e-6)
    r = run("weighted", {"weights": [0.7, 0.3]})
    assert r.status.code == 0 and len(r.results.ids.int_id.data) == 4
    assert run("weighted", {"weights": [1.0]}).status.code == 1100
    assert run("no_such", {}).status.reason == "unsupported rank type no_such: invalid parameter"
    empty = conn.call("HybridSearch", milvus_pb2.HybridSearchRequest(collection_name="d_hyb"))
    assert empty.status.code == 1100


# ---- flush / segments --------------------------------------------------------------------------------------

def test_flush_and_segments(conn):
    schema = create(conn, "d_fl")
    insert(conn, "d_fl", schema, rows_of(4))
    f = conn.call("Flush", milvus_pb2.FlushRequest(collection_names=["d_fl"]))
    assert f.status.code == 0 and f.db_name == "default"
    segs = list(f.coll_segIDs["d_fl"].data)
    assert len(segs) == 1 and f.coll_flush_ts["d_fl"] > 0 and f.coll_seal_times["d_fl"] > 0
    st = conn.call("GetFlushState", milvus_pb2.GetFlushStateRequest(collection_name="d_fl", segmentIDs=segs,
                                                                     flush_ts=f.coll_flush_ts["d_fl"]))
    assert st.status.code == 0 and st.flushed
    miss = conn.call("GetFlushState", milvus_pb2.GetFlushStateRequest(collection_name="d_missing"))
    assert miss.status.code == 100
    assert conn.call("Flush", milvus_pb2.FlushRequest(collection_names=["d_missing"])).status.code == 100  # E59
    info = conn.call("GetPersistentSegmentInfo", milvus_pb2.GetPersistentSegmentInfoRequest(collectionName="d_fl"))
    assert [(i.segmentID, i.num_rows, i.state) for i in info.infos] == [(segs[0], 4, common_pb2.SegmentState.Flushed)]
    qs = conn.call("GetQuerySegmentInfo", milvus_pb2.GetQuerySegmentInfoRequest(collectionName="d_fl"))
    assert qs.status.code == 0 and qs.infos[0].num_rows == 4
    fa = conn.call("FlushAll", milvus_pb2.FlushAllRequest())
    assert fa.status.code == 0 and fa.flush_all_ts > 0
    fs = conn.call("GetFlushAllState", milvus_pb2.GetFlushAllStateRequest(flush_all_ts=fa.flush_all_ts))
    assert fs.status.code == 0 and fs.flushed
    assert conn.call("GetPersistentSegmentInfo", milvus_pb2.GetPersistentSegmentInfoRequest(
        collectionName="d_missing")).status.code == 100


def test_varchar_primary_key(conn):
    schema = create(conn, "d_vpk", pk_type=DT.VarChar)
    rows = rows_of(3)
    for r in rows:
        r["id"] = f"k{r['id']}"
    r = insert(conn, "d_vpk", schema, rows)
    assert list(r.IDs.str_id.data) == ["k0", "k1", "k2"]
    d = conn.call("Delete", milvus_pb2.DeleteRequest(collection_name="d_vpk", expr='id in ["k1"]'))
    assert d.delete_cnt == 1
    assert [x["id"] for x in qrows(query(conn, "d_vpk", 'id != ""'))] == ["k0", "k2"]
    s = conn.call("Search", search_req("d_vpk", [rows[0]["vec"]], topk=1))
    assert list(s.results.ids.str_id.data) == ["k0"]


# ---- partial update, count(*), defaults, Geometry / Timestamptz (issue 9 part A) ---------------------------------

def _upsert_partial(conn, name, schema, rows, names):
    by = {f.name: f for f in schema.fields}
    cols = [dm.column_for_field(by[n], [r[n] for r in rows]) for n in names]
    return conn.call("Upsert", milvus_pb2.UpsertRequest(collection_name=name, fields_data=cols, num_rows=len(rows),
                                                        partial_update=True))


def test_partial_update_merges_and_refuses(conn):
    schema = create(conn, "d_partial")
    assert insert(conn, "d_partial", schema, rows_of(4)).status.code == 0
    r = _upsert_partial(conn, "d_partial", schema, [{"id": 1, "x": 111}, {"id": 2, "x": 222}], ["id", "x"])
    assert r.status.code == 0 and r.upsert_cnt == 2 and r.delete_cnt == 2 and list(r.IDs.int_id.data) == [1, 2]
    got = {row["id"]: row for row in qrows(query(conn, "d_partial", "id in [1, 2]", ("x", "txt", "vec")))}
    assert got[1]["x"] == 111 and got[2]["x"] == 222 and got[1]["txt"] == "t1" and got[2]["txt"] == "t2"
    assert np.array_equal(got[1]["vec"], rows_of(4)[1]["vec"])
    assert qrows(query(conn, "d_partial", "", ("count(*)",)))[0]["count(*)"] == 4  # replaced, not added
    # a stored key and a new one without the other fields: refused, nothing written
    r = _upsert_partial(conn, "d_partial", schema, [{"id": 3, "x": 3}, {"id": 99, "x": 9}], ["id", "x"])
    assert r.status.code == 1100 and "primary key 99 does not exist in the query scope" in r.status.reason
    assert 'missing required field "vec"' in r.status.reason
    assert qrows(query(conn, "d_partial", "id == 3", ("x",)))[0]["x"] == 30
    r = _upsert_partial(conn, "d_partial", schema, [{"id": 77, "x": 7}], ["id", "x"])
    assert r.status.code == 1100 and "retrieve by primary key failed, no data found" in r.status.reason
    # a new key with every field: inserted next to the merged one
    r = _upsert_partial(conn, "d_partial", schema, [{"id": 0, "x": 5}], ["id", "x"])
    assert r.status.code == 0
    rows = rows_of(1, start=50)
    r = _upsert_partial(conn, "d_partial", schema, [rows[0], {**rows_of(1)[0], "x": 6}], ["id", "vec", "x", "txt"])
    assert r.status.code == 0 and r.delete_cnt == 1 and r.upsert_cnt == 2
    # the key column is required in any Upsert
    r = conn.call("Upsert", milvus_pb2.UpsertRequest(collection_name="d_partial", num_rows=1, fields_data=[
        dm.make_column("x", DT.Int64, [1])]))
    assert r.status.code == 1100 and "must assign pk when upsert, primary field: id" in r.status.reason
    # a released collection cannot be read for the merge
    assert conn.call("ReleaseCollection", milvus_pb2.ReleaseCollectionRequest(collection_name="d_partial")).code == 0
    r = _upsert_partial(conn, "d_partial", schema, [{"id": 1, "x": 1}], ["id", "x"])
    assert r.status.code == 101


def test_count_star_semantics(conn):
    schema = create(conn, "d_count")
    assert insert(conn, "d_count", schema, rows_of(5)).status.code == 0
    assert insert(conn, "d_count", schema, rows_of(1, start=2)).status.code == 0  # key 2 twice

    def count(expr="", limit=None):
        r = query(conn, "d_count", expr, ("count(*)",), limit=limit)
        return r.status.code, (qrows(r)[0]["count(*)"] if r.status.code == 0 else r.status.reason)

    assert count() == (0, 6) and count("id == 2") == (0, 2) and count("x > 20") == (0, 2)
    assert conn.call("Delete", milvus_pb2.DeleteRequest(collection_name="d_count", expr="id in [2]")).status.code == 0
    assert count() == (0, 4)
    assert insert(conn, "d_count", schema, rows_of(2, start=4), rpc="Upsert").status.code == 0  # 4 stored, 5 new
    assert count() == (0, 5)
    code, reason = count(limit=3)
    assert code == 1100 and "count entities with pagination is not allowed" in reason


def test_defaults_nulls_geometry_and_timestamptz(conn):
    s_default = schema_pb2.ValueField(string_data="dflt")
    schema = schema_pb2.CollectionSchema(name="d_types", fields=[
        schema_pb2.FieldSchema(name="id", data_type=DT.Int64, is_primary_key=True),
        schema_pb2.FieldSchema(name="vec", data_type=DT.FloatVector, type_params=[KV(key="dim", value=str(DIM))]),
        schema_pb2.FieldSchema(name="s", data_type=DT.VarChar, type_params=[KV(key="max_length", value="8")],
                               default_value=s_default),
        schema_pb2.FieldSchema(name="n", data_type=DT.Int32, nullable=True),
        schema_pb2.FieldSchema(name="geo", data_type=DT.Geometry, nullable=True),
        schema_pb2.FieldSchema(name="ts", data_type=DT.Timestamptz, nullable=True),
        schema_pb2.FieldSchema(name="nv", data_type=DT.FloatVector, nullable=True,
                               type_params=[KV(key="dim", value="2")])])
    st = conn.call("CreateCollection", milvus_pb2.CreateCollectionRequest(collection_name="d_types",
                                                                          schema=schema.SerializeToString()))
    assert st.code == 0, st.reason
    vec = np.ones(DIM, np.float32)
    rows = [{"id": 1, "vec": vec, "s": None, "n": None, "geo": "point(1 2)", "ts": "2025-01-01T08:00:00+08:00",
             "nv": None},
            {"id": 2, "vec": vec, "s": "x", "n": 4, "geo": None, "ts": None, "nv": np.asarray([1, 2], np.float32)}]
    r = insert(conn, "d_types", schema, rows)
    assert r.status.code == 0, r.status.reason
    # full-length nulls (a placeholder per null) are refused: master reads one value per valid row
    cols = dm.rows_to_fields_data(schema, rows)
    cols = [dm.column_for_field(schema.fields[3], [None, 4]) if c.field_name == "n" else c for c in cols]
    assert len(cols[3].scalars.int_data.data) == 2 and list(cols[3].valid_data) == [False, True]
    r = conn.call("Insert", milvus_pb2.InsertRequest(collection_name="d_types", num_rows=2, fields_data=cols))
    assert r.status.code == 1100 and "the length of field is wrong" in r.status.reason
    bad = dm.rows_to_fields_data(schema, [{**rows[0], "geo": "CIRCLE (1)"}])
    r = conn.call("Insert", milvus_pb2.InsertRequest(collection_name="d_types", num_rows=1, fields_data=bad))
    assert r.status.code == 1100 and r.status.reason.startswith("invalid Geometry data")
    bad = dm.rows_to_fields_data(schema, [{**rows[0], "ts": "noon"}])
    r = conn.call("Insert", milvus_pb2.InsertRequest(collection_name="d_types", num_rows=1, fields_data=bad))
    assert r.status.code == 1100 and r.status.reason.startswith("got invalid timestamptz string 'noon'")
    for name_, field in (("vec", "vec"), ("nv", "nv")):
        st = conn.call("CreateIndex", milvus_pb2.CreateIndexRequest(collection_name="d_types", field_name=field,
                                                                    extra_params=[KV(key="index_type", value="FLAT"),
                                                                                  KV(key="metric_type", value="L2")]))
        assert st.code == 0, (name_, st.reason)
    assert conn.call("LoadCollection", milvus_pb2.LoadCollectionRequest(collection_name="d_types")).code == 0
    reply = query(conn, "d_types", "id > 0", ("s", "n", "geo", "ts", "nv"))
    ts_col = [c for c in reply.fields_data if c.field_name == "ts"][0]
    assert ts_col.scalars.WhichOneof("data") == "string_data"
    geo_col = [c for c in reply.fields_data if c.field_name == "geo"][0]
    assert geo_col.scalars.WhichOneof("data") == "geometry_wkt_data"
    got = {row["id"]: row for row in qrows(reply)}
    assert got[1]["s"] == "dflt" and got[1]["n"] is None and got[1]["nv"] is None
    assert got[1]["geo"] == "POINT (1 2)" and got[1]["ts"] == "2025-01-01T00:00:00Z"
    assert got[2]["s"] == "x" and got[2]["n"] == 4 and got[2]["geo"] is None and got[2]["ts"] is None
    assert list(got[2]["nv"]) == [1.0, 2.0]


def test_upsert_field_ops_append_and_remove(conn):
    """UpsertRequest.field_ops (model/field_ops.py): ARRAY_APPEND concatenates, ARRAY_REMOVE drops every match,
    a non-REPLACE op makes the upsert partial (vec / x / txt kept), and master's refusals with their reasons."""
    from conformance.model import field_ops

    OP = schema_pb2.FieldPartialUpdateOp
    schema = schema_of("fops")
    schema.fields.append(schema_pb2.FieldSchema(
        name="tags", data_type=DT.Array, element_type=DT.Int64,
        type_params=[KV(key="max_capacity", value="6")]))
    assert conn.call("CreateCollection", milvus_pb2.CreateCollectionRequest(
        collection_name="fops", schema=schema.SerializeToString())).code == 0
    assert conn.call("CreateIndex", milvus_pb2.CreateIndexRequest(collection_name="fops", field_name="vec", extra_params=[
        KV(key="index_type", value="FLAT"), KV(key="metric_type", value="L2")])).code == 0
    assert conn.call("LoadCollection", milvus_pb2.LoadCollectionRequest(collection_name="fops")).code == 0
    rows = [{**r, "tags": [1, 2, 1, 3][: r["id"] + 1]} for r in rows_of(3)]
    assert insert(conn, "fops", schema, rows).status.code == 0
    by = {f.name: f for f in schema.fields}

    def upsert(payload, ops, **kw):
        cols = [dm.column_for_field(by["id"], [k for k, _ in payload]),
                dm.column_for_field(by["tags"], [v for _, v in payload])]
        return conn.call("Upsert", milvus_pb2.UpsertRequest(
            collection_name="fops", fields_data=kw.pop("cols", cols), num_rows=len(payload),
            field_ops=[OP(field_name=n, op=o) for n, o in ops], **kw))

    reply = upsert([(0, [7, 1]), (2, [1])], [("tags", OP.ARRAY_APPEND)])
    assert reply.status.code == 0, reply.status.reason
    assert reply.delete_cnt == 2
    got = {r["id"]: r for r in qrows(query(conn, "fops", "id >= 0", out=("id", "tags", "x", "txt")))}
    assert got[0]["tags"] == [1, 7, 1] and got[2]["tags"] == [1, 2, 1, 1] and got[1]["tags"] == [1, 2]
    assert got[0]["x"] == 0 and got[2]["txt"] == "t2"
    assert upsert([(2, [1, 9])], [("tags", OP.ARRAY_REMOVE)]).status.code == 0
    got = {r["id"]: r for r in qrows(query(conn, "fops", "id == 2", out=("id", "tags")))}
    assert got[2]["tags"] == [2]

    def refused(payload, ops, code=1100, **kw):
        st = upsert(payload, ops, **kw).status
        assert st.code == code, st
        return st.reason

    assert refused([(0, [1])], [("tags", OP.ARRAY_APPEND), ("tags", OP.ARRAY_REMOVE)]).startswith(
        'duplicate partial-update op for field "tags"')
    assert refused([(0, [1])], [("id", OP.ARRAY_APPEND)]).startswith(
        'field "id" is the primary key and cannot carry a partial-update op')
    assert refused([(0, [1])], [("x", OP.ARRAY_APPEND)]).startswith(
        'op ARRAY_APPEND requires Array field, but field "x" is Int64')
    assert refused([(0, [1])], [("nope", OP.ARRAY_REMOVE)]).startswith('field "nope" not found in collection schema')
    assert refused([(0, [1])], [("tags", 9)]).startswith("unsupported partial update op: 9")
    assert refused([(0, [1])], [("", OP.ARRAY_APPEND)], code=1101).startswith(
        "FieldPartialUpdateOp.field_name is required")
    assert refused([(0, list(range(7)))], [("tags", OP.ARRAY_APPEND)]).startswith(
        'ARRAY_APPEND payload for field "tags" row 0 has length 7 exceeding max_capacity 6')
    only_key = [dm.column_for_field(by["id"], [0])]
    assert refused([(0, [1])], [("tags", OP.ARRAY_APPEND)], cols=only_key).startswith(
        'partial-update op targets field "tags" not present in fields_data')
    # a merged row past max_capacity is refused as the Insert validator refuses it; nothing is written
    assert refused([(0, [5, 5, 5, 5])], [("tags", OP.ARRAY_APPEND)])
    assert qrows(query(conn, "fops", "id == 0", out=("tags",)))[0]["tags"] == [1, 7, 1]
    assert field_ops.apply(OP.ARRAY_REMOVE, [1.0, float("nan")], [float("nan")])[0] == 1.0
    assert len(field_ops.apply(OP.ARRAY_REMOVE, [1.0, float("nan")], [float("nan")])) == 2  # NaN matches nothing
    assert field_ops.apply(OP.ARRAY_APPEND, None, [3]) == [3] and field_ops.apply(OP.ARRAY_REMOVE, None, [3]) is None
    assert field_ops.apply(OP.ARRAY_APPEND, [1], None) == [1]


def test_reads_at_a_session_timestamp_ignore_later_deletes_and_upserts(conn):
    """CollectionData.snapshot_at: the versions a delete / upsert removed after the timestamp come back, rows
    written after it stay hidden; a query iterator page and a search iterator page at the session see them."""
    from conformance.model import store

    schema = create(conn, "mvcc")
    assert insert(conn, "mvcc", schema, rows_of(6)).status.code == 0
    first = conn.call("Query", milvus_pb2.QueryRequest(
        collection_name="mvcc", expr="id >= 0", output_fields=["x"],
        query_params=[KV(key="iterator", value="True"), KV(key="limit", value="2")]))
    session = first.session_ts
    assert session > 0
    assert conn.call("Delete", milvus_pb2.DeleteRequest(collection_name="mvcc", expr="id in [1, 4]")).status.code == 0
    assert insert(conn, "mvcc", schema, [{**rows_of(1, start=2)[0], "x": -1}], rpc="Upsert").status.code == 0
    assert insert(conn, "mvcc", schema, rows_of(2, start=50)).status.code == 0
    page = conn.call("Query", milvus_pb2.QueryRequest(
        collection_name="mvcc", expr="id >= 0", output_fields=["x"], guarantee_timestamp=session,
        query_params=[KV(key="iterator", value="True"), KV(key="limit", value="10")]))
    got = {r["id"]: r["x"] for r in qrows(page)}
    assert got == {i: i * 10 for i in range(6)}  # 1 and 4 still there, 2 with its old x, 50/51 not yet
    now = {r["id"]: r["x"] for r in qrows(query(conn, "mvcc", "id >= 0", out=("x",)))}
    assert sorted(now) == [0, 2, 3, 5, 50, 51] and now[2] == -1
    req = search_req("mvcc", [np.zeros(DIM, np.float32)], topk=10, extra={
        "iterator": "True", "search_iter_v2": "True", "search_iter_batch_size": "10"})
    req.guarantee_timestamp = session
    reply = conn.call("Search", req)
    assert reply.status.code == 0, reply.status.reason
    assert sorted(reply.results.ids.int_id.data) == list(range(6))
    cd = store.CollectionData(1, schema)
    cd.insert(dm.rows_to_fields_data(schema, rows_of(3)), 3, "_default", validated=True)
    t = store.next_ts()
    cd.delete("id == 0", None, True)
    assert sorted(r.pk for r in cd.snapshot_at(t)) == [0, 1, 2] and sorted(r.pk for r in cd.snapshot()) == [1, 2]
    assert [r.pk for r in cd.snapshot_at(cd.delete("id == 1", None, True).timestamp)] == [2]
