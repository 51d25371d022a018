"""Checks of the evolution family (see conformance/mock/evolution.py for the RPCs)."""

from __future__ import annotations
