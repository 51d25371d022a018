"""The cluster state of one (single-node) Milvus server: resource groups and query nodes, replicas, compaction
and import jobs, and the timestamp oracle.

One query node (ID 1) serves the server; it lives in ``__default_resource_group`` and never moves (a new resource
group starts with requests = limits = 0 and so receives no node). Replicas are those of loaded collections (one
each, in the resource group recorded here, the default one unless transferred). Compaction jobs complete at once;
an import job reads its files later, and the model has no object storage: every job fails on its first file
(what a server answers for a file it cannot read)."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field

from ..protocol import common_pb2, rg_pb2
from .errors import MilvusError
from .rules import rules

DEFAULT_RESOURCE_GROUP = "__default_resource_group"
DEFAULT_RESOURCE_GROUP_CAPACITY = 1_000_000
QUERY_NODE_ID = 1
QUERY_NODE_ADDRESS = "127.0.0.1:21123"
MAX_NAME_LENGTH = 255
IMPORT_FILE_EXTENSIONS = (".json", ".jsonl", ".ndjson", ".npy", ".parquet", ".csv")


def _config(requests: int = 0, limits: int = 0) -> rg_pb2.ResourceGroupConfig:
    return rg_pb2.ResourceGroupConfig(requests=rg_pb2.ResourceGroupLimit(node_num=requests),
                                      limits=rg_pb2.ResourceGroupLimit(node_num=limits))


@dataclass
class ResourceGroup:
    name: str
    config: rg_pb2.ResourceGroupConfig
    nodes: list[int] = field(default_factory=list)


@dataclass
class ImportJob:
    job_id: int
    db: str
    collection_id: int
    collection_name: str
    files: list[str]
    created_s: int
    state: int = common_pb2.ImportState.ImportFailed
    reason: str = ""


def validate_resource_group_name(name: str) -> None:
    """Proxy ValidateResourceGroupName: empty, longer than 255, first character not a letter or underscore,
    other characters not letters, digits or underscores → 1100."""
    if not name:
        raise rules.get("CreateResourceGroup/empty-name").error()
    bad = f"Invalid resource group name {name}."
    if len(name) > MAX_NAME_LENGTH:
        raise rules.get("CreateResourceGroup/name-too-long").error(
            reason=f"{bad} the length of a resource group name must be less than {MAX_NAME_LENGTH} characters: "
                   "invalid parameter")
    if not (name[0] == "_" or name[0].isascii() and name[0].isalpha()):
        raise rules.get("CreateResourceGroup/invalid-name").error(
            reason=f"{bad} the first character of a resource group name must be an underscore or letter: "
                   "invalid parameter")
    if any(not (c == "_" or c.isascii() and c.isalnum()) for c in name[1:]):
        raise rules.get("CreateResourceGroup/invalid-name").error(
            reason=f"{bad} resource group name can only contain numbers, letters and underscores: invalid parameter")


class Cluster:
    """Guarded by the owning catalogue's lock (``Catalog.lock``)."""

    def __init__(self):
        self.groups: dict[str, ResourceGroup] = {
            DEFAULT_RESOURCE_GROUP: ResourceGroup(DEFAULT_RESOURCE_GROUP, _config(0, DEFAULT_RESOURCE_GROUP_CAPACITY),
                                                  [QUERY_NODE_ID])}
        self.replica_groups: dict[int, str] = {}  # collection ID -> resource group of its replica (if not default)
        self.replica_ids: dict[int, int] = {}
        self.compactions: dict[int, int] = {}  # compaction ID -> collection ID
        self.imports: dict[int, ImportJob] = {}
        self._ids = itertools.count(460_000_000_000_000_001)
        self._last_ts = 0

    def next_id(self) -> int:
        return next(self._ids)

    # ---- timestamps ------------------------------------------------------------------------------------------

    def alloc_timestamp(self) -> int:
        """A hybrid timestamp (physical ms << 18 | logical), strictly greater than every earlier one and than
        every ``catalog.hybrid_ts()`` of the same millisecond (those have logical part 0)."""
        ts = (int(time.time() * 1000) << 18) + 1
        self._last_ts = max(ts, self._last_ts + 1)
        return self._last_ts

    # ---- resource groups -------------------------------------------------------------------------------------

    @staticmethod
    def _check_config(name: str, cfg: rg_pb2.ResourceGroupConfig, groups: dict[str, ResourceGroup]) -> None:
        """resource_manager validateResourceGroupConfig → 303."""
        illegal = rules.get("CreateResourceGroup/illegal-config")

        def fail(why: str):
            return illegal.error(reason=f"resource group illegal config[rg={name}]: {why}")

        if not cfg.HasField("requests") or not cfg.HasField("limits"):
            raise fail("requests or limits is required")
        if cfg.requests.node_num < 0 or cfg.limits.node_num < 0:
            raise fail("node num in `requests` or `limits` should not less than 0")
        if cfg.limits.node_num < cfg.requests.node_num:
            raise fail("limits node num should not less than requests node num")
        for kind, transfers in (("TransferFrom", cfg.transfer_from), ("TransferTo", cfg.transfer_to)):
            for t in transfers:
                if t.resource_group == name:
                    raise fail(f"resource group in `{kind}` {name} should not be itself")
                if t.resource_group not in groups:
                    raise fail(f"resource group in `{kind}` {t.resource_group} not exist")

    def create_resource_group(self, name: str, cfg: rg_pb2.ResourceGroupConfig | None) -> None:
        validate_resource_group_name(name)
        cfg = cfg if cfg is not None else _config()
        existing = self.groups.get(name)
        if existing is not None:
            if existing.config == cfg:
                return  # idempotent
            raise rules.get("CreateResourceGroup/duplicate-other-config").error(
                reason=f"resource group already exist[rg={name}]")
        self._check_config(name, cfg, self.groups)
        copy = rg_pb2.ResourceGroupConfig()
        copy.CopyFrom(cfg)
        self.groups[name] = ResourceGroup(name, copy)

    def drop_resource_group(self, name: str) -> None:
        if name not in self.groups:
            return  # idempotent
        if name == DEFAULT_RESOURCE_GROUP:
            raise rules.get("DropResourceGroup/default-group").error(
                reason=f"default resource group is not deletable: invalid parameter[expected=not default resource "
                       f"group][actual={name}]")
        group = self.groups[name]
        if group.config.limits.node_num != 0 or group.nodes:
            raise rules.get("DropResourceGroup/default-group").error(
                reason=f"resource group's limits node num is not 0: invalid parameter[expected=not empty resource "
                       f"group][actual={name}]")
        for other in self.groups.values():
            for t in (*other.config.transfer_from, *other.config.transfer_to):
                if t.resource_group == name:
                    raise rules.get("DropResourceGroup/default-group").error(
                        reason=f"resource group {name} is used by {other.name}'s transfer configuration, remove that "
                               f"configuration first: invalid parameter")
        if name in self.replica_groups.values():
            raise rules.get("DropResourceGroup/default-group").error(
                reason=f"resource group {name} still holds replicas: invalid parameter")
        del self.groups[name]

    def update_resource_groups(self, configs: dict[str, rg_pb2.ResourceGroupConfig]) -> None:
        for name in configs:
            try:
                validate_resource_group_name(name)
            except MilvusError as err:  # the same words under UpdateResourceGroups' own check
                raise rules.get("UpdateResourceGroups/invalid-name").error(reason=err.reason) from None
        for name, cfg in configs.items():
            if name not in self.groups:
                raise rules.get("UpdateResourceGroups/missing-group").error(
                    reason=f"resource group not found[rg={name}]")
            try:
                self._check_config(name, cfg, self.groups)
            except MilvusError as err:
                raise rules.get("UpdateResourceGroups/illegal-config").error(reason=err.reason) from None
        for name, cfg in configs.items():
            # only the config changes: the single query node stays where it is (no other group can claim it
            # without taking it from the default group, which the suite never asks for)
            self.groups[name].config = rg_pb2.ResourceGroupConfig()
            self.groups[name].config.CopyFrom(cfg)

    def transfer_node(self, source: str, target: str, num: int) -> None:
        for name in (source, target):
            try:
                validate_resource_group_name(name)
            except MilvusError as err:
                raise rules.get("TransferNode/invalid-name").error(reason=err.reason) from None
        if source == target:
            raise rules.get("TransferNode/same-group").error(
                reason=f"source resource group and target resource group should not be the same, resource group: "
                       f"{source}: invalid parameter")
        if num <= 0:
            raise rules.get("TransferNode/invalid-num").error(
                reason=f"invalid parameter[expected=NumNode > 0][actual=invalid NumNode {num}]")
        for name in (source, target):
            if name not in self.groups:
                raise rules.get("TransferNode/missing-group").error(reason=f"resource group not found[rg={name}]")
        have = len(self.groups[source].nodes)
        if have < num:
            raise rules.get("TransferNode/not-enough-nodes").error(
                reason=f"resource group node not enough[rg={source}][currentNodeNum={have}][requestNodeNum={num}]")
        moved = self.groups[source].nodes[:num]
        del self.groups[source].nodes[:num]
        self.groups[target].nodes.extend(moved)

    def resource_group(self, name: str) -> ResourceGroup:
        group = self.groups.get(name)
        if group is None:
            raise rules.get("DescribeResourceGroup/missing").error(name=name)
        return group

    # ---- replicas ----------------------------------------------------------------------------------------------

    def replica_group(self, collection_id: int) -> str:
        return self.replica_groups.get(collection_id, DEFAULT_RESOURCE_GROUP)

    def replica_id(self, collection_id: int) -> int:
        if collection_id not in self.replica_ids:
            self.replica_ids[collection_id] = self.next_id()
        return self.replica_ids[collection_id]

    def forget_collection(self, collection_id: int) -> None:
        """A released or dropped collection has no replica."""
        self.replica_groups.pop(collection_id, None)
        self.replica_ids.pop(collection_id, None)

    def transfer_replica(self, collection_id: int, loaded: bool, source: str, target: str, num: int) -> None:
        for name in (source, target):
            if name not in self.groups:
                raise rules.get("TransferReplica/missing-group").error(reason=f"resource group not found[rg={name}]")
        if source == target:
            raise rules.get("TransferReplica/same-group").error(
                reason=f"source resource group and target resource group should not be the same, resource group: "
                       f"{source}: invalid parameter")
        if num <= 0:
            raise rules.get("TransferReplica/invalid-num").error(
                reason=f"invalid parameter[expected=NumReplica > 0][actual=invalid NumReplica {num}]")
        if not loaded:
            raise rules.get("TransferReplica/not-loaded").error(reason=f"collection not loaded[collection={collection_id}]")
        in_source = 1 if self.replica_group(collection_id) == source else 0
        if num > 1 or in_source < num:
            raise rules.get("TransferReplica/invalid-num").error(
                reason=f"only found [{in_source}] replicas of collection in source resource group [{source}], but "
                       f"{num} require: invalid parameter")
        if not self.groups[target].nodes:
            raise rules.get("TransferReplica/invalid-num").error(
                reason=f"resource group node not enough[rg={target}]: invalid parameter")
        self.replica_groups[collection_id] = target

    # ---- compaction, import --------------------------------------------------------------------------------------

    def start_compaction(self, collection_id: int) -> int:
        cid = self.next_id()
        self.compactions[cid] = collection_id
        return cid

    def start_import(self, db: str, collection_id: int, collection_name: str, files: list[str]) -> ImportJob:
        job = ImportJob(self.next_id(), db, collection_id, collection_name, list(files), int(time.time()))
        job.reason = f"failed to read the file '{files[0]}': the mock has no object storage (no such key)"
        self.imports[job.job_id] = job
        return job

    def import_job(self, job_id: int) -> ImportJob:
        job = self.imports.get(job_id)
        if job is None:
            raise rules.get("GetImportState/unknown-task").error(id=job_id)
        return job
