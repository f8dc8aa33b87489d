"""The rules one event must follow, checked the same way for eventTrack, each eventsTrack item and each
imported row (so one bad event is refused on its own, naming its field)."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from app.core.bounds import EARLIEST, MAX_JSON_BYTES, MAX_JSON_DEPTH, OutOfBounds, check_string, encode_json
from app.core.errors import DomainError, InvalidInput
from app.core.ids import decode_id
from app.customers.services import clean_source_id

MAX_NAME_LENGTH = 100
NAME_CHARACTERS = re.compile(r"[A-Za-z0-9_.:-]+")
MAX_IDEMPOTENCY_KEY_LENGTH = 200
MAX_PROPERTIES_BYTES = MAX_JSON_BYTES  # 16 KB, the bound every JSON input shares
# Clocks drift: an event stamped a little ahead of this server's clock is fine, one from the future is not.
FUTURE_TOLERANCE = timedelta(minutes=5)


@dataclass(slots=True)
class EventDraft:
    """One event as a client sent it, unchecked; the customer by opaque `customer_id` or by `source_id`."""

    name: str
    customer_id: str | None = None
    source_id: str | None = None
    occurred_at: datetime | None = None
    properties: Any = None
    idempotency_key: str | None = None


@dataclass(slots=True)
class CleanEvent:
    """An event that follows every rule; `properties_json` is what is stored."""

    customer_id: uuid.UUID | None
    source_id: str | None
    name: str
    occurred_at: datetime
    properties: dict[str, Any]
    properties_json: str
    idempotency_key: str | None


def clean_name(name: str, *, field: str) -> str:
    """An event name: 1–100 characters of A–Z, a–z, 0–9 and `_ . : -`."""
    if len(name) > MAX_NAME_LENGTH:
        raise OutOfBounds("TOO_LONG", f"Event names have at most {MAX_NAME_LENGTH} characters.", field=field)
    if not name:
        raise OutOfBounds("TOO_SHORT", "The event name must not be empty.", field=field)
    if NAME_CHARACTERS.fullmatch(name) is None:
        raise OutOfBounds(
            "INVALID_CHARACTERS", "Event names use only the characters A–Z, a–z, 0–9, _ . : and -.", field=field
        )
    return name


def clean_occurred_at(occurred_at: datetime | None, *, now: datetime, field: str) -> datetime:
    """When it happened (default: now); not more than FUTURE_TOLERANCE ahead of `now`."""
    if occurred_at is None:
        return now
    if occurred_at.tzinfo is None:
        raise InvalidInput("Give the time with a UTC offset.", field=field)
    if occurred_at < EARLIEST:
        raise OutOfBounds("OUT_OF_RANGE", f"Events happened after {EARLIEST:%Y-%m-%d}.", field=field)
    if occurred_at > now + FUTURE_TOLERANCE:
        minutes = int(FUTURE_TOLERANCE.total_seconds() // 60)
        raise OutOfBounds(
            "OUT_OF_RANGE",
            f"The event is more than {minutes} minutes in the future; send when it happened.",
            field=field,
        )
    return occurred_at.astimezone(UTC)


def clean_properties(properties: Any, *, field: str) -> tuple[dict[str, Any], str]:
    """A JSON object of at most 16 KB and 10 levels, and its stored text."""
    if properties is None:
        return {}, "{}"
    if not isinstance(properties, dict):
        raise InvalidInput("Properties must be a JSON object (keys and values).", field=field)
    encoded = encode_json(properties, field=field, max_bytes=MAX_PROPERTIES_BYTES, max_depth=MAX_JSON_DEPTH)
    return properties, encoded.decode()


def clean_idempotency_key(key: str | None, *, field: str) -> str | None:
    if key is None:
        return None
    return check_string(key, field=field, max_length=MAX_IDEMPOTENCY_KEY_LENGTH, min_length=1)


def clean_event(draft: EventDraft, *, now: datetime, prefix: str = "") -> CleanEvent:
    """`draft` checked against every rule; the first broken one is raised, naming `prefix` + its field."""
    try:
        return _clean(draft, now)
    except DomainError as exc:
        raise prefixed(exc, prefix) from None


def prefixed(exc: DomainError, prefix: str) -> DomainError:
    """`exc` with `prefix` before its field (named on failure only: most events break no rule)."""
    if prefix:
        exc.field = f"{prefix}{exc.field}" if exc.field else prefix.rstrip(".")
    return exc


def _clean(draft: EventDraft, now: datetime) -> CleanEvent:
    customer_id = None
    source_id = None
    if (draft.customer_id is None) == (draft.source_id is None):
        raise InvalidInput("Identify the customer by id or by sourceId (one of them).", field="customer")
    if draft.customer_id is not None:
        customer_id = decode_id("Customer", draft.customer_id, field="customer.id")
    else:
        assert draft.source_id is not None
        check_string(draft.source_id, field="customer.sourceId", max_length=200)
        source_id = clean_source_id(draft.source_id, "customer.sourceId")
    properties, properties_json = clean_properties(draft.properties, field="properties")
    return CleanEvent(
        customer_id=customer_id,
        source_id=source_id,
        name=clean_name(draft.name, field="name"),
        occurred_at=clean_occurred_at(draft.occurred_at, now=now, field="occurredAt"),
        properties=properties,
        properties_json=properties_json,
        idempotency_key=clean_idempotency_key(draft.idempotency_key, field="idempotencyKey"),
    )
