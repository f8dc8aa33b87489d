"""`Customer.events`: a customer's events, newest first, paged with keyset cursors on (occurredAt, id)."""

from __future__ import annotations

import base64
import binascii
import uuid
from datetime import datetime

from app.core.bounds import EARLIEST, LATEST
from app.core.errors import InvalidInput
from app.events import services
from app.events.models import CustomerEvent as CustomerEventModel
from app.events.services import EventPosition
from app.events.validation import clean_name
from app.graphql.context import Info
from app.graphql.events.types import CustomerEvent
from app.graphql.loaders import picked
from app.graphql.pagination import Connection, Edge, PageInfo, check_page_size


def encode_event_cursor(position: EventPosition) -> str:
    raw = f"{position.at.isoformat()}|{position.id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_event_cursor(cursor: str | None) -> EventPosition | None:
    """The position in `cursor`; a malformed cursor is a validation error on `after`."""
    if cursor is None:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        at, _, key = base64.urlsafe_b64decode(padded.encode()).decode().partition("|")
        position = EventPosition(at=datetime.fromisoformat(at), id=int(key))
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise InvalidInput("The cursor is not one this API returned.", field="after") from exc
    if position.at.tzinfo is None or not EARLIEST <= position.at <= LATEST or not 0 < position.id < 2**63:
        raise InvalidInput("The cursor is not one this API returned.", field="after")
    return position


async def customer_events(
    info: Info, customer_id: uuid.UUID, *, first: int, after: str | None, name: str | None
) -> Connection[CustomerEvent]:
    """One page of the customer's events (one statement for every customer of the request asking the same)."""
    check_page_size(first, info.context.settings.max_page_size)
    position = decode_event_cursor(after)
    if name is not None:
        clean_name(name, field="name")

    async def pick(customer_ids: list[uuid.UUID]) -> list[int]:
        return await services.history_ids(customer_ids=customer_ids, name=name, first=first + 1, after=position)

    loader = picked(
        info.context,
        f"customer-events:{name}:{first}:{after}",
        pick,
        CustomerEventModel,
        lambda row: row.customer_id,
    )
    rows = await loader.load(customer_id)
    edges = [
        Edge(cursor=encode_event_cursor(EventPosition(row.occurred_at, row.id)), node=CustomerEvent.from_row(row))
        for row in rows[:first]
    ]
    return Connection(
        edges=edges, page_info=PageInfo(has_next_page=len(rows) > first, end_cursor=edges[-1].cursor if edges else None)
    )
