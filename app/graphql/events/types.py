"""Event types: a customer's event, the catalogue of names and property keys."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Protocol

import strawberry
from strawberry.scalars import JSON

from app.access.models import Permission
from app.core.ids import encode_id
from app.events.models import EventSource, JsonType
from app.events.services import CatalogEntry
from app.graphql.context import Info
from app.graphql.enums import describe_enum
from app.graphql.loaders import by_id
from app.graphql.permissions import hidden_without

if TYPE_CHECKING:
    from app.graphql.customers.types import Customer

describe_enum(
    EventSource,
    "How an event arrived.",
    {
        "API": "Tracked live with eventTrack or eventsTrack.",
        "IMPORT": "Back-filled with eventsImport (live triggers ignore it).",
    },
)
describe_enum(
    JsonType,
    "The type of a JSON value.",
    {
        "OBJECT": "An object.",
        "ARRAY": "An array.",
        "STRING": "A string.",
        "NUMBER": "A number.",
        "BOOLEAN": "true or false.",
        "NULL": "null.",
    },
)


class EventRow(Protocol):
    """What an event type is built from: a stored row (ORM or raw)."""

    @property
    def id(self) -> int: ...
    @property
    def customer_id(self) -> uuid.UUID: ...
    @property
    def name(self) -> str: ...
    @property
    def occurred_at(self) -> datetime: ...
    @property
    def received_at(self) -> datetime: ...
    @property
    def properties(self) -> dict[str, object]: ...
    @property
    def source(self) -> EventSource: ...


@strawberry.type(description="Something a customer did.")
class CustomerEvent:
    id: strawberry.ID = strawberry.field(description="Opaque id.")
    name: str = strawberry.field(description="What happened, e.g. `order_paid`.")
    occurred_at: datetime = strawberry.field(description="When it happened (UTC).")
    received_at: datetime = strawberry.field(description="When the API stored it (UTC).")
    properties: JSON | None = strawberry.field(
        description="Its properties (a JSON object). Null for keys without the CUSTOMERS_READ permission.",
        extensions=hidden_without(Permission.CUSTOMERS_READ),
    )
    source: EventSource = strawberry.field(description="How it arrived.")
    customer_id: strawberry.Private[uuid.UUID]

    @strawberry.field(description="Whose event it is (null when the key may not see the customer).")
    async def customer(self, info: Info) -> Annotated[Customer, strawberry.lazy("app.graphql.customers.types")] | None:
        from app.customers.models import Customer as CustomerModel
        from app.graphql.customers.types import Customer

        found = await by_id(info.context, CustomerModel).load(self.customer_id)
        return Customer.from_model(found) if found else None

    @classmethod
    def from_row(cls, row: EventRow) -> CustomerEvent:
        return cls(
            id=strawberry.ID(encode_id("CustomerEvent", row.id)),
            name=row.name,
            occurred_at=row.occurred_at,
            received_at=row.received_at,
            properties=JSON(row.properties),
            source=row.source,
            customer_id=row.customer_id,
        )


@strawberry.type(description="A property key of an event name and the JSON types its values had.")
class EventPropertyKey:
    key: str = strawberry.field(description="The top-level key in `properties`.")
    types: list[JsonType] = strawberry.field(description="Every JSON type a value of this key was seen with.")


@strawberry.type(description="An event name tracked at least once, for building segment filters.")
class EventCatalogEntry:
    name: str = strawberry.field(description="The event name.")
    count: int = strawberry.field(description="How many of its events are stored (retention deletes lower it).")
    first_seen_at: datetime = strawberry.field(description="When its oldest stored event happened.")
    last_seen_at: datetime = strawberry.field(description="When its most recent event happened.")
    properties: list[EventPropertyKey] = strawberry.field(
        description="Top-level property keys ever seen on it, alphabetically, with their JSON types."
    )

    @classmethod
    def from_entry(cls, entry: CatalogEntry) -> EventCatalogEntry:
        return cls(
            name=entry.name,
            count=entry.count,
            first_seen_at=entry.first_seen_at,
            last_seen_at=entry.last_seen_at,
            properties=[
                EventPropertyKey(key=key, types=[JsonType(value) for value in types])
                for key, types in entry.properties.items()
            ],
        )
