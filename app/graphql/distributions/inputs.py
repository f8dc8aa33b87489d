"""Distribution inputs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry

from app.distributions.schedules import MAX_CRON_LENGTH
from app.distributions.schedules import Schedule as ScheduleModel
from app.distributions.services import MAX_WINDOW_DAYS
from app.graphql.constraints import IDEMPOTENCY_KEY, POINTS, Constraint, Line, Range
from app.graphql.distributions.types import DistributionStatus, RewardPolicy, ScheduleKind
from app.graphql.scalars import Amount

WEEKDAYS = Constraint(min=1, max=7, max_items=7)


@strawberry.input(
    description="When to run: NOW; ONCE `at`; CRON `cron`; DAILY `localTime`; WEEKLY `localTime` and `weekdays` "
    "(local times and cron expressions in the campaign's time zone); recurring kinds may end at `endsAt`."
)
class ScheduleInput:
    kind: ScheduleKind = strawberry.field(description="NOW, ONCE, CRON, DAILY or WEEKLY.")
    at: datetime | None = strawberry.field(default=None, description="ONCE: the instant (not in the past).")
    cron: str | None = strawberry.field(
        default=None,
        directives=[Line(MAX_CRON_LENGTH)],
        description="CRON: five fields (minute hour day-of-month month day-of-week), e.g. `0 9 * * 1-5`.",
    )
    local_time: str | None = strawberry.field(
        default=None, directives=[Line(5)], description="DAILY / WEEKLY: HH:MM, 24 hours."
    )
    weekdays: list[int] | None = strawberry.field(
        default=None, directives=[WEEKDAYS], description="WEEKLY: ISO weekdays, 1 = Monday … 7 = Sunday."
    )
    ends_at: datetime | None = strawberry.field(default=None, description="Recurring kinds: the last instant.")

    def to_schedule(self) -> ScheduleModel:
        return ScheduleModel(
            kind=ScheduleKind(self.kind),
            at=self.at,
            cron=self.cron,
            local_time=self.local_time,
            weekdays=tuple(self.weekdays or ()),
            ends_at=self.ends_at,
        )


@strawberry.input(
    description="Points per customer (LOYALTY and WALLET_POINTS campaigns): `fixed` alone, or `percent` of the "
    "sum of `property` over the customer's `event` events of the last `days` days (rounded down). Omitted: the "
    "campaign's reward points."
)
class DistributionPointsInput:
    fixed: Amount | None = strawberry.field(default=None, directives=[POINTS], description="Fixed points.")
    percent: float | None = strawberry.field(
        default=None, directives=[Range(0.01, 1000)], description="Percent of the property's sum."
    )
    event: str | None = strawberry.field(default=None, directives=[Line(100)], description="The event's name.")
    property: str | None = strawberry.field(
        default=None, directives=[Line(100)], description="The summed property (a key, or a path with dots)."
    )
    days: int | None = strawberry.field(
        default=None, directives=[Range(1, MAX_WINDOW_DAYS)], description="How many days back."
    )

    def to_json(self) -> dict[str, Any]:
        given = {
            "fixed": self.fixed,
            "percent": self.percent,
            "event": self.event,
            "property": self.property,
            "days": self.days,
        }
        return {name: value for name, value in given.items() if value is not None}


@strawberry.input(description="A distribution of a PAST_BEHAVIOR or CUSTOM_LIST campaign's rewards to its segment.")
class DistributionCreateInput:
    campaign_id: strawberry.ID = strawberry.field(description="The campaign (its segment is evaluated at each run).")
    schedule: ScheduleInput = strawberry.field(description="When it runs.")
    reward_policy: RewardPolicy = strawberry.field(
        default=RewardPolicy.ONCE_PER_CAMPAIGN, description="How often one customer may be rewarded."
    )
    points: DistributionPointsInput | None = strawberry.field(
        default=None, description="Wallet programs: points per customer (default: the campaign's reward)."
    )
    idempotency_key: str | None = strawberry.field(
        default=None,
        directives=[IDEMPOTENCY_KEY],
        description="A retry with the same key answers the first distribution and creates nothing.",
    )


@strawberry.input(description="Conditions on listed distributions.")
class DistributionFilterInput:
    campaign_id: strawberry.ID | None = strawberry.field(default=None, description="This campaign's.")
    status: DistributionStatus | None = strawberry.field(default=None, description="Only this status.")
