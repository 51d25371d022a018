"""Connections to targets, held in a registry by alias (the ORM-style connection control of pymilvus 2.0:
connect, disconnect, get by alias), so one run can talk to several targets at once."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import grpc

from ..protocol import catalogue, milvus_pb2_grpc
from .ownership import Ownership
from .recorder import CallRecord, Recorder, RecordingInterceptor, status_of
from .target import Target, TargetError, parse_target

MAX_MESSAGE_BYTES = 256 * 1024 * 1024  # let the server, not our client, decide what is too large


class RpcError(Exception):
    """A call that ended in a non-OK gRPC status (the application Status travels inside OK replies)."""

    def __init__(self, rpc: str, code: grpc.StatusCode, details: str):
        self.rpc, self.code, self.details = rpc, code, details
        super().__init__(f"{rpc}: gRPC {code.name}: {details or '(no details)'}")


class RpcUnimplemented(RpcError):
    """The target does not implement this RPC (gRPC UNIMPLEMENTED)."""


class RpcTransportError(RpcError):
    """Any other non-OK gRPC status: unreachable target, deadline, RESOURCE_EXHAUSTED, ..."""


class TargetGone(RpcError):
    """The target stopped answering (it no longer answers a liveness probe either): calls fail at once."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__("(any)", grpc.StatusCode.UNAVAILABLE, reason)


# A call ending in one of these makes the connection ask whether the target is still there.
SILENT = frozenset({grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED})
LIVENESS_TIMEOUT = 5.0
UNAVAILABLE_RETRIES = (0.25, 1.0)  # back-off before each retry of a call that found no connection


class Connection:
    def __init__(self, alias: str, target: Target, recorder: Recorder | None = None):
        self.alias = alias
        self.target = target
        self.recorder = recorder or Recorder()
        self.ownership: Ownership | None = None  # when set, every request is checked against it
        self.down_flag: str | None = None  # a file shared by the run's processes: the target went away
        self.retries: dict[str, int] = {}  # RPC -> calls retried after a transient UNAVAILABLE
        self._raw_channel = self._open_channel(target)
        self.channel = grpc.intercept_channel(
            self._raw_channel, RecordingInterceptor(self.recorder, alias, target.metadata())
        )
        self.stub = milvus_pb2_grpc.MilvusServiceStub(self.channel)
        self._callables: dict[str, grpc.UnaryUnaryMultiCallable] = {}

    @staticmethod
    def _open_channel(target: Target) -> grpc.Channel:
        options = [
            ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
            ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
        ]
        if target.server_name:
            options.append(("grpc.ssl_target_name_override", target.server_name))
        if not target.tls:
            return grpc.insecure_channel(target.address, options=options)

        def read(path):
            return Path(path).read_bytes() if path else None

        creds = grpc.ssl_channel_credentials(
            root_certificates=read(target.ca_file),
            private_key=read(target.key_file),
            certificate_chain=read(target.cert_file),
        )
        return grpc.secure_channel(target.address, creds, options=options)

    def _callable(self, rpc_name: str) -> grpc.UnaryUnaryMultiCallable:
        if rpc_name not in self._callables:
            rpc = catalogue.get(rpc_name)
            if rpc.kind != "unary":
                raise TypeError(f"{rpc_name} is {rpc.kind}; use the stub for streaming RPCs")
            self._callables[rpc_name] = self.channel.unary_unary(
                rpc.path,
                request_serializer=rpc.request_class().SerializeToString,
                response_deserializer=rpc.response_class().FromString,
            )
        return self._callables[rpc_name]

    def call(self, rpc_name: str, request=None, timeout: float | None = None):
        """Send one unary RPC by name and return the raw response message.

        Raises RpcUnimplemented / RpcTransportError for non-OK gRPC statuses; application errors come back
        as a response whose Status says so.
        """
        if request is None:
            request = catalogue.get(rpc_name).request_class()()
        if self.ownership is not None:
            self.ownership.check(rpc_name, request)
        self._fail_if_gone()
        for pause in (*UNAVAILABLE_RETRIES, None):
            try:
                reply = self._callable(rpc_name)(request, timeout=timeout or self.target.timeout)
                break
            except grpc.RpcError as err:
                code, details = err.code(), err.details() or ""
            if code == grpc.StatusCode.UNIMPLEMENTED:
                raise RpcUnimplemented(rpc_name, code, details) from None
            if code == grpc.StatusCode.UNAVAILABLE and pause is not None:
                self.retries[rpc_name] = self.retries.get(rpc_name, 0) + 1
                time.sleep(pause)
                continue
            if code in SILENT:
                self._check_alive()
            raise RpcTransportError(rpc_name, code, details) from None
        if self.ownership is not None:
            self.ownership.observe(rpc_name, request, status_of(reply))
        return reply

    def stream(self, rpc_name: str, request=None, *, requests=None, timeout: float | None = None) -> list:
        """Send one server-streaming (``request``) or bidi-streaming (``requests``, an iterable) RPC and return
        every response message the server streamed until it ended the stream. Each response is recorded as a
        call of ``rpc_name`` (so ``check()`` can judge it); the ownership guard sees every request first.

        Raises RpcUnimplemented / RpcTransportError like ``call`` when the stream ends with a non-OK gRPC status
        (a stream that ended with an error after some messages raises too; the messages are recorded)."""
        rpc = catalogue.get(rpc_name)
        if rpc.kind not in ("server-streaming", "bidi-streaming"):
            raise TypeError(f"{rpc_name} is {rpc.kind}; use call()")
        bidi = rpc.kind == "bidi-streaming"
        if bidi:
            outgoing = list(requests if requests is not None else ([request] if request is not None else []))
        else:
            outgoing = [request if request is not None else rpc.request_class()()]
        if self.ownership is not None:
            for item in outgoing or [rpc.request_class()()]:
                self.ownership.check(rpc_name, item)
        self._fail_if_gone()
        shown = outgoing[0] if len(outgoing) == 1 else rpc.request_class()()
        kwargs = dict(request_serializer=rpc.request_class().SerializeToString,
                      response_deserializer=rpc.response_class().FromString)
        factory = self._raw_channel.stream_stream if bidi else self._raw_channel.unary_stream
        multicallable = factory(rpc.path, **kwargs)
        start = time.perf_counter()
        responses: list = []
        try:
            call = multicallable(iter(outgoing) if bidi else outgoing[0], timeout=timeout or self.target.timeout,
                                 metadata=self.target.metadata() or None)
            for response in call:
                responses.append(response)
                self.recorder.add(CallRecord(seq=0, method=rpc_name, request=shown, response=response,
                                             grpc_code="OK", grpc_details="", latency_s=time.perf_counter() - start,
                                             alias=self.alias))
        except grpc.RpcError as err:
            code, details = err.code(), err.details() or ""
            self.recorder.add(CallRecord(seq=0, method=rpc_name, request=shown, response=None, grpc_code=code.name,
                                         grpc_details=details, latency_s=time.perf_counter() - start,
                                         alias=self.alias))
            if code == grpc.StatusCode.UNIMPLEMENTED:
                raise RpcUnimplemented(rpc_name, code, details) from None
            if code in SILENT:
                self._check_alive()
            raise RpcTransportError(rpc_name, code, details) from None
        if not responses:  # an empty stream is still a call
            self.recorder.add(CallRecord(seq=0, method=rpc_name, request=shown, response=None, grpc_code="OK",
                                         grpc_details="", latency_s=time.perf_counter() - start, alias=self.alias))
        return responses

    def _fail_if_gone(self) -> None:
        if self.down_flag and os.path.exists(self.down_flag):
            with open(self.down_flag, encoding="utf-8") as fh:
                raise TargetGone(fh.read() or "the target stopped answering")

    def _check_alive(self) -> None:
        """After a silent failure: does the target still answer anything? If not, say so to the whole run."""
        from ..protocol import milvus_pb2

        try:
            self._callable("HasCollection")(milvus_pb2.HasCollectionRequest(collection_name="liveness_probe"),
                                            timeout=LIVENESS_TIMEOUT)
            return
        except grpc.RpcError as err:
            if err.code() not in SILENT:
                return  # it answered (even UNIMPLEMENTED or an error): it is alive
            reason = f"the target stopped answering ({err.code().name}: {err.details() or 'no details'})"
        if self.down_flag:
            with open(self.down_flag, "w", encoding="utf-8") as fh:
                fh.write(reason)
        raise TargetGone(reason)

    def wait_ready(self, timeout: float = 10.0) -> None:
        try:
            grpc.channel_ready_future(self._raw_channel).result(timeout=timeout)
        except grpc.FutureTimeoutError:
            raise TargetError(f"cannot reach {self.target.describe()} within {timeout:g}s") from None

    def close(self) -> None:
        self._raw_channel.close()


class ConnectionRegistry:
    """Connections by alias. ``connect`` replaces nothing silently: an alias in use must be disconnected."""

    def __init__(self):
        self._lock = threading.Lock()
        self._by_alias: dict[str, Connection] = {}

    def connect(self, alias: str = "default", target: Target | str | None = None, *,
                recorder: Recorder | None = None, **options) -> Connection:
        if target is None:
            raise TargetError("connect() needs a target")
        tgt = parse_target(target, **options) if isinstance(target, str) else target.with_options(**options)
        with self._lock:
            if alias in self._by_alias:
                existing = self._by_alias[alias]
                if existing.target == tgt:
                    return existing
                raise TargetError(f"alias {alias!r} is already connected to {existing.target.describe()}")
            conn = Connection(alias, tgt, recorder)
            self._by_alias[alias] = conn
            return conn

    def disconnect(self, alias: str) -> None:
        with self._lock:
            conn = self._by_alias.pop(alias, None)
        if conn is not None:
            conn.close()

    def get(self, alias: str = "default") -> Connection:
        with self._lock:
            try:
                return self._by_alias[alias]
            except KeyError:
                known = ", ".join(sorted(self._by_alias)) or "none"
                raise KeyError(f"no connection with alias {alias!r} (connected: {known})") from None

    def has(self, alias: str) -> bool:
        with self._lock:
            return alias in self._by_alias

    def aliases(self) -> list[str]:
        with self._lock:
            return sorted(self._by_alias)

    def disconnect_all(self) -> None:
        for alias in self.aliases():
            self.disconnect(alias)


connections = ConnectionRegistry()
