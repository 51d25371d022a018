"""A session: a request stream from a fresh state, with the answers each target gave, as a replayable file.

Every name in a session carries one namespace string (``Session.token``). Before the requests go out, that string
is replaced by a string of the same length inside the running diff's token namespace (so serialized schemas keep
their length prefixes, and ``clean --run TOKEN`` finds whatever is left), and answers are mapped back, so two
executions of the same session compare equal whatever namespace they ran in.

Four sources: the sequences ``diff`` generates, the session files it writes (``diff.json``'s reproductions, JSON,
format ``milvus-conformance-session/1``), the replay scripts a ``run`` writes for its deviations
(``reports/.../replay/NNN-Rpc.py``: read with ``ast``, never executed), whose recorded answers are the codes in
their comments and the deviating call's full answer, and the JSON-lines record of ``mock --strict --record FILE``
(an SDK's calls with the mock's status codes). An SDK names its objects itself: every name a recorded call
creates (the ownership guard's CREATING fields) is renamed into the placeholder namespace, in every later request
too, so the session runs in the diff's token namespace; a call naming an object the session did not create is
refused by the guard (and listed), never sent.
"""

from __future__ import annotations

import ast
import base64
import json
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from google.protobuf import text_format

from ..protocol import catalogue
from ..transport.replay import LARGE_REQUEST, PACKED

FORMAT = "milvus-conformance-session/1"
# The namespace generated sequences are written in: a run-token-shaped placeholder and an execution slot.
PLACEHOLDER_NS = "mc00000000_e000"


class SessionError(ValueError):
    """A session file that cannot be read; the message says why."""


@dataclass
class Answer:
    """What one target answered to one call: the gRPC code, and the response (protobuf text, names mapped back to
    the session's namespace) when there was one. ``status`` alone when only the codes were recorded."""

    grpc_code: str = "OK"
    grpc_details: str = ""
    response: str | None = None  # protobuf text of the response message
    status: dict | None = None  # {"code": .., "error_code": ..} when only the codes are known

    def to_json(self) -> dict:
        out: dict = {"grpc_code": self.grpc_code}
        if self.grpc_details:
            out["grpc_details"] = self.grpc_details
        if self.response is not None:
            out["response"] = self.response
        if self.status is not None:
            out["status"] = self.status
        return out

    @classmethod
    def from_json(cls, data: dict) -> Answer:
        return cls(data.get("grpc_code", "OK"), data.get("grpc_details", ""), data.get("response"),
                   data.get("status"))

    def message(self, rpc: str):
        """The response as a message (None when there is none or only codes were recorded)."""
        if self.response is None:
            return None
        return text_format.Parse(self.response, catalogue.get(rpc).response_class()())


@dataclass
class Call:
    rpc: str
    request: str  # protobuf text, or PACKED + compressed binary for large requests
    answers: dict[str, Answer] = field(default_factory=dict)  # target label -> its answer
    note: str = ""  # what the generator meant by this step (shown in reports)

    def message(self, namespace: str | None = None, token: str = ""):
        """The request as a message, with ``token`` replaced by ``namespace`` (same length)."""
        cls = catalogue.get(self.rpc).request_class()
        if self.request.startswith(PACKED):
            data = zlib.decompress(base64.b64decode(self.request[len(PACKED):]))
            if namespace:
                data = data.replace(token.encode(), namespace.encode())
            return cls.FromString(data)
        text = self.request.replace(token, namespace) if namespace else self.request
        return text_format.Parse(text, cls())

    def to_json(self) -> dict:
        out: dict = {"rpc": self.rpc, "request": self.request}
        if self.note:
            out["note"] = self.note
        if self.answers:
            out["answers"] = {label: a.to_json() for label, a in self.answers.items()}
        return out


@dataclass
class Session:
    token: str  # the namespace string every name carries; replaced (same length) when the session runs
    calls: list[Call]
    title: str = ""
    source: str = ""

    def to_json(self) -> dict:
        return {"format": FORMAT, "title": self.title, "token": self.token,
                "calls": [c.to_json() for c in self.calls]}

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_json(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

    def prefix(self, n: int) -> Session:
        return Session(self.token, [Call(c.rpc, c.request, dict(c.answers), c.note) for c in self.calls[:n]],
                       self.title, self.source)

    def subset(self, indexes) -> Session:
        return Session(self.token, [Call(self.calls[i].rpc, self.calls[i].request, dict(self.calls[i].answers),
                                         self.calls[i].note) for i in indexes], self.title, self.source)

    def labels(self) -> list[str]:
        seen: dict[str, None] = {}
        for call in self.calls:
            for label in call.answers:
                seen.setdefault(label, None)
        return list(seen)


def stored(request) -> str:
    """A request as a session holds it: protobuf text, or compressed binary when the text would be large."""
    text = text_format.MessageToString(request, as_utf8=False)
    if len(text) <= LARGE_REQUEST:
        return text
    return PACKED + base64.b64encode(zlib.compress(request.SerializeToString(), 9)).decode()


def session_from_records(records, token: str, title: str = "", label: str = "recorded") -> Session:
    """A session from a Recorder's CallRecords (``token``: the run token their names carry)."""
    calls = []
    for r in records:
        if r.request is None:
            continue
        response = text_format.MessageToString(r.response, as_utf8=True) if r.response is not None else None
        calls.append(Call(r.method, stored(r.request), {label: Answer(r.grpc_code, r.grpc_details, response)}))
    return Session(token, calls, title)


def namespace_for(run_token: str, length: int, slot: int) -> str:
    """A string of ``length`` characters in ``run_token``'s namespace for execution ``slot`` (names it prefixes
    still match ``cleanup.suite_names(run_token)``)."""
    extra = length - len(run_token)
    if extra < 0:
        raise SessionError(f"the session's namespace is shorter than a run token ({length} < {len(run_token)})")
    if extra >= 5:
        return run_token + "_e" + str(slot % 10 ** (extra - 2)).zfill(extra - 2)
    if extra >= 3:
        return run_token + "gw" + str(slot % 10 ** (extra - 2)).zfill(extra - 2)
    return run_token + "_" * extra


# --- reading -------------------------------------------------------------------------------------------------


def load(path: str | Path) -> Session:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as err:
        raise SessionError(f"cannot read the session {path}: {err.strerror or err}") from None
    if p.suffix == ".py" or text.startswith("#!"):
        return _from_replay_script(text, str(path))
    first = text.lstrip().split("\n", 1)[0]
    if first.startswith("{") and '"rpc"' in first and '"request"' in first and '"format"' not in first:
        return _from_strict_record(text, str(path))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise SessionError(f"{path} is neither a session (JSON) nor a replay script: {err}") from None
    if isinstance(data, dict) and "reproduction" in data and isinstance(data["reproduction"], dict):
        data = data["reproduction"]  # a divergence entry holding its session
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SessionError(f"{path} is not a {FORMAT} file")
    try:
        calls = [Call(c["rpc"], c["request"], {k: Answer.from_json(v) for k, v in c.get("answers", {}).items()},
                      c.get("note", "")) for c in data["calls"]]
        session = Session(data["token"], calls, data.get("title", ""), str(path))
    except (KeyError, TypeError) as err:
        raise SessionError(f"{path}: malformed session ({err})") from None
    _validate(session, str(path))
    return session


def _validate(session: Session, where: str) -> None:
    if not session.calls:
        raise SessionError(f"{where}: the session holds no call")
    for i, call in enumerate(session.calls):
        try:
            catalogue.get(call.rpc)
            call.message()
        except KeyError:
            raise SessionError(f"{where}: call {i + 1} names an unknown RPC {call.rpc!r}") from None
        except (text_format.ParseError, ValueError) as err:
            raise SessionError(f"{where}: call {i + 1} ({call.rpc}) is not a valid request: {err}") from None


_RECORDED = re.compile(r"^#.*recorded answer: (?P<answer>.*)$")
_CODES = re.compile(r"code=(?P<code>-?\d+) error_code=(?P<error_code>-?\d+)")


def _answer_from_comment(text: str) -> Answer:
    text = text.strip()
    m = _CODES.search(text)
    if m:
        return Answer("OK", status={"code": int(m["code"]), "error_code": int(m["error_code"])})
    if text == "OK":
        return Answer("OK")
    return Answer(text or "OK")


def _from_replay_script(text: str, where: str) -> Session:
    """A run's replay script: the recorded calls (literal arguments only; the script is parsed, not run)."""
    try:
        tree = ast.parse(text)
    except SyntaxError as err:
        raise SessionError(f"{where}: not a replay script ({err})") from None
    comments = [_answer_from_comment(m["answer"]) for m in map(_RECORDED.match, text.splitlines()) if m]
    token, calls = "", []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else (func.attr if isinstance(func, ast.Attribute) else "")
        if name == "Replayer":
            for kw in node.keywords:
                if kw.arg == "token" and isinstance(kw.value, ast.Constant):
                    token = kw.value.value
    # ast.walk is breadth-first: take the calls in source order instead
    for node in sorted((n for n in ast.walk(tree) if isinstance(n, ast.Call)), key=lambda n: (n.lineno, n.col_offset)):
        func = node.func
        plain = isinstance(func, ast.Name) and func.id == "replay"
        deviation = isinstance(func, ast.Attribute) and func.attr == "deviation"
        if not (plain or deviation) or len(node.args) < 2:
            continue
        try:
            rpc, request = ast.literal_eval(node.args[0]), ast.literal_eval(node.args[1])
        except ValueError:
            raise SessionError(f"{where}: line {node.lineno}: arguments are not literals") from None
        call = Call(rpc, request)
        if deviation:
            recorded = ast.literal_eval(node.args[3]) if len(node.args) > 3 else ""
            call.note = "the deviating call (checks: " + ", ".join(ast.literal_eval(node.args[2])) + ")" \
                if len(node.args) > 2 else "the deviating call"
            if recorded:
                call.answers["recorded"] = Answer("OK", response=recorded)
        calls.append(call)
    if not token:
        raise SessionError(f"{where}: no Replayer(token=...) found: not a milvus-conformance replay script")
    if len(comments) == len(calls):
        for call, answer in zip(calls, comments, strict=True):
            call.answers.setdefault("recorded", answer)
    session = Session(token, calls, f"replay script {Path(where).name}", where)
    _validate(session, where)
    return session


def _from_strict_record(text: str, where: str) -> Session:
    """An SDK session recorded by ``mock --strict --record``: requests (protobuf JSON) and status codes."""
    from google.protobuf import json_format

    from ..protocol import schema_pb2
    from ..transport.ownership import CREATING, field_value

    requests, answers = [], []
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        try:
            entry = json.loads(line)
            rpc, data = entry["rpc"], entry["request"]
            if not isinstance(data, dict) or data.get("truncated"):
                raise SessionError(f"{where}:{n}: the {rpc} request was recorded truncated; cannot replay it")
            data = {k: v for k, v in data.items() if k != "schema_decoded"}
            request = json_format.ParseDict(data, catalogue.get(rpc).request_class()(), ignore_unknown_fields=True)
        except SessionError:
            raise
        except (ValueError, KeyError, TypeError, json_format.ParseError) as err:
            raise SessionError(f"{where}:{n}: not a strict-mode record line ({err})") from None
        status = entry.get("status")
        outcome = entry.get("outcome", "")
        answer = Answer("UNIMPLEMENTED") if outcome == "unimplemented" else Answer(
            "OK", status={"code": status.get("code", 0), "error_code": status.get("error_code", 0)}
            if isinstance(status, dict) else None)
        requests.append((rpc, request))
        answers.append(answer)
    # every name the session creates, renamed into the placeholder namespace (longest first: no partial clash)
    renames: dict[str, str] = {}
    for rpc, request in requests:
        if rpc in CREATING:
            name = field_value(request, CREATING[rpc][0])
            if name and name not in renames and name != "default":
                renames[name] = f"{PLACEHOLDER_NS}_s{len(renames) + 1}"
    calls = []
    for (rpc, request), answer in zip(requests, answers, strict=True):
        _rename(request, renames)
        if rpc == "CreateCollection" and request.schema:
            schema = schema_pb2.CollectionSchema()
            try:
                schema.ParseFromString(request.schema)
                if schema.name in renames:
                    schema.name = renames[schema.name]
                    request.schema = schema.SerializeToString()
            except Exception:  # noqa: BLE001  (an unparsable schema travels as recorded)
                pass
        answer.status = answer.status if answer.grpc_code == "OK" else None
        calls.append(Call(rpc, stored(request), {"recorded": answer}))
    session = Session(PLACEHOLDER_NS, calls, f"strict-mode record {Path(where).name}", where)
    _validate(session, where)
    return session


def _rename(message, renames: dict[str, str]) -> None:
    """Replace every string field (nested and repeated too) equal to a renamed name."""
    for fd, value in message.ListFields():
        if fd.type == fd.TYPE_STRING:
            if fd.is_repeated:
                values = [renames.get(v, v) for v in value]
                del value[:]
                value.extend(values)
            elif value in renames:
                setattr(message, fd.name, renames[value])
        elif fd.type == fd.TYPE_MESSAGE:
            if fd.message_type.GetOptions().map_entry:
                continue
            for item in (value if fd.is_repeated else [value]):
                _rename(item, renames)
