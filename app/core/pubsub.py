"""Events across processes through Redis pub/sub: what one process publishes, every process hears."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import orjson
from redis.asyncio import Redis


async def publish(redis: Redis, channel: str, payload: dict[str, Any]) -> None:
    """Send `payload` to every current subscriber of `channel`."""
    await redis.publish(channel, orjson.dumps(payload))


async def listen(redis: Redis, channel: str) -> AsyncIterator[dict[str, Any]]:
    """Yield every payload published on `channel` from now on, until the consumer stops."""
    async for payload in listen_many(redis, [channel]):
        yield payload


async def listen_many(redis: Redis, channels: list[str]) -> AsyncIterator[dict[str, Any]]:
    """Yield every payload published on any of `channels` from now on, until the consumer stops."""
    pubsub = redis.pubsub(ignore_subscribe_messages=True)
    await pubsub.subscribe(*channels)
    try:
        while True:
            message = await pubsub.get_message(timeout=30.0)
            if message is not None and message["type"] == "message":
                yield orjson.loads(message["data"])
    finally:
        await pubsub.unsubscribe(*channels)
        await pubsub.aclose()  # type: ignore[no-untyped-call]
