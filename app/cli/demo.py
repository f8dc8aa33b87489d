"""`promo demo`: a realistic demo project for GraphiQL to explore, seeded through the domain services.

Everything has a natural key (a name, a customer's source id, a code, an idempotency key), so a second
run finds what the first made and adds nothing.
"""

from __future__ import annotations

import random
import uuid
from datetime import timedelta
from typing import TYPE_CHECKING, Annotated, Any

import typer

from app.cli.app import cli
from app.cli.common import console, database, in_parallel, progress_bar, run_sync, with_db
from app.core.errors import DomainError

if TYPE_CHECKING:
    from rich.progress import Progress

CUSTOMERS = 2_000  # the default; at least LOYALTY_MEMBERS
EVENT_BATCH = 1_000  # eventsTrack's limit

# Areas, their stores (latitude, longitude) and the cities customers live in.
AREAS = {
    "North": {"Paris Rivoli": (48.8606, 2.3376), "Lille Grand Place": (50.6369, 3.0635)},
    "South": {"Lyon Bellecour": (45.7578, 4.8320), "Marseille Vieux-Port": (43.2951, 5.3740)},
}
CITIES = {
    "Paris": (48.8566, 2.3522),
    "Lille": (50.6292, 3.0573),
    "Lyon": (45.7640, 4.8357),
    "Marseille": (43.2965, 5.3698),
}
FIRST_NAMES = ["Ann", "Bruno", "Chloé", "David", "Emma", "Farid", "Gaëlle", "Hugo", "Inès", "Jules", "Léa", "Malik"]
LAST_NAMES = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Petit", "Durand", "Leroy", "Moreau", "Simon"]
PRODUCTS = [
    ("shirt", "apparel", 2500),
    ("jeans", "apparel", 5900),
    ("sneakers", "shoes", 8900),
    ("cap", "accessories", 1500),
]


async def seed_places() -> tuple[dict[str, uuid.UUID], dict[str, uuid.UUID]]:
    """Two areas, four stores, each store with its own 2 km geofence; the areas' and stores' ids by name."""
    from app.geofences import services as geofences
    from app.geofences.models import Geofence
    from app.locations import services as locations
    from app.locations.models import Area, Store

    areas: dict[str, uuid.UUID] = {}
    stores: dict[str, uuid.UUID] = {}
    for area_name, area_stores in AREAS.items():
        area = await Area.get_or_none(name=area_name) or await locations.create_area(
            fields=locations.PlaceFields(name=area_name, time_zone="Europe/Paris")
        )
        areas[area_name] = area.id
        for store_name, (latitude, longitude) in area_stores.items():
            fence_name = f"{store_name} 2 km"
            fence = await Geofence.get_or_none(name=fence_name) or await geofences.create_geofence(
                name=fence_name, shape=geofences.GeofenceShape(circle=(latitude, longitude, 2_000))
            )
            store = await Store.get_or_none(area_id=area.id, name=store_name) or await locations.create_store(
                area_id=area.id,
                fields=locations.PlaceFields(name=store_name, latitude=latitude, longitude=longitude),
                geofence_id=fence.id,
            )
            stores[store_name] = store.id
    return areas, stores


def _customer(number: int) -> tuple[str, dict[str, Any]]:
    """Customer `number`'s source id and attributes (the same on every run)."""
    chance = random.Random(number)
    first, last = chance.choice(FIRST_NAMES), chance.choice(LAST_NAMES)
    city = chance.choice(list(CITIES))
    latitude, longitude = CITIES[city]
    return f"demo-{number:05d}", {
        "name": f"{first} {last}",
        "email": f"{first.lower()}.{last.lower()}.{number}@example.com",
        "latitude": round(latitude + chance.uniform(-0.05, 0.05), 5),
        "longitude": round(longitude + chance.uniform(-0.05, 0.05), 5),
        "metadata": {"city": city, "tier": chance.choice(["bronze", "silver", "gold"])},
    }


async def seed_customers(bar: Progress, count: int) -> list[str]:
    """The customers (those an earlier run made are left as they are); their source ids."""
    from app.customers import services as customers
    from app.customers.models import Customer

    source_ids = [_customer(number)[0] for number in range(1, count + 1)]
    task = bar.add_task("Customers", total=count)
    found = await Customer.filter(source_id__in=source_ids).values_list("source_id", flat=True)
    known = {str(source_id) for source_id in found}
    bar.advance(task, len(known))

    async def upsert(number: int) -> None:
        source_id, attributes = _customer(number)
        await customers.upsert_by_source_id(source_id=source_id, fields=customers.CustomerFields(**attributes))

    missing = [number for number in range(1, count + 1) if _customer(number)[0] not in known]
    await in_parallel(missing, upsert, lambda done: bar.advance(task, done))
    return source_ids


def _events_of(number: int) -> list[Any]:
    """Customer `number`'s history over the last 60 days: app opens, carts and paid orders."""
    from app.core.time import utcnow
    from app.events.validation import EventDraft

    chance = random.Random(-number)
    source_id, _ = _customer(number)
    today = utcnow().replace(hour=12, minute=0, second=0, microsecond=0)
    drafts = []
    for index in range(chance.randint(1, 6)):
        name = chance.choice(["app_open", "app_open", "added_to_cart", "order_paid"])
        properties: dict[str, Any] = {}
        if name != "app_open":
            product, category, price = chance.choice(PRODUCTS)
            quantity = chance.randint(1, 3)
            properties = {
                "amount": f"{price * quantity / 100:.2f}",
                "currency": "EUR",
                "city": _customer(number)[1]["metadata"]["city"],
            }
            properties["items"] = [{"product_id": product, "category_ids": [category], "quantity": quantity}]
        drafts.append(
            EventDraft(
                name=name,
                source_id=source_id,
                occurred_at=today - timedelta(days=chance.randint(1, 60), minutes=chance.randint(0, 600)),
                properties=properties,
                idempotency_key=f"demo-{number}-{index}",
            )
        )
    return drafts


async def seed_events(bar: Progress, count: int) -> None:
    from app.events import services as events

    drafts = [draft for number in range(1, count + 1) for draft in _events_of(number)]
    task = bar.add_task("Events", total=len(drafts))
    for start in range(0, len(drafts), EVENT_BATCH):
        batch = drafts[start : start + EVENT_BATCH]
        for outcome in await events.track_events(drafts=batch):
            if isinstance(outcome, DomainError):
                raise outcome
        bar.advance(task, len(batch))


async def seed(customers: int) -> dict[str, int]:
    """The whole demo project; what it holds afterwards, by kind."""
    from app.campaigns.models import Campaign
    from app.cli import demo_campaigns as plan
    from app.codes.models import Code
    from app.customers.models import Customer
    from app.events.models import CustomerEvent
    from app.redemptions.models import Redemption

    with progress_bar() as bar:
        places = bar.add_task("Areas, stores, geofences", total=1)
        areas, stores = await seed_places()
        bar.advance(places)
        source_ids = await seed_customers(bar, customers)
        await seed_events(bar, customers)
        setup = bar.add_task("Series, segment, campaigns", total=len(plan.SERIES) + 2)
        series = await plan.seed_series()
        bar.advance(setup, len(plan.SERIES))
        segments = await plan.seed_segments(source_ids)
        campaigns = {item.name: await plan.seed_campaign(item, series, segments) for item in plan.plans(areas["North"])}
        await plan.seed_distribution(campaigns["Demo: welcome 15% for Paris shoppers"].id)
        bar.advance(setup, 2)
        holders = bar.add_task("Cards, gift cards, points", total=2 * plan.LOYALTY_MEMBERS)
        await plan.seed_holders(campaigns, source_ids, lambda done: bar.advance(holders, done))
        orders = bar.add_task("Orders", total=plan.REDEMPTIONS)
        await plan.seed_redemptions(list(stores.values()), source_ids, lambda done: bar.advance(orders, done))
    return {
        "stores": len(stores),
        "customers": await Customer.all().count(),
        "events": await CustomerEvent.all().count(),
        "campaigns": await Campaign.all().count(),
        "codes": await Code.all().count(),
        "redemptions": await Redemption.all().count(),
    }


@cli.command()
def demo(
    customers: Annotated[int, typer.Option(min=100, max=100_000, help="How many customers (with events).")] = CUSTOMERS,
) -> None:
    """Seed a demo project (areas, stores, customers with events, campaigns of every kind, a segment, a
    distribution, wallets) so GraphiQL has something to explore; running it again adds nothing."""
    from app.core.db import apply_migrations

    with database() as url:
        try:
            run_sync(apply_migrations(url))  # a fresh data directory, before `make run` ever ran
            counts = run_sync(with_db(url, seed(customers)))
        except DomainError as exc:
            console.print(f"[red]{exc.message}[/] ({exc.field or 'demo'})")
            raise typer.Exit(1) from exc
    console.print("The project now holds " + ", ".join(f"{count:,} {kind}" for kind, count in counts.items()) + ".")
