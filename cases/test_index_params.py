"""Index parameters per field type, and the index RPCs beyond create/describe/drop: valid and single-defect
CreateIndex requests from the model's tables (``conformance.model.indexes``: index types per data type, metrics
per vector kind, build-parameter ranges), each valid index described back with every parameter echoed and
named after its field; AlterIndex (a configurable property set and deleted, its argument checks, not found,
loaded collection); GetIndexStatistics (shape, row counts, not found); ListIndexedSegment and
DescribeSegmentIndexData (not served by Milvus: Status ServiceUnavailable)."""

from __future__ import annotations

import time

import pytest

from conformance.expectations import verify
from conformance.expectations.oracle import request_of, standard_rows, standard_schema
from conformance.model import indexes as im
from conformance.orm import Collection, wait_flushed, wait_loaded
from conformance.protocol import feder_pb2, milvus_pb2

CREATED = "CreateCollection/accepts-valid-schema"
INDEXED = "CreateIndex/creates"
IVF = {"index_type": "IVF_FLAT", "metric_type": "L2", "nlist": "16"}


def _marks(row: im.Row):
    marks = []
    if row.since:
        marks.append(pytest.mark.requires(since=row.since))
    if row.feature:
        marks.append(pytest.mark.requires(feature=row.feature))
    return marks


def _params(rows):
    return [pytest.param(r, id=r.id, marks=_marks(r)) for r in rows]


def row_collection(ledger, check, vector_type) -> Collection:
    name = ledger.name("c")
    coll = Collection(name, im.row_schema(name, vector_type), ledger=ledger)
    check(coll.create(), CREATED)
    return coll


def described_params(desc) -> dict[str, str]:
    return {kv.key: kv.value for kv in desc.params}


@pytest.mark.rpc("CreateIndex", "DescribeIndex")
@pytest.mark.parametrize("row", _params(im.VALID_ROWS))
def test_valid_index_params(ledger, check, row):
    """A valid index for the field's type is created without a name; DescribeIndex (by the field's name, the
    default index name) reports exactly that index, on that field, with every parameter sent — index type,
    metric and build parameters — echoed unchanged."""
    coll = row_collection(ledger, check, row.vector_type)
    check(coll.index(row.field, row.params).create(), row.check)
    reply = coll.index(row.field, index_name=row.field).describe()
    check(reply, "DescribeIndex/describes")
    descs = list(reply.index_descriptions)
    verify("CreateIndex/default-name", len(descs) == 1 and descs[0].index_name == row.field
           and descs[0].field_name == row.field, expected=f"one index named {row.field!r} on {row.field!r}",
           actual=str([(d.index_name, d.field_name) for d in descs]), request=request_of(coll, reply))
    got = described_params(descs[0]) if descs else {}
    wrong = {k: got.get(k) for k, v in row.params.items() if got.get(k) != v}
    verify("DescribeIndex/echoes-params", not wrong, expected=f"params include {row.params}",
           actual=f"params {got} (differing: {wrong})", request=request_of(coll, reply))


@pytest.mark.rpc("CreateIndex")
@pytest.mark.parametrize("row", _params(im.INVALID_ROWS))
def test_invalid_index_params(ledger, check, row):
    """One defect per request, on a collection without any index (so the defect is the only fault)."""
    coll = row_collection(ledger, check, row.vector_type)
    check(coll.index(row.field, row.params).create(), row.check)


# ---- AlterIndex -------------------------------------------------------------------------------------------

def ivf_collection(ledger, check, rows=()) -> Collection:
    """A standard collection (optionally holding ``rows``) with an IVF_FLAT index on vec, named "vec"."""
    name = ledger.name("c")
    coll = Collection(name, standard_schema(name), ledger=ledger)
    check(coll.create(), CREATED)
    if rows:
        check(coll.insert(rows), "Insert/accepts-valid-rows")
    check(coll.index("vec", IVF).create(), INDEXED)
    return coll


@pytest.mark.rpc("AlterIndex", "DescribeIndex")
@pytest.mark.requires(since="2.4.0")
def test_alter_index_sets_and_deletes_a_property(ledger, check):
    """mmap.enabled set on a released collection's index shows in DescribeIndex, and is gone after it is deleted;
    the build parameters stay."""
    coll = ivf_collection(ledger, check)
    index = coll.index("vec", index_name="vec")
    check(index.alter({im.MMAP_ENABLED: "true"}), "AlterIndex/alters")
    reply = index.describe()
    check(reply, "DescribeIndex/describes")
    got = described_params(reply.index_descriptions[0]) if reply.index_descriptions else {}
    verify("AlterIndex/describe-shows-property", got.get(im.MMAP_ENABLED) == "true"
           and all(got.get(k) == v for k, v in IVF.items()), expected=f"params {IVF} and mmap.enabled 'true'",
           actual=f"params {got}", request=request_of(coll, reply))
    check(index.alter(delete_keys=[im.MMAP_ENABLED]), "AlterIndex/alters")
    reply = index.describe()
    check(reply, "DescribeIndex/describes")
    got = described_params(reply.index_descriptions[0]) if reply.index_descriptions else {}
    verify("AlterIndex/describe-shows-property", im.MMAP_ENABLED not in got, expected="no mmap.enabled",
           actual=f"params {got}", request=request_of(coll, reply))


@pytest.mark.rpc("AlterIndex")
@pytest.mark.requires(since="2.4.0")
@pytest.mark.parametrize("index_name,properties,delete_keys,check_id", [
    ("vec", {im.MMAP_ENABLED: "true"}, [im.MMAP_ENABLED], "AlterIndex/params-and-delete-keys"),
    ("vec", {"nlist": "8"}, [], "AlterIndex/not-configurable"),
    ("", {im.MMAP_ENABLED: "true"}, [], "AlterIndex/empty-index-name"),
    ("no_such_index", {im.MMAP_ENABLED: "true"}, [], "AlterIndex/missing-index"),
], ids=["params-and-delete-keys", "not-configurable", "empty-index-name", "missing-index"])
def test_alter_index_refusals(ledger, check, index_name, properties, delete_keys, check_id):
    coll = ivf_collection(ledger, check)
    check(coll.index("vec", index_name=index_name).alter(properties, delete_keys), check_id)


@pytest.mark.rpc("AlterIndex")
@pytest.mark.requires(since="2.4.0")
def test_alter_index_of_a_missing_collection(ledger, check):
    missing = Collection(ledger.name("missing"), ledger=ledger)
    check(missing.index("vec", index_name="vec").alter({im.MMAP_ENABLED: "true"}), "AlterIndex/missing-collection")


@pytest.mark.rpc("AlterIndex", "LoadCollection")
@pytest.mark.requires(since="2.4.0")
def test_alter_index_of_a_loaded_collection(ledger, check):
    coll = ivf_collection(ledger, check, standard_rows(0, 3))
    check(coll.load(), "LoadCollection/loads")
    wait_loaded(coll)
    check(coll.index("vec", index_name="vec").alter({im.MMAP_ENABLED: "true"}), "AlterIndex/loaded-collection")


# ---- GetIndexStatistics -----------------------------------------------------------------------------------

@pytest.mark.rpc("GetIndexStatistics")
def test_index_statistics_describe_each_index(ledger, check, server):
    """Without a name: every index; by name: that one. Each with its name, field and the parameters sent."""
    coll = ivf_collection(ledger, check)
    scalar = {"index_type": "Trie" if server.older_than("2.4.0") else "INVERTED"}  # INVERTED came with 2.4
    check(coll.index("s", scalar).create(), INDEXED)
    for index_name, want in (("", {"vec": IVF, "s": scalar}), ("vec", {"vec": IVF})):
        reply = coll.index("", index_name=index_name).statistics()
        check(reply, "GetIndexStatistics/answers")
        got = {d.index_name: (d.field_name, described_params(d)) for d in reply.index_descriptions}
        ok = set(got) == set(want) and all(
            got[n][0] == n and all(got[n][1].get(k) == v for k, v in p.items()) for n, p in want.items())
        verify("GetIndexStatistics/reports-index", ok,
               expected=f"indexes {sorted(want)} on their fields with params {want}",
               actual=str(got), request=request_of(coll, reply))


STATS_WAIT_S = 120


@pytest.mark.rpc("GetIndexStatistics", "Flush")
def test_index_statistics_count_flushed_rows(ledger, check):
    """An index over 6 flushed rows: GetIndexStatistics reports total_rows 6 and, once built, indexed_rows 6
    (within a bounded wait)."""
    coll = ivf_collection(ledger, check, standard_rows(0, 6))
    reply = coll.flush()
    check(reply, "Flush/flushes")
    wait_flushed(coll, reply)
    deadline = time.monotonic() + STATS_WAIT_S
    while True:
        stats = coll.index("", index_name="vec").statistics()
        check(stats, "GetIndexStatistics/answers")
        rows = [(d.total_rows, d.indexed_rows) for d in stats.index_descriptions]
        if rows == [(6, 6)] or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    verify("GetIndexStatistics/reports-index", rows == [(6, 6)], expected="one index: total_rows 6, indexed_rows 6",
           actual=f"(total_rows, indexed_rows) {rows}", request=request_of(coll, stats))


@pytest.mark.rpc("GetIndexStatistics")
def test_index_statistics_not_found(ledger, check):
    coll = ivf_collection(ledger, check)
    check(coll.index("", index_name="no_such_index").statistics(), "GetIndexStatistics/missing-index")
    name = ledger.name("c")
    bare = Collection(name, standard_schema(name), ledger=ledger)
    check(bare.create(), CREATED)
    check(bare.index("").statistics(), "GetIndexStatistics/missing-index")
    missing = Collection(ledger.name("missing"), ledger=ledger)
    check(missing.index("", index_name="vec").statistics(), "GetIndexStatistics/missing-collection")


@pytest.mark.rpc("GetIndexStatistics")
def test_index_statistics_with_empty_collection_name(conn, check):
    reply = conn.call("GetIndexStatistics", milvus_pb2.GetIndexStatisticsRequest(collection_name=""))
    check(reply, "GetIndexStatistics/empty-collection-name")


# ---- ListIndexedSegment / DescribeSegmentIndexData --------------------------------------------------------

@pytest.fixture
def ivf_indexed(ledger, check) -> Collection:
    return ivf_collection(ledger, check)


@pytest.mark.rpc("ListIndexedSegment")
def test_list_indexed_segment_is_not_served(ivf_indexed, check):
    """Status ServiceUnavailable, for an indexed collection of this run as for any."""
    reply = ivf_indexed._call("ListIndexedSegment", feder_pb2.ListIndexedSegmentRequest(
        collection_name=ivf_indexed.name, index_name="vec"))
    check(reply, "ListIndexedSegment/unimplemented")


@pytest.mark.rpc("DescribeSegmentIndexData")
def test_describe_segment_index_data_is_not_served(ivf_indexed, check):
    reply = ivf_indexed._call("DescribeSegmentIndexData", feder_pb2.DescribeSegmentIndexDataRequest(
        collection_name=ivf_indexed.name, index_name="vec", segmentsIDs=[1]))
    check(reply, "DescribeSegmentIndexData/unimplemented")
