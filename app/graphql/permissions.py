"""Permissions declared on query fields (mutations check theirs and return a typed error)."""

from __future__ import annotations

from typing import Any

from strawberry.extensions import FieldExtension
from strawberry.permission import BasePermission, PermissionExtension

from app.access.models import Permission
from app.graphql.context import Info


def has_permission(permission: Permission) -> type[BasePermission]:
    """A field permission that lets through callers whose role grants `permission`."""

    class HasPermission(BasePermission):
        message = f"This field needs the {permission.value} permission."
        error_extensions = {"code": "PERMISSION_DENIED"}  # noqa: RUF012 (strawberry reads it per instance)

        def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
            credentials = info.context.credentials
            return credentials is not None and permission in credentials.scope.permissions

    HasPermission.__name__ = f"Has{permission.value.title().replace('_', '')}"
    return HasPermission


def hidden_without(permission: Permission) -> list[FieldExtension]:
    """Field extensions answering null (an empty list) to callers whose role lacks `permission`.

    For data inside objects a key may otherwise reach, e.g. a customer's contact details on a
    publication a STORE key can see: the object stays, the field does not.
    """
    return [PermissionExtension(permissions=[has_permission(permission)()], fail_silently=True, use_directives=False)]
