"""A change announced by another process drops this process's geofence index at once (pub/sub)."""

from __future__ import annotations

import asyncio
import time

import pytest
from arq.connections import ArqRedis

from app.core.events import EventBus
from app.core.redis import connect_redis
from app.embedded import free_port
from app.geofences import services
from app.geofences.models import Geofence
from app.settings import Settings

pytestmark = pytest.mark.usefixtures("db")
PARIS = (48.8566, 2.3522)


async def stored_paris() -> Geofence:
    """A 1 km circle written straight to the database, as another process would have written it."""
    return await Geofence.create(
        name="Paris",
        kind="CIRCLE",
        center_latitude=PARIS[0],
        center_longitude=PARIS[1],
        radius_m=1000,
        min_latitude=48.8,
        max_latitude=48.9,
        min_longitude=2.3,
        max_longitude=2.4,
    )


async def test_a_notice_from_another_process_rebuilds_the_index_before_the_version_check(
    redis: ArqRedis, settings: Settings
) -> None:
    bus = EventBus(redis, settings.redis_prefix)
    following = asyncio.create_task(services.follow_changes(bus))
    try:
        channel = bus.channel(services.EVENTS_CHANNEL)
        for _ in range(100):
            [(_, count)] = await redis.pubsub_numsub(channel)
            if count:
                break
            await asyncio.sleep(0.02)
        assert await services.covering(latitude=PARIS[0], longitude=PARIS[1]) == set()
        # Another process wrote a geofence (straight to the database here) and announced it; this
        # process's periodic version check is pushed far away, so only the notice can refresh the index.
        made = await stored_paris()
        services.index_cache.checked_at = time.monotonic() + 3600
        await bus.publish(services.EVENTS_CHANNEL, {"geofence_id": str(made.id)})
        found: set[str] = set()
        for _ in range(100):
            found = await services.covering(latitude=PARIS[0], longitude=PARIS[1])
            if found:
                break
            await asyncio.sleep(0.01)
        assert found == {str(made.id)}
    finally:
        following.cancel()
        await asyncio.gather(following, return_exceptions=True)


async def test_concurrent_lookups_during_a_rebuild_all_see_the_new_index() -> None:
    made = await stored_paris()
    services.index_cache.forget()
    found = await asyncio.gather(*(services.covering(latitude=PARIS[0], longitude=PARIS[1]) for _ in range(20)))
    assert found == [{str(made.id)}] * 20


async def test_without_redis_the_listener_waits_and_the_version_check_keeps_the_index_fresh(
    settings: Settings,
) -> None:
    dead = connect_redis(f"redis://127.0.0.1:{free_port()}/0")
    following = asyncio.create_task(services.follow_changes(EventBus(dead, settings.redis_prefix)))
    try:
        await asyncio.sleep(0.3)
        assert not following.done()  # it retries instead of dying
        assert await services.covering(latitude=PARIS[0], longitude=PARIS[1]) == set()
        made = await stored_paris()
        await asyncio.sleep(services.INDEX_CHECK_SECONDS + 0.1)
        assert await services.covering(latitude=PARIS[0], longitude=PARIS[1]) == {str(made.id)}
    finally:
        following.cancel()
        await asyncio.gather(following, return_exceptions=True)
        await dead.aclose()
