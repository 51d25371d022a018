"""The conformance cases, by RPC family. Installed as the ``milvus_conformance_cases`` package."""
