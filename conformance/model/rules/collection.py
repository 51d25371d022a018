"""Collection DDL beyond the schema rules: create/describe/has/show/drop, duplicates, alter, rename,
statistics, and the partition-key defaults."""

from __future__ import annotations

from .. import limits
from ..errors import COLLECTION_NOT_FOUND, PARAMETER_INVALID, UNEXPECTED
from .common import M235, META, TASK, merr_status, plain_error_before_standardisation
from .core import Alternative
from .evidence import Change, master, older_line
from .registry import error, semantic, success, was

_CC = "internal/rootcoord/create_collection_task.go"
_EQUAL = master("internal/metastore/model/collection.go", "Collection.Equal",
                "compares partitions, properties, fields, shards, consistency level, ...")
_LINT = ("master's rawmerrerror lint rejects `return fmt.Errorf(...)`, so master most likely answers a merr "
         "code (1100) where the 2.6 line answers 65535; no master copy of the file is stored to tell which")

success("CreateCollection/accepts-valid-schema", "a valid schema creates the collection",
        evidence=(master(TASK, "CreateCollectionTask"), M235))
success("CreateCollection/duplicate-identical", "creating the same collection again is idempotent",
        evidence=(master(META, "ErrIgnoredCreateCollection", "caught → merr.Success()"), _EQUAL, M235))
error("CreateCollection/duplicate-different", "creating an existing name with another schema or parameters", UNEXPECTED,
      "create duplicate collection with different parameters, collection: {name}",
      evidence=(older_line(_CC, "validateIfCollectionExists", "copy:28177867726", "2.6", "fmt.Errorf"), _EQUAL, M235),
      alternatives=(Alternative(PARAMETER_INVALID, _LINT),), gap="no master copy of rootcoord create_collection_task.go")
error("CreateCollection/duplicate-after-change", "creating again after a partition was added or properties changed: "
      "the stored collection no longer equals the request", UNEXPECTED,
      "create duplicate collection with different parameters, collection: {name}",
      evidence=(_EQUAL, older_line(_CC, "validateIfCollectionExists", "copy:28177867726", "2.6"), M235),
      alternatives=(Alternative(PARAMETER_INVALID, _LINT),), gap="no master copy of rootcoord create_collection_task.go")
error("CreateCollection/named-like-an-alias", "a collection named like an existing alias", UNEXPECTED, None,
      evidence=(older_line(_CC, "validateIfCollectionExists", "copy:28177867726", "2.6",
                           "'collection name [A] conflicts with an existing alias' (err2 := fmt.Errorf; return err2)"),
                M235),
      gap="no master copy of rootcoord create_collection_task.go; the assign-then-return form escapes the lint")

success("DescribeCollection/existing", "DescribeCollection of an existing collection",
        evidence=(master(TASK, "DescribeCollectionTask"), M235))
error("DescribeCollection/missing-collection", "DescribeCollection of a missing collection", COLLECTION_NOT_FOUND,
      "can't find collection[database={db}][collection={name}]",
      evidence=(master("internal/proxy/ddl/describe_util.go", "DescribeCollectionErrorStatus",
                       "legacy via oldCode (CollectionNotExists); WrapErrAsInputErrorWhen"), M235),
      input_error=True)
semantic("DescribeCollection/echoes-schema", "DescribeCollection echoes the schema as created (fields, types, "
         "params, IDs from 100, no $meta)", evidence=(master(TASK, "DescribeCollectionTask.Execute"), M235))
semantic("DescribeCollection/through-alias", "DescribeCollection through an alias describes the aliased collection",
         evidence=(master(TASK, "DescribeCollectionTask"), M235))
semantic("DescribeCollection/partition-key-default-partitions",
         f"a partition-key collection created without num_partitions has "
         f"{limits.DEFAULT_PARTITIONS_WITH_PARTITION_KEY} partitions (64 before v2.4.3)",
         evidence=(master(TASK, "CreateCollectionTask.validatePartitionKey", "common.DefaultPartitionsWithPartitionKey"),
                   Change("milvus-io/milvus#32950", "64 → 16, first in v2.4.3"), M235))
semantic("DescribeCollection/shows-altered-property", "DescribeCollection shows a property set by AlterCollection",
         evidence=master(TASK, "AlterCollectionTask"))
semantic("DescribeCollection/renamed-schema-name", "a renamed collection's schema carries the new name",
         evidence=master(META, "CheckIfCollectionRenamable / RenameCollection"))

error("DescribeCollection/invalid-name", "DescribeCollection with an empty or invalid name", PARAMETER_INVALID,
      "{reason}", evidence=(master(TASK, "DescribeCollectionTask.PreExecute → validateCollectionName"), M235),
      rpcs=("DescribeCollection", "HasCollection"))
success("HasCollection/answers", "HasCollection answers Success with a value", evidence=(master(TASK, "HasCollectionTask"),
                                                                                         M235))
semantic("HasCollection/reports-existence", "HasCollection is true exactly while the collection exists",
         evidence=(master(TASK, "HasCollectionTask"), M235))
success("ShowCollections/answers", "ShowCollections answers Success", evidence=(master(TASK, "ShowCollectionsTask"), M235))
semantic("ShowCollections/lists-existing", "ShowCollections lists a database's collections: created ones, not "
         "dropped ones, not other databases' ones", evidence=(master(TASK, "ShowCollectionsTask"), M235))

success("DropCollection/existing", "DropCollection of an existing collection", evidence=(master(TASK, "DropCollectionTask"),
                                                                                       M235))
success("DropCollection/missing", "DropCollection of a missing collection succeeds (idempotent)",
        evidence=(master(TASK, "DropCollectionTask.PreExecute", "swallows CollectionNotFound/DatabaseNotFound"), M235))
error("DropCollection/with-aliases", "DropCollection of a collection that still has aliases is refused", UNEXPECTED,
      "unable to drop the collection [{name}] because it has associated aliases",
      evidence=(older_line("internal/rootcoord/drop_collection_task.go", "dropCollectionTask.Prepare", "copy:9664417665",
                           "2.6", "err = fmt.Errorf(...); return err"),
                master("internal/rootcoord/ddl_callbacks_drop_collection.go", "broadcastDropCollectionV1",
                       "calls dropCollectionTask.Prepare")),
      history=(was("2.4.23", 0, Change("milvus-io/milvus#40148", "refusal first in v2.4.23"), M235),
               was("2.5.5", 0, Change("milvus-io/milvus#40147", "refusal first in v2.5.5 on the 2.5 line"),
                   after="2.5.0")),
      gap="no master copy of rootcoord drop_collection_task.go; the assign-then-return form escapes the lint")

success("AlterCollection/properties", "AlterCollection sets properties", evidence=master(TASK, "AlterCollectionTask"))
error("AlterCollection/missing-collection", "AlterCollection of a missing collection", COLLECTION_NOT_FOUND,
      "collection not found[database={db}][collection={name}]",
      evidence=master(TASK, "AlterCollectionTask.PreExecute → GetCollectionID"), input_error=False)

success("RenameCollection/renames", "RenameCollection to a free name", evidence=master(META, "CheckIfCollectionRenamable"))
error("RenameCollection/missing-collection", "RenameCollection of a missing collection", COLLECTION_NOT_FOUND,
      "collection not found[database={db}][collection={name}]", evidence=master(META, "CheckIfCollectionRenamable"),
      input_error=False)
error("RenameCollection/onto-existing-collection", "RenameCollection onto another collection's name",
      PARAMETER_INVALID, "duplicated new collection name {db}:{name} with other collection name or alias: invalid "
      "parameter", evidence=master(META, "CheckIfCollectionRenamable"), history=plain_error_before_standardisation())

success("GetCollectionStatistics/answers", "GetCollectionStatistics of an existing collection",
        evidence=(master(TASK, "getCollectionStatisticsTask"), M235))
semantic("GetCollectionStatistics/row-count", "row_count counts the rows (0 for a new collection; the flushed rows "
         "after a flush)", evidence=(master(TASK, "getCollectionStatisticsTask"), M235))
error("GetCollectionStatistics/missing-collection", "GetCollectionStatistics of a missing collection",
      COLLECTION_NOT_FOUND, "collection not found[database={db}][collection={name}]",
      evidence=(merr_status("100 from the proxy meta cache, stamped as the caller's error"), M235), input_error=True)
error("CreateCollection/dim-one", "a vector field of dim 1 (the minimum is 2)", PARAMETER_INVALID,
      "invalid dimension: 1. should be in range 2 ~ {max}: invalid parameter",
      evidence=master("internal/proxy/ddl/util_ddl.go", "validateDimension"),
      history=(was("2.4.0", 0, Change("milvus-io/milvus#30676", "minimum dim 2 from v2.4.0"), M235),))
