"""Search and query iterators on current Milvus (model: conformance/model/iterators.py).

Search (dql/search_util.go parseSearchInfo → parseSearchIteratorV2Info; dql/task_search.go PostExecute /
getLastBound) and Query (dql/task_query.go parseQueryParams → parseQueryIteratorCursor, PostExecute). Every
iterator v2 error is re-wrapped by parseSearchInfo as ParameterInvalid ("parse iterator v2 info failed: ..."), so
even "batch size is required" (ParameterMissing inside) reaches the client as 1100.
"""

from __future__ import annotations

from ..errors import PARAMETER_INVALID
from .dataplane import QUERY, SEARCH, SEARCH_UTIL
from .evidence import Change, master
from .registry import error, semantic

_V2 = "parseSearchIteratorV2Info"
_WRAP = "parseSearchInfo wraps it: merr.WrapErrParameterInvalidMsg(\"parse iterator v2 info failed: %v\")"
# Search iterator v2 arrived in Milvus 2.5.2 (pymilvus: "upgrade your Milvus server version to 2.5.2 and later");
# older servers ignore the keys (pymilvus then falls back to v1).
V2_SINCE = "2.5.2"
V2_CHANGE = Change("milvus v2.5.2 release notes", "search iterator v2 (pymilvus >= 2.5.3 falls back to v1 before)")
_PARSE_QUERY = "parseQueryParams"
_CURSOR = "parseQueryIteratorCursor"

error("Search/iterator/group-by", "Search iterator request (iterator=true) with a group_by_field", PARAMETER_INVALID,
      "Not allowed to do groupBy when doing iteration",
      evidence=master(SEARCH_UTIL, "parseSearchInfo", "step 6: merr.WrapErrParameterInvalid"),
      since="2.4.0")
error("Search/iterator/v2-without-iterator", "Search with search_iter_v2=true but without iterator=true",
      PARAMETER_INVALID, "both iterator and search_iter_v2 must be set in the SDK",
      evidence=(master(SEARCH_UTIL, _V2, "merr.WrapErrParameterMissingMsg; " + _WRAP), V2_CHANGE), since=V2_SINCE)
error("Search/iterator/v2-offset", "Search iterator v2 request with an offset", PARAMETER_INVALID,
      "Setting an offset is not permitted when using a search iterator v2",
      evidence=(master(SEARCH_UTIL, _V2, _WRAP), V2_CHANGE), since=V2_SINCE)
error("Search/iterator/v2-invalid-token", "Search iterator v2 request whose search_iter_id is not a UUID",
      PARAMETER_INVALID, "invalid token format", evidence=(master(SEARCH_UTIL, _V2, "uuid.Parse; " + _WRAP),
                                                           V2_CHANGE), since=V2_SINCE)
error("Search/iterator/v2-batch-size-missing", "Search iterator v2 request without search_iter_batch_size",
      PARAMETER_INVALID, "batch size is required",
      evidence=(master(SEARCH_UTIL, _V2, "merr.WrapErrParameterMissingMsg; " + _WRAP), V2_CHANGE), since=V2_SINCE)
error("Search/iterator/v2-batch-size-invalid", "Search iterator v2 request whose search_iter_batch_size is no "
      "integer or outside the topk limit [1, 16384]", PARAMETER_INVALID, "batch size is invalid",
      evidence=(master(SEARCH_UTIL, _V2, "strconv.ParseInt, then validateLimit; " + _WRAP), V2_CHANGE),
      since=V2_SINCE)
error("Search/iterator/v2-invalid-last-bound", "Search iterator v2 request whose search_iter_last_bound is no "
      "number", PARAMETER_INVALID, "failed to parse input last bound",
      evidence=(master(SEARCH_UTIL, _V2, "strconv.ParseFloat(_, 32); " + _WRAP), V2_CHANGE), since=V2_SINCE)
semantic("Search/iterator/topk-clamped", "A search iterator request (iterator=true) with a topk above the limit is "
         "served with topk clamped to the limit, not refused",
         evidence=master(SEARCH_UTIL, "parseSearchInfo", "validateLimit fails and isIterator: topK = TopKLimit"))
semantic("Search/iterator/v2-pages", "Search iterator v2 pages: a UUID token (generated on the first page, echoed "
         "after), at most batch_size hits each, last_bound = the page's last score, every hit strictly beyond the "
         "incoming last_bound; the pages together are the exact ranking; the first page (guarantee_timestamp 0) "
         "answers session_ts > 0",
         evidence=(master(SEARCH, "getLastBound", "last score when nq == 1, else the incoming bound, else the "
                          "closest bound"),
                   master(SEARCH, "searchTask.PostExecute", "SearchIteratorV2Results{Token, LastBound}; SessionTs "
                          "when isIterator and GuaranteeTimestamp == 0"),
                   master(SEARCH_UTIL, _V2, "queryTopK = batchSize"), V2_CHANGE),
         since=V2_SINCE,
         gap="segcore's comparison with last_bound (strictly beyond) was not read; taken from pymilvus#3421's "
             "account ('the dist > last_bound filter')")

error("Query/iterator/invalid-iterator-flag", "Query whose query_params 'iterator' is not a boolean",
      PARAMETER_INVALID, "value for iterator field is invalid",
      evidence=master(QUERY, _PARSE_QUERY, "strconv.ParseBool; merr.WrapErrParameterInvalid(\"true or false\", ...)"),
      since="2.4.0", gap="first release not pinned: Milvus 2.3.5 ignores the key (an auth-less 2.3.5 served "
                         "iterator=maybe, 2026-12-01), a 2.4/2.5-line copy of task_query.go (stored copy 2406439931) "
                         "parses it beside collection_id; 2.4.0 assumed, as for Query/invalid-collection-id")
error("Query/iterator/invalid-reduce-stop-for-best", "Query whose query_params 'reduce_stop_for_best' is not a "
      "boolean", PARAMETER_INVALID, "value for reduce_stop_for_best is invalid",
      evidence=master(QUERY, _PARSE_QUERY, "strconv.ParseBool; merr.WrapErrParameterInvalid(\"true or false\", ...)"),
      since="2.3.0")
error("Query/iterator/cursor-without-iterator", "Query with query_iter_last_pk / query_iter_last_element_offset "
      "but without iterator=true", PARAMETER_INVALID, "can only be used when iterator=true",
      evidence=master(QUERY, _CURSOR, "merr.WrapErrParameterInvalidMsg"), since="2.6.0",
      gap="the release that introduced the element cursor was not pinned; 2.6.0 is a lower bound guess from "
          "pymilvus's element-filter iterators")
error("Query/iterator/cursor-incomplete", "Query iterator cursor with only one of query_iter_last_pk / "
      "query_iter_last_element_offset, or a value that does not parse", PARAMETER_INVALID,
      evidence=master(QUERY, _CURSOR, "merr.WrapErrParameterInvalidMsg / WrapErrParameterInvalid"), since="2.6.0",
      gap="see Query/iterator/cursor-without-iterator")
semantic("Query/iterator/pk-order", "A query iterator page (iterator=true, limit n) holds the n smallest primary keys "
         "that match, in ascending order (pk-ordered pagination)",
         evidence=master(QUERY, _PARSE_QUERY, "isIterator → reduce.IReduceInOrder (IReduceInOrderForBest with "
                         "reduce_stop_for_best); PreExecute: ORDER BY with an iterator refused because the iterator "
                         "relies on PK-ordered pagination"), since="2.3.0")
semantic("Query/iterator/session-ts", "The first query iterator page (guarantee_timestamp 0) answers session_ts > 0; "
         "a later page sent with guarantee_timestamp = session_ts reads at that MVCC timestamp (rows written after it "
         "are not seen)",
         evidence=master(QUERY, "QueryTask.PostExecute / PreExecute", "SessionTs when isIterator and "
                         "GuaranteeTimestamp == 0; MvccTimestamp = GuaranteeTimestamp for an iterator"),
         since="2.4.0", gap="the release that added session_ts for iterators was not pinned; 2.4.0 is a guess")

semantic("Query/iterator/session-ignores-later-deletes", "Query iterator pages sent with guarantee_timestamp = "
         "session_ts still return the rows deleted, and the old values of the rows upserted, after the session began "
         "(the MVCC read applies only deletes at or before its timestamp)",
         evidence=master(QUERY, "QueryTask.PreExecute", "MvccTimestamp = GuaranteeTimestamp for an iterator; the "
                         "query nodes filter rows and deletes by that timestamp"),
         since="2.4.0", gap="segcore's side is cited from the stored C++ sources without a pinned commit: "
                            "SegmentGrowingImpl / ChunkedSegmentSealedImpl::mask_with_delete(bitset, ins_barrier, "
                            "timestamp) → deleted_record_.Query(bitset, ins_barrier, timestamp), i.e. only deletes "
                            "at or before the read's timestamp mask rows")

# The collection ID iterators pin (pymilvus sends "collection_id" in search_params / query_params of every iterator
# page, from DescribeCollection): a different collection behind the name (dropped and re-created, an alias moved) is
# refused.
error("Search/collection-id-mismatch", "Search whose search_params collection_id is not the ID of the collection the "
      "name resolves to", PARAMETER_INVALID, "in the request is not consistent to that in the search context",
      evidence=master(SEARCH, "searchTask.initSearchRequest / createPlan", "after parseSearchInfo: "
                      "merr.WrapErrParameterInvalidMsg; an unparsable collection_id counts as 0 (not checked)"),
      since="2.4.0", gap="the release that added the check was not pinned; 2.4.0 is a guess")
error("Query/collection-id-mismatch", "Query whose query_params collection_id is not the ID of the collection the "
      "name resolves to", PARAMETER_INVALID, "Input collection id is not consistent to collectionID in the context",
      evidence=master(QUERY, "QueryTask.PreExecute", "after parseQueryParams: merr.WrapErrParameterInvalidMsg"),
      since="2.4.0", gap="the release that added the check was not pinned; 2.4.0 is a guess")
error("Query/invalid-collection-id", "Query whose query_params collection_id is not an integer", PARAMETER_INVALID,
      "value for collection id is invalid",
      evidence=master(QUERY, _PARSE_QUERY, "strconv.ParseInt; merr.WrapErrParameterInvalid(\"int value for "
                      "collection_id\", ...)"), since="2.4.0",
      gap="the release that added the check was not pinned; 2.4.0 is a guess")
