"""Snapshots and their jobs (new in 3.0): CreateSnapshot, DropSnapshot, ListSnapshots, DescribeSnapshot,
RestoreSnapshot, RestoreExternalSnapshot, ExportSnapshot, GetExportSnapshotState, GetRestoreSnapshotState,
ListRestoreSnapshotJobs, PinSnapshotData, UnpinSnapshotData.

Every snapshot, pin and restored collection is the run's (``ledger.name``); pins are released and snapshots
dropped by the cases, and teardown removes whatever is left. Servers older than the first release with the RPCs
report these cases not applicable; a server that lacks them answers UNIMPLEMENTED ("not implemented")."""

from __future__ import annotations

import pytest

from conformance.expectations import verify, verify_refused
from conformance.model.rules.platform import EXPORT_STATE_SINCE, SNAPSHOTS_SINCE
from conformance.orm import Collection
from conformance.protocol import milvus_pb2

from .builders import plain_collection

pytestmark = pytest.mark.requires(since=SNAPSHOTS_SINCE)

UNKNOWN_JOB = 987_654_321_987  # a job id no server issued to this run


def listed(conn, check, coll: str) -> list[str]:
    reply = conn.call("ListSnapshots", milvus_pb2.ListSnapshotsRequest(collection_name=coll))
    check(reply, "ListSnapshots/existing")
    return list(reply.snapshots)


@pytest.mark.rpc("CreateSnapshot", "ListSnapshots", "DescribeSnapshot", "DropSnapshot")
def test_snapshot_lifecycle(ledger, check, conn):
    """create → listed → described → duplicate refused → dropped → gone; dropping again is idempotent."""
    c = plain_collection(ledger, check)
    snap = ledger.name("s")
    create = milvus_pb2.CreateSnapshotRequest(name=snap, description="conformance", collection_name=c.name)
    check(conn.call("CreateSnapshot", create), "CreateSnapshot/creates")
    names = listed(conn, check, c.name)
    verify("ListSnapshots/lists-snapshots", names == [snap], expected=f"[{snap!r}]", actual=str(names),
           request=milvus_pb2.ListSnapshotsRequest(collection_name=c.name))
    describe = milvus_pb2.DescribeSnapshotRequest(name=snap, collection_name=c.name)
    reply = conn.call("DescribeSnapshot", describe)
    check(reply, "DescribeSnapshot/existing")
    verify("DescribeSnapshot/echoes", reply.name == snap and reply.description == "conformance"
           and reply.collection_name == c.name and reply.create_ts > 0,
           expected=f"name {snap!r}, description 'conformance', collection {c.name!r}, create_ts > 0",
           actual=f"name {reply.name!r}, description {reply.description!r}, collection {reply.collection_name!r}, "
                  f"create_ts {reply.create_ts}", request=describe)
    check(conn.call("CreateSnapshot", create), "CreateSnapshot/duplicate-name")
    drop = milvus_pb2.DropSnapshotRequest(name=snap, collection_name=c.name)
    check(conn.call("DropSnapshot", drop), "DropSnapshot/drops")
    names = listed(conn, check, c.name)
    verify("ListSnapshots/lists-snapshots", names == [], expected="[] after the drop", actual=str(names),
           request=milvus_pb2.ListSnapshotsRequest(collection_name=c.name))
    verify_refused("DescribeSnapshot/missing-snapshot-refused", conn.call("DescribeSnapshot", describe), describe)
    check(conn.call("DropSnapshot", drop), "DropSnapshot/missing-snapshot")


@pytest.mark.rpc("CreateSnapshot")
def test_create_snapshot_invalid_arguments(ledger, check, conn):
    c = plain_collection(ledger, check)
    cases = [
        (milvus_pb2.CreateSnapshotRequest(name="", collection_name=c.name), "CreateSnapshot/empty-name"),
        (milvus_pb2.CreateSnapshotRequest(name=f"1{ledger.name('s')}", collection_name=c.name),
         "CreateSnapshot/invalid-name"),
        (milvus_pb2.CreateSnapshotRequest(name=ledger.name("s"), collection_name=c.name,
                                          compaction_protection_seconds=-1), "CreateSnapshot/negative-protection"),
        (milvus_pb2.CreateSnapshotRequest(name=ledger.name("s"), collection_name=ledger.name("missing")),
         "CreateSnapshot/missing-collection"),
    ]
    for request, check_id in cases:
        check(conn.call("CreateSnapshot", request), check_id)


@pytest.mark.rpc("DropSnapshot", "ListSnapshots", "DescribeSnapshot")
def test_snapshot_calls_without_collection(ledger, check, conn):
    """Missing collection names (1101) and missing collections (100), per RPC. (DropSnapshot, PinSnapshotData and
    ExportSnapshot without a collection name are never sent: the ownership guard refuses an empty name on a
    request that changes what it names.)"""
    snap, missing = ledger.name("s"), ledger.name("missing")
    check(conn.call("DropSnapshot", milvus_pb2.DropSnapshotRequest(name=snap, collection_name=missing)),
          "DropSnapshot/missing-collection")
    check(conn.call("ListSnapshots", milvus_pb2.ListSnapshotsRequest()), "ListSnapshots/missing-collection-name")
    check(conn.call("ListSnapshots", milvus_pb2.ListSnapshotsRequest(collection_name=missing)),
          "ListSnapshots/missing-collection")
    check(conn.call("DescribeSnapshot", milvus_pb2.DescribeSnapshotRequest(name=snap)),
          "DescribeSnapshot/missing-collection-name")
    check(conn.call("DescribeSnapshot", milvus_pb2.DescribeSnapshotRequest(name="", collection_name=missing)),
          "DescribeSnapshot/empty-name")
    check(conn.call("DescribeSnapshot", milvus_pb2.DescribeSnapshotRequest(name=snap, collection_name=missing)),
          "DescribeSnapshot/missing-collection")


@pytest.mark.rpc("CreateSnapshot", "RestoreSnapshot", "GetRestoreSnapshotState", "ListRestoreSnapshotJobs",
                 "DropSnapshot", "HasCollection")
def test_restore_snapshot(ledger, check, conn):
    """Restore into a new collection of the run; its job is known and listed for the target collection."""
    c = plain_collection(ledger, check)
    snap = ledger.name("s")
    check(conn.call("CreateSnapshot", milvus_pb2.CreateSnapshotRequest(name=snap, collection_name=c.name)),
          "CreateSnapshot/creates")
    jobs = milvus_pb2.ListRestoreSnapshotJobsRequest(collection_name=c.name)
    reply = conn.call("ListRestoreSnapshotJobs", jobs)
    check(reply, "ListRestoreSnapshotJobs/existing")
    verify("ListRestoreSnapshotJobs/none-for-new-collection", len(reply.jobs) == 0, expected="no restore job",
           actual=str([j.job_id for j in reply.jobs]), request=jobs)
    target = ledger.name("c")
    bad = [
        (milvus_pb2.RestoreSnapshotRequest(name=snap, target_collection_name=target),
         "RestoreSnapshot/missing-collection-name"),
        (milvus_pb2.RestoreSnapshotRequest(name=snap, collection_name=c.name), "RestoreSnapshot/missing-target-name"),
        (milvus_pb2.RestoreSnapshotRequest(name=snap, collection_name=c.name,
                                           target_collection_name=ledger.adopt(f"9{ledger.token}_bad")),
         "RestoreSnapshot/invalid-target-name"),
        (milvus_pb2.RestoreSnapshotRequest(name=snap, collection_name=ledger.name("missing"),
                                           target_collection_name=target), "RestoreSnapshot/missing-collection"),
    ]
    for request, check_id in bad:
        check(conn.call("RestoreSnapshot", request), check_id)
    missing_snap = milvus_pb2.RestoreSnapshotRequest(name=ledger.name("s"), collection_name=c.name,
                                                     target_collection_name=target)
    verify_refused("RestoreSnapshot/missing-snapshot-refused", conn.call("RestoreSnapshot", missing_snap), missing_snap)
    check(conn.call("ListRestoreSnapshotJobs", milvus_pb2.ListRestoreSnapshotJobsRequest(
        collection_name=ledger.name("missing"))), "ListRestoreSnapshotJobs/missing-collection")
    restore = milvus_pb2.RestoreSnapshotRequest(name=snap, collection_name=c.name, target_collection_name=target)
    reply = conn.call("RestoreSnapshot", restore)
    check(reply, "RestoreSnapshot/restores")
    job = reply.job_id
    exists = Collection(target, ledger=ledger).has()
    check(exists, "HasCollection/answers")
    verify("RestoreSnapshot/job-id", job != 0 and exists.value, expected=f"a job id and collection {target!r}",
           actual=f"job {job}, collection exists: {exists.value}", request=restore)
    state = milvus_pb2.GetRestoreSnapshotStateRequest(job_id=job)
    reply = conn.call("GetRestoreSnapshotState", state)
    check(reply, "GetRestoreSnapshotState/existing")
    info = reply.info
    verify("GetRestoreSnapshotState/describes-job", info.job_id == job and info.snapshot_name == snap
           and info.state != milvus_pb2.RestoreSnapshotFailed, expected=f"job {job} of {snap!r}, not failed",
           actual=f"job {info.job_id} of {info.snapshot_name!r}, state "
                  f"{milvus_pb2.RestoreSnapshotState.Name(info.state)} {info.reason!r}", request=state)
    everything = milvus_pb2.ListRestoreSnapshotJobsRequest()
    reply = conn.call("ListRestoreSnapshotJobs", everything)
    check(reply, "ListRestoreSnapshotJobs/existing")
    ids = [j.job_id for j in reply.jobs]
    verify("ListRestoreSnapshotJobs/lists-job", job in ids, expected=f"job {job} listed", actual=str(ids[:20]),
           request=everything)
    check(conn.call("DropSnapshot", milvus_pb2.DropSnapshotRequest(name=snap, collection_name=c.name)),
          "DropSnapshot/drops")


@pytest.mark.rpc("CreateSnapshot", "PinSnapshotData", "UnpinSnapshotData", "DropSnapshot")
def test_pin_snapshot_data(ledger, check, conn):
    c = plain_collection(ledger, check)
    snap = ledger.name("s")
    check(conn.call("CreateSnapshot", milvus_pb2.CreateSnapshotRequest(name=snap, collection_name=c.name)),
          "CreateSnapshot/creates")
    for request, check_id in [
        (milvus_pb2.PinSnapshotDataRequest(name=snap, collection_name=c.name, ttl_seconds=-1),
         "PinSnapshotData/negative-ttl"),
        (milvus_pb2.PinSnapshotDataRequest(name=snap, collection_name=c.name, ttl_seconds=30 * 24 * 3600 + 1),
         "PinSnapshotData/ttl-too-long"),
        (milvus_pb2.PinSnapshotDataRequest(name=snap, collection_name=ledger.name("missing"), ttl_seconds=60),
         "PinSnapshotData/missing-collection"),
    ]:
        check(conn.call("PinSnapshotData", request), check_id)
    pin = milvus_pb2.PinSnapshotDataRequest(name=snap, collection_name=c.name, ttl_seconds=60)
    reply = conn.call("PinSnapshotData", pin)
    check(reply, "PinSnapshotData/pins")
    verify("PinSnapshotData/pin-id", reply.pin_id != 0, expected="a non-zero pin id", actual=str(reply.pin_id),
           request=pin)
    check(conn.call("UnpinSnapshotData", milvus_pb2.UnpinSnapshotDataRequest()), "UnpinSnapshotData/missing-pin-id")
    check(conn.call("UnpinSnapshotData", milvus_pb2.UnpinSnapshotDataRequest(pin_id=reply.pin_id)),
          "UnpinSnapshotData/unpins")
    check(conn.call("DropSnapshot", milvus_pb2.DropSnapshotRequest(name=snap, collection_name=c.name)),
          "DropSnapshot/drops")


@pytest.mark.rpc("ExportSnapshot", "RestoreExternalSnapshot")
def test_export_and_external_restore_arguments(ledger, check, conn):
    """What a single-node server can judge without object storage: the argument checks, and a refused
    restore from a metadata URI it cannot read."""
    c = plain_collection(ledger, check)
    snap = ledger.name("s")
    for request, check_id in [
        (milvus_pb2.ExportSnapshotRequest(name="", collection_name=c.name, target_s3_path="s3://x"),
         "ExportSnapshot/empty-name"),
        (milvus_pb2.ExportSnapshotRequest(name=snap, collection_name=c.name), "ExportSnapshot/missing-target-path"),
        (milvus_pb2.ExportSnapshotRequest(name=snap, collection_name=ledger.name("missing"),
                                          target_s3_path=f"s3://{ledger.token}/none"),
         "ExportSnapshot/missing-collection"),
    ]:
        check(conn.call("ExportSnapshot", request), check_id)
    target = ledger.name("c")
    check(conn.call("RestoreExternalSnapshot", milvus_pb2.RestoreExternalSnapshotRequest(
        target_collection_name=target)), "RestoreExternalSnapshot/missing-uri")
    external = milvus_pb2.RestoreExternalSnapshotRequest(
        target_collection_name=target, snapshot_metadata_uri=f"s3://{ledger.token}-absent/metadata.json")
    verify_refused("RestoreExternalSnapshot/unreadable-uri-refused", conn.call("RestoreExternalSnapshot", external), external)


@pytest.mark.requires(since=EXPORT_STATE_SINCE)
@pytest.mark.rpc("GetExportSnapshotState")
def test_export_state_of_unknown_job(conn):
    request = milvus_pb2.GetExportSnapshotStateRequest(job_id=UNKNOWN_JOB)
    verify_refused("GetExportSnapshotState/unknown-job-refused", conn.call("GetExportSnapshotState", request), request)


@pytest.mark.rpc("GetRestoreSnapshotState")
def test_restore_state_of_an_unknown_job(conn):
    """Judged on its own: a server without snapshots still answers (or does not implement) this lookup."""
    state = milvus_pb2.GetRestoreSnapshotStateRequest(job_id=UNKNOWN_JOB)
    verify_refused("GetRestoreSnapshotState/unknown-job-refused", conn.call("GetRestoreSnapshotState", state), state)
