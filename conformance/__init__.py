"""milvus-conformance: a wire-level conformance suite for Milvus's gRPC protocol (MilvusService).

Layers, each depending only on the ones above it:
  protocol      the pinned protocol: generated stubs and the RPC catalogue
  transport     targets, connections, the recording interceptor
  model         the reference model of Milvus semantics (shared by the mock and the expectations)
  mock          the bundled in-memory MilvusService server
  strategies    Hypothesis strategies for names, schemas and requests
  expectations  expected statuses (version-aware) and response invariants
  orm           case-authoring objects bound to a connection alias
  plugin, report, cli   running cases and turning results into reports
"""

__version__ = "0.1.0"
