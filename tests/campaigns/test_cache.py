"""The per-process campaign cache: served without queries, dropped at once by every change, and never
stale for longer than the version check's interval when a notice is lost."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from arq.connections import ArqRedis
from tortoise import connections

from app.campaigns import access, assignments, cache, lifecycle, services
from app.campaigns.models import Campaign, CampaignStatus, CodeMode
from app.core.events import EventBus
from app.core.ids import decode_id
from app.core.redis import connect_redis
from app.embedded import free_port
from app.locations.models import AssignmentLevel
from app.locations.services import PlaceFields, PlaceInput, create_area, create_store
from app.settings import Settings
from tests.campaigns.factories import make_campaign
from tests.conftest import Caller, GraphQLClient
from tests.graphql.test_redemptions import ORDER, VALIDATE
from tests.graphql.test_redemptions import campaign as graphql_campaign

pytestmark = pytest.mark.usefixtures("db")
S = CampaignStatus


@pytest.fixture
def no_periodic_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only announcements can drop an entry (the version check is an hour away)."""
    monkeypatch.setattr(cache.campaign_cache, "check_seconds", 3600.0)


async def queries_of(caplog: pytest.LogCaptureFixture, call: Awaitable[Any]) -> tuple[Any, int]:
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="tortoise.db_client"):
        result = await call
    return result, sum(1 for record in caplog.records if record.name == "tortoise.db_client")


async def live(name: str, **overrides: Any) -> Campaign:
    made = await make_campaign(name, code_mode=CodeMode.NO_CODE, **overrides)
    return await lifecycle.activate(campaign_id=made.id, actor=None, events=None)


async def cached(campaign_id: uuid.UUID) -> Campaign | None:
    return (await cache.campaigns_by_id([campaign_id])).get(campaign_id)


async def set_directly(campaign_id: uuid.UUID, sql: str) -> None:
    """A change written by another process (here straight to the table), without any notice."""
    await connections.get("default").execute_query(f"UPDATE campaign SET {sql} WHERE id = $1", [campaign_id])


@pytest.mark.usefixtures("no_periodic_check")
async def test_cached_campaigns_and_assignments_cost_no_query(caplog: pytest.LogCaptureFixture) -> None:
    area = await create_area(fields=PlaceFields(name="North"))
    store = await create_store(area_id=area.id, fields=PlaceFields(name="Harbour"))
    wide = await live("Project-wide")
    local = await live("Local")
    await assignments.change_access(
        campaign_id=local.id,
        add=[
            PlaceInput(AssignmentLevel.AREA, area.id, None),
            PlaceInput(AssignmentLevel.STORE, None, store.id),
        ],
        remove=[],
        actor=None,
    )
    unknown = uuid.uuid4()
    ids = [wide.id, local.id, unknown]

    found, count = await queries_of(caplog, cache.campaigns_by_id(ids))
    assert count == 1  # campaigns and assignments together, in one statement
    assert set(found) == {wide.id, local.id}
    places, count = await queries_of(caplog, cache.places_by_campaign(ids))
    assert count == 1  # only the unknown id is asked for again (absence is not cached)
    assert places == await access.places_by_campaign(ids)
    assert places[wide.id] == []
    assert len(places[local.id]) == 2

    again, count = await queries_of(caplog, cache.campaigns_by_id([wide.id, local.id]))
    assert count == 0
    assert again[wide.id] is found[wide.id]
    for campaign_id in (wide.id, local.id):
        stored = await Campaign.get(id=campaign_id)
        for name in Campaign._meta.db_fields:
            assert getattr(again[campaign_id], name) == getattr(stored, name), name


@pytest.mark.usefixtures("no_periodic_check")
async def test_every_change_through_the_services_is_seen_at_once_in_this_process() -> None:
    campaign = await make_campaign("Spring", code_mode=CodeMode.NO_CODE)
    assert (await cached(campaign.id)).status is S.DRAFT

    await lifecycle.activate(campaign_id=campaign.id, actor=None, events=None)
    assert (await cached(campaign.id)).status is S.ACTIVE

    current = await Campaign.get(id=campaign.id)
    await services.update_campaign(
        campaign_id=campaign.id,
        expected_version=current.version,
        changes={"validation_rules": [{"id": "min", "kind": "MIN_ORDER_AMOUNT", "amount": 5000}]},
        actor=None,
    )
    seen = await cached(campaign.id)
    assert seen is not None
    assert seen.validation_rules[0]["amount"] == 5000

    area = await create_area(fields=PlaceFields(name="North"))
    assert (await cache.places_by_campaign([campaign.id]))[campaign.id] == []
    place = PlaceInput(AssignmentLevel.AREA, area.id, None)
    await assignments.change_access(campaign_id=campaign.id, add=[place], remove=[], actor=None)
    assert [p.area_id for p in (await cache.places_by_campaign([campaign.id]))[campaign.id]] == [area.id]

    for action, status in ((lifecycle.pause, S.PAUSED), (lifecycle.resume, S.ACTIVE)):
        await action(campaign_id=campaign.id, actor=None, events=None)
        assert (await cached(campaign.id)).status is status

    # The scheduler's transitions too: the start of a SCHEDULED campaign passes (written straight to the
    # table, so the cache still holds the future start), then the sweep starts it.
    later = await make_campaign("Later", code_mode=CodeMode.NO_CODE, starts_at=datetime.now(UTC) + timedelta(hours=1))
    await lifecycle.activate(campaign_id=later.id, actor=None, events=None)
    assert (await cached(later.id)).status is S.SCHEDULED
    await set_directly(later.id, "starts_at = now() - interval '1 minute'")
    await lifecycle.run_due_transitions(events=None)
    assert (await cached(later.id)).status is S.ACTIVE

    await lifecycle.move_to_bin(campaign_id=campaign.id, actor=None, events=None)
    assert (await cached(campaign.id)).deleted_at is not None
    await lifecycle.delete_permanently(campaign_id=campaign.id, actor=None, events=None)
    assert await cached(campaign.id) is None


@pytest.mark.usefixtures("no_periodic_check")
async def test_a_notice_from_another_process_drops_the_entry_at_once(redis: ArqRedis, settings: Settings) -> None:
    bus = EventBus(redis, settings.redis_prefix)
    following = asyncio.create_task(cache.follow_changes(bus))
    try:
        channel = bus.channel(cache.EVENTS_CHANNEL)
        for _ in range(100):
            [(_, subscribers)] = await redis.pubsub_numsub(channel)
            if subscribers:
                break
            await asyncio.sleep(0.02)
        campaign = await live("Autumn")
        assert (await cached(campaign.id)).status is S.ACTIVE
        await set_directly(campaign.id, "status = 'PAUSED', version = version + 1")
        assert (await cached(campaign.id)).status is S.ACTIVE  # served from the cache

        await bus.publish(cache.EVENTS_CHANNEL, {"campaign_id": str(campaign.id)})  # what the other process sends
        seen = None
        for _ in range(200):
            seen = await cached(campaign.id)
            if seen is not None and seen.status is S.PAUSED:
                break
            await asyncio.sleep(0.01)
        assert seen is not None
        assert seen.status is S.PAUSED
    finally:
        following.cancel()
        await asyncio.gather(following, return_exceptions=True)


async def test_a_lost_notice_is_caught_by_the_version_check(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(cache.campaign_cache, "check_seconds", 3600.0)
    kept = await live("Kept")
    changed = await live("Changed")
    gone = await live("Gone")
    ids = [kept.id, changed.id, gone.id]
    first = await cache.campaigns_by_id(ids)
    await set_directly(changed.id, "status = 'PAUSED', version = version + 1")
    await connections.get("default").execute_query("DELETE FROM campaign WHERE id = $1", [gone.id])
    assert (await cache.campaigns_by_id(ids)).keys() == set(ids)  # no notice, no check yet: still served

    interval = 0.2
    monkeypatch.setattr(cache.campaign_cache, "check_seconds", interval)
    await asyncio.sleep(interval)  # the interval has passed: the next lookup compares versions first
    found, count = await queries_of(caplog, cache.campaigns_by_id(ids))
    assert count == 2  # the version check, then the changed campaign alone
    assert found.keys() == {kept.id, changed.id}
    assert found[kept.id] is first[kept.id]
    assert found[changed.id].status is S.PAUSED
    monkeypatch.setattr(cache.campaign_cache, "check_seconds", 3600.0)
    _, count = await queries_of(caplog, cache.campaigns_by_id([kept.id, changed.id]))
    assert count == 0


async def test_without_redis_the_follower_retries_and_the_next_lookup_checks_versions(
    settings: Settings, no_periodic_check: None
) -> None:
    campaign = await live("Winter")
    assert (await cached(campaign.id)).status is S.ACTIVE
    await set_directly(campaign.id, "status = 'PAUSED', version = version + 1")
    dead = connect_redis(f"redis://127.0.0.1:{free_port()}/0")
    following = asyncio.create_task(cache.follow_changes(EventBus(dead, settings.redis_prefix)))
    try:
        seen = None
        for _ in range(200):
            seen = await cached(campaign.id)
            if seen is not None and seen.status is S.PAUSED:
                break
            await asyncio.sleep(0.01)
        assert seen is not None
        assert seen.status is S.PAUSED
        assert not following.done()  # it retries instead of dying
    finally:
        following.cancel()
        await asyncio.gather(following, return_exceptions=True)
        await dead.aclose()


async def test_concurrent_lookups_share_one_load_and_one_check(caplog: pytest.LogCaptureFixture) -> None:
    campaign = await live("Busy")
    found, count = await queries_of(caplog, asyncio.gather(*(cached(campaign.id) for _ in range(20))))
    assert count == 1
    assert {id(each) for each in found} == {id(found[0])}
    cache.campaign_cache.check_soon()
    _, count = await queries_of(caplog, asyncio.gather(*(cached(campaign.id) for _ in range(20))))
    assert count == 1


async def test_a_load_that_raced_a_change_answers_but_keeps_nothing() -> None:
    campaign = await live("Raced")
    store = cache.CampaignCache(check_seconds=3600)
    loading = asyncio.create_task(store.entries([campaign.id]))
    while campaign.id not in store._loading:  # its query is on its way
        await asyncio.sleep(0)
    store.forget(campaign.id)  # a change committed meanwhile
    assert campaign.id in await loading
    assert len(store) == 0


async def test_least_recently_used_campaigns_leave_beyond_the_bound(caplog: pytest.LogCaptureFixture) -> None:
    store = cache.CampaignCache(check_seconds=3600, max_entries=2)
    a, b, c = [await live(name) for name in "ABC"]
    await store.entries([a.id, b.id])
    await store.entries([a.id])  # a is now more recent than b
    await store.entries([c.id])
    assert len(store) == 2
    _, count = await queries_of(caplog, store.entries([a.id, c.id]))
    assert count == 0
    _, count = await queries_of(caplog, store.entries([b.id]))
    assert count == 1


async def test_a_raw_asyncpg_connection_can_carry_the_queries(settings: Settings) -> None:
    campaign = await live("Raw")
    client: Any = connections.get("default")
    async with client.acquire_connection() as connection:
        found = await cache.campaigns_by_id([campaign.id], connection=connection)
    assert found[campaign.id].name == "Raw"
    assert found[campaign.id].reward == campaign.reward  # JSON columns decoded as the ORM decodes them


@pytest.mark.usefixtures("no_periodic_check")
async def test_pausing_a_campaign_refuses_it_at_once_in_validate(graphql: GraphQLClient, admin: Caller) -> None:
    campaign_id = await graphql_campaign(
        graphql, admin, name="Flash", codeMode="NO_CODE", reward={"discount": {"type": "AMOUNT", "amountOff": 100}}
    )
    redeemables = [{"campaignId": campaign_id}]
    before = (await graphql.data(VALIDATE, {"o": ORDER, "r": redeemables}, caller=admin))["validate"]
    assert [(r["status"], r["reason"]) for r in before["redeemables"]] == [("APPLICABLE", None)]
    model_id = decode_id("Campaign", campaign_id)
    assert (await cached(model_id)).status is S.ACTIVE

    paused = await graphql.data(
        "mutation P($id: ID!) { campaignPause(input: {id: $id}) { __typename } }", {"id": campaign_id}, caller=admin
    )
    assert paused["campaignPause"]["__typename"] == "CampaignTransitionSuccess"
    after = (await graphql.data(VALIDATE, {"o": ORDER, "r": redeemables}, caller=admin))["validate"]
    assert [(r["status"], r["reason"]) for r in after["redeemables"]] == [("INAPPLICABLE", "CAMPAIGN_NOT_ACTIVE")]
    assert (await cached(model_id)).status is S.PAUSED
