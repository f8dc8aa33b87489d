"""API key types."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from app.access import models
from app.access.models import Permission as Permission
from app.access.models import Role as Role
from app.core.ids import encode_id

# Registered here, and imported from here by inputs, so the schema sees one definition of each.
strawberry.enum(Role, description="What an API key may do.")
strawberry.enum(Permission, description="One capability checked by the API.")


@strawberry.type(description="An API key (its secret is shown only once, at creation).")
class ApiKey:
    id: strawberry.ID = strawberry.field(description="Opaque id.")
    name: str = strawberry.field(description="What the key is for.")
    prefix: str = strawberry.field(description="Non-secret beginning of the key, for recognising it.")
    role: Role = strawberry.field(description="What the key may do.")
    created_at: datetime = strawberry.field(description="When it was created (UTC).")
    last_used_at: datetime | None = strawberry.field(
        description="When it last authenticated a request (UTC, to the minute)."
    )
    revoked_at: datetime | None = strawberry.field(description="When it was revoked, if it was.")

    @classmethod
    def from_model(cls, key: models.ApiKey) -> ApiKey:
        return cls(
            id=strawberry.ID(encode_id("ApiKey", key.id)),
            name=key.name,
            prefix=key.prefix,
            role=key.role,
            created_at=key.created_at,
            last_used_at=key.last_used_at,
            revoked_at=key.revoked_at,
        )


@strawberry.type(description="The API key making this request.")
class Viewer:
    name: str = strawberry.field(description="The key's name.")
    role: Role = strawberry.field(description="The key's role.")
    permissions: list[Permission] = strawberry.field(description="What the role allows.")
    api_key: ApiKey = strawberry.field(description="The key itself.")

    @classmethod
    def from_model(cls, key: models.ApiKey) -> Viewer:
        return cls(
            name=key.name,
            role=key.role,
            permissions=sorted(key.permissions),
            api_key=ApiKey.from_model(key),
        )


@strawberry.enum(description="What happened to an API key.")
class ApiKeyEventKind(Enum):
    CREATED = strawberry.enum_value("CREATED", description="A key was created.")
    REVOKED = strawberry.enum_value("REVOKED", description="A key was revoked.")


@strawberry.type(description="A change to the project's API keys, as it happens.")
class ApiKeyEvent:
    kind: ApiKeyEventKind = strawberry.field(description="What happened.")
    api_key: ApiKey = strawberry.field(description="The key concerned, after the change.")
    actor_prefix: str | None = strawberry.field(
        description="Prefix of the key that made the change (null when done from the CLI)."
    )
    at: datetime = strawberry.field(description="When it happened (UTC).")
