"""Exports through the API: every object round-trips against the API's own lists, scope, formulas, expiry."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from typing import Any

import httpx

from app.core.ids import decode_id, encode_id
from app.core.time import utcnow
from app.customers.models import Customer
from app.distributions.models import Delivery
from app.exports.models import Export
from app.exports.tasks import delete_expired_exports
from app.settings import Settings
from tests.codes.test_publication import series_with
from tests.conftest import Caller, GraphQLClient
from tests.distributions.helpers import distribute, distributing, list_segment, run_all
from tests.exports.helpers import READ, export_rows, request
from tests.graphql.walk_world import WalkWorld, build_walk_world


def instant(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def nodes(connection: dict[str, Any]) -> list[dict[str, Any]]:
    return [edge["node"] for edge in connection["edges"]]


async def api_lists(world: WalkWorld, caller: Caller, graphql: GraphQLClient) -> dict[str, dict[str, Any]]:
    """What the API lists for `caller`, keyed like the export rows."""
    data = await graphql.data(
        """query L { campaigns(first: 100) { edges { node { id name status currency } } }
          publications(first: 100) { edges { node { id channel createdAt code { code } campaign { id }
            customer { id } } } }
          redemptions(first: 100) { edges { node { id status currency discount amount createdAt customer { id } } } }
          walletTransactions(first: 100) { edges { node { id kind points reason createdAt } } } }""",
        caller=caller,
    )
    lists: dict[str, dict[str, Any]] = {
        "CAMPAIGNS": {node["id"]: node for node in nodes(data["campaigns"])},
        "PUBLICATIONS": {node["id"]: node for node in nodes(data["publications"])},
        "REDEMPTIONS": {node["id"]: node for node in nodes(data["redemptions"])},
        "WALLET_TRANSACTIONS": {node["id"]: node for node in nodes(data["walletTransactions"])},
    }
    codes: dict[str, Any] = {}
    for _label, campaign_id in world.campaigns.items():
        found = await graphql.post(
            "query C($c: ID!) { codes(filter: {campaignId: $c}, first: 100) { edges { node { code redeemedCount "
            "publishedAt holder { id } } } } }",
            {"c": campaign_id},
            caller=caller,
        )
        payload = found.json()
        if payload.get("data") and payload["data"].get("codes"):
            codes.update({node["code"]: node for node in nodes(payload["data"]["codes"])})
        # A SINGLE_CODE campaign's shared code is not in a series: the API shows it as `campaign { code }`.
        shared = (
            await graphql.post("query S($c: ID!) { campaign(id: $c) { code } }", {"c": campaign_id}, caller=caller)
        ).json()["data"]
        if shared and shared["campaign"] and shared["campaign"]["code"]:
            code = await graphql.data(
                "query K($k: String!) { code(code: $k) { code redeemedCount publishedAt holder { id } } }",
                {"k": shared["campaign"]["code"]},
                caller=caller,
            )
            codes[code["code"]["code"]] = code["code"]
    lists["CODES"] = codes
    return lists


def check_round_trip(object: str, rows: list[dict[str, str]], listed: dict[str, Any]) -> None:
    key = "code" if object == "CODES" else "id"
    exported = {row[key]: row for row in rows}
    assert set(exported) == set(listed), object
    for ident, node in listed.items():
        row = exported[ident]
        if object == "CAMPAIGNS":
            assert (row["name"], row["status"], row["currency"]) == (node["name"], node["status"], node["currency"])
        elif object == "PUBLICATIONS":
            assert row["code"] == node["code"]["code"]
            assert row["campaign_id"] == node["campaign"]["id"]
            assert row["customer_id"] == node["customer"]["id"]
            assert instant(row["created_at"]) == instant(node["createdAt"])
        elif object == "REDEMPTIONS":
            assert (row["status"], row["currency"]) == (node["status"], node["currency"])
            assert row["discount"] == f"{node['discount'] / 100:.2f}"
            assert row["amount"] == f"{node['amount'] / 100:.2f}"
            assert row["customer_id"] == ((node["customer"] or {}).get("id") or "")
            assert instant(row["created_at"]) == instant(node["createdAt"])
        elif object == "WALLET_TRANSACTIONS":
            assert (row["kind"], int(row["points"]), row["reason"]) == (node["kind"], node["points"], node["reason"])
            assert instant(row["created_at"]) == instant(node["createdAt"])
        elif object == "CODES":
            assert int(row["redeemed_count"]) == node["redeemedCount"]
            assert row["holder_id"] == ((node["holder"] or {}).get("id") or "")
            assert instant(row["published_at"]) == instant(node["publishedAt"])


async def test_every_campaign_object_round_trips_for_admin_and_a_restricted_manager(
    graphql: GraphQLClient, admin: Caller, client: httpx.AsyncClient, settings: Settings
) -> None:
    world = await build_walk_world(graphql, admin)
    await world.read_hidden()
    manager = world.keys["MANAGER"]
    for caller in (admin, manager):
        listed = await api_lists(world, caller, graphql)
        for object in ("CAMPAIGNS", "PUBLICATIONS", "REDEMPTIONS", "WALLET_TRANSACTIONS", "CODES"):
            given: dict[str, Any] = {}
            if object == "CODES":  # every code the key sees under some campaign (codes(...) needs a filter)
                rows: list[dict[str, str]] = []
                for campaign_id in world.campaigns.values():
                    payload = await request(graphql, caller, "CODES", filter={"campaign": campaign_id})
                    if payload["__typename"] == "NotFoundError":
                        continue
                    _, part = await export_rows(
                        graphql, client, settings, caller, "CODES", filter={"campaign": campaign_id}
                    )
                    rows.extend(part)
                check_round_trip(object, list({row["code"]: row for row in rows}.values()), listed[object])
                continue
            _, rows = await export_rows(graphql, client, settings, caller, object, **given)
            assert rows, object
            check_round_trip(object, rows, listed[object])
            if caller is manager:
                cells = {cell for row in rows for cell in row.values()}
                leaked = {value: what for value, what in world.hidden.items() if value in cells}
                assert not leaked, leaked


async def test_customers_and_events_round_trip(
    graphql: GraphQLClient, admin: Caller, client: httpx.AsyncClient, settings: Settings
) -> None:
    world = await build_walk_world(graphql, admin)
    data = await graphql.data(
        "query { customers(first: 20) { edges { node { id sourceId email phone "
        "events(first: 50) { edges { node { id name occurredAt } } } } } } }",
        caller=admin,
    )
    customers = {node["id"]: node for node in nodes(data["customers"])}
    _, rows = await export_rows(graphql, client, settings, admin, "CUSTOMERS")
    assert {row["id"] for row in rows} == set(customers)
    for row in rows:
        node = customers[row["id"]]
        assert (row["source_id"], row["email"] or None) == (node["sourceId"], node["email"])
    # `+33 …` would be a formula: defused with a leading quote.
    assert {row["phone"] for row in rows if row["source_id"] == "shopper"} == {"'+33 1 23 45 67 89"}
    events = {event["id"]: event for node in customers.values() for event in nodes(node["events"])}
    _, rows = await export_rows(graphql, client, settings, admin, "EVENTS")
    assert events
    assert {row["id"] for row in rows} == set(events)
    for row in rows:
        assert row["name"] == events[row["id"]]["name"]
        assert instant(row["occurred_at"]) == instant(events[row["id"]]["occurredAt"])
    # A restricted key reads no customer's personal data: its request is refused, typed.
    refused = await request(graphql, world.keys["MANAGER"], "CUSTOMERS")
    assert (refused["__typename"], refused["field"]) == ("PermissionDeniedError", "object")


async def test_deliveries_round_trip(
    graphql: GraphQLClient, admin: Caller, client: httpx.AsyncClient, settings: Settings
) -> None:
    series = await series_with(5)
    segment = await list_segment("Delivered", ["d1", "d2", "d3"])
    campaign = await distributing("Delivered", segment, code_series_id=series)
    await distribute(campaign)
    await run_all()
    deliveries = await Delivery.all()
    assert len(deliveries) == 3
    _, rows = await export_rows(graphql, client, settings, admin, "DELIVERIES")
    assert {int(row["id"]) for row in rows} == {delivery.id for delivery in deliveries}
    customers = {customer.id: customer for customer in await Customer.all()}
    for row in rows:
        delivery = next(d for d in deliveries if d.id == int(row["id"]))
        assert row["customer_id"] == encode_id("Customer", delivery.customer_id)
        assert row["campaign_id"] == encode_id("Campaign", campaign.id)
        assert row["status"] == delivery.status.value
        assert delivery.customer_id in customers
        assert row["code"]
        assert delivery.code_id is not None


async def test_formula_cells_are_defused_and_fields_chosen_in_order(
    graphql: GraphQLClient, admin: Caller, client: httpx.AsyncClient, settings: Settings
) -> None:
    names = ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\tTab", "\rReturn", "plain", "a=b"]
    for index, name in enumerate(names):
        await Customer.create(source_id=f"c{index}", name=name)
    export, rows = await export_rows(graphql, client, settings, admin, "CUSTOMERS", fields=["source_id", "name"])
    assert export["fields"] == ["source_id", "name"]
    assert list(rows[0]) == ["source_id", "name"]
    got = {row["source_id"]: row["name"] for row in rows}
    assert got == {f"c{index}": ("'" + name if name[0] in "=+-@\t\r" else name) for index, name in enumerate(names)}


async def test_unknown_or_repeated_fields_and_bad_filters_are_typed_errors(
    graphql: GraphQLClient, admin: Caller
) -> None:
    unknown = await request(graphql, admin, "CODES", fields=["code", "password"])
    assert (unknown["__typename"], unknown["code"], unknown["field"]) == (
        "ValidationError",
        "UNKNOWN_FIELD",
        "fields.1",
    )
    twice = await request(graphql, admin, "CODES", fields=["code", "code"])
    assert (twice["__typename"], twice["field"]) == ("ValidationError", "fields.1")
    empty = await request(graphql, admin, "CODES", fields=[])
    assert (empty["__typename"], empty["field"]) == ("ValidationError", "fields")
    missing = await request(graphql, admin, "CODES", filter={"campaign": encode_id("Campaign", 1)})
    assert (missing["__typename"], missing["field"]) == ("NotFoundError", "filter.campaign")
    backwards = await request(
        graphql, admin, "CODES", filter={"createdFrom": "2026-02-01T00:00:00Z", "createdTo": "2026-01-01T00:00:00Z"}
    )
    assert (backwards["__typename"], backwards["field"]) == ("ValidationError", "filter.createdTo")


async def test_money_is_in_major_units_with_the_currency_exponent(db: None) -> None:
    from tortoise import connections

    from app.exports.columns import money

    rows = await connections.get("default").execute_query_dict(
        f"SELECT {money('a', 'c')}::text AS v FROM (VALUES (1230, 'EUR'), (5, 'JPY'), (1234, 'kwd'), (-7, 'USD')) "
        "AS x(a, c)"
    )
    assert [row["v"] for row in rows] == ["12.30", "5", "1.234", "-0.07"]


async def test_downloads_are_the_creators_and_expire(
    graphql: GraphQLClient, admin: Caller, client: httpx.AsyncClient, settings: Settings
) -> None:
    world = await build_walk_world(graphql, admin)
    manager, store = world.keys["MANAGER"], world.keys["STORE"]
    export, _ = await export_rows(graphql, client, settings, manager, "CAMPAIGNS")
    path = f"/exports/{export['id']}/download"
    # Another restricted key cannot see or download it; a key reading the whole project can.
    assert (await client.get(path, headers=store.headers)).status_code == 404
    assert (await client.get(path, headers=admin.headers)).status_code == 200
    hidden = await graphql.post(READ, {"id": export["id"]}, caller=store)
    assert hidden.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    mine, _ = await export_rows(graphql, client, settings, admin, "CAMPAIGNS")
    answer = await client.get(f"/exports/{mine['id']}/download", headers=manager.headers)
    assert answer.status_code == 404
    assert answer.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert (await client.get(path)).status_code == 401
    listed = await graphql.data("query { exports(first: 10) { edges { node { id } } } }", caller=manager)
    assert [edge["node"]["id"] for edge in listed["exports"]["edges"]] == [export["id"]]
    # Expiry: the download answers 404 at once, the worker's cron deletes the file.
    row = await Export.get(id=decode_id("Export", export["id"]))
    await Export.filter(id=row.id).update(expires_at=utcnow() - timedelta(seconds=1))
    expired = await client.get(path, headers=manager.headers)
    assert expired.status_code == 404
    assert expired.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert row.file_name is not None
    assert (settings.exports_path / row.file_name).exists()
    assert await delete_expired_exports({"settings": settings}) == 1
    assert not (settings.exports_path / row.file_name).exists()
    status = await graphql.data(READ, {"id": export["id"]}, caller=manager)
    assert (status["export"]["status"], status["export"]["url"]) == ("EXPIRED", None)


async def test_campaign_filter_and_time_window(
    graphql: GraphQLClient, admin: Caller, client: httpx.AsyncClient, settings: Settings
) -> None:
    world = await build_walk_world(graphql, admin)
    campaign = world.campaigns["INSIDE UNIQUE_CODES"]
    _, rows = await export_rows(graphql, client, settings, admin, "PUBLICATIONS", filter={"campaign": campaign})
    assert rows
    assert {row["campaign_id"] for row in rows} == {campaign}
    future = (utcnow() + timedelta(days=1)).isoformat()
    _, none = await export_rows(graphql, client, settings, admin, "CAMPAIGNS", filter={"createdFrom": future})
    assert none == []


def test_csv_header_only_file_parses() -> None:
    assert list(csv.DictReader(io.StringIO("id,name\r\n"))) == []


async def test_opaque_ids_and_times_made_in_sql_match_the_api_encoding(db: None) -> None:
    import uuid

    from tortoise import connections

    from app.exports.columns import OBJECTS, instant, opaque

    types = {
        "Campaign",
        "CodeSeries",
        "Customer",
        "Publication",
        "Redemption",
        "Store",
        "Wallet",
        "WalletTransaction",
        "CustomerEvent",
    }
    assert all(
        any(f"'{name}:" in expression for name in types) or "opaque" not in expression
        for spec in OBJECTS.values()
        for expression in spec.columns.values()
    )
    samples = [uuid.UUID(int=(2**128 - 1) // (n + 1)) for n in range(200)] + [uuid.uuid4() for _ in range(200)]
    connection = connections.get("default")
    for name in sorted(types):
        rows = await connection.execute_query_dict(
            f"SELECT v::text AS raw, {opaque(name, 'v')} AS id FROM unnest($1::uuid[]) AS v", [samples]
        )
        assert all(row["id"] == encode_id(name, uuid.UUID(row["raw"])) for row in rows), name
    rows = await connection.execute_query_dict(
        f"SELECT v::text AS raw, {opaque('WalletTransaction', 'v')} AS id FROM unnest($1::bigint[]) AS v",
        [[1, 62, 63, 2**62, 2**63 - 1, 999_999_999_999]],
    )
    assert all(row["id"] == encode_id("WalletTransaction", int(row["raw"])) for row in rows)
    now = utcnow()
    [row] = await connection.execute_query_dict(f"SELECT {instant('$1::timestamptz')} AS at", [now])
    assert row["at"].endswith("Z")
    assert "T" in row["at"]
    assert instant_of(row["at"]) == now


def instant_of(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))
