"""Hypothesis strategies for FieldSchema / CollectionSchema, valid and single-defect invalid.

- :func:`field_schemas` draws one FieldSchema of any DataType of schema.proto that Milvus accepts in a
  collection (scalars, JSON, Array, every vector type).
- :func:`collection_schemas` draws a valid CollectionSchema. By default it stays within what Milvus 2.3.5
  accepts (one FloatVector/BinaryVector field, dims within both versions' ranges, no nullable/default values,
  no Float16/BFloat16/Sparse/Int8 vectors); ``modern=True`` (or an explicit ``features`` set) adds the newer
  features. :func:`schema_features` names the newer features a schema uses and :func:`required_version`
  the oldest Milvus accepting it.
- :func:`invalid_schemas` draws a valid schema and applies exactly ONE labelled defect (a rule id of
  ``conformance.model.schema.SCHEMA_RULES``), returning an :class:`InvalidSchema` whose ``rule`` (a model Rule) says what
  Milvus answers. Shrinking keeps the defect and reduces everything else.

The schema name must equal the collection name: strategies take ``name`` (default a placeholder) and
:meth:`InvalidSchema.bind` / :func:`renamed` rebind a drawn schema to a fresh Ledger name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from hypothesis import strategies as st

from ..model import limits as L
from ..model.features import ALL_FEATURES, FEATURES, Feature  # noqa: F401  (re-exported)
from ..model.rules import Check
from ..model.schema import SCHEMA_RULES, Rule
from ..protocol import common_pb2, schema_pb2
from ._cache import memoized
from .names import SAFE_REST, InvalidName, field_names, invalid_name

DT = schema_pb2.DataType
FieldSchema = schema_pb2.FieldSchema
CollectionSchema = schema_pb2.CollectionSchema

PLACEHOLDER = "mcplaceholder__schema"

INTEGER_TYPES = (DT.Int8, DT.Int16, DT.Int32, DT.Int64)
SCALAR_TYPES = (DT.Bool, *INTEGER_TYPES, DT.Float, DT.Double, DT.VarChar, DT.JSON, DT.Array)
ARRAY_ELEMENT_TYPES = (DT.Bool, *INTEGER_TYPES, DT.Float, DT.Double, DT.VarChar)
BASE_VECTOR_TYPES = (DT.FloatVector, DT.BinaryVector)
MODERN_VECTOR_TYPES = (DT.Float16Vector, DT.BFloat16Vector, DT.SparseFloatVector, DT.Int8Vector)
VECTOR_TYPES = BASE_VECTOR_TYPES + MODERN_VECTOR_TYPES
DENSE_FLOAT_TYPES = (DT.FloatVector, DT.Float16Vector, DT.BFloat16Vector, DT.Int8Vector)
# Types that take a default_value and the ValueField member carrying it.
DEFAULT_VALUE_MEMBER = {DT.Bool: "bool_data", DT.Int8: "int_data", DT.Int16: "int_data", DT.Int32: "int_data",
                        DT.Int64: "long_data", DT.Float: "float_data", DT.Double: "double_data",
                        DT.VarChar: "string_data"}


# --- features newer than Milvus 2.3.5 ---------------------------------------------------------------------


BASELINE: frozenset[str] = frozenset()
_VECTOR_FEATURE = {DT.Float16Vector: "float16_vector", DT.BFloat16Vector: "bfloat16_vector",
                   DT.SparseFloatVector: "sparse_vector", DT.Int8Vector: "int8_vector"}


def _version_key(v: str) -> tuple[int, ...]:
    return tuple(int(p) for p in v.split("."))


def features_for(server) -> frozenset[str]:
    """The features a target is expected to support (``ServerInfo.has``: by version and declaration)."""
    return frozenset(name for name in FEATURES if server.has(name))


def schema_features(schema: CollectionSchema) -> set[str]:
    """The newer-than-2.3.5 features ``schema`` uses (keys of FEATURES)."""
    used: set[str] = set()
    vectors = [f for f in schema.fields if f.data_type in VECTOR_TYPES]
    if len(vectors) > 1:
        used.add("multi_vector")
    for f in schema.fields:
        if f.data_type in _VECTOR_FEATURE:
            used.add(_VECTOR_FEATURE[f.data_type])
        if f.nullable:
            used.add("nullable")
        if f.HasField("default_value"):
            used.add("default_value")
    return used


def required_version(schema: CollectionSchema) -> str | None:
    """The oldest Milvus version accepting every feature ``schema`` uses (None = any, incl. 2.3.5)."""
    versions = [FEATURES[f].since for f in schema_features(schema)]
    return max(versions, key=_version_key) if versions else None


# --- fields -------------------------------------------------------------------------------------------------


def make_field(name: str, data_type: int, *, primary: bool = False, auto_id: bool = False,
               partition_key: bool = False, nullable: bool = False, default_value: schema_pb2.ValueField | None = None,
               element_type: int = 0, description: str = "", is_dynamic: bool = False, **type_params) -> FieldSchema:
    """A FieldSchema; ``type_params`` values are sent as strings (dim=8 → ``dim: "8"``)."""
    f = FieldSchema(name=name, data_type=data_type, is_primary_key=primary, autoID=auto_id,
                    is_partition_key=partition_key, nullable=nullable, element_type=element_type,
                    description=description, is_dynamic=is_dynamic,
                    type_params=[common_pb2.KeyValuePair(key=k, value=str(v)) for k, v in type_params.items()])
    if default_value is not None:
        f.default_value.CopyFrom(default_value)
    return f


def type_params(f: FieldSchema) -> dict[str, str]:
    return {kv.key: kv.value for kv in f.type_params}


def set_type_param(f: FieldSchema, key: str, value) -> None:
    for kv in f.type_params:
        if kv.key == key:
            kv.value = str(value)
            return
    f.type_params.append(common_pb2.KeyValuePair(key=key, value=str(value)))


def drop_type_param(f: FieldSchema, key: str) -> None:
    keep = [kv for kv in f.type_params if kv.key != key]
    del f.type_params[:]
    f.type_params.extend(keep)


@memoized
def dims(data_type: int, *, modern: bool = False) -> st.SearchStrategy[int]:
    """Valid dims: float types 2..32768 (1 is accepted by 2.3.5 only), binary multiples of 8 up to 32768
    (2.3.5's cap; current Milvus allows 262144). Small dims are favoured, the maximum is drawn on purpose."""
    if data_type == DT.BinaryVector:
        top = L.MAX_BINARY_DIM if modern else L.MAX_BINARY_DIM_2_3
        return st.one_of(st.integers(1, 16), st.integers(1, top // 8), st.just(top // 8)).map(lambda n: n * 8)
    return st.one_of(st.integers(L.MIN_FLOAT_DIM, 128), st.integers(L.MIN_FLOAT_DIM, L.MAX_FLOAT_DIM),
                     st.just(L.MAX_FLOAT_DIM))


@memoized
def varchar_lengths() -> st.SearchStrategy[int]:
    return st.one_of(st.integers(1, 512), st.just(L.MAX_VARCHAR_LENGTH), st.integers(1, L.MAX_VARCHAR_LENGTH))


@memoized
def array_capacities() -> st.SearchStrategy[int]:
    return st.one_of(st.integers(1, 64), st.just(L.MAX_ARRAY_CAPACITY), st.integers(1, L.MAX_ARRAY_CAPACITY))


@memoized
def default_values(data_type: int, max_length: int = 64) -> st.SearchStrategy[schema_pb2.ValueField]:
    """A ValueField of the right member for ``data_type`` (within the type's range)."""
    ranges = {DT.Int8: (-128, 127), DT.Int16: (-(2 ** 15), 2 ** 15 - 1), DT.Int32: (-(2 ** 31), 2 ** 31 - 1),
              DT.Int64: (-(2 ** 63), 2 ** 63 - 1)}
    member = DEFAULT_VALUE_MEMBER[data_type]
    if data_type == DT.Bool:
        values = st.booleans()
    elif data_type in ranges:
        values = st.integers(*ranges[data_type])
    elif data_type == DT.Float:
        values = st.floats(-1e6, 1e6, width=32)
    elif data_type == DT.Double:
        values = st.floats(-1e12, 1e12)
    else:
        values = st.text(st.characters(codec="ascii", exclude_categories=("Cc", "Cs")), max_size=min(max_length, 16))
    return values.map(lambda v: schema_pb2.ValueField(**{member: v}))


@memoized
@st.composite
def field_schemas(draw, data_type: int | None = None, name: str | None = None, *,
                  features: Iterable[str] = BASELINE, nullable: bool | None = None) -> FieldSchema:
    """One valid non-PK FieldSchema of ``data_type`` (any allowed type when None)."""
    features = frozenset(features)
    if data_type is None:
        vector_types = [t for t in VECTOR_TYPES if t in BASE_VECTOR_TYPES or _VECTOR_FEATURE[t] in features]
        data_type = draw(st.sampled_from([*SCALAR_TYPES, *vector_types]))
    name = name if name is not None else draw(field_names())
    params: dict = {}
    element_type = 0
    if data_type == DT.VarChar:
        params["max_length"] = draw(varchar_lengths())
    elif data_type == DT.Array:
        element_type = draw(st.sampled_from(ARRAY_ELEMENT_TYPES))
        params["max_capacity"] = draw(array_capacities())
        if element_type == DT.VarChar:
            params["max_length"] = draw(varchar_lengths())
    elif data_type in VECTOR_TYPES and data_type != DT.SparseFloatVector:
        params["dim"] = draw(dims(data_type, modern=bool(features)))
    is_vector = data_type in VECTOR_TYPES
    if nullable is None:
        nullable = (not is_vector and "nullable" in features and draw(st.booleans()))
    default = None
    if (not is_vector and data_type in DEFAULT_VALUE_MEMBER and "default_value" in features
            and draw(st.booleans())):
        default = draw(default_values(data_type, int(params.get("max_length", 64))))
    description = draw(st.sampled_from(["", "", "a field"]))
    return make_field(name, data_type, nullable=nullable, default_value=default, element_type=element_type,
                      description=description, **params)


@memoized
def vector_fields(name: str | None = None, *, features: Iterable[str] = BASELINE) -> st.SearchStrategy[FieldSchema]:
    features = frozenset(features)
    types = [t for t in VECTOR_TYPES if t in BASE_VECTOR_TYPES or _VECTOR_FEATURE[t] in features]
    return st.sampled_from(types).flatmap(lambda t: field_schemas(t, name, features=features, nullable=False))


@memoized
def scalar_fields(name: str | None = None, *, features: Iterable[str] = BASELINE) -> st.SearchStrategy[FieldSchema]:
    features = frozenset(features)
    return st.sampled_from(SCALAR_TYPES).flatmap(lambda t: field_schemas(t, name, features=features))


@memoized
@st.composite
def primary_key_fields(draw, name: str = "id") -> FieldSchema:
    """Int64 or VarChar primary key, autoID optional (VarChar+autoID accepted by 2.3.5, probe C21)."""
    if draw(st.booleans()):
        return make_field(name, DT.Int64, primary=True, auto_id=draw(st.booleans()))
    return make_field(name, DT.VarChar, primary=True, auto_id=draw(st.booleans()), max_length=draw(varchar_lengths()))


# --- valid collection schemas ---------------------------------------------------------------------------------


@memoized
@st.composite
def collection_schemas(draw, name: str = PLACEHOLDER, *, modern: bool = False,
                       features: Iterable[str] | None = None, max_scalars: int = 4,
                       partition_key: bool | None = None, dynamic: bool | None = None) -> CollectionSchema:
    """A valid CollectionSchema named ``name``: one Int64/VarChar PK, one vector field (up to 4 with the
    multi_vector feature), 0..max_scalars scalar fields, optional partition key (Int64/VarChar non-PK) and
    dynamic field. ``features`` (default: none, or all when ``modern``) enables the newer features."""
    feats = frozenset(ALL_FEATURES if modern else BASELINE) if features is None else frozenset(features)
    n_vectors = draw(st.integers(1, L.MAX_VECTOR_FIELDS)) if "multi_vector" in feats and draw(st.booleans()) else 1
    n_scalars = draw(st.integers(0, max_scalars))
    names = draw(st.lists(field_names(), min_size=1 + n_vectors + n_scalars, max_size=1 + n_vectors + n_scalars,
                          unique_by=str.lower))
    pk = draw(primary_key_fields(names[0]))
    vectors = [draw(vector_fields(n, features=feats)) for n in names[1:1 + n_vectors]]
    scalars = [draw(scalar_fields(n, features=feats)) for n in names[1 + n_vectors:]]
    want_key = draw(st.booleans()) if partition_key is None else partition_key
    if want_key:
        candidates = [f for f in scalars if f.data_type in (DT.Int64, DT.VarChar)]
        if not candidates:
            key_name = "pkey"
            while key_name in {n.lower() for n in names}:
                key_name += "_"
            kind = draw(st.sampled_from([DT.Int64, DT.VarChar]))
            extra = {"max_length": draw(varchar_lengths())} if kind == DT.VarChar else {}
            candidates = [make_field(key_name, kind, **extra)]
            scalars.append(candidates[0])
        key = draw(st.sampled_from(candidates))
        key.is_partition_key = True
        key.nullable = False  # a nullable partition key is rejected (facts §3.3)
        key.ClearField("default_value")
    fields = [pk, *vectors, *scalars]
    order = draw(st.permutations(range(1, len(fields))))
    fields = [fields[0]] + [fields[i] for i in order]
    return CollectionSchema(
        name=name,
        description=draw(st.sampled_from(["", "generated by milvus-conformance"])),
        fields=fields,
        enable_dynamic_field=draw(st.booleans()) if dynamic is None else dynamic,
    )


def renamed(schema: CollectionSchema, name: str) -> CollectionSchema:
    copy = CollectionSchema()
    copy.CopyFrom(schema)
    copy.name = name
    return copy


# --- single-defect invalid schemas ---------------------------------------------------------------------------

NAMINGS = ("same", "mismatch", "empty", "too_long", "bad_first_char", "bad_char")


@dataclass(frozen=True)
class InvalidSchema:
    """A CreateCollection input breaking exactly one rule.

    ``schema`` is a CollectionSchema (or raw bytes for ``schema_unparsable``) named PLACEHOLDER until
    :meth:`bind` gives it a real collection name; ``naming`` says how the collection name and schema name are
    derived from that name (a name defect); ``shards_num`` / ``num_partitions`` go on the request.
    """

    schema: CollectionSchema | bytes
    rule_id: str
    rule: Rule  # the registered check: what Milvus answers, with its evidence
    detail: str = ""
    naming: str = "same"
    shards_num: int = 0
    num_partitions: int = 0
    min_version: str | None = None
    name: str = PLACEHOLDER
    invalid_name: InvalidName | None = field(default=None, repr=False)
    invalid_field: InvalidName | None = field(default=None, repr=False)  # the field name defect, if that is it

    def __repr__(self) -> str:
        return f"InvalidSchema({self.rule_id}: {self.detail})"

    @property
    def check(self) -> Check:
        """The most specific registered check the answer is judged by: for a name defect the name rule it
        breaks (``Names/field/<violation>``, ``Names/collection/<violation>``: the same code as ``rule``, with
        the violation's own reason), else ``rule``."""
        if self.invalid_field is not None:
            return self.invalid_field.rule
        if self.rule_id == "invalid_collection_name" and self.invalid_name is not None:
            return self.invalid_name.rule
        return self.rule

    def bind(self, name: str) -> InvalidSchema:
        """This defect for the collection ``name`` (a fresh Ledger name)."""
        schema = self.schema
        if isinstance(schema, CollectionSchema):
            schema = renamed(schema, self.schema_name_for(name))
        return replace(self, schema=schema, name=name)

    def schema_name_for(self, name: str) -> str:
        if self.naming == "mismatch":
            return name + "_other"
        if self.invalid_name is not None:
            return _apply_invalid(self.invalid_name, name)
        return name

    @property
    def collection_name(self) -> str:
        """The ``collection_name`` the request carries (equal to the schema name except for a mismatch)."""
        if self.naming == "mismatch":
            return self.name
        return self.schema_name_for(self.name)

    @property
    def schema_bytes(self) -> bytes:
        return self.schema if isinstance(self.schema, bytes) else self.schema.SerializeToString()

    def request_kwargs(self) -> dict:
        return {"shards_num": self.shards_num, "num_partitions": self.num_partitions}


def _apply_invalid(bad: InvalidName, name: str) -> str:
    """Re-derive an invalid collection name of the same class around ``name`` (which carries the token)."""
    if bad.violation == "empty":
        return ""
    if bad.violation == "too_long":
        return name + "x" * max(1, L.MAX_NAME_LENGTH + 1 - len(name))
    if bad.violation == "bad_first_char":
        return bad.name[0] + name
    bad_char = next(c for c in bad.name[1:] if c not in SAFE_REST)
    return name + bad_char + "x"


def _copy(schema: CollectionSchema) -> CollectionSchema:
    c = CollectionSchema()
    c.CopyFrom(schema)
    return c


def _free_name(schema: CollectionSchema, base: str) -> str:
    taken = {f.name.lower() for f in schema.fields}
    name = base
    while name.lower() in taken:
        name += "_"
    return name


def _add(schema: CollectionSchema, f: FieldSchema) -> FieldSchema:
    """Append ``f`` and return the stored element (protobuf ``append`` stores a copy)."""
    schema.fields.append(f)
    return schema.fields[-1]


def _pk(schema: CollectionSchema) -> FieldSchema:
    return next(f for f in schema.fields if f.is_primary_key)


def _vectors(schema: CollectionSchema) -> list[FieldSchema]:
    return [f for f in schema.fields if f.data_type in VECTOR_TYPES]


def _clear_partition_keys(schema: CollectionSchema) -> None:
    for f in schema.fields:
        f.is_partition_key = False


# Each defect: (draw, schema copy, features) -> (detail, overrides dict). The schema copy is mutated in place.
# The name defects also take ``violation`` (one of VIOLATIONS_OF[rule]; drawn when None).
Defect = Callable[..., tuple[str, dict]]
DEFECTS: dict[str, Defect] = {}
VIOLATIONS_OF: dict[str, tuple[str, ...]] = {
    "invalid_field_name": ("empty", "too_long", "bad_first_char", "bad_char", "keyword"),
    "invalid_collection_name": ("empty", "too_long", "bad_first_char", "bad_char"),
}


def defect(rule_id: str):
    def register(fn):
        DEFECTS[rule_id] = fn
        return fn
    return register


@defect("schema_unparsable")
def _unparsable(draw, s, feats):
    tail = draw(st.sampled_from([b"\x07", b"\x0f", b"\xff", b"\x22\x05ab", b"\x0a\xff\xff\xff\xff\x0f"]))
    return f"schema bytes end in {tail!r}", {"schema": s.SerializeToString() + tail}


@defect("collection_name_mismatch")
def _mismatch(draw, s, feats):
    return "schema.name = collection_name + '_other'", {"naming": "mismatch"}


@defect("too_many_shards")
def _shards(draw, s, feats):
    n = draw(st.integers(L.MAX_SHARDS + 1, L.MAX_SHARDS + 64))
    return f"shards_num={n}", {"shards_num": n}


@defect("too_many_fields")
def _too_many_fields(draw, s, feats):
    n = draw(st.integers(L.MAX_FIELDS + 1, L.MAX_FIELDS + 4))
    i = 0
    while len(s.fields) < n:
        s.fields.append(make_field(_free_name(s, f"pad{i}"), DT.Int64))
        i += 1
    return f"{n} fields", {}


@defect("no_vector_field")
def _no_vector(draw, s, feats):
    keep = [f for f in s.fields if f.data_type not in VECTOR_TYPES]
    del s.fields[:]
    s.fields.extend(keep)
    return "no vector field", {}


@defect("too_many_vector_fields")
def _too_many_vectors(draw, s, feats):
    n = L.MAX_VECTOR_FIELDS + 1
    while len(_vectors(s)) < n:
        s.fields.append(make_field(_free_name(s, "vx"), DT.FloatVector, dim=draw(st.integers(2, 16))))
    return f"{n} vector fields", {}


@defect("duplicate_field_name")
def _duplicate(draw, s, feats):
    victim = draw(st.sampled_from([f.name for f in s.fields]))
    s.fields.append(make_field(victim, DT.Int64))
    return f"two fields named {victim!r}", {}


@defect("no_primary_key")
def _no_pk(draw, s, feats):
    pk = _pk(s)
    pk.is_primary_key = False
    pk.autoID = False
    return f"field {pk.name!r} no longer primary", {}


@defect("two_primary_keys")
def _two_pk(draw, s, feats):
    kind = draw(st.sampled_from([DT.Int64, DT.VarChar]))
    extra = {"max_length": 64} if kind == DT.VarChar else {}
    name = _free_name(s, "id2")
    s.fields.append(make_field(name, kind, primary=True, **extra))
    return f"second primary key {name!r}", {}


@defect("pk_wrong_type")
def _pk_type(draw, s, feats):
    pk = _pk(s)
    pk.data_type = draw(st.sampled_from([DT.Bool, DT.Int8, DT.Int16, DT.Int32, DT.Float, DT.Double]))
    pk.autoID = False
    del pk.type_params[:]
    return f"primary key {pk.name!r} is {DT.Name(pk.data_type)}", {}


@defect("autoid_on_non_pk")
def _autoid(draw, s, feats):
    candidates = [f for f in s.fields if not f.is_primary_key and f.data_type in (DT.Int64, DT.VarChar)]
    if candidates and draw(st.booleans()):
        target = draw(st.sampled_from(candidates))
    else:
        target = _add(s, make_field(_free_name(s, "auto"), DT.Int64))
    target.autoID = True
    return f"autoID on non-PK {target.name!r}", {}


@defect("explicit_dynamic_field")
def _dynamic(draw, s, feats):
    name = _free_name(s, "dyn")
    s.fields.append(make_field(name, DT.JSON, is_dynamic=True))
    s.enable_dynamic_field = draw(st.booleans())
    return f"field {name!r} is_dynamic=true", {}


@defect("string_type")
def _string(draw, s, feats):
    name = _free_name(s, "s")
    s.fields.append(make_field(name, DT.String, max_length=64))
    return f"field {name!r} of DataType String", {}


def _dense_vector(draw, s) -> FieldSchema:
    dense = [f for f in _vectors(s) if f.data_type != DT.SparseFloatVector]
    if not dense:  # only sparse vectors: turn one into a FloatVector (the vector count stays the same)
        v = _vectors(s)[0]
        v.data_type = DT.FloatVector
        set_type_param(v, "dim", 8)
        return v
    return draw(st.sampled_from(dense))


@defect("dim_missing")
def _dim_missing(draw, s, feats):
    v = _dense_vector(draw, s)
    drop_type_param(v, "dim")
    return f"vector {v.name!r} without dim", {}


@defect("dim_not_integer")
def _dim_nonint(draw, s, feats):
    v = _dense_vector(draw, s)
    bad = draw(st.sampled_from(["abc", "8.5", "", "eight", "0x10"]))
    set_type_param(v, "dim", bad)
    return f"vector {v.name!r} dim={bad!r}", {}


@defect("dim_out_of_range")
def _dim_range(draw, s, feats):
    v = _dense_vector(draw, s)
    if v.data_type == DT.BinaryVector:
        dim = draw(st.sampled_from([0, -8, L.MAX_BINARY_DIM + 8, L.MAX_BINARY_DIM * 2]))
    else:
        dim = draw(st.one_of(st.sampled_from([0, -1]), st.integers(L.MAX_FLOAT_DIM + 1, L.MAX_FLOAT_DIM * 4)))
    set_type_param(v, "dim", dim)
    return f"vector {v.name!r} ({DT.Name(v.data_type)}) dim={dim}", {}


@defect("binary_dim_not_multiple_of_8")
def _binary_dim(draw, s, feats):
    v = _dense_vector(draw, s)
    dim = draw(st.integers(L.MIN_FLOAT_DIM, L.MAX_FLOAT_DIM).filter(lambda d: d % 8))
    v.data_type = DT.BinaryVector
    v.nullable = False
    set_type_param(v, "dim", dim)
    return f"binary vector {v.name!r} dim={dim}", {}


@defect("sparse_dim_given")
def _sparse_dim(draw, s, feats):
    v = draw(st.sampled_from(_vectors(s)))
    v.data_type = DT.SparseFloatVector
    set_type_param(v, "dim", draw(st.integers(2, 1024)))
    return f"sparse vector {v.name!r} with dim", {"min_version": FEATURES["sparse_vector"].since}


def _varchars(s, *, pk_ok=True):
    return [f for f in s.fields if f.data_type == DT.VarChar and (pk_ok or not f.is_primary_key)]


@defect("varchar_no_max_length")
def _vc_nolen(draw, s, feats):
    candidates = _varchars(s)
    if candidates and draw(st.booleans()):
        target = draw(st.sampled_from(candidates))
    else:
        target = _add(s, make_field(_free_name(s, "txt"), DT.VarChar))
    drop_type_param(target, "max_length")
    return f"VarChar {target.name!r} without max_length", {}


@defect("varchar_max_length_out_of_range")
def _vc_range(draw, s, feats):
    candidates = _varchars(s)
    if candidates and draw(st.booleans()):
        target = draw(st.sampled_from(candidates))
    else:
        target = _add(s, make_field(_free_name(s, "txt"), DT.VarChar))
    n = draw(st.one_of(st.sampled_from([0, -1]), st.integers(L.MAX_VARCHAR_LENGTH + 1, L.MAX_VARCHAR_LENGTH * 2)))
    set_type_param(target, "max_length", n)
    target.ClearField("default_value")
    return f"VarChar {target.name!r} max_length={n}", {}


def _array(draw, s, element_type=None) -> FieldSchema:
    arrays = [f for f in s.fields if f.data_type == DT.Array
              and (element_type is None or f.element_type == element_type)]
    if arrays and draw(st.booleans()):
        return draw(st.sampled_from(arrays))
    et = element_type if element_type is not None else draw(st.sampled_from(ARRAY_ELEMENT_TYPES))
    extra = {"max_length": 16} if et == DT.VarChar else {}
    return _add(s, make_field(_free_name(s, "arr"), DT.Array, element_type=et, max_capacity=8, **extra))


@defect("array_no_max_capacity")
def _arr_nocap(draw, s, feats):
    a = _array(draw, s)
    drop_type_param(a, "max_capacity")
    return f"Array {a.name!r} without max_capacity", {}


@defect("array_capacity_out_of_range")
def _arr_cap(draw, s, feats):
    a = _array(draw, s)
    n = draw(st.one_of(st.sampled_from([0, -1]), st.integers(L.MAX_ARRAY_CAPACITY + 1, L.MAX_ARRAY_CAPACITY * 2)))
    set_type_param(a, "max_capacity", n)
    return f"Array {a.name!r} max_capacity={n}", {}


@defect("array_element_type_invalid")
def _arr_elem(draw, s, feats):
    a = _array(draw, s)
    a.element_type = DT.JSON
    drop_type_param(a, "max_length")
    return f"Array {a.name!r} of JSON", {}


@defect("array_varchar_no_max_length")
def _arr_vc(draw, s, feats):
    a = _array(draw, s, DT.VarChar)
    drop_type_param(a, "max_length")
    return f"Array<VarChar> {a.name!r} without max_length", {}


def _key_candidates(s) -> list[FieldSchema]:
    return [f for f in s.fields if not f.is_primary_key and f.data_type in (DT.Int64, DT.VarChar)]


@defect("two_partition_keys")
def _two_keys(draw, s, feats):
    keys = [f for f in s.fields if f.is_partition_key]
    while len(keys) < 2:
        f = make_field(_free_name(s, "k"), DT.Int64, partition_key=True)
        s.fields.append(f)
        keys.append(f)
    return f"partition keys {[k.name for k in keys]}", {}


@defect("partition_key_wrong_type")
def _key_type(draw, s, feats):
    _clear_partition_keys(s)
    kind = draw(st.sampled_from([DT.Bool, DT.Int8, DT.Int16, DT.Int32, DT.Float, DT.Double, DT.JSON]))
    name = _free_name(s, "k")
    s.fields.append(make_field(name, kind, partition_key=True))
    return f"partition key {name!r} is {DT.Name(kind)}", {}


@defect("partition_key_is_pk")
def _key_pk(draw, s, feats):
    _clear_partition_keys(s)
    pk = _pk(s)
    pk.is_partition_key = True
    return f"primary key {pk.name!r} is the partition key", {}


@defect("num_partitions_without_key")
def _nparts_nokey(draw, s, feats):
    _clear_partition_keys(s)
    n = draw(st.integers(1, 64))
    return f"num_partitions={n} without a partition key", {"num_partitions": n}


@defect("too_many_partitions")
def _too_many_parts(draw, s, feats):
    if not any(f.is_partition_key for f in s.fields):
        candidates = _key_candidates(s)
        if candidates:
            key = draw(st.sampled_from(candidates))
        else:
            key = _add(s, make_field(_free_name(s, "k"), DT.Int64))
        key.is_partition_key = True
        key.nullable = False
        key.ClearField("default_value")
    # Above both limits: current 1024 and 2.3.5's 4096.
    n = draw(st.integers(L.MAX_PARTITIONS_2_3 + 1, L.MAX_PARTITIONS_2_3 * 2))
    return f"num_partitions={n}", {"num_partitions": n}


@defect("data_type_none")
def _type_none(draw, s, feats):
    name = _free_name(s, "none")
    s.fields.append(make_field(name, DT.Value("None")))
    return f"field {name!r} of DataType None", {}


@defect("partition_key_nullable")
def _key_nullable(draw, s, feats):
    _clear_partition_keys(s)
    candidates = _key_candidates(s)
    if candidates and draw(st.booleans()):
        key = draw(st.sampled_from(candidates))
    else:
        kind = draw(st.sampled_from([DT.Int64, DT.VarChar]))
        extra = {"max_length": 16} if kind == DT.VarChar else {}
        key = _add(s, make_field(_free_name(s, "k"), kind, **extra))
    key.is_partition_key = True
    key.nullable = True
    key.ClearField("default_value")
    return f"nullable partition key {key.name!r}", {}


@defect("num_partitions_negative")
def _nparts_negative(draw, s, feats):
    if not any(f.is_partition_key for f in s.fields):
        candidates = _key_candidates(s)
        key = draw(st.sampled_from(candidates)) if candidates else _add(s, make_field(_free_name(s, "k"), DT.Int64))
        key.is_partition_key = True
        key.nullable = False
        key.ClearField("default_value")
    n = draw(st.integers(-(2 ** 31), -1))
    return f"num_partitions={n} with a partition key", {"num_partitions": n}


_NOT_INTEGERS = ["abc", "8.5", "", "sixty", "0x10", "1e3"]


@defect("max_length_not_integer")
def _vc_nonint(draw, s, feats):
    candidates = _varchars(s)
    if candidates and draw(st.booleans()):
        target = draw(st.sampled_from(candidates))
    else:
        target = _add(s, make_field(_free_name(s, "txt"), DT.VarChar))
    bad = draw(st.sampled_from(_NOT_INTEGERS))
    set_type_param(target, "max_length", bad)
    target.ClearField("default_value")
    return f"VarChar {target.name!r} max_length={bad!r}", {}


@defect("max_capacity_not_integer")
def _arr_cap_nonint(draw, s, feats):
    a = _array(draw, s)
    bad = draw(st.sampled_from(_NOT_INTEGERS))
    set_type_param(a, "max_capacity", bad)
    return f"Array {a.name!r} max_capacity={bad!r}", {}


@defect("invalid_field_name")
def _bad_field(draw, s, feats, violation=None):
    target = draw(st.sampled_from(list(s.fields)))
    violation = violation or draw(st.sampled_from(VIOLATIONS_OF["invalid_field_name"]))
    taken = {f.name.lower() for f in s.fields}
    # A keyword must stay exactly a keyword; the other classes stay broken with a suffix.
    bad = draw(invalid_name("f", "field", violation).filter(
        lambda b: violation != "keyword" or b.name.lower() not in taken))
    if violation != "keyword" and bad.name and bad.name.lower() in taken:
        bad = replace(bad, name=bad.name + "_")
    old = target.name
    target.name = bad.name
    return f"field {old!r} renamed {bad.name[:40]!r} ({violation})", {"invalid_field": bad}


@defect("invalid_collection_name")
def _bad_collection(draw, s, feats, violation=None):
    violation = violation or draw(st.sampled_from(VIOLATIONS_OF["invalid_collection_name"]))
    bad = draw(invalid_name("mctoken", "collection", violation))
    return f"collection name {violation}", {"invalid_name": bad}


RULE_IDS = tuple(DEFECTS)
# Every (rule, violation) a case sends: one per rule, and one per name violation for the name rules.
RULE_CASES = tuple((r, v) for r in RULE_IDS for v in VIOLATIONS_OF.get(r, (None,)))
# Defects that only make sense on servers with the feature they misuse: rule -> feature.
MODERN_ONLY = {"sparse_dim_given": "sparse_vector"}


@memoized
@st.composite
def invalid_schemas(draw, name: str = PLACEHOLDER, *, rules: Iterable[str] | None = None,
                    features: Iterable[str] = BASELINE, violation: str | None = None) -> InvalidSchema:
    """A valid schema (baseline features by default) with exactly one labelled defect from ``rules``
    (default: every rule; rules needing a feature outside ``features`` are left out). ``violation`` fixes
    which name rule a name defect breaks (VIOLATIONS_OF; only with name rules)."""
    feats = frozenset(features)
    chosen = list(rules) if rules is not None else [
        r for r in RULE_IDS if r not in MODERN_ONLY or MODERN_ONLY[r] in feats]
    if violation is not None:
        wrong = [r for r in chosen if violation not in VIOLATIONS_OF.get(r, ())]
        if wrong:
            raise ValueError(f"rules {wrong} have no name violation {violation!r}")
    rule_id = draw(st.sampled_from(chosen))
    # The defect is chosen first so shrinking keeps it while the base schema shrinks.
    base = draw(collection_schemas(name, features=feats))
    s = _copy(base)
    extra = {"violation": violation} if violation is not None else {}
    detail, overrides = DEFECTS[rule_id](draw, s, feats, **extra)
    schema = overrides.pop("schema", s)
    bad = overrides.pop("invalid_name", None)
    naming = overrides.pop("naming", "same")
    if bad is not None:
        naming = bad.violation
    inv = InvalidSchema(schema=schema, rule_id=rule_id, rule=SCHEMA_RULES[rule_id], detail=detail,
                        naming=naming, invalid_name=bad, **overrides)
    return inv.bind(name) if name != PLACEHOLDER else inv


# --- DescribeCollection echo ------------------------------------------------------------------------------

_INT_PARAMS = ("dim", "max_length", "max_capacity")


def _norm_params(f: FieldSchema) -> dict[str, str]:
    out = {}
    for k, v in type_params(f).items():
        if k in _INT_PARAMS:
            try:
                v = str(int(v))
            except ValueError:
                pass
        out[k] = v
    return out


def schema_differences(sent: CollectionSchema, echoed: CollectionSchema, *,
                       check_nullable: bool = True) -> list[tuple[str, str, str, str]]:
    """How ``echoed`` (DescribeCollection's schema) departs from what ``sent`` created, allowing Milvus's
    normalisations: user field IDs 100.. in order (common.StartOfUserFieldID, probe N06), the hidden
    ``$meta`` field left out (E28), schema.autoID forced false (task.go), extra type_params tolerated, int
    params compared numerically. Returns (field, attribute, expected, actual) tuples."""
    diffs: list[tuple[str, str, str, str]] = []
    if echoed.name != sent.name:
        diffs.append(("<schema>", "name", sent.name, echoed.name))
    if echoed.enable_dynamic_field != sent.enable_dynamic_field:
        diffs.append(("<schema>", "enable_dynamic_field", str(sent.enable_dynamic_field),
                      str(echoed.enable_dynamic_field)))
    sent_names = [f.name for f in sent.fields]
    echoed_names = [f.name for f in echoed.fields]
    if echoed_names != sent_names:
        diffs.append(("<schema>", "field names in order", str(sent_names), str(echoed_names)))
    by_name = {f.name: f for f in echoed.fields}
    for i, want in enumerate(sent.fields):
        got = by_name.get(want.name)
        if got is None:
            continue
        checks = [
            ("data_type", DT.Name(want.data_type), _type_name(got.data_type)),
            ("is_primary_key", want.is_primary_key, got.is_primary_key),
            ("autoID", want.autoID, got.autoID),
            ("is_partition_key", want.is_partition_key, got.is_partition_key),
            ("description", want.description, got.description),
            ("fieldID", L.START_OF_USER_FIELD_ID + i, got.fieldID),
        ]
        if want.data_type == DT.Array:
            checks.append(("element_type", DT.Name(want.element_type), _type_name(got.element_type)))
        if check_nullable:
            checks.append(("nullable", want.nullable, got.nullable))
            if want.HasField("default_value") or got.HasField("default_value"):
                checks.append(("default_value", str(want.default_value).strip() if want.HasField("default_value")
                               else "(none)", str(got.default_value).strip() if got.HasField("default_value")
                               else "(none)"))
        want_params, got_params = _norm_params(want), _norm_params(got)
        missing = {k: v for k, v in want_params.items() if got_params.get(k) != v}
        if missing:
            checks.append(("type_params", str(want_params), str(got_params)))
        for attr, exp, act in checks:
            if exp != act:
                diffs.append((want.name, attr, str(exp), str(act)))
    return diffs


def _type_name(t: int) -> str:
    try:
        return DT.Name(t)
    except ValueError:
        return f"undefined({t})"
