"""Objects many case families act on, built one way: named through the run's ledger (so teardown and the
ownership guard know them) and judged when created."""

from __future__ import annotations

from conformance.orm import Collection
from conformance.protocol import schema_pb2
from conformance.strategies import make_field
from conformance.strategies.schemas import DT

CREATED = "CreateCollection/accepts-valid-schema"


def plain_collection(ledger, check, *, enable_namespace: bool = False, properties: dict | None = None) -> Collection:
    """A new collection with an Int64 primary key ``id`` and an 8-dim float vector ``vec``, created and judged."""
    name = ledger.name("c")
    schema = schema_pb2.CollectionSchema(name=name, enable_namespace=enable_namespace, fields=[
        make_field("id", DT.Int64, primary=True), make_field("vec", DT.FloatVector, dim=8)])
    c = Collection(name, schema, properties=properties, ledger=ledger)
    check(c.create(), CREATED)
    return c
