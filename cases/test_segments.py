"""Segments and flushing: FlushAll + GetFlushAllState, GetPersistentSegmentInfo and GetQuerySegmentInfo (row
counts of the flushed / loaded segments sum to the rows written), GetFlushState for segment IDs nobody
created; the not-found and invalid-argument paths."""

from __future__ import annotations

import time

import pytest

from conformance.expectations import verify
from conformance.expectations.oracle import index_params, request_of, standard_rows, standard_schema
from conformance.orm import Collection, wait_flushed, wait_loaded
from conformance.protocol import common_pb2, milvus_pb2

SS = common_pb2.SegmentState
INSERTED = "Insert/accepts-valid-rows"
ROWS_DEFAULT, ROWS_P1 = 7, 5


@pytest.fixture(scope="module")
def flushed(ledger, check):
    """A collection with 7 rows in _default and 5 in p1, flushed and indexed, not loaded."""
    name = ledger.name("c")
    coll = Collection(name, standard_schema(name), ledger=ledger)
    check(coll.create(), "CreateCollection/accepts-valid-schema")
    check(coll.partition("p1").create(), "CreatePartition/creates")
    check(coll.insert(standard_rows(0, ROWS_DEFAULT)), INSERTED)
    check(coll.partition("p1").insert(standard_rows(100, ROWS_P1)), INSERTED)
    reply = coll.flush()
    check(reply, "Flush/flushes")
    wait_flushed(coll, reply)
    vf = coll.schema.fields[-1]
    check(coll.index(vf.name, index_params(vf)).create(), "CreateIndex/creates")
    return coll


def row_total(check_id: str, coll, reply, want: int, states: set[int], what: str) -> None:
    """The segments' num_rows sum to ``want`` and every segment is in one of ``states``."""
    infos = list(reply.infos)
    total = sum(i.num_rows for i in infos)
    bad = [i for i in infos if i.state not in states]
    names = " or ".join(SS.Name(s) for s in states)
    verify(check_id, total == want and not bad,
           expected=f"the {what} segments hold {want} rows, each {names}",
           actual=f"{total} rows in {len(infos)} segments"
                  + (f"; segment {bad[0].segmentID} in state {SS.Name(bad[0].state)}" if bad else ""),
           request=request_of(coll, reply))


# ---- GetPersistentSegmentInfo -----------------------------------------------------------------------------

@pytest.mark.rpc("GetPersistentSegmentInfo", "Flush")
def test_persistent_segments_count_flushed_rows(flushed, check):
    """After a completed flush every segment is Flushed and the rows add up (Milvus 2.3.5: two Flushed segments
    of 7 and 5 rows)."""
    reply = flushed.persistent_segments()
    check(reply, "GetPersistentSegmentInfo/answers")
    row_total("GetPersistentSegmentInfo/counts-rows", flushed, reply, ROWS_DEFAULT + ROWS_P1, {SS.Flushed},
              "persistent")


@pytest.mark.rpc("GetPersistentSegmentInfo")
def test_persistent_segments_of_missing_collection(ledger, check):
    check(Collection(ledger.name("missing"), ledger=ledger).persistent_segments(),
          "GetPersistentSegmentInfo/missing-collection")


@pytest.mark.rpc("GetPersistentSegmentInfo", "GetQuerySegmentInfo")
@pytest.mark.parametrize("rpc", ["GetPersistentSegmentInfo", "GetQuerySegmentInfo"])
def test_segment_info_with_empty_collection_name(conn, check, rpc):
    """An empty name is looked up like any other and not found (Milvus 2.3.5: 100 'collection not
    found[collection=0]')."""
    request = getattr(milvus_pb2, f"{rpc}Request")(collectionName="")
    check(conn.call(rpc, request), f"{rpc}/empty-name")


# ---- GetQuerySegmentInfo ----------------------------------------------------------------------------------

@pytest.mark.rpc("GetQuerySegmentInfo", "LoadPartitions", "LoadCollection", "ReleaseCollection")
def test_query_segments_follow_what_is_loaded(flushed, check):
    """Not loaded: Success and no segments; p1 loaded: p1's rows; all loaded: every row, state Sealed (Milvus
    2.3.5: [] / [5 rows Sealed] / [5, 7 rows Sealed])."""
    coll = flushed
    reply = coll.query_segments()
    check(reply, "GetQuerySegmentInfo/answers")
    row_total("GetQuerySegmentInfo/follows-load", coll, reply, 0, {SS.Sealed}, "loaded")
    check(coll.partition("p1").load(), "LoadPartitions/loads")
    wait_loaded(coll, partition_names=["p1"])
    reply = coll.query_segments()
    check(reply, "GetQuerySegmentInfo/answers")
    row_total("GetQuerySegmentInfo/follows-load", coll, reply, ROWS_P1, {SS.Sealed}, "loaded")
    check(coll.load(), "LoadCollection/loads")
    # the collection already reports Loaded (p1 is); wait for _default itself
    wait_loaded(coll, partition_names=["_default", "p1"], check_id="LoadCollection/completes")
    deadline = time.monotonic() + 10  # the segment distribution may trail the load state briefly
    while True:
        reply = coll.query_segments()
        check(reply, "GetQuerySegmentInfo/answers")
        if sum(i.num_rows for i in reply.infos) >= ROWS_DEFAULT + ROWS_P1 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    row_total("GetQuerySegmentInfo/follows-load", coll, reply, ROWS_DEFAULT + ROWS_P1, {SS.Sealed}, "loaded")
    check(coll.release(), "ReleaseCollection/releases")


@pytest.mark.rpc("GetQuerySegmentInfo")
def test_query_segments_of_missing_collection(ledger, check):
    check(Collection(ledger.name("missing"), ledger=ledger).query_segments(), "GetQuerySegmentInfo/missing-collection")


# ---- GetFlushState ----------------------------------------------------------------------------------------

@pytest.mark.rpc("GetFlushState")
@pytest.mark.parametrize("named", [False, True])
def test_flush_state_of_unknown_segments(flushed, conn, check, named):
    """Segment IDs nobody created count as flushed: Success, flushed=true (with and without a collection
    name)."""
    request = milvus_pb2.GetFlushStateRequest(segmentIDs=[123456789, 987],
                                              collection_name=flushed.name if named else "")
    reply = conn.call("GetFlushState", request)
    check(reply, "GetFlushState/answers")
    verify("GetFlushState/unknown-segments-flushed", reply.flushed, expected="flushed=true", actual="flushed=false",
           request=request)


@pytest.mark.rpc("GetFlushState")
def test_flush_state_of_missing_collection(ledger, check):
    check(Collection(ledger.name("missing"), ledger=ledger).flush_state([1]), "GetFlushState/missing-collection")


@pytest.mark.rpc("GetFlushState")
def test_flush_state_of_an_invalid_collection_name(ledger, check):
    """A named collection's name is validated first (an empty name means none)."""
    check(Collection("1" + ledger.name("bad"), ledger=ledger).flush_state([1]), "GetFlushState/invalid-name")


# ---- FlushAll / GetFlushAllState --------------------------------------------------------------------------

# FlushAll flushes every collection of the server; on a busy 2.3.5 a minute was sometimes not enough.
FLUSH_ALL_WAIT_S = 180
# GetFlushAllState(0) is false while some channel of the server has no checkpoint yet (a new collection's).
TS_ZERO_WAIT_S = 60


def flush_all_state(conn, ts: int, db_name: str = ""):
    return conn.call("GetFlushAllState", milvus_pb2.GetFlushAllStateRequest(flush_all_ts=ts, db_name=db_name))


def poll_flush_all_state(conn, check, ts: int, wait_s: float):
    """GetFlushAllState(ts) until flushed=true or ``wait_s``; each answer must be Success. Returns the last."""
    deadline = time.monotonic() + wait_s
    while True:
        state = flush_all_state(conn, ts)
        check(state, "GetFlushAllState/answers")
        if state.flushed or time.monotonic() > deadline:
            return state
        time.sleep(0.1)


@pytest.mark.rpc("FlushAll", "GetFlushAllState", "GetPersistentSegmentInfo")
@pytest.mark.global_effect
@pytest.mark.whole_server  # GetFlushAllState waits on every channel of the server, other workers' included
def test_flush_all_then_flushed(ledger, conn, check):
    """FlushAll answers a flush_all_ts; GetFlushAllState(ts) turns flushed=true (2.3.5 answered false at first,
    true within 0.5 s), after which the rows inserted before are in sealed segments — no longer Growing (2.3.5:
    Sealed right after flushed=true; Flushed later)."""
    name = ledger.name("c")
    coll = Collection(name, standard_schema(name), ledger=ledger)
    check(coll.create(), "CreateCollection/accepts-valid-schema")
    check(coll.insert(standard_rows(0, 6)), INSERTED)
    reply = Collection.flush_all()
    check(reply, "FlushAll/flushes")
    verify("FlushAll/answers-timestamp", reply.flush_all_ts > 0, expected="flush_all_ts > 0",
           actual=str(reply.flush_all_ts), request=request_of(coll, reply))
    state = poll_flush_all_state(conn, check, reply.flush_all_ts, FLUSH_ALL_WAIT_S)
    verify("GetFlushAllState/completes", state.flushed, expected=f"flushed=true within {FLUSH_ALL_WAIT_S} s",
           actual="flushed=false", request=request_of(coll, state))
    segs = coll.persistent_segments()
    check(segs, "GetPersistentSegmentInfo/answers")
    row_total("GetFlushAllState/completes", coll, segs, 6, {SS.Sealed, SS.Flushing, SS.Flushed}, "flushed-all")


@pytest.mark.rpc("GetFlushAllState")
@pytest.mark.whole_server  # flushed=false while ANY collection of the server has a channel without a checkpoint
def test_flush_all_state_of_timestamp_zero(conn, check):
    """Nothing is older than timestamp 0: flushed=true once every channel of the server has a checkpoint. Run
    while no other case of the run works, and polled for a bounded time (a collection created just before may
    not have one yet)."""
    state = poll_flush_all_state(conn, check, 0, TS_ZERO_WAIT_S)
    verify("GetFlushAllState/ts-zero", state.flushed, expected=f"flushed=true within {TS_ZERO_WAIT_S} s",
           actual="flushed=false", request=milvus_pb2.GetFlushAllStateRequest(flush_all_ts=0))


@pytest.mark.rpc("FlushAll", "GetFlushAllState")
@pytest.mark.global_effect  # master ignores the (deprecated) db_name and flushes the whole cluster
def test_flush_all_in_missing_database(ledger, conn, check):
    """FlushAll ignores db_name (master flushes the cluster: Success; releases before v2.6.8 answered 800);
    GetFlushAllState still checks the database (800)."""
    db = ledger.name("nodb")
    check(Collection.flush_all(db_name=db), "FlushAll/ignores-database")
    check(flush_all_state(conn, 1, db), "GetFlushAllState/missing-database")
