"""Name rules of current Milvus, as data (``NAME_RULES``) plus one validator per object kind.

Source: internal/proxy/util.go (2.5-line snapshot): ``validateCollectionNameOrAlias``, ``validateFieldName``,
``validatePartitionTag``, ``ValidateDatabaseName``, ``validateIndexName``; observed on 2.3.5 (facts §3.2,
probes C04-C07b, E06-E08, E31-E35, D05, E38, E39). Milvus checks bytes (Go ``len`` and ``s[0]``), so a
non-ASCII first character fails the first-character rule and length counts UTF-8 bytes.

The error classes differ per kind: collection/alias → 1100 (``WrapErrParameterInvalidMsg``), field → 1701,
database → 802, partition and index → plain Go errors, i.e. 65535.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from . import errors
from .limits import MAX_NAME_LENGTH

EMPTY = "empty"
TOO_LONG = "too_long"
BAD_FIRST_CHAR = "bad_first_char"
BAD_CHAR = "bad_char"
VIOLATIONS = (EMPTY, TOO_LONG, BAD_FIRST_CHAR, BAD_CHAR)

LETTERS = string.ascii_letters
DIGITS = string.digits


@dataclass(frozen=True)
class NameRule:
    """One way a name can be invalid. ``message`` is a template with ``{name}`` (the trimmed name) and
    ``{max}``; ``older`` = ((version bound, code answered by releases older than the bound; 0 = accepted),)."""

    kind: str
    violation: str
    code: int
    message: str
    evidence: str
    older: tuple[tuple[str, int], ...] = ()

    def format(self, name: str) -> str:
        return self.message.format(name=name, max=MAX_NAME_LENGTH)

    def error(self, name: str) -> errors.MilvusError:
        return errors.MilvusError(self.code, self.format(name))


@dataclass(frozen=True)
class NameSpec:
    """Which names a kind accepts: allowed first and later characters, whether the empty name is allowed
    (index names: the proxy substitutes a default), and whether Milvus trims whitespace first."""

    kind: str
    first_chars: str
    rest_chars: str
    trimmed: bool
    empty_allowed: bool = False
    max_length: int = MAX_NAME_LENGTH


_ALNUM_ = LETTERS + DIGITS + "_"

NAME_SPECS: dict[str, NameSpec] = {
    "collection": NameSpec("collection", LETTERS + "_", _ALNUM_, trimmed=True),
    "alias": NameSpec("alias", LETTERS + "_", _ALNUM_, trimmed=True),
    "field": NameSpec("field", LETTERS + "_", _ALNUM_, trimmed=True),
    # First char may be a digit ("1p" accepted, probe E31); current Milvus also allows '-' after the first
    # character (validatePartitionTag, 2.5-line util.go); 2.3.5 rejected it (E32).
    "partition": NameSpec("partition", LETTERS + DIGITS + "_", _ALNUM_ + "-", trimmed=True),
    # ValidateDatabaseName does not trim.
    "database": NameSpec("database", LETTERS + "_", _ALNUM_, trimmed=False),
    "index": NameSpec("index", LETTERS + "_", _ALNUM_, trimmed=True, empty_allowed=True),
}


def _coll_rules(kind: str, word: str, evidence: dict[str, str]) -> dict[str, NameRule]:
    inv = f"Invalid collection {word}: {{name}}. "
    P = errors.PARAMETER_INVALID
    return {
        EMPTY: NameRule(kind, EMPTY, P, f"collection {word} should not be empty: invalid parameter", evidence[EMPTY]),
        TOO_LONG: NameRule(kind, TOO_LONG, P, inv + f"the length of a collection {word} must be less than {{max}} "
                           "characters: invalid parameter", evidence[TOO_LONG]),
        BAD_FIRST_CHAR: NameRule(kind, BAD_FIRST_CHAR, P, inv + f"the first character of a collection {word} must "
                                 "be an underscore or letter: invalid parameter", evidence[BAD_FIRST_CHAR]),
        BAD_CHAR: NameRule(kind, BAD_CHAR, P, inv + f"collection {word} can only contain numbers, letters and "
                           "underscores: invalid parameter", evidence[BAD_CHAR]),
    }


_SRC = "milvus src internal/proxy/util.go"
_FIELD_INV = "Invalid field name: {name}. "
_FIELD_TAIL = ": field name invalid[field={name}]"
_PART_INV = "Invalid partition name: {name}. "
_DB_TAIL = ": invalid database name[database={name}]"
_IDX_INV = "Invalid index name: {name}. "

NAME_RULES: dict[str, dict[str, NameRule]] = {
    "collection": _coll_rules("collection", "name", {
        EMPTY: "probe C04, E29", TOO_LONG: "probe C05", BAD_FIRST_CHAR: "probe C06, E30",
        BAD_CHAR: "probe C07, C07b"}),
    "alias": _coll_rules("alias", "alias", {
        EMPTY: _SRC, TOO_LONG: _SRC, BAD_FIRST_CHAR: "probe E35", BAD_CHAR: _SRC}),
    "field": {
        EMPTY: NameRule("field", EMPTY, errors.FIELD_INVALID_NAME,
                        "field name should not be empty" + _FIELD_TAIL, _SRC),
        TOO_LONG: NameRule("field", TOO_LONG, errors.FIELD_INVALID_NAME, _FIELD_INV + "The length of a field name "
                           "must be less than {max} characters." + _FIELD_TAIL, _SRC),
        BAD_FIRST_CHAR: NameRule("field", BAD_FIRST_CHAR, errors.FIELD_INVALID_NAME, _FIELD_INV + "The first "
                                 "character of a field name must be an underscore or letter." + _FIELD_TAIL,
                                 "probe E06, E08"),
        # "cannot only contain" (sic) is the observed 2.3.5 text (E07); the only evidence we have.
        BAD_CHAR: NameRule("field", BAD_CHAR, errors.FIELD_INVALID_NAME, _FIELD_INV + "Field name cannot only "
                           "contain numbers, letters, and underscores." + _FIELD_TAIL, "probe E07"),
    },
    "partition": {
        EMPTY: NameRule("partition", EMPTY, errors.UNEXPECTED, _PART_INV + "Partition name should not be empty.",
                        "probe E34"),
        TOO_LONG: NameRule("partition", TOO_LONG, errors.UNEXPECTED, _PART_INV + "The length of a partition name "
                           "must be less than {max} characters.", _SRC),
        BAD_FIRST_CHAR: NameRule("partition", BAD_FIRST_CHAR, errors.UNEXPECTED, _PART_INV + "The first character "
                                 "of a partition name must be an underscore or letter.", _SRC),
        BAD_CHAR: NameRule("partition", BAD_CHAR, errors.UNEXPECTED, _PART_INV + "Partition name can only contain "
                           "numbers, letters and underscores.", "probe E32, E33"),
    },
    "database": {
        EMPTY: NameRule("database", EMPTY, errors.DATABASE_INVALID_NAME,
                        "database name couldn't be empty" + _DB_TAIL, "probe E39"),
        TOO_LONG: NameRule("database", TOO_LONG, errors.DATABASE_INVALID_NAME, "the length of a database name "
                           "must be less than {max} characters" + _DB_TAIL, "probe E38"),
        BAD_FIRST_CHAR: NameRule("database", BAD_FIRST_CHAR, errors.DATABASE_INVALID_NAME, "the first character of "
                                 "a database name must be an underscore or letter" + _DB_TAIL, "probe D05"),
        BAD_CHAR: NameRule("database", BAD_CHAR, errors.DATABASE_INVALID_NAME, "database name can only contain "
                           "numbers, letters and underscores" + _DB_TAIL, _SRC),
    },
    # Index names: 65535 per an older util.go snapshot; the newest code delegates to
    # indexparamcheck.ValidateIndexName (text unverified). Empty is allowed (default name substituted).
    "index": {
        TOO_LONG: NameRule("index", TOO_LONG, errors.UNEXPECTED, _IDX_INV + "The length of a index name must be "
                           "less than {max} characters.", _SRC + " (older snapshot)"),
        BAD_FIRST_CHAR: NameRule("index", BAD_FIRST_CHAR, errors.UNEXPECTED, _IDX_INV + "The first character of a "
                                 "index name must be an underscore or letter.", _SRC + " (older snapshot)"),
        BAD_CHAR: NameRule("index", BAD_CHAR, errors.UNEXPECTED, _IDX_INV + "Index name can only contain numbers, "
                           "letters, and underscores.", _SRC + " (older snapshot)"),
    },
}

# Names current Milvus accepts but older releases did not: (kind, example, version bound, older code).
# '-' in partition names: rejected by 2.3.5 (E32); the first release accepting it is unverified.
OLDER_NAME_DIFFERENCES: tuple[tuple[str, str, str, int], ...] = (
    ("partition", "p-1", "2.4.0", errors.UNEXPECTED),
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
    return None


def validate(kind: str, name: str) -> None:
    """Raise the ``MilvusError`` Milvus answers for an invalid ``kind`` name; return None when valid."""
    v = violation(kind, name)
    if v is not None:
        shown = name.strip() if NAME_SPECS[kind].trimmed else name
        raise NAME_RULES[kind][v].error(shown)


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
