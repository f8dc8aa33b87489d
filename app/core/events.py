"""Domain events for live subscribers in every process (Redis pub/sub, best effort).

PostgreSQL already holds every change when an event is published, so a Redis outage only costs the
live notification; subscribers that reconnect read what they missed from the stored history.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import structlog
from redis.asyncio import Redis
from redis.exceptions import RedisError

from app.core import pubsub

log = structlog.get_logger(__name__)

# Low-stock and exhausted alerts of codes, campaigns and points budgets (`inventoryAlerts`).
INVENTORY_ALERTS_CHANNEL = "inventory-alerts"


@dataclass(frozen=True)
class EventBus:
    """Where a process publishes its events: a Redis client and the project's key prefix."""

    redis: Redis
    prefix: str

    def channel(self, name: str) -> str:
        return f"{self.prefix}events:{name}"

    async def publish(self, name: str, payload: dict[str, Any]) -> None:
        try:
            await pubsub.publish(self.redis, self.channel(name), payload)
        except (RedisError, OSError) as exc:
            log.warning("event_not_published", channel=name, error=str(exc))


async def publish(bus: EventBus | None, name: str, payload: dict[str, Any]) -> None:
    """Publish when a bus is configured (the CLI has none)."""
    if bus is not None:
        await bus.publish(name, payload)
