"""Customers."""

from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.models import Model


class Customer(Model):
    """A customer, known by our id and optionally by the client's own `source_id`."""

    id = fields.UUIDField(primary_key=True)
    source_id = fields.CharField(max_length=200, unique=True, null=True)
    name = fields.CharField(max_length=200, default="")
    email = fields.CharField(max_length=320, null=True)
    phone = fields.CharField(max_length=40, null=True)
    metadata: dict[str, Any] = fields.JSONField(default=dict)
    latitude = fields.FloatField(null=True)
    longitude = fields.FloatField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "customer"
        indexes = (("created_at", "id"), ("email",))
