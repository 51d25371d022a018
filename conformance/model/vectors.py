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

import math
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
    if isinstance(vectors, np.ndarray):  # a prepared (rows x bytes) uint8 matrix
        return vectors
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


class Matrix:
    """The stored vectors of one field converted once for scoring (build it with :func:`prepare`; ``search``
    takes it as ``base``): ``data`` is a float32 (rows x dim) matrix for float, float16, bfloat16 and int8
    vectors, a uint8 (rows x bytes) matrix for binary ones, the list of index -> value maps for sparse ones. Row
    norms and the zero-row mask are computed on first use and kept. Never change ``data`` in place."""

    def __init__(self, kind: str, data: Any):
        self.kind = kind
        self.data = data
        self._sq64: np.ndarray | None = None
        self._sq32: np.ndarray | None = None
        self._inv_norm: np.ndarray | None = None
        self._nonzero: np.ndarray | None = None
        self._max_norm: float | None = None

    def __len__(self) -> int:
        return len(self.data)

    def sq64(self) -> np.ndarray:
        """|b|^2 per row, accumulated in float64 (in chunks: no rows x dim float64 copy)."""
        if self._sq64 is None:
            out = np.empty(len(self.data))
            for i in range(0, len(self.data), 8192):
                chunk = self.data[i:i + 8192].astype(np.float64)
                out[i:i + 8192] = np.einsum("nd,nd->n", chunk, chunk)
            self._sq64 = out
        return self._sq64

    def sq32(self) -> np.ndarray:
        if self._sq32 is None:
            self._sq32 = self.sq64().astype(np.float32)
        return self._sq32

    def max_norm(self) -> float:
        """The largest row norm (inf / nan when a value is not finite; 0 without rows)."""
        if self._max_norm is None:
            sq = self.sq64()
            self._max_norm = float(np.sqrt(sq.max())) if len(sq) and np.isfinite(sq).all() else \
                (0.0 if not len(sq) else math.inf)
        return self._max_norm

    def inv_norm(self) -> np.ndarray:
        """1 / |b| as float32, 0 for a zero row (its cosine is 0)."""
        if self._inv_norm is None:
            norm = np.sqrt(self.sq64())
            with np.errstate(divide="ignore"):
                self._inv_norm = np.where(norm > 0, 1.0 / np.where(norm > 0, norm, 1.0), 0.0).astype(np.float32)
        return self._inv_norm

    def nonzero(self) -> np.ndarray:
        """Rows with a non-zero component (COSINE leaves zero rows out)."""
        if self._nonzero is None:
            self._nonzero = np.any(self.data != 0, axis=1) if len(self.data) else np.zeros(0, dtype=bool)
        return self._nonzero


def prepare(base: Sequence | Matrix, kind: str | None = None) -> Matrix:
    """``base`` converted once for :func:`search` (a Matrix is returned as it is)."""
    if isinstance(base, Matrix):
        return base
    if kind is None:
        kind = vector_kind(base[0] if len(base) else [])
    if kind == "float":
        return Matrix(kind, _dense(base))
    if kind == "binary":
        return Matrix(kind, _bits(base) if len(base) else np.zeros((0, 0), dtype=np.uint8))
    return Matrix(kind, list(base))


# From this many rows on, float vectors are searched in two steps: every row is scored in float32 by one matrix
# product, then only the rows whose score can reach the window (its float32 error bounded, see
# _fast_candidates) are scored exactly as below. Fewer rows are all scored exactly. Both steps give the same
# hits and scores (tests/test_model_vectors.py compares them on random data, ties included).
FAST_MIN_ROWS = 2048
_U32 = float(np.finfo(np.float32).eps) / 2  # float32 unit roundoff


def search(metric: str, queries: Sequence, base: Sequence | Matrix, ids: Sequence | None = None, *, limit: int,
           offset: int = 0, round_decimal: int = -1, radius: float | None = None,
           range_filter: float | None = None, mask: Sequence[bool] | None = None,
           kind: str | None = None, keep_zero_cosine: bool = False) -> list[list[Hit]]:
    """Exact top-k for each query. ``ids`` default to row positions; ``mask`` (the filter expression's result)
    drops rows; hits ``offset`` .. ``offset + limit`` of the ranked list are returned, best first, ties in row
    order. Scores are float32 values (as on the wire), computed in float64 and rounded per ``round_decimal``.
    ``base`` may be a prepared :class:`Matrix` (converted once for many searches). Queries are scored in blocks
    (bounded memory) and each query's window is selected without sorting every row."""
    if kind is None and not isinstance(base, Matrix):
        kind = vector_kind(base[0] if len(base) else queries[0] if len(queries) else [])
    matrix = prepare(base, kind)
    kind = matrix.kind
    n = len(matrix)
    if ids is None:
        ids = range(n)
    larger = larger_is_better(metric)
    eligible = np.ones(n, dtype=bool)
    if mask is not None:
        eligible &= np.asarray(mask, dtype=bool)
    if metric.upper() == "COSINE" and not keep_zero_cosine and n and kind == "float":
        eligible &= matrix.nonzero()
    window = max(offset, 0) + max(limit, 0)
    picks = None
    if kind == "float" and n >= FAST_MIN_ROWS and len(queries):
        picks = _fast_candidates(metric, _dense(queries), matrix, eligible, window, radius, range_filter)
    out: list[list[Hit]] = []
    if picks is not None:
        for q, cand in zip(queries, picks, strict=True):
            row = float_scores(metric, [q], matrix.data[cand])[0].astype(np.float32).astype(np.float64)
            out.append(_hits(row, cand, ids, larger, window, offset, limit, radius, range_filter, round_decimal))
        return out
    step = _block(n)
    every = np.flatnonzero(eligible)
    for start in range(0, len(queries), step):
        block = scores(metric, queries[start:start + step], matrix.data, kind)
        for row in block.astype(np.float32).astype(np.float64):  # float32 values, as on the wire
            out.append(_hits(row[every], every, ids, larger, window, offset, limit, radius, range_filter,
                             round_decimal))
    return out


def _hits(values: np.ndarray, idx: np.ndarray, ids: Sequence, larger: bool, window: int, offset: int, limit: int,
          radius: float | None, range_filter: float | None, round_decimal: int) -> list[Hit]:
    """The window of one query's ranking over rows ``idx`` (ascending) scored ``values`` (float32 values)."""
    if radius is not None:
        inside = (values > radius) if larger else (values < radius)
        if range_filter is not None:
            inside &= (values <= range_filter) if larger else (values >= range_filter)
        idx, values = idx[inside], values[inside]
    keys = -values if larger else values
    if window < len(idx):  # every candidate up to the window's last key (its ties included), then sort
        kth = np.partition(keys, window - 1)[window - 1] if window else -np.inf
        near = (keys <= kth) | bool(np.isnan(kth))
        idx, keys, values = idx[near], keys[near], values[near]
    order = np.argsort(keys, kind="stable")[offset:offset + limit]
    chosen = idx[order]
    return [Hit(ids[j], s) for j, s in zip(chosen.tolist(), _rounded(values[order], round_decimal), strict=True)]


def _fast_candidates(metric: str, q: np.ndarray, matrix: Matrix, eligible: np.ndarray, window: int,
                     radius: float | None, range_filter: float | None) -> list[np.ndarray] | None:
    """For each query, the rows (ascending) whose exact score can fall in the window (ties of its last score
    included) or in the range: every row is scored in float32 (``key``, smaller is better) with an error of at
    most ``lim``; the window's last exact score is at most K + lim (K = the window-th smallest key), so a row
    with key > K + 2 lim (+ a float32 ulp for ties after rounding) cannot reach it. The bound is the classic
    dot-product bound gamma_d * |q| |b| widened 4x. None when the bound cannot be trusted (non-finite values,
    magnitudes near float32's range, a dimension mismatch): then every row is scored exactly."""
    b = matrix.data
    m = metric.upper()
    if m not in FLOAT_METRICS or q.ndim != 2 or b.ndim != 2 or q.shape[1] != b.shape[1] or not q.shape[1]:
        return None
    qsq = np.einsum("qd,qd->q", q.astype(np.float64), q.astype(np.float64))
    bmax = matrix.max_norm()
    if not (np.isfinite(qsq).all() and math.isfinite(bmax)):
        return None
    qn = np.sqrt(qsq)
    if float(qn.max()) + bmax > 1e15:  # squares near float32's range
        return None
    gamma = 4 * (q.shape[1] + 8) * _U32
    lim = {"L2": gamma * (qn + bmax) ** 2, "IP": gamma * qn * bmax, "COSINE": np.full(len(q), gamma)}[m] + 1e-30
    sign = -1.0 if m in LARGER_IS_BETTER else 1.0
    out: list[np.ndarray] = []
    outside = np.flatnonzero(~eligible)
    count = len(eligible) - len(outside)
    every = np.flatnonzero(eligible)
    step = _block(len(b))
    for start in range(0, len(q), step):
        keys = q[start:start + step] @ b.T  # float32
        if m == "L2":
            keys *= np.float32(-2.0)
            keys += qsq[start:start + step, None].astype(np.float32)
            keys += matrix.sq32()[None, :]
        elif m == "COSINE":
            keys *= matrix.inv_norm()[None, :]
            with np.errstate(divide="ignore"):
                inv_q = np.where(qn[start:start + step] > 0, 1.0 / np.maximum(qn[start:start + step], 1e-300), 0.0)
            keys *= inv_q.astype(np.float32)[:, None]
        if sign < 0:
            np.negative(keys, out=keys)
        if len(outside):
            keys[:, outside] = np.inf
        for row, bound in zip(keys, lim[start:start + step], strict=True):
            if radius is not None:
                hi = _up(sign * radius + bound)  # score < radius (smaller is better), > radius (larger)
                near = row <= hi
                if range_filter is not None:
                    near &= row >= -_up(-(sign * range_filter - bound))
                out.append(np.flatnonzero(near))
            elif window >= count:
                out.append(every)
            elif window == 0:
                out.append(every[:0])
            else:
                kth = float(np.partition(row, window - 1)[window - 1])
                out.append(np.flatnonzero(row <= _up(kth + 2 * bound)))
    return out


def serial_blas() -> None:
    """Run numpy's bundled OpenBLAS on one thread in this process (nothing when it is not found). A gRPC server
    answers each request on a thread of its own; OpenBLAS's worker threads, spinning after every product, took the
    CPU the request threads need: measured in the mock on 2 busy cores, FLAT search over 100k x 128 took 14 ms
    at nq 1 and 321 ms at nq 100 with 2 BLAS threads, 6 ms and 146 ms with one."""
    if _blas_done:
        return
    _blas_done.append(True)
    import ctypes
    import glob
    import os

    for path in glob.glob(os.path.join(os.path.dirname(np.__file__), os.pardir, "numpy.libs", "*openblas*")):
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for name in ("scipy_openblas_set_num_threads64_", "scipy_openblas_set_num_threads",
                     "openblas_set_num_threads64_", "openblas_set_num_threads"):
            if hasattr(lib, name):
                getattr(lib, name)(1)
                return


_blas_done: list = []


def _up(x: float) -> np.float32:
    """A float32 threshold at or above ``x`` plus a float32 ulp of margin (score ties after rounding)."""
    x = x + 4 * _U32 * abs(x) + 1e-30
    t = np.float32(x)
    return np.nextafter(t, np.float32(np.inf)) if float(t) < x else t


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
