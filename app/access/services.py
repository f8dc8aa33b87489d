"""API keys: create, list, revoke, and authenticate a request's bearer key."""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import structlog
from tortoise.transactions import in_transaction

from app.access.exceptions import ApiKeyAlreadyRevoked, ApiKeyNotFound
from app.access.models import ASSIGNABLE_ROLES, RESTRICTED_ROLES, ApiKey, Role
from app.access.origins import clean_origins, origin_registry
from app.access.scope import Scope
from app.core.errors import InvalidInput
from app.core.events import EventBus, publish
from app.core.pagination import Page, Position, newest_first_page
from app.core.secrets import digest_key, generate_key
from app.core.time import utcnow
from app.locations import services as locations
from app.locations.models import AssignmentLevel, SubjectKind
from app.locations.scope import Place

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


def _check_places(role: Role, places: list[Place], *, field: str) -> None:
    """A restricted role needs assignments, an ADMIN key takes none, a STORE key works at stores."""
    if places and role not in ASSIGNABLE_ROLES:
        raise InvalidInput(f"An {role.value} key is project-wide and takes no assignments.", field=field)
    if not places and role in RESTRICTED_ROLES:
        raise InvalidInput(f"A {role.value} key needs at least one assignment.", field=field)
    if role is Role.STORE and any(place.level is AssignmentLevel.AREA for place in places):
        raise InvalidInput(
            "A STORE key is assigned to stores (STORE or AREA_ALL_STORES), not to an area itself.", field=field
        )


async def create_api_key(
    *,
    name: str,
    role: Role,
    created_by: ApiKey | None,
    events: EventBus | None = None,
    access: list[locations.PlaceInput] | None = None,
    allowed_origins: list[str] | None = None,
) -> tuple[ApiKey, str]:
    """Create a key; return it and its plaintext, which is never stored nor shown again."""
    cleaned = _clean_name(name)
    origins = clean_origins(allowed_origins or [], field="allowedOrigins")
    if origins and role is not Role.CLIENT:
        raise InvalidInput(
            "Only CLIENT keys take allowed origins: other keys belong on servers, not in browsers.",
            field="allowedOrigins",
        )
    places = await locations.resolve_places(access or [], field="access")
    _check_places(role, places, field="access")
    generated = generate_key()
    async with in_transaction() as connection:
        key = await ApiKey.create(
            name=cleaned,
            role=role,
            prefix=generated.prefix,
            digest=generated.digest,
            created_by=created_by,
            allowed_origins=origins,
            using_db=connection,
        )
        await locations.set_places(SubjectKind.API_KEY, key.id, places, connection)
    if origins:
        origin_registry.forget()
    await _announce(events, kind="CREATED", key=key, actor=created_by)
    return key, generated.plaintext


async def key_places(key_id: uuid.UUID) -> list[Place]:
    return await locations.places_of(SubjectKind.API_KEY, key_id)


async def change_key_access(
    *,
    key_id: uuid.UUID,
    add: list[locations.PlaceInput],
    remove: list[locations.PlaceInput],
    actor: ApiKey | None,
    events: EventBus | None = None,
) -> list[Place]:
    """Assign a key to areas or stores, or take it off them; a restricted key keeps at least one."""
    key = await get_api_key(key_id=key_id)
    adding = await locations.resolve_places(add, field="assign")
    removing = await locations.resolve_places(remove, field="unassign")
    before = await key_places(key.id)
    after = locations.changed_places(before, add=adding, remove=removing)
    if before and not after:
        raise InvalidInput(
            "This would remove the key's last assignment and make it project-wide; revoke it instead.",
            field="unassign",
        )
    _check_places(key.role, after, field="assign" if adding else "unassign")
    if after != before:
        async with in_transaction() as connection:
            await locations.set_places(SubjectKind.API_KEY, key.id, after, connection)
        key_cache.forget(key.digest)
        await _announce(events, kind="ACCESS_CHANGED", key=key, actor=actor)
    return after


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
    origin_registry.forget()
    await _announce(events, kind="REVOKED", key=key, actor=revoked_by)
    return key


async def find_api_key_by_prefix(*, prefix: str) -> ApiKey:
    """The key with this visible prefix (what the CLI shows)."""
    key = await ApiKey.get_or_none(prefix=prefix)
    if key is None:
        raise ApiKeyNotFound(f"No API key has prefix {prefix!r}.", field="prefix")
    return key


@dataclass(frozen=True)
class Credentials:
    """An authenticated key and what it may reach."""

    key: ApiKey
    scope: Scope


@dataclass
class _CachedKey:
    credentials: Credentials | None
    expires_at: float


class KeyCache:
    """A per-process cache of looked-up keys, trusted for `ttl` seconds.

    It keeps authentication off the database on hot paths while bounding how long a revoked key
    still works in another process to `ttl`.
    """

    def __init__(self, ttl: float) -> None:
        self.ttl = ttl
        self._entries: dict[str, _CachedKey] = {}
        self._lookups: dict[str, asyncio.Future[Credentials | None]] = {}
        self._touch_tasks: set[asyncio.Task[None]] = set()

    def forget(self, digest: str) -> None:
        self._entries.pop(digest, None)

    def clear(self) -> None:
        self._entries.clear()

    async def authenticate(self, plaintext: str) -> Credentials | None:
        """The active key matching `plaintext` with its scope, or None."""
        digest = digest_key(plaintext)
        cached = self._entries.get(digest)
        if cached is None or cached.expires_at <= time.monotonic():
            cached = await self._lookup(digest)
        if cached.credentials is not None:
            self._touch(cached.credentials.key)
        return cached.credentials

    async def _lookup(self, digest: str) -> _CachedKey:
        """One database lookup per key at a time: concurrent requests share it (no stampede at expiry)."""
        pending = self._lookups.get(digest)
        if pending is None:
            pending = asyncio.ensure_future(_credentials(digest))
            self._lookups[digest] = pending
            pending.add_done_callback(lambda _: self._lookups.pop(digest, None))
        credentials = await asyncio.shield(pending)
        if len(self._entries) > 10_000:
            self._entries.clear()
        cached = _CachedKey(credentials=credentials, expires_at=time.monotonic() + self.ttl)
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

    async def touched(self) -> None:
        """Wait for the `last_used_at` writes in flight (they run beside the request that caused them)."""
        await asyncio.gather(*self._touch_tasks)


async def _credentials(digest: str) -> Credentials | None:
    return await _credentials_of(await ApiKey.get_or_none(digest=digest, revoked_at__isnull=True))


async def credentials_of(key_id: uuid.UUID) -> Credentials | None:
    """What a key (not revoked) may reach now, by its id: work done later on a key's behalf keeps its scope."""
    return await _credentials_of(await ApiKey.get_or_none(id=key_id, revoked_at__isnull=True))


async def _credentials_of(key: ApiKey | None) -> Credentials | None:
    if key is None:
        return None
    places = await key_places(key.id) if key.role in ASSIGNABLE_ROLES else []
    return Credentials(key=key, scope=Scope(key.role, tuple(places)))


async def _record_use(key_id: uuid.UUID, at: datetime) -> None:
    try:
        await ApiKey.filter(id=key_id).update(last_used_at=at)
    except Exception as exc:  # a lost hint must never fail or log a request as failed
        log.warning("last_used_not_recorded", error=str(exc))


key_cache = KeyCache(ttl=0.5)
