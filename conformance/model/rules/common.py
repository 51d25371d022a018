"""Evidence and history shared by several families."""

from __future__ import annotations

from .evidence import Change, Observed, master
from .registry import was

M235 = Observed("milvus-2.3.5")
TASK = "internal/proxy/ddl/task.go"
UTIL = "internal/proxy/ddl/util_ddl.go"
META = "pkg/coordmeta/rootcoord/meta_table.go"

# PR #50221 turned the proxy's and rootcoord's plain-error validation (65535) into merr errors (1100/1101);
# the 2.6 backport #50545 shipped first in v2.6.19 (the v2.6.18 bump predates it); 3.0.0 has it.
MERR_STANDARDISATION = Change("milvus-io/milvus#50545",
                              "2.6 backport of #50221 (merr standardisation); first release v2.6.19, 3.0 line from "
                              "v3.0.0 (3.0.0-beta lacks it and would be judged as new)")


def plain_error_before_standardisation(*extra):
    """Releases before v2.6.19 answered the plain-error 65535 (observed on Milvus 2.3.5)."""
    return (was("2.6.19", 65535, MERR_STANDARDISATION, *extra),)


def accepted_before(version: str, *evidence):
    return (was(version, 0, *evidence),)


def merr_status(note: str = ""):
    return master("pkg/util/merr/utils.go", "Status", note)
