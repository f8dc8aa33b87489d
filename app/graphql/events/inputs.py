"""Event inputs.

`EventTrackInput` declares the event rules as bounds, so eventTrack refuses a bad value before anything
runs. eventsTrack answers each event on its own, so its items declare only loose bounds (what no
event could mean: text with NUL or control characters, more than 1,000 characters, JSON over 256 KB);
the event rules are checked per item by the service, and a broken one refuses that item only.
"""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from app.events.validation import EventDraft
from app.graphql.constraints import IDEMPOTENCY_KEY, METADATA, Json, Line, Text
from app.graphql.customers.inputs import CustomerRefInput

EVENT_NAME = Line(100, min_length=1)
# eventsTrack items: the loosest bounds the boundary enforces; the event rules are judged per item.
LOOSE_TEXT = Text(1000)
LOOSE_JSON = Json(max_bytes=262_144, max_depth=32)
NAME_RULE = "1–100 characters of A–Z, a–z, 0–9, `_`, `.`, `:` and `-` (e.g. `order_paid`)."
WHEN_RULE = "When it happened, with a UTC offset (default: now); at most 5 minutes in the future."
PROPERTIES_RULE = 'A JSON object of at most 16 KB and 10 levels (e.g. `{"amount": 1200, "city": "Paris"}`).'
KEY_RULE = "A retry with the same key (1–200 characters) stores nothing and answers the first event."


@strawberry.input(description="One event to track.")
class EventTrackInput:
    customer: CustomerRefInput = strawberry.field(
        description="Whose event: an existing customer by id, or by sourceId (created if new)."
    )
    name: str = strawberry.field(directives=[EVENT_NAME], description=f"What happened: {NAME_RULE}")
    occurred_at: datetime | None = strawberry.field(default=None, description=WHEN_RULE)
    properties: JSON | None = strawberry.field(directives=[METADATA], default=None, description=PROPERTIES_RULE)
    idempotency_key: str | None = strawberry.field(directives=[IDEMPOTENCY_KEY], default=None, description=KEY_RULE)

    def draft(self) -> EventDraft:
        return EventDraft(
            name=self.name,
            customer_id=self.customer.id,
            source_id=self.customer.source_id,
            occurred_at=self.occurred_at,
            properties=self.properties,
            idempotency_key=self.idempotency_key,
        )


@strawberry.input(description="Whose event (eventsTrack): an existing customer by id, or by sourceId (created if new).")
class EventCustomerInput:
    id: strawberry.ID | None = strawberry.field(
        directives=[LOOSE_TEXT], default=None, description="Our id of an existing customer (checked per event)."
    )
    source_id: str | None = strawberry.field(
        directives=[LOOSE_TEXT], default=None, description="Your id, 1–200 characters (checked per event)."
    )


@strawberry.input(
    description="One event of eventsTrack; its rules are checked per event (a broken one refuses only it)."
)
class EventsTrackItemInput:
    customer: EventCustomerInput = strawberry.field(description="Whose event.")
    name: str = strawberry.field(directives=[LOOSE_TEXT], description=f"What happened: {NAME_RULE}")
    occurred_at: datetime | None = strawberry.field(default=None, description=WHEN_RULE)
    properties: JSON | None = strawberry.field(directives=[LOOSE_JSON], default=None, description=PROPERTIES_RULE)
    idempotency_key: str | None = strawberry.field(directives=[LOOSE_TEXT], default=None, description=KEY_RULE)

    def draft(self) -> EventDraft:
        return EventDraft(
            name=self.name,
            customer_id=self.customer.id,
            source_id=self.customer.source_id,
            occurred_at=self.occurred_at,
            properties=self.properties,
            idempotency_key=self.idempotency_key,
        )
