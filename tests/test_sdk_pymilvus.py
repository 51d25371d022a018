"""pymilvus (a test dependency only) against the strict mock: its MilvusClient quick start and its ORM flow run
clean (no finding, no error), and a planted SDK-side violation is reported with its request."""

from __future__ import annotations

import json
import random
import struct

import grpc
import pytest

from conformance.mock import serve
from conformance.mock.strict import Recorder, read_record, summarize, write_report
from conformance.protocol import common_pb2, milvus_pb2, milvus_pb2_grpc

pymilvus = pytest.importorskip("pymilvus")

DIM = 8


@pytest.fixture
def strict_mock(tmp_path):
    record = tmp_path / "session.jsonl"
    recorder = Recorder(record)
    server = serve(strict=recorder)
    try:
        yield server, record
    finally:
        server.stop()
        recorder.close()


def _vectors(n, seed=7):
    rng = random.Random(seed)
    return [[rng.random() for _ in range(DIM)] for _ in range(n)]


def _drain(iterator) -> list:
    out = []
    while True:
        page = iterator.next()
        if not page:
            break
        out.extend(page)
    iterator.close()
    return out


def _clean(record) -> dict:
    summary = summarize(read_record(record), str(record))
    assert summary["findings"] == [], json.dumps(summary["findings"], indent=1)[:4000]
    assert all(c.get("unimplemented", 0) == 0 for c in summary["rpcs"].values()), summary["rpcs"]
    return summary


def test_milvus_client_quick_start_is_clean(strict_mock):
    server, record = strict_mock
    client = pymilvus.MilvusClient(uri=f"http://{server.address}")
    try:
        assert not client.has_collection("qs")
        client.create_collection("qs", dimension=DIM)
        vecs = _vectors(100)
        rows = [{"id": i, "vector": vecs[i], "color": f"c{i % 3}"} for i in range(100)]
        assert client.insert("qs", rows)["insert_count"] == 100
        hits = client.search("qs", [vecs[0]], limit=3, output_fields=["color"])
        assert hits[0][0]["id"] == 0 and len(hits[0]) == 3
        got = client.query("qs", filter="id < 5", output_fields=["color"])
        assert sorted(r["id"] for r in got) == [0, 1, 2, 3, 4]
        assert [r["id"] for r in client.get("qs", ids=[1, 2])] == [1, 2]
        assert client.delete("qs", ids=[1, 2])["delete_count"] == 2
        client.upsert("qs", [{"id": 3, "vector": vecs[3], "color": "x"}])
        assert client.describe_index("qs", "vector")["field_name"] == "vector"
        # query iterator: pk-ordered pages cover every remaining row once
        seen = [r["id"] for r in _drain(client.query_iterator("qs", batch_size=20, filter="id >= 0",
                                                              output_fields=["color"]))]
        assert seen == sorted(set(range(100)) - {1, 2})
        # search iterator (v2): pages continue the exact ranking
        found = [h["id"] for h in _drain(client.search_iterator("qs", [vecs[0]], batch_size=10, limit=30))]
        full = [h["id"] for h in client.search("qs", [vecs[0]], limit=30)[0]]
        assert found == full
        client.drop_collection("qs")
    finally:
        client.close()
    summary = _clean(record)
    for rpc in ("CreateCollection", "Insert", "Search", "Query", "Delete", "Upsert", "DropCollection"):
        assert summary["rpcs"][rpc]["ok"] >= 1


def test_orm_flow_is_clean(strict_mock):
    from pymilvus import Collection, CollectionSchema, DataType, FieldSchema, Partition, connections, utility

    server, record = strict_mock
    alias = "strict-orm"
    connections.connect(alias=alias, uri=f"http://{server.address}")
    try:
        schema = CollectionSchema([
            FieldSchema("pk", DataType.INT64, is_primary=True),
            FieldSchema("tag", DataType.VARCHAR, max_length=32),
            FieldSchema("emb", DataType.FLOAT_VECTOR, dim=DIM),
        ], description="orm flow")
        coll = Collection("orm_c", schema, using=alias)
        assert utility.has_collection("orm_c", using=alias)
        part = Partition(coll, "p1")
        assert coll.has_partition("p1")
        vecs = _vectors(60, seed=3)
        coll.insert([list(range(30)), [f"t{i}" for i in range(30)], vecs[:30]])
        part.insert([list(range(30, 60)), [f"t{i}" for i in range(30, 60)], vecs[30:]])
        coll.flush()
        coll.create_index("emb", {"index_type": "FLAT", "metric_type": "L2", "params": {}})
        assert coll.has_index() and coll.index().field_name == "emb"
        coll.load()
        assert coll.num_entities == 60
        res = coll.search([vecs[5]], "emb", {"metric_type": "L2", "params": {}}, limit=5, output_fields=["tag"])
        assert res[0][0].id == 5
        got = coll.query("pk in [1, 31]", output_fields=["tag"])
        assert sorted(r["pk"] for r in got) == [1, 31]
        assert len(part.query("pk >= 0", output_fields=["pk"])) == 30
        it = coll.query_iterator(batch_size=7, expr="pk >= 10", output_fields=["tag"])
        assert [r["pk"] for r in _drain(it)] == list(range(10, 60))
        it = coll.search_iterator([vecs[0]], "emb", {"metric_type": "L2", "params": {}}, batch_size=8, limit=20)
        ranked = [h.id for h in coll.search([vecs[0]], "emb", {"metric_type": "L2", "params": {}}, limit=20)[0]]
        assert [h.id for h in _drain(it)] == ranked
        coll.delete("pk in [0, 1, 2]")
        assert len(coll.query("pk < 5", output_fields=["pk"])) == 2
        coll.release()
        coll.drop_index()
        part.drop()
        coll.drop()
        assert not utility.has_collection("orm_c", using=alias)
    finally:
        connections.disconnect(alias)
    _clean(record)


def test_planted_violation_is_reported_with_its_request(strict_mock):
    """A raw request no SDK should send: search_iter_v2 without iterator (Milvus refuses it, 1100), and a
    deprecated field set on Search."""
    server, record = strict_mock
    client = pymilvus.MilvusClient(uri=f"http://{server.address}")
    client.create_collection("planted", dimension=DIM)
    client.insert("planted", [{"id": i, "vector": v} for i, v in enumerate(_vectors(10))])
    client.close()
    placeholder = common_pb2.PlaceholderGroup(placeholders=[common_pb2.PlaceholderValue(
        tag="$0", type=common_pb2.PlaceholderType.FloatVector,
        values=[b"".join(struct.pack("<f", x) for x in _vectors(1, seed=9)[0])])])
    req = milvus_pb2.SearchRequest(
        collection_name="planted", dsl_type=common_pb2.DslType.BoolExprV1, nq=1,
        placeholder_group=placeholder.SerializeToString(), search_by_primary_keys=False,
        search_params=[common_pb2.KeyValuePair(key=k, value=v) for k, v in
                       {"anns_field": "vector", "topk": "3", "metric_type": "COSINE", "params": "{}",
                        "search_iter_v2": "true", "search_iter_batch_size": "3"}.items()])
    with grpc.insecure_channel(server.address) as ch:
        reply = milvus_pb2_grpc.MilvusServiceStub(ch).Search(req)
        assert reply.status.code == 1100
        deprecated = milvus_pb2.ShowCollectionsRequest(collection_names=["planted"])
        assert milvus_pb2_grpc.MilvusServiceStub(ch).ShowCollections(deprecated).status.code == 0
    summary, md, js = write_report(record)
    assert not summary["clean"] and summary["violations"] == 1
    (violation,) = [f for f in summary["findings"] if f["severity"] == "violation"]
    assert violation["id"] == "Search/iterator/v2-without-iterator"
    assert violation["explanation"] and violation["rpcs"] == ["Search"]
    example = violation["examples"][0]
    assert example["request"]["collection_name"] == "planted"
    assert {"key": "search_iter_v2", "value": "true"} in example["request"]["search_params"]
    warnings = {f["id"]: f for f in summary["findings"] if f["severity"] == "warning"}
    assert "sdk/deprecated-field" in warnings
    assert "collection_names is deprecated" in warnings["sdk/deprecated-field"]["examples"][0]["detail"]
    text = md.read_text()
    assert "Search/iterator/v2-without-iterator" in text and "search_iter_v2" in text
    assert json.loads(js.read_text())["violations"] == 1
