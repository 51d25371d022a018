"""Case-wide setup: the Hypothesis profile, version requirements, and the ORM bound to this run."""

from __future__ import annotations

import pytest
from hypothesis import settings

from conformance.expectations import NotApplicable
from conformance.plugin import PROFILES


def pytest_configure(config):
    settings.load_profile(PROFILES[config.getoption("conformance_profile", "quick")])


@pytest.fixture(autouse=True)
def _global_effects(request, conformance):
    """``@pytest.mark.global_effect``: RPCs such as FlushAll act on every collection of the server, not only
    on what this run created, so they run only on the bundled mock or with ``--allow-global-rpcs``."""
    if request.node.get_closest_marker("global_effect") is None:
        return
    if conformance.mock is None and not request.config.getoption("allow_global_rpcs"):
        raise NotApplicable("acts on the whole server (objects this run did not create); "
                            "pass --allow-global-rpcs on a server you own")


@pytest.fixture(autouse=True)
def _version_requirements(request, server):
    """``@pytest.mark.requires(since="2.4.0")``: on a Milvus known to be older, the case does not apply."""
    marker = request.node.get_closest_marker("requires")
    if marker is not None:
        since = marker.kwargs.get("since")
        if since and server.older_than(since):
            raise NotApplicable(f"needs Milvus >= {since}; the target reports {server.reported}")
