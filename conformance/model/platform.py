"""Platform features' state: namespaces, snapshots and their jobs, file resources, user tags, row policies,
replicate configuration, external-collection refresh jobs.

What a single-node Milvus keeps for each (master semantics, see ``rules/platform.py`` for the evidence):
snapshots are named per collection (``snapshotMeta.getSnapshotByName(collectionID, name)``); a pin refers to one
snapshot and is released by its id; namespaces are the partitions of a namespace-enabled collection (``enable_
namespace`` and ``namespace.mode=partition``), listed sorted by name without the default partition; file
resources are server-wide by name; user tags are a map per user; row policies live in a collection.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from ..protocol import common_pb2, milvus_pb2

NAMESPACE_MODE_KEY = "namespace.mode"
NAMESPACE_MODE_PARTITION = "partition"
MAX_PIN_TTL_SECONDS = 30 * 24 * 3600
DEFAULT_NAMESPACE_PAGE = 100
MAX_NAMESPACE_PAGE = 1000


@dataclass
class Snapshot:
    name: str
    description: str
    collection_id: int
    collection_name: str
    partition_names: list[str]
    create_ts: int
    schema: bytes = b""  # the collection's schema when the snapshot was taken (what a restore recreates)


@dataclass
class Namespace:
    name: str
    created_ts: int
    created_utc_ms: int


@dataclass
class FileResource:
    id: int
    name: str
    path: str


@dataclass
class PlatformState:
    snapshots: dict[int, dict[str, Snapshot]] = field(default_factory=dict)  # collection id -> name -> snapshot
    pins: dict[int, tuple[int, str]] = field(default_factory=dict)  # pin id -> (collection id, snapshot name)
    restore_jobs: dict[int, tuple[int, milvus_pb2.RestoreSnapshotInfo]] = field(default_factory=dict)  # id -> (target coll id, info)
    namespaces: dict[int, dict[str, Namespace]] = field(default_factory=dict)  # collection id -> name -> ns
    file_resources: dict[str, FileResource] = field(default_factory=dict)
    user_tags: dict[str, dict[str, str]] = field(default_factory=dict)
    row_policies: dict[int, dict[str, milvus_pb2.RowPolicy]] = field(default_factory=dict)
    replicate_configuration: common_pb2.ReplicateConfiguration | None = None
    prewarm_tasks: dict[str, tuple[int, str]] = field(default_factory=dict)  # task id -> (collection id, namespace)


class Platform:
    """Guarded by the owning catalogue's lock (``Catalog.lock``)."""

    def __init__(self):
        self.state = PlatformState()
        self._ids = itertools.count(460_000_000_000_000_001)

    def next_id(self) -> int:
        return next(self._ids)

    # -- snapshots -------------------------------------------------------------------------------------------

    def snapshots_of(self, collection_id: int) -> dict[str, Snapshot]:
        return self.state.snapshots.setdefault(collection_id, {})

    def snapshot(self, collection_id: int, name: str) -> Snapshot | None:
        return self.state.snapshots.get(collection_id, {}).get(name)

    def add_snapshot(self, snap: Snapshot) -> None:
        self.snapshots_of(snap.collection_id)[snap.name] = snap

    def drop_snapshot(self, collection_id: int, name: str) -> bool:
        return self.state.snapshots.get(collection_id, {}).pop(name, None) is not None

    def pin(self, collection_id: int, name: str) -> int:
        pin_id = self.next_id()
        self.state.pins[pin_id] = (collection_id, name)
        return pin_id

    def unpin(self, pin_id: int) -> bool:
        return self.state.pins.pop(pin_id, None) is not None

    def add_restore_job(self, collection_id: int, info: milvus_pb2.RestoreSnapshotInfo) -> None:
        self.state.restore_jobs[info.job_id] = (collection_id, info)

    def restore_job(self, job_id: int) -> milvus_pb2.RestoreSnapshotInfo | None:
        entry = self.state.restore_jobs.get(job_id)
        return entry[1] if entry else None

    def restore_jobs_of(self, collection_id: int = 0) -> list[milvus_pb2.RestoreSnapshotInfo]:
        """Restore jobs into ``collection_id`` (all jobs for 0), oldest first."""
        return [info for coll, info in self.state.restore_jobs.values() if not collection_id or coll == collection_id]

    # -- namespaces ------------------------------------------------------------------------------------------

    @staticmethod
    def namespaces_enabled(schema, properties: dict[str, str]) -> bool:
        """``enable_namespace`` and ``namespace.mode=partition`` (Core.getNamespaceCollection)."""
        return bool(schema.enable_namespace) and properties.get(NAMESPACE_MODE_KEY) == NAMESPACE_MODE_PARTITION

    def namespaces_of(self, collection_id: int) -> dict[str, Namespace]:
        return self.state.namespaces.setdefault(collection_id, {})

    @staticmethod
    def namespace_info(collection_name: str, ns: Namespace) -> milvus_pb2.NamespaceInfo:
        return milvus_pb2.NamespaceInfo(collection_name=collection_name, namespace_name=ns.name,
                                        created_timestamp=ns.created_ts, created_utc_timestamp=ns.created_utc_ms,
                                        state="Ready")

    # -- file resources, user tags, row policies -------------------------------------------------------------

    def add_file_resource(self, name: str, path: str) -> FileResource:
        res = self.state.file_resources.get(name)
        if res is None:
            res = self.state.file_resources[name] = FileResource(self.next_id(), name, path)
        else:
            res.path = path
        return res

    def remove_file_resource(self, name: str) -> bool:
        return self.state.file_resources.pop(name, None) is not None

    def file_resources(self) -> list[FileResource]:
        return sorted(self.state.file_resources.values(), key=lambda r: r.id)

    def tags(self, user: str) -> dict[str, str]:
        return self.state.user_tags.setdefault(user, {})

    def forget_user(self, user: str) -> None:
        self.state.user_tags.pop(user, None)

    def users_with_tag(self, key: str, value: str) -> list[str]:
        return sorted(u for u, tags in self.state.user_tags.items() if key in tags and tags[key] == value)

    def row_policies_of(self, collection_id: int) -> dict[str, milvus_pb2.RowPolicy]:
        return self.state.row_policies.setdefault(collection_id, {})

    def forget_collection(self, collection_id: int) -> None:
        """A dropped collection takes its snapshots' listing, namespaces and row policies with it."""
        for table in (self.state.snapshots, self.state.namespaces, self.state.row_policies):
            table.pop(collection_id, None)
