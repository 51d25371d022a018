"""Milvus's error model: merr integer codes, the legacy ``ErrorCode`` each maps to, and a Status builder.

Source: milvus-io/milvus pkg/util/merr/errors.go and utils.go (``oldCode``), 2.5-line; the codes observed
from Milvus 2.3.5 are listed in ../shared/milvus-protocol-facts.md §2. A plain Go error (``fmt.Errorf``)
surfaces as 65535 / UnexpectedError, which is why so many validation failures carry 65535.
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
    5: "ServiceInternal",
    8: "ServiceRateLimit",
    9: "ServiceQuotaExceeded",
    10: "ServiceUnimplemented",
    100: "CollectionNotFound",
    101: "CollectionNotLoaded",
    102: "CollectionNumLimitExceeded",
    103: "CollectionNotFullyLoaded",
    104: "CollectionLoaded",
    105: "CollectionIllegalSchema",
    109: "CollectionSchemaMismatch",
    200: "PartitionNotFound",
    201: "PartitionNotLoaded",
    202: "PartitionNotFullyLoaded",
    700: "IndexNotFound",
    701: "IndexNotSupported",
    702: "IndexDuplicate",
    800: "DatabaseNotFound",
    801: "DatabaseNumLimitExceeded",
    802: "DatabaseInvalidName",
    1100: "ParameterInvalid",
    1101: "ParameterMissing",
    1102: "ParameterTooLarge",
    1600: "AliasNotFound",
    1601: "AliasCollectionNameConflict",
    1602: "AliasAlreadyExist",
    1603: "CollectionIDOfAliasNotFound",
    1700: "FieldNotFound",
    1701: "FieldInvalidName",
    2000: "Segcore",
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
    1100: E.IllegalArgument,
}


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

    def __init__(self, code: int, reason: str, legacy: int | None = None, *, input_error: bool = False):
        super().__init__(reason)
        self.code = code
        self.reason = reason
        self.legacy = legacy_code(code) if legacy is None else legacy
        # merr InputError (2.4+): surfaces as extra_info {"is_input_error": "true"} (facts §1.3).
        self.input_error = input_error

    def __repr__(self) -> str:
        return f"MilvusError({self.code}, {self.reason!r})"

    def to_status(self) -> common_pb2.Status:
        status = common_pb2.Status(error_code=self.legacy, code=self.code, reason=self.reason, detail=self.reason)
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
    """DescribeCollection's rewrite of 100 "for compatibility with PyMilvus": legacy UnexpectedError, reason
    "can't find collection[database=D][collection=C]", input error (internal/proxy/task.go 2.4/2.5-line;
    2.3.5 prefixed the merr text instead, probe N01)."""
    return MilvusError(COLLECTION_NOT_FOUND, f"can't find collection[database={db}][collection={name}]",
                       legacy=E.UnexpectedError, input_error=True)


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
