"""Analyzers: RunAnalyzer (standard analyzer, detail, no text, invalid params, missing collection) and
ComputePhraseMatchSlop (checks in conformance/model/rules/evolution.py)."""

from __future__ import annotations

import json

import pytest

from conformance.expectations import verify
from conformance.protocol import milvus_pb2
from conformance.transport.recorder import status_of

STANDARD = json.dumps({"type": "standard"})


def run(conn, texts, params: str = STANDARD, **extra):
    request = milvus_pb2.RunAnalyzerRequest(analyzer_params=params, placeholder=[t.encode() for t in texts], **extra)
    return request, conn.call("RunAnalyzer", request)


@pytest.mark.rpc("RunAnalyzer")
@pytest.mark.requires(since="2.5.0")
def test_run_standard_analyzer(conn, check):
    request, reply = run(conn, ["Hello World", "Milvus rocks"], with_detail=True)
    check(reply, "RunAnalyzer/tokenizes")
    verify("RunAnalyzer/one-result-per-text", len(reply.results) == 2, expected="2 results (one per text)",
           actual=f"{len(reply.results)} results", request=request)
    first = [t.token for t in reply.results[0].tokens] if reply.results else []
    verify("RunAnalyzer/standard-lowercases", first == ["hello", "world"], expected="['hello', 'world']",
           actual=str(first), request=request)
    detail = [(t.start_offset, t.end_offset, t.position) for t in reply.results[0].tokens] if reply.results else []
    verify("RunAnalyzer/detail-offsets", detail == [(0, 5, 0), (6, 11, 1)],
           expected="[(0, 5, 0), (6, 11, 1)] (start, end, position)", actual=str(detail), request=request)


@pytest.mark.rpc("RunAnalyzer")
@pytest.mark.requires(since="2.5.0")
def test_run_analyzer_without_text(conn, check):
    request, reply = run(conn, [])
    check(reply, "RunAnalyzer/no-text")
    verify("RunAnalyzer/one-result-per-text", len(reply.results) == 0, expected="no results",
           actual=f"{len(reply.results)} results", request=request)


@pytest.mark.rpc("RunAnalyzer")
@pytest.mark.requires(since="2.5.0")
def test_run_analyzer_invalid_params(conn, check):
    request, reply = run(conn, ["Hello World"], params=json.dumps({"tokenizer": "no_such_tokenizer"}))
    status = status_of(reply)
    refused = status is not None and (status.code != 0 or status.error_code != 0)
    verify("RunAnalyzer/invalid-params-refused", refused, expected="a non-zero status",
           actual="Success" if not refused else f"code {status.code}", request=request)


@pytest.mark.rpc("RunAnalyzer")
@pytest.mark.requires(since="2.5.13")
def test_run_analyzer_on_missing_collection(conn, ledger, check):
    _, reply = run(conn, ["Hello World"], params="", collection_name=ledger.name("missing"), field_name="text")
    check(reply, "RunAnalyzer/missing-collection")


@pytest.mark.rpc("ComputePhraseMatchSlop")
@pytest.mark.requires(since="3.0.0")
def test_phrase_match_slop(conn, check):
    request = milvus_pb2.ComputePhraseMatchSlopRequest(analyzer_params=STANDARD, query_text="hello world",
                                                       data_texts=["Hello World", "hello big world", "goodbye"])
    reply = conn.call("ComputePhraseMatchSlop", request)
    check(reply, "ComputePhraseMatchSlop/computes")
    verify("ComputePhraseMatchSlop/one-per-text", len(reply.is_match) == 3 and len(reply.slops) == 3,
           expected="3 is_match and 3 slops", actual=f"{len(reply.is_match)} is_match, {len(reply.slops)} slops",
           request=request)
    got = list(zip(reply.is_match, reply.slops, strict=False))
    verify("ComputePhraseMatchSlop/exact-phrase",
           len(got) == 3 and got[0] == (True, 0) and got[1][0] and not got[2][0],
           expected="[(True, 0), (True, _), (False, _)]", actual=str(got), request=request)
