"""Geofence geometry with shapely (no PostGIS): validated shapes, spherical circles, fast lookup.

Rules: a point on a boundary is inside (`covers`); circles are measured on the sphere (haversine,
mean Earth radius); polygons are planar in longitude/latitude degrees, and a polygon whose
longitudes span more than 180° (one crossing the antimeridian) is refused with a clear error rather
than silently read as the long way round the globe.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon, box
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from app.core.errors import InvalidInput

EARTH_RADIUS_M = 6_371_008.8
MAX_VERTICES = 10_000
MAX_RADIUS_M = 5_000_000


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def check_point(latitude: float, longitude: float, *, field: str) -> None:
    if not -90 <= latitude <= 90:
        raise InvalidInput("The latitude must be between -90 and 90.", field=f"{field}.latitude")
    if not -180 <= longitude <= 180:
        raise InvalidInput("The longitude must be between -180 and 180.", field=f"{field}.longitude")


@dataclass(frozen=True)
class Circle:
    latitude: float
    longitude: float
    radius_m: float

    def covers(self, latitude: float, longitude: float) -> bool:
        return distance_m(self.latitude, self.longitude, latitude, longitude) <= self.radius_m

    def boxes(self) -> list[BaseGeometry]:
        """Longitude/latitude boxes that contain the circle (two when it crosses the antimeridian)."""
        dlat = math.degrees(self.radius_m / EARTH_RADIUS_M)
        south, north = max(-90.0, self.latitude - dlat), min(90.0, self.latitude + dlat)
        if north >= 90 or south <= -90:
            return [box(-180, south, 180, north)]  # a cap around a pole spans every longitude
        dlon = math.degrees(self.radius_m / (EARTH_RADIUS_M * math.cos(math.radians(self.latitude))))
        west, east = self.longitude - dlon, self.longitude + dlon
        if dlon >= 180:
            return [box(-180, south, 180, north)]
        parts = [box(max(west, -180), south, min(east, 180), north)]
        if west < -180:
            parts.append(box(west + 360, south, 180, north))
        if east > 180:
            parts.append(box(-180, south, east - 360, north))
        return parts


def check_circle(latitude: float, longitude: float, radius_m: float) -> Circle:
    check_point(latitude, longitude, field="circle")
    if not 0 < radius_m <= MAX_RADIUS_M:
        raise InvalidInput(f"The radius must be above 0 and at most {MAX_RADIUS_M:,} m.", field="circle.radiusMeters")
    return Circle(latitude, longitude, radius_m)


def _polygons(geojson: dict[str, Any], field: str) -> list[Any]:
    """The coordinates of each polygon (one for a Polygon), checked to be lists."""
    coordinates = geojson.get("coordinates")
    polygons = [coordinates] if geojson.get("type") == "Polygon" else coordinates
    if not isinstance(polygons, list) or not all(isinstance(polygon, list) for polygon in polygons):
        raise InvalidInput("`coordinates` must be a list of rings (lists of positions).", field=field)
    return polygons


def _position(value: Any) -> tuple[float, float] | None:
    """[longitude, latitude] (an optional altitude is ignored), or None when it is not one."""
    if not isinstance(value, list) or not 2 <= len(value) <= 3:
        return None
    if not all(isinstance(number, int | float) and not isinstance(number, bool) for number in value):
        return None
    if not all(math.isfinite(number) for number in value):
        return None
    return float(value[0]), float(value[1])


def check_polygon(geojson: Any) -> Polygon | MultiPolygon:
    """A valid GeoJSON Polygon or MultiPolygon (holes allowed), or a typed error saying what is wrong."""
    field = "polygon"
    if not isinstance(geojson, dict) or geojson.get("type") not in {"Polygon", "MultiPolygon"}:
        raise InvalidInput('Give a GeoJSON object of type "Polygon" or "MultiPolygon".', field=field)
    cleaned: list[list[list[tuple[float, float]]]] = []
    vertices, number = 0, 0
    for polygon in _polygons(geojson, field):
        rings = []
        for ring in polygon:
            if not isinstance(ring, list) or len(ring) < 4:
                raise InvalidInput(f"Ring {number} needs at least 4 positions (closed).", field=field)
            positions = [_position(value) for value in ring]
            if any(position is None for position in positions):
                raise InvalidInput(f"Ring {number} has a position that is not [longitude, latitude].", field=field)
            for lon, lat in positions:  # type: ignore[misc]
                if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                    raise InvalidInput(f"Ring {number} has a position out of range: [{lon}, {lat}].", field=field)
            if positions[0] != positions[-1]:
                raise InvalidInput(f"Ring {number} is not closed (its first and last positions differ).", field=field)
            vertices += len(positions)
            if vertices > MAX_VERTICES:
                raise InvalidInput(f"The shape has more than {MAX_VERTICES:,} vertices.", field=field)
            rings.append(positions)
            number += 1
        if not rings:
            raise InvalidInput("A polygon needs at least one ring.", field=field)
        cleaned.append(rings)  # type: ignore[arg-type]
    if not cleaned:
        raise InvalidInput("The shape has no rings.", field=field)
    geometry = (
        Polygon(cleaned[0][0], cleaned[0][1:])
        if geojson["type"] == "Polygon"
        else MultiPolygon([(rings[0], rings[1:]) for rings in cleaned])
    )
    if not geometry.is_valid:
        raise InvalidInput(f"The shape is not valid: {explain_validity(geometry)}.", field=field)
    # Each polygon on its own: the two halves of a shape split at ±180° together span every longitude.
    parts = geometry.geoms if isinstance(geometry, MultiPolygon) else [geometry]
    if any(part.bounds[2] - part.bounds[0] > 180 for part in parts):
        raise InvalidInput(
            "A polygon spans more than 180° of longitude (it crosses the antimeridian); split it into "
            "two polygons on either side of ±180° in a MultiPolygon.",
            field=field,
        )
    assert isinstance(geometry, Polygon | MultiPolygon)
    return geometry


def covers_points(item: Polygon | MultiPolygon | Circle, latitudes: Any, longitudes: Any) -> Any:
    """A boolean array: which of the points the shape covers (boundaries included), in one vector pass."""
    lats, lons = np.asarray(latitudes, dtype=float), np.asarray(longitudes, dtype=float)
    if isinstance(item, Circle):
        phi1, phi2 = np.radians(item.latitude), np.radians(lats)
        dphi, dlambda = phi2 - phi1, np.radians(lons - item.longitude)
        a = np.sin(dphi / 2) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(dlambda / 2) ** 2
        return 2 * EARTH_RADIUS_M * np.arcsin(np.minimum(1.0, np.sqrt(a))) <= item.radius_m
    return shapely.intersects_xy(item, lons, lats)


class ShapeIndex:
    """Which shapes cover a point: an STRtree over polygons and circle boxes, then exact tests."""

    def __init__(self, shapes: dict[str, Polygon | MultiPolygon | Circle]) -> None:
        self._keys: list[str] = []
        boxes: list[BaseGeometry] = []
        self._exact: list[Any] = []
        for key, item in shapes.items():
            if isinstance(item, Circle):
                for part in item.boxes():
                    self._keys.append(key)
                    boxes.append(part)
                    self._exact.append(item)
            else:
                shapely.prepare(item)
                self._keys.append(key)
                boxes.append(item)
                self._exact.append(item)
        self._tree = shapely.STRtree(boxes)
        self.shapes = shapes

    def covering(self, latitude: float, longitude: float) -> set[str]:
        point = Point(longitude, latitude)
        found: set[str] = set()
        for index in self._tree.query(point):
            item = self._exact[index]
            hit = item.covers(latitude, longitude) if isinstance(item, Circle) else item.covers(point)
            if hit:
                found.add(self._keys[index])
        return found
