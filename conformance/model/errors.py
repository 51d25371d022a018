"""Milvus's error model: merr integer codes, the legacy ``ErrorCode`` each maps to, and a Status builder.

Source: milvus-io/milvus master pkg/util/merr/errors.go (stored copy 54742205316) and utils.go (``oldCode``,
``Status``; copy 54607938385). A plain Go error (``fmt.Errorf``) surfaces as 65535 / UnexpectedError: before
PR #50221 most proxy validation failures did; on master they are merr errors (1100/1101 mostly).
"""

from __future__ import annotations

from ..protocol import common_pb2

E = common_pb2.ErrorCode

SUCCESS = 0
SERVICE_NOT_READY = 1
RATE_LIMIT = 8
COLLECTION_NOT_FOUND = 100
COLLECTION_NOT_LOADED = 101
COLLECTION_NUM_LIMIT = 102
PARTITION_NOT_FOUND = 200
PARTITION_NOT_LOADED = 201
INDEX_NOT_FOUND = 700
INDEX_NOT_SUPPORTED = 701
INDEX_DUPLICATE = 702
DATABASE_NOT_FOUND = 800
DATABASE_NUM_LIMIT = 801
DATABASE_INVALID_NAME = 802
PARAMETER_INVALID = 1100
PARAMETER_MISSING = 1101
PARAMETER_TOO_LARGE = 1102
ALIAS_NOT_FOUND = 1600
ALIAS_COLLECTION_NAME_CONFLICT = 1601
ALIAS_ALREADY_EXIST = 1602
FIELD_NOT_FOUND = 1700
FIELD_INVALID_NAME = 1701
UNEXPECTED = 65535

NAMES = {
    0: "Success",
    1: "ServiceNotReady",
    2: "ServiceUnavailable",
    3: "ServiceMemoryLimitExceeded",
    4: "ServiceTooManyRequests",
    5: "ServiceInternal",
    6: "ServiceCrossClusterRouting",
    7: "ServiceDiskLimitExceeded",
    8: "ServiceRateLimit",
    9: "ServiceQuotaExceeded",
    10: "ServiceUnimplemented",
    11: "ServiceTimeTickLongDelay",
    12: "ServiceResourceInsufficient",
    100: "CollectionNotFound",
    101: "CollectionNotLoaded",
    102: "CollectionNumLimitExceeded",
    103: "CollectionNotFullyLoaded",
    104: "CollectionLoaded",
    105: "CollectionIllegalSchema",
    106: "CollectionOnRecovering",
    107: "CollectionVectorClusteringKeyNotAllowed",
    108: "CollectionReplicateMode",
    109: "CollectionSchemaMismatch",
    110: "CollectionSchemaVersionNotReady",
    200: "PartitionNotFound",
    201: "PartitionNotLoaded",
    202: "PartitionNotFullyLoaded",
    250: "GeneralCapacityExceeded",
    300: "ResourceGroupNotFound",
    301: "ResourceGroupAlreadyExist",
    302: "ResourceGroupReachLimit",
    303: "ResourceGroupIllegalConfig",
    305: "ResourceGroupServiceUnAvailable",
    400: "ReplicaNotFound",
    401: "ReplicaNotAvailable",
    500: "ChannelNotFound",
    501: "ChannelLack",
    503: "ChannelNotAvailable",
    505: "ChannelTSafeStalled",
    600: "SegmentNotFound",
    601: "SegmentNotLoaded",
    700: "IndexNotFound",
    701: "IndexNotSupported",
    702: "IndexDuplicate",
    703: "TaskDuplicate",
    800: "DatabaseNotFound",
    801: "DatabaseNumLimitExceeded",
    802: "DatabaseInvalidName",
    901: "NodeNotFound",
    904: "NodeNotMatch",
    905: "NodeNotAvailable",
    1100: "ParameterInvalid",
    1101: "ParameterMissing",
    1102: "ParameterTooLarge",
    1400: "PrivilegeNotAuthenticated",
    1401: "PrivilegeNotPermitted",
    1402: "PrivilegeGroupInvalidName",
    1600: "AliasNotFound",
    1601: "AliasCollectionNameConflict",
    1602: "AliasAlreadyExist",
    1603: "CollectionIDOfAliasNotFound",
    1700: "FieldNotFound",
    1701: "FieldInvalidName",
    1800: "NeedAuthenticate",
    1801: "IncorrectParameterFormat",
    1802: "MissingRequiredParameters",
    1804: "InvalidInsertData",
    2000: "Segcore",
    2100: "ImportFailed",
    2101: "ImportSysFailed",
    2200: "InconsistentRequery",
    2201: "QueryPlan",
    3000: "OperationNotSupported",
    10000: "Canceled",
    10001: "Timeout",
    65535: "Unexpected",
}

# merr code -> legacy ErrorCode, as pkg/util/merr/utils.go ``oldCode`` maps it; everything else is
# UnexpectedError.
_LEGACY = {
    0: E.Success,
    1: E.NotReadyServe,
    3: E.InsufficientMemoryToLoad,
    7: E.DiskQuotaExhausted,
    8: E.RateLimit,
    9: E.ForceDeny,
    11: E.TimeTickLongDelay,
    100: E.CollectionNotExists,
    109: E.SchemaMismatch,
    200: E.MetaFailed,
    400: E.MetaFailed,
    401: E.NoReplicaAvailable,
    501: E.MetaFailed,
    503: E.NoReplicaAvailable,
    600: E.SegmentNotFound,
    700: E.IndexNotExist,
    904: E.NodeIDNotMatch,
    905: E.NoReplicaAvailable,
    110: E.NotReadyServe,
    505: E.TimeTickLongDelay,
    506: E.NoReplicaAvailable,
    1100: E.IllegalArgument,
    # master oldCode: every parameter-class error is IllegalArgument (1101 and 1102 since PR #50221; before,
    # they fell through to UnexpectedError).
    1101: E.IllegalArgument,
    1102: E.IllegalArgument,
}


# Codes whose merr sentinel master bakes as the caller's error (WithErrorType(InputError)): their Status gets
# extra_info {"is_input_error": "true"} and retriable false. pkg/util/merr/errors.go (stored master copy
# 54742205316), cross-checked by error_classification_test.go wantInputCodes. 100, 200, 800, 1600, 1700 (and
# 1601 at one site) are marked only where the proxy knows the name came from the user: each check says so.
INPUT_ERROR_CODES = frozenset({102, 104, 105, 107, 108, 109, 300, 301, 302, 303, 702, 801, 802, 1100, 1101, 1102,
                               1400, 1401, 1402, 1800, 1801, 1802, 1804, 2100, 2201})
# Sentinels created retriable (newMilvusError's third argument); input errors are never sent retriable.
RETRIABLE_CODES = frozenset({1, 2, 4, 8, 12, 103, 106, 110, 202, 305, 505, 507, 1002, 1003, 1807, 2200, 2307, 2308,
                             2309, 2311, 2312, 2313, 2316})


def legacy_code(code: int) -> int:
    """The legacy ``error_code`` Milvus sends alongside merr ``code``."""
    return _LEGACY.get(code, E.UnexpectedError)


def code_name(code: int) -> str:
    return NAMES.get(code, f"code {code}")


def legacy_name(error_code: int) -> str:
    try:
        return E.Name(error_code)
    except ValueError:
        return f"undefined({error_code})"


class MilvusError(Exception):
    """An application error as Milvus reports it: a merr code, a reason, and (rarely) a legacy override."""

    def __init__(self, code: int, reason: str, legacy: int | None = None, *, input_error: bool | None = None,
                 check_id: str | None = None):
        super().__init__(reason)
        self.code = code
        self.reason = reason
        self.legacy = legacy_code(code) if legacy is None else legacy
        # merr InputError: surfaces as extra_info {"is_input_error": "true"} and retriable false.
        self.input_error = code in INPUT_ERROR_CODES if input_error is None else input_error
        self.check_id = check_id  # the registered check this answer implements, when known

    def __repr__(self) -> str:
        return f"MilvusError({self.code}, {self.reason!r})"

    def to_status(self) -> common_pb2.Status:
        """merr.Status: reason and detail are the whole error text; input errors are never retriable."""
        status = common_pb2.Status(error_code=self.legacy, code=self.code, reason=self.reason, detail=self.reason,
                                   retriable=self.code in RETRIABLE_CODES and not self.input_error)
        if self.input_error:
            status.extra_info["is_input_error"] = "true"
        return status


def success_status() -> common_pb2.Status:
    return common_pb2.Status()


# Constructors for the errors the model raises, with Milvus's message shapes (merr ``wrapFields``).

def collection_not_found(name: str, db: str = "default") -> MilvusError:
    return MilvusError(COLLECTION_NOT_FOUND, f"collection not found[database={db}][collection={name}]")


def database_not_found(db: str) -> MilvusError:
    return MilvusError(DATABASE_NOT_FOUND, f"database not found[database={db}]")


def partition_not_found(name: str) -> MilvusError:
    return MilvusError(PARTITION_NOT_FOUND, f"partition not found[partition={name}]")


def invalid_parameter(message: str) -> MilvusError:
    return MilvusError(PARAMETER_INVALID, f"{message}: invalid parameter")


def unexpected(message: str) -> MilvusError:
    """A plain Go error in Milvus: code 65535, legacy UnexpectedError."""
    return MilvusError(UNEXPECTED, message)


def collection_not_found_describe(name: str, db: str = "default") -> MilvusError:
    """DescribeCollection's rewrite of 100 "for compatibility with PyMilvus": reason "can't find
    collection[database=D][collection=C]" (D as the request sent it), input error, legacy via oldCode
    (master internal/proxy/ddl/describe_util.go DescribeCollectionErrorStatus; check
    DescribeCollection/missing-collection)."""
    return MilvusError(COLLECTION_NOT_FOUND, f"can't find collection[database={db}][collection={name}]",
                       input_error=True, check_id="DescribeCollection/missing-collection")


def alias_not_found(alias: str, db: str = "default") -> MilvusError:
    return MilvusError(ALIAS_NOT_FOUND, f"alias not found[database={db}][alias={alias}]")


def alias_collection_name_conflict(alias: str, db: str = "default") -> MilvusError:
    """1601, probe A02."""
    return MilvusError(ALIAS_COLLECTION_NAME_CONFLICT, f"alias and collection name conflict[database={db}][alias={alias}]")


def alias_already_exist(alias: str, other_collection: str, db: str = "default") -> MilvusError:
    """1602 via wrapFieldsWithDesc, probe A05."""
    return MilvusError(
        ALIAS_ALREADY_EXIST,
        f"{alias} is alias to another collection: {other_collection}: alias already exist[database={db}][alias={alias}]",
    )


def index_not_found(collection: str) -> MilvusError:
    """700, probes X02 and Q04."""
    return MilvusError(INDEX_NOT_FOUND, f"index not found[collection={collection}]")


def database_num_limit(limit: int) -> MilvusError:
    return MilvusError(DATABASE_NUM_LIMIT, f"exceeded the limit number of database[limit={limit}]")


def database_invalid_name(db: str, message: str) -> MilvusError:
    """802 via wrapFieldsWithDesc, probes D05, E38, E39."""
    return MilvusError(DATABASE_INVALID_NAME, f"{message}: invalid database name[database={db}]")


def field_invalid_name(field: str, message: str) -> MilvusError:
    """1701 via wrapFieldsWithDesc, probes E06-E08."""
    return MilvusError(FIELD_INVALID_NAME, f"{message}: field name invalid[field={field}]")
