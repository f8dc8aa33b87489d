"""The live-action loop each worker process runs beside arq: evaluate the inbox, fire due timers.

It needs only PostgreSQL: a notice on Redis pub/sub (`trigger-inbox`, sent by the API after it stored an
event some trigger listens to) wakes it at once, and without Redis it still looks every POLL_SECONDS,
so events stored while Redis was down are evaluated all the same, once each.
"""

from __future__ import annotations

import asyncio
import contextlib

import structlog
from redis.asyncio import Redis
from redis.exceptions import RedisError

from app.core import pubsub
from app.core.events import INVENTORY_ALERTS_CHANNEL, EventBus, publish
from app.triggers import evaluate, timers
from app.triggers.services import CHANGES_CHANNEL, INBOX_CHANNEL
from app.wallets import services as wallets

POLL_SECONDS = 0.25
REWARDS_CHANNEL = "reward-granted"  # shared with distributions: {campaign_id, rewards: [...]}
log = structlog.get_logger(__name__)


async def announce(events: EventBus | None, batch: evaluate.Batch) -> None:
    by_campaign: dict[str, list[dict[str, object]]] = {}
    for reward in batch.rewards:
        by_campaign.setdefault(str(reward["campaign_id"]), []).append({**reward, "source": "LIVE_ACTION"})
    for campaign_id, rewards in by_campaign.items():
        await publish(events, REWARDS_CHANNEL, {"campaign_id": campaign_id, "rewards": rewards})
    for alert in batch.alerts:
        await publish(events, INVENTORY_ALERTS_CHANNEL, alert)
    await wallets.announce(events, batch.wallets)


async def work_once(events: EventBus | None) -> int:
    """Evaluate every queued event and fire every due timer; how many events and timers were handled."""
    handled = 0
    for step in (evaluate.evaluate_batch, timers.fire_due):
        while True:
            batch = await step()
            if not batch.events:
                break
            handled += batch.events
            await announce(events, batch)
    return handled


async def _listen(events: EventBus, wake: asyncio.Event) -> None:
    pause = 1.0
    while True:
        try:
            channels = [events.channel(INBOX_CHANNEL), events.channel(CHANGES_CHANNEL)]
            async for message in pubsub.listen_many(events.redis, channels):
                pause = 1.0
                if message.get("campaign_id"):
                    evaluate.index.forget()
                wake.set()
        except (RedisError, OSError) as exc:
            log.warning("live_action_notices_not_followed", error=str(exc), retry_in_s=pause)
            await asyncio.sleep(pause)
            pause = min(pause * 2, 30.0)


async def run_forever(*, stopping: asyncio.Event, redis_url: str | None, prefix: str) -> None:
    """The loop (see the module docstring), until `stopping` is set."""
    redis = Redis.from_url(redis_url) if redis_url else None
    events = EventBus(redis, prefix) if redis is not None else None
    wake = asyncio.Event()
    listening = asyncio.create_task(_listen(events, wake)) if events is not None else None
    try:
        while not stopping.is_set():
            wake.clear()
            try:
                await work_once(events)
            except Exception as exc:  # PostgreSQL restarting: log and look again shortly
                log.warning("live_actions_failed", error=f"{type(exc).__name__}: {exc}")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), POLL_SECONDS)
    finally:
        if listening is not None:
            listening.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await listening
        if redis is not None:
            await redis.aclose()
