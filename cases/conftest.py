"""Case-wide setup: the Hypothesis profile, version requirements, and the ORM bound to this run."""

from __future__ import annotations

import pytest
from hypothesis import settings

from conformance.expectations import NotApplicable
from conformance.plugin import PROFILES


def pytest_configure(config):
    settings.load_profile(PROFILES[config.getoption("conformance_profile", "quick")])


@pytest.fixture(autouse=True)
def _version_requirements(request, server):
    """``@pytest.mark.requires(since="2.4.0")``: on a Milvus known to be older, the case does not apply."""
    marker = request.node.get_closest_marker("requires")
    if marker is not None:
        since = marker.kwargs.get("since")
        if since and server.older_than(since):
            raise NotApplicable(f"needs Milvus >= {since}; the target reports {server.reported}")
