"""Segments of many customers, campaigns that distribute, and running a distribution to its end."""

from __future__ import annotations

import uuid
from typing import Any

from tortoise import connections

from app.access.scope import UNRESTRICTED
from app.campaigns.models import Campaign, CodeMode, Targeting
from app.core.time import utcnow
from app.distributions import runs, services
from app.distributions.models import Distribution, DistributionRun, RewardPolicy, ScheduleKind
from app.distributions.schedules import Schedule
from app.segments import services as segments
from app.segments.models import Segment, SegmentKind
from tests.codes.test_publication import live_campaign


async def list_segment(name: str, source_ids: list[str]) -> Segment:
    """A LIST segment of the customers `source_ids` (created as needed), written set-based."""
    segment = await segments.create_segment(spec=segments.SegmentSpec(name=name, kind=SegmentKind.LIST), actor=None)
    db = connections.get("default")
    await db.execute_query_dict(
        "INSERT INTO customer (id, source_id, name, metadata, created_at, updated_at) "
        "SELECT gen_random_uuid(), s, '', '{}'::jsonb, now(), now() FROM unnest($1::text[]) AS s "
        "ON CONFLICT (source_id) DO NOTHING",
        [source_ids],
    )
    await db.execute_query_dict(
        "INSERT INTO segment_member (segment_id, customer_id, added_at) "
        "SELECT $1, c.id, now() FROM customer c WHERE c.source_id = ANY($2::text[]) ON CONFLICT DO NOTHING",
        [segment.id, source_ids],
    )
    return segment


async def distributing(name: str, segment: Segment, **campaign: Any) -> Campaign:
    """A live CUSTOM_LIST campaign targeting `segment`."""
    given = {"code_mode": CodeMode.UNIQUE_CODES, "targeting": Targeting.CUSTOM_LIST, **campaign}
    return await live_campaign(name, segment_id=segment.id, **given)


async def distribute(
    campaign: Campaign, policy: RewardPolicy = RewardPolicy.ONCE_PER_CAMPAIGN, **extra: Any
) -> Distribution:
    distribution, _ = await services.create(
        scope=UNRESTRICTED,
        spec=services.DistributionSpec(campaign.id, Schedule(ScheduleKind.NOW), policy, **extra),
        actor_id=None,
    )
    return distribution


async def run_all(worker: str = "test-worker") -> list[DistributionRun]:
    """Create due runs and execute them all, as the worker's cron would."""
    await runs.schedule_due(now=utcnow())
    await runs.work(worker=worker, events=None, budget_seconds=600)
    return list(await DistributionRun.all().order_by("created_at"))


async def holders(campaign_id: uuid.UUID) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = await connections.get("default").execute_query_dict(
        "SELECT customer_id, code_id FROM publication WHERE campaign_id = $1", [campaign_id]
    )
    return rows
