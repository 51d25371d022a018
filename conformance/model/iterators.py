"""Search and query iterators as current Milvus serves them (master internal/proxy/dql): the request keys an SDK
sends, their checks, and the paging state a server answers with. The mock applies these; the checks are the
registry's (``rules/iterator.py``).

Search (``search_params``): ``iterator`` ("true"/"True") marks an iterator request — a topk out of range is then
clamped to the limit instead of refused (parseSearchInfo) and group-by is refused. Search iterator v2
(``search_iter_v2``, pymilvus >= 2.5.3): ``search_iter_batch_size`` (required, a valid limit) replaces topk,
``search_iter_id`` is a UUID token (generated on the first page), ``search_iter_last_bound`` the score the previous
page ended on; an offset is refused (parseSearchIteratorV2Info). The answer carries
``SearchResultData.search_iterator_v2_results`` {token, last_bound = the page's last score, else the incoming bound,
else the closest possible bound} (task_search.go getLastBound) and, on a first page (guarantee_timestamp 0),
``SearchResults.session_ts`` (PostExecute). A page holds the hits strictly beyond the last bound (segcore).

Query (``query_params``): ``iterator`` and ``reduce_stop_for_best`` must parse as Go booleans (1100 otherwise);
an iterator query is reduced in primary-key order (ReduceInOrder), so ``limit`` pages are the smallest keys
matching; ``query_iter_last_pk`` / ``query_iter_last_element_offset`` (the element cursor) only with
``iterator`` and together (parseQueryIteratorCursor). A first iterator page answers ``QueryResults.session_ts``;
an iterator request with guarantee_timestamp > 0 reads at that MVCC timestamp (PreExecute).

The MVCC read (``CollectionData.snapshot_at``) hides row versions written after the session and still shows the
versions a later delete or upsert removed (the store keeps them as tombstones with the removal's timestamp, the
newest ``store.TOMBSTONES`` of them). Model limit (said, not hidden): the element cursor is applied at row level
(keys after ``query_iter_last_pk``): element-level filters are not modelled.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from typing import Any

from . import errors, limits, vectors
from .rules import rules

ITERATOR = "iterator"
SEARCH_ITER_V2 = "search_iter_v2"
SEARCH_ITER_BATCH_SIZE = "search_iter_batch_size"
SEARCH_ITER_LAST_BOUND = "search_iter_last_bound"
SEARCH_ITER_ID = "search_iter_id"
REDUCE_STOP_FOR_BEST = "reduce_stop_for_best"
COLLECTION_ID = "collection_id"
QUERY_ITER_LAST_PK = "query_iter_last_pk"
QUERY_ITER_LAST_ELEMENT_OFFSET = "query_iter_last_element_offset"
MAX_FLOAT32 = 3.4028234663852886e38

_GO_TRUE = frozenset({"1", "t", "T", "TRUE", "true", "True"})
_GO_FALSE = frozenset({"0", "f", "F", "FALSE", "false", "False"})


def go_bool(raw: str) -> bool | None:
    """strconv.ParseBool; None when it fails."""
    if raw in _GO_TRUE:
        return True
    if raw in _GO_FALSE:
        return False
    return None


def go_int(raw: str) -> int | None:
    """strconv.ParseInt(raw, 0, 64): base prefixes and underscores (with a prefix) accepted."""
    try:
        value = int(raw, 0)
    except ValueError:
        return None
    return value if -(1 << 63) <= value < (1 << 63) else None


def _refuse(check_id: str, reason: str) -> errors.MilvusError:
    """The registered check's error (code, legacy, input-error mark) with the reason as master words it."""
    answer = rules.get(check_id).answer
    return errors.MilvusError(answer.code, reason, legacy=answer.legacy, input_error=answer.input_error,
                              check_id=check_id)


@dataclass
class SearchIteration:
    """A search iterator request: v1 (``iterator`` only) or v2 (``token`` set)."""

    v2: bool
    token: str = ""
    batch_size: int = 0
    last_bound: float | None = None


def search_params(params: dict[str, str]) -> tuple[dict[str, str], bool]:
    """The search_params with an iterator's out-of-range topk clamped to the limit (parseSearchInfo); returns
    (params, is_iterator). Non-iterator requests are returned unchanged."""
    is_iterator = params.get(ITERATOR, "") in ("True", "true")
    if is_iterator and "topk" in params:
        topk = go_int(params["topk"])
        if topk is not None and not limits.MIN_TOPK <= topk <= limits.MAX_TOPK:
            params = {**params, "topk": str(limits.MAX_TOPK)}
    return params, is_iterator


def plan_search(params: dict[str, str], is_iterator: bool, offset: int) -> SearchIteration | None:
    """parseSearchInfo's iterator steps after the group-by parse: group-by refused with an iterator, then
    parseSearchIteratorV2Info (every error wrapped as 1100 "parse iterator v2 info failed: ...")."""
    if is_iterator and params.get("group_by_field", ""):
        raise _refuse("Search/iterator/group-by", "Not allowed to do groupBy when doing iteration: invalid parameter")
    if not go_bool(params.get(SEARCH_ITER_V2, "")):
        return SearchIteration(False) if is_iterator else None

    def fail(check_id: str, why: str):
        return _refuse(check_id, f"parse iterator v2 info failed: {why}: invalid parameter")

    if not is_iterator:
        raise fail("Search/iterator/v2-without-iterator",
                   f"both {ITERATOR} and {SEARCH_ITER_V2} must be set in the SDK: missing parameter")
    if offset > 0:
        raise fail("Search/iterator/v2-offset", "Setting an offset is not permitted when using a search iterator v2")
    token = params.get(SEARCH_ITER_ID, "")
    if token == "":
        token = str(uuid.uuid4())
    else:
        try:
            uuid.UUID(token)
        except ValueError:
            raise fail("Search/iterator/v2-invalid-token", "invalid token format") from None
    raw = params.get(SEARCH_ITER_BATCH_SIZE, "")
    if raw == "":
        raise fail("Search/iterator/v2-batch-size-missing", "batch size is required: missing parameter")
    batch = go_int(raw)
    if batch is None:
        raise fail("Search/iterator/v2-batch-size-invalid", f"batch size is invalid, {raw[:1000]}")
    if not limits.MIN_TOPK <= batch <= limits.MAX_TOPK:
        raise fail("Search/iterator/v2-batch-size-invalid",
                   f"batch size is invalid, it should be in range [{limits.MIN_TOPK}, {limits.MAX_TOPK}], but got "
                   f"{batch}")
    bound = None
    raw = params.get(SEARCH_ITER_LAST_BOUND, "")
    if raw != "":
        try:
            bound = float(raw)
        except ValueError:
            bound = None
        if bound is None or math.isnan(bound) and raw.lower() not in ("nan", "+nan", "-nan"):
            raise fail("Search/iterator/v2-invalid-last-bound", f"failed to parse input last bound, {raw[:1000]}")
        bound = _f32(bound)
    return SearchIteration(True, token, batch, bound)


def _f32(value: float) -> float:
    import numpy as np

    return float(np.float32(value))


def beyond(score: float, bound: float, metric: str) -> bool:
    """A hit belongs to the next page when its (float32) score is strictly past the bound in ranking order."""
    s = _f32(score)
    return s < bound if vectors.larger_is_better(metric) else s > bound


def page(hits: list, rows: list, iteration: SearchIteration, metric: str) -> tuple[list, list]:
    """One query's v2 page: the hits strictly beyond the last bound, at most batch_size of them."""
    kept_h, kept_r = [], []
    for h, r in zip(hits, rows, strict=True):
        if iteration.last_bound is not None and not beyond(h.score, iteration.last_bound, metric):
            continue
        kept_h.append(h)
        kept_r.append(r)
        if len(kept_h) >= iteration.batch_size:
            break
    return kept_h, kept_r


def last_bound(scores: list[float], nq: int, iteration: SearchIteration, metric: str) -> float:
    """getLastBound: the page's last score (nq 1), else the incoming bound, else the closest possible bound."""
    if scores and nq == 1:
        return scores[-1]
    if iteration.last_bound is not None:
        return iteration.last_bound
    return MAX_FLOAT32 if vectors.larger_is_better(metric) else -MAX_FLOAT32


def check_search_collection_id(params: dict[str, str], collection_id: int) -> None:
    """createPlan after parseSearchInfo: a collection_id (unparsable = 0, unchecked) must be the collection's."""
    given = go_int(params.get(COLLECTION_ID, "")) or 0
    if given > 0 and given != collection_id:
        raise _refuse("Search/collection-id-mismatch",
                      f"collection id:{given} in the request is not consistent to that in the search context,alias or "
                      f"database may have been changed: {collection_id}: invalid parameter")


@dataclass
class QueryIteration:
    is_iterator: bool
    reduce_stop_for_best: bool
    last_pk: Any = None  # the element cursor's primary key, when given
    collection_id: int = 0  # query_params collection_id (0 = not given)

    def check_collection(self, collection_id: int) -> None:
        """PreExecute after parseQueryParams."""
        if self.collection_id > 0 and self.collection_id != collection_id:
            raise _refuse("Query/collection-id-mismatch", "Input collection id is not consistent to collectionID in "
                          "the context,alias or database may have changed: invalid parameter")


def query_params(params: dict[str, str], pk_is_int: bool) -> QueryIteration:
    """parseQueryParams's iterator keys, then parseQueryIteratorCursor."""
    rsb = False
    if REDUCE_STOP_FOR_BEST in params:
        rsb = go_bool(params[REDUCE_STOP_FOR_BEST])
        if rsb is None:
            raise _refuse("Query/iterator/invalid-reduce-stop-for-best",
                          "value for reduce_stop_for_best is invalid: invalid parameter[expected=true or false]"
                          f"[actual={params[REDUCE_STOP_FOR_BEST][:1000]}]")
    it = False
    if ITERATOR in params:
        it = go_bool(params[ITERATOR])
        if it is None:
            raise _refuse("Query/iterator/invalid-iterator-flag",
                          "value for iterator field is invalid: invalid parameter[expected=true or false]"
                          f"[actual={params[ITERATOR][:1000]}]")
    cid = 0
    if COLLECTION_ID in params:
        cid = go_int(params[COLLECTION_ID])
        if cid is None:
            raise _refuse("Query/invalid-collection-id", "value for collection id is invalid: invalid parameter"
                          f"[expected=int value for collection_id][actual={COLLECTION_ID}]")
    has_pk, has_off = QUERY_ITER_LAST_PK in params, QUERY_ITER_LAST_ELEMENT_OFFSET in params
    last_pk = None
    if has_pk or has_off:
        if not it:
            raise _refuse("Query/iterator/cursor-without-iterator",
                          f"invalid query iterator cursor params: {QUERY_ITER_LAST_PK} and "
                          f"{QUERY_ITER_LAST_ELEMENT_OFFSET} can only be used when iterator=true: invalid parameter")
        if not (has_pk and has_off):
            raise _refuse("Query/iterator/cursor-incomplete",
                          f"incomplete query iterator cursor params: {QUERY_ITER_LAST_PK} and "
                          f"{QUERY_ITER_LAST_ELEMENT_OFFSET} must be provided together: invalid parameter")
        off = go_int(params[QUERY_ITER_LAST_ELEMENT_OFFSET])
        if off is None or off < 0:
            raise _refuse("Query/iterator/cursor-incomplete",
                          "value for query iterator last element offset is invalid: invalid parameter")
        if pk_is_int:
            last_pk = go_int(params[QUERY_ITER_LAST_PK])
            if last_pk is None:
                raise _refuse("Query/iterator/cursor-incomplete",
                              "value for query iterator last primary key is invalid: invalid parameter")
        else:
            last_pk = params[QUERY_ITER_LAST_PK]
    return QueryIteration(it, rsb, last_pk, cid)


def visible_at(rows: list, mvcc_ts: int) -> list:
    """The row versions of ``rows`` written at or before an MVCC timestamp (the mock reads a session through
    ``CollectionData.snapshot_at``, which also brings back the versions removed after it)."""
    return [r for r in rows if r.ts <= mvcc_ts]
