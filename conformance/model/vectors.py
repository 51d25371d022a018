"""Exact (brute-force) vector search, the reference a FLAT index must reproduce.

Metrics and score formulas (``score`` is what Milvus returns in ``SearchResultData.scores``):

=========  ============================================  ================  =====================================
metric     score                                          better            vectors
=========  ============================================  ================  =====================================
L2         squared Euclidean distance  sum((q - v)^2)     smaller           float, float16, bfloat16, int8
IP         inner product  sum(q * v)                      larger            float, float16, bfloat16, int8, sparse
COSINE     sum(q * v) / (|q| * |v|); 0 if either is zero  larger            float, float16, bfloat16, int8
HAMMING    popcount(q XOR v)                              smaller           binary
JACCARD    1 - popcount(q AND v) / popcount(q OR v);      smaller           binary
           0 when both are all-zero
=========  ============================================  ================  =====================================

verified on milvus-lite 3.2.2 and Milvus 2.3.5 (FLAT, 2-d float vectors, query (0,0)): L2 scores are the
*squared* distance (point (0.5, 0.5) -> 0.5, (3, 4) -> 25.0); IP with query (1, 2) gives (3, 4) -> 11.0;
COSINE gives (3, 4) -> 0.98387. A zero base vector under COSINE: Milvus 2.3.5 leaves the row out of the
results entirely (7 of 8 hits for limit 8), milvus-lite 3.2.2 returns it with score 0.0 — ``search`` drops it
unless ``keep_zero_cosine``.

Ties: the order of equal scores is NOT specified. verified: L2 ties (ids 5, 8) come in insertion order on both
servers, but the IP tie (ids 2, 5 at 1.0) came 5, 2 from Milvus 2.3.5 and 2, 5 from milvus-lite 3.2.2. This
model keeps row order; oracles should compare with :func:`same_ranking`, which ignores order within a tie.

Range search (``radius`` / ``range_filter`` in the search params): for smaller-is-better metrics a hit is kept
when ``range_filter <= score < radius``; for larger-is-better ones when ``radius < score <= range_filter``.
verified on milvus-lite 3.2.2: L2 radius 5 keeps 4.0 and drops 8.0; L2 radius 8.5 + range_filter 1.0 keeps
1.0 .. 8.0; IP radius 2.0 keeps 3.0 and up; IP radius 0.5 + range_filter 4.0 keeps 4.0 and drops 6.0.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

SMALLER_IS_BETTER = {"L2", "HAMMING", "JACCARD", "SUBSTRUCTURE", "SUPERSTRUCTURE"}
LARGER_IS_BETTER = {"IP", "COSINE", "BM25"}
FLOAT_METRICS = ("L2", "IP", "COSINE")
BINARY_METRICS = ("HAMMING", "JACCARD")
SPARSE_METRICS = ("IP",)

_POPCOUNT = np.array([bin(i).count("1") for i in range(256)], dtype=np.int64)
# Score work is done in blocks of queries such that a block's (queries x rows x dim) intermediate stays under this
# many elements: memory stays bounded whatever nq, the row count and the dim.
_BLOCK_ELEMENTS = 1 << 22


def larger_is_better(metric: str) -> bool:
    m = metric.upper()
    if m in LARGER_IS_BETTER:
        return True
    if m in SMALLER_IS_BETTER:
        return False
    raise ValueError(f"unknown metric {metric!r}")


@dataclass(frozen=True)
class Hit:
    id: Any
    score: float


# ------------------------------------------------------------------------------------------------------------
# Score matrices (nq x n)
# ------------------------------------------------------------------------------------------------------------

def _dense(vectors: Sequence) -> np.ndarray:
    if isinstance(vectors, np.ndarray):
        arr = vectors.astype(np.float32, copy=False)
    elif len(vectors) and all(isinstance(v, np.ndarray) for v in vectors):
        arr = np.stack(vectors).astype(np.float32, copy=False)  # stored rows: one C-level copy, no per-row work
    else:
        arr = np.asarray([np.asarray(v, dtype=np.float32) for v in vectors], dtype=np.float32)
    return arr.reshape(len(vectors), -1) if len(vectors) else arr.reshape(0, 0)


def _bits(vectors: Sequence[bytes]) -> np.ndarray:
    return np.asarray([np.frombuffer(bytes(v), dtype=np.uint8) for v in vectors], dtype=np.uint8)


def float_scores(metric: str, queries: Sequence, base: Sequence) -> np.ndarray:
    """Scores of dense numeric vectors (float32 arithmetic is used for the inputs, float64 to accumulate)."""
    q = _dense(queries).astype(np.float64)
    b = _dense(base).astype(np.float64)
    if len(b) == 0 or len(q) == 0:
        return np.zeros((len(q), len(b)))
    if q.shape[1] != b.shape[1]:
        raise ValueError(f"dimension mismatch: query {q.shape[1]} vs base {b.shape[1]}")
    m = metric.upper()
    ip = q @ b.T
    if m == "L2":
        # |q - b|^2 = |q|^2 - 2 q.b + |b|^2 in float64: one matrix product instead of an nq x n x dim array; the
        # cancellation error (~1e-12 relative) is far below the float32 the scores travel as. Never negative.
        out = np.einsum("qd,qd->q", q, q)[:, None] - 2.0 * ip + np.einsum("nd,nd->n", b, b)[None, :]
        return np.maximum(out, 0.0, out=out)
    if m == "IP":
        return ip
    if m == "COSINE":
        norms = np.linalg.norm(q, axis=1)[:, None] * np.linalg.norm(b, axis=1)[None, :]
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(norms > 0, ip / np.where(norms > 0, norms, 1), 0.0)
    raise ValueError(f"metric {metric} does not apply to float vectors")


def binary_scores(metric: str, queries: Sequence[bytes], base: Sequence[bytes]) -> np.ndarray:
    q = _bits(queries)
    b = _bits(base)
    if len(b) == 0 or len(q) == 0:
        return np.zeros((len(q), len(b)))
    m = metric.upper()
    if m not in ("HAMMING", "JACCARD"):
        raise ValueError(f"metric {metric} does not apply to binary vectors")
    out = np.empty((len(q), len(b)))
    step = _block(len(b) * q.shape[1])
    for i in range(0, len(q), step):
        qs = q[i:i + step, None, :]
        if m == "HAMMING":
            out[i:i + step] = _POPCOUNT[qs ^ b[None, :, :]].sum(axis=2)
            continue
        inter = _POPCOUNT[qs & b[None, :, :]].sum(axis=2)
        union = _POPCOUNT[qs | b[None, :, :]].sum(axis=2)
        # unverified: both-empty vectors score 0 (knowhere's jaccard returns 0 for an empty union).
        with np.errstate(divide="ignore", invalid="ignore"):
            out[i:i + step] = np.where(union > 0, 1.0 - inter / np.where(union > 0, union, 1), 0.0)
    return out


def _block(per_query: int) -> int:
    """Queries per block for ``per_query`` intermediate elements each."""
    return max(1, _BLOCK_ELEMENTS // max(1, per_query))


def sparse_scores(metric: str, queries: Sequence[Mapping[int, float]],
                  base: Sequence[Mapping[int, float]]) -> np.ndarray:
    if metric.upper() != "IP":
        raise ValueError(f"metric {metric} does not apply to sparse vectors (only IP)")
    out = np.zeros((len(queries), len(base)))
    for i, q in enumerate(queries):
        for j, v in enumerate(base):
            small, large = (q, v) if len(q) <= len(v) else (v, q)
            out[i, j] = sum(float(np.float32(x)) * float(np.float32(large[k])) for k, x in small.items() if k in large)
    return out


def scores(metric: str, queries: Sequence, base: Sequence, kind: str = "float") -> np.ndarray:
    """Score matrix for ``kind`` in {"float", "binary", "sparse"} (float covers float16/bfloat16/int8 too)."""
    if kind == "binary":
        return binary_scores(metric, queries, base)
    if kind == "sparse":
        return sparse_scores(metric, queries, base)
    return float_scores(metric, queries, base)


def vector_kind(sample: Any) -> str:
    if isinstance(sample, (bytes, bytearray)):
        return "binary"
    if isinstance(sample, Mapping):
        return "sparse"
    return "float"


# ------------------------------------------------------------------------------------------------------------
# Top-k
# ------------------------------------------------------------------------------------------------------------

def round_score(value: float, round_decimal: int) -> float:
    """``round_decimal`` = -1 leaves scores alone; n >= 0 rounds half away from zero to n decimals (knowhere /
    segcore ``std::round(x * 10^n) / 10^n``, unverified on a live server), then to float32 as on the wire."""
    if round_decimal is None or round_decimal < 0:
        return float(np.float32(value))
    mult = 10.0 ** round_decimal
    x = value * mult
    rounded = np.floor(abs(x) + 0.5) * np.sign(x)
    return float(np.float32(rounded / mult))


def in_range(metric: str, score: float, radius: float | None, range_filter: float | None) -> bool:
    if radius is None:
        return True
    if larger_is_better(metric):
        return score > radius and (range_filter is None or score <= range_filter)
    return score < radius and (range_filter is None or score >= range_filter)


def search(metric: str, queries: Sequence, base: Sequence, ids: Sequence | None = None, *, limit: int,
           offset: int = 0, round_decimal: int = -1, radius: float | None = None,
           range_filter: float | None = None, mask: Sequence[bool] | None = None,
           kind: str | None = None, keep_zero_cosine: bool = False) -> list[list[Hit]]:
    """Exact top-k for each query. ``ids`` default to row positions; ``mask`` (the filter expression's result)
    drops rows; hits ``offset`` .. ``offset + limit`` of the ranked list are returned, best first, ties in row
    order. Scores are float32 values (as on the wire), rounded per ``round_decimal``. Queries are scored in
    blocks (bounded memory) and each query's window is selected without sorting every row."""
    if ids is None:
        ids = list(range(len(base)))
    if kind is None:
        kind = vector_kind(base[0] if len(base) else queries[0] if len(queries) else [])
    larger = larger_is_better(metric)
    n = len(base)
    eligible = np.ones(n, dtype=bool)
    if mask is not None:
        eligible &= np.asarray(mask, dtype=bool)
    if metric.upper() == "COSINE" and not keep_zero_cosine and n:
        eligible &= np.any(_dense(base) != 0, axis=1)
    window = max(offset, 0) + max(limit, 0)
    out: list[list[Hit]] = []
    step = _block(n)
    for start in range(0, len(queries), step):
        matrix = scores(metric, queries[start:start + step], base, kind)
        for row in matrix.astype(np.float32).astype(np.float64):  # float32 values, as on the wire
            cand = eligible
            if radius is not None:
                inside = (row > radius) if larger else (row < radius)
                if range_filter is not None:
                    inside &= (row <= range_filter) if larger else (row >= range_filter)
                cand = cand & inside
            idx = np.flatnonzero(cand)
            keys = -row[idx] if larger else row[idx]
            if window < len(idx):  # every candidate up to the window's last key (its ties included), then sort
                kth = np.partition(keys, window - 1)[window - 1] if window else -np.inf
                near = (keys <= kth) | bool(np.isnan(kth))
                idx, keys = idx[near], keys[near]
            chosen = idx[np.argsort(keys, kind="stable")][offset:offset + limit]
            values = _rounded(row[chosen], round_decimal)
            out.append([Hit(ids[j], v) for j, v in zip(chosen.tolist(), values, strict=True)])
    return out


def _rounded(values: np.ndarray, round_decimal: int) -> list[float]:
    """round_score over an array (the same float64 steps, element by element)."""
    if round_decimal is None or round_decimal < 0:
        return values.astype(np.float32).tolist()
    mult = 10.0 ** round_decimal
    x = values * mult
    with np.errstate(invalid="ignore"):
        rounded = np.floor(np.abs(x) + 0.5) * np.sign(x)
    return (rounded / mult).astype(np.float32).tolist()


def same_ranking(expected: Sequence[Hit], actual: Sequence[Hit], *, rel_tol: float = 1e-5,
                 abs_tol: float = 1e-6) -> bool:
    """True when ``actual`` ranks like ``expected``: same scores position by position (within tolerance) and,
    within each run of tied scores, the same set of ids. A tie group cut by the limit may hold any of the tied
    ids, so the last group only needs ids drawn from the tied candidates seen in ``expected``."""
    if len(expected) != len(actual):
        return False
    for e, a in zip(expected, actual, strict=True):
        if not np.isclose(e.score, a.score, rtol=rel_tol, atol=abs_tol):
            return False
    i = 0
    while i < len(expected):
        j = i
        while j < len(expected) and np.isclose(expected[j].score, expected[i].score, rtol=rel_tol, atol=abs_tol):
            j += 1
        if j < len(expected) and {h.id for h in expected[i:j]} != {h.id for h in actual[i:j]}:
            return False
        i = j
    return True
