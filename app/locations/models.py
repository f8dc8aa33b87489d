"""Areas, their stores, and assignments of campaigns and API keys to them."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from app.geofences.models import Geofence


class Area(Model):
    """A region of the business (a country, a city, a district)."""

    id = fields.UUIDField(primary_key=True)
    name = fields.CharField(max_length=200, unique=True)
    code = fields.CharField(max_length=100, unique=True, null=True)
    address = fields.TextField(default="")
    latitude = fields.FloatField(null=True)
    longitude = fields.FloatField(null=True)
    time_zone = fields.CharField(max_length=64, default="UTC")
    metadata: dict[str, Any] = fields.JSONField(default=dict)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "area"


class Store(Model):
    """A store; it belongs to one area."""

    id = fields.UUIDField(primary_key=True)
    area: fields.ForeignKeyRelation[Area] = fields.ForeignKeyField(
        "models.Area", on_delete=fields.RESTRICT, related_name="stores"
    )
    name = fields.CharField(max_length=200)
    code = fields.CharField(max_length=100, unique=True, null=True)
    address = fields.TextField(default="")
    latitude = fields.FloatField(null=True)
    longitude = fields.FloatField(null=True)
    time_zone = fields.CharField(max_length=64, default="UTC")
    metadata: dict[str, Any] = fields.JSONField(default=dict)
    geofence: fields.ForeignKeyNullableRelation[Geofence] = fields.ForeignKeyField(
        "models.Geofence", null=True, on_delete=fields.RESTRICT, related_name="stores"
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "store"
        unique_together = (("area", "name"),)

    area_id: Any
    geofence_id: Any


class AssignmentLevel(StrEnum):
    """What an assignment covers; levels do not cascade."""

    AREA = "AREA"
    AREA_ALL_STORES = "AREA_ALL_STORES"
    STORE = "STORE"


class SubjectKind(StrEnum):
    CAMPAIGN = "CAMPAIGN"
    API_KEY = "API_KEY"


class Assignment(Model):
    """A campaign's or an API key's place: an area, all stores of an area, or a store."""

    id = fields.BigIntField(primary_key=True)
    subject_kind = fields.CharEnumField(SubjectKind, max_length=16)
    subject_id = fields.UUIDField()
    level = fields.CharEnumField(AssignmentLevel, max_length=20)
    area: fields.ForeignKeyRelation[Area] = fields.ForeignKeyField(
        "models.Area", on_delete=fields.RESTRICT, related_name="assignments"
    )
    store: fields.ForeignKeyNullableRelation[Store] = fields.ForeignKeyField(
        "models.Store", null=True, on_delete=fields.RESTRICT, related_name="assignments"
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "assignment"
        unique_together = (("subject_kind", "subject_id", "level", "area", "store"),)
        indexes = (("subject_kind", "subject_id"),)

    area_id: Any
    store_id: Any
