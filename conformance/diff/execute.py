"""Sending a session to one target from a fresh state, under the ownership guard, and removing what it created.

Each execution runs in its own namespace slot of the diff's run token (``session.namespace_for``): every name is
adopted into an ``Ownership`` of that token before the request leaves, so the guard still refuses any request that
would touch an object the run did not create (a session naming a foreign object is refused, never sent). After a
successful LoadCollection the executor waits until the collection is loaded (not recorded: load is asynchronous on
Milvus and immediate on the mock). Afterwards it drops the aliases, collections and databases it created.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

from google.protobuf import text_format

from ..protocol import milvus_pb2
from ..transport import Connection, RpcTransportError, RpcUnimplemented, Target, TargetGone
from ..transport.ownership import ForeignObjectError, Ownership
from ..transport.recorder import status_of
from .session import Answer, Session, namespace_for

LOAD_WAIT = 60.0
REFUSED = "REFUSED_BY_GUARD"  # the ownership guard kept the request from leaving (a session naming foreign objects)


class Unreachable(RuntimeError):
    """The target stopped answering during a diff (exit code 3). ``session`` and ``index``: the session being run
    and the call that found the target gone (the likely trigger when a request brings a server down)."""

    session: Session | None = None
    index: int = -1


@dataclass
class Endpoint:
    """One side of a diff: a label ("target", "reference"), where it is, and what it reports itself as."""

    label: str
    target: Target
    shown: str  # how reports name it: "127.0.0.1:19542 (milvus-lite 3.2.2)" or "mock"
    version: str | None = None
    _conn: Connection | None = field(default=None, repr=False)

    def connection(self) -> Connection:
        if self._conn is None:
            self._conn = Connection(f"milvus-conformance-diff-{self.label}", self.target)
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


class Executor:
    """Runs sessions on one endpoint in slots of ``run_token``'s namespace."""

    def __init__(self, endpoint: Endpoint, run_token: str):
        self.endpoint = endpoint
        self.run_token = run_token
        self.slot = 0
        self.problems: list[str] = []  # cleanup failures

    def run(self, session: Session) -> list[Answer]:
        self.slot += 1
        namespace = namespace_for(self.run_token, len(session.token), self.slot)
        conn = self.endpoint.connection()
        ownership = Ownership(self.run_token)
        conn.ownership = ownership
        answers: list[Answer] = []
        try:
            for index, call in enumerate(session.calls):
                request = call.message(namespace, session.token)
                text = text_format.MessageToString(request, as_utf8=False)
                for name in set(re.findall(re.escape(namespace) + r"[A-Za-z0-9_]*", text)):
                    ownership.adopt(name)
                try:
                    answers.append(self._send(conn, call.rpc, request, namespace, session.token))
                except Unreachable as gone:
                    gone.session, gone.index = session, index
                    raise
        except Unreachable:
            conn.ownership = None
            raise  # nothing to clean on a server that is gone (the run's safety net tries again by token)
        finally:
            if conn.ownership is not None:
                self._cleanup(conn, ownership)
            conn.ownership = None
        return answers

    def _send(self, conn: Connection, rpc: str, request, namespace: str, token: str) -> Answer:
        try:
            reply = conn.call(rpc, request)
        except ForeignObjectError as err:
            return Answer(REFUSED, str(err).replace(namespace, token))
        except RpcUnimplemented as err:
            return Answer("UNIMPLEMENTED", err.details.replace(namespace, token))
        except TargetGone as err:
            raise Unreachable(f"{self.endpoint.shown}: {err.reason}") from None
        except RpcTransportError as err:
            return Answer(err.code.name, (err.details or "").replace(namespace, token))
        text = text_format.MessageToString(reply, as_utf8=True).replace(namespace, token)
        if rpc == "LoadCollection":
            status = status_of(reply)
            if status is None or not (status.code or status.error_code):
                self._wait_loaded(conn, request)
        return Answer("OK", response=text)

    @staticmethod
    def _wait_loaded(conn: Connection, request) -> None:
        deadline = time.monotonic() + LOAD_WAIT
        while time.monotonic() < deadline:
            try:
                reply = conn.call("GetLoadingProgress", milvus_pb2.GetLoadingProgressRequest(
                    db_name=request.db_name, collection_name=request.collection_name))
            except RpcUnimplemented:
                return
            status = status_of(reply)
            if (status is not None and (status.code or status.error_code)) or reply.progress >= 100:
                return
            time.sleep(0.05)

    def _cleanup(self, conn: Connection, ownership: Ownership) -> None:
        created = ownership.leftovers()

        def attempt(what: str, rpc: str, request) -> None:
            try:
                reply = conn.call(rpc, request, timeout=30)
            except (RpcUnimplemented, ForeignObjectError):
                return
            except TargetGone as err:
                raise Unreachable(f"{self.endpoint.shown}: {err.reason}") from None
            except RpcTransportError as err:
                self.problems.append(f"{self.endpoint.shown}: {what}: {err}")
                return
            status = status_of(reply)
            if status is not None and (status.code or status.error_code) and rpc.startswith("Drop"):
                self.problems.append(f"{self.endpoint.shown}: {what}: {rpc} answered {status.code}: {status.reason}")

        for db, name in created["alias"]:
            attempt(f"alias {name}", "DropAlias", milvus_pb2.DropAliasRequest(db_name=db, alias=name))
        for db, name in created["collection"]:
            attempt(f"collection {name}", "ReleaseCollection",
                    milvus_pb2.ReleaseCollectionRequest(db_name=db, collection_name=name))
            attempt(f"collection {name}", "DropCollection",
                    milvus_pb2.DropCollectionRequest(db_name=db, collection_name=name))
        for _, name in created["database"]:
            attempt(f"database {name}", "DropDatabase", milvus_pb2.DropDatabaseRequest(db_name=name))
