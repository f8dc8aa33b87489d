"""Point lookup among 10,000 city-sized polygon geofences: the STRtree index against testing every shape.

    .venv/bin/python benchmarks/geofence_lookup.py [--shapes 10000] [--points 20000]

Prints p50/p99 per lookup for `app.core.geometry.ShapeIndex` and for a loop over every (prepared) shape,
measured in the same run, and checks both give the same answers. Targets: p99 ≤ 50 µs and ≥ 100× faster.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import time
from typing import Any

import shapely
from shapely.geometry import Point, Polygon

from app.core.geometry import ShapeIndex

EARTH_KM_PER_DEGREE = 111.32


def star(latitude: float, longitude: float, radius_km: float, vertices: int, rng: random.Random) -> Polygon:
    """A star-shaped polygon around a point; it covers the point's surroundings up to 0.7 × radius_km."""
    points = []
    for index in range(vertices):
        angle = 2 * math.pi * index / vertices
        reach = radius_km * rng.uniform(0.7, 1.0)
        dlat = reach * math.sin(angle) / EARTH_KM_PER_DEGREE
        dlon = reach * math.cos(angle) / (EARTH_KM_PER_DEGREE * math.cos(math.radians(latitude)))
        points.append((longitude + dlon, latitude + dlat))
    return Polygon(points)


def city(rng: random.Random) -> Polygon:
    """A star-shaped polygon of 50–500 vertices, 2–15 km across, somewhere on land-ish latitudes."""
    lat, lon = rng.uniform(-60, 70), rng.uniform(-179, 179)
    radius_km = rng.uniform(1, 7.5)
    return star(lat, lon, radius_km, rng.randint(50, 500), rng)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shapes", type=int, default=10_000)
    parser.add_argument("--points", type=int, default=20_000)
    parser.add_argument("--brute-points", type=int, default=300, help="points for the slow every-shape loop")
    args = parser.parse_args()
    rng = random.Random(20261122)
    shapes = {f"g{index}": city(rng) for index in range(args.shapes)}
    started = time.perf_counter()
    index = ShapeIndex(shapes)
    build_s = time.perf_counter() - started
    polygons = list(shapes.items())
    # Half the points fall inside some shape, half anywhere.
    points: list[tuple[float, float]] = []
    for number in range(args.points):
        if number % 2:
            west, south, east, north = polygons[rng.randrange(len(polygons))][1].bounds
            points.append((rng.uniform(south, north), rng.uniform(west, east)))
        else:
            points.append((rng.uniform(-60, 70), rng.uniform(-179, 179)))

    indexed: list[float] = []
    answers: list[set[str]] = []
    for lat, lon in points:
        started = time.perf_counter()
        answers.append(index.covering(lat, lon))
        indexed.append(time.perf_counter() - started)

    brute: list[float] = []
    for position, (lat, lon) in enumerate(points[: args.brute_points]):
        point = Point(lon, lat)
        started = time.perf_counter()
        found = {key for key, polygon in polygons if polygon.covers(point)}
        brute.append(time.perf_counter() - started)
        if found != answers[position]:
            raise SystemExit(f"index and loop disagree at {lat}, {lon}: {found} != {answers[position]}")

    def row(name: str, values: list[float]) -> str:
        return (
            f"{name:<34} p50 {percentile(values, 0.5) * 1e6:>10.1f} µs   p99 {percentile(values, 0.99) * 1e6:>10.1f} µs"
            f"   mean {statistics.fmean(values) * 1e6:>10.1f} µs"
        )

    hits = sum(1 for found in answers if found)
    print(
        f"{args.shapes:,} polygons (50–500 vertices, 2–15 km), index built in {build_s:.2f} s; "
        f"{len(points):,} lookups, {hits:,} inside a shape"
    )
    print(row("STRtree index (ShapeIndex)", indexed))
    print(row(f"every shape in turn ({len(brute)} points)", brute))
    p99 = percentile(indexed, 0.99) * 1e6
    speedup = statistics.fmean(brute) / statistics.fmean(indexed)
    print(f"p99 {p99:.1f} µs (target ≤ 50 µs): {'met' if p99 <= 50 else 'NOT MET'}")
    print(f"speed-up {speedup:,.0f}× (target ≥ 100×): {'met' if speedup >= 100 else 'NOT MET'}")
    shapely_version: Any = shapely.__version__
    print(f"shapely {shapely_version}")


if __name__ == "__main__":
    main()
