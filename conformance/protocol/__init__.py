"""The pinned Milvus protocol: generated message and service modules, and the RPC catalogue."""

from .gen import common_pb2, feder_pb2, milvus_pb2, milvus_pb2_grpc, msg_pb2, rg_pb2, schema_pb2

PROTOCOL_SOURCE = "pymilvus 3.0.2 (milvus-proto branch 3.0 + GetExportSnapshotState)"
SERVICE_NAME = "milvus.proto.milvus.MilvusService"

__all__ = [
    "PROTOCOL_SOURCE",
    "SERVICE_NAME",
    "common_pb2",
    "feder_pb2",
    "milvus_pb2",
    "milvus_pb2_grpc",
    "msg_pb2",
    "rg_pb2",
    "schema_pb2",
]
