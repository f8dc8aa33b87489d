"""Geofences: create, change, delete, and which of them cover a point (per-process index)."""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
import structlog
from redis.exceptions import RedisError
from shapely.geometry import mapping, shape
from tortoise import connections
from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q

from app.core import pubsub
from app.core.errors import InvalidInput
from app.core.events import EventBus, publish
from app.core.geometry import Circle, ShapeIndex, check_circle, check_polygon, covers_points
from app.core.time import utcnow
from app.geofences.exceptions import GeofenceChanged, GeofenceInUse, GeofenceNameTaken, GeofenceNotFound
from app.geofences.models import Geofence, GeofenceKind
from app.locations.models import Store

INDEX_CHECK_SECONDS = 0.5  # without the pub/sub notice (Redis down), a change is still seen within this delay
EVENTS_CHANNEL = "geofences"

log = structlog.get_logger(__name__)


@dataclass
class GeofenceShape:
    """Exactly one of a circle or a GeoJSON polygon."""

    circle: tuple[float, float, float] | None = None  # latitude, longitude, radius in metres
    polygon: Any = None


def _columns(given: GeofenceShape) -> dict[str, Any]:
    if (given.circle is None) == (given.polygon is None):
        raise InvalidInput("Give either a circle or a polygon.", field="circle")
    if given.circle is not None:
        circle = check_circle(*given.circle)
        boxes = circle.boxes()
        west = min(b.bounds[0] for b in boxes)
        east = max(b.bounds[2] for b in boxes)
        return {
            "kind": GeofenceKind.CIRCLE,
            "geojson": None,
            "center_latitude": circle.latitude,
            "center_longitude": circle.longitude,
            "radius_m": circle.radius_m,
            "min_latitude": boxes[0].bounds[1],
            "max_latitude": boxes[0].bounds[3],
            "min_longitude": west,
            "max_longitude": east,
        }
    geometry = check_polygon(given.polygon)
    west, south, east, north = geometry.bounds
    return {
        "kind": GeofenceKind.POLYGON,
        "geojson": mapping(geometry),
        "center_latitude": None,
        "center_longitude": None,
        "radius_m": None,
        "min_latitude": south,
        "max_latitude": north,
        "min_longitude": west,
        "max_longitude": east,
    }


def _clean_name(name: str) -> str:
    cleaned = name.strip()
    if not cleaned or len(cleaned) > 200:
        raise InvalidInput("The name has 1 to 200 characters.", field="name")
    return cleaned


async def _changed(events: EventBus | None, geofence_id: uuid.UUID) -> None:
    """Every process drops its index now (this one too, even without a bus)."""
    index_cache.forget()
    await publish(events, EVENTS_CHANNEL, {"geofence_id": str(geofence_id)})


async def create_geofence(*, name: str, shape: GeofenceShape, events: EventBus | None = None) -> Geofence:
    values = {"name": _clean_name(name), **_columns(shape)}
    try:
        geofence = await Geofence.create(**values)
    except IntegrityError as exc:
        raise GeofenceNameTaken(f"A geofence is already named {values['name']!r}.", field="name") from exc
    await _changed(events, geofence.id)
    return geofence


async def get_geofence(*, geofence_id: uuid.UUID, field: str = "id") -> Geofence:
    geofence = await Geofence.get_or_none(id=geofence_id)
    if geofence is None:
        raise GeofenceNotFound(f"No geofence has id {geofence_id}.", field=field)
    return geofence


async def update_geofence(
    *,
    geofence_id: uuid.UUID,
    name: str | None,
    shape: GeofenceShape | None,
    expected_updated_at: datetime | None = None,
    events: EventBus | None = None,
) -> Geofence:
    """Rename or reshape; with `expected_updated_at`, only if nobody changed it since (else GeofenceChanged)."""
    geofence = await get_geofence(geofence_id=geofence_id)
    if expected_updated_at is not None and geofence.updated_at != expected_updated_at:
        raise _changed_since(geofence)
    values: dict[str, Any] = {}
    if name is not None:
        values["name"] = _clean_name(name)
    if shape is not None:
        values.update(_columns(shape))
    if values:
        # A queryset update skips auto_now; other processes notice changes through updated_at.
        values["updated_at"] = utcnow()
        query = Geofence.filter(id=geofence_id)
        if expected_updated_at is not None:  # the check above again, atomic with the write
            query = query.filter(updated_at=expected_updated_at)
        try:
            updated = await query.update(**values)
        except IntegrityError as exc:
            raise GeofenceNameTaken("Another geofence has this name.", field="name") from exc
        if updated == 0:
            raise _changed_since(await get_geofence(geofence_id=geofence_id))
        await geofence.refresh_from_db()
        await _changed(events, geofence_id)
    return geofence


def _changed_since(geofence: Geofence) -> GeofenceChanged:
    return GeofenceChanged(
        f"The geofence changed at {geofence.updated_at.isoformat()}, after the version you edited; "
        "read it again and reapply your change.",
        field="expectedUpdatedAt",
    )


@dataclass(frozen=True)
class Viewport:
    """A map's visible box; `west > east` means it spans the antimeridian."""

    south: float
    west: float
    north: float
    east: float


def in_view(viewport: Viewport | None) -> Any:
    """Geofences whose bounding box meets the viewport (all of them without one), by name."""
    query = Geofence.all()
    if viewport is not None:
        if not (-90 <= viewport.south <= viewport.north <= 90):
            raise InvalidInput("The viewport needs -90 ≤ south ≤ north ≤ 90.", field="viewport")
        if not (-180 <= viewport.west <= 180 and -180 <= viewport.east <= 180):
            raise InvalidInput("The viewport's longitudes are between -180 and 180.", field="viewport")
        query = query.filter(min_latitude__lte=viewport.north, max_latitude__gte=viewport.south)
        if viewport.west <= viewport.east:
            query = query.filter(min_longitude__lte=viewport.east, max_longitude__gte=viewport.west)
        else:
            query = query.filter(Q(max_longitude__gte=viewport.west) | Q(min_longitude__lte=viewport.east))
    return query.order_by("name")


async def delete_geofence(*, geofence_id: uuid.UUID, events: EventBus | None = None) -> Geofence:
    """Delete a geofence no store uses (campaign rules naming it then match nothing)."""
    geofence = await get_geofence(geofence_id=geofence_id)
    stores = await Store.filter(geofence_id=geofence_id).values_list("name", flat=True)
    if stores:
        names = ", ".join(sorted(str(name) for name in stores)[:5])
        raise GeofenceInUse(f"{len(stores)} store(s) use this geofence: {names}.", field="id")
    await geofence.delete()
    await _changed(events, geofence_id)
    return geofence


def _stored_shape(row: dict[str, Any]) -> Any:
    """The shape of a stored row (validated when it was written, so not validated again)."""
    if row["kind"] == GeofenceKind.CIRCLE.value:
        return Circle(row["center_latitude"], row["center_longitude"], row["radius_m"])
    geojson = row["geojson"]
    return shape(orjson.loads(geojson) if isinstance(geojson, str | bytes) else geojson)


def _build_index(rows: list[dict[str, Any]]) -> ShapeIndex:
    return ShapeIndex({str(row["id"]): _stored_shape(row) for row in rows})


class _IndexCache:
    """The process's index of every geofence.

    A change announced on pub/sub drops it at once; a cheap version query at most every
    INDEX_CHECK_SECONDS catches changes whose notice was lost (Redis down, process just started).
    Concurrent callers share one refresh, and nobody is answered from an index that was never loaded
    or that a change made stale; the index is built in a thread so the event loop keeps serving.
    """

    def __init__(self) -> None:
        self.version: tuple[Any, ...] | None = None
        self.checked_at = 0.0
        self.index = ShapeIndex({})
        self._refresh: asyncio.Future[ShapeIndex] | None = None
        self._generation = 0  # bumped by forget(): a refresh that began before a change does not count

    async def current(self) -> ShapeIndex:
        fresh = time.monotonic() - self.checked_at < INDEX_CHECK_SECONDS
        if self.version is not None and fresh:
            return self.index
        if self._refresh is None:
            refresh = asyncio.ensure_future(self._reload())
            self._refresh = refresh
            refresh.add_done_callback(self._refreshed)
        return await asyncio.shield(self._refresh)

    def _refreshed(self, refresh: asyncio.Future[ShapeIndex]) -> None:
        if self._refresh is refresh:
            self._refresh = None

    async def _reload(self) -> ShapeIndex:
        generation, started = self._generation, time.monotonic()
        connection = connections.get("default")
        rows = await connection.execute_query_dict("SELECT count(*) AS n, max(updated_at) AS latest FROM geofence")
        version = (rows[0]["n"], rows[0]["latest"])
        if version != self.version:
            stored = await connection.execute_query_dict(
                "SELECT id, kind, geojson, center_latitude, center_longitude, radius_m FROM geofence"
            )
            self.index = await asyncio.to_thread(_build_index, stored)
        if generation == self._generation:
            self.version = version
            self.checked_at = started
        return self.index

    def forget(self) -> None:
        self._generation += 1
        self.version = None
        self.checked_at = 0.0
        self._refresh = None


index_cache = _IndexCache()


async def covering(*, latitude: float, longitude: float) -> set[str]:
    """Ids of the geofences that cover the point (boundaries included)."""
    return (await index_cache.current()).covering(latitude, longitude)


async def follow_changes(events: EventBus) -> None:
    """Drop this process's index whenever another process announces a change (runs for the process's life)."""
    pause = 1.0
    while True:
        try:
            async for _ in pubsub.listen(events.redis, events.channel(EVENTS_CHANNEL)):
                pause = 1.0
                index_cache.forget()
        except (RedisError, OSError) as exc:
            # Meanwhile the version check keeps every process within INDEX_CHECK_SECONDS of the database.
            log.warning("geofence_changes_not_followed", error=str(exc), retry_in_s=pause)
            await asyncio.sleep(pause)
            pause = min(pause * 2, 30.0)


async def customers_inside(*, geofence_id: uuid.UUID) -> list[uuid.UUID]:
    """Customers whose last known location the geofence covers: a bounding-box query, then exact tests."""
    shape_of = (await index_cache.current()).shapes.get(str(geofence_id))
    box = await Geofence.get_or_none(id=geofence_id)
    if shape_of is None or box is None:
        return []
    across = box.min_longitude > box.max_longitude  # a box that crosses the antimeridian
    longitude = "(longitude >= $3 OR longitude <= $4)" if across else "longitude BETWEEN $3 AND $4"
    rows = await connections.get("default").execute_query_dict(
        "SELECT id, latitude, longitude FROM customer WHERE latitude IS NOT NULL AND longitude IS NOT NULL "
        f"AND latitude BETWEEN $1 AND $2 AND {longitude}",
        [box.min_latitude, box.max_latitude, box.min_longitude, box.max_longitude],
    )
    if not rows:
        return []
    hits = covers_points(shape_of, [row["latitude"] for row in rows], [row["longitude"] for row in rows])
    return [row["id"] for row, hit in zip(rows, hits, strict=True) if hit]
