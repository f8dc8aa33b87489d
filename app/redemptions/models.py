"""Redemptions, their lines, counters, referrals and the project's stacking rules."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model


class RedemptionStatus(StrEnum):
    SUCCEEDED = "SUCCEEDED"
    ROLLED_BACK = "ROLLED_BACK"


class StackingSettings(Model):
    """The project's stacking rules (one row)."""

    id = fields.IntField(primary_key=True)
    redeemables_limit = fields.IntField(default=30)
    applicable_limit = fields.IntField(default=5)
    applicable_exclusive_limit = fields.IntField(default=1)
    category_limit = fields.IntField(null=True)
    application_mode = fields.CharField(max_length=16, default="PARTIAL")
    sorting = fields.CharField(max_length=24, default="CATEGORY_HIERARCHY")
    no_effect = fields.CharField(max_length=16, default="SKIP")
    calculation_base = fields.CharField(max_length=24, default="DISCOUNTED_AMOUNT")
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "stacking_settings"


class Counter(Model):
    """A limit or budget counter, moved only by conditional single statements."""

    name = fields.CharField(max_length=300, primary_key=True)
    used = fields.BigIntField(default=0)

    class Meta:
        table = "redemption_counter"


class Redemption(Model):
    """One successful redeem call: the order, the result, and what it moved (for rollback)."""

    id = fields.UUIDField(primary_key=True)
    idempotency_key = fields.CharField(max_length=200, null=True, unique=True)
    customer_id = fields.UUIDField(null=True)
    # Plain columns, not foreign keys: the record of where it happened outlives the store.
    store_id = fields.UUIDField(null=True)
    area_id = fields.UUIDField(null=True)
    currency = fields.CharField(max_length=3)
    amount = fields.BigIntField()
    discount = fields.BigIntField()
    amount_after_discounts = fields.BigIntField()
    gift_spent = fields.BigIntField()
    amount_due = fields.BigIntField()
    order: dict[str, Any] = fields.JSONField()
    result: dict[str, Any] = fields.JSONField()
    moves: list[dict[str, Any]] = fields.JSONField(default=list)
    metadata: dict[str, Any] = fields.JSONField(default=dict)
    status = fields.CharEnumField(RedemptionStatus, max_length=16, default=RedemptionStatus.SUCCEEDED)
    rollback_reason = fields.TextField(null=True)
    rollback_key = fields.CharField(max_length=200, null=True, unique=True)
    rolled_back_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "redemption"
        # (store_id, created_at) and (area_id, created_at) are partial indexes (migration 24): most
        # redemptions have neither, and a plain index would take an entry for each of them.
        indexes = (("created_at", "id"), ("customer_id", "created_at"))


class RedemptionLine(Model):
    """One incentive applied in a redemption."""

    id = fields.BigIntField(primary_key=True)
    redemption: fields.ForeignKeyRelation[Redemption] = fields.ForeignKeyField(
        "models.Redemption", on_delete=fields.CASCADE, related_name="lines"
    )
    campaign_id = fields.UUIDField()
    code_id = fields.BigIntField(null=True)
    discount = fields.BigIntField()
    gift_spent = fields.BigIntField()

    class Meta:
        table = "redemption_line"
        indexes = (("campaign_id",), ("code_id",), ("redemption_id",))  # the lines of a redemption (loader, cascade)

    redemption_id: Any


class Referral(Model):
    """A referral code of an advocate redeemed by another customer."""

    id = fields.UUIDField(primary_key=True)
    campaign_id = fields.UUIDField()
    code_id = fields.BigIntField()
    advocate_id = fields.UUIDField()
    referee_id = fields.UUIDField()
    redemption: fields.ForeignKeyRelation[Redemption] = fields.ForeignKeyField(
        "models.Redemption", on_delete=fields.CASCADE, related_name="referrals"
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    redemption_id: Any

    class Meta:
        table = "referral"
