"""Name rules of current Milvus, one check per (kind, violation): ``Names/<kind>/<violation>``.

Codes differ per kind: collection/alias/partition/index names → 1100 (WrapErrParameterInvalidMsg; partition and
index names were plain errors, 65535, before the merr standardisation), field names → 1701 (not an input
error), database names → 802. ``model.names`` holds which characters each kind accepts and applies these.
"""

from __future__ import annotations

from ..errors import DATABASE_INVALID_NAME, FIELD_INVALID_NAME, PARAMETER_INVALID
from .common import M235, UTIL, plain_error_before_standardisation
from .evidence import Change, master
from .registry import error, was

EMPTY, TOO_LONG, BAD_FIRST_CHAR, BAD_CHAR, KEYWORD = "empty", "too_long", "bad_first_char", "bad_char", "keyword"
_P = PARAMETER_INVALID


def _id(kind: str, violation: str) -> str:
    return f"Names/{kind}/{violation.replace('_', '-')}"


def _coll(kind: str, word: str, symbol: str) -> dict:
    """Collection names and aliases share validateCollectionNameOrAlias: 1100, not trimmed; the message joins
    "Invalid collection W: N. " and " the ..." (two spaces)."""
    inv = f"Invalid collection {word}: {{name}}.  "
    ev = master(UTIL, symbol)
    return {
        EMPTY: error(_id(kind, EMPTY), f"an empty {kind} name", _P,
                     f"collection {word} should not be empty: invalid parameter", evidence=(ev, M235)),
        TOO_LONG: error(_id(kind, TOO_LONG), f"a {kind} name longer than 255 bytes", _P,
                        inv + f"the length of a collection {word} must be less than {{max}} characters: invalid "
                        "parameter", evidence=(ev, M235)),
        BAD_FIRST_CHAR: error(_id(kind, BAD_FIRST_CHAR), f"a {kind} name not starting with a letter or '_'", _P,
                              inv + f"the first character of a collection {word} must be an underscore or letter: "
                              "invalid parameter", evidence=(ev, M235)),
        BAD_CHAR: error(_id(kind, BAD_CHAR), f"a {kind} name with a character other than letters, digits, '_'", _P,
                        inv + f"collection {word} can only contain numbers, letters and underscores: invalid "
                        "parameter", evidence=(ev, M235)),
    }


_FIELD = "Invalid field name: {name}. "
_FIELD_TAIL = ": field name invalid[field={name}]"
_PART = "Invalid partition name: {name}. "
_DB_TAIL = ": invalid database name[database={name}]"
_IDX = "Invalid index name: {name}. "
_field_ev = master(UTIL, "validateFieldName")
_part_ev = master(UTIL, "validatePartitionTag (strict)")
_db_ev = master(UTIL, "ValidateDatabaseName")
_idx_ev = master("internal/util/indexparamcheck/index_params_validation.go", "ValidateIndexName")


def _field(violation, summary, reason, history=()):
    return error(_id("field", violation), summary, FIELD_INVALID_NAME, reason + _FIELD_TAIL,
                 evidence=(_field_ev, M235) if not history else _field_ev, input_error=False, history=history)


def _partition(violation, summary, reason):
    return error(_id("partition", violation), summary, _P, _PART + reason + ": invalid parameter",
                 evidence=_part_ev, history=plain_error_before_standardisation(M235))


def _database(violation, summary, reason):
    return error(_id("database", violation), summary, DATABASE_INVALID_NAME, reason + _DB_TAIL,
                 evidence=(_db_ev, M235))


def _index(violation, summary, reason):
    return error(_id("index", violation), summary, _P, _IDX + reason + ": invalid parameter", evidence=_idx_ev,
                 history=plain_error_before_standardisation())


NAME_RULES = {
    "collection": _coll("collection", "name", "validateCollectionName"),
    "alias": _coll("alias", "alias", "ValidateCollectionAlias"),
    "field": {
        EMPTY: _field(EMPTY, "an empty field name", "field name should not be empty"),
        TOO_LONG: _field(TOO_LONG, "a field name longer than 255 bytes",
                         _FIELD + "The length of a field name must be less than {max} characters."),
        BAD_FIRST_CHAR: _field(BAD_FIRST_CHAR, "a field name not starting with a letter or '_'",
                               _FIELD + "The first character of a field name must be an underscore or letter."),
        BAD_CHAR: _field(BAD_CHAR, "a field name with a character other than letters, digits, '_'",
                         _FIELD + "Field name can only contain numbers, letters, and underscores."),
        KEYWORD: _field(KEYWORD, "a field named like an expression keyword (and, in, like, true, ...)",
                        _FIELD + "{name} is keyword in milvus.",
                        history=(was("2.4.12", 0, Change("milvus-io/milvus#36108", "v2.4.12 release notes: "
                                                        "'Disallowed keywords as field names'"), M235),)),
    },
    "partition": {
        EMPTY: _partition(EMPTY, "an empty partition name", "Partition name should not be empty."),
        TOO_LONG: _partition(TOO_LONG, "a partition name longer than 255 bytes",
                             "The length of a partition name must be less than {max} characters."),
        BAD_FIRST_CHAR: _partition(BAD_FIRST_CHAR, "a partition name not starting with a letter, digit or '_'",
                                   "The first character of a partition name must be an underscore or letter."),
        BAD_CHAR: _partition(BAD_CHAR, "a partition name with a character other than letters, digits, '_', '-'",
                             "Partition name can only contain numbers, letters and underscores."),
    },
    "database": {
        EMPTY: _database(EMPTY, "an empty database name", "database name couldn't be empty"),
        TOO_LONG: _database(TOO_LONG, "a database name longer than 255 bytes",
                            "the length of a database name must be less than {max} characters"),
        BAD_FIRST_CHAR: _database(BAD_FIRST_CHAR, "a database name not starting with a letter or '_'",
                                  "the first character of a database name must be an underscore or letter"),
        BAD_CHAR: _database(BAD_CHAR, "a database name with a character other than letters, digits, '_'",
                            "database name can only contain numbers, letters and underscores"),
    },
    "index": {
        TOO_LONG: _index(TOO_LONG, "an index name longer than 255 bytes",
                         "The length of a index name must be less than {max} characters."),
        BAD_FIRST_CHAR: _index(BAD_FIRST_CHAR, "an index name not starting with a letter or '_'",
                               "The first character of a index name must be an underscore or letter."),
        BAD_CHAR: _index(BAD_CHAR, "an index name with a character other than letters, digits, '_', '[', ']'",
                         "Index name can only contain numbers, letters, and underscores."),
    },
}
