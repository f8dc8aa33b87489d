"""API keys and the roles they carry."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class Role(StrEnum):
    """What a key may do; restricted roles (manager, store) arrive with areas and stores."""

    ADMIN = "ADMIN"
    VIEWER = "VIEWER"


class Permission(StrEnum):
    """One capability checked by the API."""

    PROJECT_READ = "PROJECT_READ"
    PROJECT_WRITE = "PROJECT_WRITE"
    API_KEYS_READ = "API_KEYS_READ"
    API_KEYS_MANAGE = "API_KEYS_MANAGE"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.VIEWER: frozenset({Permission.PROJECT_READ}),
}


class ApiKey(Model):
    """A credential: stored as a SHA-256 digest, recognisable by its prefix."""

    id = fields.UUIDField(primary_key=True)
    name = fields.CharField(max_length=100)
    prefix = fields.CharField(max_length=32, unique=True)
    digest = fields.CharField(max_length=64, unique=True)
    role = fields.CharEnumField(Role, max_length=16)
    created_by: fields.ForeignKeyNullableRelation[ApiKey] = fields.ForeignKeyField(
        "models.ApiKey", null=True, on_delete=fields.SET_NULL, related_name=False
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    last_used_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "api_key"
        indexes = (("created_at", "id"),)

    @property
    def permissions(self) -> frozenset[Permission]:
        return ROLE_PERMISSIONS[self.role]
