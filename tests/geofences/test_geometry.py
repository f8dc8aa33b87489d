"""Worked geometry cases (boundaries count as inside; circles are measured on the sphere)."""

from __future__ import annotations

import pytest

from app.core.errors import InvalidInput
from app.core.geometry import ShapeIndex, check_circle, check_polygon, distance_m

SQUARE_WITH_HOLE = {
    "type": "Polygon",
    "coordinates": [
        [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]],
        [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]],
    ],
}
TWO_ISLANDS = {
    "type": "MultiPolygon",
    "coordinates": [
        [[[20, 20], [21, 20], [21, 21], [20, 21], [20, 20]]],
        [[[30, 30], [31, 30], [31, 31], [30, 31], [30, 30]]],
    ],
}


def index(**shapes: object) -> ShapeIndex:
    return ShapeIndex(shapes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("lat", "lon", "inside"),
    [(1, 1, True), (5, 5, False), (0, 5, True), (4, 5, True), (11, 5, False), (-0.001, 5, False)],
    ids=["inside", "in the hole", "on the outer boundary", "on the hole's boundary", "outside", "just outside"],
)
def test_polygon_with_a_hole(lat: float, lon: float, inside: bool) -> None:
    assert (index(p=check_polygon(SQUARE_WITH_HOLE)).covering(lat, lon) == {"p"}) is inside


def test_second_polygon_of_a_multipolygon() -> None:
    shapes = index(m=check_polygon(TWO_ISLANDS))
    assert shapes.covering(30.5, 30.5) == {"m"}
    assert shapes.covering(25, 25) == set()


def test_city_distances_and_a_2_km_circle() -> None:
    paris, lyon = (48.8566, 2.3522), (45.7640, 4.8357)
    assert 391_000 < distance_m(*paris, *lyon) < 392_000  # published great-circle distance: about 391.5 km
    circle = check_circle(*paris, 2000)
    # 0.017 degrees of latitude is about 1.9 km; 0.019 about 2.1 km.
    assert circle.covers(paris[0] + 0.017, paris[1])
    assert not circle.covers(paris[0] + 0.019, paris[1])
    assert not circle.covers(*lyon)


def test_circles_near_a_pole_and_across_the_antimeridian() -> None:
    shapes = index(pole=check_circle(89.99, 0, 5000), dateline=check_circle(0, 179.99, 5000))
    assert shapes.covering(89.995, 120) == {"pole"}  # every longitude near the pole
    assert shapes.covering(0, -179.99) == {"dateline"}  # the other side of ±180°
    assert shapes.covering(0, 179.9) == set()  # about 10 km away


def test_a_polygon_split_at_the_antimeridian_is_accepted_and_covers_both_sides() -> None:
    split = {
        "type": "MultiPolygon",
        "coordinates": [
            [[[178, -16], [180, -16], [180, -19], [178, -19], [178, -16]]],
            [[[-180, -16], [-178, -16], [-178, -19], [-180, -19], [-180, -16]]],
        ],
    }
    shapes = index(fiji=check_polygon(split))
    assert shapes.covering(-17.5, 179) == {"fiji"}
    assert shapes.covering(-17.5, -179) == {"fiji"}
    assert shapes.covering(-17.5, 0) == set()


@pytest.mark.parametrize(
    ("geojson", "message"),
    [
        ({"type": "Point", "coordinates": [0, 0]}, "Polygon"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]}, "not closed"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [200, 0], [1, 1], [0, 0]]]}, "out of range"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]]}, "Self-intersection"),
        ({"type": "Polygon", "coordinates": [[[170, 0], [-170, 0], [-170, 5], [170, 5], [170, 0]]]}, "antimeridian"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0]]]}, "at least 4"),
    ],
)
def test_invalid_shapes_are_refused_with_the_reason(geojson: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        check_polygon(geojson)


def test_circle_radius_and_centre_are_checked() -> None:
    with pytest.raises(InvalidInput):
        check_circle(91, 0, 10)
    with pytest.raises(InvalidInput):
        check_circle(0, 0, 0)
