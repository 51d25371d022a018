"""Access control: credentials (CreateCredential, UpdateCredential, DeleteCredential, ListCredUsers), roles
(CreateRole, AlterRole, DropRole, OperateUserRole, SelectRole, SelectUser), privileges (OperatePrivilege,
OperatePrivilegeV2, SelectGrant), privilege groups and RBAC backup / restore.

Milvus stores users, roles, bindings and grants whether or not authorization is enforced, so these cases mean the
same on a server without authorization. Granting needs a current user (the grantor) in the call's
``authorization`` metadata: a run without credentials speaks as a user of its own for those calls (created here,
named with the run token). On a shared server SelectUser, SelectRole, ListCredUsers and BackupRBAC also list
objects of others: only the run's own objects are judged in them. Every case removes the roles it created before
it ends (Milvus allows 10 roles by default, proxy.maxRoleNum), and never names root, admin or public in a request
that changes something.
"""

from __future__ import annotations

import base64
import contextlib

import pytest

from conformance.expectations import NotApplicable, verify
from conformance.protocol import common_pb2, milvus_pb2
from conformance.transport import Connection

PASSWORD = "Pass_w0rd1"
NEW_PASSWORD = "Pass_w0rd2"
M = milvus_pb2


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def status(reply) -> common_pb2.Status:
    return reply if isinstance(reply, common_pb2.Status) else reply.status


def ok(reply) -> bool:
    s = status(reply)
    return s.code == 0 and s.error_code == 0


def create_user(conn, name: str, password: str = PASSWORD):
    return conn.call("CreateCredential", M.CreateCredentialRequest(username=name, password=b64(password)))


def create_role(conn, name: str):
    return conn.call("CreateRole", M.CreateRoleRequest(entity=M.RoleEntity(name=name)))


def grant_entity(role: str, object_type: str, object_name: str, privilege: str, db: str = "") -> M.GrantEntity:
    return M.GrantEntity(role=M.RoleEntity(name=role), object=M.ObjectEntity(name=object_type),
                         object_name=object_name, db_name=db,
                         grantor=M.GrantorEntity(privilege=M.PrivilegeEntity(name=privilege)))


def operate(conn, entity: M.GrantEntity, grant: bool = True):
    return conn.call("OperatePrivilege", M.OperatePrivilegeRequest(entity=entity, type=M.Grant if grant else M.Revoke))


def grants_of(conn, role: str):
    return conn.call("SelectGrant", M.SelectGrantRequest(entity=M.GrantEntity(role=M.RoleEntity(name=role))))


def drop_role_fully(conn, name: str, grantor=None) -> None:
    """Remove a role of the run: revoke what it holds (through the grantor, servers before force_drop need it),
    then drop it with force_drop. Answers are not judged here (teardown repeats what fails)."""
    with contextlib.suppress(Exception):
        listed = grants_of(conn, name)
        for g in listed.entities if ok(listed) else ():
            entity = grant_entity(name, g.object.name, g.object_name, g.grantor.privilege.name, g.db_name)
            operate(grantor or conn, entity, grant=False)
    with contextlib.suppress(Exception):
        conn.call("DropRole", M.DropRoleRequest(role_name=name, force_drop=True))


@contextlib.contextmanager
def role(conn, ledger, check, grantor=None):
    """A fresh role of the run (creation judged), dropped when the block ends."""
    name = ledger.name("r")
    check(create_role(conn, name), "CreateRole/creates")
    try:
        yield name
    finally:
        drop_role_fully(conn, name, grantor)


@contextlib.contextmanager
def user(conn, ledger, check):
    name = ledger.name("u")
    check(create_user(conn, name), "CreateCredential/creates")
    try:
        yield name
    finally:
        with contextlib.suppress(Exception):
            conn.call("DeleteCredential", M.DeleteCredentialRequest(username=name))


@contextlib.contextmanager
def grantor(conn, ledger):
    """A connection that names a current user: the run's own when it has credentials, else a user of the run
    (created here; on a server without authorization the metadata only names the grantor)."""
    if conn.target.user or conn.target.token:
        yield conn
        return
    name = ledger.name("u")
    if not ok(create_user(conn, name)):
        raise NotApplicable("the target refused to create the grantor user this case speaks as")
    other = Connection(f"rbac-{name}", conn.target.with_options(user=name, password=PASSWORD), conn.recorder)
    other.ownership = conn.ownership
    try:
        yield other
    finally:
        other.close()
        with contextlib.suppress(Exception):
            conn.call("DeleteCredential", M.DeleteCredentialRequest(username=name))


def listed_users(conn) -> list[str]:
    return list(conn.call("ListCredUsers", M.ListCredUsersRequest()).usernames)


# ---- credentials -------------------------------------------------------------------------------------------------

@pytest.mark.rpc("CreateCredential", "ListCredUsers", "UpdateCredential", "DeleteCredential")
def test_credential_lifecycle(conn, ledger, check):
    name = ledger.name("u")
    check(create_user(conn, name), "CreateCredential/creates")
    listed = conn.call("ListCredUsers", M.ListCredUsersRequest())
    check(listed, "ListCredUsers/lists")
    verify("ListCredUsers/lists-created-user", name in listed.usernames, expected=f"{name} listed",
           actual=f"{len(listed.usernames)} users, {name} {'in' if name in listed.usernames else 'not in'} them")
    check(create_user(conn, name), "CreateCredential/duplicate")
    update = M.UpdateCredentialRequest(username=name, oldPassword=b64(PASSWORD), newPassword=b64(NEW_PASSWORD))
    check(conn.call("UpdateCredential", update), "UpdateCredential/updates")
    wrong = M.UpdateCredentialRequest(username=name, oldPassword=b64("Wrong_pw1"), newPassword=b64(PASSWORD))
    check(conn.call("UpdateCredential", wrong), "UpdateCredential/wrong-old-password")
    short = M.UpdateCredentialRequest(username=name, oldPassword=b64(NEW_PASSWORD), newPassword=b64("p"))
    check(conn.call("UpdateCredential", short), "UpdateCredential/new-password-too-short")
    check(conn.call("DeleteCredential", M.DeleteCredentialRequest(username=name)), "DeleteCredential/deletes")
    after = listed_users(conn)
    verify("ListCredUsers/lists-created-user", name not in after, expected=f"{name} no longer listed",
           actual=f"{name} {'still' if name in after else 'not'} listed")
    check(conn.call("DeleteCredential", M.DeleteCredentialRequest(username=name)), "DeleteCredential/missing-user")


@pytest.mark.rpc("UpdateCredential")
def test_update_credential_of_missing_user(conn, ledger, check):
    request = M.UpdateCredentialRequest(username=ledger.name("u"), oldPassword=b64(PASSWORD),
                                        newPassword=b64(NEW_PASSWORD))
    check(conn.call("UpdateCredential", request), "UpdateCredential/missing-user")


def _invalid_credentials(token: str):
    return [
        ("", PASSWORD, "CreateCredential/empty-username"),
        (f"{token}_{'u' * 32}"[:33], PASSWORD, "CreateCredential/username-too-long"),
        (f"1{token}", PASSWORD, "CreateCredential/username-first-char"),
        (f"{token}-u", PASSWORD, "CreateCredential/username-charset"),
        (f"{token}_pw3", "abc", "CreateCredential/password-too-short"),
        (f"{token}_pw257", "a" * 257, "CreateCredential/password-too-long"),
    ]


@pytest.mark.rpc("CreateCredential")
@pytest.mark.parametrize("index", range(6))
def test_create_credential_invalid(conn, ledger, check, index):
    name, password, check_id = _invalid_credentials(ledger.ownership.token)[index]
    if name:
        ledger.adopt(name)
    try:
        check(create_user(conn, name, password), check_id)
    finally:
        if name and ledger.ownership.owns("user", "", name):  # accepted against the rules: remove it
            with contextlib.suppress(Exception):
                conn.call("DeleteCredential", M.DeleteCredentialRequest(username=name))


@pytest.mark.rpc("CreateCredential")
def test_create_credential_password_not_base64(conn, ledger, check):
    name = ledger.name("u")
    try:
        check(conn.call("CreateCredential", M.CreateCredentialRequest(username=name, password="not base64!!")),
              "CreateCredential/password-not-base64")
    finally:
        if ledger.ownership.owns("user", "", name):
            with contextlib.suppress(Exception):
                conn.call("DeleteCredential", M.DeleteCredentialRequest(username=name))


# ---- roles -------------------------------------------------------------------------------------------------------

@pytest.mark.rpc("CreateRole", "SelectRole", "DropRole")
def test_role_lifecycle(conn, ledger, check):
    with role(conn, ledger, check) as name:
        check(create_role(conn, name), "CreateRole/duplicate")
        reply = conn.call("SelectRole", M.SelectRoleRequest(role=M.RoleEntity(name=name)))
        check(reply, "SelectRole/existing")
        verify("SelectRole/lists-users", [r.role.name for r in reply.results] == [name] and not reply.results[0].users,
               expected=f"one result: {name}, no users", actual=str([r.role.name for r in reply.results]))
        everything = conn.call("SelectRole", M.SelectRoleRequest())
        check(everything, "SelectRole/existing")
        names = {r.role.name for r in everything.results}
        verify("SelectRole/lists-builtin-roles", {"admin", "public", name} <= names,
               expected=f"admin, public and {name} among the roles", actual=", ".join(sorted(names & {"admin",
                                                                                                      "public", name})))
        check(conn.call("DropRole", M.DropRoleRequest(role_name=name)), "DropRole/drops")
        check(conn.call("DropRole", M.DropRoleRequest(role_name=name)), "DropRole/missing-role")
        missing = conn.call("SelectRole", M.SelectRoleRequest(role=M.RoleEntity(name=name)))
        check(missing, "SelectRole/missing-role")
        verify("SelectRole/lists-users", not missing.results, expected="no result for a dropped role",
               actual=str([r.role.name for r in missing.results]))


@pytest.mark.rpc("CreateRole", "DropRole")
def test_role_name_longer_than_usernames(conn, ledger, check):
    name = ledger.adopt(ledger.name("r") + "x" * 30)
    try:
        check(create_role(conn, name), "CreateRole/32-plus-characters")
    finally:
        drop_role_fully(conn, name)


@pytest.mark.rpc("CreateRole")
@pytest.mark.parametrize("index", range(4))
def test_create_role_invalid(conn, ledger, check, index):
    token = ledger.ownership.token
    name, check_id = [("", "CreateRole/empty-name"), (f"1{token}", "CreateRole/first-char"),
                      (f"{token}-r", "CreateRole/charset"), (f"{token}_{'r' * 250}", "CreateRole/name-too-long")][index]
    if name:
        ledger.adopt(name)
    try:
        check(create_role(conn, name), check_id)
    finally:
        if name and ledger.ownership.owns("role", "", name):
            drop_role_fully(conn, name)


@pytest.mark.rpc("DropRole", "SelectRole", "SelectUser", "OperateUserRole")
def test_role_and_user_names_validated(conn, ledger, check):
    bad = ledger.adopt(f"1{ledger.ownership.token}")
    check(conn.call("DropRole", M.DropRoleRequest(role_name=bad)), "DropRole/invalid-name")
    check(conn.call("SelectRole", M.SelectRoleRequest(role=M.RoleEntity(name=bad))), "SelectRole/invalid-name")
    check(conn.call("SelectUser", M.SelectUserRequest(user=M.UserEntity(name=bad))), "SelectUser/invalid-name")
    request = M.OperateUserRoleRequest(username=bad, role_name=ledger.name("r"), type=M.AddUserToRole)
    check(conn.call("OperateUserRole", request), "OperateUserRole/invalid-username")


@pytest.mark.rpc("CreateCredential", "CreateRole", "OperateUserRole", "SelectUser", "SelectRole")
def test_user_role_binding(conn, ledger, check):
    with user(conn, ledger, check) as u, role(conn, ledger, check) as r:
        bind = M.OperateUserRoleRequest(username=u, role_name=r, type=M.AddUserToRole)
        check(conn.call("OperateUserRole", bind), "OperateUserRole/binds")
        check(conn.call("OperateUserRole", bind), "OperateUserRole/binds-again")
        users = conn.call("SelectUser", M.SelectUserRequest(user=M.UserEntity(name=u), include_role_info=True))
        check(users, "SelectUser/existing")
        roles = [x.name for res in users.results for x in res.roles]
        verify("SelectUser/lists-roles", [res.user.name for res in users.results] == [u] and roles == [r],
               expected=f"{u} with roles [{r}]", actual=f"{[res.user.name for res in users.results]} roles {roles}")
        members = conn.call("SelectRole", M.SelectRoleRequest(role=M.RoleEntity(name=r), include_user_info=True))
        check(members, "SelectRole/existing")
        bound = [x.name for res in members.results for x in res.users]
        verify("SelectRole/lists-users", bound == [u], expected=f"[{u}]", actual=str(bound))
        unbind = M.OperateUserRoleRequest(username=u, role_name=r, type=M.RemoveUserFromRole)
        check(conn.call("OperateUserRole", unbind), "OperateUserRole/unbinds")
        after = conn.call("SelectUser", M.SelectUserRequest(user=M.UserEntity(name=u), include_role_info=True))
        left = [x.name for res in after.results for x in res.roles]
        verify("SelectUser/lists-roles", r not in left, expected=f"{r} no longer among {u}'s roles", actual=str(left))
        missing_role = M.OperateUserRoleRequest(username=u, role_name=ledger.name("r"), type=M.AddUserToRole)
        check(conn.call("OperateUserRole", missing_role), "OperateUserRole/missing-role")
        missing_user = M.OperateUserRoleRequest(username=ledger.name("u"), role_name=r, type=M.AddUserToRole)
        check(conn.call("OperateUserRole", missing_user), "OperateUserRole/missing-user")
    nobody = conn.call("SelectUser", M.SelectUserRequest(user=M.UserEntity(name=ledger.name("u"))))
    check(nobody, "SelectUser/missing-user")
    verify("SelectUser/lists-roles", not nobody.results, expected="no result for a missing user",
           actual=str([res.user.name for res in nobody.results]))


@pytest.mark.rpc("AlterRole", "SelectRole")
@pytest.mark.requires(since="2.6.19")
def test_alter_role(conn, ledger, check):
    with role(conn, ledger, check) as r:
        reply = conn.call("AlterRole", M.AlterRoleRequest(role_name=r, description="conformance role"))
        check(reply, "AlterRole/alters")
        shown = conn.call("SelectRole", M.SelectRoleRequest(role=M.RoleEntity(name=r)))
        descriptions = [res.role.description for res in shown.results]
        verify("AlterRole/description-shown", descriptions == ["conformance role"],
               expected="['conformance role']", actual=str(descriptions))
    check(conn.call("AlterRole", M.AlterRoleRequest(role_name=ledger.name("r"), description="x")),
          "AlterRole/missing-role")
    bad = ledger.adopt(f"1{ledger.ownership.token}")
    check(conn.call("AlterRole", M.AlterRoleRequest(role_name=bad, description="x")), "AlterRole/invalid-name")


# ---- privileges ------------------------------------------------------------------------------------------------------

@pytest.mark.rpc("OperatePrivilege", "SelectGrant", "DropRole")
def test_grant_and_revoke(conn, ledger, check):
    with grantor(conn, ledger) as admin, role(conn, ledger, check, admin) as r:
        insert = grant_entity(r, "Collection", "*", "Insert")
        check(operate(admin, insert), "OperatePrivilege/grants")
        check(operate(admin, insert), "OperatePrivilege/grants-again")
        listed = grants_of(conn, r)
        check(listed, "SelectGrant/role")
        found = [(g.object.name, g.object_name, g.grantor.privilege.name, g.db_name) for g in listed.entities]
        verify("SelectGrant/lists-grant", ("Collection", "*", "Insert", "default") in found,
               expected="(Collection, *, Insert, default) listed", actual=str(found))
        check(conn.call("DropRole", M.DropRoleRequest(role_name=r)), "DropRole/has-grants")
        check(operate(admin, grant_entity(r, "Global", "*", "*")), "OperatePrivilege/global-any")
        operate(admin, grant_entity(r, "Global", "*", "*"), grant=False)
        check(operate(admin, insert, grant=False), "OperatePrivilege/revokes")
        after = grants_of(conn, r)
        left = [(g.object.name, g.grantor.privilege.name) for g in after.entities]
        verify("SelectGrant/lists-grant", ("Collection", "Insert") not in left,
               expected="Insert no longer listed after Revoke", actual=str(left))
        check(operate(admin, grant_entity(r, "Collection", "*", "Delete"), grant=False),
              "OperatePrivilege/revoke-missing-grant")
        check(operate(admin, grant_entity(r, "Collection", "*", "Nope")), "OperatePrivilege/unknown-privilege")
        check(operate(admin, grant_entity(r, "Global", "*", "Insert")), "OperatePrivilege/privilege-of-other-object")
        check(operate(admin, grant_entity(r, "Bogus", "*", "Insert")), "OperatePrivilege/unknown-object-type")
        check(operate(admin, grant_entity(ledger.name("r"), "Collection", "*", "Insert")),
              "OperatePrivilege/missing-role")
        bad = ledger.adopt(f"1{ledger.ownership.token}")
        check(operate(admin, grant_entity(bad, "Collection", "*", "Insert")), "OperatePrivilege/invalid-role")
        check(operate(admin, grant_entity(r, "Collection", "*", "")), "OperatePrivilege/empty-privilege")


@pytest.mark.rpc("SelectGrant")
def test_select_grant_arguments(conn, ledger, check):
    with role(conn, ledger, check) as r:
        check(conn.call("SelectGrant", M.SelectGrantRequest(entity=grant_entity(r, "", "", ""))),
              "SelectGrant/empty-object-type")
        check(conn.call("SelectGrant", M.SelectGrantRequest(entity=grant_entity(r, "Bogus", "*", ""))),
              "SelectGrant/unknown-object-type")
    check(conn.call("SelectGrant", M.SelectGrantRequest(entity=M.GrantEntity(role=M.RoleEntity(name=""))))
          , "SelectGrant/empty-role")
    check(grants_of(conn, ledger.name("r")), "SelectGrant/missing-role")


@pytest.mark.rpc("OperatePrivilege")
def test_grant_without_current_user(conn, ledger, check):
    if conn.target.user or conn.target.token:
        raise NotApplicable("the run speaks with credentials: every call names a current user")
    with role(conn, ledger, check) as r:
        check(operate(conn, grant_entity(r, "Collection", "*", "Insert")), "OperatePrivilege/no-current-user")


@pytest.mark.rpc("OperatePrivilege", "DropRole", "SelectRole")
@pytest.mark.requires(since="2.5.0")
def test_drop_role_with_grants_forced(conn, ledger, check):
    with grantor(conn, ledger) as admin:
        name = ledger.name("r")
        check(create_role(conn, name), "CreateRole/creates")
        try:
            check(operate(admin, grant_entity(name, "Collection", "*", "Search")), "OperatePrivilege/grants")
            check(conn.call("DropRole", M.DropRoleRequest(role_name=name, force_drop=True)), "DropRole/force-drop")
            gone = conn.call("SelectRole", M.SelectRoleRequest(role=M.RoleEntity(name=name)))
            verify("SelectRole/lists-users", not gone.results, expected="no result for a force-dropped role",
                   actual=str([res.role.name for res in gone.results]))
        finally:
            drop_role_fully(conn, name, admin)


@pytest.mark.rpc("OperatePrivilegeV2", "SelectGrant")
@pytest.mark.requires(since="2.4.18")
def test_operate_privilege_v2(conn, ledger, check):
    with grantor(conn, ledger) as admin, role(conn, ledger, check, admin) as r:
        def v2(privilege, db="default", coll="*", grant=True, role_name=r):
            return admin.call("OperatePrivilegeV2", M.OperatePrivilegeV2Request(
                role=M.RoleEntity(name=role_name), grantor=M.GrantorEntity(privilege=M.PrivilegeEntity(name=privilege)),
                type=M.Grant if grant else M.Revoke, db_name=db, collection_name=coll))
        check(v2("CollectionReadOnly"), "OperatePrivilegeV2/grants")
        check(v2("CollectionReadOnly", grant=False), "OperatePrivilegeV2/revokes")
        check(v2("CollectionReadOnly", role_name=ledger.name("r")), "OperatePrivilegeV2/missing-role")
        check(v2("CollectionReadOnly", role_name=ledger.adopt(f"1{ledger.ownership.token}")),
              "OperatePrivilegeV2/invalid-role")
        bad_db = ledger.adopt(f"1{ledger.ownership.token}db")
        check(v2("CollectionReadOnly", db=bad_db), "OperatePrivilegeV2/invalid-database")
        check(v2("CollectionReadOnly", db="default", coll=f"1{ledger.ownership.token}"),
              "OperatePrivilegeV2/invalid-collection")


# ---- privilege groups ------------------------------------------------------------------------------------------------

def group_privileges(conn, name: str) -> list[str] | None:
    listed = conn.call("ListPrivilegeGroups", M.ListPrivilegeGroupsRequest())
    for g in listed.privilege_groups:
        if g.group_name == name:
            return sorted(p.name for p in g.privileges)
    return None


@pytest.mark.rpc("CreatePrivilegeGroup", "ListPrivilegeGroups", "OperatePrivilegeGroup", "DropPrivilegeGroup")
@pytest.mark.requires(since="2.4.16")
def test_privilege_group_lifecycle(conn, ledger, check):
    name = ledger.name("g")
    check(conn.call("CreatePrivilegeGroup", M.CreatePrivilegeGroupRequest(group_name=name)),
          "CreatePrivilegeGroup/creates")
    try:
        check(conn.call("CreatePrivilegeGroup", M.CreatePrivilegeGroupRequest(group_name=name)),
              "CreatePrivilegeGroup/duplicate")

        def operate_group(privileges, add=True, group=name):
            return conn.call("OperatePrivilegeGroup", M.OperatePrivilegeGroupRequest(
                group_name=group, privileges=[M.PrivilegeEntity(name=p) for p in privileges],
                type=M.AddPrivilegesToGroup if add else M.RemovePrivilegesFromGroup))
        check(operate_group(["Query", "Search"]), "OperatePrivilegeGroup/adds")
        listed = conn.call("ListPrivilegeGroups", M.ListPrivilegeGroupsRequest())
        check(listed, "ListPrivilegeGroups/lists")
        have = group_privileges(conn, name)
        verify("ListPrivilegeGroups/lists-group", have == ["Query", "Search"], expected="['Query', 'Search']",
               actual=str(have))
        check(operate_group(["Search"], add=False), "OperatePrivilegeGroup/removes")
        have = group_privileges(conn, name)
        verify("ListPrivilegeGroups/lists-group", have == ["Query"], expected="['Query']", actual=str(have))
        check(operate_group([]), "OperatePrivilegeGroup/empty-privileges")
        check(operate_group(["Nope"]), "OperatePrivilegeGroup/unknown-privilege")
        check(operate_group(["CreateDatabase"]), "OperatePrivilegeGroup/mixed-levels")
        check(operate_group(["Query"], group=ledger.name("g")), "OperatePrivilegeGroup/missing-group")
        check(conn.call("DropPrivilegeGroup", M.DropPrivilegeGroupRequest(group_name=name)),
              "DropPrivilegeGroup/drops")
        have = group_privileges(conn, name)
        verify("ListPrivilegeGroups/lists-group", have is None, expected="no longer listed", actual=str(have))
    finally:
        if ledger.ownership.owns("privilege_group", "", name):
            with contextlib.suppress(Exception):
                conn.call("DropPrivilegeGroup", M.DropPrivilegeGroupRequest(group_name=name))
    check(conn.call("DropPrivilegeGroup", M.DropPrivilegeGroupRequest(group_name=name)),
          "DropPrivilegeGroup/missing-group")


@pytest.mark.rpc("CreatePrivilegeGroup", "DropPrivilegeGroup", "OperatePrivilege")
@pytest.mark.requires(since="2.4.16")
def test_privilege_group_in_use(conn, ledger, check):
    name = ledger.name("g")
    with grantor(conn, ledger) as admin, role(conn, ledger, check, admin) as r:
        check(conn.call("CreatePrivilegeGroup", M.CreatePrivilegeGroupRequest(group_name=name)),
              "CreatePrivilegeGroup/creates")
        try:
            check(operate(admin, grant_entity(r, "Collection", "*", name)), "OperatePrivilege/grants")
            check(conn.call("DropPrivilegeGroup", M.DropPrivilegeGroupRequest(group_name=name)),
                  "DropPrivilegeGroup/in-use")
            operate(admin, grant_entity(r, "Collection", "*", name), grant=False)
        finally:
            drop_role_fully(conn, r, admin)
            with contextlib.suppress(Exception):
                conn.call("DropPrivilegeGroup", M.DropPrivilegeGroupRequest(group_name=name))


@pytest.mark.rpc("CreatePrivilegeGroup", "DropPrivilegeGroup")
@pytest.mark.requires(since="2.4.16")
@pytest.mark.parametrize("index", range(4))
def test_privilege_group_names(conn, ledger, check, index):
    token = ledger.ownership.token
    rpc, name, check_id = [("CreatePrivilegeGroup", "", "CreatePrivilegeGroup/empty-name"),
                           ("CreatePrivilegeGroup", f"1{token}", "CreatePrivilegeGroup/first-char"),
                           ("CreatePrivilegeGroup", f"{token}-g", "CreatePrivilegeGroup/charset"),
                           ("DropPrivilegeGroup", f"1{token}", "DropPrivilegeGroup/invalid-name")][index]
    if name:
        ledger.adopt(name)
    request = (M.CreatePrivilegeGroupRequest if rpc == "CreatePrivilegeGroup" else M.DropPrivilegeGroupRequest)(
        group_name=name)
    try:
        check(conn.call(rpc, request), check_id)
    finally:
        if name and ledger.ownership.owns("privilege_group", "", name):
            with contextlib.suppress(Exception):
                conn.call("DropPrivilegeGroup", M.DropPrivilegeGroupRequest(group_name=name))


# ---- backup and restore -----------------------------------------------------------------------------------

@pytest.mark.rpc("BackupRBAC", "RestoreRBAC", "SelectUser")
@pytest.mark.requires(since="2.4.10")
def test_backup_and_restore(conn, ledger, check):
    with grantor(conn, ledger) as admin, user(conn, ledger, check) as u, role(conn, ledger, check, admin) as r:
        conn.call("OperateUserRole", M.OperateUserRoleRequest(username=u, role_name=r, type=M.AddUserToRole))
        check(operate(admin, grant_entity(r, "Collection", "*", "Query")), "OperatePrivilege/grants")
        backup = conn.call("BackupRBAC", M.BackupRBACMetaRequest())
        check(backup, "BackupRBAC/backs-up")
        meta = backup.RBAC_meta
        mine = [x for x in meta.users if x.user == u]
        has_user = len(mine) == 1 and [x.name for x in mine[0].roles] == [r]
        has_role = any(x.name == r for x in meta.roles)
        has_grant = any(g.role.name == r and g.grantor.privilege.name == "Query" for g in meta.grants)
        verify("BackupRBAC/contains-run-objects", has_user and has_role and has_grant,
               expected=f"user {u} bound to {r}, role {r}, grant Query to {r}",
               actual=f"user {'ok' if has_user else 'missing/unbound'}, role {'ok' if has_role else 'missing'}, "
                      f"grant {'ok' if has_grant else 'missing'}")
        password = mine[0].password if mine else "x"

        u2, r2 = ledger.name("u"), ledger.name("r")
        restore = M.RBACMeta(users=[M.UserInfo(user=u2, password=password, roles=[M.RoleEntity(name=r2)])],
                             roles=[M.RoleEntity(name=r2)],
                             grants=[M.GrantEntity(role=M.RoleEntity(name=r2), object=M.ObjectEntity(name="Collection"),
                                                   object_name="*", db_name="default",
                                                   grantor=M.GrantorEntity(user=M.UserEntity(name=u),
                                                                           privilege=M.PrivilegeEntity(name="Query")))])
        try:
            check(conn.call("RestoreRBAC", M.RestoreRBACMetaRequest(RBAC_meta=restore)), "RestoreRBAC/restores")
            shown = conn.call("SelectUser", M.SelectUserRequest(user=M.UserEntity(name=u2), include_role_info=True))
            roles = [x.name for res in shown.results for x in res.roles]
            verify("RestoreRBAC/restored-listed", roles == [r2], expected=f"{u2} bound to [{r2}]", actual=str(roles))
            again_role = M.RBACMeta(roles=[M.RoleEntity(name=r)])
            check(conn.call("RestoreRBAC", M.RestoreRBACMetaRequest(RBAC_meta=again_role)),
                  "RestoreRBAC/existing-role")
            again_user = M.RBACMeta(users=[M.UserInfo(user=u, password=password)])
            check(conn.call("RestoreRBAC", M.RestoreRBACMetaRequest(RBAC_meta=again_user)),
                  "RestoreRBAC/existing-user")
            u3 = ledger.name("u")
            unknown = M.RBACMeta(users=[M.UserInfo(user=u3, password=password,
                                                   roles=[M.RoleEntity(name=ledger.name("r"))])])
            check(conn.call("RestoreRBAC", M.RestoreRBACMetaRequest(RBAC_meta=unknown)),
                  "RestoreRBAC/unknown-role-binding")
        finally:
            drop_role_fully(conn, r2, admin)
            for name in (u2,):
                with contextlib.suppress(Exception):
                    conn.call("DeleteCredential", M.DeleteCredentialRequest(username=name))
