"""Reads see the run's writes without Strong consistency's wait (orm.WriteClock), and replays keep it so.

A Search / Query that names no consistency level goes out at Session consistency with guarantee_timestamp =
the last write's MutationResult.timestamp on that collection (what pymilvus's session consistency sends), or
Strong when no write is known; a level the case names is sent untouched."""

from __future__ import annotations

import pytest

from conformance.mock import serve
from conformance.orm import SESSION, STRONG, Alias, Collection, Ledger, write_clock
from conformance.protocol import common_pb2, milvus_pb2, schema_pb2
from conformance.transport import connections, parse_target
from conformance.transport.recorder import CallRecord, Recorder
from conformance.transport.replay import Replayer

DT = schema_pb2.DataType
KV = common_pb2.KeyValuePair
ALIAS = "ryw"


@pytest.fixture(scope="module")
def coll():
    with serve() as server:
        conn = connections.connect(ALIAS, parse_target(server.address))
        ledger = Ledger()
        conn.ownership = ledger.ownership
        name = ledger.name("c")
        schema = schema_pb2.CollectionSchema(name=name, fields=[
            schema_pb2.FieldSchema(name="id", data_type=DT.Int64, is_primary_key=True),
            schema_pb2.FieldSchema(name="vec", data_type=DT.FloatVector, type_params=[KV(key="dim", value="2")])])
        c = Collection(name, schema, using=ALIAS, ledger=ledger)
        assert c.create().code == 0
        assert c.index("vec", {"index_type": "FLAT", "metric_type": "L2", "params": "{}"}).create().code == 0
        assert c.load().code == 0
        yield c
        connections.disconnect(ALIAS)


def last_request(c, rpc):
    return next(r.request for r in reversed(c.conn.recorder.since(0)) if r.method == rpc)


def test_reads_before_any_write_are_strong(coll):
    req = coll.search_request([[0.0, 0.0]], limit=1)
    assert (req.consistency_level, req.guarantee_timestamp) == (STRONG, 0)


def test_reads_after_a_write_carry_its_timestamp_and_see_the_row(coll):
    reply = coll.insert([{"id": 1, "vec": [0.0, 0.0]}])
    assert reply.status.code == 0 and reply.timestamp > 0
    got = coll.query("id == 1", ["id"])
    sent = last_request(coll, "Query")
    assert (sent.consistency_level, sent.guarantee_timestamp) == (SESSION, reply.timestamp)
    assert list(got.fields_data[0].scalars.long_data.data) == [1]
    hits = coll.search([[0.0, 0.0]], limit=1)
    sent = last_request(coll, "Search")
    assert (sent.consistency_level, sent.guarantee_timestamp) == (SESSION, reply.timestamp)
    assert list(hits.results.ids.int_id.data) == [1]
    # Another Collection object for the same name knows the same clock (it belongs to the connection).
    again = Collection(coll.name, coll.schema, using=ALIAS, ledger=coll.ledger)
    assert again.read_consistency() == (SESSION, reply.timestamp)


def test_a_raw_write_around_the_orm_is_seen(coll):
    before = coll.read_consistency()[1]
    raw = coll.conn.call("Delete", milvus_pb2.DeleteRequest(collection_name=coll.name, expr="id in [99]"))
    assert raw.timestamp > before
    assert coll.read_consistency() == (SESSION, raw.timestamp)


def test_a_named_level_is_sent_as_is(coll):
    coll.insert([{"id": 2, "vec": [1.0, 1.0]}])
    for level in (STRONG, common_pb2.ConsistencyLevel.Eventually):
        req = coll.search_request([[0.0, 0.0]], limit=1, consistency_level=level)
        assert (req.consistency_level, req.guarantee_timestamp) == (level, 0)


def test_a_write_through_an_alias_joins_every_read(coll):
    alias = coll.ledger.name("a")
    assert Alias(alias, coll.name, using=ALIAS, ledger=coll.ledger).create().code == 0
    via = Collection(alias, coll.schema, using=ALIAS, ledger=coll.ledger)
    reply = via.insert([{"id": 3, "vec": [2.0, 2.0]}])
    assert reply.status.code == 0
    # Read by the collection's own name: the alias write's timestamp is included.
    assert coll.read_consistency() == (SESSION, reply.timestamp)
    assert coll.query("id == 3", ["id"]).fields_data[0].scalars.long_data.data[:] == [3]


def test_calls_the_recorder_dropped_unread_forget_every_timestamp():
    class Conn:
        target = None
        recorder = Recorder(keep=2)

    conn = Conn()
    write = milvus_pb2.MutationResult(status=common_pb2.Status(), timestamp=100)
    req = milvus_pb2.InsertRequest(collection_name="c")
    conn.recorder.add(CallRecord(0, "Insert", req, write, "OK", "", 0.0, "x"))
    assert write_clock(conn).guarantee("", "c") == 100
    for _ in range(3):  # more calls than the recorder keeps, none read
        conn.recorder.add(CallRecord(0, "HasCollection", None, None, "OK", "", 0.0, "x"))
    assert write_clock(conn).guarantee("", "c") == 0  # unknown: Strong


def test_a_replay_reads_at_its_own_writes(monkeypatch):
    sent = []
    replay = Replayer("127.0.0.1:1", token="mc00000000")

    def fake_send(rpc, request):
        sent.append((rpc, request))
        if rpc == "Insert":
            return milvus_pb2.MutationResult(status=common_pb2.Status(), timestamp=777)
        return milvus_pb2.QueryResults(status=common_pb2.Status())

    monkeypatch.setattr(replay, "_send", fake_send)
    replay("Query", 'collection_name: "mc00000000_c1" consistency_level: Session guarantee_timestamp: 5')
    assert (sent[-1][1].consistency_level, sent[-1][1].guarantee_timestamp) == (STRONG, 0)  # no write yet
    replay("Insert", 'collection_name: "mc00000000_c1"')
    replay("Query", 'collection_name: "mc00000000_c1" consistency_level: Session guarantee_timestamp: 5')
    assert (sent[-1][1].consistency_level, sent[-1][1].guarantee_timestamp) == (SESSION, 777)
    replay("Query", 'collection_name: "mc00000000_c1" consistency_level: Eventually guarantee_timestamp: 1')
    assert sent[-1][1].guarantee_timestamp == 1  # Eventually's marker is left alone
    monkeypatch.setattr(replay, "_send", lambda rpc, request: sent.append((rpc, request)) or (
        milvus_pb2.MutationResult(status=common_pb2.Status()) if rpc == "Delete" else milvus_pb2.QueryResults()))
    replay("Delete", 'collection_name: "mc00000000_c1" expr: "id in [1]"')  # answered without a timestamp
    replay("Query", 'collection_name: "mc00000000_c1" consistency_level: Session guarantee_timestamp: 5')
    assert (sent[-1][1].consistency_level, sent[-1][1].guarantee_timestamp) == (STRONG, 0)


def test_a_write_answered_without_a_timestamp_makes_reads_strong_until_a_later_write():
    """Milvus 2.3.5's Delete answers timestamp 0 (verified against 2.3.5): a Session read at the Insert's
    timestamp would still see the deleted rows."""
    class Conn:
        target = None
        recorder = Recorder()

    conn = Conn()

    def write(rpc, ts, name="c"):
        req = getattr(milvus_pb2, f"{rpc}Request")(collection_name=name)
        conn.recorder.add(CallRecord(0, rpc, req, milvus_pb2.MutationResult(status=common_pb2.Status(), timestamp=ts),
                                     "OK", "", 0.0, "x"))

    write("Insert", 100)
    write("Insert", 50, name="other")
    assert write_clock(conn).guarantee("", "c") == 100
    write("Delete", 0)
    assert write_clock(conn).guarantee("", "c") == 0  # Strong
    assert write_clock(conn).guarantee("default", "other") == 50  # "" is the home database
    write("Upsert", 200)
    assert write_clock(conn).guarantee("", "c") == 200
