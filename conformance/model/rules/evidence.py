"""Evidence for an expectation, pinned: Milvus source at a commit and file, a milvus-proto tag, a PR or
release, or what a named real server answered in this repository's reference runs.

Source commits are those of the stored copy read while writing the check; ``MASTER_COMMITS`` names every one
used for *current* answers and why it is master (its imports are the ``pkg/v3`` / ``go-api/v3`` modules, which
exist on master only, after PR #50221's error standardisation). ``Observed`` evidence is checked by the tests
against ``reports/reference/<server>/report.json``: the server must really have answered that way there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MILVUS = "milvus-io/milvus"


# Reference servers whose runs are kept in reports/reference/<name>/ (what "observed" evidence points at).
REFERENCE_SERVERS = {
    "milvus-2.3.5": "official Milvus 2.3.5 standalone (pip milvus==2.3.5), reports v2.3.5-lite",
    "milvus-lite-3.2.2": "milvus-lite 3.2.2, the pure-Python reimplementation",
    "milvus-lite-2.5.1": "milvus-lite 2.5.1, the C++ server embedding Milvus 2.5",
    "milvus-2.3.5-auth": "the same Milvus 2.3.5 started with --authorization-enabled true; the authentication "
                         "and RBAC cases only (-k 'test_rbac or test_privileges')",
}

_COMMIT = re.compile(r"^[0-9a-f]{40}$")
_COPY = re.compile(r"^copy:[0-9]+$")


@dataclass(frozen=True)
class Evidence:
    def describe(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError


@dataclass(frozen=True)
class Source(Evidence):
    """Milvus source: ``path`` and ``symbol`` (function or type) at ``commit``. ``commit`` is a full hash, or
    ``copy:<id>`` for a stored master copy whose commit the source index does not report (its imports are
    the v3 modules, which only master has)."""

    path: str
    symbol: str
    commit: str
    note: str = ""

    def __post_init__(self):
        if not (_COMMIT.match(self.commit) or _COPY.match(self.commit)):
            raise ValueError(f"source evidence {self.path} needs a full commit hash or copy:<id>, "
                             f"got {self.commit!r}")

    @property
    def is_master(self) -> bool:
        return self.commit in MASTER_COMMITS

    def describe(self) -> str:
        tail = f" — {self.note}" if self.note else ""
        pin = self.commit[:10] if _COMMIT.match(self.commit) else self.commit
        return f"{MILVUS}@{pin} {self.path} {self.symbol}{tail}"


@dataclass(frozen=True)
class Protocol(Evidence):
    """The pinned protocol itself (this repository's proto/, rendered from pymilvus 3.0.2)."""

    path: str
    symbol: str

    def describe(self) -> str:
        return f"{self.path} {self.symbol} (pinned protocol)"


@dataclass(frozen=True)
class Change(Evidence):
    """A pull request or release that changed the answer (what a history bound rests on)."""

    ref: str  # e.g. "milvus-io/milvus#50545" or "milvus v2.6.1 release notes"
    note: str = ""

    def describe(self) -> str:
        return self.ref + (f" — {self.note}" if self.note else "")


@dataclass(frozen=True)
class Observed(Evidence):
    """A real server's answer, kept in this repository: reports/reference/<server>/report.json records what
    it answered to this check (the tests hold the claim to that file)."""

    server: str
    note: str = ""

    def __post_init__(self):
        if self.server not in REFERENCE_SERVERS:
            raise ValueError(f"unknown reference server {self.server!r}; one of {sorted(REFERENCE_SERVERS)}")

    def describe(self) -> str:
        return f"observed on {self.server} (reports/reference/{self.server})" + (f" — {self.note}" if self.note else "")


# The stored master copy of each Milvus file the current answers cite: path -> commit. Every one imports
# github.com/milvus-io/milvus/pkg/v3 and milvus-proto/go-api/v3 (master only, after the v3 module rename, which
# came after PR #50221), so each is master after the error standardisation.
MASTER_FILES: dict[str, str] = {
    "internal/proxy/ddl/task.go": "b6cb39cc050a825dc47de42c557e9bea8eb6e4d9",
    "internal/proxy/ddl/util_ddl.go": "2ccbdb30de7eb24d3152cf3b946d84e8320a1050",
    "internal/proxy/ddl/describe_util.go": "b6cb39cc050a825dc47de42c557e9bea8eb6e4d9",
    "internal/proxy/ddl/task_alias.go": "2ccbdb30de7eb24d3152cf3b946d84e8320a1050",
    "internal/proxy/ddl/task_database.go": "2ccbdb30de7eb24d3152cf3b946d84e8320a1050",
    "internal/proxy/ddl/task_index.go": "b6cb39cc050a825dc47de42c557e9bea8eb6e4d9",
    "internal/util/indexparamcheck/index_params_validation.go": "815b5603a4b3fd78d515d4d36a6719597e6a2e0e",
    "internal/util/indexparamcheck/vector_index_checker.go": "1bd210a890848cb9f3a214b8fed582f00c9e56d5",
    "internal/util/indexparamcheck/stl_sort_checker.go": "0311dd75a75780cf7f7abed84b1e435172ceb527",
    "internal/util/indexparamcheck/bitmap_index_checker.go": "2e0f0c2c67ec6289b04a5e6d0a6bf3beb8ecc65e",
    "pkg/coordmeta/rootcoord/meta_table.go": "d023fcf530cfc4cf0dc5c300b9d9240847db84a2",
    "pkg/util/merr/error_classification_test.go": "199436aceb48b81163273698ac05c05ae590036e",
    # Stored master copies the index serves without a commit (read by copy id; imports pkg/v3 or go-api/v3,
    # or, for errors.go, the master-only ErrorClassifier/registeredCodes machinery).
    "pkg/util/merr/utils.go": "copy:54607938385",
    "pkg/util/merr/errors.go": "copy:54742205316",
    "internal/proxy/impl.go": "copy:54490143054",
    "internal/proxy/meta_cache.go": "copy:58100554682",
    "internal/rootcoord/ddl_callbacks_create_partition.go": "copy:58018300314",
    "internal/rootcoord/ddl_callbacks_alias.go": "copy:54953638260",
    "internal/rootcoord/ddl_callbacks_create_collection.go": "copy:59197814028",
    "internal/rootcoord/ddl_callbacks_drop_collection.go": "copy:51872487069",
    "internal/metastore/model/collection.go": "copy:62158812021",
    # Flush / FlushAll proxy tasks (index-load-service research: TF, TFS; imports pkg/v3).
    "internal/proxy/ddl/task_flush.go": "b6cb39cc050a825dc47de42c557e9bea8eb6e4d9",
    "internal/proxy/ddl/task_flush_all.go": "b6cb39cc050a825dc47de42c557e9bea8eb6e4d9",
    "internal/proxy/ddl/task_flush_all_streaming.go": "b6cb39cc050a825dc47de42c557e9bea8eb6e4d9",
    "internal/proxy/ddl/task_flush_streaming.go": "2ccbdb30de7eb24d3152cf3b946d84e8320a1050",
    # Data plane (data research: DML/DQL tasks, the field validator, segcore error mapping; imports pkg/v3).
    "internal/proxy/dml/task_insert.go": "1211f933893e9cbf712ae4a56e382f235a6243e5",
    "internal/proxy/dml/task_insert_streaming.go": "55708788a96b65f3def5ac0a2ba662947cd799d4",
    "internal/proxy/dml/task_upsert.go": "55708788a96b65f3def5ac0a2ba662947cd799d4",
    "internal/proxy/dml/task_upsert_partial_op.go": "13f35d96096896d2f31fd0ca8366c79a5a221d34",
    "internal/proxy/dml/task_delete.go": "60edda39d5f3657eacc0842ccdf6c99504922e19",
    "internal/proxy/dml/util_dml.go": "1bf3af6b7ca303099a6c1865aa2a010956af5507",
    "internal/proxy/fieldvalidator/validate_util.go": "79ac38f9c7d6a0b0972d551e26d4cc8c75db4d9c",
    "internal/proxy/dql/task_query.go": "520d562bcac976077d6e727ccbabc35b7c35ba01",
    "internal/proxy/dql/task_search.go": "6a530f1dbae85cbe7ae731282cbbb88804d199fd",
    "internal/proxy/dql/search_util.go": "6a530f1dbae85cbe7ae731282cbbb88804d199fd",
    "internal/proxy/dql/util_dql.go": "6a530f1dbae85cbe7ae731282cbbb88804d199fd",
    "internal/proxy/dql/rerank_meta.go": "41c55a2cacf128450a8cd45c36666ee9efb0be30",
    "internal/proxy/dql/function_chain_validator.go": "2b2a11c1d2d74d138cfba797ba7235eede527fca",
    "internal/proxy/dql/task_statistic.go": "c8e44767be43f81db15e09e3cba4092829d5fbe8",
    "pkg/util/merr/segcore.go": "4c570c9e7990d369b43be7463be7948a37a3c3b6",
    # querycoord's load entry points (imports go-api/v3 + pkg/v3; the index reports no commit for the copy).
    "internal/querycoordv2/services.go": "copy:54500320855",
    # Schema evolution (imports go-api/v3 + pkg/v3): the proxy's collection-function tasks (the copy the master
    # impl.go enqueues), rootcoord's function and alter-field callbacks.
    "internal/proxy/function_task.go": "78e4f01f62eb5774e2acacee72071439caffffab",
    "internal/rootcoord/ddl_callbacks_collection_function.go": "1ac3511381495dfc88a754ebdb222b5e53a5609b",
    "internal/rootcoord/ddl_callbacks_alter_collection_field.go": "04de865b834f12b676190de8c06d7ba2379b83a5",
    # Cluster operations: the resource manager and datacoord's import / compaction services (each copy imports
    # pkg/v3 or uses master's mlog logger; the index reports no commit for these copies).
    "internal/querycoordv2/meta/resource_manager.go": "copy:54967724775",
    "internal/datacoord/services.go": "copy:62619120564",
    "internal/datacoord/compaction_inspector.go": "copy:58416032189",
    "internal/proxy/ddl/task_import.go": "b6cb39cc050a825dc47de42c557e9bea8eb6e4d9",
    # The proxy's authentication and privilege interceptors (imports pkg/v3; the privilege one is a stored copy).
    "internal/proxy/authentication_interceptor.go": "00448f484e2d62c488011ef29b79edcb7b3f6407",
    "internal/proxy/privilege_interceptor.go": "copy:58006737883",
    # Platform family (imports pkg/v3 / go-api/v3). Copies served by id carry no path in the index: the names
    # are the files' places as their package and content show (snapshot entry points, namespace tasks, ...).
    "internal/proxy/ddl/task_snapshot.go": "b6cb39cc050a825dc47de42c557e9bea8eb6e4d9",
    "internal/proxy/impl_snapshot.go": "copy:54591926706",
    "internal/proxy/task_namespace.go": "copy:54794665734",
    "internal/rootcoord/namespace.go": "copy:54720208273",
    "internal/proxy/util.go": "copy:70153737499",
    "internal/distributed/streaming/replicate_service.go": "copy:67156496927",
    # Function validation (package validator; imports go-api/v3 + pkg/v3; the copy carries no path, named by its
    # package and content): ValidateFunction, CheckFunctionBasicParams / InputField / OutputField.
    "internal/proxy/validator/function.go": "copy:54495788865",
    # The rerank chain builder (imports go-api/v3 + pkg/v3; the index reports no commit for this copy).
    "internal/util/function/chain/rerank_builder.go": "copy:51878172190",
    # The query node's shard delegator (imports go-api/v3 + pkg/v3; no commit reported for the copy).
    "internal/querynodev2/delegator/delegator.go": "copy:54928237747",
}
MASTER_COMMITS = frozenset(MASTER_FILES.values())


def older_line(path: str, symbol: str, copy: str, line: str, note: str = "") -> Source:
    """Evidence from an older release line's copy (``line`` e.g. "2.6"), where no master copy is stored."""
    return Source(path, symbol, copy, f"{line}-line copy; {note}" if note else f"{line}-line copy")


def master(path: str, symbol: str, note: str = "") -> Source:
    """Master source evidence, at the commit recorded for ``path`` in MASTER_FILES."""
    try:
        commit = MASTER_FILES[path]
    except KeyError:
        raise ValueError(f"no master commit recorded for {path}; add it to MASTER_FILES") from None
    return Source(path, symbol, commit, note)
