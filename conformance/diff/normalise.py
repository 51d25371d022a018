"""Answers as comparable data: the outcome (gRPC code, success, code, error_code) and, for a success, the content
with what legitimately differs between two servers taken out.

Taken out: server-assigned identifiers and times (collection / partition / segment / index / database IDs,
timestamps, channel names, positions), which differ between any two runs. Auto-generated primary keys are
renamed by order of generation within one execution (``auto#1`` is the first key the server generated), so a
search hit on the third row inserted compares equal on both sides whatever number each server drew. Lists whose
order Milvus leaves unspecified (query rows, key/value properties, collection and alias listings) are sorted; list
RPCs keep only the session's own objects (other tenants of a shared server are not the session's business).
Search hits are kept in order with their scores; the comparator handles score tolerance and tie order.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from google.protobuf.json_format import MessageToDict

from ..model import data as d
from ..protocol import schema_pb2
from .session import Answer, Call

VOLATILE_KEY = re.compile(
    r"(timestamp|^ts$|_ts$|^(collection|partition|segment|index|build|db|field)_?ids?$|"
    r"^(collection|partition|segment|index|build|db)IDs?$|channel|position|created_utc|^dbID$|^db_id$|"
    r"^(root|node|server)_?id$|^sourceID$|"
    # index build progress: how far a real server's background build got when the answer was taken
    r"^(indexed_rows|total_rows|pending_index_rows|state|index_state_fail_reason)$)", re.I)
# list RPC -> the list of names; its other repeated fields are read as lists in step with it
NAMED_LISTS = {"ShowCollections": "collection_names", "ListAliases": "aliases", "ListDatabases": "db_names"}


# RPCs whose answer describes the server itself (build, version, session, clock, nodes), not the session's objects
SERVER_IDENTITY = frozenset({"Connect", "GetVersion", "AllocTimestamp", "GetComponentStates", "GetMetrics",
                             "CheckHealth"})


class Context:
    """What one execution learnt that normalising later answers needs: which collections generate their
    keys, and the order the server generated them in."""

    def __init__(self, token: str):
        self.token = token
        self.schemas: dict[str, schema_pb2.CollectionSchema] = {}
        self.auto: dict[Any, str] = {}

    def learn(self, call: Call, answer: Answer, response) -> None:
        if call.rpc == "CreateCollection":
            request = call.message()
            schema = schema_pb2.CollectionSchema()
            try:
                schema.ParseFromString(request.schema)
            except Exception:  # noqa: BLE001  (an unparsable schema is a request the server refuses)
                return
            self.schemas[request.collection_name] = schema
        elif call.rpc in ("Insert", "Upsert") and response is not None and _ok(response):
            request = call.message()
            schema = self.schemas.get(request.collection_name)
            pk = d.primary_field(schema) if schema is not None else None
            if pk is None or not pk.autoID:
                return
            for key in _ids(response.IDs):
                self.auto.setdefault(key, f"auto#{len(self.auto) + 1}")

    def key(self, value):
        return self.auto.get(value, value)


def _ok(response) -> bool:
    status = getattr(response, "status", response)
    return not (getattr(status, "code", 0) or getattr(status, "error_code", 0))


def _ids(ids) -> list:
    which = ids.WhichOneof("id_field")
    if which == "int_id":
        return list(ids.int_id.data)
    if which == "str_id":
        return list(ids.str_id.data)
    return []


def outcome(answer: Answer, response) -> dict:
    """{"grpc": .., "success": .., "code": .., "error_code": ..} (the status part of a comparison)."""
    out: dict = {"grpc": answer.grpc_code}
    if answer.grpc_code != "OK":
        return out
    status = None
    if response is not None:
        from ..transport.recorder import status_of

        status = status_of(response)
        if status is not None:
            out.update(code=status.code, error_code=int(status.error_code))
    elif answer.status is not None:
        out.update(code=answer.status.get("code", 0), error_code=answer.status.get("error_code", 0))
    out["success"] = not (out.get("code") or out.get("error_code"))
    return out


def reason_of(answer: Answer, response) -> str:
    if answer.grpc_code != "OK":
        return answer.grpc_details
    if response is not None:
        from ..transport.recorder import status_of

        status = status_of(response)
        return status.reason if status is not None else ""
    return ""


def content(call: Call, response, ctx: Context) -> Any:
    """The comparable content of a successful answer (None when it has none beyond its status)."""
    if response is None:
        return None
    rpc = call.rpc
    if rpc in SERVER_IDENTITY:
        return None  # who the server is and its clock: different on any two servers by construction
    if rpc in ("Search", "HybridSearch"):
        return _search(response.results, ctx)
    if rpc == "Query":
        return _query(response, ctx)
    if rpc in ("Insert", "Upsert", "Delete"):
        return _mutation(response, ctx)
    data = MessageToDict(response, preserving_proto_field_name=True, always_print_fields_with_no_presence=False)
    data.pop("status", None)
    if rpc in NAMED_LISTS:
        parallel = [f.name for f in response.DESCRIPTOR.fields if f.is_repeated and f.name != NAMED_LISTS[rpc]]
        data = _own_only(data, NAMED_LISTS[rpc], parallel, ctx.token)
    return _clean(data)


def _clean(value):
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if VOLATILE_KEY.search(k):
                continue
            if k in ("schema",) and isinstance(v, str):
                continue  # serialized bytes embed field IDs; the describe answer's parsed form is compared
            out[k] = _clean(v)
        return out
    if isinstance(value, list):
        items = [_clean(v) for v in value]
        if items and all(isinstance(i, dict) and set(i) <= {"key", "value"} and "key" in i for i in items):
            return sorted(items, key=lambda i: i["key"])  # key/value properties: order is not part of the answer
        return items
    return value


def _own_only(data: dict, names_key: str, parallel: list[str], token: str) -> dict:
    """Only the session's own entries of a listing, in name order, whatever else the server holds: the lists in
    step with the names are cut alike; one that is not in step says so (its length depends on other tenants)."""
    names = data.get(names_key, [])
    keep = sorted((i for i, n in enumerate(names) if token in n), key=lambda i: names[i])
    out = {k: v for k, v in data.items() if k not in (names_key, *parallel)}
    out[names_key] = [names[i] for i in keep]
    for key in parallel:
        values = data.get(key)
        if values is None:
            if not keep:
                out[key] = []  # nothing of ours to describe: absent and empty say the same
            continue  # the server does not fill it for its entries: absent stays absent
        if len(values) == len(names):
            out[key] = [values[i] for i in keep]
        else:
            out[key] = "<not in step with the names>"
    return out


def _plain(value, ctx: Context):
    """A row value as JSON-able data (vectors as lists, bytes as hex)."""
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, (bytes, bytearray)):
        return value.hex()
    if isinstance(value, dict):
        return {str(k): _plain(v, ctx) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v, ctx) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    return value


def _rows(fields_data, n: int | None, ctx: Context, pk_names: set[str]) -> list[dict]:
    try:
        rows = d.fields_data_to_rows(list(fields_data), n)
    except ValueError as err:
        return [{"<undecodable>": str(err)}]
    out = []
    for row in rows:
        clean = {}
        for k, v in row.items():
            v = _plain(v, ctx)
            clean[k] = ctx.key(v) if k in pk_names else v
        out.append(clean)
    return out


def _pk_names(ctx: Context) -> set[str]:
    return {f.name for s in ctx.schemas.values() for f in s.fields if f.is_primary_key}


def sort_key(value) -> str:
    """A canonical key with floats rounded, so rows differing by float noise still line up."""
    def rounded(v):
        if isinstance(v, float):
            return float(f"{v:.5g}")
        if isinstance(v, dict):
            return {k: rounded(x) for k, x in v.items()}
        if isinstance(v, list):
            return [rounded(x) for x in v]
        return v
    return json.dumps(rounded(value), sort_keys=True, default=str)


def _query(response, ctx: Context) -> dict:
    rows = _rows(response.fields_data, None, ctx, _pk_names(ctx))
    return {"output_fields": sorted(response.output_fields), "rows": sorted(rows, key=sort_key)}


def _mutation(response, ctx: Context) -> dict:
    ids = [ctx.key(i) for i in _ids(response.IDs)]
    return {"insert_cnt": response.insert_cnt, "delete_cnt": response.delete_cnt, "upsert_cnt": response.upsert_cnt,
            "IDs": ids, "err_index": list(response.err_index)}


def _search(results, ctx: Context) -> dict:
    ids = [ctx.key(i) for i in _ids(results.ids)]
    scores = list(results.scores)
    topks = list(results.topks) or ([len(ids)] if ids else [])
    pk_names = _pk_names(ctx)
    rows = _rows(results.fields_data, len(ids), ctx, pk_names) if len(results.fields_data) else [{}] * len(ids)
    queries, at = [], 0
    for k in topks:
        hits = [{"id": ids[i], "score": scores[i] if i < len(scores) else None, "fields": rows[i] if i < len(rows)
                 else {}} for i in range(at, min(at + k, len(ids)))]
        queries.append(hits)
        at += k
    out = {"num_queries": results.num_queries, "top_k": results.top_k, "output_fields": sorted(results.output_fields),
           "queries": queries}
    if results.HasField("search_iterator_v2_results"):  # the token is each server's own UUID: only the bound
        out["iterator_last_bound"] = results.search_iterator_v2_results.last_bound
    return out
