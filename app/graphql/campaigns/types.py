"""Campaign, category, reward and history types."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.scalars import JSON
from tortoise.queryset import QuerySet

from app.access.models import ApiKey as ApiKeyModel
from app.access.models import Permission
from app.campaigns import models
from app.campaigns.models import CampaignKind as CampaignKind
from app.campaigns.models import CampaignStatus as CampaignStatus
from app.campaigns.models import CodeMode as CodeMode
from app.campaigns.models import HistoryKind as HistoryKind
from app.campaigns.models import StackingType as StackingType
from app.campaigns.models import Targeting as Targeting
from app.campaigns.validation import DiscountType as DiscountType
from app.campaigns.validation import Reward as RewardModel
from app.campaigns.validation import RewardType as RewardType
from app.core.ids import encode_id
from app.graphql.access.types import ApiKey
from app.graphql.constraints import CURSOR, PAGE_SIZE
from app.graphql.context import Info
from app.graphql.enums import describe_enum
from app.graphql.loaders import by_id, grouped
from app.graphql.pagination import Connection
from app.graphql.permissions import hidden_without
from app.graphql.scalars import Amount

if TYPE_CHECKING:
    from app.graphql.codes.types import CodeSeries
    from app.graphql.exports.types import CampaignStats
    from app.graphql.locations.types import Assignment
    from app.graphql.segments.types import Segment
    from app.graphql.triggers.types import TriggerStats
    from app.graphql.wallets.types import WalletProgramSettings

describe_enum(
    CampaignKind,
    "What a campaign gives.",
    {
        "DISCOUNT": "Money off an order or its items.",
        "GIFT_CARD": "A balance spent across orders.",
        "REFERRAL": "A reward for bringing a new customer with a referral code.",
        "LOYALTY": "Points for buying.",
        "WALLET_POINTS": "Points held in a customer's wallet.",
        "PARTNER_VOUCHER": "A third party's voucher codes.",
    },
)
describe_enum(
    CodeMode,
    "How customers claim the incentive.",
    {
        "SINGLE_CODE": "One shared code everybody types.",
        "UNIQUE_CODES": "A code per customer, drawn from a series.",
        "NO_CODE": "An automatic promotion, redeemed by campaign id.",
    },
)
describe_enum(
    Targeting,
    "Who gets the incentive; a campaign uses exactly one.",
    {
        "OPEN": "Anyone.",
        "PAST_BEHAVIOR": "Customers chosen by what they did before.",
        "LIVE_ACTION": "Customers when they act (or fail to act).",
        "CUSTOM_LIST": "Customers given explicitly.",
    },
)
describe_enum(
    CampaignStatus,
    "Where a campaign is in its lifecycle.",
    {
        "DRAFT": "Being prepared; not redeemable.",
        "SCHEDULED": "Activated; starts at its start date.",
        "ACTIVE": "Running: codes are published and redeemed.",
        "PAUSED": "Stopped for now; may resume.",
        "STOPPED": "Stopped for good.",
        "EXPIRED": "Past its end date.",
    },
)
describe_enum(
    StackingType,
    "How a category's incentives combine with others.",
    {
        "JOINT": "Combines with every other incentive.",
        "EXCLUSIVE": "Applies alone (the others are skipped).",
        "COMMON": "Combines within the project's stacking limits.",
    },
)
describe_enum(
    DiscountType,
    "How a discount is computed.",
    {
        "PERCENT": "A percentage off (optionally capped).",
        "AMOUNT": "A fixed amount off.",
        "FIXED": "The price becomes a fixed amount.",
        "UNIT": "Free units of a product (added when missing).",
    },
)
describe_enum(
    RewardType,
    "What a campaign gives, as one value.",
    {
        "PERCENT": "A percentage off.",
        "AMOUNT": "A fixed amount off.",
        "FIXED": "A fixed price.",
        "UNIT": "Free units of a product.",
        "GIFT_AMOUNT": "A gift card balance.",
        "POINTS": "Loyalty or wallet points.",
    },
)
describe_enum(
    HistoryKind,
    "What a history entry records.",
    {
        "CREATED": "The campaign was created.",
        "UPDATED": "Fields or assignments changed.",
        "STATUS_CHANGED": "Its status changed.",
        "CLONED": "It was created as a copy of another.",
        "DELETED": "It went to the bin.",
        "RESTORED": "It came back from the bin.",
    },
)


@strawberry.enum(description="Who or what caused a status change.")
class ChangeCause(Enum):
    API_KEY = strawberry.enum_value("API_KEY", description="A request made with an API key.")
    SCHEDULER = strawberry.enum_value("SCHEDULER", description="The scheduler (start or end reached).")


@strawberry.type(description="A stacking category: lower hierarchy applies first.")
class Category:
    id: strawberry.ID = strawberry.field(description="Opaque id.")
    name: str = strawberry.field(description="Unique name.")
    hierarchy: int = strawberry.field(description="Application order (0 first).")
    stacking_type: StackingType = strawberry.field(description="JOINT, EXCLUSIVE or COMMON.")
    created_at: datetime = strawberry.field(description="When it was created.")
    updated_at: datetime = strawberry.field(description="When it last changed.")

    @classmethod
    def from_model(cls, category: models.Category) -> Category:
        return cls(
            id=strawberry.ID(encode_id("Category", category.id)),
            name=category.name,
            hierarchy=category.hierarchy,
            stacking_type=category.stacking_type,
            created_at=category.created_at,
            updated_at=category.updated_at,
        )


@strawberry.type(description="A discount; only the fields of its type are set.")
class Discount:
    type: DiscountType = strawberry.field(description="How the discount is computed.")
    percent_off: float | None = strawberry.field(description="PERCENT: the percentage (0–100].")
    max_discount: Amount | None = strawberry.field(description="PERCENT: cap, in minor units.")
    amount_off: Amount | None = strawberry.field(description="AMOUNT: off, in minor units.")
    fixed_price: Amount | None = strawberry.field(description="FIXED: the new price, in minor units.")
    unit_quantity: int | None = strawberry.field(description="UNIT: how many free units.")
    unit_product: str | None = strawberry.field(description="UNIT: the free product.")
    unit_price: Amount | None = strawberry.field(description="UNIT: its price when it is added to an order.")


@strawberry.type(description="What the campaign gives: one of discount, gift amount or points.")
class Reward:
    discount: Discount | None = strawberry.field(description="For discount-like campaigns.")
    gift_amount: Amount | None = strawberry.field(description="For gift cards, in minor units.")
    points: Amount | None = strawberry.field(description="For loyalty and wallet points.")

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Reward:
        reward = RewardModel.from_json(data)
        discount = reward.discount
        return cls(
            discount=Discount(
                type=discount.type,
                percent_off=discount.percent_off,
                max_discount=discount.max_discount,
                amount_off=discount.amount_off,
                fixed_price=discount.fixed_price,
                unit_quantity=discount.unit_quantity,
                unit_product=discount.unit_product,
                unit_price=discount.unit_price,
            )
            if discount
            else None,
            gift_amount=reward.gift_amount,
            points=reward.points,
        )


@strawberry.type(description="One field's change in a history entry.")
class FieldChange:
    field: str = strawberry.field(description="The field (as named in the API).")
    old: JSON | None = strawberry.field(description="Value before.")
    new: JSON | None = strawberry.field(description="Value after.")


@strawberry.type(description="One change to a campaign, who made it and when.")
class CampaignHistoryEntry:
    id: strawberry.ID = strawberry.field(description="Opaque id.")
    kind: HistoryKind = strawberry.field(description="What happened.")
    changes: list[FieldChange] = strawberry.field(description="Field edits (UPDATED only).")
    from_status: CampaignStatus | None = strawberry.field(description="Status before a transition.")
    to_status: CampaignStatus | None = strawberry.field(description="Status after a transition.")
    source_campaign_id: strawberry.ID | None = strawberry.field(description="CLONED: the source.")
    cause: ChangeCause = strawberry.field(description="An API key, or the scheduler.")
    at: datetime = strawberry.field(description="When (UTC).")
    actor_id: strawberry.Private[uuid.UUID | None]

    @strawberry.field(description="The key that made the change (null for the scheduler or a deleted key).")
    async def actor(self, info: Info) -> ApiKey | None:
        if self.actor_id is None:
            return None
        key = await by_id(info.context, ApiKeyModel).load(self.actor_id)
        return ApiKey.from_model(key) if key else None

    @classmethod
    def from_model(cls, entry: models.CampaignHistory) -> CampaignHistoryEntry:
        return cls(
            id=strawberry.ID(encode_id("CampaignHistory", uuid.UUID(int=entry.id))),
            kind=entry.kind,
            changes=[FieldChange(field=c["field"], old=c["old"], new=c["new"]) for c in entry.changes],
            from_status=entry.from_status,
            to_status=entry.to_status,
            source_campaign_id=strawberry.ID(encode_id("Campaign", entry.source_campaign_id))
            if entry.source_campaign_id
            else None,
            cause=ChangeCause.API_KEY if entry.actor_id else ChangeCause.SCHEDULER,
            at=entry.created_at,
            actor_id=entry.actor_id,
        )


@strawberry.type(description="An incentive campaign.")
class Campaign:
    id: strawberry.ID = strawberry.field(description="Opaque id.")
    name: str = strawberry.field(description="Unique among campaigns not permanently deleted.")
    description: str = strawberry.field(description="Free text for people.")
    kind: CampaignKind = strawberry.field(description="What it gives.")
    code_mode: CodeMode = strawberry.field(description="How customers claim it.")
    targeting: Targeting = strawberry.field(description="Who gets it.")
    reward: Reward = strawberry.field(description="The reward definition.")
    reward_type: RewardType = strawberry.field(description="What it gives, as one value (filter by `rewardTypes`).")
    currency: str = strawberry.field(description="ISO 4217 code of every amount.")
    starts_at: datetime | None = strawberry.field(description="Start (UTC); null starts at activation.")
    ends_at: datetime | None = strawberry.field(description="End (UTC); null runs until stopped.")
    time_zone: str = strawberry.field(description="IANA zone for display and day-based rules.")
    metadata: JSON = strawberry.field(description="Your own data.")
    inventory_limit: int | None = strawberry.field(description="How many rewards may be given.")
    published_count: int = strawberry.field(description="Rewards (codes) published so far.")
    low_stock_threshold: int | None = strawberry.field(description="Alert when this few rewards are left.")
    join_once: bool = strawberry.field(description="Whether a customer gets one code of this campaign.")
    self_service_publish: bool = strawberry.field(
        description="Whether public CLIENT keys (web and mobile apps) may publish its codes to the customer they name."
    )
    redemptions_per_code: int | None = strawberry.field(description="Uses of each code (null: unlimited).")
    validation_rules: JSON = strawberry.field(description="The validation rules (list of rule objects).")
    rules_expression: JSON | None = strawberry.field(description="How the rules combine (default: AND).")
    applies_to_products: list[str] = strawberry.field(description="Products the discount applies to.")
    applies_to_categories: list[str] = strawberry.field(description="Categories the discount applies to.")
    status: CampaignStatus = strawberry.field(description="Lifecycle status.")
    in_bin: bool = strawberry.field(description="Deleted to the bin (restorable).")
    deleted_at: datetime | None = strawberry.field(description="When it went to the bin.")
    version: int = strawberry.field(description="Grows with every change; pass to campaignUpdate.")
    created_at: datetime = strawberry.field(description="When it was created.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    category_id: strawberry.Private[uuid.UUID | None]
    code_series_id: strawberry.Private[uuid.UUID | None]
    segment_id: strawberry.Private[uuid.UUID | None]
    created_by_id: strawberry.Private[uuid.UUID | None]
    updated_by_id: strawberry.Private[uuid.UUID | None]
    model_id: strawberry.Private[uuid.UUID]

    @strawberry.field(description="The stacking category, if any.")
    async def category(self, info: Info) -> Category | None:
        if self.category_id is None:
            return None
        category = await by_id(info.context, models.Category).load(self.category_id)
        return Category.from_model(category) if category else None

    @strawberry.field(
        description="LOYALTY and WALLET_POINTS: the program's rate, budget, expiry and earning rules (defaults "
        "until walletProgramUpdate sets them); null for other kinds."
    )
    async def wallet_program(
        self, info: Info
    ) -> Annotated[WalletProgramSettings, strawberry.lazy("app.graphql.wallets.types")] | None:
        from app.campaigns.validation import POINTS_KINDS
        from app.graphql.wallets.types import WalletProgramSettings
        from app.wallets.models import WalletProgram

        if self.kind not in POINTS_KINDS:
            return None
        found = await by_id(info.context, WalletProgram).load(self.model_id)
        return WalletProgramSettings.from_model(found or WalletProgram(campaign_id=self.model_id))

    @strawberry.field(
        description="PAST_BEHAVIOR / CUSTOM_LIST: the segment its distributions reward (null for keys without "
        "SETTINGS_READ)."
    )
    async def segment(self, info: Info) -> Annotated[Segment, strawberry.lazy("app.graphql.segments.types")] | None:
        from app.graphql.segments.types import Segment
        from app.segments.models import Segment as SegmentModel

        if self.segment_id is None:
            return None
        found = await by_id(info.context, SegmentModel).load(self.segment_id)
        return Segment.from_model(found) if found else None

    @strawberry.field(description="LIVE_ACTION: its trigger as stored (see campaignTriggerSet); null if none.")
    async def trigger(self, info: Info) -> JSON | None:
        from app.triggers.models import CampaignTrigger

        found = await by_id(info.context, CampaignTrigger).load(self.model_id)
        return JSON(found.definition) if found else None

    @strawberry.field(description="LIVE_ACTION: what its trigger has done so far; null if it has none.")
    async def trigger_stats(
        self, info: Info
    ) -> Annotated[TriggerStats, strawberry.lazy("app.graphql.triggers.types")] | None:
        from app.graphql.triggers.loaders import open_timers
        from app.graphql.triggers.types import TriggerStats
        from app.triggers.models import CampaignTrigger
        from app.triggers.services import stats_of

        found = await by_id(info.context, CampaignTrigger).load(self.model_id)
        if found is None:
            return None
        return TriggerStats.from_stats(stats_of(found, await open_timers(info.context).load(self.model_id)))

    @strawberry.field(
        description="The campaign's report (published, redeemed, money and points totals, by day), computed by "
        "the database when asked."
    )
    async def stats(self, info: Info) -> Annotated[CampaignStats, strawberry.lazy("app.graphql.exports.types")]:
        from app.graphql.exports.loaders import figures_of
        from app.graphql.exports.types import CampaignStats

        figures = await figures_of(info.context).load(self.model_id)
        return CampaignStats.from_figures(self.model_id, self.currency, figures)

    @strawberry.field(description="UNIQUE_CODES: the series its codes come from.")
    async def code_series(self, info: Info) -> Annotated[CodeSeries, strawberry.lazy("app.graphql.codes.types")] | None:
        from app.codes.models import CodeSeries as CodeSeriesModel
        from app.graphql.codes.types import CodeSeries

        if self.code_series_id is None:
            return None
        series = await by_id(info.context, CodeSeriesModel).load(self.code_series_id)
        return CodeSeries.from_model(series) if series else None

    @strawberry.field(description="Areas and stores the campaign is assigned to (none: project-wide).")
    async def access(self, info: Info) -> list[Annotated[Assignment, strawberry.lazy("app.graphql.locations.types")]]:
        from app.graphql.locations.types import Assignment
        from app.locations.models import Assignment as AssignmentModel
        from app.locations.models import SubjectKind
        from app.locations.scope import Place

        def fetch(ids: list[uuid.UUID]) -> QuerySet[AssignmentModel]:
            return AssignmentModel.filter(subject_kind=SubjectKind.CAMPAIGN, subject_id__in=ids).order_by("id")

        rows = await grouped(info.context, "campaign-access", fetch, lambda row: row.subject_id).load(self.model_id)
        return [Assignment.from_place(Place(row.level, row.area_id, row.store_id)) for row in rows]

    @strawberry.field(description="SINGLE_CODE: the shared code customers type.")
    async def code(self, info: Info) -> str | None:
        from app.codes.models import Code as CodeModel

        def fetch(ids: list[uuid.UUID]) -> QuerySet[CodeModel]:
            return CodeModel.filter(campaign_id__in=ids)

        codes = await grouped(info.context, "single-code", fetch, lambda code: code.campaign_id).load(self.model_id)
        return codes[0].code if codes else None

    @strawberry.field(description="The key that created it.")
    async def created_by(self, info: Info) -> ApiKey | None:
        if self.created_by_id is None:
            return None
        key = await by_id(info.context, ApiKeyModel).load(self.created_by_id)
        return ApiKey.from_model(key) if key else None

    @strawberry.field(description="The key that changed it last.")
    async def updated_by(self, info: Info) -> ApiKey | None:
        if self.updated_by_id is None:
            return None
        key = await by_id(info.context, ApiKeyModel).load(self.updated_by_id)
        return ApiKey.from_model(key) if key else None

    @strawberry.field(description="Every change, oldest first.")
    async def history(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description="Page size.", directives=[PAGE_SIZE])] = 50,
        after: Annotated[
            str | None, strawberry.argument(description="`endCursor` of the last page.", directives=[CURSOR])
        ] = None,
    ) -> Connection[CampaignHistoryEntry]:
        from app.graphql.campaigns.queries import history_connection

        return await history_connection(info, self.model_id, first, after)

    @classmethod
    def from_model(cls, campaign: models.Campaign) -> Campaign:
        return cls(
            id=strawberry.ID(encode_id("Campaign", campaign.id)),
            name=campaign.name,
            description=campaign.description,
            kind=campaign.kind,
            code_mode=campaign.code_mode,
            targeting=campaign.targeting,
            reward=Reward.from_json(campaign.reward),
            reward_type=RewardModel.from_json(campaign.reward).type,
            currency=campaign.currency,
            starts_at=campaign.starts_at,
            ends_at=campaign.ends_at,
            time_zone=campaign.time_zone,
            metadata=JSON(campaign.metadata),
            inventory_limit=campaign.inventory_limit,
            published_count=campaign.published_count,
            low_stock_threshold=campaign.low_stock_threshold,
            join_once=campaign.join_once,
            self_service_publish=campaign.self_service_publish,
            redemptions_per_code=campaign.redemptions_per_code,
            validation_rules=JSON(campaign.validation_rules),
            rules_expression=JSON(campaign.rules_expression) if campaign.rules_expression is not None else None,
            applies_to_products=campaign.applies_to_products,
            applies_to_categories=campaign.applies_to_categories,
            status=campaign.status,
            in_bin=campaign.deleted_at is not None,
            deleted_at=campaign.deleted_at,
            version=campaign.version,
            created_at=campaign.created_at,
            updated_at=campaign.updated_at,
            category_id=campaign.category_id,
            code_series_id=campaign.code_series_id,
            segment_id=campaign.segment_id,
            created_by_id=campaign.created_by_id,
            updated_by_id=campaign.updated_by_id,
            model_id=campaign.id,
        )


@strawberry.type(description="A page of campaigns, with how many match in all.")
class CampaignConnection(Connection[Campaign]):
    total_count: int = strawberry.field(description="Campaigns matching the filter, across pages.")


@strawberry.type(description="A campaign's status changed (or it went to or left the bin).")
class CampaignStatusEvent:
    campaign_id: strawberry.ID = strawberry.field(description="The campaign's id.")
    campaign_name: str = strawberry.field(description="Its name at the time.")
    previous_status: CampaignStatus = strawberry.field(description="Status before.")
    new_status: CampaignStatus = strawberry.field(description="Status after.")
    in_bin: bool = strawberry.field(description="Whether it is in the bin after the change.")
    deleted: bool = strawberry.field(description="It was deleted permanently.")
    cause: ChangeCause = strawberry.field(description="An API key, or the scheduler.")
    actor_prefix: str | None = strawberry.field(
        description="Prefix of the key that acted (null for keys without API_KEYS_READ).",
        extensions=hidden_without(Permission.API_KEYS_READ),
    )
    at: datetime = strawberry.field(description="When (UTC).")
