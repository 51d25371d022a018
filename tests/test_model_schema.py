"""Schema rules: each rule id is triggered by a minimal request and answers that rule's code."""

import pytest

from conformance.model import errors, limits
from conformance.model.schema import (
    SCHEMA_RULES,
    check_schema,
    effective_num_partitions,
    effective_shards,
    initial_partitions,
    validate_create_collection,
)
from conformance.protocol import common_pb2, milvus_pb2, schema_pb2

DT = schema_pb2.DataType


def fld(name, dtype, *, pk=False, **kw):
    params = kw.pop("params", {})
    f = schema_pb2.FieldSchema(name=name, data_type=dtype, is_primary_key=pk, **kw)
    for k, v in params.items():
        f.type_params.add(key=k, value=str(v))
    return f


def base_fields():
    return [fld("id", DT.Int64, pk=True), fld("vec", DT.FloatVector, params={"dim": 8}),
            fld("txt", DT.VarChar, params={"max_length": 64})]


def req(fields=None, name="c", schema_name=None, raw=None, **kw):
    schema = schema_pb2.CollectionSchema(name=name if schema_name is None else schema_name,
                                         fields=base_fields() if fields is None else fields)
    return milvus_pb2.CreateCollectionRequest(collection_name=name, schema=raw or schema.SerializeToString(), **kw)


def with_field(f):
    return req(base_fields() + [f])


def replace(i, f):
    fields = base_fields()
    fields[i] = f
    return req(fields)


CASES = {
    "schema_unparsable": req(raw=b"\xff\xff\xff"),
    "collection_name_mismatch": req(name="a", schema_name="b"),  # C19
    "too_many_shards": req(shards_num=17),  # C20
    "too_many_fields": req(base_fields() + [fld(f"f{i}", DT.Int64) for i in range(62)]),  # C17: 65
    "no_vector_field": req([fld("id", DT.Int64, pk=True)]),  # C10
    "too_many_vector_fields": req([fld("id", DT.Int64, pk=True)]
                                  + [fld(f"v{i}", DT.FloatVector, params={"dim": 8}) for i in range(5)]),  # C27
    "duplicate_field_name": with_field(fld("txt", DT.Int64)),  # C14
    "no_primary_key": replace(0, fld("id", DT.Int64)),  # C08
    "two_primary_keys": with_field(fld("id2", DT.Int64, pk=True)),  # C09
    "pk_wrong_type": replace(0, fld("id", DT.Float, pk=True)),  # C22
    "autoid_on_non_pk": with_field(fld("x", DT.Int64, autoID=True)),  # E10
    "explicit_dynamic_field": with_field(fld("d", DT.JSON, is_dynamic=True)),  # E09
    "string_type": with_field(fld("s", DT.String)),  # E11
    "data_type_none": with_field(fld("n", DT.Value("None"))),
    "dim_missing": replace(1, fld("vec", DT.FloatVector)),  # C11b
    "dim_not_integer": replace(1, fld("vec", DT.FloatVector, params={"dim": "abc"})),  # E05
    "dim_out_of_range": replace(1, fld("vec", DT.FloatVector, params={"dim": 32769})),  # C12
    "binary_dim_not_multiple_of_8": replace(1, fld("vec", DT.BinaryVector, params={"dim": 12})),  # C13
    "sparse_dim_given": replace(1, fld("vec", DT.SparseFloatVector, params={"dim": 8})),
    "varchar_no_max_length": replace(2, fld("txt", DT.VarChar)),  # C15
    "max_length_not_integer": replace(2, fld("txt", DT.VarChar, params={"max_length": "x"})),
    "varchar_max_length_out_of_range": replace(2, fld("txt", DT.VarChar, params={"max_length": 65536})),  # C16
    "array_no_max_capacity": with_field(fld("a", DT.Array, element_type=DT.Int64)),  # C23
    "max_capacity_not_integer": with_field(fld("a", DT.Array, element_type=DT.Int64, params={"max_capacity": "x"})),
    "array_capacity_out_of_range": with_field(
        fld("a", DT.Array, element_type=DT.Int64, params={"max_capacity": 4097})),  # C24
    "array_element_type_invalid": with_field(
        fld("a", DT.Array, element_type=DT.JSON, params={"max_capacity": 4})),  # E12
    "array_varchar_no_max_length": with_field(
        fld("a", DT.Array, element_type=DT.VarChar, params={"max_capacity": 4})),  # E13
    "two_partition_keys": req(base_fields() + [fld("k1", DT.Int64, is_partition_key=True),
                                               fld("k2", DT.Int64, is_partition_key=True)]),  # E15
    "partition_key_wrong_type": with_field(fld("k", DT.Float, is_partition_key=True)),  # E16
    "partition_key_is_pk": replace(0, fld("id", DT.Int64, pk=True, is_partition_key=True)),  # E17
    "partition_key_nullable": with_field(fld("k", DT.Int64, is_partition_key=True, nullable=True)),
    "num_partitions_negative": req(base_fields() + [fld("k", DT.Int64, is_partition_key=True)], num_partitions=-1),
    "num_partitions_without_key": req(num_partitions=8),  # E18
    "too_many_partitions": req(base_fields() + [fld("k", DT.Int64, is_partition_key=True)],
                               num_partitions=limits.MAX_PARTITIONS + 1),  # C25
    "invalid_field_name": with_field(fld("1bad", DT.Int64)),  # E06
    "invalid_collection_name": req(name="1abc"),  # C06
}


def test_every_rule_has_a_case():
    assert set(CASES) == set(SCHEMA_RULES)


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_triggers_with_its_code(rule_id):
    rule = SCHEMA_RULES[rule_id]
    assert check_schema(CASES[rule_id]) is rule
    with pytest.raises(errors.MilvusError) as info:
        validate_create_collection(CASES[rule_id])
    assert info.value.code == rule.code
    assert info.value.reason


def test_rule_table_shape():
    for rid, rule in SCHEMA_RULES.items():
        assert rule.id == "CreateCollection/schema/" + rid.replace("_", "-")
        assert rule.summary and rule.evidence and rule.answer.reason
    rule = SCHEMA_RULES["no_vector_field"]
    assert rule.code == 1100
    assert [s.version for s in rule.history] == ["2.4.3"]
    assert rule.answer_for(lambda bound: True).code == 0  # Milvus 2.3.5 accepted it
    assert rule.answer_for(lambda bound: False).code == 1100
    # PR #50221: plain errors became merr errors; releases before v2.6.19 answered 65535.
    shards = SCHEMA_RULES["too_many_shards"]
    assert shards.code == 1100 and shards.answer_for(lambda bound: bound == "2.6.19").code == 65535


@pytest.mark.parametrize("rule_id,reason", [
    ("no_primary_key", "primary key is not specified: missing parameter"),
    ("two_primary_keys", "there are more than one primary key, field name = id, id2: invalid parameter"),
    ("varchar_no_max_length", "type param(max_length) should be specified for the field(txt) of collection c: "
                              "missing parameter"),
    ("array_capacity_out_of_range", "the maximum capacity specified for a Array should be in (0, 4096]: invalid "
                                    "parameter"),
    ("dim_not_integer", 'strconv.ParseInt: parsing "abc": invalid syntax'),
    ("collection_name_mismatch", "collection name = a, schema.Name=b: invalid parameter[expected=collection name "
                                 "matches schema name][actual=don't match]"),
    ("binary_dim_not_multiple_of_8", "invalid dimension: 12 of field vec. binary vector dimension should be "
                                     "multiple of 8. : invalid parameter"),
])
def test_messages(rule_id, reason):
    with pytest.raises(errors.MilvusError) as info:
        validate_create_collection(CASES[rule_id])
    assert info.value.reason == reason


def test_check_order_first_rule_wins():
    # too many shards is checked before the missing primary key, which precedes field names (task.go order)
    fields = [fld("1bad", DT.Int64), fld("vec", DT.FloatVector, params={"dim": 8})]
    assert check_schema(req(fields, shards_num=17)) is SCHEMA_RULES["too_many_shards"]
    assert check_schema(req(fields)) is SCHEMA_RULES["no_primary_key"]
    # master checks duplicate field names after the per-field loop: a bad duplicate fails on its name
    dup = [fld("id", DT.Int64, pk=True), fld("vec", DT.FloatVector, params={"dim": 8}), fld("1x", DT.Int64),
           fld("1x", DT.Int64)]
    assert check_schema(req(dup)) is SCHEMA_RULES["invalid_field_name"]


@pytest.mark.parametrize("fields", [
    [fld("id", DT.VarChar, pk=True, autoID=True, params={"max_length": 10}),
     fld("v", DT.FloatVector, params={"dim": 32768})],  # C21, C12b
    [fld("id", DT.Int64, pk=True), fld("v", DT.BinaryVector, params={"dim": limits.MAX_BINARY_DIM})],
    [fld("id", DT.Int64, pk=True), fld("v", DT.SparseFloatVector)],
    [fld("id", DT.Int64, pk=True)] + [fld(f"v{i}", DT.FloatVector, params={"dim": 2}) for i in range(4)],
    [fld("id", DT.Int64, pk=True), fld("v", DT.FloatVector, params={"dim": 8}),
     fld("a", DT.Array, element_type=DT.VarChar, params={"max_capacity": 4096, "max_length": 5})],  # E14
    base_fields() + [fld(f"f{i}", DT.Int64) for i in range(61)],  # C17b: 64 fields
])
def test_valid_schemas(fields):
    assert check_schema(req(fields, shards_num=16)) is None


def test_dim_boundaries():
    assert check_schema(replace(1, fld("vec", DT.FloatVector, params={"dim": 1}))) is SCHEMA_RULES["dim_out_of_range"]
    assert check_schema(replace(1, fld("vec", DT.FloatVector, params={"dim": 2}))) is None
    assert check_schema(replace(1, fld("vec", DT.FloatVector, params={"dim": "+8"}))) is None  # Go ParseInt
    assert check_schema(replace(1, fld("vec", DT.FloatVector, params={"dim": " 8"}))) is SCHEMA_RULES["dim_not_integer"]


def test_normalisation():
    r = req(shards_num=0, consistency_level=common_pb2.ConsistencyLevel.Bounded)
    schema = schema_pb2.CollectionSchema.FromString(r.schema)
    schema.autoID = True
    schema.enable_dynamic_field = True
    r.schema = schema.SerializeToString()
    out = validate_create_collection(r)
    assert [f.fieldID for f in out.fields] == [100, 101, 102]
    assert not out.autoID and out.enable_dynamic_field
    assert [f.name for f in out.fields] == ["id", "vec", "txt"]  # no $meta echoed (E28)
    assert [(kv.key, kv.value) for kv in out.fields[1].type_params] == [("dim", "8")]
    assert effective_shards(r) == 1
    assert effective_shards(req(shards_num=-1)) == 1  # E24
    keyed = req(base_fields() + [fld("k", DT.Int64, is_partition_key=True)])
    assert effective_num_partitions(keyed, validate_create_collection(keyed)) == 16  # 64 before v2.4.3
    assert initial_partitions(16)[:2] == ["_default_0", "_default_1"]
    assert initial_partitions(0) == ["_default"]
