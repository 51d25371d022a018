"""The strategies: valid outputs are valid protobufs that current Milvus's rules accept; each invalid schema
breaks exactly the rule it is labelled with; names break exactly their labelled name rule."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conformance.model import names as name_rules
from conformance.model.rules.core import reason_pattern
from conformance.model.schema import SCHEMA_RULES, SchemaRuleError, check_schema, validate_create_collection
from conformance.protocol import milvus_pb2, schema_pb2
from conformance.strategies import (
    ALL_FEATURES,
    BASE_VECTOR_TYPES,
    FEATURES,
    PLACEHOLDER,
    RULE_CASES,
    RULE_IDS,
    VECTOR_TYPES,
    boundary_names,
    collection_schemas,
    field_schemas,
    invalid_name,
    invalid_schemas,
    required_version,
    schema_features,
    valid_names,
)
from conformance.strategies.schemas import DT, MODERN_ONLY, InvalidSchema

TOKEN = "mc0a1b2c3d"
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def request_for(schema: schema_pb2.CollectionSchema, **kw) -> milvus_pb2.CreateCollectionRequest:
    return milvus_pb2.CreateCollectionRequest(collection_name=schema.name, schema=schema.SerializeToString(), **kw)


def roundtrip(schema: schema_pb2.CollectionSchema) -> schema_pb2.CollectionSchema:
    out = schema_pb2.CollectionSchema()
    out.ParseFromString(schema.SerializeToString())
    return out


@FAST
@given(collection_schemas(TOKEN + "__c"))
def test_default_schemas_are_valid_and_within_2_3_5(schema):
    assert roundtrip(schema) == schema
    assert schema.name == TOKEN + "__c"
    assert check_schema(request_for(schema)) is None
    assert schema_features(schema) == set()
    assert required_version(schema) is None
    vectors = [f for f in schema.fields if f.data_type in VECTOR_TYPES]
    assert len(vectors) == 1 and vectors[0].data_type in BASE_VECTOR_TYPES
    assert sum(f.is_primary_key for f in schema.fields) == 1
    assert not any(f.nullable or f.HasField("default_value") for f in schema.fields)
    for v in vectors:
        dim = int(dict((kv.key, kv.value) for kv in v.type_params)["dim"])
        assert 2 <= dim <= 32768


@FAST
@given(collection_schemas(TOKEN + "__m", modern=True))
def test_modern_schemas_are_valid(schema):
    assert roundtrip(schema) == schema
    assert check_schema(request_for(schema)) is None
    assert schema_features(schema) <= ALL_FEATURES
    if schema_features(schema):
        assert required_version(schema) in {f.since for f in FEATURES.values()}


@FAST
@given(st.sampled_from(sorted(schema_pb2.DataType.values())).filter(
    lambda t: t in (DT.Bool, DT.Int8, DT.Int16, DT.Int32, DT.Int64, DT.Float, DT.Double, DT.VarChar, DT.JSON,
                    DT.Array) or t in VECTOR_TYPES).flatmap(lambda t: field_schemas(t, features=ALL_FEATURES)))
def test_field_schemas_of_every_type_fit_a_valid_schema(f):
    pk = schema_pb2.FieldSchema(name="pk_", data_type=DT.Int64, is_primary_key=True)
    fields = [pk, f]
    if f.data_type not in VECTOR_TYPES:
        fields.append(schema_pb2.FieldSchema(name="vec_", data_type=DT.FloatVector,
                                             type_params=[{"key": "dim", "value": "4"}]))
    schema = schema_pb2.CollectionSchema(name="c", fields=fields)
    assert check_schema(request_for(schema)) is None


def test_every_rule_has_a_defect_and_an_expectation():
    assert set(RULE_IDS) <= set(SCHEMA_RULES)
    for rule_id in RULE_IDS:
        rule = SCHEMA_RULES[rule_id]
        assert rule.id == "CreateCollection/schema/" + rule_id.replace("_", "-")
        assert rule.answer.code and rule.evidence


@pytest.mark.parametrize("modern", [False, True], ids=["baseline", "modern"])
@pytest.mark.parametrize("rule_id,violation", RULE_CASES)
def test_each_defect_breaks_exactly_its_rule(rule_id, violation, modern):
    features = ALL_FEATURES if modern or rule_id in MODERN_ONLY else frozenset()

    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(invalid_schemas(rules=[rule_id], features=features, violation=violation))
    def run(bad: InvalidSchema):
        assert bad.rule_id == rule_id
        bound = bad.bind(TOKEN + "__b")
        request = milvus_pb2.CreateCollectionRequest(collection_name=bound.collection_name,
                                                     schema=bound.schema_bytes, **bound.request_kwargs())
        broken = check_schema(request)
        assert broken is SCHEMA_RULES[rule_id], (bound, broken)
        with pytest.raises(SchemaRuleError) as info:
            validate_create_collection(request)
        # the answer also passes the most specific check the cases judge it by (a name rule for name defects)
        assert info.value.code == bound.check.code
        assert reason_pattern(bound.check.answer.reason).search(info.value.reason), (bound.check.id, info.value)
        if violation is not None:
            kind = "field" if rule_id == "invalid_field_name" else "collection"
            assert bound.check is name_rules.NAME_RULES[kind][violation]
            if kind == "collection":
                assert name_rules.violation("collection", bound.collection_name) == violation
            else:
                bad_names = [f.name for f in bound.schema.fields if not name_rules.is_valid("field", f.name)]
                assert [name_rules.violation("field", n) for n in bad_names] == [violation]
        else:
            assert bound.check is bound.rule
        if bound.rule_id not in ("invalid_collection_name", "collection_name_mismatch"):
            assert TOKEN in bound.collection_name
        if bound.rule_id != "invalid_collection_name" or bound.naming != "empty":
            assert TOKEN in bound.collection_name or TOKEN in bound.schema_name_for(TOKEN + "__b")

    run()


@FAST
@given(invalid_schemas(TOKEN + "__i"))
def test_bound_invalid_schemas_keep_the_name(bad):
    if isinstance(bad.schema, schema_pb2.CollectionSchema) and bad.naming == "same":
        assert bad.schema.name == TOKEN + "__i" == bad.collection_name
    assert bad.name != PLACEHOLDER


@pytest.mark.parametrize("kind", sorted(name_rules.NAME_SPECS))
def test_valid_names(kind):
    @FAST
    @given(valid_names(TOKEN, kind))
    def run(name):
        assert TOKEN in name
        assert name_rules.is_valid(kind, name)
        assert len(name.encode()) <= 255

    run()


@pytest.mark.parametrize("kind,violation", [(k, v) for k in sorted(name_rules.NAME_RULES)
                                            for v in name_rules.NAME_RULES[k]])
def test_invalid_names_break_exactly_their_rule(kind, violation):
    @FAST
    @given(invalid_name(TOKEN, kind, violation))
    def run(bad):
        assert name_rules.violation(kind, bad.name) == violation
        if violation not in (name_rules.EMPTY, name_rules.KEYWORD):  # keywords are fixed words, not objects
            assert TOKEN in bad.name
        assert bad.rule is name_rules.NAME_RULES[kind][violation]

    run()


def test_boundary_names():
    ok, too_long = boundary_names(TOKEN)
    assert len(ok) == 255 and name_rules.is_valid("collection", ok)
    assert len(too_long) == 256 and name_rules.violation("collection", too_long) == name_rules.TOO_LONG


def test_rule_cases_send_every_name_violation():
    """The cases send each name violation of the name rules (field names include the keyword class)."""
    assert {v for r, v in RULE_CASES if r == "invalid_field_name"} == set(name_rules.NAME_RULES["field"])
    assert {v for r, v in RULE_CASES if r == "invalid_collection_name"} == set(name_rules.NAME_RULES["collection"])
    assert {r for r, _ in RULE_CASES} == set(RULE_IDS)


@settings(max_examples=1)
@given(data=st.data())
def test_a_violation_needs_a_name_rule(data):
    with pytest.raises(ValueError, match="no name violation"):
        data.draw(invalid_schemas(rules=["too_many_shards"], violation="keyword"))
