"""Every lifecycle transition, allowed and refused, and the scheduler."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import pytest

from app.campaigns import lifecycle
from app.campaigns.exceptions import CampaignNotFound, TransitionNotAllowed
from app.campaigns.models import Campaign, CampaignHistory, CampaignStatus, HistoryKind
from app.core.errors import InvalidInput
from app.core.time import utcnow
from tests.campaigns.factories import make_campaign

pytestmark = pytest.mark.usefixtures("db")
S = CampaignStatus
Transition = Callable[..., Awaitable[Campaign]]

ACTIONS: dict[str, Transition] = {
    "activate": lifecycle.activate,
    "pause": lifecycle.pause,
    "resume": lifecycle.resume,
    "stop": lifecycle.stop,
}
# action -> {from status: resulting status}; every pair not listed must be refused.
ALLOWED = {
    "activate": {S.DRAFT: S.ACTIVE},
    "pause": {S.ACTIVE: S.PAUSED, S.SCHEDULED: S.PAUSED},
    "resume": {S.PAUSED: S.ACTIVE},
    "stop": {S.ACTIVE: S.STOPPED, S.SCHEDULED: S.STOPPED, S.PAUSED: S.STOPPED},
}


async def campaign_in(status: CampaignStatus) -> Campaign:
    campaign = await make_campaign(f"c-{status.value}")
    await Campaign.filter(id=campaign.id).update(status=status)
    return await Campaign.get(id=campaign.id)


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("status", list(CampaignStatus))
async def test_transition_matrix(action: str, status: CampaignStatus) -> None:
    campaign = await campaign_in(status)
    expected = ALLOWED[action].get(status)
    if expected is None:
        with pytest.raises(TransitionNotAllowed) as raised:
            await ACTIONS[action](campaign_id=campaign.id, actor=None, events=None)
        assert status.value in raised.value.message
        assert (await Campaign.get(id=campaign.id)).status is status
        return
    after = await ACTIONS[action](campaign_id=campaign.id, actor=None, events=None)
    assert after.status is expected
    assert after.version == campaign.version + 1
    entry = await CampaignHistory.filter(campaign_id=campaign.id, kind=HistoryKind.STATUS_CHANGED).get()
    assert (entry.from_status, entry.to_status) == (status, expected)


async def test_activation_with_a_future_start_schedules() -> None:
    campaign = await make_campaign(starts_at=utcnow() + timedelta(hours=1))
    assert (await lifecycle.activate(campaign_id=campaign.id, actor=None, events=None)).status is S.SCHEDULED


async def test_activation_after_the_end_is_refused() -> None:
    campaign = await make_campaign(starts_at=utcnow() - timedelta(days=2), ends_at=utcnow() - timedelta(days=1))
    with pytest.raises(InvalidInput) as raised:
        await lifecycle.activate(campaign_id=campaign.id, actor=None, events=None)
    assert raised.value.field == "endsAt"


async def test_resume_before_start_goes_back_to_scheduled() -> None:
    campaign = await make_campaign(starts_at=utcnow() + timedelta(hours=1))
    await lifecycle.activate(campaign_id=campaign.id, actor=None, events=None)
    await lifecycle.pause(campaign_id=campaign.id, actor=None, events=None)
    assert (await lifecycle.resume(campaign_id=campaign.id, actor=None, events=None)).status is S.SCHEDULED


async def test_bin_blocks_transitions_and_restore_brings_the_status_back() -> None:
    campaign = await make_campaign()
    await lifecycle.activate(campaign_id=campaign.id, actor=None, events=None)
    binned = await lifecycle.move_to_bin(campaign_id=campaign.id, actor=None, events=None)
    assert binned.deleted_at is not None
    with pytest.raises(TransitionNotAllowed, match="in the bin"):
        await lifecycle.pause(campaign_id=campaign.id, actor=None, events=None)
    with pytest.raises(TransitionNotAllowed):
        await lifecycle.move_to_bin(campaign_id=campaign.id, actor=None, events=None)
    restored = await lifecycle.restore(campaign_id=campaign.id, actor=None, events=None)
    assert restored.deleted_at is None
    assert restored.status is S.ACTIVE
    with pytest.raises(TransitionNotAllowed):
        await lifecycle.restore(campaign_id=campaign.id, actor=None, events=None)
    kinds = [e.kind for e in await CampaignHistory.filter(campaign_id=campaign.id).order_by("id")]
    assert kinds == [
        HistoryKind.CREATED,
        HistoryKind.STATUS_CHANGED,
        HistoryKind.DELETED,
        HistoryKind.RESTORED,
    ]


async def test_permanent_delete_frees_the_name_but_the_bin_does_not() -> None:
    from app.campaigns.exceptions import CampaignNameTaken

    campaign = await make_campaign("Reused")
    await lifecycle.move_to_bin(campaign_id=campaign.id, actor=None, events=None)
    with pytest.raises(CampaignNameTaken):
        await make_campaign("Reused")
    await lifecycle.delete_permanently(campaign_id=campaign.id, actor=None, events=None)
    assert not await Campaign.filter(id=campaign.id).exists()
    assert not await CampaignHistory.filter(campaign_id=campaign.id).exists()
    assert (await make_campaign("Reused")).name == "Reused"
    with pytest.raises(CampaignNotFound):
        await lifecycle.delete_permanently(campaign_id=campaign.id, actor=None, events=None)


async def test_scheduler_starts_and_expires_due_campaigns() -> None:
    now = utcnow()
    starting = await make_campaign("starting", starts_at=now + timedelta(hours=1))
    ending = await make_campaign("ending", ends_at=now + timedelta(hours=1))
    later = await make_campaign("later", starts_at=now + timedelta(days=3))
    for campaign in (starting, ending, later):
        await lifecycle.activate(campaign_id=campaign.id, actor=None, events=None)
    assert await lifecycle.run_due_transitions(events=None) == []

    await Campaign.filter(id=starting.id).update(starts_at=now - timedelta(seconds=1))
    await Campaign.filter(id=ending.id).update(ends_at=now - timedelta(seconds=1))
    changes = await lifecycle.run_due_transitions(events=None)
    assert {(c.campaign_name, c.current) for c in changes} == {("starting", S.ACTIVE), ("ending", S.EXPIRED)}
    assert all(c.cause == lifecycle.SCHEDULER for c in changes)
    assert (await Campaign.get(id=later.id)).status is S.SCHEDULED
    assert await lifecycle.run_due_transitions(events=None) == []
    entry = await CampaignHistory.filter(campaign_id=ending.id, to_status=S.EXPIRED).get()
    assert entry.actor_id is None


async def test_scheduler_ignores_campaigns_in_the_bin() -> None:
    campaign = await make_campaign(starts_at=utcnow() + timedelta(hours=1))
    await lifecycle.activate(campaign_id=campaign.id, actor=None, events=None)
    await lifecycle.move_to_bin(campaign_id=campaign.id, actor=None, events=None)
    await Campaign.filter(id=campaign.id).update(starts_at=utcnow() - timedelta(seconds=1))
    assert await lifecycle.run_due_transitions(events=None) == []


async def test_concurrent_sweepers_never_transition_a_campaign_twice() -> None:
    ids = []
    for i in range(30):
        campaign = await make_campaign(f"due-{i}", starts_at=utcnow() + timedelta(hours=1))
        await lifecycle.activate(campaign_id=campaign.id, actor=None, events=None)
        ids.append(campaign.id)
    await Campaign.filter(id__in=ids).update(starts_at=utcnow() - timedelta(seconds=1))

    results: list[Any] = await asyncio.gather(
        *(lifecycle.run_due_transitions(events=None, batch_size=7) for _ in range(8))
    )
    while changed := await lifecycle.run_due_transitions(events=None, batch_size=7):
        results.append(changed)
    started = [change.campaign_id for batch in results for change in batch]
    assert sorted(started) == sorted(ids)
    assert await Campaign.filter(id__in=ids, status=S.ACTIVE).count() == 30
    assert await CampaignHistory.filter(campaign_id__in=ids, to_status=S.ACTIVE).count() == 30


async def test_concurrent_transitions_of_one_campaign_apply_once() -> None:
    campaign = await make_campaign()
    await lifecycle.activate(campaign_id=campaign.id, actor=None, events=None)
    results = await asyncio.gather(
        *(lifecycle.stop(campaign_id=campaign.id, actor=None, events=None) for _ in range(5)),
        return_exceptions=True,
    )
    assert sum(isinstance(r, Campaign) for r in results) == 1
    assert sum(isinstance(r, TransitionNotAllowed) for r in results) == 4
