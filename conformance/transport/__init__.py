"""Transport: where the target is, how to reach it, and the recording layer every RPC passes through."""

from .connections import (
    Connection,
    ConnectionRegistry,
    RpcError,
    RpcTransportError,
    RpcUnimplemented,
    TargetGone,
    connections,
)
from .recorder import CallRecord, Recorder
from .target import Target, TargetError, parse_target

__all__ = [
    "CallRecord",
    "Connection",
    "ConnectionRegistry",
    "Recorder",
    "RpcError",
    "RpcTransportError",
    "RpcUnimplemented",
    "Target",
    "TargetError",
    "TargetGone",
    "connections",
    "parse_target",
]
