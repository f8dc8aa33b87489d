"""Areas, stores and assignments."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError

from app.core.errors import InvalidInput
from app.core.time import check_time_zone
from app.geofences.exceptions import GeofenceNotFound
from app.geofences.models import Geofence
from app.locations.exceptions import AreaNotFound, NameTaken, StillInUse, StoreNotFound
from app.locations.models import Area, Assignment, AssignmentLevel, Store, SubjectKind
from app.locations.scope import Place


@dataclass
class PlaceFields:
    """Attributes shared by areas and stores (None: unchanged on update)."""

    name: str | None = None
    code: str | None = None
    address: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    time_zone: str | None = None
    metadata: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def cleaned(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        if self.name is not None:
            name = self.name.strip()
            if not name or len(name) > 200:
                raise InvalidInput("The name has 1 to 200 characters.", field="name")
            values["name"] = name
        if self.code is not None:
            values["code"] = self.code.strip() or None
        if self.address is not None:
            values["address"] = self.address
        if (self.latitude is None) != (self.longitude is None):
            raise InvalidInput("Give latitude and longitude together.", field="latitude")
        if self.latitude is not None and self.longitude is not None:
            if not -90 <= self.latitude <= 90:
                raise InvalidInput("The latitude must be between -90 and 90.", field="latitude")
            if not -180 <= self.longitude <= 180:
                raise InvalidInput("The longitude must be between -180 and 180.", field="longitude")
            values["latitude"], values["longitude"] = self.latitude, self.longitude
        if self.time_zone is not None:
            values["time_zone"] = check_time_zone(self.time_zone)
        if self.metadata is not None:
            if not isinstance(self.metadata, dict):
                raise InvalidInput("Metadata must be a JSON object.", field="metadata")
            values["metadata"] = self.metadata
        return values


async def _save(model: type[Area] | type[Store], values: dict[str, Any], instance: Any = None) -> Any:
    try:
        if instance is None:
            return await model.create(**values)
        await model.filter(id=instance.id).update(**values)
        await instance.refresh_from_db()
        return instance
    except IntegrityError as exc:
        raise NameTaken("Another one already has this name or code.", field="name") from exc


async def create_area(*, fields: PlaceFields) -> Area:
    values = fields.cleaned()
    if "name" not in values:
        raise InvalidInput("An area needs a name.", field="name")
    area: Area = await _save(Area, values)
    return area


async def get_area(*, area_id: uuid.UUID, field: str = "id") -> Area:
    area = await Area.get_or_none(id=area_id)
    if area is None:
        raise AreaNotFound(f"No area has id {area_id}.", field=field)
    return area


async def update_area(*, area_id: uuid.UUID, fields: PlaceFields) -> Area:
    area: Area = await _save(Area, fields.cleaned(), await get_area(area_id=area_id))
    return area


async def delete_area(*, area_id: uuid.UUID) -> Area:
    """Delete an area that has no stores and no assignments."""
    area = await get_area(area_id=area_id)
    stores = await Store.filter(area_id=area_id).count()
    if stores:
        raise StillInUse(f"The area still has {stores} store(s); delete or move them first.", field="id")
    assigned = await Assignment.filter(area_id=area_id).count()
    if assigned:
        raise StillInUse(f"{assigned} campaign or API key assignment(s) still use this area.", field="id")
    await area.delete()
    return area


async def _check_geofence(geofence_id: uuid.UUID | None) -> None:
    if geofence_id is not None and not await Geofence.exists(id=geofence_id):
        raise GeofenceNotFound(f"No geofence has id {geofence_id}.", field="geofenceId")


async def create_store(*, area_id: uuid.UUID, fields: PlaceFields, geofence_id: uuid.UUID | None = None) -> Store:
    await get_area(area_id=area_id, field="areaId")
    values = fields.cleaned()
    if "name" not in values:
        raise InvalidInput("A store needs a name.", field="name")
    await _check_geofence(geofence_id)
    store: Store = await _save(Store, {**values, "area_id": area_id, "geofence_id": geofence_id})
    return store


async def get_store(*, store_id: uuid.UUID, field: str = "id") -> Store:
    store = await Store.get_or_none(id=store_id)
    if store is None:
        raise StoreNotFound(f"No store has id {store_id}.", field=field)
    return store


async def update_store(
    *,
    store_id: uuid.UUID,
    fields: PlaceFields,
    area_id: uuid.UUID | None = None,
    set_geofence: bool = False,
    geofence_id: uuid.UUID | None = None,
) -> Store:
    """Change a store; with `set_geofence`, give it `geofence_id` (None: take its geofence away)."""
    store = await get_store(store_id=store_id)
    values = fields.cleaned()
    if set_geofence:
        await _check_geofence(geofence_id)
        values["geofence_id"] = geofence_id
    if area_id is not None and area_id != store.area_id:
        await get_area(area_id=area_id, field="areaId")
        if await Assignment.filter(store_id=store_id).exists():
            raise StillInUse("The store has assignments; a store moves areas only without them.", field="areaId")
        values["area_id"] = area_id
    saved: Store = await _save(Store, values, store)
    return saved


async def delete_store(*, store_id: uuid.UUID) -> Store:
    """Delete a store no campaign or key is assigned to."""
    store = await get_store(store_id=store_id)
    campaigns = await Assignment.filter(store_id=store_id, subject_kind=SubjectKind.CAMPAIGN).count()
    if campaigns:
        raise StillInUse(f"{campaigns} campaign(s) are assigned to this store.", field="id")
    keys = await Assignment.filter(store_id=store_id, subject_kind=SubjectKind.API_KEY).count()
    if keys:
        raise StillInUse(f"{keys} API key(s) are assigned to this store.", field="id")
    await store.delete()
    return store


@dataclass(frozen=True)
class PlaceInput:
    level: AssignmentLevel
    area_id: uuid.UUID | None
    store_id: uuid.UUID | None


async def resolve_places(places: list[PlaceInput], *, field: str) -> list[Place]:
    """Check assignment inputs against the areas and stores that exist."""
    resolved: list[Place] = []
    for index, given in enumerate(places):
        where = f"{field}.{index}"
        if given.level is AssignmentLevel.STORE:
            if given.store_id is None:
                raise InvalidInput("A STORE assignment names the store.", field=f"{where}.storeId")
            store = await get_store(store_id=given.store_id, field=f"{where}.storeId")
            if given.area_id is not None and given.area_id != store.area_id:
                raise InvalidInput("The store belongs to another area.", field=f"{where}.areaId")
            place = Place(AssignmentLevel.STORE, store.area_id, store.id)
        else:
            if given.area_id is None:
                raise InvalidInput("This assignment names the area.", field=f"{where}.areaId")
            await get_area(area_id=given.area_id, field=f"{where}.areaId")
            if given.store_id is not None:
                store = await get_store(store_id=given.store_id, field=f"{where}.storeId")
                problem = "belongs to another area" if store.area_id != given.area_id else "is implied"
                raise InvalidInput(
                    f"An {given.level.value} assignment takes no store (this one {problem}).", field=f"{where}.storeId"
                )
            place = Place(given.level, given.area_id)
        if place not in resolved:
            resolved.append(place)
    return resolved


async def places_of(kind: SubjectKind, subject_id: uuid.UUID) -> list[Place]:
    rows = await Assignment.filter(subject_kind=kind, subject_id=subject_id).order_by("id")
    return [Place(row.level, row.area_id, row.store_id) for row in rows]


async def set_places(
    kind: SubjectKind, subject_id: uuid.UUID, places: list[Place], connection: BaseDBAsyncClient
) -> None:
    """Replace a subject's assignments, inside the caller's transaction."""
    await Assignment.filter(subject_kind=kind, subject_id=subject_id).using_db(connection).delete()
    for place in places:
        await Assignment.create(
            subject_kind=kind,
            subject_id=subject_id,
            level=place.level,
            area_id=place.area_id,
            store_id=place.store_id,
            using_db=connection,
        )


def changed_places(current: list[Place], *, add: list[Place], remove: list[Place]) -> list[Place]:
    """`current` without `remove`, plus `add` (no duplicates, order kept)."""
    wanted = [place for place in current if place not in remove]
    return wanted + [place for place in add if place not in wanted]
