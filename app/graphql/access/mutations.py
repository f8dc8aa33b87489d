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
from app.graphql.locations.inputs import AssignmentInput
from app.graphql.locations.types import Assignment


@strawberry.type(description="The key was created; copy `secret` now, it is never shown again.")
class ApiKeyCreateSuccess:
    api_key: ApiKey = strawberry.field(description="The new key.")
    secret: str = strawberry.field(description="The full key, to send as `Authorization: Bearer …`.")


@strawberry.type(description="The key was revoked; requests with it are refused within a second.")
class ApiKeyRevokeSuccess:
    api_key: ApiKey = strawberry.field(description="The revoked key.")


@strawberry.type(description="The key's assignments changed; every API process applies them within a second.")
class ApiKeyAccessSuccess:
    api_key: ApiKey = strawberry.field(description="The key.")
    assignments: list[Assignment] = strawberry.field(description="The key's assignments now.")


ApiKeyCreateResult = Annotated[
    ApiKeyCreateSuccess | ValidationError | NotFoundError | PermissionDeniedError,
    strawberry.union("ApiKeyCreateResult", description="Outcome of `apiKeyCreate`."),
]
ApiKeyAccessResult = Annotated[
    ApiKeyAccessSuccess | ValidationError | NotFoundError | PermissionDeniedError,
    strawberry.union("ApiKeyAccessResult", description="Outcome of apiKeyAccessAssign/Unassign."),
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
            access=[given.to_domain(f"input.access.{index}") for index, given in enumerate(input.access or [])],
            allowed_origins=input.allowed_origins,
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

    @strawberry.mutation(description="Restrict a key to more areas or stores (admin only).")
    @errors_as_results
    async def api_key_access_assign(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The key's id.")],
        assignments: Annotated[list[AssignmentInput], strawberry.argument(description="Areas or stores to add.")],
    ) -> ApiKeyAccessResult:
        return await _change_access(info, id, assignments, adding=True)

    @strawberry.mutation(
        description="Take a key off areas or stores (admin only); a restricted key keeps at least one."
    )
    @errors_as_results
    async def api_key_access_unassign(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The key's id.")],
        assignments: Annotated[list[AssignmentInput], strawberry.argument(description="Areas or stores to remove.")],
    ) -> ApiKeyAccessResult:
        return await _change_access(info, id, assignments, adding=False)


async def _change_access(
    info: Info, id: strawberry.ID, assignments: list[AssignmentInput], *, adding: bool
) -> ApiKeyAccessSuccess:
    caller = info.context.require(Permission.API_KEYS_MANAGE)
    given = [place.to_domain(f"assignments.{index}") for index, place in enumerate(assignments)]
    key_id = decode_id("ApiKey", id)
    places = await services.change_key_access(
        key_id=key_id,
        add=given if adding else [],
        remove=[] if adding else given,
        actor=caller,
        events=info.context.events,
    )
    key = await services.get_api_key(key_id=key_id)
    return ApiKeyAccessSuccess(
        api_key=ApiKey.from_model(key), assignments=[Assignment.from_place(place) for place in places]
    )
