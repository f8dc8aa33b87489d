"""Campaigns and their assignments, cached per process for the redemption pipeline.

Every entry carries the campaign's `version`, which grows with every change of the campaign, its
lifecycle or its assignments. A write announces the campaign on pub/sub after its commit and drops
this process's entry at once (`announce_change`); `follow_changes` drops the entries other processes
announce. A notice can be lost (Redis down, a process that just started): at most every
`check_seconds`, one query compares the cached versions with the table and drops what moved, so a
change is never served for longer than that.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import OrderedDict, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import asyncpg
import orjson
import structlog
from redis.exceptions import RedisError
from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient

from app.campaigns.models import Campaign
from app.core import pubsub
from app.core.events import EventBus, publish
from app.locations.models import AssignmentLevel
from app.locations.scope import Place

CACHE_CHECK_SECONDS = 1.0  # a change whose notice was lost is served for at most this long
MAX_CACHED_CAMPAIGNS = 10_000
EVENTS_CHANNEL = "campaign-changes"

# A caller's connection (a tortoise client or transaction, or a raw asyncpg connection); None: the pool.
Connection = BaseDBAsyncClient | asyncpg.Connection | None

log = structlog.get_logger(__name__)

# The campaign rows and their assignments in one statement, so both come from one snapshot.
LOAD_SQL = (
    "SELECT c.*, COALESCE((SELECT json_agg(json_build_array(a.level, a.area_id, a.store_id) ORDER BY a.id) "
    "FROM assignment a WHERE a.subject_kind = 'CAMPAIGN' AND a.subject_id = c.id), '[]') AS cached_places "
    "FROM campaign c WHERE c.id = ANY($1::uuid[])"
)
# Cached ids whose campaign moved past the cached version or is gone.
STALE_SQL = (
    "SELECT k.id FROM unnest($1::uuid[], $2::int[]) AS k(id, version) "
    "LEFT JOIN campaign c ON c.id = k.id WHERE c.version IS DISTINCT FROM k.version"
)


@dataclass(frozen=True)
class CachedCampaign:
    """A campaign as loaded, its assignments (none: project-wide) and the version both belong to."""

    campaign: Campaign
    places: tuple[Place, ...]
    version: int


@dataclass(eq=False)
class _Load:
    """One query loading `ids`; callers wanting the same ids meanwhile wait for it instead of asking again."""

    ids: frozenset[uuid.UUID]
    done: asyncio.Event = field(default_factory=asyncio.Event)
    found: dict[uuid.UUID, CachedCampaign] | None = None  # None after a failure: waiters load for themselves
    stale: set[uuid.UUID] = field(default_factory=set)  # changed while loading: answered, not kept


async def _fetch(connection: Connection, sql: str, *args: Any) -> list[dict[str, Any]]:
    if isinstance(connection, asyncpg.Connection):
        return [dict(row) for row in await connection.fetch(sql, *args)]
    client = connection if connection is not None else connections.get("default")
    rows: list[dict[str, Any]] = await client.execute_query_dict(sql, list(args))
    return rows


def _cached(values: dict[str, Any]) -> CachedCampaign:
    raw = values.pop("cached_places")
    places = tuple(
        Place(AssignmentLevel(level), uuid.UUID(str(area)), uuid.UUID(str(store)) if store else None)
        for level, area, store in (orjson.loads(raw) if isinstance(raw, str | bytes) else raw)
    )
    # Built the way tortoise builds a row of a query (every column present: no partial model).
    campaign = Campaign._init_from_db(**values)
    return CachedCampaign(campaign, places, campaign.version)


class CampaignCache:
    """Campaigns by id with their assignments: least recently used ones leave beyond `max_entries`.

    The cached `Campaign` objects are shared by every request of the process: callers must not change
    them (no attribute writes, `save`, `refresh_from_db` or `fetch_related`). `published_count` is a live
    counter that moves without a version change; read it from the database, not from here.
    """

    def __init__(self, *, check_seconds: float = CACHE_CHECK_SECONDS, max_entries: int = MAX_CACHED_CAMPAIGNS):
        self.check_seconds = check_seconds
        self.max_entries = max_entries
        self._entries: OrderedDict[uuid.UUID, CachedCampaign] = OrderedDict()
        self._checked_at = float("-inf")
        self._check: asyncio.Event | None = None  # set when the version check in flight ends
        self._loading: dict[uuid.UUID, _Load] = {}

    def __len__(self) -> int:
        return len(self._entries)

    async def entries(self, ids: Iterable[uuid.UUID], connection: Connection = None) -> dict[uuid.UUID, CachedCampaign]:
        """The campaigns of `ids` that exist (those in the bin too): cached ones without a query, the
        others in one query. With `connection`, queries run on it (never a second pooled connection)."""
        wanted = set(ids)
        if not wanted:
            return {}
        await self._check_versions(connection)
        found: dict[uuid.UUID, CachedCampaign] = {}
        waiting: dict[uuid.UUID, _Load] = {}
        missing: list[uuid.UUID] = []
        for campaign_id in wanted:
            entry = self._entries.get(campaign_id)
            if entry is not None:
                self._entries.move_to_end(campaign_id)
                found[campaign_id] = entry
            elif connection is None and (load := self._loading.get(campaign_id)) is not None:
                # Only a caller without a connection waits for another's load: that load may be waiting for a
                # pooled connection, which a caller holding one (the redemption hot path) could be keeping.
                waiting[campaign_id] = load
            else:
                missing.append(campaign_id)
        if missing:
            found.update(await self._load(missing, connection))
        retry: list[uuid.UUID] = []
        for campaign_id, load in waiting.items():
            await load.done.wait()
            if load.found is None:
                retry.append(campaign_id)
            elif campaign_id in load.found:
                found[campaign_id] = load.found[campaign_id]
        if retry:
            found.update(await self._load(retry, connection))
        return found

    async def _load(self, ids: list[uuid.UUID], connection: Connection) -> dict[uuid.UUID, CachedCampaign]:
        # Run by the caller itself (not a background task), so a caller's connection is used by its owner only.
        load = _Load(frozenset(ids))
        for campaign_id in ids:
            self._loading[campaign_id] = load
        try:
            rows = await _fetch(connection, LOAD_SQL, ids)
            found = {row["id"]: _cached(row) for row in rows}
            for campaign_id, entry in found.items():
                if campaign_id not in load.stale:
                    self._keep(campaign_id, entry)
            load.found = found
            return found
        finally:
            for campaign_id in ids:
                if self._loading.get(campaign_id) is load:
                    del self._loading[campaign_id]
            load.done.set()

    def _keep(self, campaign_id: uuid.UUID, entry: CachedCampaign) -> None:
        self._entries[campaign_id] = entry
        self._entries.move_to_end(campaign_id)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    async def _check_versions(self, connection: Connection) -> None:
        """At most every `check_seconds`, drop the entries whose campaign changed or is gone (one query,
        shared by concurrent callers)."""
        while time.monotonic() - self._checked_at >= self.check_seconds:
            if self._check is not None:
                if connection is not None:
                    return  # as for loads: never wait holding a connection (entries stay at most a check late)
                await self._check.wait()  # if it failed, the loop runs the check here
                continue
            started, self._check = time.monotonic(), asyncio.Event()
            try:
                cached = list(self._entries.items())
                if cached:
                    ids = [campaign_id for campaign_id, _ in cached]
                    rows = await _fetch(connection, STALE_SQL, ids, [entry.version for _, entry in cached])
                    checked = dict(cached)
                    for row in rows:
                        # An entry reloaded meanwhile is newer than what the check compared: it stays.
                        if self._entries.get(row["id"]) is checked[row["id"]]:
                            del self._entries[row["id"]]
                self._checked_at = started
            finally:
                self._check.set()
                self._check = None

    def forget(self, campaign_id: uuid.UUID) -> None:
        """Drop one campaign now; a load already under way answers its callers but keeps nothing."""
        self._entries.pop(campaign_id, None)
        load = self._loading.pop(campaign_id, None)
        if load is not None:
            load.stale.add(campaign_id)

    def check_soon(self) -> None:
        """Compare the cached versions with the table on the next lookup (notices may have been lost)."""
        self._checked_at = float("-inf")

    def forget_all(self) -> None:
        """Drop everything (between tests, or when a notice could not be read)."""
        self._entries.clear()
        for campaign_id, load in self._loading.items():
            load.stale.add(campaign_id)
        self._loading.clear()
        self._checked_at = float("-inf")


campaign_cache = CampaignCache()


async def campaigns_by_id(ids: Iterable[uuid.UUID], *, connection: Connection = None) -> dict[uuid.UUID, Campaign]:
    """The campaigns of `ids` that exist (in the bin too; permanently deleted ones are absent).

    Cached campaigns cost no query; the others are loaded together in one. The objects are shared by
    the whole process: do not change them.
    """
    return {key: entry.campaign for key, entry in (await campaign_cache.entries(ids, connection)).items()}


async def places_by_campaign(
    ids: Iterable[uuid.UUID], *, connection: Connection = None
) -> dict[uuid.UUID, list[Place]]:
    """Each campaign's assignments (a campaign without any is project-wide), as
    `app.campaigns.access.places_by_campaign` answers, from the same cache as `campaigns_by_id`."""
    found: dict[uuid.UUID, list[Place]] = defaultdict(list)
    for key, entry in (await campaign_cache.entries(ids, connection)).items():
        if entry.places:
            found[key] = list(entry.places)
    return found


async def announce_change(events: EventBus | None, campaign_ids: Iterable[uuid.UUID]) -> None:
    """After a committed change: drop this process's entries now, and tell the other processes."""
    for campaign_id in campaign_ids:
        campaign_cache.forget(campaign_id)
        await publish(events, EVENTS_CHANNEL, {"campaign_id": str(campaign_id)})


async def follow_changes(events: EventBus, cache: CampaignCache = campaign_cache) -> None:
    """Drop the campaigns other processes announce (runs for the process's life)."""
    pause = 1.0
    while True:
        try:
            async for payload in pubsub.listen(events.redis, events.channel(EVENTS_CHANNEL)):
                pause = 1.0
                try:
                    cache.forget(uuid.UUID(payload["campaign_id"]))
                except (KeyError, TypeError, ValueError):
                    cache.forget_all()  # not a notice this code sends: assume anything changed
        except (RedisError, OSError) as exc:
            # Notices sent meanwhile are lost: the version check runs on the next lookup, then every
            # `check_seconds` as always.
            cache.check_soon()
            log.warning("campaign_changes_not_followed", error=str(exc), retry_in_s=pause)
            await asyncio.sleep(pause)
            pause = min(pause * 2, 30.0)
