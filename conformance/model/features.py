"""Features newer than Milvus 2.3.5 that cases and strategies depend on, each with the first release that has
it. A server is expected to have a feature when it is not known to be older than that release and the user
did not declare it missing (``--without-feature``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Feature:
    name: str
    since: str
    evidence: str


FEATURES: dict[str, Feature] = {f.name: f for f in (
    Feature("multi_vector", "2.4.0", "proxy.maxVectorFieldNum (key since 2.4.0, default 4); 2.3.5 rejects a second "
            "vector field (observed on milvus-2.3.5)"),
    Feature("float16_vector", "2.4.0", "milvus.io pymilvus v2.4.x DataType lists FLOAT16_VECTOR; v2.3.x does not"),
    Feature("bfloat16_vector", "2.4.0", "milvus.io pymilvus v2.4.x DataType lists BFLOAT16_VECTOR; v2.3.x does not"),
    Feature("sparse_vector", "2.4.0", "milvus.io pymilvus v2.4.x DataType lists SPARSE_FLOAT_VECTOR; v2.3.x does not"),
    Feature("int8_vector", "2.6.0", "milvus.io pymilvus v2.6.x DataType lists INT8_VECTOR, v2.4.x does not "
            "(first 2.5.x release unverified: 2.6.0 is the conservative bound)"),
    Feature("nullable", "2.5.0", "nullable fields since the 2.5 line; 2.3.5's proto lacks field 15 and drops it "
            "(observed on milvus-2.3.5)"),
    Feature("default_value", "2.5.0", "nullable/default_value supported since the 2.5 line"),
)}
ALL_FEATURES = frozenset(FEATURES)
