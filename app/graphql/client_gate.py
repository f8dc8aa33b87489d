"""What public CLIENT keys pass before any GraphQL runs: their allowed origins and their rate limits.

Over HTTP and on a WebSocket's connection_init alike: a browser page on another origin, or a client
over its budget, is refused with a typed error (HTTP 403 / 429 JSON, or a rejected connection).
"""

from __future__ import annotations

from dataclasses import dataclass

from arq.connections import ArqRedis
from starlette.requests import HTTPConnection

from app.access.models import Role
from app.access.ratelimit import Bucket, RateLimiter
from app.access.services import Credentials
from app.core.client_ip import client_ip
from app.settings import Settings


@dataclass
class ClientRefused(Exception):
    """A CLIENT key's request refused before execution."""

    status: int
    code: str
    message: str
    retry_after: int | None = None

    @property
    def extensions(self) -> dict[str, object]:
        extensions: dict[str, object] = {"code": self.code}
        if self.retry_after is not None:
            extensions["retryAfter"] = self.retry_after
        return extensions


class ClientGate:
    def __init__(self, settings: Settings, redis: ArqRedis) -> None:
        self.settings = settings
        self.trusted = settings.trusted_networks
        self.limiter = RateLimiter(redis, settings.redis_prefix)

    async def admit(self, credentials: Credentials, connection: HTTPConnection) -> None:
        """Raise ClientRefused unless a CLIENT key may go on from this request's (or socket's) origin and IP
        now; other keys pass."""
        key = credentials.key
        if key.role is not Role.CLIENT:
            return
        origin = connection.headers.get("origin")
        peer = connection.client.host if connection.client else None
        forwarded_for = connection.headers.get("x-forwarded-for")
        # Apps outside browsers send no Origin; a browser always does on cross-origin requests.
        allowed = key.allowed_origins or self.settings.cors_origins
        if origin is not None and origin not in allowed:
            raise ClientRefused(403, "ORIGIN_NOT_ALLOWED", f"This key may not be used from the origin {origin}.")
        settings = self.settings
        ip = client_ip(peer, forwarded_for, self.trusted)
        retry_after = await self.limiter.take(
            [
                Bucket(f"key:{key.id}", settings.client_rate_key_burst, settings.client_rate_key_per_second),
                Bucket(f"ip:{ip}", settings.client_rate_ip_burst, settings.client_rate_ip_per_second),
            ]
        )
        if retry_after is not None:
            raise ClientRefused(
                429, "RATE_LIMITED", f"Too many requests; retry in {retry_after} s.", retry_after=retry_after
            )
