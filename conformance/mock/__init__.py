"""The bundled in-memory Milvus: a gRPC MilvusService backed by the reference model (conformance.model)."""

from .server import MOCK_VERSION, MockServer, MockServicer, serve

__all__ = ["MOCK_VERSION", "MockServer", "MockServicer", "serve"]
