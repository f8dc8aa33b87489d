"""API keys: create, list, revoke, and authenticate a request's bearer key."""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import structlog

from app.access.exceptions import ApiKeyAlreadyRevoked, ApiKeyNotFound
from app.access.models import ApiKey, Role
from app.core.errors import InvalidInput
from app.core.events import EventBus, publish
from app.core.pagination import Page, Position, newest_first_page
from app.core.secrets import digest_key, generate_key
from app.core.time import utcnow

NAME_MAX_LENGTH = 100
# last_used_at is a hint for humans; writing it on every request would cost a write per request.
LAST_USED_RESOLUTION = timedelta(minutes=1)
EVENTS_CHANNEL = "api-keys"

log = structlog.get_logger(__name__)


async def _announce(events: EventBus | None, *, kind: str, key: ApiKey, actor: ApiKey | None) -> None:
    payload = {"kind": kind, "key_id": str(key.id), "actor_prefix": actor.prefix if actor else None}
    await publish(events, EVENTS_CHANNEL, payload)


def _clean_name(name: str) -> str:
    cleaned = name.strip()
    if not cleaned:
        raise InvalidInput("The name must not be empty.", field="name")
    if len(cleaned) > NAME_MAX_LENGTH:
        raise InvalidInput(
            f"The name has {len(cleaned)} characters; at most {NAME_MAX_LENGTH} are allowed.",
            field="name",
        )
    return cleaned


async def create_api_key(
    *,
    name: str,
    role: Role,
    created_by: ApiKey | None,
    events: EventBus | None = None,
) -> tuple[ApiKey, str]:
    """Create a key; return it and its plaintext, which is never stored nor shown again."""
    generated = generate_key()
    key = await ApiKey.create(
        name=_clean_name(name),
        role=role,
        prefix=generated.prefix,
        digest=generated.digest,
        created_by=created_by,
    )
    await _announce(events, kind="CREATED", key=key, actor=created_by)
    return key, generated.plaintext


async def get_api_key(*, key_id: uuid.UUID) -> ApiKey:
    """The key with this id, revoked or not."""
    key = await ApiKey.get_or_none(id=key_id)
    if key is None:
        raise ApiKeyNotFound(f"No API key has id {key_id}.", field="id")
    return key


async def list_api_keys(*, first: int, after: Position | None, include_revoked: bool) -> Page[ApiKey]:
    """Keys, newest first."""
    query = ApiKey.all()
    if not include_revoked:
        query = query.filter(revoked_at__isnull=True)
    return await newest_first_page(query, time_field="created_at", first=first, after=after)


async def revoke_api_key(
    *,
    key_id: uuid.UUID,
    revoked_by: ApiKey | None,
    events: EventBus | None = None,
) -> ApiKey:
    """Revoke a key: every API process refuses it within `api_key_cache_seconds`."""
    revoked = await ApiKey.filter(id=key_id, revoked_at__isnull=True).update(revoked_at=utcnow())
    key = await get_api_key(key_id=key_id)
    if not revoked:
        raise ApiKeyAlreadyRevoked(f"The API key {key.prefix} was already revoked.", field="id")
    key_cache.forget(key.digest)
    await _announce(events, kind="REVOKED", key=key, actor=revoked_by)
    return key


async def find_api_key_by_prefix(*, prefix: str) -> ApiKey:
    """The key with this visible prefix (what the CLI shows)."""
    key = await ApiKey.get_or_none(prefix=prefix)
    if key is None:
        raise ApiKeyNotFound(f"No API key has prefix {prefix!r}.", field="prefix")
    return key


@dataclass
class _CachedKey:
    key: ApiKey | None
    expires_at: float


class KeyCache:
    """A per-process cache of looked-up keys, trusted for `ttl` seconds.

    It keeps authentication off the database on hot paths while bounding how long a revoked key
    still works in another process to `ttl`.
    """

    def __init__(self, ttl: float) -> None:
        self.ttl = ttl
        self._entries: dict[str, _CachedKey] = {}
        self._lookups: dict[str, asyncio.Future[ApiKey | None]] = {}
        self._touch_tasks: set[asyncio.Task[None]] = set()

    def forget(self, digest: str) -> None:
        self._entries.pop(digest, None)

    def clear(self) -> None:
        self._entries.clear()

    async def authenticate(self, plaintext: str) -> ApiKey | None:
        """The active key matching `plaintext`, or None."""
        digest = digest_key(plaintext)
        cached = self._entries.get(digest)
        if cached is None or cached.expires_at <= time.monotonic():
            cached = await self._lookup(digest)
        if cached.key is not None:
            self._touch(cached.key)
        return cached.key

    async def _lookup(self, digest: str) -> _CachedKey:
        """One database lookup per key at a time: concurrent requests share it (no stampede at expiry)."""
        pending = self._lookups.get(digest)
        if pending is None:
            pending = asyncio.ensure_future(ApiKey.get_or_none(digest=digest, revoked_at__isnull=True))
            self._lookups[digest] = pending
            pending.add_done_callback(lambda _: self._lookups.pop(digest, None))
        key = await asyncio.shield(pending)
        if len(self._entries) > 10_000:
            self._entries.clear()
        cached = _CachedKey(key=key, expires_at=time.monotonic() + self.ttl)
        self._entries[digest] = cached
        return cached

    def _touch(self, key: ApiKey) -> None:
        now = utcnow()
        if key.last_used_at is not None and now - key.last_used_at < LAST_USED_RESOLUTION:
            return
        key.last_used_at = now
        task = asyncio.create_task(_record_use(key.id, now))
        self._touch_tasks.add(task)
        task.add_done_callback(self._touch_tasks.discard)


async def _record_use(key_id: uuid.UUID, at: datetime) -> None:
    try:
        await ApiKey.filter(id=key_id).update(last_used_at=at)
    except Exception as exc:  # a lost hint must never fail or log a request as failed
        log.warning("last_used_not_recorded", error=str(exc))


key_cache = KeyCache(ttl=0.5)
