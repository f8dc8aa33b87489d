"""API key inputs."""

from __future__ import annotations

import strawberry

from app.graphql.access.types import Role


@strawberry.input(description="A new API key.")
class ApiKeyCreateInput:
    name: str = strawberry.field(description="What the key is for (1–100 characters).")
    role: Role = strawberry.field(description="What the key may do.")


@strawberry.input(description="The key to revoke.")
class ApiKeyRevokeInput:
    id: strawberry.ID = strawberry.field(description="The key's id.")
