"""API key types."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from tortoise.queryset import QuerySet

from app.access import models
from app.access.models import Permission as Permission
from app.access.models import Role as Role
from app.access.services import Credentials
from app.core.ids import encode_id
from app.graphql.context import Info
from app.graphql.enums import describe_enum
from app.graphql.loaders import grouped
from app.locations.models import Assignment as AssignmentModel
from app.locations.models import SubjectKind
from app.locations.scope import Place

if TYPE_CHECKING:
    from app.graphql.locations.types import Assignment

ASSIGNMENT = Annotated["Assignment", strawberry.lazy("app.graphql.locations.types")]

# Registered here, and imported from here by inputs, so the schema sees one definition of each.
describe_enum(
    Role,
    "What an API key may do.",
    {
        "ADMIN": "Everything, project-wide (never restricted).",
        "VIEWER": "Reads; restricted to its areas and stores when it has assignments.",
        "MANAGER": "Runs campaigns inside its areas and stores; publishes and redeems there.",
        "STORE": "A point-of-sale key: validates, redeems, publishes and rolls back at its stores.",
        "INGEST": "A back end's tracking key: tracks and imports events and creates or updates the customers "
        "they name (customerUpsert); it reads nothing (never restricted).",
        "CLIENT": "A public key shipped inside a web or mobile app: validate, qualifications, campaignsAt, "
        "eventTrack, wallet and walletChanged of the customer named, and codePublish where the campaign allows "
        "self-service; bound to its allowed origins and rate-limited per key and per client IP.",
    },
)
describe_enum(
    Permission,
    "One capability checked by the API.",
    {
        "PROJECT_READ": "Read project-wide data: code series, every job (unrestricted keys).",
        "CUSTOMERS_READ": "Read customers and their personal data: name, email, phone, metadata, location "
        "(unrestricted keys).",
        "CUSTOMERS_WRITE": "Create and change customers (customerUpsert, customersImport).",
        "PROJECT_WRITE": "Change project settings: areas, stores, geofences, series, categories, stacking rules.",
        "CAMPAIGNS_READ": "Read campaigns and their codes, publications and redemptions (within scope).",
        "CAMPAIGNS_WRITE": "Create, edit, run, clone and delete campaigns (within scope).",
        "CODES_PUBLISH": "Give customers codes (within scope).",
        "REDEEM": "Validate, redeem and roll back (within scope).",
        "SETTINGS_READ": "Read areas, stores, geofences, categories and stacking rules.",
        "API_KEYS_READ": "List API keys and follow their events.",
        "API_KEYS_MANAGE": "Create, restrict and revoke API keys.",
        "EVENTS_WRITE": "Track and import customer events (eventTrack, eventsTrack, eventsImport).",
        "SEGMENTS_WRITE": "Create, change and delete segments, and their members.",
        "WALLETS_ADJUST": "Add or take wallet points by hand (walletAdjust), inside the key's scope.",
        "WEBHOOKS_MANAGE": "Create, change and delete webhook endpoints, and read and redeliver their deliveries "
        "(ADMIN keys only: endpoints receive data of the whole project).",
        "VALIDATE": "validate and qualifications: what redeemables would do to an order, with no side effect.",
        "CAMPAIGNS_NEARBY": "campaignsAt: the campaigns running at a place.",
        "EVENT_TRACK": "eventTrack: one event of the customer named in the request.",
        "WALLET_READ": "wallet and walletChanged: the wallet of the customer named in the request.",
        "CODES_SELF_SERVICE": "codePublish for campaigns whose selfServicePublish is true (CLIENT keys).",
    },
)


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
    allowed_origins: list[str] = strawberry.field(
        description="CLIENT keys: the browser origins (scheme://host[:port]) allowed to use it."
    )
    model_id: strawberry.Private[uuid.UUID]

    @strawberry.field(description="Areas and stores the key is restricted to (none: the whole project).")
    async def assignments(self, info: Info) -> list[ASSIGNMENT]:
        from app.graphql.locations.types import Assignment

        def fetch(ids: list[uuid.UUID]) -> QuerySet[AssignmentModel]:
            return AssignmentModel.filter(subject_kind=SubjectKind.API_KEY, subject_id__in=ids).order_by("id")

        rows = await grouped(info.context, "key-access", fetch, lambda row: row.subject_id).load(self.model_id)
        return [Assignment.from_place(Place(row.level, row.area_id, row.store_id)) for row in rows]

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
            allowed_origins=list(key.allowed_origins),
            model_id=key.id,
        )


@strawberry.type(description="The API key making this request.")
class Viewer:
    name: str = strawberry.field(description="The key's name.")
    role: Role = strawberry.field(description="The key's role.")
    permissions: list[Permission] = strawberry.field(description="What the role allows (restricted or not).")
    restricted: bool = strawberry.field(
        description="Whether the key works only inside its assignments (MANAGER, STORE, or a VIEWER with some)."
    )
    api_key: ApiKey = strawberry.field(description="The key itself.")
    places: strawberry.Private[tuple[Place, ...]]

    @strawberry.field(description="Areas and stores the key is restricted to (none: the whole project).")
    def assignments(self) -> list[ASSIGNMENT]:
        from app.graphql.locations.types import Assignment

        return [Assignment.from_place(place) for place in self.places]

    @classmethod
    def from_credentials(cls, credentials: Credentials) -> Viewer:
        key, scope = credentials.key, credentials.scope
        return cls(
            name=key.name,
            role=key.role,
            permissions=sorted(scope.permissions),
            restricted=scope.restricted,
            api_key=ApiKey.from_model(key),
            places=scope.places,
        )


@strawberry.enum(description="What happened to an API key.")
class ApiKeyEventKind(Enum):
    CREATED = strawberry.enum_value("CREATED", description="A key was created.")
    REVOKED = strawberry.enum_value("REVOKED", description="A key was revoked.")
    ACCESS_CHANGED = strawberry.enum_value("ACCESS_CHANGED", description="A key's assignments changed.")


@strawberry.type(description="A change to the project's API keys, as it happens.")
class ApiKeyEvent:
    kind: ApiKeyEventKind = strawberry.field(description="What happened.")
    api_key: ApiKey = strawberry.field(description="The key concerned, after the change.")
    actor_prefix: str | None = strawberry.field(
        description="Prefix of the key that made the change (null when done from the CLI)."
    )
    at: datetime = strawberry.field(description="When it happened (UTC).")
