"""The reference model of Milvus semantics: error codes, limits, name and schema rules, and an in-memory
catalogue. The mock serves it; expectations and strategies consult it. One model, no half copies."""
