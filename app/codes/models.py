"""Code series, codes, publications and inventory alerts."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model

from app.campaigns.models import Campaign
from app.customers.models import Customer


class Charset(StrEnum):
    """Characters random code positions are drawn from."""

    ALPHANUMERIC = "ALPHANUMERIC"
    ALPHABETIC = "ALPHABETIC"
    NUMBERS = "NUMBERS"
    UPPERCASE = "UPPERCASE"
    LOWERCASE = "LOWERCASE"
    CUSTOM = "CUSTOM"


class SeriesKind(StrEnum):
    """Where a series' codes come from."""

    GENERATED = "GENERATED"
    PARTNER = "PARTNER"


class AlertKind(StrEnum):
    """Inventory alert levels."""

    LOW_STOCK = "LOW_STOCK"
    EXHAUSTED = "EXHAUSTED"


class CodeSeries(Model):
    """A pool of unique codes; `issued` is the cursor publications advance atomically."""

    id = fields.UUIDField(primary_key=True)
    name = fields.CharField(max_length=200, unique=True)
    kind = fields.CharEnumField(SeriesKind, max_length=16, default=SeriesKind.GENERATED)
    partner_name = fields.CharField(max_length=200, null=True)
    charset = fields.CharEnumField(Charset, max_length=16, default=Charset.ALPHANUMERIC)
    custom_charset = fields.CharField(max_length=256, null=True)
    length = fields.IntField(default=8)
    prefix = fields.CharField(max_length=50, default="")
    postfix = fields.CharField(max_length=50, default="")
    pattern = fields.CharField(max_length=100, null=True)
    total = fields.IntField(default=0)
    requested = fields.IntField(default=0)
    issued = fields.IntField(default=0)
    low_stock_threshold = fields.IntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "code_series"


class CodeRange(Model):
    """Ordinals of a series written by a generation batch that committed ahead of an earlier batch.

    Generation writes several ranges in parallel; `code_series.total` only moves over contiguous
    ordinals, absorbing (and deleting) these rows. Rows left after a crash tell a resumed generation
    which ranges are already written.
    """

    id = fields.BigIntField(primary_key=True)
    series_id = fields.UUIDField()
    first_ordinal = fields.IntField()
    count = fields.IntField()

    class Meta:
        table = "code_range"
        unique_together = (("series_id", "first_ordinal"),)


class Code(Model):
    """A code. Series codes have an ordinal (1..total); a single-code campaign's code has none."""

    id = fields.BigIntField(primary_key=True)
    # A plain column, not a foreign key: the FK check costs a third of a million-code COPY, and series
    # are never deleted.
    series_id = fields.UUIDField(null=True)
    # Plain columns rather than foreign keys: on a million-code COPY each (even NULL) FK check costs
    # about as much as the COPY's own index work. Campaign deletion removes its shared code itself;
    # holders are set only from existing customers.
    campaign_id = fields.UUIDField(null=True)
    code = fields.CharField(max_length=200)
    code_key = fields.CharField(max_length=200, unique=True)
    ordinal = fields.IntField(null=True)
    holder_id = fields.UUIDField(null=True)
    published_at = fields.DatetimeField(null=True)
    expires_at = fields.DatetimeField(null=True)
    value = fields.IntField(null=True)
    redeemed_count = fields.IntField(default=0)
    gift_spent = fields.BigIntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "code"
        # The holder index is a partial one (WHERE holder_id IS NOT NULL), written in the migration:
        # freshly generated codes, which nobody holds yet, skip it.
        unique_together = (("series_id", "ordinal"),)


class Publication(Model):
    """A code given to a customer in a campaign."""

    id = fields.UUIDField(primary_key=True)
    campaign: fields.ForeignKeyRelation[Campaign] = fields.ForeignKeyField(
        "models.Campaign", on_delete=fields.CASCADE, related_name="publications"
    )
    customer: fields.ForeignKeyRelation[Customer] = fields.ForeignKeyField(
        "models.Customer", on_delete=fields.CASCADE, related_name="publications"
    )
    code: fields.ForeignKeyRelation[Code] = fields.ForeignKeyField(
        "models.Code", on_delete=fields.CASCADE, related_name="publications"
    )
    series_id = fields.UUIDField(null=True)
    channel = fields.CharField(max_length=64, default="API")
    metadata: dict[str, Any] = fields.JSONField(default=dict)
    source_id = fields.CharField(max_length=200, null=True)
    idempotency_key = fields.CharField(max_length=200, null=True)
    join_once = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "publication"
        unique_together = (("campaign", "source_id"), ("campaign", "idempotency_key"))
        indexes = (("customer_id", "created_at"), ("campaign_id", "created_at"), ("created_at", "id"))

    campaign_id: Any
    customer_id: Any
    code_id: Any


class InventoryAlert(Model):
    """Stock of a series or a campaign fell to its threshold, or ran out; stored once per level."""

    id = fields.UUIDField(primary_key=True)
    scope_key = fields.CharField(max_length=80)
    kind = fields.CharEnumField(AlertKind, max_length=16)
    level = fields.BigIntField()
    series_id = fields.UUIDField(null=True)
    campaign_id = fields.UUIDField(null=True)
    available = fields.BigIntField()
    threshold = fields.BigIntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "inventory_alert"
        unique_together = (("scope_key", "kind", "level"),)
