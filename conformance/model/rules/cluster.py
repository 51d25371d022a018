"""Checks of the cluster family (see conformance/mock/cluster.py for the RPCs)."""

from __future__ import annotations
