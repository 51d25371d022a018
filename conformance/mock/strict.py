"""Strict SDK mode: every request an SDK sends to the mock is checked, recorded and summarised.

``milvus-conformance mock --strict --record FILE`` serves the mock with ``StrictInterceptor`` innermost: each unary
call is answered by the mock as usual, and a JSON line goes to FILE with the RPC, the request (protobuf
``json_format``), the answer's Status, the check the answer implements and what strict mode found. When the mock
stops, ``write_report`` summarises the record into an SDK report beside FILE (``<FILE>.sdk-report.md`` and
``.json``): the RPCs exercised with their counts and every finding with its check ID, explanation and the offending
request. ``milvus-conformance mock --summarize FILE`` does the same for an existing record.

What counts as what (decision where Milvus's source is silent about "SDK errors"):

* **violation** — the SDK sent something current Milvus refuses because of the request itself: the mock (which
  answers from the suite's reference model and registry of checks, ``conformance/model/rules``) answered an
  error whose code says the request is invalid (ParameterInvalid 1100, ParameterMissing 1101, ParameterTooLarge
  1102, illegal schema 105, invalid field / database name 1701 / 802, segcore's 2000 for the request's vectors and
  params, or a plain 65535 error of the model's request parsing), unless the check is about server state (a named
  object missing, not loaded, already there). The finding carries the registry's check ID and summary (an error the
  handler answers without raising, such as Insert's MutationResult, is matched to its check by code and reason
  template). No rule is re-implemented here: the answer is the model's.
* **warning** — accepted by Milvus but wrong for an SDK to send: an RPC, request field or nested field the pinned
  protocol marks ``deprecated`` (read from the descriptors), FieldData whose ``type`` or ``field_id`` disagrees with
  the collection's schema (Milvus goes by the schema), a request ``db_name`` that contradicts the ``dbname``
  metadata.
* **server-error** — an error an SDK is expected to provoke (collection not found, not loaded, already exists,
  rate limits, ...): recorded and counted, not a finding. ``unimplemented`` — an RPC the mock does not serve.
"""

from __future__ import annotations

import collections
import json
import logging
import re
import threading
import time
from pathlib import Path

import grpc
from google.protobuf import json_format
from google.protobuf.descriptor import FieldDescriptor

from ..model import errors
from ..model.rules import rules
from ..model.rules.core import reason_pattern
from ..protocol import catalogue, milvus_pb2, schema_pb2
from .handling import error_response, metadata_db

log = logging.getLogger(__name__)

SERVICE_PREFIX = "/milvus.proto.milvus.MilvusService/"

VIOLATION, WARNING, SERVER_ERROR, OK, UNIMPLEMENTED = "violation", "warning", "server-error", "ok", "unimplemented"

# Strict mode's own findings (warnings: Milvus accepts these requests), IDs "sdk/...": they are no server checks, so
# they are not in the registry. Registry checks explain themselves.
STRICT_CHECKS = {
    "sdk/deprecated-rpc": "the RPC is marked deprecated in the pinned protocol; current SDKs should not call it",
    "sdk/deprecated-field": "the request sets a field the pinned protocol marks deprecated (Milvus ignores or "
                               "overrides it)",
    "sdk/field-data/type-mismatch": "a FieldData's type disagrees with the schema's data type of that field "
                                       "(Milvus goes by the schema)",
    "sdk/field-data/field-id-mismatch": "a FieldData's field_id disagrees with the schema's field ID of that "
                                           "field name",
    "sdk/db-name-conflict": "the request's db_name contradicts the dbname metadata of the call (Milvus uses the "
                               "request's db_name)",
    "sdk/unparsable-schema": "CreateCollection's schema bytes are not a CollectionSchema",
}

# Codes whose error says the request itself is invalid (merr); everything else is about server state.
# 2000 (Segcore): the query node's refusals of the request's vectors and params (wrong dim, a metric other than the
# index's, bad range bounds), input errors on master (merr/segcore.go).
REQUEST_CODES = frozenset({errors.PARAMETER_INVALID, errors.PARAMETER_MISSING, errors.PARAMETER_TOO_LARGE,
                           errors.FIELD_INVALID_NAME, errors.DATABASE_INVALID_NAME, 105, 2000})
# Checks (last ID segment) whose answer is about server state even when their code is ParameterInvalid.
_STATE_CHECK = re.compile(r"^(missing-(collection|partition|database|alias|index|role|user|group|function)|"
                          r".*not-loaded|existing-.*|.*in-use|has-grants|loaded-collection|no-index|"
                          r"unindexed-vector-field|with-aliases|not-empty|onto-existing-.*|named-like-.*|"
                          r"bound-elsewhere|filter-needs-load|duplicate|duplicate-different|"
                          r"duplicate-after-change|conflicting-index)$")
_STATE_REASON = re.compile(r"\b(collection|partition|database|alias|index|role|user|group|resource group)\b.*\b"
                           r"(not found|not exist)|not loaded|already exist", re.I)
MOCK_INTERNAL = "mock internal error"
# A request's JSON larger than this is recorded cut (a bulk insert of vectors can weigh megabytes).
MAX_RECORDED_CHARS = 1 << 20
EXAMPLES_PER_FINDING = 3


def explain(check_id: str) -> str:
    if check_id in STRICT_CHECKS:
        return STRICT_CHECKS[check_id]
    try:
        return rules.get(check_id).summary
    except KeyError:
        return ""


def classify_error(status, check_id: str | None) -> str:
    """VIOLATION when the error is about the request's own content, SERVER_ERROR when about server state."""
    suffix = check_id.rsplit("/", 1)[-1] if check_id else ""
    if suffix and _STATE_CHECK.match(suffix):
        return SERVER_ERROR
    if status.code in REQUEST_CODES:
        if not check_id and _STATE_REASON.search(status.reason):
            return SERVER_ERROR  # "partition name p not found: invalid parameter" and alike
        return VIOLATION
    if status.code == errors.UNEXPECTED and not status.reason.startswith(MOCK_INTERNAL) \
            and not _STATE_REASON.search(status.reason):
        return VIOLATION  # the model's request parsing (e.g. "topk not found in search_params")
    return SERVER_ERROR


def match_check(rpc: str, status) -> str | None:
    """The registered check of ``rpc`` an error answer the handler returned itself (not raised, e.g. Insert's
    MutationResult) implements: same code, reason matching the check's template; the most specific wins."""
    best, best_len = None, -1
    for check in rules:
        answer = check.answer
        if check.rpc != rpc or answer is None or answer.code != status.code or not answer.reason:
            continue
        if reason_pattern(answer.reason).search(status.reason):
            literal = len(re.sub(r"\{[^{}]*\}", "", answer.reason))
            if literal > best_len:
                best, best_len = check.id, literal
    return best


# ---- static checks (warnings) ---------------------------------------------------------------------------

_SERVICE = milvus_pb2.DESCRIPTOR.services_by_name["MilvusService"]


def _deprecated_fields(message, prefix: str = "") -> list[str]:
    """Paths of the set fields the descriptors mark deprecated, nested messages included."""
    found = []
    for fd, value in message.ListFields():
        path = f"{prefix}{fd.name}"
        if fd.GetOptions().deprecated:
            found.append(path)
        if fd.type == FieldDescriptor.TYPE_MESSAGE:
            if fd.is_repeated:
                if fd.message_type.GetOptions().map_entry:
                    continue
                for i, item in enumerate(value):
                    found.extend(_deprecated_fields(item, f"{path}[{i}]."))
            else:
                found.extend(_deprecated_fields(value, f"{path}."))
    return found


def static_findings(rpc: str, request, context, catalog) -> list[dict]:
    out = []
    method = _SERVICE.methods_by_name.get(rpc)
    if method is not None and method.GetOptions().deprecated:
        out.append(_finding("sdk/deprecated-rpc", WARNING, f"{rpc} is deprecated"))
    for path in _deprecated_fields(request):
        out.append(_finding("sdk/deprecated-field", WARNING, f"{path} is deprecated"))
    if rpc == "CreateCollection" and request.schema:
        schema = schema_pb2.CollectionSchema()
        try:
            schema.ParseFromString(request.schema)
        except Exception:  # noqa: BLE001 - the model answers this too; here it is only noted
            out.append(_finding("sdk/unparsable-schema", WARNING, "schema bytes do not parse"))
        else:
            for path in _deprecated_fields(schema):
                out.append(_finding("sdk/deprecated-field", WARNING, f"schema.{path} is deprecated"))
    md_db = metadata_db(context) if context is not None else ""
    req_db = getattr(request, "db_name", "") if _has_field(request, "db_name") else ""
    if md_db and req_db and md_db != req_db:
        out.append(_finding("sdk/db-name-conflict", WARNING,
                            f"db_name {req_db!r} but dbname metadata {md_db!r}"))
    if rpc in ("Insert", "Upsert") and catalog is not None:
        out.extend(_field_data_findings(request, req_db or md_db, catalog))
    return out


def _has_field(message, name: str) -> bool:
    return name in message.DESCRIPTOR.fields_by_name


def _field_data_findings(request, db: str, catalog) -> list[dict]:
    try:
        with catalog.lock:
            coll = catalog.collection(db or "default", request.collection_name)
    except Exception:  # noqa: BLE001 - a missing collection is the handler's answer
        return []
    by_name = {f.name: f for f in coll.schema.fields}
    out = []
    for fd in request.fields_data:
        field = by_name.get(fd.field_name)
        if field is None:
            continue  # unknown or dynamic: the model's validator answers
        if fd.type and fd.type != field.data_type:
            out.append(_finding("sdk/field-data/type-mismatch", WARNING,
                                f"{fd.field_name}: FieldData type {schema_pb2.DataType.Name(fd.type)}, schema "
                                f"{schema_pb2.DataType.Name(field.data_type)}"))
        if fd.field_id and field.fieldID and fd.field_id != field.fieldID:
            out.append(_finding("sdk/field-data/field-id-mismatch", WARNING,
                                f"{fd.field_name}: field_id {fd.field_id}, schema {field.fieldID}"))
    return out


def _finding(check_id: str, severity: str, detail: str) -> dict:
    return {"id": check_id, "severity": severity, "explanation": explain(check_id), "detail": detail}


# ---- the interceptor -------------------------------------------------------------------------------------


def _status_of(rpc: str, response):
    info = catalogue.get(rpc)
    if info.bare_status:
        return response
    return getattr(response, info.status_field) if info.status_field else None


def _request_json(request) -> dict | str:
    data = json_format.MessageToDict(request, preserving_proto_field_name=True)
    if isinstance(request, milvus_pb2.CreateCollectionRequest) and request.schema:
        schema = schema_pb2.CollectionSchema()  # the schema bytes, decoded: far more readable
        try:
            schema.ParseFromString(request.schema)
            data["schema_decoded"] = json_format.MessageToDict(schema, preserving_proto_field_name=True)
        except Exception:  # noqa: BLE001
            pass
    text = json.dumps(data)
    if len(text) > MAX_RECORDED_CHARS:
        return {"truncated": True, "json_chars": len(text), "head": text[:65536]}
    return data


class Recorder:
    """Appends one JSON line per call to ``path`` (thread-safe) and keeps the counts for the report."""

    def __init__(self, path: str | Path | None):
        self.path = Path(path) if path else None
        self._lock = threading.Lock()
        self._file = open(self.path, "w", encoding="utf-8") if self.path else None  # noqa: SIM115
        self.entries: list[dict] = [] if self.path is None else None  # kept in memory only without a file
        self.calls = 0

    def add(self, entry: dict) -> None:
        with self._lock:
            self.calls += 1
            entry["seq"] = self.calls
            line = json.dumps(entry)
            if self._file is not None:
                self._file.write(line + "\n")
                self._file.flush()
            else:
                self.entries.append(entry)

    def close(self) -> None:
        with self._lock:
            if self._file is not None:
                self._file.close()
                self._file = None


class StrictInterceptor(grpc.ServerInterceptor):
    """Innermost interceptor: answers each unary call through the mock's handler and records what it found."""

    def __init__(self, recorder: Recorder, catalog=None):
        self.recorder = recorder
        self.catalog = catalog

    def intercept_service(self, continuation, handler_call_details):
        handler = continuation(handler_call_details)
        method = handler_call_details.method
        if handler is None or not method.startswith(SERVICE_PREFIX) or handler.unary_unary is None:
            return handler
        rpc = method[len(SERVICE_PREFIX):]
        inner = handler.unary_unary

        def strict(request, context):
            started = time.time()
            try:
                findings = static_findings(rpc, request, context, self.catalog)
            except Exception:  # noqa: BLE001 - strict mode never breaks a call
                log.exception("strict: static checks of %s failed", rpc)
                findings = []
            try:
                response, check_id = _answer(inner, rpc, request, context)
            except NotImplementedError:
                self._record(rpc, request, started, None, None, UNIMPLEMENTED, findings)
                raise
            status = _status_of(rpc, response)
            outcome = OK
            if status is not None and (status.code or status.error_code):
                check_id = check_id or match_check(rpc, status)
                outcome = classify_error(status, check_id)
                if outcome == VIOLATION:
                    findings.insert(0, {"id": check_id or f"{rpc}/unregistered-refusal", "severity": VIOLATION,
                                        "explanation": explain(check_id) if check_id else
                                        "refused by the mock's request validation (no registered check)",
                                        "detail": status.reason[:2000]})
            self._record(rpc, request, started, status, check_id, outcome, findings)
            return response

        return handler._replace(unary_unary=strict)

    def _record(self, rpc, request, started, status, check_id, outcome, findings) -> None:
        try:
            entry = {"time": round(started, 3), "rpc": rpc, "outcome": outcome, "request": _request_json(request)}
            if status is not None:
                entry["status"] = {"code": status.code, "error_code": status.error_code, "reason": status.reason}
            if check_id:
                entry["check"] = check_id
            entry["violations"] = findings
            self.recorder.add(entry)
        except Exception:  # noqa: BLE001
            log.exception("strict: recording %s failed", rpc)


def _answer(inner, rpc: str, request, context):
    """The mock's answer and the registered check it implements. A ``@handler`` method is called unwrapped so the
    MilvusError's ``check_id`` is seen; it is then turned into the RPC's error response exactly as ``handler``
    does."""
    func = getattr(inner, "__func__", None)
    raw = getattr(func, "__wrapped__", None)
    if raw is None or getattr(inner, "__self__", None) is None:
        return inner(request, context), None
    try:
        return raw(inner.__self__, request, context), None
    except errors.MilvusError as err:
        return error_response(rpc, err.to_status()), err.check_id
    except NotImplementedError:
        raise
    except Exception as exc:  # noqa: BLE001 - as handler: never crash the RPC
        log.exception("mock %s failed", rpc)
        return error_response(rpc, errors.unexpected(f"{MOCK_INTERNAL}: {exc!r}").to_status()), None


# ---- the SDK report --------------------------------------------------------------------------------------


def read_record(path: str | Path) -> list[dict]:
    entries = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.strip()
            if not line:
                continue
            try:
                entries.append(json.loads(line))
            except ValueError:
                raise ValueError(f"{path}:{n}: not a JSON line") from None
    return entries


def summarize(entries: list[dict], source: str = "") -> dict:
    rpcs: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    findings: dict[str, dict] = {}
    server_errors: collections.Counter = collections.Counter()
    for e in entries:
        rpcs[e["rpc"]]["calls"] += 1
        rpcs[e["rpc"]][e.get("outcome", OK)] += 1
        if e.get("outcome") == SERVER_ERROR:
            st = e.get("status", {})
            server_errors[(e["rpc"], st.get("code", 0), e.get("check", ""))] += 1
        for v in e.get("violations", ()):
            f = findings.setdefault(v["id"], {"id": v["id"], "severity": v["severity"],
                                              "explanation": v.get("explanation", ""), "count": 0, "rpcs": [],
                                              "examples": []})
            f["count"] += 1
            if e["rpc"] not in f["rpcs"]:
                f["rpcs"].append(e["rpc"])
            if len(f["examples"]) < EXAMPLES_PER_FINDING:
                f["examples"].append({"seq": e.get("seq"), "rpc": e["rpc"], "detail": v.get("detail", ""),
                                      "status": e.get("status"), "request": e.get("request")})
    ordered = sorted(findings.values(), key=lambda f: (f["severity"] != VIOLATION, f["id"]))
    return {
        "source": source,
        "calls": len(entries),
        "rpcs": {name: dict(c) for name, c in sorted(rpcs.items())},
        "violations": sum(f["count"] for f in ordered if f["severity"] == VIOLATION),
        "warnings": sum(f["count"] for f in ordered if f["severity"] == WARNING),
        "findings": ordered,
        "server_errors": [{"rpc": r, "code": c, "check": k, "count": n}
                          for (r, c, k), n in sorted(server_errors.items())],
        "clean": not ordered,
    }


def render_markdown(summary: dict) -> str:
    lines = ["# SDK report (strict mock)", ""]
    if summary.get("source"):
        lines += [f"Record: `{summary['source']}`", ""]
    verdict = "clean: no violations, no warnings" if summary["clean"] else \
        f"{summary['violations']} violation(s), {summary['warnings']} warning(s)"
    lines += [f"{summary['calls']} calls; {verdict}.", "", "## RPCs exercised", "",
              "| RPC | calls | ok | server errors | violations | unimplemented |", "|---|---|---|---|---|---|"]
    for name, c in summary["rpcs"].items():
        lines.append(f"| {name} | {c.get('calls', 0)} | {c.get(OK, 0)} | {c.get(SERVER_ERROR, 0)} | "
                     f"{c.get(VIOLATION, 0)} | {c.get(UNIMPLEMENTED, 0)} |")
    lines += ["", "## Findings", ""]
    if not summary["findings"]:
        lines.append("None.")
    for f in summary["findings"]:
        lines += [f"### {f['severity']}: `{f['id']}` ({f['count']}x, {', '.join(f['rpcs'])})", "",
                  f["explanation"] or "(no explanation)", ""]
        for ex in f["examples"]:
            st = ex.get("status") or {}
            lines.append(f"- call #{ex['seq']} {ex['rpc']}: {ex['detail']}"
                         + (f" — answered code {st.get('code')}" if st.get("code") else ""))
            req = json.dumps(ex["request"], sort_keys=True)
            lines += ["", "  ```json", "  " + (req if len(req) <= 4000 else req[:4000] + " ...(cut)"), "  ```", ""]
    if summary["server_errors"]:
        lines += ["", "## Server errors (expected answers to server state, not findings)", "",
                  "| RPC | code | check | count |", "|---|---|---|---|"]
        for s in summary["server_errors"]:
            lines.append(f"| {s['rpc']} | {s['code']} | {s['check'] or '-'} | {s['count']} |")
    return "\n".join(lines) + "\n"


def report_paths(record: str | Path) -> tuple[Path, Path]:
    record = Path(record)
    return record.with_name(record.name + ".sdk-report.md"), record.with_name(record.name + ".sdk-report.json")


def write_report(record: str | Path) -> tuple[dict, Path, Path]:
    """Summarise a record file into ``<record>.sdk-report.md`` / ``.json``; return (summary, md, json)."""
    summary = summarize(read_record(record), str(record))
    md, js = report_paths(record)
    md.write_text(render_markdown(summary), encoding="utf-8")
    js.write_text(json.dumps(summary, indent=2), encoding="utf-8")
    return summary, md, js
