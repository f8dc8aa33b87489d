"""Token buckets in Redis for public CLIENT keys: one per key and one per client IP, one round trip.

A request takes a token from both buckets or from neither; a refusal says how long until both have
one again. When Redis cannot be reached the request is let through (logged and counted): a public
key's limit must not turn a Redis outage into an outage of every storefront. See docs/adr/0021.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import structlog
from arq.connections import ArqRedis
from redis.exceptions import RedisError

from app.core.metrics import RATE_LIMIT_CHECKS

log = structlog.get_logger(__name__)

# KEYS: the buckets; ARGV: per bucket its size and refill per millisecond. Redis's clock is the one
# clock of all API processes. Returns 0 when a token was taken from every bucket, else milliseconds
# until each has one.
TOKEN_BUCKETS = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local wait = 0
local tokens = {}
for i = 1, #KEYS do
  local size = tonumber(ARGV[2 * i - 1])
  local rate = tonumber(ARGV[2 * i])
  local state = redis.call('HMGET', KEYS[i], 'tokens', 'at')
  local left = tonumber(state[1]) or size
  local at = tonumber(state[2]) or now
  left = math.min(size, left + math.max(0, now - at) * rate)
  if left < 1 then
    wait = math.max(wait, math.ceil((1 - left) / rate))
  end
  tokens[i] = left
end
if wait > 0 then
  return wait
end
for i = 1, #KEYS do
  local size = tonumber(ARGV[2 * i - 1])
  local rate = tonumber(ARGV[2 * i])
  redis.call('HSET', KEYS[i], 'tokens', tostring(tokens[i] - 1), 'at', now)
  redis.call('PEXPIRE', KEYS[i], math.ceil(size / rate) + 1000)
end
return 0
"""


@dataclass(frozen=True)
class Bucket:
    """A token bucket: `size` requests at once, refilled at `per_second`."""

    key: str
    size: int
    per_second: float


class RateLimiter:
    def __init__(self, redis: ArqRedis, prefix: str) -> None:
        self.prefix = prefix
        self._script = redis.register_script(TOKEN_BUCKETS)

    async def take(self, buckets: list[Bucket]) -> int | None:
        """None when every bucket gave a token; else whole seconds until they all can (at least 1)."""
        keys = [f"{self.prefix}rate:{bucket.key}" for bucket in buckets]
        args: list[str] = []
        for bucket in buckets:
            args += [str(bucket.size), repr(bucket.per_second / 1000)]
        try:
            wait_ms = int(await self._script(keys=keys, args=args))
        except (RedisError, OSError) as exc:
            RATE_LIMIT_CHECKS.labels("unavailable").inc()
            log.warning("rate_limit_unavailable", error=f"{type(exc).__name__}: {exc}")
            return None
        if wait_ms == 0:
            RATE_LIMIT_CHECKS.labels("allowed").inc()
            return None
        RATE_LIMIT_CHECKS.labels("refused").inc()
        return max(1, math.ceil(wait_ms / 1000))
