"""Aliases: create, drop, alter, describe, list."""

from __future__ import annotations

from ..errors import (
                                                                                  ALIAS_ALREADY_EXIST,
                                                                                  ALIAS_COLLECTION_NAME_CONFLICT,
                                                                                  ALIAS_NOT_FOUND,
                                                                                  COLLECTION_NOT_FOUND,
)
from .common import M235, META
from .evidence import Change, master
from .registry import error, semantic, success, was

_ALIAS = "internal/proxy/ddl/task_alias.go"

success("CreateAlias/creates", "CreateAlias for an existing collection", evidence=(master(META, "CheckIfAliasCreatable"),
                                                                                  M235))
success("CreateAlias/duplicate", "CreateAlias again for the same collection is idempotent",
        evidence=(master(META, "CheckIfAliasCreatable", "ErrIgnoredAlterAlias caught → Success"), M235))
error("CreateAlias/missing-collection", "CreateAlias for a missing collection", COLLECTION_NOT_FOUND,
      "collection not found[database={db}][collection={name}]", evidence=(master(META, "CheckIfAliasCreatable"), M235),
      input_error=False)
error("CreateAlias/named-like-a-collection", "an alias named like an existing collection", ALIAS_COLLECTION_NAME_CONFLICT,
      "alias and collection name conflict[database={db}][alias={name}]",
      evidence=(master(META, "CheckIfAliasCreatable"), M235))
error("CreateAlias/bound-elsewhere", "an alias already bound to another collection", ALIAS_ALREADY_EXIST,
      "{name} is alias to another collection: {other}: alias already exist[database={db}][alias={name}]",
      evidence=(master(META, "CheckIfAliasCreatable"), M235))
success("CreateAlias/of-an-alias", "CreateAlias naming an alias as its collection binds to the collection behind it",
        evidence=master(_ALIAS, "CreateAliasTask.PreExecute", "resolveCollectionAlias: 'Always resolve CollectionName "
                        "in case the user passed an alias'"),
        history=(was("2.6.6", COLLECTION_NOT_FOUND, Change("milvus-io/milvus#44865", "new alias DDL code, in the 2.6.6 "
                                                           "cherry-picks"), M235),))
semantic("CreateAlias/of-an-alias-binds-collection", "an alias created through another alias is listed under the "
         "real collection", evidence=master(_ALIAS, "CreateAliasTask.PreExecute"), since="2.6.6")

success("DropAlias/drops", "DropAlias of an existing alias", evidence=(master(META, "CheckIfAliasDroppable"), M235))
error("DropAlias/missing-alias", "DropAlias of a missing alias", ALIAS_NOT_FOUND,
      "alias not found[database={db}][alias={name}]",
      evidence=(master(META, "CheckIfAliasDroppable"), master(_ALIAS, "DropAliasTask.Execute",
                                                               "WrapErrAsInputErrorWhen(ErrAliasNotFound, ...)")),
      history=(was("2.6.6", 0, Change("milvus-io/milvus#44865", "existence check with the new alias DDL code, first "
                                      "in v2.6.6"), M235),), input_error=True)
success("AlterAlias/retargets", "AlterAlias to another existing collection", evidence=master(META, "CheckIfAliasAlterable"))
error("AlterAlias/missing-alias", "AlterAlias of a missing alias", ALIAS_NOT_FOUND,
      "alias not found[database={db}][alias={name}]", evidence=(master(META, "CheckIfAliasAlterable"),
                                                               master(_ALIAS, "AlterAliasTask.Execute")), input_error=True)
error("AlterAlias/missing-collection", "AlterAlias to a missing collection", COLLECTION_NOT_FOUND,
      "collection not found[collection={name}]", evidence=master(META, "CheckIfAliasAlterable"), input_error=True)
success("DescribeAlias/existing", "DescribeAlias of an existing alias", evidence=master(META, "DescribeAlias"))
semantic("DescribeAlias/names-collection", "DescribeAlias names the alias's current collection",
         evidence=master(META, "DescribeAlias"))
error("DescribeAlias/missing-alias", "DescribeAlias of a missing alias", ALIAS_NOT_FOUND,
      "alias not found[database={db}][alias={name}]",
      evidence=(master(META, "DescribeAlias"), master(_ALIAS, "DescribeAliasTask.Execute")), input_error=True)
success("ListAliases/existing", "ListAliases of an existing collection", evidence=master(META, "ListAliases"))
semantic("ListAliases/lists-aliases", "ListAliases lists exactly the collection's aliases",
         evidence=master(META, "ListAliases"))
error("ListAliases/missing-collection", "ListAliases of a missing collection", COLLECTION_NOT_FOUND,
      "collection not found[collection={name}]", evidence=master(META, "ListAliases"), input_error=False)
