"""Distribution types: distributions, their runs and deliveries, previews, rewards and live progress."""

from __future__ import annotations

import base64
import binascii
import uuid
from datetime import datetime
from typing import Annotated

import orjson
import strawberry

from app.campaigns.models import Campaign as CampaignModel
from app.codes.models import Code as CodeModel
from app.core.ids import encode_id
from app.core.pagination import Position
from app.customers.models import Customer as CustomerModel
from app.distributions import models, services
from app.distributions.models import DeliveryStatus as DeliveryStatus
from app.distributions.models import DistributionStatus as DistributionStatus
from app.distributions.models import RewardPolicy as RewardPolicy
from app.distributions.models import RunStatus as RunStatus
from app.distributions.models import ScheduleKind as ScheduleKind
from app.distributions.schedules import Schedule as ScheduleModel
from app.events.models import CustomerEvent as CustomerEventModel
from app.graphql.campaigns.types import Campaign
from app.graphql.codes.types import Code
from app.graphql.constraints import CURSOR, PAGE_SIZE
from app.graphql.context import Info
from app.graphql.customers.types import Customer
from app.graphql.distributions.loaders import deliveries_page, runs_page
from app.graphql.distributions.rewards import RewardRow
from app.graphql.distributions.rewards import RewardSource as RewardSource
from app.graphql.enums import describe_enum
from app.graphql.events.types import CustomerEvent
from app.graphql.loaders import by_id
from app.graphql.pagination import (
    Connection,
    Edge,
    PageInfo,
    build_connection,
    check_page_size,
    cursor_sequence_id,
    decode_cursor,
    foreign_cursor,
)
from app.graphql.scalars import Amount

describe_enum(
    ScheduleKind,
    "When a distribution runs.",
    {
        "NOW": "Once, as soon as a worker picks it up.",
        "ONCE": "Once, at `at`.",
        "CRON": "Recurring, at each time of a cron expression, in the campaign's time zone.",
        "DAILY": "Recurring, every day at `localTime` in the campaign's time zone.",
        "WEEKLY": "Recurring, on `weekdays` at `localTime` in the campaign's time zone.",
    },
)
describe_enum(
    RewardPolicy,
    "How often one customer may be rewarded.",
    {
        "ONCE_PER_CAMPAIGN": "At most once per campaign, whatever the run (the default): later runs reward newcomers.",
        "ONCE_PER_RUN": "Once per run: a recurring distribution rewards its whole segment at each run.",
    },
)
describe_enum(
    DistributionStatus,
    "Where a distribution stands.",
    {
        "ACTIVE": "Runs will be created at its schedule (they wait while the campaign is paused).",
        "COMPLETED": "Its schedule has no occurrence left.",
        "CANCELLED": "Cancelled, or its campaign was stopped, expired or deleted.",
    },
)
describe_enum(
    RunStatus,
    "Where a run stands.",
    {
        "PENDING": "Waiting for its time, for a worker, or for its paused campaign to resume.",
        "RUNNING": "A worker is rewarding its customers, chunk by chunk.",
        "SUCCEEDED": "Every eligible customer was rewarded (or had been already).",
        "PARTIAL": "The inventory ran out: the rest were skipped (SKIPPED_INVENTORY).",
        "FAILED": "It stopped on an error.",
        "CANCELLED": "Cancelled before it finished.",
    },
)
describe_enum(
    DeliveryStatus,
    "What one customer of a run got.",
    {
        "PENDING": "Not processed yet.",
        "REWARDED": "Rewarded: a code, or points.",
        "SKIPPED_ALREADY": "Rewarded by an earlier run, or already held a join-once code (once per campaign).",
        "SKIPPED_INVENTORY": "Codes, the points budget or the campaign's limit ran out.",
        "FAILED": "Could not be rewarded.",
    },
)
describe_enum(
    RewardSource,
    "What gave a customer a reward.",
    {
        "DISTRIBUTION": "A distribution run (a code or points).",
        "LIVE_ACTION": "A live-action trigger (a code or points), with the event that caused it.",
        "PUBLICATION": "A code published to them (codePublish, codesPublishBulk, a loyalty card).",
        "WALLET_CREDIT": "Points earned on a redemption or an event, or given by hand (walletAdjust).",
    },
)


@strawberry.type(description="When a distribution runs; fields that do not apply to its kind are null.")
class Schedule:
    kind: ScheduleKind = strawberry.field(description="NOW, ONCE, CRON, DAILY or WEEKLY.")
    at: datetime | None = strawberry.field(description="ONCE: the instant.")
    cron: str | None = strawberry.field(description="CRON: the expression (5 fields, campaign's time zone).")
    local_time: str | None = strawberry.field(description="DAILY / WEEKLY: HH:MM in the campaign's time zone.")
    weekdays: list[int] = strawberry.field(description="WEEKLY: ISO weekdays, 1 = Monday … 7 = Sunday.")
    ends_at: datetime | None = strawberry.field(description="Recurring kinds: no run after this instant.")

    @classmethod
    def from_model(cls, distribution: models.Distribution) -> Schedule:
        schedule = ScheduleModel.from_json(distribution.schedule_kind, distribution.schedule)
        return cls(
            kind=schedule.kind,
            at=schedule.at,
            cron=schedule.cron,
            local_time=schedule.local_time,
            weekdays=list(schedule.weekdays),
            ends_at=schedule.ends_at,
        )


@strawberry.type(description="Points each customer gets (wallet programs): fixed, or a percentage of a property.")
class DistributionPoints:
    fixed: Amount | None = strawberry.field(description="Fixed points per customer.")
    percent: float | None = strawberry.field(description="Percent of the property's sum, rounded down.")
    event: str | None = strawberry.field(description="The event whose property is summed.")
    property: str | None = strawberry.field(description="The summed property (a key path).")
    days: int | None = strawberry.field(description="Over the events of the last this many days.")

    @classmethod
    def from_json(cls, points: dict[str, object]) -> DistributionPoints:
        fixed, percent, days = points.get("fixed"), points.get("percent"), points.get("days")
        event, name = points.get("event"), points.get("property")
        return cls(
            fixed=fixed if isinstance(fixed, int) else None,
            percent=float(str(percent)) if percent is not None else None,
            event=event if isinstance(event, str) else None,
            property=name if isinstance(name, str) else None,
            days=days if isinstance(days, int) else None,
        )


def _encode(payload: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(orjson.dumps(payload)).decode().rstrip("=")


def decode_delivery_cursor(cursor: str | None) -> int | None:
    """The delivery id in a `deliveries` cursor; anything else is refused naming `after`."""
    if cursor is None:
        return None
    try:
        data = orjson.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, orjson.JSONDecodeError, ValueError) as exc:
        raise foreign_cursor() from exc
    if not isinstance(data, dict):
        raise foreign_cursor()
    return cursor_sequence_id(data.get("d"))


@strawberry.type(description="One eligible customer of a run, and what they got.")
class Delivery:
    id: strawberry.ID = strawberry.field(description="Opaque id.")
    status: DeliveryStatus = strawberry.field(description="What they got, or why not.")
    points: Amount | None = strawberry.field(description="Points credited (wallet programs).")
    delivered_at: datetime | None = strawberry.field(description="When they were rewarded.")
    customer_id: strawberry.Private[uuid.UUID]
    code_id: strawberry.Private[int | None]

    @strawberry.field(description="The customer.")
    async def customer(self, info: Info) -> Customer | None:
        found = await by_id(info.context, CustomerModel).load(self.customer_id)
        return Customer.from_model(found) if found else None

    @strawberry.field(description="The code they were given (code campaigns).")
    async def code(self, info: Info) -> Code | None:
        if self.code_id is None:
            return None
        found = await by_id(info.context, CodeModel).load(self.code_id)
        return Code.from_model(found) if found else None

    @classmethod
    def from_model(cls, delivery: models.Delivery) -> Delivery:
        rewarded = delivery.wallet_transaction_id is not None
        return cls(
            id=strawberry.ID(encode_id("Delivery", delivery.id)),
            status=delivery.status,
            points=delivery.points if rewarded else None,
            delivered_at=delivery.delivered_at,
            customer_id=delivery.customer_id,
            code_id=delivery.code_id,
        )


@strawberry.type(description="One occurrence of a distribution: its segment's snapshot, rewarded in chunks.")
class DistributionRun:
    id: strawberry.ID = strawberry.field(description="Opaque id.")
    status: RunStatus = strawberry.field(description="Where it stands.")
    scheduled_for: datetime = strawberry.field(description="The occurrence it runs for.")
    eligible: int = strawberry.field(description="Customers in the segment when it started (its snapshot).")
    rewarded: int = strawberry.field(description="Customers rewarded so far.")
    skipped: int = strawberry.field(description="Customers skipped: rewarded before, or the inventory ran out.")
    failed: int = strawberry.field(description="Customers that could not be rewarded.")
    started_at: datetime | None = strawberry.field(description="When a worker first took it.")
    finished_at: datetime | None = strawberry.field(description="When it ended.")
    distribution_id: strawberry.Private[uuid.UUID]
    model_id: strawberry.Private[uuid.UUID]

    @strawberry.field(description="The distribution it belongs to.")
    async def distribution(self, info: Info) -> Distribution | None:
        found = await by_id(info.context, models.Distribution).load(self.distribution_id)
        return Distribution.from_model(found) if found else None

    @strawberry.field(description="Its customers and what each got, in snapshot order.")
    async def deliveries(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description="Page size.", directives=[PAGE_SIZE])] = 20,
        after: Annotated[
            str | None, strawberry.argument(description="`endCursor` of the last page.", directives=[CURSOR])
        ] = None,
        status: Annotated[DeliveryStatus | None, strawberry.argument(description="Only this status.")] = None,
    ) -> Connection[Delivery]:
        size = check_page_size(first, info.context.settings.max_page_size)
        loader = deliveries_page(info.context, first=size, after=decode_delivery_cursor(after), status=status)
        rows = await loader.load(self.model_id)
        edges = [Edge(cursor=_encode({"d": row.id}), node=Delivery.from_model(row)) for row in rows[:size]]
        return Connection(
            edges=edges,
            page_info=PageInfo(has_next_page=len(rows) > size, end_cursor=edges[-1].cursor if edges else None),
        )

    @classmethod
    def from_model(cls, run: models.DistributionRun) -> DistributionRun:
        return cls(
            id=strawberry.ID(encode_id("DistributionRun", run.id)),
            status=run.status,
            scheduled_for=run.scheduled_for,
            eligible=run.eligible,
            rewarded=run.rewarded,
            skipped=run.skipped,
            failed=run.failed,
            started_at=run.started_at,
            finished_at=run.finished_at,
            distribution_id=run.distribution_id,
            model_id=run.id,
        )


@strawberry.type(description="A campaign's rewarding of its segment: now, once or recurring.")
class Distribution:
    id: strawberry.ID = strawberry.field(description="Opaque id.")
    status: DistributionStatus = strawberry.field(description="Where it stands.")
    schedule: Schedule = strawberry.field(description="When it runs.")
    reward_policy: RewardPolicy = strawberry.field(description="How often one customer may be rewarded.")
    points: DistributionPoints | None = strawberry.field(description="Wallet programs: points per customer.")
    next_run_at: datetime | None = strawberry.field(description="When its next run will be created.")
    created_at: datetime = strawberry.field(description="When it was created.")
    campaign_id: strawberry.Private[uuid.UUID]
    model_id: strawberry.Private[uuid.UUID]

    @strawberry.field(description="The campaign whose segment it rewards.")
    async def campaign(self, info: Info) -> Campaign | None:
        found = await by_id(info.context, CampaignModel).load(self.campaign_id)
        return Campaign.from_model(found) if found else None

    @strawberry.field(description="Its runs, newest occurrence first.")
    async def runs(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description="Page size.", directives=[PAGE_SIZE])] = 20,
        after: Annotated[
            str | None, strawberry.argument(description="`endCursor` of the last page.", directives=[CURSOR])
        ] = None,
    ) -> Connection[DistributionRun]:
        size = check_page_size(first, info.context.settings.max_page_size)
        rows = await runs_page(info.context, first=size, after=decode_cursor(after)).load(self.model_id)
        return build_connection(
            rows[:size],
            has_next=len(rows) > size,
            position=lambda row: Position(at=row.scheduled_for, id=row.id),
            to_node=DistributionRun.from_model,
        )

    @classmethod
    def from_model(cls, distribution: models.Distribution) -> Distribution:
        return cls(
            id=strawberry.ID(encode_id("Distribution", distribution.id)),
            status=distribution.status,
            schedule=Schedule.from_model(distribution),
            reward_policy=distribution.reward_policy,
            points=DistributionPoints.from_json(distribution.points) if distribution.points else None,
            next_run_at=distribution.next_run_at,
            created_at=distribution.created_at,
            campaign_id=distribution.campaign_id,
            model_id=distribution.id,
        )


@strawberry.type(
    description="What a run would do now, before anything is sent: who, and whether the stock covers them."
)
class DistributionPreview:
    eligible: int = strawberry.field(description="Customers in the segment now.")
    already_rewarded: int = strawberry.field(description="Of those, rewarded before (once per campaign).")
    to_reward: int = strawberry.field(description="Customers a run would reward now.")
    available: Amount | None = strawberry.field(
        description="What is left to hand out: codes (series, campaign limit) or budget points (null: unlimited)."
    )
    needed: Amount = strawberry.field(description="What `toReward` customers need, in the same unit.")
    shortage: int = strawberry.field(description="Customers who would be skipped for lack of inventory.")
    covered: bool = strawberry.field(description="Whether the inventory covers everyone (no shortage).")

    @classmethod
    def from_preview(cls, preview: services.Preview) -> DistributionPreview:
        return cls(
            eligible=preview.eligible,
            already_rewarded=preview.already_rewarded,
            to_reward=preview.to_reward,
            available=preview.available,
            needed=preview.needed,
            shortage=preview.shortage,
            covered=preview.shortage == 0,
        )


@strawberry.type(description="A reward a customer received: a code, points, or both.")
class CustomerReward:
    source: RewardSource = strawberry.field(description="What gave it.")
    points: Amount | None = strawberry.field(description="Points credited, if any.")
    at: datetime = strawberry.field(description="When.")
    campaign_id: strawberry.Private[uuid.UUID]
    code_id: strawberry.Private[int | None]
    event_id: strawberry.Private[int | None]

    @strawberry.field(description="The campaign it came from.")
    async def campaign(self, info: Info) -> Campaign | None:
        found = await by_id(info.context, CampaignModel).load(self.campaign_id)
        return Campaign.from_model(found) if found else None

    @strawberry.field(
        description="LIVE_ACTION: the event that caused it (for keys with CUSTOMERS_READ, like every event)."
    )
    async def event(self, info: Info) -> CustomerEvent | None:
        if self.event_id is None:
            return None
        found = await by_id(info.context, CustomerEventModel).load(self.event_id)
        return CustomerEvent.from_row(found) if found else None

    @strawberry.field(description="The code given, if any.")
    async def code(self, info: Info) -> Code | None:
        if self.code_id is None:
            return None
        found = await by_id(info.context, CodeModel).load(self.code_id)
        return Code.from_model(found) if found else None

    @classmethod
    def from_row(cls, row: RewardRow) -> CustomerReward:
        return cls(
            source=row.source,
            points=row.points,
            at=row.at,
            campaign_id=row.campaign_id,
            code_id=row.code_id,
            event_id=row.event_id,
        )


@strawberry.type(description="A run's counters after a chunk, and once more when it ends.")
class DistributionProgress:
    distribution_id: strawberry.ID = strawberry.field(description="The distribution.")
    run_id: strawberry.ID = strawberry.field(description="The run.")
    status: RunStatus = strawberry.field(description="Where the run stands.")
    eligible: int = strawberry.field(description="Customers in its snapshot.")
    rewarded: int = strawberry.field(description="Rewarded so far.")
    skipped: int = strawberry.field(description="Skipped so far.")
    failed: int = strawberry.field(description="Failed so far.")


@strawberry.type(description="One customer was just rewarded by a distribution run.")
class RewardGranted:
    source: RewardSource = strawberry.field(description="DISTRIBUTION or LIVE_ACTION.")
    delivery_id: strawberry.ID | None = strawberry.field(description="DISTRIBUTION: the delivery.")
    run_id: strawberry.ID | None = strawberry.field(description="DISTRIBUTION: the run.")
    event_id: strawberry.ID | None = strawberry.field(description="LIVE_ACTION: the event that caused it.")
    campaign_id: strawberry.ID = strawberry.field(description="The campaign.")
    customer_id: strawberry.ID = strawberry.field(description="The customer.")
    customer_source_id: str | None = strawberry.field(description="Your own id for the customer.")
    code: str | None = strawberry.field(description="The code given (code campaigns).")
    points: Amount | None = strawberry.field(description="Points credited (wallet programs).")
    at: datetime = strawberry.field(description="When.")
