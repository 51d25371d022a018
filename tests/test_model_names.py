"""Name rules against the examples observed on real servers (shared/milvus-protocol-facts.md §3.2, §4)."""

import pytest

from conformance.model import errors, names
from conformance.model.names import BAD_CHAR, BAD_FIRST_CHAR, EMPTY, KEYWORD, NAME_RULES, NAME_SPECS, TOO_LONG


def _code(fn, name):
    try:
        fn(name)
    except errors.MilvusError as err:
        return err.code, err.reason
    return 0, ""


@pytest.mark.parametrize("name", ["pf_c1", "_abc", "b" * 255, "A1_"])
def test_valid_collection_names(name):
    names.validate_collection_name(name)


@pytest.mark.parametrize("name,reason", [
    ("", "collection name should not be empty: invalid parameter"),  # C04, E29
    ("a" * 256, "Invalid collection name: " + "a" * 256 + ".  the length of a collection name must be less than 255"),
    ("1abc", "Invalid collection name: 1abc.  the first character of a collection name must be an underscore or"),
    ("a-b", "Invalid collection name: a-b.  collection name can only contain numbers, letters and underscores"),
    ("pf$x", "Invalid collection name: pf$x.  collection name can only contain"),
    ("   ", "the first character of a collection name"),  # master no longer trims collection names
    ("  padded  ", "the first character of a collection name"),
    ("é", "the first character of a collection name"),  # bytes, not characters
])
def test_invalid_collection_names(name, reason):
    code, text = _code(names.validate_collection_name, name)
    assert code == errors.PARAMETER_INVALID
    assert reason in text


def test_length_counts_utf8_bytes():
    assert names.violation("collection", "a" + "é" * 127) == BAD_CHAR  # 255 bytes: length ok, charset not
    assert names.violation("collection", "a" + "é" * 128) == TOO_LONG


def test_alias_uses_collection_rules_with_alias_wording():
    code, text = _code(names.validate_alias, "1al")  # E35
    assert code == 1100
    assert text.startswith("Invalid collection alias: 1al.  the first character of a collection alias")


@pytest.mark.parametrize("name,start", [
    ("1bad", "Invalid field name: 1bad. The first character of a field name must be an underscore or letter.: "
             "field name invalid[field=1bad]"),  # E06
    ("a-b", "Invalid field name: a-b. Field name can only contain numbers, letters, and underscores."),
    ("and", "Invalid field name: and. and is keyword in milvus."),  # pkg/common/keywords.go
    ("$meta", "Invalid field name: $meta. The first character"),  # E08
    ("", "field name should not be empty: field name invalid[field=]"),
])
def test_invalid_field_names(name, start):
    code, text = _code(names.validate_field_name, name)
    assert code == errors.FIELD_INVALID_NAME == 1701
    assert text.startswith(start)


@pytest.mark.parametrize("name", ["p1", "1p", "_p", "p-1", "9"])
def test_valid_partition_names(name):
    names.validate_partition_name(name)  # E31: digit first; current Milvus allows '-' after the first char


@pytest.mark.parametrize("name,text", [
    ("", "Invalid partition name: . Partition name should not be empty."),  # E34
    ("p$1", "Invalid partition name: p$1. Partition name can only contain numbers, letters and underscores."),
    ("-p", "Invalid partition name: -p. The first character of a partition name must be an underscore or letter."),
])
def test_invalid_partition_names_are_parameter_errors(name, text):
    assert _code(names.validate_partition_name, name) == (errors.PARAMETER_INVALID, text + ": invalid parameter")


@pytest.mark.parametrize("name,text", [
    ("1db", "the first character of a database name must be an underscore or letter: "
            "invalid database name[database=1db]"),  # D05
    ("", "database name couldn't be empty: invalid database name[database=]"),  # E39
    ("d" * 256, "the length of a database name must be less than 255 characters: invalid database name[database="
                + "d" * 256 + "]"),  # E38
    ("a-b", "database name can only contain numbers, letters and underscores: invalid database name[database=a-b]"),
])
def test_invalid_database_names(name, text):
    assert _code(names.validate_database_name, name) == (errors.DATABASE_INVALID_NAME, text)


def test_database_names_are_not_trimmed():
    assert names.violation("database", " db") == BAD_FIRST_CHAR
    assert names.violation("collection", " db") == BAD_FIRST_CHAR  # trimmed by releases before master
    assert names.violation("partition", " db") is None  # partition, field and index names are trimmed


def test_index_name_may_be_empty():
    names.validate_index_name("")
    assert _code(names.validate_index_name, "1x")[0] == errors.PARAMETER_INVALID
    names.validate_index_name("json[key]")  # '[' and ']' after the first character (JSON-path indexes)


def test_name_rules_table_is_complete_and_consistent():
    for kind, spec in NAME_SPECS.items():
        rules = NAME_RULES[kind]
        expected = ({TOO_LONG, BAD_FIRST_CHAR, BAD_CHAR} | (set() if spec.empty_allowed else {EMPTY})
                    | ({KEYWORD} if spec.keywords else set()))
        assert set(rules) == expected, kind
        for violation, rule in rules.items():
            assert rule.id == f"Names/{kind}/{violation.replace('_', '-')}" and rule.evidence
    # Generating one example per class and validating it gives that class's code.
    examples = {EMPTY: "", TOO_LONG: "a" * 256, BAD_FIRST_CHAR: "$a", BAD_CHAR: "a$b", KEYWORD: "and"}
    for kind, rules in NAME_RULES.items():
        for violation, rule in rules.items():
            assert names.violation(kind, examples[violation]) == violation
            code, _ = _code(lambda n, k=kind: names.validate(k, n), examples[violation])
            assert code == rule.code
