"""Strict SDK mode (conformance/mock/strict.py): what counts as a violation, a warning or an expected server error;
the record and the SDK report; the CLI (mock --strict --record, SIGTERM, --summarize); the mock's iterators."""

from __future__ import annotations

import json
import signal
import subprocess
import sys

import grpc
import pytest

from conformance.cli import main
from conformance.mock import serve
from conformance.mock.strict import (
    SERVER_ERROR,
    VIOLATION,
    Recorder,
    classify_error,
    read_record,
    report_paths,
    summarize,
    write_report,
)
from conformance.model import errors, iterators
from conformance.protocol import common_pb2, milvus_pb2, milvus_pb2_grpc, schema_pb2

DT = schema_pb2.DataType


def _status(code, reason="x"):
    return common_pb2.Status(code=code, reason=reason)


def test_classification_separates_request_errors_from_server_state():
    assert classify_error(_status(1100), "Search/limit-out-of-range") == VIOLATION
    assert classify_error(_status(1100), "Search/iterator/v2-without-iterator") == VIOLATION
    assert classify_error(_status(1101), None) == VIOLATION
    assert classify_error(_status(100), "Search/missing-collection") == SERVER_ERROR
    assert classify_error(_status(101), "Query/not-loaded") == SERVER_ERROR
    # ParameterInvalid about server state: a named partition that does not exist
    assert classify_error(_status(1100), "Search/missing-partition") == SERVER_ERROR
    assert classify_error(_status(1100, "partition name p not found: invalid parameter"), None) == SERVER_ERROR
    assert classify_error(_status(65535, "topk not found in search_params"), None) == VIOLATION
    assert classify_error(_status(65535, "mock internal error: KeyError()"), None) == SERVER_ERROR


@pytest.fixture
def strict(tmp_path):
    record = tmp_path / "rec.jsonl"
    recorder = Recorder(record)
    server = serve(strict=recorder)
    channel = grpc.insecure_channel(server.address)
    try:
        yield milvus_pb2_grpc.MilvusServiceStub(channel), record, server
    finally:
        channel.close()
        server.stop()
        recorder.close()


def _schema(name):
    return schema_pb2.CollectionSchema(name=name, fields=[
        schema_pb2.FieldSchema(name="id", data_type=DT.Int64, is_primary_key=True),
        schema_pb2.FieldSchema(name="v", data_type=DT.FloatVector,
                               type_params=[common_pb2.KeyValuePair(key="dim", value="2")])])


def test_record_holds_every_call_with_its_outcome_and_findings(strict):
    stub, record, _ = strict
    assert stub.HasCollection(milvus_pb2.HasCollectionRequest(collection_name="nope")).status.code == 0
    assert stub.DescribeCollection(milvus_pb2.DescribeCollectionRequest(collection_name="nope")).status.code == 100
    schema = _schema("c")
    schema.autoID = True  # deprecated in the pinned protocol (the field's autoID is the one that counts)
    assert stub.CreateCollection(milvus_pb2.CreateCollectionRequest(
        collection_name="c", schema=schema.SerializeToString())).code == 0
    fd_id = schema_pb2.FieldData(field_name="id", type=DT.Int64, field_id=999,
                                 scalars=schema_pb2.ScalarField(long_data=schema_pb2.LongArray(data=[1, 2])))
    fd_v = schema_pb2.FieldData(field_name="v", type=DT.FloatVector, vectors=schema_pb2.VectorField(
        dim=2, float_vector=schema_pb2.FloatArray(data=[0.1, 0.2, 0.3, 0.4])))
    ok = stub.Insert(milvus_pb2.InsertRequest(collection_name="c", fields_data=[fd_id, fd_v], num_rows=2))
    assert ok.status.code == 0
    bad = stub.Insert(milvus_pb2.InsertRequest(collection_name="c", fields_data=[fd_id, fd_v], num_rows=3))
    assert bad.status.code == 1100
    stub.GetIndexState(milvus_pb2.GetIndexStateRequest(collection_name="c"))  # a deprecated RPC
    entries = read_record(record)
    assert [e["rpc"] for e in entries] == ["HasCollection", "DescribeCollection", "CreateCollection", "Insert",
                                           "Insert", "GetIndexState"]
    assert [e["seq"] for e in entries] == [1, 2, 3, 4, 5, 6]
    assert entries[1]["outcome"] == SERVER_ERROR and entries[1]["check"] == "DescribeCollection/missing-collection"
    assert entries[1]["violations"] == []
    ids = lambda e: [v["id"] for v in e["violations"]]  # noqa: E731
    assert ids(entries[2]) == ["sdk/deprecated-field"]
    assert entries[2]["request"]["schema_decoded"]["name"] == "c"
    assert ids(entries[3]) == ["sdk/field-data/field-id-mismatch"] and entries[3]["outcome"] == "ok"
    assert entries[4]["outcome"] == VIOLATION and ids(entries[4])[0] == entries[4]["check"]
    assert entries[4]["check"] == "Insert/batch/num-rows-mismatch"
    assert entries[4]["request"]["num_rows"] == 3
    assert "sdk/deprecated-rpc" in ids(entries[5])
    summary = summarize(entries)
    assert summary["rpcs"]["Insert"] == {"calls": 2, "ok": 1, VIOLATION: 1}
    assert summary["violations"] == 1 and summary["warnings"] == 4 and not summary["clean"]
    assert summary["findings"][0]["severity"] == VIOLATION
    assert summary["server_errors"] == [
        {"rpc": "DescribeCollection", "code": 100, "check": "DescribeCollection/missing-collection", "count": 1},
        {"rpc": "GetIndexState", "code": 700, "check": "GetIndexState/missing-index", "count": 1}]


def test_strict_mode_does_not_change_the_answers(strict):
    stub, _, _ = strict
    plain = serve()
    try:
        with grpc.insecure_channel(plain.address) as ch:
            other = milvus_pb2_grpc.MilvusServiceStub(ch)
            for s in (stub, other):
                s.CreateCollection(milvus_pb2.CreateCollectionRequest(
                    collection_name="same", schema=_schema("same").SerializeToString()))
            req = milvus_pb2.QueryRequest(collection_name="same", expr="id > 0")
            a, b = stub.Query(req), other.Query(req)
            assert (a.status.code, a.status.reason) == (b.status.code, b.status.reason) == (101, a.status.reason)
    finally:
        plain.stop()


def test_cli_strict_mock_writes_the_report_on_sigterm(tmp_path):
    record = tmp_path / "session.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "conformance.cli", "mock", "--port", "0", "--strict", "--record",
                             str(record)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        line = proc.stdout.readline()
        address = line.split(" at ", 1)[1].split(" ", 1)[0]
        with grpc.insecure_channel(address) as ch:
            stub = milvus_pb2_grpc.MilvusServiceStub(ch)
            stub.ShowCollections(milvus_pb2.ShowCollectionsRequest(collection_names=["x"]), timeout=10)
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 1, out  # a finding (the deprecated field) → exit 1
    md, js = report_paths(record)
    assert "sdk/deprecated-field" in md.read_text()
    assert json.loads(js.read_text())["rpcs"]["ShowCollections"]["calls"] == 1
    assert "SDK report: 1 calls" in out


def test_cli_summarize_an_existing_record(tmp_path, capsys):
    record = tmp_path / "r.jsonl"
    record.write_text(json.dumps({"seq": 1, "rpc": "Connect", "outcome": "ok", "request": {},
                                  "status": {"code": 0}, "violations": []}) + "\n")
    assert main(["mock", "--summarize", str(record)]) == 0
    assert "clean" in capsys.readouterr().out
    assert report_paths(record)[0].read_text().count("| Connect | 1 | 1 |") == 1
    assert main(["mock", "--strict"]) == 2  # --strict needs --record
    assert main(["mock", "--summarize", str(tmp_path / "missing.jsonl")]) == 2
    summary, _, _ = write_report(record)
    assert summary["clean"] and summary["calls"] == 1


# ---- the model's iterator rules ---------------------------------------------------------------------------


def test_search_iterator_v2_parsing_follows_master():
    params, it = iterators.search_params({"topk": "100000", "iterator": "true"})
    assert it and params["topk"] == "16384"  # an iterator's topk is clamped
    assert iterators.search_params({"topk": "100000"})[0]["topk"] == "100000"
    v2 = iterators.plan_search({"search_iter_v2": "true", "search_iter_batch_size": "0x10"}, True, 0)
    assert v2.v2 and v2.batch_size == 16 and len(v2.token) == 36 and v2.last_bound is None
    cases = [({"search_iter_v2": "1"}, False, 0, "Search/iterator/v2-without-iterator"),
             ({"search_iter_v2": "T", "search_iter_batch_size": "5"}, True, 3, "Search/iterator/v2-offset"),
             ({"search_iter_v2": "t", "search_iter_id": "x", "search_iter_batch_size": "5"}, True, 0,
              "Search/iterator/v2-invalid-token"),
             ({"search_iter_v2": "true"}, True, 0, "Search/iterator/v2-batch-size-missing"),
             ({"search_iter_v2": "true", "search_iter_batch_size": "0"}, True, 0,
              "Search/iterator/v2-batch-size-invalid"),
             ({"search_iter_v2": "true", "search_iter_batch_size": "3", "search_iter_last_bound": "x"}, True, 0,
              "Search/iterator/v2-invalid-last-bound"),
             ({"group_by_field": "g"}, True, 0, "Search/iterator/group-by")]
    for params, is_it, offset, check_id in cases:
        with pytest.raises(errors.MilvusError) as err:
            iterators.plan_search(params, is_it, offset)
        assert err.value.check_id == check_id and err.value.code == errors.PARAMETER_INVALID
    # an unparsable search_iter_v2 is false (the error of ParseBool is dropped)
    assert iterators.plan_search({"search_iter_v2": "yes"}, False, 0) is None


def test_last_bound_and_pages():
    it = iterators.SearchIteration(True, "t", 2, None)
    hits = [type("H", (), {"score": s})() for s in (0.1, 0.2, 0.3)]
    kept, _ = iterators.page(hits, [1, 2, 3], it, "L2")
    assert [h.score for h in kept] == [0.1, 0.2]
    it.last_bound = iterators._f32(0.2)
    kept, _ = iterators.page(hits, [1, 2, 3], it, "L2")
    assert [h.score for h in kept] == [0.3]
    assert iterators.last_bound([], 1, iterators.SearchIteration(True, "t", 2), "IP") == iterators.MAX_FLOAT32
    assert iterators.last_bound([], 1, iterators.SearchIteration(True, "t", 2), "L2") == -iterators.MAX_FLOAT32
    assert iterators.last_bound([], 1, it, "L2") == it.last_bound
    assert iterators.last_bound([0.5, 0.7], 1, it, "L2") == 0.7


def test_query_iterator_params():
    assert iterators.query_params({"iterator": "True", "reduce_stop_for_best": "False"}, True).is_iterator
    for params, check_id in [({"iterator": "yes"}, "Query/iterator/invalid-iterator-flag"),
                             ({"reduce_stop_for_best": "2"}, "Query/iterator/invalid-reduce-stop-for-best"),
                             ({"query_iter_last_pk": "1", "query_iter_last_element_offset": "0"},
                              "Query/iterator/cursor-without-iterator"),
                             ({"iterator": "true", "query_iter_last_pk": "1"}, "Query/iterator/cursor-incomplete")]:
        with pytest.raises(errors.MilvusError) as err:
            iterators.query_params(params, True)
        assert err.value.check_id == check_id
    cursor = iterators.query_params({"iterator": "1", "query_iter_last_pk": "7",
                                     "query_iter_last_element_offset": "0"}, True)
    assert cursor.last_pk == 7



def test_wrong_column_type_is_a_violation_with_its_check(strict):
    """The issue's example: a VarChar column sent as long_data is refused as Milvus refuses it, and strict mode
    names the registered check; a FieldData type contradicting the schema is also a warning."""
    stub, record, _ = strict
    schema = _schema("t")
    schema.fields.add(name="s", data_type=DT.VarChar, type_params=[common_pb2.KeyValuePair(key="max_length",
                                                                                          value="8")])
    stub.CreateCollection(milvus_pb2.CreateCollectionRequest(collection_name="t", schema=schema.SerializeToString()))
    fds = [schema_pb2.FieldData(field_name="id", type=DT.Int64,
                                scalars=schema_pb2.ScalarField(long_data=schema_pb2.LongArray(data=[1]))),
           schema_pb2.FieldData(field_name="s", type=DT.Int64,
                                scalars=schema_pb2.ScalarField(long_data=schema_pb2.LongArray(data=[5]))),
           schema_pb2.FieldData(field_name="v", type=DT.FloatVector, vectors=schema_pb2.VectorField(
               dim=2, float_vector=schema_pb2.FloatArray(data=[1, 2])))]
    assert stub.Insert(milvus_pb2.InsertRequest(collection_name="t", fields_data=fds, num_rows=1)).status.code == 1100
    entry = read_record(record)[-1]
    assert entry["outcome"] == VIOLATION and entry["check"] == "Insert/batch/wrong-type"
    assert [(v["id"], v["severity"]) for v in entry["violations"]] == [
        ("Insert/batch/wrong-type", VIOLATION), ("sdk/field-data/type-mismatch", "warning")]


def test_segcore_refusal_of_the_request_is_a_violation():
    assert classify_error(_status(2000, "dim mismatch"), "Search/wrong-query-dim") == VIOLATION
