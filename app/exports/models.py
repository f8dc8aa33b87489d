"""Exports: what was asked for, by whom, and the file a job wrote (its progress lives on the job)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model


class ExportObject(StrEnum):
    """What an export lists, one row per object."""

    CODES = "CODES"
    PUBLICATIONS = "PUBLICATIONS"
    REDEMPTIONS = "REDEMPTIONS"
    CUSTOMERS = "CUSTOMERS"
    CAMPAIGNS = "CAMPAIGNS"
    WALLET_TRANSACTIONS = "WALLET_TRANSACTIONS"
    DELIVERIES = "DELIVERIES"
    EVENTS = "EVENTS"


class Export(Model):
    """One requested CSV export; the job with the same lifetime reports its progress."""

    id = fields.UUIDField(primary_key=True)
    object = fields.CharEnumField(ExportObject, max_length=24)
    columns: list[str] = fields.JSONField(default=list)
    criteria: dict[str, Any] = fields.JSONField(default=dict)
    job_id = fields.UUIDField(null=True)
    created_by_id = fields.UUIDField(null=True, description="The API key (null: the `promo` CLI).")
    file_name = fields.CharField(max_length=200, null=True, description="Inside EXPORTS_DIR, once written.")
    row_count = fields.BigIntField(null=True)
    size_bytes = fields.BigIntField(null=True)
    expires_at = fields.DatetimeField(null=True)
    file_deleted_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "export"
        indexes = (("created_by_id", "created_at"), ("expires_at",))
