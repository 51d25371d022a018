"""Milvus's limits, as named constants, each with its source.

"Current" values are the paramtable defaults master's validators use (internal/proxy/ddl/util_ddl.go, task.go);
their defaults were read from the newest stored component_param.go copies (2.5/2.6 lines) unless stated; ``*_2_3`` constants are what Milvus 2.3.5 enforces (observed probes in
shared/milvus-protocol-facts.md §4, or its shipped milvus.yaml). Where a limit changed, both are kept so the
expectations can pick by server version.
"""

from __future__ import annotations

# proxy.maxNameLength: collection, alias, field, partition, index and database names (bytes).
# 2.3.5: 256 rejected / 255 accepted (probes C05, C05b); component_param.go default 255.
MAX_NAME_LENGTH = 255

# proxy.maxFieldNum: fields per collection. 65 rejected / 64 accepted (C17, C17b); component_param.go.
MAX_FIELDS = 64

# proxy.maxVectorFieldNum (key since 2.4.0, default 4, configurable 1..10); component_param.go.
MAX_VECTOR_FIELDS = 4
# Milvus 2.3.5: at most one vector field ("multiple vector fields is not supported", probe C27); zero allowed (C10).
MAX_VECTOR_FIELDS_2_3 = 1
MIN_VECTOR_FIELDS = 1  # current: "schema does not contain vector field" (task.go); 2.3.5 allowed 0 (C10)
MIN_VECTOR_FIELDS_2_3 = 0

# proxy.maxShardNum: 17 rejected, 16 and -1 accepted (C20, E23, E24); component_param.go.
MAX_SHARDS = 16
# Shards requested <= 0 are replaced by the default (E24 accepted -1; N06 DescribeCollection shows 1).
DEFAULT_SHARDS = 1

# proxy.maxDimension; validateDimension in internal/proxy/util.go: float-type vectors need 2..32768.
MIN_FLOAT_DIM = 2
MAX_FLOAT_DIM = 32768
# Milvus 2.3.5 accepted dim 1 (E01) and rejected 0 ("should be in range 1 ~ 32768", C11).
MIN_FLOAT_DIM_2_3 = 1
# Binary vectors: multiple of 8, at most maxDimension*8 (util.go). 2.3.5 capped at 32768 (E03, E04 rejected).
BINARY_DIM_MULTIPLE = 8
MAX_BINARY_DIM = MAX_FLOAT_DIM * 8  # 262144
MAX_BINARY_DIM_2_3 = MAX_FLOAT_DIM

# proxy.maxVarCharLength (key since 2.4.19, default 65535): max_length must be in (0, 65535] (C15, C16, C16b).
MAX_VARCHAR_LENGTH = 65535

# defaultMaxArrayCapacity in internal/proxy/util.go: max_capacity in (0, 4096] (C23, C24, E14).
MAX_ARRAY_CAPACITY = 4096

# rootCoord.maxPartitionNum: 1024 in current Milvus (component_param.go; milvus.io limitations page for
# v2.5.x/v2.6.x); 4096 in 2.3.5's shipped milvus.yaml (probe C25 message names 4096).
MAX_PARTITIONS = 1024
MAX_PARTITIONS_2_3 = 4096

# common.DefaultPartitionsWithPartitionKey: partition-key collections get _default_0.._default_15 (16 since
# v2.4.3, milvus-io/milvus#32950; 64 before, observed on Milvus 2.3.5). Checks: CreateCollection/partition-key/...
DEFAULT_PARTITIONS_WITH_PARTITION_KEY = 16
DEFAULT_PARTITIONS_WITH_PARTITION_KEY_BEFORE_2_4_3 = 64

DEFAULT_PARTITION_NAME = "_default"  # common.DefaultPartitionName
DEFAULT_DATABASE_NAME = "default"  # util.DefaultDBName
# An index created without a name is named after its field (datacoord CreateIndex; the master proxy passes the
# empty name through). Older releases' proxies substituted common.DefaultIndexName "_default_idx".
DYNAMIC_FIELD_NAME = "$meta"  # common.MetaFieldName, the hidden JSON field of dynamic collections
START_OF_USER_FIELD_ID = 100  # common.StartOfUserFieldID: user fields get IDs 100, 101, ... in schema order

# quotaAndLimits.limits.maxCollectionNum / maxCollectionNumPerDB: 65536 (2.3.5 milvus.yaml; docs).
MAX_COLLECTIONS = 65536
MAX_COLLECTIONS_PER_DB = 65536

# rootCoord.maxDatabaseNum: 64, the default database included (2.3.5 milvus.yaml; component_param.go).
MAX_DATABASES = 64

# quotaAndLimits.limits.topK / nq / maxQueryResultWindow (util.go validateLimit, validateNQLimit; X06-X08).
MAX_TOPK = 16384
MIN_TOPK = 1
MAX_NQ = 16384
MAX_QUERY_RESULT_WINDOW = 16384

# proxy.maxUsernameLength, min/maxPasswordLength; 2.3.5 capped passwords at 256 (E41), current at 72 (bcrypt).
MAX_USERNAME_LENGTH = 32
MIN_PASSWORD_LENGTH = 6
MAX_PASSWORD_LENGTH = 72
MAX_PASSWORD_LENGTH_2_3 = 256
MAX_USERS = 100  # proxy.maxUserNum
MAX_ROLES = 10  # proxy.maxRoleNum

# proxy.grpc.serverMaxRecvSize: 64 MiB; larger requests fail with gRPC RESOURCE_EXHAUSTED (S70).
MAX_RECEIVE_MESSAGE_BYTES = 64 * 1024 * 1024
