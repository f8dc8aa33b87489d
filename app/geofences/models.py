"""Geofences, stored as GeoJSON (polygons) or centre and radius (circles), with bounding boxes."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model


class GeofenceKind(StrEnum):
    CIRCLE = "CIRCLE"
    POLYGON = "POLYGON"


class Geofence(Model):
    """A named area on the map."""

    id = fields.UUIDField(primary_key=True)
    name = fields.CharField(max_length=200, unique=True)
    kind = fields.CharEnumField(GeofenceKind, max_length=16)
    geojson: dict[str, Any] | None = fields.JSONField(null=True)
    center_latitude = fields.FloatField(null=True)
    center_longitude = fields.FloatField(null=True)
    radius_m = fields.FloatField(null=True)
    min_latitude = fields.FloatField()
    min_longitude = fields.FloatField()
    max_latitude = fields.FloatField()
    max_longitude = fields.FloatField()
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "geofence"
        indexes = (("min_latitude", "max_latitude"), ("min_longitude", "max_longitude"))
