"""The demo project's code series, segment, campaigns of every kind, distribution, wallets and redemptions.

Each is found by its natural key before it is made (names, codes, idempotency keys), so `promo demo`
can run again without adding anything.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app.access.scope import UNRESTRICTED
from app.campaigns.models import Campaign, CampaignKind, CampaignStatus, CodeMode, Targeting
from app.campaigns.validation import Discount, DiscountType, Reward
from app.cli.common import in_parallel
from app.locations.scope import Place

CODES_PER_SERIES = 1_000
GIFT_CARDS = 25
LOYALTY_MEMBERS = 100
WELCOME_POINTS = 100
REDEMPTIONS = 40
SUMMER_CODE = "DEMO-SUMMER10"


@dataclass(frozen=True)
class CampaignPlan:
    """A demo campaign: what `create_campaign` needs, plus its program settings or trigger."""

    name: str
    kind: CampaignKind
    code_mode: CodeMode
    reward: Reward
    targeting: Targeting = Targeting.OPEN
    series: str | None = None
    code: str | None = None
    segment: str | None = None  # the name of the segment it targets
    earning_rules: list[dict[str, Any]] | None = None
    trigger: dict[str, Any] | None = None
    places: list[Place] = field(default_factory=list)


def percent_off(value: float) -> Reward:
    return Reward(discount=Discount(type=DiscountType.PERCENT, percent_off=value))


SERIES = {
    "Demo welcome codes": "WELCOME-",
    "Demo gift cards": "GIFT-",
    "Demo referral codes": "REF-",
    "Demo loyalty cards": "CARD-",
    "Demo partner vouchers": "PARTNER-",
    "Demo cart reminders": "CART-",
    "Demo VIP codes": "VIP-",
}

VIP_NAME = "Demo: VIP list"
VIPS = 50
SEGMENT_NAME = "Demo: Paris shoppers"
SEGMENT_DEFINITION = {
    "all": [
        {"attribute": {"attribute": "metadata.city", "op": "EQ", "value": "Paris"}},
        {"event": {"name": "order_paid", "window": {"last": {"amount": 90, "unit": "DAYS"}}}},
    ]
}


def plans(north_area: uuid.UUID) -> list[CampaignPlan]:
    from app.locations.models import AssignmentLevel

    north = Place(AssignmentLevel.AREA_ALL_STORES, north_area, None)
    return [
        CampaignPlan(
            "Demo: summer 10%", CampaignKind.DISCOUNT, CodeMode.SINGLE_CODE, percent_off(10), code=SUMMER_CODE
        ),
        CampaignPlan(
            "Demo: North stores 5 € off",
            CampaignKind.DISCOUNT,
            CodeMode.NO_CODE,
            Reward(discount=Discount(type=DiscountType.AMOUNT, amount_off=500)),
            places=[north],
        ),
        CampaignPlan(
            "Demo: welcome 15% for Paris shoppers",
            CampaignKind.DISCOUNT,
            CodeMode.UNIQUE_CODES,
            percent_off(15),
            targeting=Targeting.PAST_BEHAVIOR,
            series="Demo welcome codes",
            segment=SEGMENT_NAME,
        ),
        CampaignPlan(
            "Demo: VIP 20% coupon",
            CampaignKind.DISCOUNT,
            CodeMode.UNIQUE_CODES,
            percent_off(20),
            targeting=Targeting.CUSTOM_LIST,
            series="Demo VIP codes",
            segment=VIP_NAME,
        ),
        CampaignPlan(
            "Demo: gift card 50 €",
            CampaignKind.GIFT_CARD,
            CodeMode.UNIQUE_CODES,
            Reward(gift_amount=5000),
            series="Demo gift cards",
        ),
        CampaignPlan(
            "Demo: refer a friend",
            CampaignKind.REFERRAL,
            CodeMode.UNIQUE_CODES,
            percent_off(20),
            series="Demo referral codes",
        ),
        CampaignPlan(
            "Demo: partner cinema voucher",
            CampaignKind.PARTNER_VOUCHER,
            CodeMode.UNIQUE_CODES,
            percent_off(30),
            series="Demo partner vouchers",
        ),
        CampaignPlan(
            "Demo: loyalty card",
            CampaignKind.LOYALTY,
            CodeMode.UNIQUE_CODES,
            Reward(points=10),
            series="Demo loyalty cards",
            earning_rules=[{"id": "five-percent", "percent": "5", "conditions": []}],
        ),
        CampaignPlan(
            "Demo: points wallet",
            CampaignKind.WALLET_POINTS,
            CodeMode.NO_CODE,
            Reward(points=100),
            earning_rules=[{"id": "orders", "trigger": "ORDER_PAID", "percent": "2", "conditions": []}],
        ),
        CampaignPlan(
            "Demo: deposit bonus",
            CampaignKind.WALLET_POINTS,
            CodeMode.NO_CODE,
            Reward(points=100),
            targeting=Targeting.LIVE_ACTION,
            trigger={
                "kind": "ACTION",
                "event": {"name": "deposit", "where": [{"property": "amount", "op": "GTE", "value": 100}]},
                "points": {"fixed": 100},
            },
        ),
        CampaignPlan(
            "Demo: abandoned cart coupon",
            CampaignKind.DISCOUNT,
            CodeMode.UNIQUE_CODES,
            percent_off(5),
            targeting=Targeting.LIVE_ACTION,
            series="Demo cart reminders",
            trigger={
                "kind": "INACTION",
                "event": {"name": "added_to_cart"},
                "awaited": {"name": "order_paid"},
                "within": {"amount": 1, "unit": "HOURS"},
            },
        ),
    ]


async def seed_series() -> dict[str, uuid.UUID]:
    """The series, each holding CODES_PER_SERIES codes; their ids by name."""
    from app.codes import services as codes
    from app.codes.models import Charset, CodeSeries

    found: dict[str, uuid.UUID] = {}
    for name, prefix in SERIES.items():
        series = await CodeSeries.get_or_none(name=name) or await codes.create_series(
            spec=codes.SeriesSpec(name=name, prefix=prefix, charset=Charset.UPPERCASE, length=6)
        )
        if series.total < CODES_PER_SERIES:
            await codes.request_generation(
                series_id=series.id,
                count=CODES_PER_SERIES - series.total,
                maximum=CODES_PER_SERIES,
                sync_limit=CODES_PER_SERIES,
                created_by_id=None,
                redis=None,
                queue_name="",
            )
        found[name] = series.id
    return found


async def seed_segments(source_ids: list[str]) -> dict[str, uuid.UUID]:
    """A FILTER segment and a LIST one with the first VIPS customers; their ids by name."""
    from app.segments import lists
    from app.segments import services as segments
    from app.segments.models import Segment, SegmentKind

    found = await Segment.get_or_none(name=SEGMENT_NAME) or await segments.create_segment(
        spec=segments.SegmentSpec(
            name=SEGMENT_NAME,
            kind=SegmentKind.FILTER,
            description="Customers in Paris who paid an order in the last 90 days.",
            definition=SEGMENT_DEFINITION,
        ),
        actor=None,
    )
    vips = await Segment.get_or_none(name=VIP_NAME) or await segments.create_segment(
        spec=segments.SegmentSpec(name=VIP_NAME, kind=SegmentKind.LIST, description="Hand-picked customers."),
        actor=None,
    )
    await lists.add_members(
        segment=vips, customer_ids=[], source_ids=source_ids[:VIPS], create_unknown=False, actor=None
    )
    return {SEGMENT_NAME: found.id, VIP_NAME: vips.id}


async def seed_campaign(plan: CampaignPlan, series: dict[str, uuid.UUID], segments: dict[str, uuid.UUID]) -> Campaign:
    """The plan's campaign, with its settings, ACTIVE (each step skipped when an earlier run did it)."""
    from app.campaigns import lifecycle
    from app.campaigns import services as campaigns
    from app.triggers import services as triggers
    from app.triggers.models import CampaignTrigger
    from app.wallets import programs
    from app.wallets.models import WalletProgram

    campaign = await Campaign.get_or_none(name=plan.name)
    if campaign is None:
        spec = campaigns.CampaignSpec(
            name=plan.name,
            kind=plan.kind,
            code_mode=plan.code_mode,
            targeting=plan.targeting,
            reward=plan.reward,
            currency="EUR",
            time_zone="Europe/Paris",
            metadata={"demo": True},
            code=plan.code,
            code_series_id=series[plan.series] if plan.series else None,
            segment_id=segments[plan.segment] if plan.segment else None,
            places=plan.places,
        )
        campaign = await campaigns.create_campaign(spec=spec, actor=None)
    if plan.earning_rules is not None and not await WalletProgram.exists(campaign_id=campaign.id):
        changes = programs.ProgramChanges(points_budget=10_000_000, earning_rules=plan.earning_rules)
        await programs.update_program(campaign=campaign, changes=changes)
    if plan.trigger is not None and not await CampaignTrigger.exists(campaign_id=campaign.id):
        await triggers.set_trigger(scope=UNRESTRICTED, campaign_id=campaign.id, definition=plan.trigger, events=None)
    if campaign.status is CampaignStatus.DRAFT:
        campaign = await lifecycle.activate(campaign_id=campaign.id, actor=None, events=None)
    return campaign


async def seed_distribution(campaign_id: uuid.UUID) -> None:
    """The welcome codes go to the segment every Monday and Thursday at 09:30."""
    from app.distributions import services as distributions
    from app.distributions.models import ScheduleKind
    from app.distributions.schedules import Schedule

    spec = distributions.DistributionSpec(
        campaign_id=campaign_id,
        schedule=Schedule(ScheduleKind.WEEKLY, local_time="09:30", weekdays=(1, 4)),
        idempotency_key="demo-welcome-weekly",
    )
    await distributions.create(scope=UNRESTRICTED, spec=spec, actor_id=None)


async def seed_holders(by_name: dict[str, Campaign], source_ids: list[str], advance: Callable[[int], None]) -> None:
    """Gift cards and loyalty cards published, welcome points credited, a few orders redeemed."""
    from app.codes import publication
    from app.customers.services import get_by_source_id
    from app.wallets import services as wallets

    gift, card, program = by_name["Demo: gift card 50 €"], by_name["Demo: loyalty card"], by_name["Demo: points wallet"]

    async def publish(source_id: str, campaign: Campaign, key: str) -> None:
        request = publication.PublishRequest(
            campaign_id=campaign.id,
            customer=publication.CustomerRef(source_id=source_id),
            idempotency_key=f"demo-{key}-{source_id}",
            channel="DEMO",
        )
        await publication.publish(request=request, events=None)

    async def member(item: tuple[int, str]) -> None:
        number, source_id = item
        await publish(source_id, card, "card")
        if number < GIFT_CARDS:
            await publish(source_id, gift, "gift")

    async def welcome(source_id: str) -> None:
        customer = await get_by_source_id(source_id=source_id)
        adjustment = wallets.Adjustment(
            program_id=program.id,
            customer_id=customer.id,
            points=WELCOME_POINTS,
            reason="Welcome to the demo",
            idempotency_key=f"demo-welcome-points-{source_id}",
            actor_id=None,
        )
        await wallets.adjust(scope=UNRESTRICTED, adjustment=adjustment, events=None)

    members = source_ids[:LOYALTY_MEMBERS]
    await in_parallel(list(enumerate(members)), member, advance)
    await in_parallel(members, welcome, advance)


async def seed_redemptions(stores: list[uuid.UUID], source_ids: list[str], advance: Callable[[int], None]) -> None:
    """Orders at the stores with the summer code, each once (idempotency keys)."""
    from app.redemptions.orders import OrderItem, OrderRequest, RedeemableRef
    from app.redemptions.services import redeem

    for number in range(REDEMPTIONS):
        request = OrderRequest(
            currency="EUR",
            items=[OrderItem("jeans", None, ("apparel",), 1 + number % 3, 5900)],
            redeemables=[RedeemableRef(code=SUMMER_CODE)],
            customer_source_id=source_ids[number * 7 % len(source_ids)],
            store_id=stores[number % len(stores)],
        )
        await redeem(request=request, idempotency_key=f"demo-order-{number}")
        advance(1)
