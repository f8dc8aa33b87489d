"""The console in headless Chromium against one started service, with every request outside localhost refused:
a polygon drawn with the mouse is saved with the drawn coordinates, a click lists the offers there, a pause made
through the API reaches the live board, and a restricted key's board shows only its campaigns."""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import httpx
import pytest
import redis
from playwright.sync_api import Browser, Page, Route, expect, sync_playwright

from tests.e2e.conftest import CHROMIUM_ARGS, LOCAL_HOSTS, RunningService, chromium_or_skip, start_service

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

ZOOM = 6
CENTRE = (45.0, 10.0)  # latitude, longitude of the map's view in the tests
ZONE = {"type": "Polygon", "coordinates": [[[9.5, 44.5], [10.5, 44.5], [10.5, 45.5], [9.5, 45.5], [9.5, 44.5]]]}
STORE = {"latitude": 44.2, "longitude": 8.5}  # outside ZONE, west of the drawn polygon
DRAWN_OFFSETS = [(150, -100), (300, -100), (300, 50), (150, 50)]  # pixels from the map's centre, east of ZONE
CAMPAIGN_INPUT = {
    "kind": "DISCOUNT",
    "codeMode": "NO_CODE",
    "targeting": "OPEN",
    "currency": "EUR",
    "reward": {"discount": {"type": "AMOUNT", "amountOff": 100}},
}


# A square across ±180° as drawn (Leaflet's longitudes run past 180), saved as the API wants it (split in a
# MultiPolygon), then drawn back from that whole again near 180° (not as two halves at both ends of the world).
ANTIMERIDIAN_ROUND_TRIP = """async () => {
  const { shapeInput, polygonLatLngs } = await import("/static/console/geometry.js");
  const drawn = L.polygon([[-17, 178], [-17, 182], [-19, 182], [-19, 178]]);
  const saved = shapeInput(drawn).polygon;
  const drawnLongitudes = polygonLatLngs(saved, 180).flat(2).map((latlng) => Math.round(latlng[1]));
  return { saved, drawnLongitudes };
}"""


def call(service: RunningService, key: str, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    response = httpx.post(
        f"{service.base_url}/graphql",
        json={"query": query, "variables": variables or {}},
        headers={"Authorization": f"Bearer {key}"},
        timeout=30,
    )
    payload: dict[str, Any] = response.json()
    assert "errors" not in payload, payload
    return payload["data"]


def create_campaign(service: RunningService, key: str, **fields: Any) -> str:
    created = call(
        service,
        key,
        "mutation C($i: CampaignCreateInput!) { campaignCreate(input: $i) { __typename "
        "... on CampaignCreateSuccess { campaign { id } } ... on Error { message } } }",
        {"i": {**CAMPAIGN_INPUT, **fields}},
    )["campaignCreate"]
    assert created["__typename"] == "CampaignCreateSuccess", created
    campaign_id: str = created["campaign"]["id"]
    activated = call(
        service, key, "mutation A($id: ID!) { campaignActivate(input: {id: $id}) { __typename } }", {"id": campaign_id}
    )
    assert activated["campaignActivate"]["__typename"] == "CampaignTransitionSuccess", activated
    return campaign_id


def world_pixel(latitude: float, longitude: float) -> tuple[float, float]:
    """Web Mercator pixel of a point at ZOOM, as Leaflet projects it."""
    size = 256 * 2**ZOOM
    sine = math.sin(math.radians(latitude))
    return (longitude + 180) / 360 * size, (0.5 - math.log((1 + sine) / (1 - sine)) / (4 * math.pi)) * size


def world_point(x: float, y: float) -> tuple[float, float]:
    """The (longitude, latitude) of a world pixel at ZOOM."""
    size = 256 * 2**ZOOM
    latitude = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / size))))
    return x / size * 360 - 180, latitude


class MapView:
    """Pixel ↔ coordinates for the map element, centred on CENTRE at ZOOM."""

    def __init__(self, page: Page) -> None:
        box = page.locator("#map").bounding_box()
        assert box is not None
        self.middle = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        self.centre = world_pixel(*CENTRE)

    def page_point(self, latitude: float, longitude: float) -> tuple[float, float]:
        x, y = world_pixel(latitude, longitude)
        return self.middle[0] + x - self.centre[0], self.middle[1] + y - self.centre[1]

    def coordinates(self, dx: float, dy: float) -> tuple[float, float]:
        return world_point(self.centre[0] + dx, self.centre[1] + dy)


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningService]:
    directory = tmp_path_factory.mktemp("console")
    started = start_service(directory / "data", directory / "service.log")
    try:
        started.wait_healthy()
        yield started
    finally:
        if started.process.poll() is None:
            started.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = chromium_or_skip()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable,
            args=CHROMIUM_ARGS,
        )
        try:
            yield launched
        finally:
            launched.close()


class ConsolePage:
    """A fresh browser context (own session storage) on one console page, refusing anything off localhost."""

    def __init__(self, browser: Browser, url: str, key: str) -> None:
        self.refused: list[str] = []
        self.errors: list[str] = []
        self.loaded: list[int] = []  # bytes of each response body, for the page weight
        self.context = browser.new_context(viewport={"width": 1280, "height": 800})
        self.context.route("**/*", self.only_localhost)
        self.page = self.context.new_page()
        # Script errors and policy violations; API errors are shown on the page (and only warned about).
        self.page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("requestfinished", lambda request: self.loaded.append(request.sizes()["responseBodySize"]))
        response = self.page.goto(url)
        assert response is not None
        assert "script-src 'self'" in response.headers["content-security-policy"]
        self.page.locator("#key-input").fill(key)
        self.page.locator("#key-form button[type=submit]").click()
        expect(self.page.locator("body")).to_have_attribute("data-ready", "true", timeout=30_000)

    def only_localhost(self, route: Route) -> None:
        if urlparse(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            self.refused.append(route.request.url)
            route.abort()

    def close(self, screenshot: Path) -> None:
        self.page.screenshot(path=str(screenshot))
        print(f"{self.page.url}: {len(self.loaded)} requests, {sum(self.loaded)} bytes; screenshot {screenshot}")
        self.context.close()
        assert self.refused == [], f"the console tried to reach outside localhost: {self.refused}"
        assert self.errors == [], f"errors in the browser console: {self.errors}"
        assert screenshot.stat().st_size > 10_000


def test_map_saves_a_drawn_polygon_and_lists_the_offers_at_a_click(
    service: RunningService, browser: Browser, tmp_path: Path
) -> None:
    key = service.dev_key
    zone = call(
        service,
        key,
        "mutation G($i: GeofenceInput!) { geofenceCreate(input: $i) { ... on GeofenceSuccess { geofence { id } } } }",
        {"i": {"name": "Zone", "polygon": ZONE}},
    )["geofenceCreate"]["geofence"]["id"]
    rules = [{"id": "z", "kind": "GEOFENCE", "geofence_ids": [zone]}]
    create_campaign(service, key, name="Zoned offer", validationRules=rules)
    create_campaign(service, key, name="Offer elsewhere", validationRules=[{**rules[0], "mode": "OUTSIDE"}])

    harbour = call(
        service,
        key,
        "mutation G($i: GeofenceInput!) { geofenceCreate(input: $i) { ... on GeofenceSuccess { geofence { id } } } }",
        {"i": {"name": "Harbour 20 km", "circle": {**STORE, "radiusMeters": 20_000}}},
    )["geofenceCreate"]["geofence"]["id"]
    area = call(
        service, key, 'mutation A { areaCreate(input: {name: "Coast"}) { ... on AreaSuccess { area { id } } } }'
    )
    store = call(
        service,
        key,
        "mutation S($a: ID!, $i: PlaceAttributesInput!, $g: ID) { storeCreate(areaId: $a, input: $i, geofenceId: $g) "
        "{ __typename } }",
        {"a": area["areaCreate"]["area"]["id"], "i": {"name": "Harbour store", **STORE}, "g": harbour},
    )
    assert store["storeCreate"]["__typename"] == "StoreSuccess", store

    console = ConsolePage(browser, f"{service.base_url}/console/map#{ZOOM}/{CENTRE[0]}/{CENTRE[1]}", key)
    page = console.page
    expect(page.locator("#map")).to_have_attribute("data-geofences", "2")
    view = MapView(page)
    page.mouse.click(*view.page_point(STORE["latitude"], STORE["longitude"]))
    expect(page.locator("#offers-where")).to_contain_text("At Harbour store")
    expect(page.locator("#offers-where")).to_contain_text("1 offer(s)")
    expect(page.locator("#offers")).to_have_text("Offer elsewhere DISCOUNT · ACTIVE")  # outside the zone

    page.locator(".leaflet-pm-icon-polygon").click()
    for dx, dy in [*DRAWN_OFFSETS, DRAWN_OFFSETS[0]]:  # the last click, on the first vertex, closes the ring
        page.mouse.click(view.middle[0] + dx, view.middle[1] + dy)
    page.locator("#fence-name").fill("Drawn by mouse")
    page.locator("#fence-save").click()
    expect(page.locator("#fence-status")).to_have_text("Saved “Drawn by mouse”.")
    expect(page.locator("#map")).to_have_attribute("data-geofences", "3")

    fences = call(service, key, "{ geofences { id name geojson } }")["geofences"]
    [drawn] = [fence["geojson"] for fence in fences if fence["name"] == "Drawn by mouse"]
    assert drawn["type"] == "Polygon"
    ring = drawn["coordinates"][0]
    assert ring[0] == ring[-1]
    assert len(ring) == len(DRAWN_OFFSETS) + 1
    pixel = 360 / (256 * 2**ZOOM)  # degrees of longitude per pixel
    for (longitude, latitude), (dx, dy) in zip(ring, DRAWN_OFFSETS, strict=False):
        expected_longitude, expected_latitude = view.coordinates(dx, dy)
        assert abs(longitude - expected_longitude) < 2 * pixel
        assert abs(latitude - expected_latitude) < 2 * pixel

    across = page.evaluate(ANTIMERIDIAN_ROUND_TRIP)
    assert across["saved"] == {
        "type": "MultiPolygon",
        "coordinates": [
            [[[178, -17], [180, -17], [180, -19], [178, -19], [178, -17]]],
            [[[-180, -17], [-178, -17], [-178, -19], [-180, -19], [-180, -17]]],
        ],
    }
    assert across["drawnLongitudes"] == [178, 180, 180, 178, 180, 182, 182, 180]
    fiji = call(
        service,
        key,
        "mutation G($i: GeofenceInput!) { geofenceCreate(input: $i) { __typename } }",
        {"i": {"name": "Across ±180°", "polygon": across["saved"]}},
    )
    assert fiji["geofenceCreate"]["__typename"] == "GeofenceSuccess"  # the API takes the split shape

    [drawn_id] = [fence["id"] for fence in fences if fence["name"] == "Drawn by mouse"]
    renamed = call(
        service,
        key,
        'mutation U($id: ID!) { geofenceUpdate(id: $id, input: {name: "Renamed elsewhere"}) { __typename } }',
        {"id": drawn_id},
    )
    assert renamed["geofenceUpdate"]["__typename"] == "GeofenceSuccess"
    page.mouse.click(view.middle[0] + 225, view.middle[1] - 25)  # inside the drawn polygon, loaded before the rename
    expect(page.locator("#fence-name")).to_have_value("Drawn by mouse")
    page.locator("#fence-name").fill("Renamed in the console")
    page.locator("#fence-save").click()
    expect(page.locator("#fence-status")).to_contain_text("GEOFENCE_CHANGED")
    expect(page.locator("#errors")).to_contain_text("GEOFENCE_CHANGED")
    page.locator("#fence-cancel").click()
    page.mouse.click(view.middle[0] + 225, view.middle[1] - 25)
    expect(page.locator("#fence-name")).to_have_value("Renamed elsewhere")
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#fence-delete").click()
    expect(page.locator("#fence-status")).to_have_text("Deleted.")
    expect(page.locator("#map")).to_have_attribute("data-geofences", "2")
    assert drawn_id not in [fence["id"] for fence in call(service, key, "{ geofences { id } }")["geofences"]]

    page.mouse.click(*view.page_point(45.1, 9.9))
    expect(page.locator("#offers-where")).to_contain_text("1 offer(s)")
    expect(page.locator("#offers")).to_contain_text("Zoned offer")
    expect(page.locator("#offers")).not_to_contain_text("Offer elsewhere")
    console.close(tmp_path / "console-map.png")


def wait_for_subscriber(service: RunningService, channel: str) -> None:
    """The board's subscription has reached Redis (so a change made now is heard)."""
    port = int((service.data_dir / "redis" / "port").read_text())
    client = redis.Redis(port=port)
    try:
        for _ in range(500):
            [(_, count)] = client.pubsub_numsub(channel)
            if count:
                return
            time.sleep(0.02)
    finally:
        client.close()
    raise AssertionError("the board's subscription never reached Redis")


def test_board_shows_a_pause_made_through_the_api(service: RunningService, browser: Browser, tmp_path: Path) -> None:
    key = service.dev_key
    campaign_id = create_campaign(service, key, name="Live board sale", inventoryLimit=50)
    console = ConsolePage(browser, f"{service.base_url}/console/campaigns", key)
    page = console.page
    row = page.locator(f'tr[data-campaign-id="{campaign_id}"]')
    expect(row.locator(".status")).to_have_text("ACTIVE")
    expect(row.locator(".inventory")).to_have_text("50")
    expect(page.locator("body")).to_have_attribute("data-live", "ready")
    wait_for_subscriber(service, "promo:events:campaign-status")

    paused = call(
        service, key, "mutation P($id: ID!) { campaignPause(input: {id: $id}) { __typename } }", {"id": campaign_id}
    )
    assert paused["campaignPause"]["__typename"] == "CampaignTransitionSuccess"
    expect(row.locator(".status")).to_have_text("PAUSED", timeout=2_000)
    console.close(tmp_path / "console-board.png")


def test_board_follows_a_distribution_run(service: RunningService, browser: Browser, tmp_path: Path) -> None:
    """A run waiting for its paused campaign appears on the board, and its progress arrives live on resume."""
    key = service.dev_key
    for source_id in ("ann", "bob"):
        call(
            service,
            key,
            "mutation U($s: String!) { customerUpsert(input: {sourceId: $s}) { __typename } }",
            {"s": source_id},
        )
    segment = call(
        service,
        key,
        'mutation S { segmentCreate(input: {name: "Board list", kind: LIST}) '
        "{ ... on SegmentSuccess { segment { id } } } }",
    )["segmentCreate"]["segment"]["id"]
    call(
        service,
        key,
        'mutation M($id: ID!) { segmentMembersAdd(input: {segmentId: $id, sourceIds: ["ann", "bob"]}) { __typename } }',
        {"id": segment},
    )
    campaign_id = create_campaign(
        service,
        key,
        name="Distributed gift",
        codeMode="SINGLE_CODE",
        code="GIFT-BOARD",
        targeting="CUSTOM_LIST",
        segmentId=segment,
    )
    transition = "mutation T($id: ID!) {{ {0}(input: {{id: $id}}) {{ __typename }} }}"
    call(service, key, transition.format("campaignPause"), {"id": campaign_id})
    made = call(
        service,
        key,
        "mutation D($i: DistributionCreateInput!) { distributionCreate(input: $i) { __typename } }",
        {"i": {"campaignId": campaign_id, "schedule": {"kind": "NOW"}}},
    )
    assert made["distributionCreate"]["__typename"] == "DistributionCreateSuccess", made

    console = ConsolePage(browser, f"{service.base_url}/console/campaigns", key)
    work = console.page.locator("#work")
    expect(work).to_contain_text("Distribution of Distributed gift")
    expect(console.page.locator("body")).to_have_attribute("data-live", "ready")
    wait_for_subscriber(service, "promo:events:distribution-progress")
    call(service, key, transition.format("campaignResume"), {"id": campaign_id})
    expect(work).to_contain_text("SUCCEEDED: 2 rewarded, 0 skipped, 0 failed of 2", timeout=30_000)
    assert console.page.locator("#work progress").get_attribute("value") == "2"
    console.close(tmp_path / "console-board-distribution.png")


def test_a_restricted_keys_board_shows_only_its_campaigns(
    service: RunningService, browser: Browser, tmp_path: Path
) -> None:
    key = service.dev_key
    area_query = (
        "mutation A($i: PlaceAttributesInput!) { areaCreate(input: $i) { ... on AreaSuccess { area { id } } } }"
    )
    north = call(service, key, area_query, {"i": {"name": "North"}})["areaCreate"]["area"]["id"]
    south = call(service, key, area_query, {"i": {"name": "South"}})["areaCreate"]["area"]["id"]
    create_campaign(service, key, name="North only", access=[{"level": "AREA", "areaId": north}])
    create_campaign(service, key, name="South only", access=[{"level": "AREA", "areaId": south}])
    made = call(
        service,
        key,
        "mutation K($i: ApiKeyCreateInput!) { apiKeyCreate(input: $i) { ... on ApiKeyCreateSuccess { secret } } }",
        {"i": {"name": "north manager", "role": "MANAGER", "access": [{"level": "AREA", "areaId": north}]}},
    )
    restricted = made["apiKeyCreate"]["secret"]
    seen = call(service, restricted, "{ campaigns(first: 100) { edges { node { name } } } }")["campaigns"]["edges"]

    console = ConsolePage(browser, f"{service.base_url}/console/campaigns", restricted)
    names = console.page.locator("#campaign-rows .name")
    expect(names).to_have_count(len(seen))
    expect(names).to_contain_text(["North only"])
    assert "South only" not in names.all_text_contents()
    expect(console.page.locator("#viewer")).to_contain_text("north manager")
    console.close(tmp_path / "console-board-restricted.png")
