"""Checks of the platform family (see conformance/mock/platform.py for the RPCs)."""

from __future__ import annotations
