"""API key mutations."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.access import services
from app.access.models import Permission
from app.core.ids import decode_id
from app.graphql.access.inputs import ApiKeyCreateInput, ApiKeyRevokeInput
from app.graphql.access.types import ApiKey
from app.graphql.context import Info
from app.graphql.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
    errors_as_results,
)


@strawberry.type(description="The key was created; copy `secret` now, it is never shown again.")
class ApiKeyCreateSuccess:
    api_key: ApiKey = strawberry.field(description="The new key.")
    secret: str = strawberry.field(description="The full key, to send as `Authorization: Bearer …`.")


@strawberry.type(description="The key was revoked; requests with it are refused within a second.")
class ApiKeyRevokeSuccess:
    api_key: ApiKey = strawberry.field(description="The revoked key.")


ApiKeyCreateResult = Annotated[
    ApiKeyCreateSuccess | ValidationError | PermissionDeniedError,
    strawberry.union("ApiKeyCreateResult", description="Outcome of `apiKeyCreate`."),
]
ApiKeyRevokeResult = Annotated[
    ApiKeyRevokeSuccess | NotFoundError | ConflictError | PermissionDeniedError,
    strawberry.union("ApiKeyRevokeResult", description="Outcome of `apiKeyRevoke`."),
]


@strawberry.type
class AccessMutation:
    @strawberry.mutation(description="Create an API key (admin only).")
    @errors_as_results
    async def api_key_create(
        self, info: Info, input: Annotated[ApiKeyCreateInput, strawberry.argument(description="The key.")]
    ) -> ApiKeyCreateResult:
        caller = info.context.require(Permission.API_KEYS_MANAGE)
        key, secret = await services.create_api_key(
            name=input.name,
            role=input.role,
            created_by=caller,
            events=info.context.events,
        )
        return ApiKeyCreateSuccess(api_key=ApiKey.from_model(key), secret=secret)

    @strawberry.mutation(description="Revoke an API key (admin only); it cannot be undone.")
    @errors_as_results
    async def api_key_revoke(
        self,
        info: Info,
        input: Annotated[ApiKeyRevokeInput, strawberry.argument(description="Which key.")],
    ) -> ApiKeyRevokeResult:
        caller = info.context.require(Permission.API_KEYS_MANAGE)
        key = await services.revoke_api_key(
            key_id=decode_id("ApiKey", input.id),
            revoked_by=caller,
            events=info.context.events,
        )
        return ApiKeyRevokeSuccess(api_key=ApiKey.from_model(key))
