"""Flush, GetFlushState and statistics: after a flush completes, GetCollectionStatistics and
GetPartitionStatistics count the rows inserted (per partition); not-found paths."""

from __future__ import annotations

import pytest

from conformance.expectations import Deviation, Expected
from conformance.expectations.oracle import request_of, standard_rows, standard_schema, statistic
from conformance.model import errors
from conformance.orm import Collection, wait_flushed

FLUSHED = Expected.success("milvus src proxy flushTask; verified on Milvus 2.3.5 (coll_segIDs, coll_flush_ts)")
STATS_OK = Expected.success("probe E60's success path; milvus src proxy getCollectionStatisticsTask")


def row_count(check, coll, reply_fn, want: int, rpc: str) -> None:
    reply = reply_fn()
    check(reply, STATS_OK)
    got = statistic(reply)
    if got != str(want):
        raise Deviation(rpc, "row_count counts the flushed rows", f"row_count={want}", f"row_count={got}",
                        request_of(coll, reply))


@pytest.mark.rpc("Flush", "GetFlushState", "GetCollectionStatistics", "GetPartitionStatistics")
def test_statistics_count_flushed_rows(ledger, check):
    name = ledger.name("c")
    coll = Collection(name, standard_schema(name), ledger=ledger)
    check(coll.create(), Expected.success("probe C01"))
    check(coll.partition("p1").create(), Expected.success("probe T01"))
    check(coll.insert(standard_rows(0, 7)), Expected.success("probe I03"))
    check(coll.partition("p1").insert(standard_rows(7, 5)), Expected.success("probe I03"))
    reply = coll.flush()
    check(reply, FLUSHED)
    if not wait_flushed(coll, reply):
        raise Deviation("GetFlushState", "a flush completes", "flushed=true within 60 s", "never flushed",
                        request_of(coll, reply))
    row_count(check, coll, coll.statistics, 12, "GetCollectionStatistics")
    row_count(check, coll, coll.partition("_default").statistics, 7, "GetPartitionStatistics")
    row_count(check, coll, coll.partition("p1").statistics, 5, "GetPartitionStatistics")


@pytest.mark.rpc("Flush", "GetCollectionStatistics")
def test_flush_and_statistics_of_missing_collection(ledger, check):
    missing = Collection(ledger.name("missing"), ledger=ledger)
    check(missing.flush(), Expected.error(errors.COLLECTION_NOT_FOUND, "probe E59"))
    check(missing.statistics(), Expected.error(errors.COLLECTION_NOT_FOUND, "probe E60"))


@pytest.mark.rpc("Flush")
def test_flush_empty_collection(ledger, check):
    name = ledger.name("c")
    coll = Collection(name, standard_schema(name), ledger=ledger)
    check(coll.create(), Expected.success("probe C01"))
    check(coll.flush(), FLUSHED)
