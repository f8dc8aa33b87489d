"""Automatic persisted queries (Apollo APQ): documents clients registered by sending them once, in Redis.

A cache, not a record: losing Redis only makes clients send the full text once more. Bounded in count
(the oldest registrations are dropped past `max_documents`), in size (longer texts are not kept) and in
time (each expires `ttl_seconds` after it was last registered).
"""

from __future__ import annotations

import time

from redis.asyncio import Redis

# KEYS[1]: the document's key, KEYS[2]: the index (hash → registration time).
# ARGV: hash, body, ttl seconds, now, largest count, prefix of the documents' keys.
_REMEMBER = """
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', tonumber(ARGV[4]) - tonumber(ARGV[3]))
local excess = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[5])
if excess > 0 then
  local oldest = redis.call('ZPOPMIN', KEYS[2], excess)
  for i = 1, #oldest, 2 do redis.call('DEL', ARGV[6] .. oldest[i]) end
end
return 1
"""


class PersistedQueries:
    """The APQ documents of one deployment, under `<redis_prefix>apq:`."""

    def __init__(
        self, redis: Redis, *, prefix: str, ttl_seconds: int, max_documents: int, max_document_bytes: int
    ) -> None:
        self.redis = redis
        self.document_prefix = f"{prefix}apq:doc:"
        self.index_key = f"{prefix}apq:index"
        self.ttl_seconds = ttl_seconds
        self.max_documents = max_documents
        self.max_document_bytes = max_document_bytes
        self._remember = redis.register_script(_REMEMBER)

    async def find(self, document_hash: str) -> str | None:
        """The text stored under `document_hash`, if it is still kept."""
        value = await self.redis.get(self.document_prefix + document_hash)
        return value.decode() if isinstance(value, bytes) else value

    async def remember(self, document_hash: str, body: str) -> bool:
        """Keep `body` under its (already verified) hash; False when it is too long to keep."""
        if len(body.encode()) > self.max_document_bytes:
            return False
        await self._remember(
            keys=[self.document_prefix + document_hash, self.index_key],
            args=[document_hash, body, self.ttl_seconds, time.time(), self.max_documents, self.document_prefix],
        )
        return True

    async def count(self) -> int:
        """How many documents the index holds."""
        return int(await self.redis.zcard(self.index_key))
