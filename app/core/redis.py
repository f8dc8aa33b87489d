"""The shared Redis client (arq's, so the API can enqueue jobs; also used for pub/sub and health)."""

from __future__ import annotations

from arq.connections import ArqRedis, RedisSettings
from redis.asyncio import ConnectionPool

CONNECT_TIMEOUT_SECONDS = 2.0


def redis_settings(redis_url: str) -> RedisSettings:
    """arq's connection settings for `redis_url` (the worker's)."""
    settings = RedisSettings.from_dsn(redis_url)
    settings.conn_timeout = int(CONNECT_TIMEOUT_SECONDS)
    return settings


def connect_redis(redis_url: str) -> ArqRedis:
    """A lazily connecting client: the API starts, and serves what needs no Redis, while it is down."""
    pool = ConnectionPool.from_url(redis_url, socket_connect_timeout=CONNECT_TIMEOUT_SECONDS)
    client = ArqRedis(connection_pool=pool)
    client.auto_close_connection_pool = True  # aclose() also closes the pool it was given
    return client
