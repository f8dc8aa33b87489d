"""Customers and events written straight into PostgreSQL, for segment tests."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from tortoise import connections

from app.core.time import utcnow


@dataclass
class Person:
    source_id: str
    metadata: dict[str, Any] = field(default_factory=dict)
    email: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    created_at: datetime | None = None
    id: uuid.UUID = field(default_factory=uuid.uuid4)


@dataclass
class Happened:
    who: str  # source id
    name: str
    ago: timedelta
    properties: dict[str, Any] = field(default_factory=dict)


async def load(people: list[Person], events: list[Happened], *, now: datetime | None = None) -> dict[str, uuid.UUID]:
    """Insert the customers and their events; their ids by source id."""
    now = now or utcnow()
    connection = connections.get("default")
    for index, person in enumerate(people):
        created = person.created_at or now - timedelta(days=400, seconds=index)
        await connection.execute_query(
            "INSERT INTO customer (id, source_id, name, email, metadata, latitude, longitude, created_at, updated_at) "
            "VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $8)",
            [
                person.id,
                person.source_id,
                person.source_id.title(),
                person.email,
                json.dumps(person.metadata),
                person.latitude,
                person.longitude,
                created,
            ],
        )
    ids = {person.source_id: person.id for person in people}
    for event in events:
        await connection.execute_query(
            "INSERT INTO customer_event (customer_id, name, occurred_at, received_at, properties, source) "
            "VALUES ($1, $2, $3, $4, $5::jsonb, 'API')",
            [ids[event.who], event.name, now - event.ago, now, json.dumps(event.properties)],
        )
    for name in {event.name for event in events}:
        await connection.execute_query(
            "INSERT INTO event_name (name, count, first_seen_at, last_seen_at) VALUES ($1, 1, $2, $2) "
            "ON CONFLICT (name) DO NOTHING",
            [name, now],
        )
    return ids
