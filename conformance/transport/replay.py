"""A deviation as a self-contained, runnable script, and the small player such scripts use.

The script holds the failing example's calls up to the deviating one, preceded by the earlier calls that set
up the objects it touches (a module fixture's collection, its rows, index and load), as raw requests in
protobuf text format. When it runs it replaces the run's token with a fresh one of the same length (so every
name is new and serialized schemas keep their length prefixes), sends the calls, judges the deviating answer
with the suite's own registry, removes what it created, and exits 1 while the deviation reproduces, 0 once
the target conforms (2 when a content check's answer changed and only the suite can judge it again).
"""

from __future__ import annotations

import base64
import re
import secrets
import sys
import zlib

import grpc
from google.protobuf import text_format

from ..protocol import catalogue
from .recorder import CallRecord, status_of

# Calls whose effects later calls may depend on: included from before the failing example when they name
# one of its objects.
SETUP_PREFIXES = ("Create", "Insert", "Upsert", "Delete", "Load", "Flush", "Alter", "Rename", "Add", "Import")

REPRODUCED, CONFORMS, CHANGED = 1, 0, 2

_HEADER = '''#!/usr/bin/env python3
"""Replays a deviation found by milvus-conformance{what}.

    python <this file> [HOST:PORT]        (default {target})

Plain gRPC without TLS or credentials; needs milvus-conformance installed (the pinned stubs and the
registry that judges the answer). Every name gets a fresh run token; what the script creates is removed at
the end. Exit status: 1 = the deviation reproduces, 0 = the target now conforms, 2 = the answer changed
and only a suite run can judge it.
"""

import sys

from conformance.transport.replay import Replayer

replay = Replayer(sys.argv[1] if len(sys.argv) > 1 else {target!r}, token={token!r}, server={server!r})
'''


class Replayer:
    """Sends recorded requests with the run token replaced, remembers what they created, judges the
    deviating call and cleans up."""

    def __init__(self, target: str, *, token: str = "", server: str | None = None, timeout: float = 30.0):
        self.channel = grpc.insecure_channel(target)
        self.timeout = timeout
        self.token = token
        self.fresh = ("mc" + secrets.token_hex(len(token)))[: len(token)] if token else ""
        self.server = server
        self.created: list[tuple[str, str, str]] = []  # (kind, db, name) in creation order
        self.written: dict[tuple[str, str], int] = {}  # (db, collection) -> this replay's last write timestamp

    def _send(self, rpc: str, request):
        info = catalogue.get(rpc)
        method = self.channel.unary_unary(info.path, request_serializer=type(request).SerializeToString,
                                          response_deserializer=info.response_class().FromString)
        return method(request, timeout=self.timeout)

    def request(self, rpc: str, text: str):
        cls = catalogue.get(rpc).request_class()
        if text.startswith(PACKED):  # a large request, stored as compressed binary protobuf
            data = zlib.decompress(base64.b64decode(text[len(PACKED):]))
            if self.token:
                data = data.replace(self.token.encode(), self.fresh.encode())
            return cls.FromString(data)
        if self.token:
            text = text.replace(self.token, self.fresh)
        return text_format.Parse(text, cls())

    def __call__(self, rpc: str, text: str):
        request = self.request(rpc, text)
        if rpc in ("Search", "Query", "HybridSearch") and request.guarantee_timestamp > 1:
            # The run read its own writes with guarantee_timestamp = its last write's timestamp (orm.WriteClock);
            # here that is this replay's write on the collection (Strong when none is known).
            ts = self.written.get((request.db_name, request.collection_name), 0)
            request.guarantee_timestamp = ts
            if not ts:
                request.consistency_level = 0  # Strong
        reply = self._send(rpc, request)
        if rpc in ("Insert", "Upsert", "Delete"):  # 0 (Milvus 2.3.5's Delete): unknown, later reads are Strong
            self.written[(request.db_name, request.collection_name)] = getattr(reply, "timestamp", 0)
        status = status_of(reply)
        shown = f"code={status.code} error_code={status.error_code} reason={status.reason!r}" if status else "OK"
        print(f"{rpc}: {shown}")
        if status is None or (status.code == 0 and status.error_code == 0):
            self._remember(rpc, request)
        return reply

    def _remember(self, rpc: str, request) -> None:
        kinds = {"CreateCollection": ("collection", "collection_name"), "CreateAlias": ("alias", "alias"),
                 "CreateDatabase": ("database", "db_name")}
        if rpc in kinds:
            kind, attr = kinds[rpc]
            name = getattr(request, attr)
            if self.fresh and self.fresh in name:
                self.created.append((kind, getattr(request, "db_name", "") if kind != "database" else "", name))

    def cleanup(self) -> None:
        """Drop what this script created: aliases, then collections, then databases (fresh names only)."""
        from ..protocol import milvus_pb2

        order = {"alias": 0, "collection": 1, "database": 2}
        for kind, db, name in sorted(reversed(self.created), key=lambda item: order[item[0]]):
            try:
                if kind == "alias":
                    self._send("DropAlias", milvus_pb2.DropAliasRequest(db_name=db, alias=name))
                elif kind == "collection":
                    self._send("ReleaseCollection", milvus_pb2.ReleaseCollectionRequest(db_name=db,
                                                                                        collection_name=name))
                    self._send("DropCollection", milvus_pb2.DropCollectionRequest(db_name=db, collection_name=name))
                else:
                    self._send("DropDatabase", milvus_pb2.DropDatabaseRequest(db_name=name))
            except grpc.RpcError as err:
                print(f"cleanup: could not drop {kind} {name}: {err.code().name}", file=sys.stderr)

    def deviation(self, rpc: str, text: str, checks: list[str], recorded_reply: str = "") -> int:
        """Send the deviating call, judge it against ``checks``, clean up and return the exit status."""
        from ..expectations.invariants import invariant_findings
        from ..expectations.judge import judge
        from ..expectations.versions import ServerInfo
        from ..model.rules import rules

        try:
            reply = self(rpc, text)
        except grpc.RpcError as err:
            print(f"{rpc}: gRPC {err.code().name}: {err.details()}")
            self.cleanup()
            return REPRODUCED
        try:
            server = ServerInfo.from_reported(self.server)
            status_checks = [rules.get(c) for c in checks if c in rules and rules.get(c).answer is not None]
            generic = [c for c in checks if c.startswith("Status/")]
            if status_checks or (generic and len(generic) == len(checks)):
                failed = []
                for check in status_checks:
                    _, findings = judge(reply, check, rpc=rpc, server=server)
                    failed += [f for f in findings if f.level == "required"]
                failed += [f for f in invariant_findings(rpc, reply) if f.check in generic and f not in failed]
                for f in failed:
                    print(f"DEVIATES  {f.check}: expected {f.expected}; got {f.actual}")
                if not failed:
                    print("CONFORMS  " + ", ".join([c.id for c in status_checks] + generic))
                return REPRODUCED if failed else CONFORMS
            answer = text_format.MessageToString(reply).replace(self.fresh, self.token) if self.fresh else \
                text_format.MessageToString(reply)
            same = _normalised(answer) == _normalised(recorded_reply)
            print(("SAME ANSWER as when the deviation was found: " if same else "ANSWER CHANGED (only a suite run can "
                   "judge it): ") + ", ".join(checks))
            return REPRODUCED if same else CHANGED
        finally:
            self.cleanup()


# Fields that differ between two identical runs: timestamps, generated IDs, channel names built from them.
_VOLATILE = re.compile(r"^\s*\w*(timestamp|_ts|ID|IDs|id|ids|channel_names|db_id)\b[^\n]*\n?", re.I | re.M)


def _normalised(text: str) -> str:
    """Response text without fields that differ between two identical runs (timestamps, generated IDs)."""
    return _VOLATILE.sub("", text)


PACKED = "zlib+base64:"
LARGE_REQUEST = 64 * 1024  # larger requests go into the script as compressed binary protobuf


def _text(request) -> str:
    return text_format.MessageToString(request, as_utf8=False) if request is not None else ""


def _stored(request) -> str:
    """A request as the script holds it: protobuf text, or compressed binary when the text would be large."""
    text = _text(request)
    if len(text) <= LARGE_REQUEST:
        return text
    return PACKED + base64.b64encode(zlib.compress(request.SerializeToString(), 9)).decode()


def names_in(text: str, token: str) -> set[str]:
    return set(re.findall(re.escape(token) + r"[A-Za-z0-9_]*", text)) if token else set()


def dependency_slice(history: list[CallRecord], example: list[CallRecord], token: str) -> list[CallRecord]:
    """The earlier setup calls (in ``history``, before the example) that name an object the example's calls
    touch, followed by the example's calls."""
    wanted: set[str] = set()
    for record in example:
        wanted |= names_in(_text(record.request), token)
    setup = []
    for record in reversed(history):
        if not record.method.startswith(SETUP_PREFIXES) or record.grpc_code != "OK":
            continue
        names = names_in(_text(record.request), token)
        if names & wanted:
            setup.append(record)
            wanted |= names  # a setup call may need earlier objects too (an alias's collection)
    return list(reversed(setup)) + list(example)


def to_python_script(records: list[CallRecord], *, target: str, what: str = "", token: str = "",
                     server: str | None = None, checks: list[str] | None = None) -> str:
    """The script: every call but the last replayed as is, the last judged against ``checks``."""
    lines = [_HEADER.format(target=target, what=f" ({what})" if what else "", token=token, server=server)]
    *setup, culprit = records
    for record in setup:
        lines.append(f"# recorded answer: {_answer(record)}")
        lines.append(f"replay({record.method!r}, {_stored(record.request)!r})")
    recorded = text_format.MessageToString(culprit.response) if culprit.response is not None else ""
    recorded = recorded if len(recorded) <= LARGE_REQUEST else ""  # too large to compare: judged as changed
    lines.append(f"# the deviating call; recorded answer: {_answer(culprit)}")
    lines.append(f"sys.exit(replay.deviation({culprit.method!r}, {_stored(culprit.request)!r}, {list(checks or [])!r},"
                 f"\n                           {recorded!r}))")
    return "\n".join(lines) + "\n"


def _answer(record: CallRecord) -> str:
    if record.grpc_code != "OK":
        return record.grpc_code
    status = record.status
    return "OK" if status is None else f"code={status.code} error_code={status.error_code}"
