"""Distribution runs against the real database: inventory, exactly once, shared series, points, pauses."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from app.campaigns import lifecycle
from app.campaigns.models import CampaignKind, CodeMode, Targeting
from app.campaigns.validation import Reward
from app.codes.models import InventoryAlert
from app.core.time import utcnow
from app.distributions import rewards, runs, snapshot
from app.distributions.models import Delivery, DistributionRun, RewardPolicy, RunStatus
from app.wallets.models import Wallet, WalletTransaction
from app.wallets.programs import ProgramChanges, update_program
from tests.codes.test_publication import series_with
from tests.distributions.helpers import distribute, distributing, holders, list_segment, run_all

pytestmark = pytest.mark.usefixtures("db")


async def test_1000_codes_for_1500_customers_reward_1000_skip_500_and_alert_once_each() -> None:
    series = await series_with(1000, low_stock_threshold=100)
    segment = await list_segment("Big", [f"c{i}" for i in range(1500)])
    campaign = await distributing("Codes", segment, code_series_id=series)
    await distribute(campaign)
    [run] = await run_all()
    assert run.status is RunStatus.PARTIAL
    assert (run.eligible, run.rewarded, run.skipped) == (1500, 1000, 500)
    assert await Delivery.filter(status="SKIPPED_INVENTORY").count() == 500
    published = await holders(campaign.id)
    assert len(published) == 1000
    assert len({row["code_id"] for row in published}) == 1000
    kinds = sorted(alert.kind.value for alert in await InventoryAlert.filter(series_id=series))
    assert kinds == ["EXHAUSTED", "LOW_STOCK"]


async def test_two_workers_on_one_run_deliver_each_customer_once() -> None:
    series = await series_with(3000)
    segment = await list_segment("Two", [f"t{i}" for i in range(2500)])
    campaign = await distributing("Twice", segment, code_series_id=series)
    distribution = await distribute(campaign)
    await runs.schedule_due(now=utcnow())
    run = await runs._claim("first")
    assert run is not None
    await snapshot.take(run, distribution, campaign, utcnow())

    async def worker() -> int:
        # What two workers do when one's lease lapsed while it was still writing: chunks side by side.
        chunks = 0
        while not (
            await rewards.reward_chunk(run=run, distribution=distribution, campaign=campaign, now=utcnow(), size=100)
        ).done:
            chunks += 1
        return chunks

    done = await asyncio.gather(worker(), worker(), worker())
    assert all(count > 0 for count in done), done  # every worker did take chunks
    published = await holders(campaign.id)
    assert len(published) == 2500
    assert len({row["customer_id"] for row in published}) == 2500
    assert len({row["code_id"] for row in published}) == 2500
    assert await Delivery.filter(status="REWARDED").count() == 2500
    assert (await DistributionRun.get(id=run.id)).rewarded == 2500


async def test_a_shared_series_never_gives_a_customer_the_same_code_twice() -> None:
    series = await series_with(400)
    first = await distributing("One", await list_segment("A", [f"s{i}" for i in range(150)]), code_series_id=series)
    second = await distributing(
        "Two", await list_segment("B", [f"s{i}" for i in range(50, 200)]), code_series_id=series
    )
    await distribute(first)
    await distribute(second)
    await run_all()
    rows = await holders(first.id) + await holders(second.id)
    assert len(rows) == 300
    assert len({row["code_id"] for row in rows}) == 300  # no code held twice
    pairs = {(row["customer_id"], row["code_id"]) for row in rows}
    assert len(pairs) == 300


async def test_points_fixed_and_a_share_of_spend_respect_the_budget() -> None:
    segment = await list_segment("Savers", [f"p{i}" for i in range(30)])
    program = await distributing(
        "Points",
        segment,
        kind=CampaignKind.WALLET_POINTS,
        code_mode=CodeMode.NO_CODE,
        reward=Reward(points=100),
    )
    await update_program(campaign=program, changes=ProgramChanges(points_budget=2_500, low_budget_threshold=1_000))
    await distribute(program)
    [run] = await run_all()
    assert run.status is RunStatus.PARTIAL
    assert (run.rewarded, run.skipped) == (25, 5)
    assert await WalletTransaction.filter(source="DISTRIBUTION").count() == 25
    assert {w.balance for w in await Wallet.filter(campaign_id=program.id)} == {100}
    kinds = sorted(a.kind.value for a in await InventoryAlert.filter(campaign_id=program.id))
    assert kinds == ["EXHAUSTED", "LOW_STOCK"]


async def test_once_per_campaign_rewards_newcomers_only_and_once_per_run_rewards_again() -> None:
    segment = await list_segment("Grow", [f"g{i}" for i in range(10)])
    series = await series_with(100)
    campaign = await distributing("Grow", segment, code_series_id=series)
    await distribute(campaign)
    await run_all()
    from app.segments import lists

    await lists.add_members(
        segment=segment,
        customer_ids=[],
        source_ids=[f"g{i}" for i in range(10, 15)],
        create_unknown=True,
        actor=None,
    )
    await distribute(campaign)
    runs_done = await run_all()
    assert [r.rewarded for r in runs_done] == [10, 5]
    assert runs_done[1].skipped == 10
    per_run = await distributing("Again", segment, code_series_id=await series_with(100), join_once=False)
    await distribute(per_run, RewardPolicy.ONCE_PER_RUN)
    await distribute(per_run, RewardPolicy.ONCE_PER_RUN)
    await run_all()
    assert len(await holders(per_run.id)) == 30


async def test_a_paused_campaign_holds_its_run_and_resuming_finishes_it() -> None:
    segment = await list_segment("Hold", [f"h{i}" for i in range(20)])
    campaign = await distributing("Hold", segment, code_series_id=await series_with(50))
    await distribute(campaign)
    await lifecycle.pause(campaign_id=campaign.id, actor=None, events=None)
    assert await run_all() == []  # paused: no run is created
    await lifecycle.resume(campaign_id=campaign.id, actor=None, events=None)
    [run] = await run_all()
    assert run.rewarded == 20


async def test_refusals() -> None:
    from app.access.scope import UNRESTRICTED
    from app.core.errors import InvalidInput
    from app.distributions import services
    from app.distributions.models import ScheduleKind
    from app.distributions.schedules import Schedule
    from tests.codes.test_publication import live_campaign

    open_campaign = await live_campaign("Open", code_mode=CodeMode.UNIQUE_CODES, code_series_id=await series_with(5))
    with pytest.raises(InvalidInput) as refused:
        await distribute(open_campaign)
    assert refused.value.code == "NOT_DISTRIBUTABLE"
    segment = await list_segment("S", ["x"])
    campaign = await distributing("C", segment, code_series_id=await series_with(5))
    for schedule, field in (
        (Schedule(ScheduleKind.CRON, cron="61 * * * *"), "schedule.cron"),
        (Schedule(ScheduleKind.ONCE), "schedule.at"),
        (Schedule(ScheduleKind.DAILY, local_time="25:00"), "schedule.localTime"),
        (Schedule(ScheduleKind.WEEKLY, local_time="09:00", weekdays=(8,)), "schedule.weekdays"),
        (Schedule(ScheduleKind.ONCE, at=utcnow() - timedelta(hours=1)), "schedule.at"),
    ):
        with pytest.raises(InvalidInput) as bad:
            await services.create(
                scope=UNRESTRICTED, spec=services.DistributionSpec(campaign.id, schedule), actor_id=None
            )
        assert bad.value.field == field
    targeting = await live_campaign("LiveAction", targeting=Targeting.LIVE_ACTION)
    with pytest.raises(InvalidInput):
        await distribute(targeting)
