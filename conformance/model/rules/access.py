"""Checks of the access family: credentials (CreateCredential, UpdateCredential, DeleteCredential, ListCredUsers),
roles (CreateRole, AlterRole, DropRole, OperateUserRole, SelectRole, SelectUser), privileges (OperatePrivilege,
OperatePrivilegeV2, SelectGrant), privilege groups (Create/Drop/List/OperatePrivilegeGroup) and RBAC backup and
restore (see conformance/mock/access.py for the RPCs).

Sources: master ``internal/proxy/impl.go`` (the proxy entry points: which validators run, which merr wraps), the
master ``internal/proxy/util.go`` (``validateName``: role, object type, privilege and collection names), and a
2.6-line rootcoord meta table stored after the merr standardisation (the rootcoord checks ``CheckIfCreateRole``,
``CheckIfDropRole``, ``CheckIfOperateUserRole``, ``CheckIfRBACRestorable``, ``CheckIfPrivilegeGroup*``: no master
copy of that file was found; its texts are WrapErrParameterInvalidMsg = 1100). Where the source of an answer was
not found (the rootcoord sentinel errors for a missing role/user and duplicates, the privilege-name check in
root_coord.go), the check says so in ``gap`` and follows what Milvus 2.3.5 answered when probed for this family.

None of the RBAC RPCs needs authorization to be enabled: Milvus stores users, roles and bindings either way
(probed on 2.3.5). OperatePrivilege and OperatePrivilegeV2 need a current user in the call's ``authorization``
metadata (the grantor), with or without authorization enforcement.
"""

from __future__ import annotations

from ..errors import PARAMETER_INVALID, UNEXPECTED
from .common import MERR_STANDARDISATION, plain_error_before_standardisation
from .evidence import Change, master, older_line
from .registry import error, semantic, success, was

IMPL = "internal/proxy/impl.go"
UTIL = "internal/proxy/util.go"
PRIVILEGE_NOT_AUTHENTICATED = 1400
PRIVILEGE_NOT_PERMITTED = 1401
PRIVILEGE_GROUP_INVALID_NAME = 1402
DATABASE_NAME_INVALID = 802

# Legacy error codes rootcoord sets with merr.StatusWithErrorCode (common.proto ErrorCode).
CREATE_CREDENTIAL_FAILURE = 29
CREATE_ROLE_FAILURE = 35
DROP_ROLE_FAILURE = 36
OPERATE_USER_ROLE_FAILURE = 37
OPERATE_PRIVILEGE_FAILURE = 41
SELECT_GRANT_FAILURE = 42

# The 2.6-line rootcoord meta table after the merr standardisation (pkg/v2 imports; WrapErrParameterInvalidMsg
# everywhere): the rootcoord-side checks of every RBAC DDL. Read by copy id (the index gives no path for it).
_META26 = "copy:70092396743"
_VALIDATORS26 = "00336a8c4c46aa8fd3b646b34c352e7911d356ca"


def _meta(symbol: str, note: str = ""):
    return older_line("internal/rootcoord/meta_table.go", symbol, _META26, "2.6", note or "after #50221")


def _validators(symbol: str, note: str = ""):
    return older_line("internal/proxy/util.go", symbol, _VALIDATORS26, "2.6", note)


SENTINEL_GAP = ("the rootcoord sentinel error (errRoleNotExists / errUserNotFound / errRoleAlreadyExists / "
                "errUserAlreadyExists) and the root_coord.go handler that turns it into a Status were not found in "
                "a stored master copy; the expected answer is what Milvus 2.3.5 answered when probed for this family")
PRIV_GAP = ("root_coord.go isValidPrivilege (the privilege-name and object-type check) was not found in a stored "
            "master copy; the expected answer is what Milvus 2.3.5 answered when probed for this family")

_PROBE = Change("Milvus v2.3.5 standalone, probed with authorization disabled (issue 8)",
                "the answers this family's cases then got from 127.0.0.1:19540; the next reference run holds them")

# ---- credentials -------------------------------------------------------------------------------------------

_CREATE_CRED = master(IMPL, "Proxy.CreateCredential", "ValidateUsername, ValidateUserDescription, Base64Decode "
                      "(WrapErrParameterInvalidErr 'decode password fail'), ValidatePassword, then mixCoord")
_USERNAME = _validators("ValidateUsername", "first character a letter; letters, digits, underscores; at most "
                        "proxy.maxUsernameLength = 32; merr ParameterInvalid")
_PASSWORD = _validators("ValidatePassword", "6 <= len <= proxy.maxPasswordLength = 256; WrapErrParameterInvalidRange")

success("CreateCredential/creates", "CreateCredential of a new valid user", evidence=_CREATE_CRED)
error("CreateCredential/duplicate", "CreateCredential of an existing user", UNEXPECTED, "user already exists: {name}",
      legacy=CREATE_CREDENTIAL_FAILURE, evidence=(_CREATE_CRED, _meta("CheckIfAddCredential", "errUserAlreadyExists"),
                                                   _PROBE), input_error=False, gap=SENTINEL_GAP)
error("CreateCredential/empty-username", "CreateCredential with an empty username", PARAMETER_INVALID,
      "username must be not empty", evidence=(_CREATE_CRED, _USERNAME))
error("CreateCredential/username-too-long", "CreateCredential with a 33-character username", PARAMETER_INVALID,
      "the length of username must be less than", evidence=(_CREATE_CRED, _USERNAME))
error("CreateCredential/username-first-char", "CreateCredential with a username starting with a digit",
      PARAMETER_INVALID, "the first character must be a letter", evidence=(_CREATE_CRED, _USERNAME))
error("CreateCredential/username-charset", "CreateCredential with a '-' in the username", PARAMETER_INVALID,
      "username must contain only numbers, letters and underscores", evidence=(_CREATE_CRED, _USERNAME))
error("CreateCredential/password-too-short", "CreateCredential with a 3-character password", PARAMETER_INVALID,
      "invalid password length", evidence=(_CREATE_CRED, _PASSWORD))
error("CreateCredential/password-too-long", "CreateCredential with a 257-character password", PARAMETER_INVALID,
      "invalid password length", evidence=(_CREATE_CRED, _PASSWORD))
error("CreateCredential/password-not-base64", "CreateCredential whose password is not base64", PARAMETER_INVALID,
      "decode password fail", evidence=_CREATE_CRED, history=plain_error_before_standardisation(_PROBE))
semantic("ListCredUsers/lists-created-user", "ListCredUsers lists a created user and no longer lists it after "
         "DeleteCredential", evidence=(master(IMPL, "Proxy.ListCredUsers"), _meta("ListCredentialUsernames")))
success("ListCredUsers/lists", "ListCredUsers answers Success", evidence=master(IMPL, "Proxy.ListCredUsers"))

_UPDATE_CRED = master(IMPL, "Proxy.UpdateCredential", "decode old/new password, ValidatePassword(new); unless the "
                      "caller is a superuser, passwordVerify(old) else WrapErrPrivilegeNotAuthenticated('old password "
                      "not correct for %s')")
success("UpdateCredential/updates", "UpdateCredential with the right old password and a valid new one",
        evidence=_UPDATE_CRED)
error("UpdateCredential/wrong-old-password", "UpdateCredential with a wrong old password (caller not a superuser)",
      PRIVILEGE_NOT_AUTHENTICATED, "old password not correct for {name}", evidence=_UPDATE_CRED, input_error=False)
error("UpdateCredential/missing-user", "UpdateCredential of a user that does not exist (caller not a superuser)",
      PRIVILEGE_NOT_AUTHENTICATED, "old password not correct for {name}",
      evidence=(_UPDATE_CRED, master(IMPL, "Proxy.UpdateCredential", "passwordVerify fails: no credential")),
      input_error=False)
error("UpdateCredential/new-password-too-short", "UpdateCredential to a 1-character password", PARAMETER_INVALID,
      "invalid password length", evidence=(_UPDATE_CRED, _PASSWORD))

_DELETE_CRED = master(IMPL, "Proxy.DeleteCredential", "root refused (WrapErrPrivilegeNotPermitted), then mixCoord")
success("DeleteCredential/deletes", "DeleteCredential of an existing user", evidence=_DELETE_CRED)
success("DeleteCredential/missing-user", "DeleteCredential of a user that does not exist is accepted",
        evidence=(_DELETE_CRED, _meta("CheckIfDeleteCredential", "returns errUserNotFound; how root_coord answers it "
                                      "was not read"), _PROBE),
        gap="rootcoord CheckIfDeleteCredential returns errUserNotFound for a missing user; whether the root_coord "
            "handler turns it into an error or ignores it (as DropCollection ignores a missing collection) was not "
            "found; Milvus 2.3.5 answered Success")

# ---- roles ---------------------------------------------------------------------------------------------------

_ROLE_NAME = (master(UTIL, "validateNameWithCustomChars", "empty → 'should be not empty'; > proxy.maxNameLength "
                     "(255) → range; first character '_' or letter; then letters, digits, '_' and the allowed "
                     "characters"), _validators("ValidateRoleName", "validateName(entity, \"role name\")"))
_CREATE_ROLE = master(IMPL, "Proxy.CreateRole", "ValidateRoleName, ValidateRoleDescription, then mixCoord")

success("CreateRole/creates", "CreateRole of a new valid role", evidence=_CREATE_ROLE)
error("CreateRole/duplicate", "CreateRole of an existing role", UNEXPECTED, "already exists",
      legacy=CREATE_ROLE_FAILURE, evidence=(_CREATE_ROLE, _meta("CheckIfCreateRole", "errRoleAlreadyExists"), _PROBE),
      input_error=False, gap=SENTINEL_GAP)
error("CreateRole/empty-name", "CreateRole with an empty name", PARAMETER_INVALID, "role name should be not empty",
      evidence=(_CREATE_ROLE, *_ROLE_NAME))
error("CreateRole/first-char", "CreateRole with a name starting with a digit", PARAMETER_INVALID,
      "the first character of role name must be an underscore or letter", evidence=(_CREATE_ROLE, *_ROLE_NAME))
error("CreateRole/charset", "CreateRole with a '-' in the name", PARAMETER_INVALID, "role name can only contain",
      evidence=(_CREATE_ROLE, *_ROLE_NAME))
error("CreateRole/name-too-long", "CreateRole with a 256-character name", PARAMETER_INVALID,
      "the length of role name must be not greater than limit", evidence=(_CREATE_ROLE, *_ROLE_NAME))
success("CreateRole/32-plus-characters", "CreateRole accepts a name longer than the 32 characters usernames may "
        "have (the role limit is proxy.maxNameLength, 255)", evidence=_ROLE_NAME)

_ALTER_ROLE = master(IMPL, "Proxy.AlterRole", "ValidateRoleName, ValidateRoleDescription, default roles refused, "
                     "then mixCoord (CheckIfAlterRole: errRoleNotExists)")
success("AlterRole/alters", "AlterRole of an existing role with a new description", evidence=_ALTER_ROLE,
        since="2.6.19")
semantic("AlterRole/description-shown", "SelectRole shows the description AlterRole set", evidence=_ALTER_ROLE,
         since="2.6.19")
error("AlterRole/missing-role", "AlterRole of a role that does not exist", UNEXPECTED, "not found the role",
      evidence=(_ALTER_ROLE, _meta("CheckIfAlterRole", "errRoleNotExists")), input_error=False, since="2.6.19",
      gap=SENTINEL_GAP)
error("AlterRole/invalid-name", "AlterRole with a name starting with a digit", PARAMETER_INVALID,
      "the first character of role name must be an underscore or letter", evidence=(_ALTER_ROLE, *_ROLE_NAME),
      since="2.6.19")

_DROP_ROLE = master(IMPL, "Proxy.DropRole", "ValidateRoleName, default roles refused (1401), then mixCoord")
success("DropRole/drops", "DropRole of an existing role without grants", evidence=_DROP_ROLE)
error("DropRole/missing-role", "DropRole of a role that does not exist", UNEXPECTED, "not found the role",
      legacy=DROP_ROLE_FAILURE, evidence=(_DROP_ROLE, _meta("CheckIfDropRole", "errRoleNotExists"), _PROBE),
      input_error=False, gap=SENTINEL_GAP)
error("DropRole/invalid-name", "DropRole with a name starting with a digit", PARAMETER_INVALID,
      "the first character of role name must be an underscore or letter", evidence=(_DROP_ROLE, *_ROLE_NAME))
error("DropRole/has-grants", "DropRole (without force_drop) of a role that holds a grant", PARAMETER_INVALID,
      "fail to drop the role that it has privileges",
      evidence=(_DROP_ROLE, _meta("CheckIfDropRole", "grants left and not force_drop → WrapErrParameterInvalidMsg")),
      history=(was("2.6.19", UNEXPECTED, MERR_STANDARDISATION, _PROBE),))
success("DropRole/force-drop", "DropRole with force_drop of a role that holds a grant drops it and its grants",
        evidence=(_DROP_ROLE, _meta("CheckIfDropRole", "force_drop skips the grant check; the ack callback drops "
                                    "the role's grants")), since="2.5.0",
        gap="the first release with DropRoleRequest.force_drop was not verified; 2.5.0 is a lower bound that has it")

_OPERATE_USER_ROLE = master(IMPL, "Proxy.OperateUserRole", "ValidateUsername, ValidateRoleName, then mixCoord")
success("OperateUserRole/binds", "OperateUserRole AddUserToRole of an existing user and role",
        evidence=_OPERATE_USER_ROLE)
success("OperateUserRole/binds-again", "OperateUserRole AddUserToRole of a binding that exists is accepted",
        evidence=(_OPERATE_USER_ROLE, _PROBE))
success("OperateUserRole/unbinds", "OperateUserRole RemoveUserFromRole of a binding", evidence=_OPERATE_USER_ROLE)
error("OperateUserRole/missing-role", "OperateUserRole naming a role that does not exist", UNEXPECTED,
      "not found the role", legacy=OPERATE_USER_ROLE_FAILURE,
      evidence=(_OPERATE_USER_ROLE, _meta("CheckIfOperateUserRole", "errRoleNotExists"), _PROBE), input_error=False,
      gap=SENTINEL_GAP)
error("OperateUserRole/missing-user", "OperateUserRole AddUserToRole of a user that does not exist",
      PARAMETER_INVALID, "not found",
      evidence=(_OPERATE_USER_ROLE, _meta("CheckIfOperateUserRole", "WrapErrParameterInvalidMsg(\"user %q not "
                                          "found\")")),
      history=plain_error_before_standardisation(_PROBE))
error("OperateUserRole/invalid-username", "OperateUserRole with a username starting with a digit",
      PARAMETER_INVALID, "the first character must be a letter", evidence=(_OPERATE_USER_ROLE, _USERNAME))

_SELECT_ROLE = master(IMPL, "Proxy.SelectRole", "ValidateRoleName when a role is named, then mixCoord")
success("SelectRole/existing", "SelectRole of an existing role", evidence=_SELECT_ROLE)
semantic("SelectRole/lists-users", "SelectRole with include_user_info lists exactly the users bound to the role",
         evidence=(_SELECT_ROLE, _meta("SelectRole")))
success("SelectRole/missing-role", "SelectRole of a role that does not exist answers Success with no result",
        evidence=(_SELECT_ROLE, _PROBE), gap="rootcoord SelectRole's handling of a missing role was not read in a "
        "master copy; Milvus 2.3.5 answered Success with no result")
error("SelectRole/invalid-name", "SelectRole naming a role that starts with a digit", PARAMETER_INVALID,
      "the first character of role name must be an underscore or letter", evidence=(_SELECT_ROLE, *_ROLE_NAME))
semantic("SelectRole/lists-builtin-roles", "SelectRole of all roles lists the built-in roles admin and public",
         evidence=(_SELECT_ROLE, _meta("SelectRole")))

_SELECT_USER = master(IMPL, "Proxy.SelectUser", "ValidateUsername when a user is named, then mixCoord")
success("SelectUser/existing", "SelectUser of an existing user", evidence=_SELECT_USER)
semantic("SelectUser/lists-roles", "SelectUser with include_role_info lists exactly the roles the user is bound to",
         evidence=(_SELECT_USER, _meta("SelectUser")))
success("SelectUser/missing-user", "SelectUser of a user that does not exist answers Success with no result",
        evidence=(_SELECT_USER, _PROBE), gap="rootcoord SelectUser's handling of a missing user was not read in a "
        "master copy; Milvus 2.3.5 answered Success with no result")
error("SelectUser/invalid-name", "SelectUser naming a user that starts with a digit", PARAMETER_INVALID,
      "the first character must be a letter", evidence=(_SELECT_USER, _USERNAME))

# ---- privileges ------------------------------------------------------------------------------------------------

_OPERATE_PRIV = master(IMPL, "Proxy.OperatePrivilege", "validPrivilegeParams (ValidatePrivilege, ValidateObjectType, "
                       "ValidateObjectName, ValidateRoleName), GetCurUserFromContext (the grantor), then mixCoord")
_PRIV_NAMES = master(UTIL, "validateNameWithCustomChars", "ValidatePrivilege / ValidateObjectType: '<kind> should "
                     "be not empty'")
success("OperatePrivilege/grants", "OperatePrivilege Grant of a defined privilege on a collection to an existing role",
        evidence=_OPERATE_PRIV)
success("OperatePrivilege/grants-again", "OperatePrivilege Grant of a grant that exists is accepted",
        evidence=(_OPERATE_PRIV, _PROBE))
success("OperatePrivilege/revokes", "OperatePrivilege Revoke of a grant", evidence=_OPERATE_PRIV)
success("OperatePrivilege/revoke-missing-grant", "OperatePrivilege Revoke of a grant the role does not hold is "
        "accepted", evidence=(_OPERATE_PRIV, _PROBE), gap="the catalogue's handling of a missing grant on revoke was "
        "not read in a master copy; Milvus 2.3.5 answered Success")
success("OperatePrivilege/global-any", "OperatePrivilege Grant of '*' on Global '*' (every global privilege)",
        evidence=(_OPERATE_PRIV, _PROBE))
error("OperatePrivilege/unknown-privilege", "OperatePrivilege Grant of a privilege name Milvus does not define",
      UNEXPECTED, "not found the privilege name[{privilege}]", legacy=OPERATE_PRIVILEGE_FAILURE,
      evidence=(_OPERATE_PRIV, _PROBE), input_error=False, gap=PRIV_GAP)
error("OperatePrivilege/privilege-of-other-object", "OperatePrivilege Grant of a Collection privilege (Insert) on "
      "the Global object type", UNEXPECTED, "not found the privilege name[{privilege}]",
      legacy=OPERATE_PRIVILEGE_FAILURE,
      evidence=(_OPERATE_PRIV, _PROBE), input_error=False, gap=PRIV_GAP)
error("OperatePrivilege/unknown-object-type", "OperatePrivilege naming an object type other than Global, "
      "Collection, User", UNEXPECTED, "not found the object type[name: {object_type}]",
      legacy=OPERATE_PRIVILEGE_FAILURE, evidence=(_OPERATE_PRIV, _PROBE), input_error=False, gap=PRIV_GAP)
error("OperatePrivilege/missing-role", "OperatePrivilege Grant to a role that does not exist", UNEXPECTED,
      "not found the role", legacy=OPERATE_PRIVILEGE_FAILURE, evidence=(_OPERATE_PRIV, _PROBE), input_error=False,
      gap=SENTINEL_GAP)
error("OperatePrivilege/invalid-role", "OperatePrivilege naming a role that starts with a digit", PARAMETER_INVALID,
      "the first character of role name must be an underscore or letter", evidence=(_OPERATE_PRIV, *_ROLE_NAME))
error("OperatePrivilege/empty-privilege", "OperatePrivilege with an empty privilege name", PARAMETER_INVALID,
      "Privilege should be not empty", evidence=(_OPERATE_PRIV, _PRIV_NAMES))
error("OperatePrivilege/no-current-user", "OperatePrivilege on a call carrying no authorization metadata (no "
      "grantor)", UNEXPECTED, "fail to get authorization from the md",
      evidence=(_OPERATE_PRIV, master(UTIL, "GetCurUserFromContext", "contextutil.GetCurUserFromContext")),
      input_error=False, gap="contextutil.GetCurUserFromContext's error was not read in a master copy; Milvus 2.3.5 "
      "answered 65535 'fail to get authorization from the md, authorize:[authorization]'")

_OPERATE_PRIV_V2 = master(IMPL, "Proxy.OperatePrivilegeV2", "validateOperatePrivilegeV2Params (ValidateRoleName, "
                          "ValidatePrivilege, grant/revoke type, ValidateDatabaseName unless '*', "
                          "ValidateCollectionName unless '*'), GetCurUserFromContext, then OperatePrivilege 'v2'")
success("OperatePrivilegeV2/grants", "OperatePrivilegeV2 Grant of a collection-level built-in group on every "
        "collection of the default database", evidence=_OPERATE_PRIV_V2, since="2.4.18")
success("OperatePrivilegeV2/revokes", "OperatePrivilegeV2 Revoke of that grant", evidence=_OPERATE_PRIV_V2,
        since="2.4.18")
error("OperatePrivilegeV2/missing-role", "OperatePrivilegeV2 Grant to a role that does not exist", UNEXPECTED,
      "not found the role",
      evidence=(_OPERATE_PRIV_V2, master(IMPL, "Proxy.OperatePrivilegeV2", "the same rootcoord OperatePrivilege "
                                         "(version v2) as OperatePrivilege: the role must exist")),
      input_error=False, since="2.4.18",
      gap=SENTINEL_GAP + "; the legacy error_code is expected as oldCode(65535): the v2 path may send "
      "OperatePrivilegeFailure like v1, which the generic Status/legacy-agrees exceptions do not list for v2")
error("OperatePrivilegeV2/invalid-role", "OperatePrivilegeV2 naming a role that starts with a digit",
      PARAMETER_INVALID, "the first character of role name must be an underscore or letter",
      evidence=(_OPERATE_PRIV_V2, *_ROLE_NAME), since="2.4.18")
error("OperatePrivilegeV2/invalid-database", "OperatePrivilegeV2 naming a database whose name starts with a digit",
      DATABASE_NAME_INVALID, "the first character of a database name must be an underscore or letter",
      evidence=(_OPERATE_PRIV_V2, _validators("ValidateDatabaseName", "WrapErrDatabaseNameInvalid")), since="2.4.18")
error("OperatePrivilegeV2/invalid-collection", "OperatePrivilegeV2 naming a collection whose name starts with a "
      "digit", PARAMETER_INVALID, "the first character of collection name must be an underscore or letter",
      evidence=(_OPERATE_PRIV_V2, master(UTIL, "ValidateCollectionName")), since="2.4.18")

_SELECT_GRANT = master(IMPL, "Proxy.SelectGrant", "validGrantParams: the entity; ValidateObjectType and "
                       "ValidateObjectName when an object is given; the role entity; ValidateRoleName")
success("SelectGrant/role", "SelectGrant of an existing role's grants", evidence=_SELECT_GRANT)
semantic("SelectGrant/lists-grant", "SelectGrant lists a granted privilege (API name, object type, object name, "
         "database default) and no longer lists it after Revoke", evidence=(_SELECT_GRANT, _meta("SelectGrant")))
error("SelectGrant/empty-object-type", "SelectGrant with an object entity whose name is empty", PARAMETER_INVALID,
      "ObjectType should be not empty", evidence=(_SELECT_GRANT, _PRIV_NAMES))
error("SelectGrant/empty-role", "SelectGrant with an empty role name", PARAMETER_INVALID,
      "role name should be not empty", evidence=(_SELECT_GRANT, *_ROLE_NAME))
error("SelectGrant/missing-role", "SelectGrant of a role that does not exist", UNEXPECTED, "not found the role",
      legacy=SELECT_GRANT_FAILURE, evidence=(_SELECT_GRANT, _PROBE), input_error=False, gap=SENTINEL_GAP)
error("SelectGrant/unknown-object-type", "SelectGrant naming an object type other than Global, Collection, User",
      UNEXPECTED, "not found the object type[name: {object_type}]", legacy=SELECT_GRANT_FAILURE,
      evidence=(_SELECT_GRANT, _PROBE), input_error=False, gap=PRIV_GAP)

# ---- privilege groups (2.4.16) ------------------------------------------------------------------------------------

_GROUP_NAME26 = _validators("ValidatePrivilegeGroupName", "empty, too long or a bad first character → "
                             "WrapErrPrivilegeGroupNameInvalid (1402); a bad later character → "
                             "WrapErrParameterInvalidMsg (1100)")
_CREATE_GROUP = master(IMPL, "Proxy.CreatePrivilegeGroup", "ValidatePrivilegeGroupName, then mixCoord "
                       "(CheckIfPrivilegeGroupCreatable)")
G = "2.4.16"
success("CreatePrivilegeGroup/creates", "CreatePrivilegeGroup of a new valid name", evidence=_CREATE_GROUP, since=G)
error("CreatePrivilegeGroup/duplicate", "CreatePrivilegeGroup of a custom group that exists", PARAMETER_INVALID,
      "privilege group name [{name}] is defined by users",
      evidence=(_CREATE_GROUP, _meta("CheckIfPrivilegeGroupCreatable")), since=G)
error("CreatePrivilegeGroup/empty-name", "CreatePrivilegeGroup with an empty name", PRIVILEGE_GROUP_INVALID_NAME,
      "privilege group name should not be empty", evidence=(_CREATE_GROUP, _GROUP_NAME26), since=G)
error("CreatePrivilegeGroup/first-char", "CreatePrivilegeGroup with a name starting with a digit",
      PRIVILEGE_GROUP_INVALID_NAME, "must be an underscore or letter", evidence=(_CREATE_GROUP, _GROUP_NAME26),
      since=G)
error("CreatePrivilegeGroup/charset", "CreatePrivilegeGroup with a '-' in the name", PARAMETER_INVALID,
      "can only contain numbers, letters and underscores", evidence=(_CREATE_GROUP, _GROUP_NAME26), since=G)

_DROP_GROUP = master(IMPL, "Proxy.DropPrivilegeGroup", "ValidatePrivilegeGroupName, then mixCoord "
                     "(CheckIfPrivilegeGroupDropable)")
success("DropPrivilegeGroup/drops", "DropPrivilegeGroup of an unused custom group", evidence=_DROP_GROUP, since=G)
error("DropPrivilegeGroup/missing-group", "DropPrivilegeGroup of a group that does not exist", PARAMETER_INVALID,
      evidence=(_DROP_GROUP, _meta("CheckIfPrivilegeGroupDropable",
                                   "not a custom group → errNotCustomPrivilegeGroup")),
      since=G, gap="errNotCustomPrivilegeGroup's definition was not found; the other checks of the same function are "
      "WrapErrParameterInvalidMsg (1100), assumed here too")
error("DropPrivilegeGroup/in-use", "DropPrivilegeGroup of a group a role holds a grant of", PARAMETER_INVALID,
      "privilege group [{name}] is used by role [{role}]",
      evidence=(_DROP_GROUP, _meta("CheckIfPrivilegeGroupDropable")), since=G)
error("DropPrivilegeGroup/invalid-name", "DropPrivilegeGroup with a name starting with a digit",
      PRIVILEGE_GROUP_INVALID_NAME, "must be an underscore or letter", evidence=(_DROP_GROUP, _GROUP_NAME26), since=G)

_LIST_GROUPS = master(IMPL, "Proxy.ListPrivilegeGroups")
success("ListPrivilegeGroups/lists", "ListPrivilegeGroups answers Success", evidence=_LIST_GROUPS, since=G)
semantic("ListPrivilegeGroups/lists-group", "ListPrivilegeGroups lists a created group with exactly its privileges "
         "and no longer lists it after DropPrivilegeGroup", evidence=(_LIST_GROUPS, _meta("ListPrivilegeGroups")),
         since=G)

_OPERATE_GROUP = master(IMPL, "Proxy.OperatePrivilegeGroup", "ValidatePrivilegeGroupName, ValidatePrivilege of each "
                        "privilege, then mixCoord (CheckIfPrivilegeGroupAlterable)")
success("OperatePrivilegeGroup/adds", "OperatePrivilegeGroup AddPrivilegesToGroup of defined privileges of one level",
        evidence=_OPERATE_GROUP, since=G)
success("OperatePrivilegeGroup/removes", "OperatePrivilegeGroup RemovePrivilegesFromGroup", evidence=_OPERATE_GROUP,
        since=G)
error("OperatePrivilegeGroup/missing-group", "OperatePrivilegeGroup of a group that does not exist",
      PARAMETER_INVALID, "there is no privilege group name [{name}] defined in system to operate",
      evidence=(_OPERATE_GROUP, _meta("CheckIfPrivilegeGroupAlterable")), since=G)
error("OperatePrivilegeGroup/empty-privileges", "OperatePrivilegeGroup with no privileges", PARAMETER_INVALID,
      "privileges is empty when alter the privilege group",
      evidence=(_OPERATE_GROUP, _meta("CheckIfPrivilegeGroupAlterable")), since=G)
error("OperatePrivilegeGroup/unknown-privilege", "OperatePrivilegeGroup adding a privilege Milvus does not define",
      PARAMETER_INVALID,
      "there is no privilege name or privilege group name [{privilege}] defined in system to operate",
      evidence=(_OPERATE_GROUP, _meta("CheckIfPrivilegeGroupAlterable")), since=G)
error("OperatePrivilegeGroup/mixed-levels", "OperatePrivilegeGroup adding a cluster-level and a collection-level "
      "privilege to one group", PARAMETER_INVALID, "privileges are not the same privilege level",
      evidence=(_OPERATE_GROUP, _meta("CheckIfPrivilegeGroupAlterable", "util.GetPrivilegeLevel of the union")),
      since=G)

# ---- RBAC backup and restore (2.4.10) ---------------------------------------------------------------------------

_BACKUP = master(IMPL, "Proxy.BackupRBAC", "mixCoord.BackupRBAC: users (with encrypted passwords and roles), roles, "
                 "grants, privilege groups")
_RESTORE = master(IMPL, "Proxy.RestoreRBAC", "no meta → Success; ValidateRoleDescription of each role; then mixCoord "
                  "(CheckIfRBACRestorable)")
B = "2.4.10"
success("BackupRBAC/backs-up", "BackupRBAC answers Success", evidence=_BACKUP, since=B)
semantic("BackupRBAC/contains-run-objects", "BackupRBAC holds the run's user with its role, the role and the role's "
         "grant", evidence=(_BACKUP, _meta("BackupRBAC")), since=B)
success("RestoreRBAC/restores", "RestoreRBAC of users, roles, bindings and grants that do not exist",
        evidence=(_RESTORE, _meta("CheckIfRBACRestorable")), since=B)
semantic("RestoreRBAC/restored-listed", "after RestoreRBAC the restored user, role and binding are listed",
         evidence=(_RESTORE, _meta("RestoreRBAC")), since=B)
error("RestoreRBAC/existing-role", "RestoreRBAC of a role that exists", PARAMETER_INVALID,
      "role [{name}] already exists", evidence=(_RESTORE, _meta("CheckIfRBACRestorable")), since=B)
error("RestoreRBAC/existing-user", "RestoreRBAC of a user that exists", PARAMETER_INVALID,
      "user [{name}] already exists", evidence=(_RESTORE, _meta("CheckIfRBACRestorable")), since=B)
error("RestoreRBAC/unknown-role-binding", "RestoreRBAC binding a user to a role that neither exists nor is restored",
      PARAMETER_INVALID, "role [{name}] does not exist", evidence=(_RESTORE, _meta("CheckIfRBACRestorable")), since=B)
