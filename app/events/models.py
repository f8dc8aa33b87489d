"""Customer events (append-only behaviour history) and the catalogue of names and property keys seen.

The layout is what segment definitions compile against (DESIGN §4, issue #11): one row per event,
`(customer_id, name, occurred_at)` for "did the customer do E in the window" and
`(name, occurred_at, customer_id)` for "who did E in the window". The hot paths write with raw SQL
(`app.events.ingest`); the models describe the tables for the migrations and for reads.
"""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from app.customers.models import Customer


class EventSource(StrEnum):
    """How an event arrived."""

    API = "API"  # eventTrack / eventsTrack: live behaviour
    IMPORT = "IMPORT"  # eventsImport: back-filled history (live triggers ignore it)


class JsonType(StrEnum):
    """A JSON value's type, as PostgreSQL's `jsonb_typeof` names it."""

    OBJECT = "object"
    ARRAY = "array"
    STRING = "string"
    NUMBER = "number"
    BOOLEAN = "boolean"
    NULL = "null"


class CustomerEvent(Model):
    """Something a customer did, with its properties (a JSON object of at most 16 KB)."""

    id = fields.BigIntField(primary_key=True)
    customer: fields.ForeignKeyRelation[Customer] = fields.ForeignKeyField(
        "models.Customer", on_delete=fields.CASCADE, related_name=False
    )
    customer_id: uuid.UUID
    name = fields.CharField(max_length=100)
    occurred_at = fields.DatetimeField()
    received_at = fields.DatetimeField(auto_now_add=True)
    properties: dict[str, Any] = fields.JSONField(default=dict)
    idempotency_key = fields.CharField(max_length=200, null=True, unique=True)
    source = fields.CharEnumField(EventSource, max_length=16)

    class Meta:
        table = "customer_event"
        indexes = (("customer_id", "name", "occurred_at"), ("name", "occurred_at", "customer_id"))


class EventName(Model):
    """An event name tracked at least once: how many of its events are stored, and their time span."""

    name = fields.CharField(max_length=100, primary_key=True)
    count = fields.BigIntField(default=0)
    first_seen_at = fields.DatetimeField()
    last_seen_at = fields.DatetimeField()

    class Meta:
        table = "event_name"


class EventProperty(Model):
    """A top-level property key seen on an event name, once per JSON type it was seen with."""

    id = fields.BigIntField(primary_key=True)
    name = fields.CharField(max_length=100)
    key = fields.CharField(max_length=200)
    json_type = fields.CharField(max_length=16)

    class Meta:
        table = "event_property"
        unique_together = (("name", "key", "json_type"),)
