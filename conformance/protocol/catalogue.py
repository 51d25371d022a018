"""Every MilvusService RPC of the pinned protocol, read from the descriptors: the one source of "every RPC"."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from google.protobuf.descriptor import Descriptor, MethodDescriptor

from . import SERVICE_NAME, milvus_pb2


@dataclass(frozen=True)
class Rpc:
    name: str
    request: Descriptor
    response: Descriptor
    client_streaming: bool
    server_streaming: bool

    @property
    def path(self) -> str:
        return f"/{SERVICE_NAME}/{self.name}"

    @property
    def bare_status(self) -> bool:
        """True when the response is ``common.Status`` itself rather than a message holding one."""
        return self.response.full_name == "milvus.proto.common.Status"

    @property
    def status_field(self) -> str | None:
        """Name of the response field carrying the Status, or None when the response has none."""
        if self.bare_status:
            return None
        for field in self.response.fields:
            if field.message_type is not None and field.message_type.full_name == "milvus.proto.common.Status":
                return field.name
        return None

    @property
    def kind(self) -> str:
        if self.client_streaming and self.server_streaming:
            return "bidi-streaming"
        if self.server_streaming:
            return "server-streaming"
        if self.client_streaming:
            return "client-streaming"
        return "unary"

    def request_class(self):
        return _message_class(self.request)

    def response_class(self):
        return _message_class(self.response)


def _message_class(descriptor: Descriptor):
    from google.protobuf import message_factory

    return message_factory.GetMessageClass(descriptor)


def _from_method(method: MethodDescriptor) -> Rpc:
    return Rpc(
        name=method.name,
        request=method.input_type,
        response=method.output_type,
        client_streaming=method.client_streaming,
        server_streaming=method.server_streaming,
    )


@cache
def all_rpcs() -> tuple[Rpc, ...]:
    service = milvus_pb2.DESCRIPTOR.services_by_name["MilvusService"]
    return tuple(_from_method(m) for m in service.methods)


@cache
def by_name() -> dict[str, Rpc]:
    return {rpc.name: rpc for rpc in all_rpcs()}


def get(name: str) -> Rpc:
    try:
        return by_name()[name]
    except KeyError:
        raise KeyError(f"{name!r} is not a MilvusService RPC of the pinned protocol") from None
