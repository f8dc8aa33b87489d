"""Campaigns, their categories and their history."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model

from app.access.models import ApiKey


class CampaignKind(StrEnum):
    """What the campaign gives."""

    DISCOUNT = "DISCOUNT"
    GIFT_CARD = "GIFT_CARD"
    REFERRAL = "REFERRAL"
    LOYALTY = "LOYALTY"
    WALLET_POINTS = "WALLET_POINTS"
    PARTNER_VOUCHER = "PARTNER_VOUCHER"


class CodeMode(StrEnum):
    """How customers claim it."""

    SINGLE_CODE = "SINGLE_CODE"
    UNIQUE_CODES = "UNIQUE_CODES"
    NO_CODE = "NO_CODE"


class Targeting(StrEnum):
    """Who gets it; a campaign uses exactly one."""

    OPEN = "OPEN"
    PAST_BEHAVIOR = "PAST_BEHAVIOR"
    LIVE_ACTION = "LIVE_ACTION"
    CUSTOM_LIST = "CUSTOM_LIST"


class CampaignStatus(StrEnum):
    """Where the campaign is in its lifecycle (the bin is a separate flag, `deleted_at`)."""

    DRAFT = "DRAFT"
    SCHEDULED = "SCHEDULED"
    ACTIVE = "ACTIVE"
    PAUSED = "PAUSED"
    STOPPED = "STOPPED"
    EXPIRED = "EXPIRED"


class StackingType(StrEnum):
    """How a category's incentives combine with others."""

    JOINT = "JOINT"
    EXCLUSIVE = "EXCLUSIVE"
    COMMON = "COMMON"


class HistoryKind(StrEnum):
    """What a history entry records."""

    CREATED = "CREATED"
    UPDATED = "UPDATED"
    STATUS_CHANGED = "STATUS_CHANGED"
    CLONED = "CLONED"
    DELETED = "DELETED"
    RESTORED = "RESTORED"


class Category(Model):
    """A stacking category: lower hierarchy applies first."""

    id = fields.UUIDField(primary_key=True)
    name = fields.CharField(max_length=100, unique=True)
    hierarchy = fields.IntField()
    stacking_type = fields.CharEnumField(StackingType, max_length=16)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "category"


class Campaign(Model):
    """An incentive campaign; `version` grows with every change (optimistic concurrency)."""

    id = fields.UUIDField(primary_key=True)
    name = fields.CharField(max_length=200, unique=True)
    description = fields.TextField(default="")
    kind = fields.CharEnumField(CampaignKind, max_length=24)
    code_mode = fields.CharEnumField(CodeMode, max_length=16)
    targeting = fields.CharEnumField(Targeting, max_length=16)
    reward: dict[str, Any] = fields.JSONField()
    currency = fields.CharField(max_length=3)
    starts_at = fields.DatetimeField(null=True)
    ends_at = fields.DatetimeField(null=True)
    time_zone = fields.CharField(max_length=64, default="UTC")
    category: fields.ForeignKeyNullableRelation[Category] = fields.ForeignKeyField(
        "models.Category", null=True, on_delete=fields.RESTRICT, related_name="campaigns"
    )
    metadata: dict[str, Any] = fields.JSONField(default=dict)
    inventory_limit = fields.IntField(null=True)
    published_count = fields.IntField(default=0)
    low_stock_threshold = fields.IntField(null=True)
    join_once = fields.BooleanField(default=True)
    # Public CLIENT keys (web and mobile apps) may publish its codes to the customer they name.
    self_service_publish = fields.BooleanField(default=False)
    redemptions_per_code = fields.IntField(null=True)
    validation_rules: list[dict[str, Any]] = fields.JSONField(default=list)
    rules_expression: Any = fields.JSONField(null=True)
    applies_to_products: list[str] = fields.JSONField(default=list)
    applies_to_categories: list[str] = fields.JSONField(default=list)
    # PAST_BEHAVIOR: a FILTER segment; CUSTOM_LIST: a LIST or UPLOADED one (who distributions reward).
    segment_id = fields.UUIDField(null=True)
    code_series: fields.ForeignKeyNullableRelation[Any] = fields.ForeignKeyField(
        "models.CodeSeries", null=True, on_delete=fields.RESTRICT, related_name="campaigns"
    )
    status = fields.CharEnumField(CampaignStatus, max_length=16, default=CampaignStatus.DRAFT)
    deleted_at = fields.DatetimeField(null=True)
    version = fields.IntField(default=1)
    created_by: fields.ForeignKeyNullableRelation[ApiKey] = fields.ForeignKeyField(
        "models.ApiKey", null=True, on_delete=fields.SET_NULL, related_name=False
    )
    updated_by: fields.ForeignKeyNullableRelation[ApiKey] = fields.ForeignKeyField(
        "models.ApiKey", null=True, on_delete=fields.SET_NULL, related_name=False
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "campaign"
        indexes = (("status", "starts_at"), ("status", "ends_at"), ("created_at", "id"))

    category_id: Any
    code_series_id: Any
    created_by_id: Any
    updated_by_id: Any


class CampaignHistory(Model):
    """One change to a campaign: who (a key, or the scheduler when null), when, what."""

    id = fields.BigIntField(primary_key=True)
    campaign: fields.ForeignKeyRelation[Campaign] = fields.ForeignKeyField(
        "models.Campaign", on_delete=fields.CASCADE, related_name="history"
    )
    kind = fields.CharEnumField(HistoryKind, max_length=24)
    actor: fields.ForeignKeyNullableRelation[ApiKey] = fields.ForeignKeyField(
        "models.ApiKey", null=True, on_delete=fields.SET_NULL, related_name=False
    )
    changes: list[dict[str, Any]] = fields.JSONField(default=list)
    from_status = fields.CharEnumField(CampaignStatus, max_length=16, null=True)
    to_status = fields.CharEnumField(CampaignStatus, max_length=16, null=True)
    source_campaign_id = fields.UUIDField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "campaign_history"
        indexes = (("campaign_id", "id"),)

    campaign_id: Any
    actor_id: Any
