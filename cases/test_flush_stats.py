"""Flush, GetFlushState and statistics: after a flush completes, GetCollectionStatistics and
GetPartitionStatistics count the rows inserted (per partition); not-found paths."""

from __future__ import annotations

import pytest

from conformance.expectations import verify
from conformance.expectations.oracle import request_of, standard_rows, standard_schema, statistic
from conformance.orm import Collection, wait_flushed

INSERTED = "Insert/accepts-valid-rows"


def row_count(check, coll, reply_fn, want: int, rpc: str) -> None:
    reply = reply_fn()
    check(reply, f"{rpc}/answers")
    got = statistic(reply)
    verify(f"{rpc}/row-count", got == str(want), expected=f"row_count={want} (the flushed rows)",
           actual=f"row_count={got}", request=request_of(coll, reply))


@pytest.mark.rpc("Flush", "GetFlushState", "GetCollectionStatistics", "GetPartitionStatistics")
def test_statistics_count_flushed_rows(ledger, check):
    name = ledger.name("c")
    coll = Collection(name, standard_schema(name), ledger=ledger)
    check(coll.create(), "CreateCollection/accepts-valid-schema")
    check(coll.partition("p1").create(), "CreatePartition/creates")
    check(coll.insert(standard_rows(0, 7)), INSERTED)
    check(coll.partition("p1").insert(standard_rows(7, 5)), INSERTED)
    reply = coll.flush()
    check(reply, "Flush/flushes")
    wait_flushed(coll, reply)
    row_count(check, coll, coll.statistics, 12, "GetCollectionStatistics")
    row_count(check, coll, coll.partition("_default").statistics, 7, "GetPartitionStatistics")
    row_count(check, coll, coll.partition("p1").statistics, 5, "GetPartitionStatistics")


@pytest.mark.rpc("Flush", "GetCollectionStatistics")
def test_flush_and_statistics_of_missing_collection(ledger, check):
    missing = Collection(ledger.name("missing"), ledger=ledger)
    check(missing.flush(), "Flush/missing-collection")
    check(missing.statistics(), "GetCollectionStatistics/missing-collection")


@pytest.mark.rpc("Flush")
def test_flush_empty_collection(ledger, check):
    name = ledger.name("c")
    coll = Collection(name, standard_schema(name), ledger=ledger)
    check(coll.create(), "CreateCollection/accepts-valid-schema")
    check(coll.flush(), "Flush/flushes")
