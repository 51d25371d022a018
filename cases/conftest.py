"""Case-wide setup: the Hypothesis profile, version requirements, and the ORM bound to this run."""

from __future__ import annotations

import pytest
from hypothesis import settings

from conformance.expectations import NotApplicable
from conformance.expectations.oracle import dialect_for, prepare
from conformance.orm import Collection
from conformance.plugin import PROFILES
from conformance.transport.ownership import allowing_global


def pytest_configure(config):
    settings.load_profile(PROFILES[config.getoption("conformance_profile", "quick")])


def pytest_collection_modifyitems(items):
    """The state machines (``test_*_stateful.py``) are the longest items: run them first, so parallel workers
    do not wait for one at the end (xdist hands out work in collection order, see conformance.plugin)."""
    items.sort(key=lambda item: 0 if item.nodeid.split("::", 1)[0].endswith("_stateful.py") else 1)


@pytest.fixture(autouse=True)
def _global_effects(request, conformance):
    """``@pytest.mark.global_effect``: RPCs such as FlushAll act on every collection of the server, not only
    on what this run created, so they run only on the bundled mock or with ``--allow-global-rpcs`` (and only
    then does the connection let such requests through)."""
    if request.node.get_closest_marker("global_effect") is None:
        yield
        return
    if conformance.mock is None and not request.config.getoption("allow_global_rpcs"):
        raise NotApplicable("acts on the whole server (objects this run did not create); "
                            "pass --allow-global-rpcs on a server you own")
    with allowing_global():
        yield


@pytest.fixture(autouse=True)
def _version_requirements(request, server):
    """``@pytest.mark.requires(since="2.4.0")`` / ``requires(feature="nullable")``: on a Milvus known (or
    declared) to be older, or declared without the feature, the case does not apply. ``known=True`` (with
    ``since``): the case is sent only to a target known (or declared, ``--assume-version``) to be at least
    ``since`` — for requests that crash some servers which report no Milvus version."""
    for marker in request.node.iter_markers("requires"):
        since = marker.kwargs.get("since")
        if since and server.older_than(since):
            raise NotApplicable(f"needs Milvus >= {since}; the target is {server.describe()}")
        if since and marker.kwargs.get("known") and server.version is None:
            raise NotApplicable(f"crashes some servers that report no Milvus version: sent only to Milvus >= {since} "
                                f"(declare it with --assume-version); the target is {server.describe()}")
        feature = marker.kwargs.get("feature")
        if feature and not server.has(feature):
            raise NotApplicable(f"needs the {feature!r} feature; the target is {server.describe()}")


@pytest.fixture(scope="module")
def loaded_collection(ledger, check, server):
    """Factory ``make(schema_for, rows, **prepare_options) -> (collection, oracle)``: a new collection of
    ``schema_for(name)`` holding ``rows``, FLAT-indexed and loaded (``oracle.prepare``), whose oracle evaluates
    filters in the target's expression dialect."""

    def make(schema_for, rows, **prepare_options):
        name = ledger.name("c")
        coll = Collection(name, schema_for(name), ledger=ledger)
        oracle = prepare(check, coll, rows, **prepare_options)
        oracle.dialect = dialect_for(server)
        return coll, oracle

    return make
