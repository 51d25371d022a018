"""The recording layer: a client interceptor that keeps every call's method, request, response, status
and latency, so reports can show exactly what went over the wire."""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Any

import grpc

from ..protocol import SERVICE_NAME, common_pb2


@dataclass
class CallRecord:
    seq: int
    method: str  # the RPC name, e.g. "CreateCollection"
    request: Any
    response: Any | None
    grpc_code: str  # "OK" or the gRPC status code name
    grpc_details: str
    latency_s: float
    alias: str

    @property
    def status(self) -> common_pb2.Status | None:
        return status_of(self.response)


def status_of(response) -> common_pb2.Status | None:
    """The ``common.Status`` a response carries (the response itself for bare-Status RPCs), if any."""
    if response is None:
        return None
    if isinstance(response, common_pb2.Status):
        return response
    for field in response.DESCRIPTOR.fields:
        if field.message_type is not None and field.message_type.full_name == "milvus.proto.common.Status":
            return getattr(response, field.name) if response.HasField(field.name) else None
    return None


class Recorder:
    """Thread-safe store of recent calls plus per-method counters that are never truncated."""

    def __init__(self, keep: int = 20000):
        self._lock = threading.Lock()
        self._seq = 0
        self._records: deque[CallRecord] = deque(maxlen=keep)
        self.counts: dict[str, int] = {}
        self.latency: dict[str, float] = {}

    def add(self, record: CallRecord) -> None:
        with self._lock:
            self._seq += 1
            record.seq = self._seq
            self._records.append(record)
            self.counts[record.method] = self.counts.get(record.method, 0) + 1
            self.latency[record.method] = self.latency.get(record.method, 0.0) + record.latency_s

    @property
    def last_seq(self) -> int:
        with self._lock:
            return self._seq

    def find_response(self, response) -> CallRecord | None:
        """The newest recorded call that returned this very response object."""
        with self._lock:
            for record in reversed(self._records):
                if record.response is response:
                    return record
        return None

    def since(self, seq: int) -> list[CallRecord]:
        """Calls recorded after sequence number ``seq`` (still held in memory)."""
        with self._lock:
            return [r for r in self._records if r.seq > seq]


class RecordingInterceptor(grpc.UnaryUnaryClientInterceptor, grpc.UnaryStreamClientInterceptor):
    """Records unary and server-streaming MilvusService calls and adds the target's metadata."""

    def __init__(self, recorder: Recorder, alias: str, metadata: tuple[tuple[str, str], ...]):
        self.recorder = recorder
        self.alias = alias
        self.metadata = metadata

    def _details(self, details):
        if not self.metadata:
            return details
        md = list(details.metadata or ()) + list(self.metadata)
        return _CallDetails(details.method, details.timeout, md, details.credentials,
                            getattr(details, "wait_for_ready", None), getattr(details, "compression", None))

    @staticmethod
    def _rpc_name(method: str | bytes) -> str:
        method = method.decode() if isinstance(method, bytes) else method
        prefix = f"/{SERVICE_NAME}/"
        return method[len(prefix):] if method.startswith(prefix) else method

    def intercept_unary_unary(self, continuation, client_call_details, request):
        start = time.perf_counter()
        outcome = continuation(self._details(client_call_details), request)
        latency = time.perf_counter() - start
        code = outcome.code()
        response = outcome.result() if code == grpc.StatusCode.OK else None
        self.recorder.add(CallRecord(
            seq=0, method=self._rpc_name(client_call_details.method), request=request, response=response,
            grpc_code=code.name, grpc_details=outcome.details() or "", latency_s=latency, alias=self.alias,
        ))
        return outcome

    def intercept_unary_stream(self, continuation, client_call_details, request):
        start = time.perf_counter()
        outcome = continuation(self._details(client_call_details), request)
        self.recorder.add(CallRecord(
            seq=0, method=self._rpc_name(client_call_details.method), request=request, response=None,
            grpc_code="STREAM", grpc_details="", latency_s=time.perf_counter() - start, alias=self.alias,
        ))
        return outcome


@dataclass(frozen=True)
class _CallDetails(grpc.ClientCallDetails):
    method: str
    timeout: float | None
    metadata: Any
    credentials: Any
    wait_for_ready: Any
    compression: Any
