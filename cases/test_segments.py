"""Segments and flushing: FlushAll + GetFlushAllState, GetPersistentSegmentInfo and GetQuerySegmentInfo (row
counts of the flushed / loaded segments sum to the rows written), GetFlushState for segment IDs nobody
created; the not-found and invalid-argument paths."""

from __future__ import annotations

import time

import pytest

from conformance.expectations import Deviation, Expected
from conformance.expectations.oracle import index_params, request_of, standard_rows, standard_schema
from conformance.model import errors
from conformance.orm import Collection, wait_flushed, wait_loaded
from conformance.protocol import common_pb2, milvus_pb2

SS = common_pb2.SegmentState
EVIDENCE = "verified on Milvus 2.3.5 (this run)"
MISSING = Expected.error(errors.COLLECTION_NOT_FOUND, f"{EVIDENCE}: CollectionNotExists/100 'collection not "
                         "found[database=default][collection=C]'")
ROWS_DEFAULT, ROWS_P1 = 7, 5


@pytest.fixture(scope="module")
def flushed(ledger, check):
    """A collection with 7 rows in _default and 5 in p1, flushed and indexed, not loaded."""
    name = ledger.name("c")
    coll = Collection(name, standard_schema(name), ledger=ledger)
    check(coll.create(), Expected.success("probe C01"))
    check(coll.partition("p1").create(), Expected.success("probe T01"))
    check(coll.insert(standard_rows(0, ROWS_DEFAULT)), Expected.success("probe I03"))
    check(coll.partition("p1").insert(standard_rows(100, ROWS_P1)), Expected.success("probe I03"))
    reply = coll.flush()
    check(reply, Expected.success("milvus src proxy flushTask"))
    if not wait_flushed(coll, reply):
        raise Deviation("GetFlushState", "a flush completes", "flushed=true within 60 s", "never flushed",
                        request_of(coll, reply))
    vf = coll.schema.fields[-1]
    check(coll.index(vf.name, index_params(vf)).create(), Expected.success("probe X03"))
    return coll


def row_total(rpc: str, coll, reply, want: int, states: set[int], what: str) -> None:
    infos = list(reply.infos)
    total = sum(i.num_rows for i in infos)
    if total != want:
        raise Deviation(rpc, f"num_rows of the {what} segments sum to the rows written", f"{want} rows",
                        f"{total} rows in {len(infos)} segments", request_of(coll, reply))
    bad = [i for i in infos if i.state not in states]
    if bad:
        raise Deviation(rpc, f"{what} segments report state {' or '.join(SS.Name(s) for s in states)}",
                        " or ".join(SS.Name(s) for s in states),
                        f"segment {bad[0].segmentID} in state {bad[0].state}", request_of(coll, reply))


# ---- GetPersistentSegmentInfo -----------------------------------------------------------------------------

@pytest.mark.rpc("GetPersistentSegmentInfo", "Flush")
def test_persistent_segments_count_flushed_rows(flushed, check):
    """After a completed flush every segment is Flushed and the rows add up (verified on Milvus 2.3.5, this
    run: two Flushed segments of 7 and 5 rows)."""
    reply = flushed.persistent_segments()
    check(reply, Expected.success(EVIDENCE))
    row_total("GetPersistentSegmentInfo", flushed, reply, ROWS_DEFAULT + ROWS_P1, {SS.Flushed}, "persistent")


@pytest.mark.rpc("GetPersistentSegmentInfo")
def test_persistent_segments_of_missing_collection(ledger, check):
    check(Collection(ledger.name("missing"), ledger=ledger).persistent_segments(), MISSING)


@pytest.mark.rpc("GetPersistentSegmentInfo", "GetQuerySegmentInfo")
@pytest.mark.parametrize("rpc", ["GetPersistentSegmentInfo", "GetQuerySegmentInfo"])
def test_segment_info_with_empty_collection_name(conn, check, rpc):
    """An empty name is looked up like any other and not found. verified on Milvus 2.3.5 (this run):
    CollectionNotExists/100 'collection not found[collection=0]'."""
    request = getattr(milvus_pb2, f"{rpc}Request")(collectionName="")
    check(conn.call(rpc, request), Expected.error(errors.COLLECTION_NOT_FOUND, f"{EVIDENCE}: 100 'collection not "
                                                  "found[collection=0]'", also=(errors.PARAMETER_INVALID,)))


# ---- GetQuerySegmentInfo ----------------------------------------------------------------------------------

@pytest.mark.rpc("GetQuerySegmentInfo", "LoadPartitions", "LoadCollection", "ReleaseCollection")
def test_query_segments_follow_what_is_loaded(flushed, check):
    """Not loaded: Success and no segments; p1 loaded: p1's rows; all loaded: every row, state Sealed.
    verified on Milvus 2.3.5 (this run): [] / [5 rows Sealed] / [5, 7 rows Sealed]."""
    coll = flushed
    reply = coll.query_segments()
    check(reply, Expected.success(f"{EVIDENCE}: Success with no infos before a load"))
    row_total("GetQuerySegmentInfo", coll, reply, 0, {SS.Sealed}, "loaded")
    check(coll.partition("p1").load(), Expected.success("milvus src proxy loadPartitionsTask"))
    wait_loaded(coll, partition_names=["p1"])
    reply = coll.query_segments()
    check(reply, Expected.success(EVIDENCE))
    row_total("GetQuerySegmentInfo", coll, reply, ROWS_P1, {SS.Sealed}, "loaded")
    check(coll.load(), Expected.success("probe X04"))
    # the collection already reports Loaded (p1 is); wait for _default itself
    wait_loaded(coll, partition_names=["_default", "p1"])
    deadline = time.monotonic() + 10  # the segment distribution may trail the load state briefly
    while True:
        reply = coll.query_segments()
        check(reply, Expected.success(EVIDENCE))
        if sum(i.num_rows for i in reply.infos) >= ROWS_DEFAULT + ROWS_P1 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    row_total("GetQuerySegmentInfo", coll, reply, ROWS_DEFAULT + ROWS_P1, {SS.Sealed}, "loaded")
    check(coll.release(), Expected.success("probe E56"))


@pytest.mark.rpc("GetQuerySegmentInfo")
def test_query_segments_of_missing_collection(ledger, check):
    check(Collection(ledger.name("missing"), ledger=ledger).query_segments(), MISSING)


# ---- GetFlushState ----------------------------------------------------------------------------------------

@pytest.mark.rpc("GetFlushState")
@pytest.mark.parametrize("named", [False, True])
def test_flush_state_of_unknown_segments(flushed, conn, check, named):
    """Segment IDs nobody created count as flushed: Success, flushed=true (verified on Milvus 2.3.5, this
    run, with and without a collection name)."""
    request = milvus_pb2.GetFlushStateRequest(segmentIDs=[123456789, 987],
                                              collection_name=flushed.name if named else "")
    reply = conn.call("GetFlushState", request)
    check(reply, Expected.success(EVIDENCE))
    if not reply.flushed:
        raise Deviation("GetFlushState", "unknown segment IDs are reported flushed", "flushed=true",
                        "flushed=false", request)


@pytest.mark.rpc("GetFlushState")
def test_flush_state_of_missing_collection(ledger, check):
    check(Collection(ledger.name("missing"), ledger=ledger).flush_state([1]), MISSING)


# ---- FlushAll / GetFlushAllState --------------------------------------------------------------------------

# FlushAll flushes every collection of the server; on a busy 2.3.5 a minute was sometimes not enough.
FLUSH_ALL_WAIT_S = 180


def flush_all_state(conn, ts: int, db_name: str = ""):
    return conn.call("GetFlushAllState", milvus_pb2.GetFlushAllStateRequest(flush_all_ts=ts, db_name=db_name))


@pytest.mark.rpc("FlushAll", "GetFlushAllState", "GetPersistentSegmentInfo")
@pytest.mark.global_effect
def test_flush_all_then_flushed(ledger, conn, check):
    """FlushAll answers a flush_all_ts; GetFlushAllState(ts) turns flushed=true (2.3.5 answered false at first,
    true within 0.5 s: verified this run), after which the rows inserted before are in sealed segments — no
    longer Growing (verified on Milvus 2.3.5, this run: state Sealed right after flushed=true; Flushed later)."""
    name = ledger.name("c")
    coll = Collection(name, standard_schema(name), ledger=ledger)
    check(coll.create(), Expected.success("probe C01"))
    check(coll.insert(standard_rows(0, 6)), Expected.success("probe I03"))
    reply = Collection.flush_all()
    check(reply, Expected.success(f"{EVIDENCE}: Success + flush_all_ts"))
    if not reply.flush_all_ts:
        raise Deviation("FlushAll", "FlushAll answers the timestamp to wait for", "flush_all_ts > 0", "0",
                        request_of(coll, reply))
    deadline = time.monotonic() + FLUSH_ALL_WAIT_S
    while True:
        state = flush_all_state(conn, reply.flush_all_ts)
        check(state, Expected.success(EVIDENCE))
        if state.flushed:
            break
        if time.monotonic() > deadline:
            raise Deviation("GetFlushAllState", "a FlushAll completes", f"flushed=true within {FLUSH_ALL_WAIT_S} s",
                            "flushed=false", request_of(coll, state))
        time.sleep(0.1)
    segs = coll.persistent_segments()
    check(segs, Expected.success(EVIDENCE))
    row_total("GetPersistentSegmentInfo", coll, segs, 6, {SS.Sealed, SS.Flushing, SS.Flushed}, "flushed-all")


@pytest.mark.rpc("GetFlushAllState")
def test_flush_all_state_of_timestamp_zero(conn, check):
    """Nothing is older than timestamp 0: flushed=true (verified on Milvus 2.3.5, this run)."""
    reply = flush_all_state(conn, 0)
    check(reply, Expected.success(EVIDENCE))
    if not reply.flushed:
        raise Deviation("GetFlushAllState", "flush_all_ts 0 is already flushed", "flushed=true", "flushed=false",
                        milvus_pb2.GetFlushAllStateRequest(flush_all_ts=0))


@pytest.mark.rpc("FlushAll", "GetFlushAllState")
@pytest.mark.global_effect  # a server that ignores the (deprecated) db_name would flush everything
def test_flush_all_in_missing_database(ledger, conn, check):
    missing_db = Expected.error(errors.DATABASE_NOT_FOUND, f"{EVIDENCE}: UnexpectedError/800 'database not "
                                "found[database=X]'")
    db = ledger.name("nodb")
    check(Collection.flush_all(db_name=db), missing_db)
    check(flush_all_state(conn, 1, db), missing_db)
