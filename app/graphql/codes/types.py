"""Code series, code, publication and inventory alert types."""

from __future__ import annotations

import uuid
from datetime import datetime

import strawberry
from strawberry.scalars import JSON
from tortoise.queryset import QuerySet

from app.campaigns.models import Campaign as CampaignModel
from app.campaigns.models import CampaignKind
from app.codes import models
from app.codes.models import AlertKind as AlertKind
from app.codes.models import Charset as Charset
from app.codes.models import SeriesKind as SeriesKind
from app.core.ids import encode_id
from app.customers.models import Customer as CustomerModel
from app.graphql.campaigns.types import Campaign
from app.graphql.codes.loaders import campaign_of_code
from app.graphql.context import Info
from app.graphql.customers.types import Customer
from app.graphql.enums import describe_enum
from app.graphql.loaders import by_id, grouped
from app.graphql.scalars import Amount
from app.redemptions.resolve import gift_balance

describe_enum(
    Charset,
    "Characters random code positions are drawn from.",
    {
        "ALPHANUMERIC": "A-Z, a-z and 0-9.",
        "ALPHABETIC": "A-Z and a-z.",
        "NUMBERS": "0-9.",
        "UPPERCASE": "A-Z.",
        "LOWERCASE": "a-z.",
        "CUSTOM": "The characters given in customCharset.",
    },
)
describe_enum(
    SeriesKind,
    "Where a series' codes come from.",
    {"GENERATED": "Random codes made by codesGenerate.", "PARTNER": "Third-party codes added by codesImport."},
)
describe_enum(
    AlertKind,
    "Inventory alert levels.",
    {"LOW_STOCK": "Availability fell to the low-stock threshold.", "EXHAUSTED": "Nothing is left."},
)


@strawberry.type(description="A pool of unique codes that campaigns draw from.")
class CodeSeries:
    id: strawberry.ID = strawberry.field(description="Opaque id.")
    name: str = strawberry.field(description="Unique name.")
    kind: SeriesKind = strawberry.field(description="Generated, or imported from a partner.")
    partner_name: str | None = strawberry.field(description="PARTNER: who issued the codes.")
    charset: Charset = strawberry.field(description="Characters of random positions.")
    custom_charset: str | None = strawberry.field(description="CUSTOM: the characters.")
    length: int = strawberry.field(description="Random characters per code (without a pattern).")
    prefix: str = strawberry.field(description="Text before each code.")
    postfix: str = strawberry.field(description="Text after each code.")
    pattern: str | None = strawberry.field(description="'#' marks random positions; overrides length.")
    total: int = strawberry.field(description="Codes in the series.")
    issued: int = strawberry.field(description="Codes handed out.")
    available: int = strawberry.field(description="Codes left to hand out.")
    low_stock_threshold: int | None = strawberry.field(description="Alert when this few are left.")
    created_at: datetime = strawberry.field(description="When it was created.")

    @classmethod
    def from_model(cls, series: models.CodeSeries) -> CodeSeries:
        return cls(
            id=strawberry.ID(encode_id("CodeSeries", series.id)),
            name=series.name,
            kind=series.kind,
            partner_name=series.partner_name,
            charset=series.charset,
            custom_charset=series.custom_charset,
            length=series.length,
            prefix=series.prefix,
            postfix=series.postfix,
            pattern=series.pattern,
            total=series.total,
            issued=series.issued,
            available=series.total - series.issued,
            low_stock_threshold=series.low_stock_threshold,
            created_at=series.created_at,
        )


@strawberry.type(description="A code.")
class Code:
    code: str = strawberry.field(description="The code as customers type it (matched ignoring case).")
    published_at: datetime | None = strawberry.field(description="When it was given to its holder.")
    expires_at: datetime | None = strawberry.field(description="Partner codes: expiry.")
    value: Amount | None = strawberry.field(description="Partner codes: value in minor units.")
    redeemed_count: int = strawberry.field(description="How many times it was redeemed (rollbacks give uses back).")
    created_at: datetime = strawberry.field(description="When it was created.")
    model: strawberry.Private[models.Code]
    series_id: strawberry.Private[uuid.UUID | None]
    campaign_id: strawberry.Private[uuid.UUID | None]
    holder_id: strawberry.Private[uuid.UUID | None]

    @strawberry.field(description="The series it belongs to (null for a campaign's shared code).")
    async def series(self, info: Info) -> CodeSeries | None:
        if self.series_id is None:
            return None
        series = await by_id(info.context, models.CodeSeries).load(self.series_id)
        return CodeSeries.from_model(series) if series else None

    @strawberry.field(description="The customer holding it (unique codes only).")
    async def holder(self, info: Info) -> Customer | None:
        if self.holder_id is None:
            return None
        customer = await by_id(info.context, CustomerModel).load(self.holder_id)
        return Customer.from_model(customer) if customer else None

    @strawberry.field(
        description="Campaigns this code belongs to (a series may feed several; restricted keys see theirs)."
    )
    async def campaigns(self, info: Info) -> list[Campaign]:
        if self.campaign_id is not None:
            campaign = await by_id(info.context, CampaignModel).load(self.campaign_id)
            return [Campaign.from_model(campaign)] if campaign else []

        def fetch(series_ids: list[uuid.UUID]) -> QuerySet[CampaignModel]:
            return CampaignModel.filter(code_series_id__in=series_ids).order_by("created_at")

        loader = grouped(info.context, "campaigns-by-series", fetch, lambda row: row.code_series_id)
        return [Campaign.from_model(row) for row in await loader.load(self.series_id)]

    @strawberry.field(
        description="Redemptions left under its campaign's `redemptionsPerCode` (null: unlimited, or a campaign "
        "the caller cannot see)."
    )
    async def remaining_uses(self, info: Info) -> int | None:
        campaign = await campaign_of_code(info.context).load(self.model)
        if campaign is None or campaign.redemptions_per_code is None:
            return None
        return max(0, campaign.redemptions_per_code - self.model.redeemed_count)

    @strawberry.field(description="Gift cards: the balance left, in minor units (null for other codes).")
    async def gift_balance(self, info: Info) -> Amount | None:
        campaign = await campaign_of_code(info.context).load(self.model)
        if campaign is None or campaign.kind is not CampaignKind.GIFT_CARD:
            return None
        return gift_balance(self.model, campaign)

    @strawberry.field(description="Published, available, or shared (SINGLE_CODE).")
    def status(self) -> str:
        if self.campaign_id is not None:
            return "SHARED"
        return "PUBLISHED" if self.holder_id is not None else "AVAILABLE"

    @classmethod
    def from_model(cls, code: models.Code) -> Code:
        return cls(
            code=code.code,
            published_at=code.published_at,
            expires_at=code.expires_at,
            value=code.value,
            redeemed_count=code.redeemed_count,
            created_at=code.created_at,
            model=code,
            series_id=code.series_id,
            campaign_id=code.campaign_id,
            holder_id=code.holder_id,
        )


@strawberry.type(description="A code given to a customer in a campaign.")
class Publication:
    id: strawberry.ID = strawberry.field(description="Opaque id.")
    channel: str = strawberry.field(description="Where it was published (API, EMAIL, …).")
    metadata: JSON = strawberry.field(description="Your own data.")
    source_id: str | None = strawberry.field(description="Your id for this publication.")
    created_at: datetime = strawberry.field(description="When it was published.")
    campaign_id: strawberry.Private[uuid.UUID]
    customer_id: strawberry.Private[uuid.UUID]
    code_id: strawberry.Private[int]

    @strawberry.field(description="The code given.")
    async def code(self, info: Info) -> Code:
        code = await by_id(info.context, models.Code).load(self.code_id)
        assert code is not None
        return Code.from_model(code)

    @strawberry.field(description="The campaign.")
    async def campaign(self, info: Info) -> Campaign | None:
        campaign = await by_id(info.context, CampaignModel).load(self.campaign_id)
        return Campaign.from_model(campaign) if campaign else None

    @strawberry.field(description="The customer.")
    async def customer(self, info: Info) -> Customer | None:
        customer = await by_id(info.context, CustomerModel).load(self.customer_id)
        return Customer.from_model(customer) if customer else None

    @classmethod
    def from_model(cls, publication: models.Publication) -> Publication:
        return cls(
            id=strawberry.ID(encode_id("Publication", publication.id)),
            channel=publication.channel,
            metadata=JSON(publication.metadata),
            source_id=publication.source_id,
            created_at=publication.created_at,
            campaign_id=publication.campaign_id,
            customer_id=publication.customer_id,
            code_id=publication.code_id,
        )


@strawberry.type(
    description="Stock (codes, a campaign's inventory or a points budget) fell to its low-stock threshold, or ran out."
)
class InventoryAlert:
    id: strawberry.ID = strawberry.field(description="Opaque id.")
    kind: AlertKind = strawberry.field(description="LOW_STOCK or EXHAUSTED.")
    series_id: strawberry.ID | None = strawberry.field(description="The series, for series stock.")
    campaign_id: strawberry.ID | None = strawberry.field(description="The campaign, for its inventory limit.")
    available: Amount = strawberry.field(description="What was left: codes, or points of a program's budget.")
    threshold: Amount | None = strawberry.field(description="The configured threshold.")
    at: datetime = strawberry.field(description="When.")
