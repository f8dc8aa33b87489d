"""A run taken over while the previous executor's chunk is still open (its lease lapsed mid-chunk)."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest
from tortoise import connections

from app.core.time import utcnow
from app.distributions import runs, snapshot
from app.distributions.models import Delivery, DeliveryStatus, DistributionRun, RunStatus
from tests.codes.test_publication import series_with
from tests.conftest import Servers
from tests.distributions.helpers import distribute, distributing, holders, list_segment

pytestmark = pytest.mark.usefixtures("db")


async def test_the_new_executor_waits_for_the_open_chunk_and_rewards_it_when_its_executor_dies(
    servers: Servers,
) -> None:
    series = await series_with(300)
    segment = await list_segment("Held", [f"h{i}" for i in range(250)])
    campaign = await distributing("Held", segment, code_series_id=series)
    distribution = await distribute(campaign)
    await runs.schedule_due(now=utcnow())
    run = await runs._claim("first")
    assert run is not None
    await snapshot.take(run, distribution, campaign, utcnow())
    # "first" has locked its next chunk (the last 100 rows) and stalls, its lease lapsing meanwhile.
    first = await asyncpg.connect(servers.database_url.replace("postgres://", "postgresql://", 1))
    try:
        transaction = first.transaction()
        await transaction.start()
        locked = await first.fetch(
            "SELECT id FROM distribution_delivery WHERE run_id = $1 AND status = 'PENDING' "
            "ORDER BY id DESC LIMIT 100 FOR UPDATE",
            run.id,
        )
        assert len(locked) == 100
        await connections.get("default").execute_query_dict(
            "UPDATE distribution_run SET lease_until = now() - interval '1 second' WHERE id = $1 RETURNING id", [run.id]
        )
        taken = await runs._claim("second")
        assert taken is not None
        assert taken.id == run.id
        second = asyncio.create_task(runs.execute(taken, worker="second", events=None))

        while (await DistributionRun.get(id=run.id)).rewarded < 150:
            assert not second.done(), second.result()
            await asyncio.sleep(0.05)
        await asyncio.sleep(3 * runs.HELD_WAIT_SECONDS)  # it keeps waiting: the open chunk is not settled
        assert not second.done()
        assert (await DistributionRun.get(id=run.id)).status is RunStatus.RUNNING
        await transaction.rollback()  # "first" dies: its rows are free again
    finally:
        await first.close()
    outcome = await second
    assert outcome.status is RunStatus.SUCCEEDED
    done = await DistributionRun.get(id=run.id)
    assert (done.eligible, done.rewarded, done.skipped) == (250, 250, 0)
    assert await Delivery.filter(run_id=run.id, status=DeliveryStatus.PENDING).count() == 0
    published = await holders(campaign.id)
    assert len(published) == 250
    assert len({row["customer_id"] for row in published}) == len({row["code_id"] for row in published}) == 250


async def test_two_runs_of_one_campaign_snapshotted_together_reward_each_customer_once() -> None:
    """Both snapshots see no one rewarded yet; the second run's chunks find the first run's rewards."""
    segment = await list_segment("Both", [f"b{i}" for i in range(120)])
    campaign = await distributing("Both", segment, code_series_id=await series_with(300))
    first_distribution = await distribute(campaign)
    second_distribution = await distribute(campaign)
    await runs.schedule_due(now=utcnow())
    first = await runs._claim("one")
    second = await runs._claim("two")
    assert first is not None
    assert second is not None
    by_distribution = {first_distribution.id: first_distribution, second_distribution.id: second_distribution}
    for run in (first, second):
        await snapshot.take(run, by_distribution[run.distribution_id], campaign, utcnow())
    assert await Delivery.filter(status=DeliveryStatus.PENDING).count() == 240
    assert (await runs.execute(first, worker="one", events=None)).status is RunStatus.SUCCEEDED
    assert (await runs.execute(second, worker="two", events=None)).status is RunStatus.SUCCEEDED
    done = {run.id: run for run in await DistributionRun.all()}
    assert (done[first.id].rewarded, done[first.id].skipped) == (120, 0)
    assert (done[second.id].rewarded, done[second.id].skipped) == (0, 120)
    assert await Delivery.filter(run_id=second.id, status=DeliveryStatus.SKIPPED_ALREADY).count() == 120
    published = await holders(campaign.id)
    assert len(published) == len({row["customer_id"] for row in published}) == 120
