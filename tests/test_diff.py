"""Differential runs (conformance.diff): mock vs mock agrees; a planted difference is found with a reproduction that
replays; float noise within tolerance and tie reordering are not divergences; sessions and replay scripts load; the
ownership guard keeps working; the CLI's exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conformance.cli import main
from conformance.diff import Answer, Endpoint, Tolerance, generate, load
from conformance.diff.compare import compare_content
from conformance.diff.execute import REFUSED, Executor
from conformance.diff.run import Differ, DiffResult
from conformance.diff.session import PLACEHOLDER_NS, Call, Session, namespace_for, stored
from conformance.mock import MockServicer, serve
from conformance.orm import STRONG, kv_pairs, placeholder_group, search_params
from conformance.protocol import common_pb2, milvus_pb2, schema_pb2
from conformance.transport import parse_target
from conformance.transport.ownership import new_token

DT = schema_pb2.DataType
REPO = Path(__file__).resolve().parents[1]


class ShiftedScores(MockServicer):
    """Search answers its scores shifted by ``delta`` (relative when ``relative``)."""

    delta, relative = 1.0, False

    def Search(self, request, context):
        reply = super().Search(request, context)
        scores = list(reply.results.scores)
        del reply.results.scores[:]
        reply.results.scores.extend(s * (1 + self.delta) if self.relative else s + self.delta for s in scores)
        return reply


class TinyNoise(ShiftedScores):
    delta, relative = 1e-7, True


class ReversedTies(MockServicer):
    """Search answers hits of equal score in reverse order (no output fields in the sessions that use it)."""

    def Search(self, request, context):
        reply = super().Search(request, context)
        r = reply.results
        ids, scores, out, at = list(r.ids.int_id.data), list(r.scores), [], 0
        for k in r.topks:
            hits = list(zip(ids[at:at + k], scores[at:at + k], strict=True))
            groups: list[list] = []
            for hit in hits:
                if groups and groups[-1][-1][1] == hit[1]:
                    groups[-1].append(hit)
                else:
                    groups.append([hit])
            out += [h for g in groups for h in reversed(g)]
            at += k
        del r.ids.int_id.data[:]
        r.ids.int_id.data.extend(h[0] for h in out)
        return reply


class RefusesHas(MockServicer):
    """HasCollection answers 1100 instead of its value (a planted status divergence)."""

    def HasCollection(self, request, context):
        return milvus_pb2.BoolResponse(status=common_pb2.Status(code=1100, error_code=5, reason="planted"))


def fixed_session(limit: int = 6) -> Session:
    """A collection with paired (tied) vectors, FLAT L2, loaded, one search, one query, one HasCollection."""
    ns = PLACEHOLDER_NS
    name = f"{ns}_c1"
    schema = schema_pb2.CollectionSchema(name=name, fields=[
        schema_pb2.FieldSchema(name="id", data_type=DT.Int64, is_primary_key=True),
        schema_pb2.FieldSchema(name="v", data_type=DT.FloatVector,
                               type_params=[common_pb2.KeyValuePair(key="dim", value="2")]),
        schema_pb2.FieldSchema(name="x", data_type=DT.Double)])
    vectors = [[0.0, 0.0], [0.0, 0.0], [1.0, 0.5], [1.0, 0.5], [2.0, 1.0], [2.0, 1.0]]
    fields = [
        schema_pb2.FieldData(field_name="id", type=DT.Int64, scalars=schema_pb2.ScalarField(
            long_data=schema_pb2.LongArray(data=[1, 2, 3, 4, 5, 6]))),
        schema_pb2.FieldData(field_name="v", type=DT.FloatVector, vectors=schema_pb2.VectorField(
            dim=2, float_vector=schema_pb2.FloatArray(data=[x for v in vectors for x in v]))),
        schema_pb2.FieldData(field_name="x", type=DT.Double, scalars=schema_pb2.ScalarField(
            double_data=schema_pb2.DoubleArray(data=[0.5, 1.5, 2.5, 3.5, 4.5, 5.5]))),
    ]
    requests = [
        ("CreateCollection", milvus_pb2.CreateCollectionRequest(collection_name=name,
                                                                schema=schema.SerializeToString())),
        ("Insert", milvus_pb2.InsertRequest(collection_name=name, fields_data=fields, num_rows=6)),
        ("CreateIndex", milvus_pb2.CreateIndexRequest(collection_name=name, field_name="v", extra_params=kv_pairs(
            {"index_type": "FLAT", "metric_type": "L2", "params": "{}"}))),
        ("LoadCollection", milvus_pb2.LoadCollectionRequest(collection_name=name)),
        ("Search", milvus_pb2.SearchRequest(
            collection_name=name, dsl_type=common_pb2.DslType.BoolExprV1,
            placeholder_group=placeholder_group([[0.0, 0.0]]), nq=1,
            search_params=search_params(anns_field="v", limit=limit, params={}), consistency_level=STRONG,
            use_default_consistency=False)),
        ("Query", milvus_pb2.QueryRequest(collection_name=name, expr="id > 2", output_fields=["x"],
                                          consistency_level=STRONG, use_default_consistency=False)),
        ("HasCollection", milvus_pb2.HasCollectionRequest(collection_name=name)),
    ]
    return Session(ns, [Call(rpc, stored(req)) for rpc, req in requests], "fixed")


def test_fixed_session_inserts_and_finds(mocks):
    (t, _) = mocks()
    answers = Executor(t, new_token()).run(fixed_session())
    insert, search = answers[1].message("Insert"), answers[4].message("Search")
    assert insert.status.code == 0 and insert.insert_cnt == 6, insert.status.reason
    assert len(search.results.ids.int_id.data) == 6


@pytest.fixture
def mocks():
    started = []

    def start(servicer=None):
        m = serve(servicer=servicer)
        started.append(m)
        return Endpoint(f"side{len(started)}", parse_target(m.address), f"mock{len(started)}"), m

    yield start
    for m in started:
        m.stop()


def differ(t, r, tmp_path, **kw):
    return Differ(t, r, new_token(), tolerance=Tolerance(), report_dir=tmp_path, progress=lambda m: None, **kw)


def test_generation_is_deterministic_and_namespaced():
    a, b = generate(3, 4), generate(3, 4)
    assert len(a) == 4
    assert [[c.request for c in s.calls] for s in a] == [[c.request for c in s.calls] for s in b]
    assert all(PLACEHOLDER_NS in s.calls[0].request for s in a)
    other = generate(4, 4)  # another seed, other sequences (Hypothesis may start both from its simplest example)
    assert [[c.request for c in s.calls] for s in other] != [[c.request for c in s.calls] for s in a]


def test_namespace_keeps_length_and_run_token():
    token = new_token()
    for length in (10, 11, 13, 15, 20):
        ns = namespace_for(token, length, 7)
        assert len(ns) == length and ns.startswith(token)


def test_mock_vs_mock_no_divergence(mocks, tmp_path):
    (t, _), (r, _) = mocks(), mocks()
    result = DiffResult("generated", t.shown, r.shown)
    d = differ(t, r, tmp_path)
    d.run_sessions(generate(0, 4) + [fixed_session()], result)
    assert result.calls > 40
    assert result.divergences == []
    assert d.problems() == []
    # both sides cleaned up after themselves
    for side in (t, r):
        assert list(side.connection().call("ShowCollections", milvus_pb2.ShowCollectionsRequest()).collection_names) \
            == []


def test_planted_score_shift_is_found_and_its_reproduction_replays(mocks, tmp_path):
    (t, _), (r, _) = mocks(), mocks(ShiftedScores())
    result = DiffResult("generated", t.shown, r.shown)
    differ(t, r, tmp_path).run_sessions([fixed_session()], result)
    assert [d.rpc for d in result.divergences] == ["Search"], [d.signature for d in result.divergences]
    div = result.divergences[0]
    assert div.after is None and all(x.kind == "content" and x.path.endswith(".score") for x in div.differences)
    assert div.replayed == "reproduces"
    # minimal: the search needs the collection, its rows, the index and the load, nothing after the search
    repro = load(tmp_path / div.reproduction)
    assert [c.rpc for c in repro.calls] == ["CreateCollection", "Insert", "CreateIndex", "LoadCollection", "Search"]
    # the reproduction replays: live against both sides, and against its recorded reference answers
    again = DiffResult("replay", t.shown, r.shown)
    differ(t, r, tmp_path).replay(repro, None, again)
    assert [d.signature for d in again.divergences] == [div.signature]
    recorded = DiffResult("replay", t.shown, "recorded")
    differ(t, None, tmp_path).replay(repro, "reference", recorded)
    assert [d.signature for d in recorded.divergences] == [div.signature]


def test_planted_status_difference_is_found(mocks, tmp_path):
    (t, _), (r, _) = mocks(), mocks(RefusesHas())
    result = DiffResult("generated", t.shown, r.shown)
    differ(t, r, tmp_path).run_sessions([fixed_session()], result)
    assert [d.rpc for d in result.divergences] == ["HasCollection"]
    div = result.divergences[0]
    assert {x.path for x in div.differences} == {"success", "code", "error_code"}
    assert div.reference["code"] == 1100 and div.target["success"] is True
    assert load(tmp_path / div.reproduction).calls[-1].rpc == "HasCollection"
    assert div.reproduction_calls <= 2  # a read needs only the collection to exist (or not even that)


@pytest.mark.parametrize("servicer", [TinyNoise, ReversedTies], ids=["score-noise", "tie-order"])
def test_noise_within_tolerance_and_tie_order_are_not_divergences(mocks, tmp_path, servicer):
    (t, _), (r, _) = mocks(), mocks(servicer())
    result = DiffResult("generated", t.shown, r.shown)
    differ(t, r, tmp_path).run_sessions([fixed_session(limit=6), fixed_session(limit=3)], result)
    assert result.divergences == []


def test_tie_order_would_diverge_without_grouping():
    a = {"num_queries": 1, "top_k": 4, "output_fields": [], "queries": [[
        {"id": 1, "score": 0.0, "fields": {}}, {"id": 2, "score": 0.0, "fields": {}},
        {"id": 3, "score": 1.0, "fields": {}}, {"id": 4, "score": 2.0, "fields": {}}]]}
    b = json.loads(json.dumps(a))
    b["queries"][0][0], b["queries"][0][1] = b["queries"][0][1], b["queries"][0][0]
    assert compare_content("Search", a, b, Tolerance()) == []
    c = json.loads(json.dumps(a))
    c["queries"][0][2]["id"] = 9  # a different row, not a tie
    assert [d.path for d in compare_content("Search", a, c, Tolerance())] == ["queries[0][2].id"]
    d = json.loads(json.dumps(a))
    d["queries"][0][3]["score"] = 2.0 + 1e-9  # noise
    assert compare_content("Search", a, d, Tolerance()) == []
    d["queries"][0][3]["score"] = 2.1
    assert [x.path for x in compare_content("Search", a, d, Tolerance())] == ["queries[0][3].score"]


def test_guard_refuses_foreign_objects_and_nothing_is_sent(mocks, tmp_path):
    (t, m) = mocks()
    conn = t.connection()
    conn.call("CreateCollection", milvus_pb2.CreateCollectionRequest(
        collection_name="someone_elses", schema=schema_pb2.CollectionSchema(name="someone_elses", fields=[
            schema_pb2.FieldSchema(name="id", data_type=DT.Int64, is_primary_key=True),
            schema_pb2.FieldSchema(name="v", data_type=DT.FloatVector,
                                   type_params=[common_pb2.KeyValuePair(key="dim", value="2")])]).SerializeToString()))
    session = Session(PLACEHOLDER_NS, [Call("DropCollection", stored(milvus_pb2.DropCollectionRequest(
        collection_name="someone_elses")))])
    answers = Executor(t, new_token()).run(session)
    assert answers[0].grpc_code == REFUSED
    assert m.catalog.has_collection("default", "someone_elses")
    # a recorded session naming it: the call is refused (and listed as such), the collection stays
    session.calls[0].answers["recorded"] = Answer("OK", status={"code": 0, "error_code": 0})
    result = DiffResult("replay", t.shown, "recorded")
    Differ(t, None, new_token(), tolerance=Tolerance(), report_dir=tmp_path, progress=lambda m: None).replay(
        session, "recorded", result)
    assert len(result.refused) == 1 and "someone_elses" in result.refused[0]
    assert result.divergences[0].target["grpc"] == REFUSED
    assert m.catalog.has_collection("default", "someone_elses")


def test_replay_script_of_a_run_loads():
    scripts = sorted((REPO / "reports" / "reference").glob("*/replay/*.py"))
    if not scripts:
        pytest.skip("no reference replay scripts")
    session = load(scripts[0])
    assert session.calls and session.token.startswith("mc")
    assert "recorded" in session.labels()


def test_cli_mock_vs_mock_and_exit_codes(tmp_path, capsys):
    assert main(["diff", "--target", "mock", "--count", "2", "--report-dir", str(tmp_path)]) == 0
    data = json.loads((tmp_path / "diff.json").read_text())
    assert data["divergences"] == [] and data["sessions"] == 2
    assert "No divergence" in (tmp_path / "diff.md").read_text()
    assert main(["diff", "--target", "127.0.0.1:1", "--count", "1", "--report-dir", str(tmp_path),
                 "--connect-timeout", "1"]) == 3
    assert main(["diff", "--target", "mock", "--replay", str(tmp_path / "missing.json"),
                 "--report-dir", str(tmp_path)]) == 2
    assert main(["diff", "--target", "mock", "--count", "0", "--report-dir", str(tmp_path)]) == 2


def test_cli_replays_a_reproduction_against_its_recorded_answers(mocks, tmp_path):
    (t, _), (r, _) = mocks(), mocks(ShiftedScores())
    result = DiffResult("generated", t.shown, r.shown)
    differ(t, r, tmp_path).run_sessions([fixed_session()], result)
    repro = tmp_path / result.divergences[0].reproduction
    out = tmp_path / "replayed"
    # the bundled mock against the recorded (shifted) reference answers: the divergence reproduces
    assert main(["diff", "--replay", str(repro), "--target", "mock", "--report-dir", str(out)]) == 1
    assert json.loads((out / "diff.json").read_text())["divergences"][0]["rpc"] == "Search"
    # ... and against the recorded target answers (the plain mock's): none
    assert main(["diff", "--replay", str(repro), "--target", "mock", "--against", "target",
                 "--report-dir", str(out)]) == 0


def test_listings_ignore_other_tenants(mocks, tmp_path):
    """ShowCollections on a shared server lists others' collections too: only the session's own compare."""
    (t, _), (r, _) = mocks(), mocks()
    schema = schema_pb2.CollectionSchema(name="someone_elses", fields=[
        schema_pb2.FieldSchema(name="id", data_type=DT.Int64, is_primary_key=True),
        schema_pb2.FieldSchema(name="v", data_type=DT.FloatVector,
                               type_params=[common_pb2.KeyValuePair(key="dim", value="2")])])
    t.connection().call("CreateCollection", milvus_pb2.CreateCollectionRequest(
        collection_name="someone_elses", schema=schema.SerializeToString()))
    for session in (fixed_session(), Session(PLACEHOLDER_NS, [])):
        session.calls.append(Call("ShowCollections", stored(milvus_pb2.ShowCollectionsRequest())))
        result = DiffResult("generated", t.shown, r.shown)
        differ(t, r, tmp_path).run_sessions([session], result)
        assert result.divergences == [], [d.to_json() for d in result.divergences]


def test_strict_mode_record_replays_in_the_run_namespace(mocks, tmp_path):
    """A `mock --strict --record` JSON-lines record (an SDK's own names): names it creates are renamed into the
    run's namespace (schema bytes too); replayed on a mock, the recorded codes compare equal."""
    from google.protobuf import json_format

    schema = schema_pb2.CollectionSchema(name="quick_setup", fields=[
        schema_pb2.FieldSchema(name="id", data_type=DT.Int64, is_primary_key=True),
        schema_pb2.FieldSchema(name="v", data_type=DT.FloatVector,
                               type_params=[common_pb2.KeyValuePair(key="dim", value="2")])])
    entries = [
        ("CreateCollection", milvus_pb2.CreateCollectionRequest(collection_name="quick_setup",
                                                                schema=schema.SerializeToString()), 0),
        ("HasCollection", milvus_pb2.HasCollectionRequest(collection_name="quick_setup"), 0),
        ("DescribeCollection", milvus_pb2.DescribeCollectionRequest(collection_name="not_created_here"), 100),
        ("DropCollection", milvus_pb2.DropCollectionRequest(collection_name="quick_setup"), 0),
    ]
    record = tmp_path / "sdk.jsonl"
    record.write_text("".join(json.dumps({
        "rpc": rpc, "outcome": "ok", "status": {"code": code, "error_code": 4 if code else 0, "reason": ""},
        "request": json_format.MessageToDict(req, preserving_proto_field_name=True), "violations": []}) + "\n"
        for rpc, req, code in entries))
    session = load(record)
    first = session.calls[0].message()
    assert first.collection_name == f"{PLACEHOLDER_NS}_s1"
    parsed = schema_pb2.CollectionSchema()
    parsed.ParseFromString(first.schema)
    assert parsed.name == first.collection_name
    assert session.calls[3].message().collection_name == first.collection_name
    assert session.calls[2].message().collection_name == "not_created_here"  # not the session's: unchanged
    (t, _) = mocks()
    result = DiffResult("replay", t.shown, "recorded")
    differ(t, None, tmp_path).replay(session, "recorded", result)
    assert result.divergences == [] and result.refused == []


class DiesOnSearch(MockServicer):
    """Stops its own server when a Search arrives (a request that brings a server down)."""

    server = None

    def Search(self, request, context):
        import threading

        threading.Thread(target=self.server.stop, args=(0,), daemon=True).start()
        context.abort(__import__("grpc").StatusCode.UNAVAILABLE, "going down")


def test_a_target_going_away_keeps_the_calls_that_brought_it_down(mocks, tmp_path):
    from types import SimpleNamespace

    from conformance.diff.command import execute
    from conformance.diff.execute import Unreachable

    servicer = DiesOnSearch()
    (t, m), (r, _) = mocks(servicer), mocks()
    servicer.server = m
    args = SimpleNamespace(rel_tol=1e-4, abs_tol=1e-5, minimise_tries=10, seed=0, count=1, modern=False,
                           replay="fixed.json", against=None, reference="mock", target="dying")
    with pytest.raises(Unreachable) as caught:
        execute(args, t, r, tmp_path, session=fixed_session())
    saved = load(tmp_path / "diff-repro" / "unreachable.json")
    assert [c.rpc for c in saved.calls][-1] == "Search" and len(saved.calls) == 5
    assert "stopped answering at call 5 (Search)" in str(caught.value)


def test_auto_ids_and_server_ids_are_normalised():
    """Two servers generating different auto IDs, collection IDs and timestamps answer alike after
    normalisation; a different row in a query is still a divergence."""
    from google.protobuf import text_format

    from conformance.diff.run import compare_answers

    ns = PLACEHOLDER_NS
    name = f"{ns}_c1"
    schema = schema_pb2.CollectionSchema(name=name, fields=[
        schema_pb2.FieldSchema(name="id", data_type=DT.Int64, is_primary_key=True, autoID=True),
        schema_pb2.FieldSchema(name="x", data_type=DT.Int64)])
    session = Session(ns, [
        Call("CreateCollection", stored(milvus_pb2.CreateCollectionRequest(collection_name=name,
                                                                           schema=schema.SerializeToString()))),
        Call("Insert", stored(milvus_pb2.InsertRequest(collection_name=name, num_rows=2))),
        Call("DescribeCollection", stored(milvus_pb2.DescribeCollectionRequest(collection_name=name))),
        Call("Query", stored(milvus_pb2.QueryRequest(collection_name=name, expr="x > 0", output_fields=["id"]))),
    ])

    def answers(first_id: int, collection_id: int, rows: list[int]) -> list[Answer]:
        insert = milvus_pb2.MutationResult(insert_cnt=2, timestamp=collection_id)
        insert.IDs.int_id.data.extend([first_id, first_id + 1])
        describe = milvus_pb2.DescribeCollectionResponse(collection_name=name, collectionID=collection_id,
                                                         created_timestamp=collection_id * 7)
        query = milvus_pb2.QueryResults(output_fields=["id"])
        query.fields_data.add(field_name="id", type=DT.Int64).scalars.long_data.data.extend(rows)
        return [Answer("OK", response=text_format.MessageToString(m)) for m in
                (common_pb2.Status(), insert, describe, query)]

    same = compare_answers(session, answers(100, 5, [101, 100]), answers(9000, 77, [9000, 9001]), Tolerance())
    assert same == []
    other = compare_answers(session, answers(100, 5, [101]), answers(9000, 77, [9000]), Tolerance())
    assert [d.rpc for d in other] == ["Query"]


# ---- feature sequences (hybrid, iterators, count, BM25, nullable, databases) -----------------------------------

def test_feature_switches_parse():
    from conformance.diff.features import FEATURES, parse_features

    assert parse_features("all") == list(FEATURES)
    assert parse_features("none") == [] and parse_features("") == []
    assert parse_features("all,-bm25,-database") == ["hybrid", "iterators", "count", "nullable"]
    assert parse_features("count, hybrid") == ["hybrid", "count"]
    with pytest.raises(ValueError, match="unknown feature 'graph'"):
        parse_features("all,graph")


def test_feature_sequences_are_deterministic_and_switchable():
    from conformance.diff.features import FEATURES

    every = generate(5, 12, features=FEATURES)
    assert [[c.request for c in s.calls] for s in every] == \
        [[c.request for c in s.calls] for s in generate(5, 12, features=FEATURES)]
    kinds = [s.title.split("(")[1].split(",")[0] for s in every[1::2]]
    assert kinds == list(FEATURES)
    # the core sequences do not depend on which features take the other turns; no features = all core
    core = generate(5, 12)
    assert [c.request for c in every[0].calls] == [c.request for c in core[0].calls]
    assert not any("," in s.title.split("(")[1] for s in core)
    without = generate(5, 12, features=["hybrid", "count"])
    assert all("bm25" not in s.title and "database" not in s.title for s in without)
    rpcs = {c.rpc for s in every for c in s.calls}
    assert {"HybridSearch", "CreateDatabase", "DropDatabase", "CreatePartition"} <= rpcs
    text = "\n".join(c.request for s in every for c in s.calls)
    for needle in ("search_iter_v2", "search_iter_last_bound", "reduce_stop_for_best", "count(*)", "BM25",
                   "is null", "db_name"):
        assert needle in text, needle


@pytest.mark.parametrize("seed_value", [0, 1])
def test_feature_sequences_are_served_by_the_mock_and_agree_with_it(mocks, tmp_path, seed_value):
    """Every feature call succeeds on the mock (except a DropDatabase of a database still holding a collection,
    which Milvus refuses), and mock vs mock finds no divergence."""
    from conformance.diff.features import FEATURES
    from conformance.diff.normalise import outcome

    sessions = [s for s in generate(seed_value, 12, features=FEATURES) if "," in s.title.split("(")[1]]
    (t, _), (r, _) = mocks(), mocks()
    ex = Executor(t, new_token())
    for s in sessions:
        answers = ex.run(s)
        for call, a in zip(s.calls, answers, strict=True):
            if call.note == "drop a database that holds a collection" or call.rpc == "HasCollection" and \
                    call is s.calls[-1]:
                continue
            got = outcome(a, a.message(call.rpc))
            assert got.get("success"), (s.title, call.rpc, call.note, a.grpc_details, a.response)
    assert ex.problems == []
    result = DiffResult("generated", t.shown, r.shown)
    differ(t, r, tmp_path).run_sessions(sessions, result)
    assert result.divergences == [], [x.to_json() for x in result.divergences]
    for side in (t, r):  # the run's database and collections are gone
        dbs = side.connection().call("ListDatabases", milvus_pb2.ListDatabasesRequest()).db_names
        assert list(dbs) == ["default"]


def test_hybrid_search_ties_and_iterator_bounds_compare_like_search():
    a = {"num_queries": 1, "top_k": 3, "output_fields": [], "iterator_last_bound": 0.5, "queries": [[
        {"id": 1, "score": 0.9, "fields": {}}, {"id": 2, "score": 0.9, "fields": {}},
        {"id": 3, "score": 0.5, "fields": {}}]]}
    b = json.loads(json.dumps(a))
    b["queries"][0][0], b["queries"][0][1] = b["queries"][0][1], b["queries"][0][0]
    assert compare_content("HybridSearch", a, b, Tolerance()) == []
    b["iterator_last_bound"] = 0.5 + 1e-9
    assert compare_content("Search", a, b, Tolerance()) == []
    b["iterator_last_bound"] = None  # a server that ignores search_iter_v2
    assert [x.path for x in compare_content("Search", a, b, Tolerance())] == ["iterator_last_bound"]


class NoIteratorV2(MockServicer):
    """Search ignores the iterator v2 keys (as a server without search iterator v2 does)."""

    def Search(self, request, context):
        keep = [kv for kv in request.search_params if not kv.key.startswith("search_iter")]
        del request.search_params[:]
        request.search_params.extend(keep)
        return super().Search(request, context)


def test_a_server_without_search_iterator_v2_diverges(mocks, tmp_path):
    sessions = [s for s in generate(0, 4, features=["iterators"]) if "iterators" in s.title]
    (t, _), (r, _) = mocks(), mocks(NoIteratorV2())
    result = DiffResult("generated", t.shown, r.shown)
    differ(t, r, tmp_path, minimise_tries=10).run_sessions(sessions, result)
    assert any(x.rpc == "Search" and "search iterator v2" in x.note for x in result.divergences)


# ---- connection options per side (TLS, credentials, database) --------------------------------------------------

@pytest.fixture(scope="module")
def secured_mocks():
    from conformance.mock.auth import server_credentials, throwaway_certificates

    try:
        certs = throwaway_certificates()
    except RuntimeError as err:
        pytest.skip(str(err))
    tls = serve(auth=True, credentials=server_credentials(certs.server_cert, certs.server_key))
    plain = serve(auth=True)
    yield certs, tls, plain
    tls.stop()
    plain.stop()


def test_cli_connects_each_side_with_its_own_options(secured_mocks, tmp_path, capsys, monkeypatch):
    certs, tls, plain = secured_mocks
    monkeypatch.delenv("MILVUS_TOKEN", raising=False)
    monkeypatch.delenv("MILVUS_REFERENCE_TOKEN", raising=False)
    monkeypatch.setenv("MILVUS_REFERENCE_PASSWORD", "Milvus")
    base = ["diff", "--count", "2", "--features", "database", "--report-dir", str(tmp_path), "--connect-timeout", "5"]
    target = ["--target", tls.address, "--tls", "--tls-ca", certs.ca, "--tls-server-name", "localhost",
              "--user", "root", "--password", "Milvus"]
    assert main(base + target + ["--reference", plain.address, "--reference-user", "root"]) == 0
    assert json.loads((tmp_path / "diff.json").read_text())["divergences"] == []
    # a token on the reference side, a database on both
    for side in (tls, plain):
        conn = Endpoint("x", parse_target(side.address, user="root", password="Milvus", tls=side is tls,
                                          ca_file=certs.ca if side is tls else None), "x").connection()
        assert conn.call("CreateDatabase", milvus_pb2.CreateDatabaseRequest(db_name="d3_shared")).code == 0
    assert main(base + target + ["--db-name", "d3_shared", "--reference", plain.address,
                                 "--reference-token", "root:Milvus", "--reference-db-name", "d3_shared"]) == 0
    capsys.readouterr()


@pytest.mark.parametrize("side", ["target", "reference"])
def test_cli_wrong_credentials_on_either_side_exit_3_without_traceback(secured_mocks, tmp_path, capsys, side):
    certs, tls, plain = secured_mocks
    good = ["--user", "root", "--password", "Milvus"]
    bad = ["--user", "root", "--password", "wrong"]
    target = ["--target", tls.address, "--tls", "--tls-ca", certs.ca] + (bad if side == "target" else good)
    reference = ["--reference", plain.address] + [
        ("--reference-" + a[2:]) if a.startswith("--") else a for a in (bad if side == "reference" else good)]
    capsys.readouterr()
    assert main(["diff", "--count", "1", "--report-dir", str(tmp_path), "--connect-timeout", "5"]
                + target + reference) == 3
    err = capsys.readouterr().err
    assert f"--{side}: cannot test" in err and "authentication failed" in err, err
    assert "Traceback" not in err


def test_cli_side_options_need_an_address(tmp_path, capsys):
    assert main(["diff", "--target", "mock", "--reference-user", "u", "--reference-password", "p",
                 "--report-dir", str(tmp_path)]) == 2
    assert "need a --reference address" in capsys.readouterr().err
    assert main(["diff", "--target", "mock", "--features", "graph", "--report-dir", str(tmp_path)]) == 2
