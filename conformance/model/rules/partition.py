"""Partitions: create, drop, has, show, statistics."""

from __future__ import annotations

from ..errors import COLLECTION_NOT_FOUND, PARAMETER_INVALID, PARTITION_NOT_FOUND, UNEXPECTED
from .common import M235, TASK, plain_error_before_standardisation
from .core import Alternative
from .evidence import master, older_line
from .registry import error, semantic, success

_PART = "internal/rootcoord/ddl_callbacks_create_partition.go"

success("CreatePartition/creates", "CreatePartition of a new partition", evidence=(master(_PART, "broadcastCreatePartition"),
                                                                                  M235))
success("CreatePartition/duplicate", "CreatePartition of an existing partition is idempotent",
        evidence=(master(_PART, "broadcastCreatePartition", "existing name → errIgnoerdCreatePartition, caught → "
                         "Success"), M235))
error("CreatePartition/partition-key-collection", "CreatePartition on a partition-key collection", PARAMETER_INVALID,
      "disable create partition if partition key mode is used: invalid parameter",
      evidence=master(TASK, "CreatePartitionTask.PreExecute"), history=plain_error_before_standardisation(M235))
error("Partitions/missing-collection", "partition RPCs on a missing collection", COLLECTION_NOT_FOUND,
      "collection not found[database={db}][collection={name}]",
      evidence=(master(TASK, "Create/DropPartitionTask.PreExecute → meta cache"), M235), input_error=False,
      rpcs=("CreatePartition", "ShowPartitions", "DropPartition", "HasPartition"))

success("DropPartition/drops", "DropPartition of an existing, released partition",
        evidence=(master(TASK, "DropPartitionTask"), M235))
success("DropPartition/missing-partition", "DropPartition of a missing partition succeeds (idempotent)",
        evidence=(master(TASK, "DropPartitionTask.PreExecute", "ignores PartitionNotFound; rootcoord "
                         "errIgnoredDropPartition → Success"), M235))
error("DropPartition/default-partition", "DropPartition of _default is refused", UNEXPECTED,
      "default partition cannot be deleted",
      evidence=(older_line("internal/rootcoord/ddl_callbacks_drop_partition.go", "broadcastDropPartition",
                           "8ca120b841b58a62318d21961ae32eb1f970c052", "2.6", "return errors.New(...)"), M235),
      alternatives=(Alternative(PARAMETER_INVALID, "master's rawmerrerror lint rejects `return errors.New(...)`; the "
                                "master copy is not stored, so master's merr code (most likely 1100) is unconfirmed"),),
      gap="no master copy of rootcoord ddl_callbacks_drop_partition.go")

success("HasPartition/answers", "HasPartition answers Success with a value", evidence=(master(TASK, "HasPartitionTask"),
                                                                                   M235))
semantic("HasPartition/reports-existence", "HasPartition is true exactly while the partition exists (false on a "
         "missing collection)", evidence=(master(TASK, "HasPartitionTask"), M235))
success("ShowPartitions/answers", "ShowPartitions answers Success", evidence=(master(TASK, "ShowPartitionsTask"), M235))
semantic("ShowPartitions/lists-existing", "ShowPartitions lists _default and the created partitions, not dropped ones",
         evidence=(master(TASK, "ShowPartitionsTask"), M235))

success("GetPartitionStatistics/answers", "GetPartitionStatistics of an existing partition",
        evidence=master(TASK, "getPartitionStatisticsTask"))
semantic("GetPartitionStatistics/row-count", "row_count counts the partition's rows",
         evidence=master(TASK, "getPartitionStatisticsTask"))
error("GetPartitionStatistics/missing-partition", "GetPartitionStatistics of a missing partition", PARTITION_NOT_FOUND,
      "partition not found[partition={name}]",
      evidence=master("pkg/util/merr/errors.go", "ErrPartitionNotFound", "stamped input error at the proxy's "
                      "GetPartitionInfo name chokepoint"), input_error=True)
