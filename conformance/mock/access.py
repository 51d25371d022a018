"""Access control handlers: credentials, roles, user-role binding, privileges and privilege groups, RBAC backup and
restore, over the catalogue's ``AccessControl`` model.

The validation order follows master's proxy (``internal/proxy/impl.go``) and the rootcoord checks (see
``conformance/model/rules/access.py`` for every check and its evidence). Like Milvus, none of these RPCs needs
authorization to be enabled; OperatePrivilege(V2) needs a current user (the grantor) in the call's
``authorization`` metadata.
"""

from __future__ import annotations

import base64
import binascii

from ..model import access as acl
from ..model import errors, limits, names
from ..model.access import ANY, Grant
from ..model.errors import MilvusError
from ..model.rules import rules
from ..protocol import common_pb2, milvus_pb2
from .handling import handler

MAX_USERNAME_LENGTH = 32  # proxy.maxUsernameLength
MIN_PASSWORD_LENGTH = 6  # proxy.minPasswordLength
MAX_PASSWORD_LENGTH = 256  # proxy.maxPasswordLength
ROLE_NAME_EXTRA_CHARS = "$"  # proxy.nameValidationAllowedChars default (2.3.5 allowed dollars too)


def _invalid(message: str) -> MilvusError:
    return MilvusError(errors.PARAMETER_INVALID, f"{message}: invalid parameter")


def current_user(context) -> str | None:
    """The user named in the call's ``authorization`` metadata (base64 ``user:password``), as Milvus's
    GetCurUserFromContext reads it with or without authorization enforcement."""
    for key, value in context.invocation_metadata() or ():
        if key.lower() != "authorization":
            continue
        try:
            text = base64.b64decode(value, validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return None
        user, sep, _ = text.partition(":")
        return user if sep and user else None
    return None


def validate_username(name: str) -> None:
    if not name:
        raise rules.get("CreateCredential/empty-username").error()
    if len(name) > MAX_USERNAME_LENGTH:
        raise rules.get("CreateCredential/username-too-long").error()
    if not name[0].isascii() or not name[0].isalpha():
        raise rules.get("CreateCredential/username-first-char").error()
    for c in name[1:]:
        if not (c == "_" or (c.isascii() and c.isalnum())):
            raise rules.get("CreateCredential/username-charset").error()


def _name_rule(kind: str, name: str, extra: str = "") -> str | None:
    """master validateNameWithCustomChars: which rule ``name`` breaks (None: valid)."""
    name = name.strip()
    if not name:
        return "empty"
    if len(name) > limits.MAX_NAME_LENGTH:
        return "too-long"
    if not (name[0] == "_" or (name[0].isascii() and name[0].isalpha())):
        return "first-char"
    for c in name[1:]:
        if not (c == "_" or c in extra or (c.isascii() and c.isalnum())):
            return "charset"
    return None


def validate_role_name(name: str, first_char: str = "CreateRole/first-char") -> None:
    """ValidateRoleName; ``first_char`` is the check a bad first character answers through (each RPC has its own
    ID for that rule; the other rules share CreateRole's)."""
    broken = _name_rule("role name", name, ROLE_NAME_EXTRA_CHARS)
    if broken == "empty":
        raise rules.get("CreateRole/empty-name").error()
    if broken == "too-long":
        raise rules.get("CreateRole/name-too-long").error()
    if broken == "first-char":
        raise rules.get(first_char).error()
    if broken == "charset":
        raise rules.get("CreateRole/charset").error()


def _validate_named(kind: str, name: str, allow_any: bool = True) -> None:
    """ValidatePrivilege / ValidateObjectType / ValidateObjectName: '*' passes where allowed."""
    if allow_any and name == ANY:
        return
    broken = _name_rule(kind, name, ROLE_NAME_EXTRA_CHARS)
    if broken == "empty":
        raise _invalid(f"{kind} should be not empty")
    if broken is not None:
        raise _invalid(f"{kind} is invalid ({broken}): {name}")


def validate_group_name(name: str) -> None:
    if not name:
        raise rules.get("CreatePrivilegeGroup/empty-name").error()
    if len(name) > limits.MAX_NAME_LENGTH:
        raise MilvusError(1402, f"the length of a privilege group name {name} must be less than "
                                f"{limits.MAX_NAME_LENGTH} characters: invalid privilege group name")
    if not (name[0] == "_" or (name[0].isascii() and name[0].isalpha())):
        raise rules.get("CreatePrivilegeGroup/first-char").error()
    for c in name[1:]:
        if not (c == "_" or (c.isascii() and c.isalnum())):
            raise rules.get("CreatePrivilegeGroup/charset").error()


def _decode(value: str, what: str) -> str:
    try:
        return base64.b64decode(value, validate=True).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise rules.get("CreateCredential/password-not-base64").error() if what == "password" else \
            _invalid(f"decode {what} failed") from None


def _validate_password(password: str, check_id: str) -> None:
    if not MIN_PASSWORD_LENGTH <= len(password.encode()) <= MAX_PASSWORD_LENGTH:
        raise rules.get(check_id).error()


def privilege_level(name: str) -> str:
    """util.GetPrivilegeLevel: Cluster, Database or Collection."""
    if name in acl.GROUP_LEVEL:
        return acl.GROUP_LEVEL[name]
    if name in acl.BUILTIN_GROUPS["ClusterAdmin"]:
        return "Cluster"
    if name in acl.BUILTIN_GROUPS["DatabaseAdmin"]:
        return "Database"
    return "Collection"


def object_type_of(privilege: str) -> str:
    """util.GetObjectType for a V2 grant: the object type a privilege or built-in group is stored under."""
    if privilege in acl.COLLECTION_PRIVILEGES or privilege.startswith("Collection"):
        return "Collection"
    if privilege in acl.USER_PRIVILEGES:
        return "User"
    return "Global"


def _grant_entity(g: Grant) -> milvus_pb2.GrantEntity:
    return milvus_pb2.GrantEntity(
        role=milvus_pb2.RoleEntity(name=g.role), object=milvus_pb2.ObjectEntity(name=g.object_type),
        object_name=g.object_name, db_name=g.db_name,
        grantor=milvus_pb2.GrantorEntity(user=milvus_pb2.UserEntity(name=g.grantor),
                                         privilege=milvus_pb2.PrivilegeEntity(name=g.privilege)))


class AccessHandlers:
    """Mixed into ``MockServicer``; handlers use ``self.catalog.access``."""

    # ---- credentials ---------------------------------------------------------------------------------------

    @handler
    def CreateCredential(self, request, context):
        validate_username(request.username)
        password = _decode(request.password, "password")
        _validate_password(password, "CreateCredential/password-too-short" if len(password) < MIN_PASSWORD_LENGTH
                           else "CreateCredential/password-too-long")
        with self.catalog.lock:
            access = self.catalog.access
            if access.has_user(request.username):
                raise rules.get("CreateCredential/duplicate").error(name=request.username)
            access.put_user(request.username, password, request.description,
                            created=request.created_utc_timestamps)
        return common_pb2.Status()

    @handler
    def UpdateCredential(self, request, context):
        if not request.newPassword and not request.HasField("description"):
            raise _invalid("must update either password or description")
        access = self.catalog.access
        if request.newPassword:
            old = _decode(request.oldPassword, "old password")
            new = _decode(request.newPassword, "new password")
            _validate_password(new, "UpdateCredential/new-password-too-short")
            with self.catalog.lock:
                if not access.authenticate(request.username, old):  # no superUsers configured by default
                    check = "UpdateCredential/wrong-old-password" if access.has_user(request.username) \
                        else "UpdateCredential/missing-user"
                    raise rules.get(check).error(name=request.username)
                user = access.user(request.username)
                access.put_user(request.username, new, request.description if request.HasField("description")
                                else user.description, created=user.created)
            return common_pb2.Status()
        with self.catalog.lock:
            user = access.user(request.username)
            if user is None:
                raise _invalid(f"user {request.username} not found")
            user.description = request.description
        return common_pb2.Status()

    @handler
    def DeleteCredential(self, request, context):
        if request.username == acl.ROOT_USER:
            raise MilvusError(1401, "root user cannot be deleted: privilege not permitted")
        if not request.username:
            raise _invalid("username is empty")
        with self.catalog.lock:
            # a missing user is accepted (DeleteCredential/missing-user)
            self.catalog.access.delete_user(request.username)
        return common_pb2.Status()

    @handler
    def ListCredUsers(self, request, context):
        with self.catalog.lock:
            return milvus_pb2.ListCredUsersResponse(status=common_pb2.Status(), usernames=self.catalog.access.users())

    # ---- roles ---------------------------------------------------------------------------------------------

    @handler
    def CreateRole(self, request, context):
        name, description = request.entity.name, request.entity.description
        validate_role_name(name)
        with self.catalog.lock:
            access = self.catalog.access
            if access.has_role(name):
                raise rules.get("CreateRole/duplicate").error(name=name)
            access.create_role(name, description)
        return common_pb2.Status()

    @handler
    def AlterRole(self, request, context):
        validate_role_name(request.role_name, first_char="AlterRole/invalid-name")
        if request.role_name in acl.BUILTIN_ROLES:
            raise MilvusError(1401, f"the role[{request.role_name}] is a default role, which can't be altered: "
                                    "privilege not permitted")
        with self.catalog.lock:
            role = self.catalog.access.role(request.role_name)
            if role is None:
                raise rules.get("AlterRole/missing-role").error(name=request.role_name)
            role.description = request.description
        return common_pb2.Status()

    @handler
    def DropRole(self, request, context):
        validate_role_name(request.role_name, first_char="DropRole/invalid-name")
        if request.role_name in acl.BUILTIN_ROLES:
            raise MilvusError(1401, f"the role[{request.role_name}] is a default role, which can't be dropped: "
                                    "privilege not permitted")
        with self.catalog.lock:
            access = self.catalog.access
            if not access.has_role(request.role_name):
                raise rules.get("DropRole/missing-role").error(name=request.role_name)
            if not request.force_drop and access.grants(request.role_name):
                raise rules.get("DropRole/has-grants").error(name=request.role_name)
            access.drop_role(request.role_name)
        return common_pb2.Status()

    @handler
    def OperateUserRole(self, request, context):
        try:
            validate_username(request.username)
        except MilvusError as err:
            if err.check_id == "CreateCredential/username-first-char":
                raise rules.get("OperateUserRole/invalid-username").error() from None
            raise
        validate_role_name(request.role_name)
        with self.catalog.lock:
            access = self.catalog.access
            if not access.has_role(request.role_name):
                raise rules.get("OperateUserRole/missing-role").error(name=request.role_name)
            if request.type == milvus_pb2.AddUserToRole:
                if not access.has_user(request.username):
                    raise rules.get("OperateUserRole/missing-user").error(name=request.username)
                access.bind(request.username, request.role_name)
            elif request.type == milvus_pb2.RemoveUserFromRole:
                access.unbind(request.username, request.role_name)
            else:
                raise MilvusError(errors.UNEXPECTED, "invalid operate user role type")
        return common_pb2.Status()

    @handler
    def SelectRole(self, request, context):
        named = request.HasField("role")
        if named:
            validate_role_name(request.role.name, first_char="SelectRole/invalid-name")
        resp = milvus_pb2.SelectRoleResponse(status=common_pb2.Status())
        with self.catalog.lock:
            access = self.catalog.access
            wanted = [request.role.name] if named else access.roles()
            for name in wanted:
                role = access.role(name)
                if role is None:
                    continue
                result = resp.results.add(role=milvus_pb2.RoleEntity(name=role.name, description=role.description))
                if request.include_user_info:
                    result.users.extend(milvus_pb2.UserEntity(name=u) for u in access.role_users(name))
        return resp

    @handler
    def SelectUser(self, request, context):
        named = request.HasField("user")
        if named:
            try:
                validate_username(request.user.name)
            except MilvusError as err:
                if err.check_id == "CreateCredential/username-first-char":
                    raise rules.get("SelectUser/invalid-name").error() from None
                raise
        resp = milvus_pb2.SelectUserResponse(status=common_pb2.Status())
        with self.catalog.lock:
            access = self.catalog.access
            wanted = [request.user.name] if named else access.users()
            for name in wanted:
                user = access.user(name)
                if user is None:
                    continue
                result = resp.results.add(user=milvus_pb2.UserEntity(name=name), description=user.description)
                if request.include_role_info:
                    result.roles.extend(milvus_pb2.RoleEntity(name=r) for r in access.user_roles(name))
        return resp

    # ---- privileges ------------------------------------------------------------------------------------------

    def _grantor(self, context) -> str:
        user = current_user(context)
        if not user:
            raise rules.get("OperatePrivilege/no-current-user").error()
        return user

    @handler
    def OperatePrivilege(self, request, context):
        entity = request.entity
        if not request.HasField("entity"):
            raise _invalid("the entity in the request is nil")
        if not entity.HasField("grantor") or not entity.grantor.HasField("privilege"):
            raise _invalid("the privilege entity in the grantor entity is nil")
        privilege = entity.grantor.privilege.name
        if not privilege:
            raise rules.get("OperatePrivilege/empty-privilege").error()
        _validate_named("Privilege", privilege)
        if not entity.HasField("object"):
            raise _invalid("the resource entity in the grant entity is nil")
        _validate_named("ObjectType", entity.object.name, allow_any=False)
        _validate_named("object name", entity.object_name)
        validate_role_name(entity.role.name, first_char="OperatePrivilege/invalid-role")
        grantor = self._grantor(context)
        object_type = entity.object.name
        if object_type not in acl.OBJECT_TYPES:
            raise rules.get("OperatePrivilege/unknown-object-type").error(object_type=object_type)
        with self.catalog.lock:
            access = self.catalog.access
            if privilege != ANY and not access.is_builtin_group(privilege) and not access.has_group(privilege):
                if privilege not in acl.OBJECT_PRIVILEGES[object_type]:
                    check = "OperatePrivilege/privilege-of-other-object" if privilege in acl.ALL_PRIVILEGES \
                        else "OperatePrivilege/unknown-privilege"
                    raise rules.get(check).error(privilege=privilege)
            if not access.has_role(entity.role.name):
                raise rules.get("OperatePrivilege/missing-role").error(name=entity.role.name)
            object_name = entity.object_name
            if object_type == "Global" and not access.is_builtin_group(privilege):
                object_name = ANY
            grant = Grant(entity.role.name, object_type, object_name, privilege,
                          entity.db_name or limits.DEFAULT_DATABASE_NAME, grantor)
            if request.type == milvus_pb2.Grant:
                access.grant(grant)
            elif request.type == milvus_pb2.Revoke:
                access.revoke(grant)
            else:
                raise _invalid("the operate type in the grant entity is invalid")
        return common_pb2.Status()

    @handler
    def OperatePrivilegeV2(self, request, context):
        if not request.HasField("role"):
            raise _invalid("the role in the request is nil")
        validate_role_name(request.role.name, first_char="OperatePrivilegeV2/invalid-role")
        privilege = request.grantor.privilege.name
        _validate_named("Privilege", privilege)
        if request.type not in (milvus_pb2.Grant, milvus_pb2.Revoke):
            raise _invalid("the type in the request not grant or revoke")
        db = request.db_name
        if db and db != ANY:
            try:
                names.validate_database_name(db)
            except MilvusError:
                raise rules.get("OperatePrivilegeV2/invalid-database").error(name=db) from None
        coll = request.collection_name
        if coll != ANY:
            broken = _name_rule("collection name", coll)
            if broken == "first-char":
                raise rules.get("OperatePrivilegeV2/invalid-collection").error(name=coll)
            if broken == "empty":
                raise _invalid("collection name should be not empty")
            if broken is not None:
                raise _invalid(f"collection name is invalid ({broken}): {coll}")
        grantor = self._grantor(context)
        with self.catalog.lock:
            access = self.catalog.access
            if privilege != ANY and privilege not in acl.ALL_PRIVILEGES and not access.is_builtin_group(privilege) \
                    and not access.has_group(privilege):
                raise _invalid(f"not found the privilege name[{privilege}]")
            level = privilege_level(privilege)
            if level == "Cluster" and (db != ANY or coll != ANY):
                raise _invalid("dbName and collectionName should be * for the cluster level privilege: "
                               f"{privilege}")
            if level == "Database" and coll != ANY:
                raise _invalid(f"collectionName should be * for the database level privilege: {privilege}")
            if not access.has_role(request.role.name):
                raise rules.get("OperatePrivilegeV2/missing-role").error(name=request.role.name)
            grant = Grant(request.role.name, object_type_of(privilege), coll, privilege,
                          db or limits.DEFAULT_DATABASE_NAME, grantor)
            if request.type == milvus_pb2.Grant:
                access.grant(grant)
            else:
                access.revoke(grant)
        return common_pb2.Status()

    @handler
    def SelectGrant(self, request, context):
        if not request.HasField("entity"):
            raise _invalid("the grant entity in the request is nil")
        entity = request.entity
        with_object = entity.HasField("object")
        if with_object:
            if not entity.object.name:
                raise rules.get("SelectGrant/empty-object-type").error()
            _validate_named("ObjectType", entity.object.name, allow_any=False)
            _validate_named("object name", entity.object_name)
        if not entity.HasField("role"):
            raise _invalid("the role entity in the grant entity is nil")
        if not entity.role.name:
            raise rules.get("SelectGrant/empty-role").error()
        validate_role_name(entity.role.name)
        resp = milvus_pb2.SelectGrantResponse(status=common_pb2.Status())
        with self.catalog.lock:
            access = self.catalog.access
            if not access.has_role(entity.role.name):
                raise rules.get("SelectGrant/missing-role").error(name=entity.role.name)
            if with_object and entity.object.name not in acl.OBJECT_TYPES:
                raise rules.get("SelectGrant/unknown-object-type").error(object_type=entity.object.name)
            db = entity.db_name or limits.DEFAULT_DATABASE_NAME
            for g in access.grants(entity.role.name):
                if db != ANY and g.db_name != db:
                    continue
                if with_object and (g.object_type != entity.object.name or
                                    (entity.object_name and g.object_name != entity.object_name)):
                    continue
                resp.entities.append(_grant_entity(g))
        return resp

    # ---- privilege groups --------------------------------------------------------------------------------------

    @handler
    def CreatePrivilegeGroup(self, request, context):
        name = request.group_name
        validate_group_name(name)
        name = name.strip()
        with self.catalog.lock:
            access = self.catalog.access
            if access.has_group(name):
                raise rules.get("CreatePrivilegeGroup/duplicate").error(name=name)
            if name in acl.ALL_PRIVILEGES or access.is_builtin_group(name):
                raise _invalid(f"privilege group name [{name}] is defined by built in privileges or privilege "
                               "groups in system")
            access.create_group(name)
        return common_pb2.Status()

    @handler
    def DropPrivilegeGroup(self, request, context):
        name = request.group_name
        try:
            validate_group_name(name)
        except MilvusError as err:
            if err.check_id == "CreatePrivilegeGroup/first-char":
                raise rules.get("DropPrivilegeGroup/invalid-name").error() from None
            raise
        with self.catalog.lock:
            access = self.catalog.access
            if not access.has_group(name):
                raise rules.get("DropPrivilegeGroup/missing-group").error(
                    name=name, reason=f"privilege group [{name}] is not a custom privilege group: invalid parameter")
            users = access.group_in_use(name)
            if users:
                raise rules.get("DropPrivilegeGroup/in-use").error(name=name, role=users[0])
            access.drop_group(name)
        return common_pb2.Status()

    @handler
    def ListPrivilegeGroups(self, request, context):
        resp = milvus_pb2.ListPrivilegeGroupsResponse(status=common_pb2.Status())
        with self.catalog.lock:
            groups = dict(acl.BUILTIN_GROUPS)
            groups.update(self.catalog.access.groups())
        for name, privileges in groups.items():
            resp.privilege_groups.add(group_name=name,
                                      privileges=[milvus_pb2.PrivilegeEntity(name=p) for p in privileges])
        return resp

    @handler
    def OperatePrivilegeGroup(self, request, context):
        name = request.group_name
        validate_group_name(name)
        for p in request.privileges:
            _validate_named("Privilege", p.name)
        with self.catalog.lock:
            access = self.catalog.access
            if not access.has_group(name):
                raise rules.get("OperatePrivilegeGroup/missing-group").error(name=name)
            wanted = [p.name for p in request.privileges]
            if not wanted:
                raise rules.get("OperatePrivilegeGroup/empty-privileges").error()
            for p in wanted:
                if p not in acl.ALL_PRIVILEGES and not access.is_builtin_group(p) and not access.has_group(p):
                    raise rules.get("OperatePrivilegeGroup/unknown-privilege").error(privilege=p)
            if request.type == milvus_pb2.AddPrivilegesToGroup:
                levels = {privilege_level(p) for p in set(wanted) | set(access.group_privileges(name))}
                if len(levels) > 1:
                    raise rules.get("OperatePrivilegeGroup/mixed-levels").error()
                access.add_to_group(name, wanted)
            elif request.type == milvus_pb2.RemovePrivilegesFromGroup:
                access.remove_from_group(name, wanted)
            else:
                raise _invalid(f"unsupported operate type: {request.type}")
        return common_pb2.Status()

    # ---- backup and restore --------------------------------------------------------------------------------------

    @handler
    def BackupRBAC(self, request, context):
        meta = milvus_pb2.RBACMeta()
        with self.catalog.lock:
            access = self.catalog.access
            for name in access.users():
                user = access.user(name)
                meta.users.add(user=name, password=user.digest.hex(),
                               roles=[milvus_pb2.RoleEntity(name=r) for r in access.user_roles(name)])
            for name in access.roles():
                if name not in acl.BUILTIN_ROLES:
                    meta.roles.add(name=name, description=access.role(name).description)
            meta.grants.extend(_grant_entity(g) for g in access.grants())
            for name, privileges in access.groups().items():
                meta.privilege_groups.add(group_name=name,
                                          privileges=[milvus_pb2.PrivilegeEntity(name=p) for p in privileges])
        return milvus_pb2.BackupRBACMetaResponse(status=common_pb2.Status(), RBAC_meta=meta)

    @handler
    def RestoreRBAC(self, request, context):
        if not request.HasField("RBAC_meta"):
            return common_pb2.Status()
        meta = request.RBAC_meta
        if not (meta.roles or meta.privilege_groups or meta.grants or meta.users):
            raise _invalid("the RBAC meta to restore is empty")
        with self.catalog.lock:
            access = self.catalog.access
            roles_after = set(access.roles())
            for role in meta.roles:
                if access.has_role(role.name):
                    raise rules.get("RestoreRBAC/existing-role").error(name=role.name)
                roles_after.add(role.name)
            groups_after = set(access.groups())
            for group in meta.privilege_groups:
                if access.has_group(group.group_name):
                    raise _invalid(f"privilege group [{group.group_name}] already exists")
                groups_after.add(group.group_name)
            for grant in meta.grants:
                p = grant.grantor.privilege.name
                if p != ANY and p not in groups_after and p not in acl.ALL_PRIVILEGES \
                        and not access.is_builtin_group(p):
                    raise _invalid(f"privilege [{p}] does not exist")
            for user in meta.users:
                if access.has_user(user.user):
                    raise rules.get("RestoreRBAC/existing-user").error(name=user.user)
                for role in user.roles:
                    if role.name not in roles_after:
                        raise rules.get("RestoreRBAC/unknown-role-binding").error(name=role.name)
            for role in meta.roles:
                access.create_role(role.name, role.description)
            for group in meta.privilege_groups:
                access.create_group(group.group_name)
                access.add_to_group(group.group_name, [p.name for p in group.privileges])
            for user in meta.users:
                access.put_user(user.user, user.password)  # Milvus stores the backed-up (encrypted) password as is
                for role in user.roles:
                    access.bind(user.user, role.name)
            for g in meta.grants:
                access.grant(Grant(g.role.name, g.object.name, g.object_name, g.grantor.privilege.name,
                                   g.db_name or limits.DEFAULT_DATABASE_NAME, g.grantor.user.name))
        return common_pb2.Status()
