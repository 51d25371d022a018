"""Search and query iterators, as SDKs drive them: search iterator v2 pages (token, last_bound, session_ts) and its
refusals, query iterator pk-ordered pages read at the session's MVCC timestamp, and the iterator flags' refusals
(checks in conformance/model/rules/iterator.py)."""

from __future__ import annotations

import uuid

import pytest

from conformance.expectations import verify
from conformance.expectations.oracle import ids_of, standard_rows, standard_schema
from conformance.model.rules.iterator import V2_SINCE
from conformance.protocol import common_pb2

N_ROWS = 40
STRONG = common_pb2.ConsistencyLevel.Strong
QUERY_VECTOR = [0.1234, -0.5678, 0.9012, -0.3456]  # no ties with the quarter-integer grid rows


@pytest.fixture(scope="module")
def data(loaded_collection):
    return loaded_collection(standard_schema, standard_rows(0, N_ROWS), metric="L2")


def _with(req, params: dict):
    for k, v in params.items():
        req.search_params.add(key=k, value=str(v))
    return req


def _iter_request(coll, batch: int, extra: dict | None = None, **kw):
    req = coll.search_request([QUERY_VECTOR], limit=batch, consistency_level=STRONG, **kw)
    return _with(req, {"iterator": "True", "search_iter_v2": "True", "search_iter_batch_size": batch,
                       **(extra or {})})


@pytest.mark.rpc("Search")
@pytest.mark.requires(since=V2_SINCE)
def test_search_iterator_v2_pages_continue_the_ranking(data, conn, check):
    coll, _ = data
    full = coll.search([QUERY_VECTOR], limit=N_ROWS, consistency_level=STRONG)
    check(full, "Search/accepts-valid-request")
    ranked, ranked_scores = ids_of(full.results.ids), list(full.results.scores)
    first = conn.call("Search", _iter_request(coll, 7))
    check(first, "Search/accepts-valid-request")
    info = first.results.search_iterator_v2_results
    verify("Search/iterator/v2-pages", first.results.HasField("search_iterator_v2_results") and
           _is_uuid(info.token) and first.session_ts > 0 and len(first.results.scores) == 7,
           expected="search_iterator_v2_results with a UUID token, session_ts > 0, 7 hits",
           actual=f"token {info.token!r}, session_ts {first.session_ts}, {len(first.results.scores)} hits")
    pages, token, bound, session = [ids_of(first.results.ids)], info.token, info.last_bound, first.session_ts
    verify("Search/iterator/v2-pages", abs(bound - first.results.scores[-1]) <= 1e-6 * max(1.0, abs(bound)),
           expected=f"last_bound = the page's last score {first.results.scores[-1]}", actual=str(bound))
    for _ in range(N_ROWS):
        req = _iter_request(coll, 7, {"search_iter_id": token, "search_iter_last_bound": repr(bound)})
        req.guarantee_timestamp = session
        page = conn.call("Search", req)
        check(page, "Search/accepts-valid-request")
        res = page.results
        verify("Search/iterator/v2-pages", res.search_iterator_v2_results.token == token and len(res.scores) <= 7
               and all(s > bound for s in res.scores),
               expected=f"token {token} echoed, at most 7 hits, every score beyond {bound}",
               actual=f"token {res.search_iterator_v2_results.token!r}, scores {list(res.scores)}", request=req)
        if not res.scores:
            break
        pages.append(ids_of(res.ids))
        bound = res.search_iterator_v2_results.last_bound
    got = [i for p in pages for i in p]
    verify("Search/iterator/v2-pages", got == ranked, expected=f"the ranking {ranked} (scores {ranked_scores})",
           actual=str(got))


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


V2_REFUSALS = [
    ({"iterator": "False"}, "Search/iterator/v2-without-iterator"),
    ({"offset": 2}, "Search/iterator/v2-offset"),
    ({"search_iter_id": "not-a-uuid"}, "Search/iterator/v2-invalid-token"),
    ({"search_iter_batch_size": ""}, "Search/iterator/v2-batch-size-missing"),
    ({"search_iter_batch_size": "many"}, "Search/iterator/v2-batch-size-invalid"),
    ({"search_iter_batch_size": 16385}, "Search/iterator/v2-batch-size-invalid"),
    ({"search_iter_last_bound": "low"}, "Search/iterator/v2-invalid-last-bound"),
]


@pytest.mark.rpc("Search")
@pytest.mark.requires(since=V2_SINCE)
@pytest.mark.parametrize(("extra", "check_id"), V2_REFUSALS, ids=[c.rsplit("/", 1)[-1] + f"-{i}"
                                                                   for i, (_, c) in enumerate(V2_REFUSALS)])
def test_search_iterator_v2_refusals(data, conn, check, extra, check_id):
    coll, _ = data
    req = coll.search_request([QUERY_VECTOR], limit=5, consistency_level=STRONG)
    params = {"iterator": "True", "search_iter_v2": "True", "search_iter_batch_size": 5, **extra}
    for kv in list(req.search_params):
        if kv.key in params:
            req.search_params.remove(kv)
    check(conn.call("Search", _with(req, {k: v for k, v in params.items() if v != ""})), check_id)


@pytest.mark.rpc("Search")
@pytest.mark.requires(since="2.4.0")
def test_search_iterator_refuses_group_by(data, conn, check):
    coll, _ = data
    req = _with(coll.search_request([QUERY_VECTOR], limit=5, consistency_level=STRONG),
                {"iterator": "True", "group_by_field": "n"})
    check(conn.call("Search", req), "Search/iterator/group-by")


@pytest.mark.rpc("Search")
def test_search_iterator_topk_is_clamped(data, conn, check):
    coll, _ = data
    req = coll.search_request([QUERY_VECTOR], limit=5, consistency_level=STRONG)
    for kv in list(req.search_params):
        if kv.key == "topk":
            kv.value = "100000"
    reply = conn.call("Search", _with(req, {"iterator": "True"}))
    check(reply, "Search/accepts-valid-request")
    verify("Search/iterator/topk-clamped", len(reply.results.scores) == N_ROWS,
           expected=f"all {N_ROWS} rows (topk clamped to the limit)", actual=f"{len(reply.results.scores)} rows",
           request=req)


@pytest.mark.rpc("Query", "Insert")
@pytest.mark.requires(since="2.4.0")
def test_query_iterator_pages_in_pk_order_at_the_session(loaded_collection, conn, check):
    coll, _ = loaded_collection(standard_schema, list(reversed(standard_rows(0, 30))), metric="L2")
    first = coll.query("id >= 0", ["n"], limit=7, consistency_level=STRONG,
                       params={"iterator": "True", "reduce_stop_for_best": "True"})
    check(first, "Query/accepts-valid-filter")
    keys = _query_ids(first)
    verify("Query/iterator/pk-order", keys == list(range(7)), expected=str(list(range(7))), actual=str(keys))
    verify("Query/iterator/session-ts", first.session_ts > 0, expected="session_ts > 0",
           actual=f"session_ts {first.session_ts}")
    session = first.session_ts
    check(coll.insert(standard_rows(100, 3)), "Insert/accepts-valid-rows")  # written after the session started
    seen, last = list(keys), keys[-1]
    while True:
        page = _session_query(coll, conn, f"id > {last}", session)
        check(page, "Query/accepts-valid-filter")
        got = _query_ids(page)
        if not got:
            break
        verify("Query/iterator/pk-order", got == sorted(got) and got[0] > last, expected=f"ascending keys > {last}",
               actual=str(got))
        seen.extend(got)
        last = got[-1]
    verify("Query/iterator/session-ts", seen == list(range(30)),
           expected="keys 0..29 once each, none written after the session", actual=str(seen))


def _session_query(coll, conn, expr: str, session: int):
    from conformance.orm import kv_pairs
    from conformance.protocol import milvus_pb2

    req = milvus_pb2.QueryRequest(db_name=coll.db_name, collection_name=coll.name, expr=expr, output_fields=["n"],
                                  query_params=kv_pairs({"iterator": "True", "reduce_stop_for_best": "True",
                                                         "limit": 7}),
                                  guarantee_timestamp=session, consistency_level=STRONG)
    return conn.call("Query", req)


def _query_ids(reply) -> list:
    col = next((f for f in reply.fields_data if f.field_name == "id"), None)
    return list(col.scalars.long_data.data) if col is not None else []


@pytest.mark.rpc("Query")
@pytest.mark.parametrize(("params", "check_id"), [
    ({"iterator": "maybe"}, "Query/iterator/invalid-iterator-flag"),
    ({"iterator": "True", "reduce_stop_for_best": "perhaps"}, "Query/iterator/invalid-reduce-stop-for-best"),
], ids=["iterator", "reduce-stop-for-best"])
def test_query_iterator_flags_must_be_booleans(data, check, params, check_id):
    coll, _ = data
    check(coll.query("id >= 0", ["n"], limit=5, params=params), check_id)


@pytest.mark.rpc("Query")
@pytest.mark.requires(since="2.6.0")
@pytest.mark.parametrize(("params", "check_id"), [
    ({"query_iter_last_pk": "3", "query_iter_last_element_offset": "0"}, "Query/iterator/cursor-without-iterator"),
    ({"iterator": "True", "query_iter_last_pk": "3"}, "Query/iterator/cursor-incomplete"),
    ({"iterator": "True", "query_iter_last_pk": "3", "query_iter_last_element_offset": "-1"},
     "Query/iterator/cursor-incomplete"),
    ({"iterator": "True", "query_iter_last_pk": "three", "query_iter_last_element_offset": "0"},
     "Query/iterator/cursor-incomplete"),
], ids=["without-iterator", "pk-alone", "negative-offset", "pk-not-int64"])
def test_query_iterator_cursor_refusals(data, check, params, check_id):
    coll, _ = data
    check(coll.query("id >= 0", ["n"], limit=5, params=params), check_id)


@pytest.mark.rpc("Search", "Query", "DescribeCollection")
@pytest.mark.requires(since="2.4.0")
def test_iterators_pin_the_collection_id(data, conn, check):
    """pymilvus sends the collection's ID with every iterator page; another ID is refused, the right one served."""
    from conformance.protocol import milvus_pb2

    coll, _ = data
    desc = conn.call("DescribeCollection", milvus_pb2.DescribeCollectionRequest(db_name=coll.db_name,
                                                                                collection_name=coll.name))
    check(desc, "DescribeCollection/existing")
    own, other = desc.collectionID, desc.collectionID + 7
    req = _with(coll.search_request([QUERY_VECTOR], limit=3, consistency_level=STRONG), {"collection_id": own})
    check(conn.call("Search", req), "Search/accepts-valid-request")
    req = _with(coll.search_request([QUERY_VECTOR], limit=3, consistency_level=STRONG), {"collection_id": other})
    check(conn.call("Search", req), "Search/collection-id-mismatch")
    check(coll.query("id >= 0", ["n"], limit=3, params={"collection_id": own}), "Query/accepts-valid-filter")
    check(coll.query("id >= 0", ["n"], limit=3, params={"collection_id": other}), "Query/collection-id-mismatch")
    check(coll.query("id >= 0", ["n"], limit=3, params={"collection_id": "c7"}), "Query/invalid-collection-id")
