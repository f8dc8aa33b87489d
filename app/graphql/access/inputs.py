"""API key inputs."""

from __future__ import annotations

import strawberry

from app.graphql.access.types import Role
from app.graphql.constraints import NAME, ORIGINS
from app.graphql.locations.inputs import AssignmentInput


@strawberry.input(description="A new API key.")
class ApiKeyCreateInput:
    name: str = strawberry.field(directives=[NAME], description="What the key is for (1–100 characters).")
    role: Role = strawberry.field(description="What the key may do.")
    access: list[AssignmentInput] | None = strawberry.field(
        default=None,
        description="Areas and stores the key is restricted to: required for MANAGER and STORE, optional for "
        "VIEWER, refused for ADMIN.",
    )
    allowed_origins: list[str] | None = strawberry.field(
        directives=[ORIGINS],
        default=None,
        description="CLIENT keys only: browser origins allowed to use the key, each scheme://host[:port] "
        "(http or https, no path, no wildcard; at most 20). Requests from other origins are refused.",
    )


@strawberry.input(description="The key to revoke.")
class ApiKeyRevokeInput:
    id: strawberry.ID = strawberry.field(description="The key's id.")
