"""The access-control model (users, roles, grants, privilege groups, the ``allowed`` decision the auth layer uses)
and the mock's RBAC handlers."""

from __future__ import annotations

import base64

import pytest

from conformance.mock import serve
from conformance.model.access import AccessControl, Grant
from conformance.protocol import common_pb2
from conformance.protocol import milvus_pb2 as M
from conformance.transport import parse_target
from conformance.transport.connections import Connection


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def code(reply) -> int:
    return (reply if isinstance(reply, common_pb2.Status) else reply.status).code


# ---- model -------------------------------------------------------------------------------------------------------

def test_root_and_builtin_roles():
    acl = AccessControl()
    assert acl.has_user("root") and acl.authenticate("root", "Milvus")
    assert not acl.authenticate("root", "milvus") and not acl.authenticate("nobody", "Milvus")
    assert set(acl.roles()) == {"admin", "public"} and acl.users() == ["root"]
    assert acl.allowed("root", "Global", "PrivilegeDropDatabase", "*", "")


def test_passwords_are_not_kept_in_clear_for_authentication():
    acl = AccessControl()
    acl.put_user("u1", "secret1")
    assert acl.user("u1").digest != b"secret1" and acl.authenticate("u1", "secret1")
    acl.put_user("u1", "secret2")
    assert acl.authenticate("u1", "secret2") and not acl.authenticate("u1", "secret1")


def test_allowed_through_roles_groups_and_wildcards():
    acl = AccessControl()
    acl.put_user("u", "secret1")
    acl.create_role("r")
    assert not acl.allowed("u", "Collection", "PrivilegeInsert", "c1", "default")
    acl.grant(Grant("r", "Collection", "c1", "Insert", "default"))
    assert not acl.allowed("u", "Collection", "PrivilegeInsert", "c1", "default")  # not bound yet
    acl.bind("u", "r")
    assert acl.allowed("u", "Collection", "PrivilegeInsert", "c1", "")  # "" is the default database
    assert acl.allowed("u", 0, "Insert", "c1", "default")  # enum value and API name
    assert not acl.allowed("u", "Collection", "PrivilegeInsert", "c2", "default")
    assert not acl.allowed("u", "Collection", "PrivilegeInsert", "c1", "db2")
    assert not acl.allowed("u", "Collection", "PrivilegeDelete", "c1", "default")
    acl.grant(Grant("r", "Collection", "*", "CollectionReadOnly", "*"))
    assert acl.allowed("u", "Collection", "PrivilegeSearch", "any", "db9")
    assert not acl.allowed("u", "Collection", "PrivilegeDelete", "any", "db9")
    acl.create_group("g")
    acl.add_to_group("g", ["Delete"])
    acl.grant(Grant("r", "Collection", "c3", "g", "default"))
    assert acl.allowed("u", "Collection", "PrivilegeDelete", "c3", "default")
    acl.grant(Grant("r", "Global", "*", "*", "default"))
    assert acl.allowed("u", "Global", "PrivilegeCreateCollection", "*", "default")
    acl.unbind("u", "r")
    assert not acl.allowed("u", "Collection", "PrivilegeInsert", "c1", "default")


def test_admin_role_and_public_grants():
    acl = AccessControl()
    acl.put_user("boss", "secret1")
    acl.bind("boss", "admin")
    assert acl.allowed("boss", "Global", "PrivilegeCreateDatabase", "*", "")
    acl.put_user("u", "secret1")
    assert acl.allowed("u", "Global", "PrivilegeShowCollections", "*", "")  # public's default grants
    acl.grant(Grant("public", "Collection", "*", "Query", "default"))
    assert acl.allowed("u", "Collection", "PrivilegeQuery", "c", "default")


def test_drop_role_takes_its_grants_and_bindings():
    acl = AccessControl()
    acl.put_user("u", "secret1")
    acl.create_role("r")
    acl.bind("u", "r")
    acl.grant(Grant("r", "Collection", "*", "Insert", "default"))
    acl.drop_role("r")
    assert acl.user_roles("u") == [] and acl.grants("r") == []
    assert not acl.allowed("u", "Collection", "Insert", "c", "default")


# ---- mock handlers ---------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def mock():
    with serve() as srv:
        plain = Connection("acl", parse_target(srv.address))
        as_user = Connection("acl-u", parse_target(srv.address).with_options(user="grantor1", password="Pass_w0rd1"))
        assert code(plain.call("CreateCredential", M.CreateCredentialRequest(username="grantor1",
                                                                            password=b64("Pass_w0rd1")))) == 0
        yield srv, plain, as_user
        plain.close()
        as_user.close()


def test_mock_credentials(mock):
    _, c, _ = mock
    create = M.CreateCredentialRequest(username="t_user1", password=b64("Pass_w0rd1"))
    assert code(c.call("CreateCredential", create)) == 0
    assert code(c.call("CreateCredential", create)) == 65535
    assert code(c.call("CreateCredential", M.CreateCredentialRequest(username="1x", password=b64("Pass_w0rd1")))) \
        == 1100
    assert code(c.call("CreateCredential", M.CreateCredentialRequest(username="t_user2", password="%%%"))) == 1100
    assert "t_user1" in c.call("ListCredUsers").usernames
    wrong = M.UpdateCredentialRequest(username="t_user1", oldPassword=b64("nope123"), newPassword=b64("Pass_w0rd2"))
    assert code(c.call("UpdateCredential", wrong)) == 1400
    right = M.UpdateCredentialRequest(username="t_user1", oldPassword=b64("Pass_w0rd1"),
                                      newPassword=b64("Pass_w0rd2"))
    assert code(c.call("UpdateCredential", right)) == 0
    assert code(c.call("DeleteCredential", M.DeleteCredentialRequest(username="root"))) == 1401
    assert code(c.call("DeleteCredential", M.DeleteCredentialRequest(username="t_user1"))) == 0
    assert code(c.call("DeleteCredential", M.DeleteCredentialRequest(username="t_user1"))) == 0
    assert "t_user1" not in c.call("ListCredUsers").usernames


def test_mock_roles_and_grants(mock):
    _, c, g = mock
    assert code(c.call("CreateRole", M.CreateRoleRequest(entity=M.RoleEntity(name="t_role")))) == 0
    assert code(c.call("CreateRole", M.CreateRoleRequest(entity=M.RoleEntity(name="admin")))) == 65535
    assert code(c.call("DropRole", M.DropRoleRequest(role_name="public"))) == 1401
    entity = M.GrantEntity(role=M.RoleEntity(name="t_role"), object=M.ObjectEntity(name="Collection"),
                           object_name="c1", grantor=M.GrantorEntity(privilege=M.PrivilegeEntity(name="Insert")))
    assert code(c.call("OperatePrivilege", M.OperatePrivilegeRequest(entity=entity, type=M.Grant))) == 65535  # no user
    assert code(g.call("OperatePrivilege", M.OperatePrivilegeRequest(entity=entity, type=M.Grant))) == 0
    listed = c.call("SelectGrant", M.SelectGrantRequest(entity=M.GrantEntity(role=M.RoleEntity(name="t_role"))))
    assert [(e.object_name, e.grantor.privilege.name, e.grantor.user.name, e.db_name) for e in listed.entities] == \
        [("c1", "Insert", "grantor1", "default")]
    assert code(c.call("DropRole", M.DropRoleRequest(role_name="t_role"))) == 1100  # holds a grant
    assert code(c.call("DropRole", M.DropRoleRequest(role_name="t_role", force_drop=True))) == 0
    assert code(c.call("DropRole", M.DropRoleRequest(role_name="t_role"))) == 65535


def test_mock_privilege_groups_and_restore(mock):
    srv, c, _ = mock
    assert code(c.call("CreatePrivilegeGroup", M.CreatePrivilegeGroupRequest(group_name="ClusterAdmin"))) == 1100
    assert code(c.call("CreatePrivilegeGroup", M.CreatePrivilegeGroupRequest(group_name="t_g"))) == 0
    add = M.OperatePrivilegeGroupRequest(group_name="t_g", privileges=[M.PrivilegeEntity(name="Query"),
                                                                      M.PrivilegeEntity(name="CreateDatabase")])
    assert code(c.call("OperatePrivilegeGroup", add)) == 1100  # two levels
    listed = {g.group_name for g in c.call("ListPrivilegeGroups").privilege_groups}
    assert {"t_g", "ClusterReadOnly", "CollectionAdmin"} <= listed
    meta = M.RBACMeta(users=[M.UserInfo(user="t_ru", password="x", roles=[M.RoleEntity(name="t_rr")])],
                      roles=[M.RoleEntity(name="t_rr")])
    assert code(c.call("RestoreRBAC", M.RestoreRBACMetaRequest(RBAC_meta=meta))) == 0
    assert code(c.call("RestoreRBAC", M.RestoreRBACMetaRequest(RBAC_meta=meta))) == 1100
    backup = c.call("BackupRBAC").RBAC_meta
    assert [r.name for u in backup.users if u.user == "t_ru" for r in u.roles] == ["t_rr"]
    assert srv.servicer.catalog.access.user_roles("t_ru") == ["t_rr"]
