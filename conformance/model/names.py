"""Which names current Milvus accepts, per object kind, and the validator that raises the registered
name check (``rules.names.NAME_RULES``: code, message, evidence) for the first rule a name breaks.

Source: master internal/proxy/ddl/util_ddl.go (``validateCollectionNameOrAlias``, ``validateFieldName``,
``validatePartitionTag``, ``ValidateDatabaseName``) and indexparamcheck ``ValidateIndexName``. Milvus checks
bytes (Go ``len`` and ``s[0]``), so a non-ASCII first character fails the first-character rule and length
counts UTF-8 bytes. Master trims whitespace from field, partition and index names only (collection names and
aliases were trimmed by older releases).
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from .limits import MAX_NAME_LENGTH
from .rules.names import BAD_CHAR, BAD_FIRST_CHAR, EMPTY, KEYWORD, NAME_RULES, TOO_LONG

VIOLATIONS = (EMPTY, TOO_LONG, BAD_FIRST_CHAR, BAD_CHAR, KEYWORD)

LETTERS = string.ascii_letters
DIGITS = string.digits


@dataclass(frozen=True)
class NameSpec:
    """Which names a kind accepts: allowed first and later characters, whether the empty name is allowed
    (index names: the server picks one), whether Milvus trims whitespace first, and reserved words."""

    kind: str
    first_chars: str
    rest_chars: str
    trimmed: bool
    empty_allowed: bool = False
    max_length: int = MAX_NAME_LENGTH
    keywords: frozenset[str] = frozenset()


_ALNUM_ = LETTERS + DIGITS + "_"

# pkg/common/keywords.go: field names that collide with the expression grammar (validateFieldName).
FIELD_KEYWORDS = frozenset({
    "$meta", "like", "exists", "EXISTS", "and", "or", "not", "in", "json_contains", "JSON_CONTAINS",
    "json_contains_all", "JSON_CONTAINS_ALL", "json_contains_any", "JSON_CONTAINS_ANY", "array_contains",
    "ARRAY_CONTAINS", "array_contains_all", "ARRAY_CONTAINS_ALL", "array_contains_any", "ARRAY_CONTAINS_ANY",
    "array_length", "ARRAY_LENGTH", "true", "True", "TRUE", "false", "False", "FALSE",
})

NAME_SPECS: dict[str, NameSpec] = {
    "collection": NameSpec("collection", LETTERS + "_", _ALNUM_, trimmed=False),
    "alias": NameSpec("alias", LETTERS + "_", _ALNUM_, trimmed=False),
    "field": NameSpec("field", LETTERS + "_", _ALNUM_, trimmed=True, keywords=FIELD_KEYWORDS),
    # First char may be a digit ("1p" accepted); '-' allowed after the first character (validatePartitionTag).
    "partition": NameSpec("partition", LETTERS + DIGITS + "_", _ALNUM_ + "-", trimmed=True),
    "database": NameSpec("database", LETTERS + "_", _ALNUM_, trimmed=False),
    # ValidateIndexName also allows '[' and ']' after the first character (JSON-path index names).
    "index": NameSpec("index", LETTERS + "_", _ALNUM_ + "[]", trimmed=True, empty_allowed=True),
}

# Names current Milvus accepts but older releases did not: (kind, example, version bound, older code).
# '-' in partition names: rejected before v2.4.18 (milvus-io/milvus#38474; 2.3.5 observed 65535).
OLDER_NAME_DIFFERENCES: tuple[tuple[str, str, str, int], ...] = (
    ("partition", "p-1", "2.4.18", 65535),
)


def violation(kind: str, name: str) -> str | None:
    """The first rule ``name`` breaks for ``kind`` (one of ``VIOLATIONS``), or None when it is valid."""
    spec = NAME_SPECS[kind]
    if spec.trimmed:
        name = name.strip()
    raw = name.encode("utf-8")
    if not raw:
        return None if spec.empty_allowed else EMPTY
    if len(raw) > spec.max_length:
        return TOO_LONG
    if chr(raw[0]) not in spec.first_chars:
        return BAD_FIRST_CHAR
    if any(chr(b) not in spec.rest_chars for b in raw[1:]):
        return BAD_CHAR
    if name in spec.keywords:
        return KEYWORD
    return None


def validate(kind: str, name: str) -> None:
    """Raise the ``MilvusError`` Milvus answers for an invalid ``kind`` name; return None when valid."""
    v = violation(kind, name)
    if v is not None:
        shown = name.strip() if NAME_SPECS[kind].trimmed else name
        raise NAME_RULES[kind][v].error(name=shown, max=MAX_NAME_LENGTH)


def validate_collection_name(name: str) -> None:
    validate("collection", name)


def validate_alias(name: str) -> None:
    validate("alias", name)


def validate_field_name(name: str) -> None:
    validate("field", name)


def validate_partition_name(name: str) -> None:
    validate("partition", name)


def validate_database_name(name: str) -> None:
    validate("database", name)


def validate_index_name(name: str) -> None:
    validate("index", name)


def is_valid(kind: str, name: str) -> bool:
    return violation(kind, name) is None
