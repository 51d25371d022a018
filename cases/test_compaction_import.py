"""Compaction (ManualCompaction, GetCompactionState, GetCompactionStateWithPlans) and import (Import,
GetImportState, ListImportTasks): the error paths, and what a single-node server does with the run's own
collections (a compaction ID it then knows; an import job for a file it cannot read)."""

from __future__ import annotations

import pytest

from conformance.expectations import verify
from conformance.orm import Collection
from conformance.protocol import common_pb2, milvus_pb2, schema_pb2
from conformance.strategies import make_field
from conformance.strategies.schemas import DT

CREATED = "CreateCollection/accepts-valid-schema"
UNKNOWN_ID = 987_654_321  # no compaction or import job of any server has this ID (IDs are TSO-sized)
STATES = (common_pb2.CompactionState.Executing, common_pb2.CompactionState.Completed)
UNFINISHED = (common_pb2.ImportState.ImportPending, common_pb2.ImportState.ImportStarted,
              common_pb2.ImportState.ImportFailed)


def new_collection(ledger, check) -> Collection:
    name = ledger.name("c")
    coll = Collection(name, schema_pb2.CollectionSchema(name=name, fields=[
        make_field("id", DT.Int64, primary=True), make_field("vec", DT.FloatVector, dim=8)]), ledger=ledger)
    check(coll.create(), CREATED)
    return coll


# ---- compaction -----------------------------------------------------------------------------------------------------

@pytest.mark.rpc("ManualCompaction")
def test_manual_compaction_missing_collection(conn, check, ledger):
    request = milvus_pb2.ManualCompactionRequest(collection_name=ledger.name("c"))
    check(conn.call("ManualCompaction", request), "ManualCompaction/missing-collection")


@pytest.mark.rpc("ManualCompaction", "GetCompactionState", "GetCompactionStateWithPlans")
def test_manual_compaction_of_own_collection(conn, check, ledger):
    coll = new_collection(ledger, check)
    collection_id = coll.describe().collectionID
    request = milvus_pb2.ManualCompactionRequest(collection_name=coll.name, collectionID=collection_id)
    reply = conn.call("ManualCompaction", request)
    check(reply, "ManualCompaction/compacts")
    state = conn.call("GetCompactionState", milvus_pb2.GetCompactionStateRequest(compactionID=reply.compactionID))
    check(state, "GetCompactionState/known")
    verify("ManualCompaction/returns-id", (reply.compactionID == -1 or reply.compactionID > 0) and state.state in STATES,
           expected="compaction ID -1 (no task) or a positive ID, whose state is Executing or Completed",
           actual=f"compactionID {reply.compactionID}, state {common_pb2.CompactionState.Name(state.state)}",
           request=request)
    plans = conn.call("GetCompactionStateWithPlans",
                      milvus_pb2.GetCompactionPlansRequest(compactionID=reply.compactionID))
    check(plans, "GetCompactionStateWithPlans/known")


@pytest.mark.rpc("GetCompactionState")
def test_compaction_state_of_unknown_id(conn, check):
    state = conn.call("GetCompactionState", milvus_pb2.GetCompactionStateRequest(compactionID=UNKNOWN_ID))
    check(state, "GetCompactionState/unknown-id")
    verify("GetCompactionState/unknown-completed",
           state.state == common_pb2.CompactionState.Completed and state.executingPlanNo == 0,
           expected="Completed, no executing plan",
           actual=f"{common_pb2.CompactionState.Name(state.state)}, executingPlanNo {state.executingPlanNo}")


@pytest.mark.rpc("GetCompactionStateWithPlans")
def test_compaction_plans_of_unknown_id(conn, check):
    plans = conn.call("GetCompactionStateWithPlans", milvus_pb2.GetCompactionPlansRequest(compactionID=UNKNOWN_ID))
    check(plans, "GetCompactionStateWithPlans/unknown-id")
    verify("GetCompactionStateWithPlans/unknown-completed",
           plans.state == common_pb2.CompactionState.Completed and not plans.mergeInfos,
           expected="Completed, no merge info",
           actual=f"{common_pb2.CompactionState.Name(plans.state)}, {len(plans.mergeInfos)} merge infos")


# ---- import ------------------------------------------------------------------------------------------------------------

@pytest.mark.rpc("Import")
def test_import_errors(conn, check, ledger):
    def import_(collection: str, files):
        return conn.call("Import", milvus_pb2.ImportRequest(collection_name=collection, files=files))

    check(import_(ledger.name("c"), [f"{ledger.token}.json"]), "Import/missing-collection")
    coll = new_collection(ledger, check)
    check(import_(coll.name, []), "Import/no-files")
    check(import_(coll.name, [f"{ledger.token}_rows.txt"]), "Import/unknown-file-type")


@pytest.mark.rpc("ListImportTasks", "Import", "GetImportState")
def test_import_of_unreadable_file(conn, check, ledger, server):
    """A .json file the server cannot read: the job is accepted (files are read by the job) and known to
    GetImportState and ListImportTasks; the run's collection is dropped at teardown with its job."""
    coll = new_collection(ledger, check)
    listed = conn.call("ListImportTasks", milvus_pb2.ListImportTasksRequest(collection_name=coll.name))
    check(listed, "ListImportTasks/lists")
    verify("ListImportTasks/own-collection", not listed.tasks, expected="no task before any Import",
           actual=f"{len(listed.tasks)} tasks")
    request = milvus_pb2.ImportRequest(collection_name=coll.name, files=[f"{ledger.token}_missing/rows.json"])
    reply = conn.call("Import", request)
    check(reply, "Import/accepted")
    verify("Import/one-task", len(reply.tasks) == 1, expected="one task ID", actual=str(list(reply.tasks)),
           request=request)
    state = conn.call("GetImportState", milvus_pb2.GetImportStateRequest(task=reply.tasks[0]))
    check(state, "GetImportState/known")
    keys = {kv.key for kv in state.infos}
    if not server.older_than("2.4.0"):  # Import v2's answer; 2.3 omits progress_percent while a job is started
        verify("GetImportState/shape", state.state in UNFINISHED and {"failed_reason", "progress_percent"} <= keys,
               expected="state Pending, Started or Failed; infos failed_reason and progress_percent",
               actual=f"state {common_pb2.ImportState.Name(state.state)}, infos {sorted(keys)}")
    listed = conn.call("ListImportTasks", milvus_pb2.ListImportTasksRequest(collection_name=coll.name))
    check(listed, "ListImportTasks/lists")
    verify("ListImportTasks/own-collection", len(listed.tasks) == 1, expected="the one task imported",
           actual=f"{len(listed.tasks)} tasks")


@pytest.mark.rpc("GetImportState", "ListImportTasks")
def test_import_state_errors(conn, check, ledger):
    check(conn.call("GetImportState", milvus_pb2.GetImportStateRequest(task=UNKNOWN_ID)),
          "GetImportState/unknown-task")
    check(conn.call("ListImportTasks", milvus_pb2.ListImportTasksRequest(collection_name=ledger.name("c"))),
          "ListImportTasks/missing-collection")
