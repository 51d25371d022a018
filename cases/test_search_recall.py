"""Approximate indexes (IVF_FLAT, HNSW) are held to a recall threshold against the brute-force top-k, not to
equality: an approximate index may miss true neighbours, but it must still find most of them, and every hit it
returns must be a live row scored with the true distance."""

from __future__ import annotations

import json

import numpy as np
import pytest

from conformance.expectations import verify
from conformance.expectations.oracle import (
    CREATED,
    INDEXED,
    INSERTED,
    LOADED,
    Oracle,
    await_loaded,
    hits_of,
    ids_of,
    request_of,
    standard_schema,
)
from conformance.orm import Collection

DIM = 16
N_ROWS = 400
N_QUERIES = 8
LIMIT = 10
# With these build/search parameters on 400 rows an index that works finds nearly every true neighbour; 0.8
# leaves room for the approximation while catching an index that returns arbitrary rows.
MIN_RECALL = 0.8
INDEXES = {
    "IVF_FLAT": ({"nlist": 8}, {"nprobe": 8}),
    "HNSW": ({"M": 16, "efConstruction": 64}, {"ef": 64}),
}


def rows(seed: int = 7) -> list[dict]:
    rng = np.random.default_rng(seed)
    data = rng.normal(size=(N_ROWS, DIM)).astype(np.float32)
    return [{"id": i, "n": i % 7, "s": f"s{i % 5}", "f": float(i % 11) / 4, "vec": data[i]} for i in range(N_ROWS)]


@pytest.fixture(scope="module", params=sorted(INDEXES))
def indexed(request, ledger, check):
    index_type = request.param
    build, search = INDEXES[index_type]
    name = ledger.name("c")
    coll = Collection(name, standard_schema(name, DIM), ledger=ledger)
    check(coll.create(), CREATED)
    written = rows()
    oracle = Oracle(coll.schema)
    reply = coll.insert(written)
    check(reply, INSERTED)
    oracle.insert(written, ids_of(reply.IDs))
    params = {"index_type": index_type, "metric_type": "L2", "params": json.dumps(build)}
    check(coll.index("vec", params).create(), INDEXED)
    check(coll.load(), LOADED)
    await_loaded(coll)
    return index_type, search, coll, oracle


@pytest.mark.rpc("Search", "CreateIndex")
def test_approximate_index_recall(indexed, check):
    index_type, search, coll, oracle = indexed
    queries = list(np.random.default_rng(11).normal(size=(N_QUERIES, DIM)).astype(np.float32))
    reply = coll.search(queries, limit=LIMIT, metric_type="L2", params=search)
    check(reply, "Search/accepts-valid-request")
    got = hits_of(reply.results)
    truth = oracle.search(queries, "L2", LIMIT)
    request = request_of(coll, reply)
    found = 0
    for q, (hits, exact) in enumerate(zip(got, truth, strict=True)):
        verify("Search/result/at-most-limit", len(hits) <= LIMIT, expected=f"<= {LIMIT}", actual=str(len(hits)),
               request=request)
        for hit in hits:
            verify("Search/result/live-rows", hit.id in oracle.rows, expected="ids written by the case",
                   actual=str(hit.id), request=request)
            true_score = oracle.score(queries[q], hit.id, "L2")
            verify("Search/result/true-scores", bool(np.isclose(hit.score, true_score, rtol=1e-3, atol=1e-3)),
                   expected=f"{index_type}: {true_score:.5f} for id {hit.id}", actual=f"{hit.score:.5f}",
                   request=request)
        scores = [h.score for h in hits]
        verify("Search/result/best-first", scores == sorted(scores), expected="ascending L2 scores",
               actual=str([round(s, 4) for s in scores]), request=request)
        found += len({h.id for h in hits} & {h.id for h in exact})
    recall = found / sum(len(e) for e in truth)
    verify("Search/result/recall", recall >= MIN_RECALL, expected=f"{index_type} recall@{LIMIT} >= {MIN_RECALL}",
           actual=f"{recall:.2f}", request=request)
