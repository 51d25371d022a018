"""Checks of the access family (see conformance/mock/access.py for the RPCs)."""

from __future__ import annotations
