"""eventTrack and eventsTrack end to end: stored events, refusals naming their field, idempotent retries."""

from __future__ import annotations

import asyncio
import logging
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from app.access.models import Role
from app.access.services import create_api_key, key_cache
from app.core.ids import encode_id
from app.core.time import utcnow
from app.customers.models import Customer
from app.events.models import CustomerEvent, EventName
from tests.conftest import Caller, GraphQLClient

pytestmark = pytest.mark.usefixtures("db")
ERROR = "... on Error { code message field }"
EVENT = "id name occurredAt receivedAt properties source customer { sourceId }"
TRACK = f"""mutation T($i: EventTrackInput!) {{ eventTrack(input: $i) {{ __typename
  ... on EventTrackSuccess {{ created event {{ {EVENT} }} }} {ERROR} }} }}"""
TRACK_MANY = f"""mutation T($i: [EventsTrackItemInput!]!) {{ eventsTrack(inputs: $i) {{ __typename
  ... on EventsTrackSuccess {{ created duplicates refused
    results {{ index created event {{ id name }} error {{ __typename code message field }} }} }} {ERROR} }} }}"""
WHEN = "2026-11-20T10:00:00+00:00"


async def track(graphql: GraphQLClient, caller: Caller, **given: Any) -> dict[str, Any]:
    event = {"customer": {"sourceId": "shopper"}, "name": "order_paid", **given}
    result: dict[str, Any] = (await graphql.data(TRACK, {"i": event}, caller=caller))["eventTrack"]
    return result


async def test_track_stores_the_event_and_creates_the_customer(graphql: GraphQLClient, admin: Caller) -> None:
    result = await track(graphql, admin, occurredAt=WHEN, properties={"amount": 1200, "city": "Paris"})
    assert result["__typename"] == "EventTrackSuccess", result
    assert result["created"] is True
    event = result["event"]
    assert (event["name"], event["occurredAt"], event["source"]) == ("order_paid", WHEN, "API")
    assert event["properties"] == {"amount": 1200, "city": "Paris"}
    assert event["customer"] == {"sourceId": "shopper"}
    assert await Customer.filter(source_id="shopper").count() == 1
    # answered in UTC, whatever the offset sent
    paris = await track(graphql, admin, occurredAt="2026-11-20T11:00:00+01:00")
    assert paris["event"]["occurredAt"] == WHEN
    # occurredAt defaults to now
    later = await track(graphql, admin, name="app_open")
    assert abs(datetime.fromisoformat(later["event"]["occurredAt"]) - utcnow()) < timedelta(minutes=1)
    # by our id
    customer = await Customer.get(source_id="shopper")
    by_id = await graphql.data(
        TRACK, {"i": {"customer": {"id": encode_id("Customer", customer.id)}, "name": "app_open"}}, caller=admin
    )
    assert by_id["eventTrack"]["created"] is True
    assert await CustomerEvent.filter(customer_id=customer.id).count() == 4


@pytest.mark.parametrize(
    ("given", "field", "code"),
    [
        ({"occurredAt": "FUTURE"}, "occurredAt", "OUT_OF_RANGE"),
        ({"properties": [1, 2]}, "properties", "VALIDATION_ERROR"),
        ({"properties": "text"}, "properties", "VALIDATION_ERROR"),
        ({"properties": {"blob": "x" * 17_000}}, "properties", "TOO_LARGE"),
        ({"properties": {"deep": [[[[[[[[[[["too deep"]]]]]]]]]]]}}, "properties", "TOO_DEEP"),
        ({"name": "order paid"}, "name", "INVALID_CHARACTERS"),
        ({"name": "commande_payée"}, "name", "INVALID_CHARACTERS"),
        ({"name": ""}, "name", "TOO_SHORT"),
        ({"name": "e" * 101}, "name", "TOO_LONG"),
        ({"idempotencyKey": "k" * 201}, "idempotencyKey", "TOO_LONG"),
        ({"customer": {"id": encode_id("Customer", uuid.uuid4())}}, "customer.id", "NOT_FOUND"),
        ({"customer": {"id": "not-an-id"}}, "customer.id", "NOT_FOUND"),
        ({"customer": {}}, "customer", "VALIDATION_ERROR"),
        ({"customer": {"sourceId": "  "}}, "customer.sourceId", "VALIDATION_ERROR"),
    ],
)
async def test_track_refuses_bad_input_naming_the_field(
    graphql: GraphQLClient, admin: Caller, given: dict[str, Any], field: str, code: str
) -> None:
    if given.get("occurredAt") == "FUTURE":
        given = {"occurredAt": (utcnow() + timedelta(minutes=6)).isoformat()}
    result = await track(graphql, admin, **given)
    assert (result["__typename"] in {"ValidationError", "NotFoundError"}, result["field"], result["code"]) == (
        True,
        field,
        code,
    ), result
    assert await CustomerEvent.all().count() == 0


async def test_a_clock_slightly_ahead_is_fine(graphql: GraphQLClient, admin: Caller) -> None:
    result = await track(graphql, admin, occurredAt=(utcnow() + timedelta(minutes=4)).isoformat())
    assert result["__typename"] == "EventTrackSuccess", result


async def test_twenty_concurrent_retries_store_one_event(graphql: GraphQLClient, admin: Caller) -> None:
    event = {"customer": {"sourceId": "brand-new"}, "name": "signup", "idempotencyKey": "signup-brand-new"}
    results = await asyncio.gather(*(graphql.data(TRACK, {"i": event}, caller=admin) for _ in range(20)))
    answers = [result["eventTrack"] for result in results]
    assert {answer["__typename"] for answer in answers} == {"EventTrackSuccess"}
    assert sum(answer["created"] for answer in answers) == 1
    assert len({answer["event"]["id"] for answer in answers}) == 1
    assert await CustomerEvent.all().count() == 1
    assert await Customer.filter(source_id="brand-new").count() == 1
    assert (await EventName.get(name="signup")).count == 1


async def test_a_key_reused_for_another_customer_is_refused(graphql: GraphQLClient, admin: Caller) -> None:
    first = await track(graphql, admin, idempotencyKey="k-1", properties={"n": 1})
    again = await track(graphql, admin, idempotencyKey="k-1", properties={"n": 2})
    assert (again["created"], again["event"]["id"], again["event"]["properties"]) == (
        False,
        first["event"]["id"],
        {"n": 1},
    )
    other = await track(graphql, admin, idempotencyKey="k-1", customer={"sourceId": "someone else"})
    assert (other["__typename"], other["code"], other["field"]) == (
        "ConflictError",
        "IDEMPOTENCY_KEY_REUSED",
        "idempotencyKey",
    )
    assert await CustomerEvent.all().count() == 1


async def test_ingest_key_tracks_and_upserts_but_reads_nothing_back(graphql: GraphQLClient, admin: Caller) -> None:
    key, secret = await create_api_key(name="backend", role=Role.INGEST, created_by=None)
    ingest = Caller(key, secret)
    await track(graphql, admin, customer={"sourceId": "ann", "name": "Ann"})
    result = await track(graphql, ingest, customer={"sourceId": "ann", "name": "Ann B", "email": "ann@example.com"})
    assert result["__typename"] == "EventTrackSuccess", result
    assert (result["event"]["properties"], result["event"]["customer"]) == (None, None)
    ann = await Customer.get(source_id="ann")
    assert (ann.name, ann.email) == ("Ann B", "ann@example.com")  # INGEST holds CUSTOMERS_WRITE
    refused = await graphql.post("{ eventCatalog { name } }", caller=ingest)
    assert refused.json()["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"


async def test_track_many_answers_each_event_on_its_own(graphql: GraphQLClient, admin: Caller) -> None:
    await track(graphql, admin, idempotencyKey="known")
    good = {"customer": {"sourceId": "c1"}, "name": "page_view", "occurredAt": WHEN, "properties": {"path": "/"}}
    inputs = [
        good,
        {**good, "name": "bad name"},
        {**good, "properties": [1]},
        {**good, "properties": {"blob": "x" * 17_000}},
        {**good, "occurredAt": (utcnow() + timedelta(hours=1)).isoformat()},
        {**good, "customer": {"id": encode_id("Customer", uuid.uuid4())}},
        {**good, "customer": {"sourceId": "c2"}, "idempotencyKey": "fresh"},
        {**good, "customer": {"sourceId": "shopper"}, "idempotencyKey": "known"},
        {**good, "customer": {"sourceId": "c2"}, "idempotencyKey": "fresh"},  # a duplicate inside the batch
        {**good, "name": "e" * 150},
        {**good, "customer": {"sourceId": "c3"}, "idempotencyKey": "k" * 300},
        {**good, "customer": {}},
    ]
    result = (await graphql.data(TRACK_MANY, {"i": inputs}, caller=admin))["eventsTrack"]
    assert result["__typename"] == "EventsTrackSuccess", result
    outcomes = [
        (item["index"], item["created"], item["error"] and (item["error"]["code"], item["error"]["field"]))
        for item in result["results"]
    ]
    assert outcomes == [
        (0, True, None),
        (1, False, ("INVALID_CHARACTERS", "inputs.1.name")),
        (2, False, ("VALIDATION_ERROR", "inputs.2.properties")),
        (3, False, ("TOO_LARGE", "inputs.3.properties")),
        (4, False, ("OUT_OF_RANGE", "inputs.4.occurredAt")),
        (5, False, ("NOT_FOUND", "inputs.5.customer.id")),
        (6, True, None),
        (7, False, None),
        (8, False, None),
        (9, False, ("TOO_LONG", "inputs.9.name")),
        (10, False, ("TOO_LONG", "inputs.10.idempotencyKey")),
        (11, False, ("VALIDATION_ERROR", "inputs.11.customer")),
    ]
    assert (result["created"], result["duplicates"], result["refused"]) == (2, 2, 8)
    assert result["results"][8]["event"]["id"] == result["results"][6]["event"]["id"]
    assert await CustomerEvent.filter(name="page_view").count() == 2
    assert (await EventName.get(name="page_view")).count == 2
    assert await Customer.filter(source_id__in=["c1", "c2"]).count() == 2


async def test_track_many_refuses_the_whole_call_only_for_what_no_event_could_mean(
    graphql: GraphQLClient, admin: Caller
) -> None:
    good = {"customer": {"sourceId": "c1"}, "name": "page_view"}
    too_many = (await graphql.data(TRACK_MANY, {"i": [good] * 1001}, caller=admin))["eventsTrack"]
    assert (too_many["code"], too_many["field"]) == ("TOO_MANY_ITEMS", "inputs")
    nul = (await graphql.data(TRACK_MANY, {"i": [good, {**good, "name": "a\x00b"}]}, caller=admin))["eventsTrack"]
    assert (nul["code"], nul["field"]) == ("INVALID_CHARACTERS", "inputs.1.name")
    empty = (await graphql.data(TRACK_MANY, {"i": []}, caller=admin))["eventsTrack"]
    assert (empty["code"], empty["field"]) == ("VALIDATION_ERROR", "inputs")
    assert await CustomerEvent.all().count() == 0
    full = (await graphql.data(TRACK_MANY, {"i": [good] * 1000}, caller=admin))["eventsTrack"]
    assert full["created"] == 1000


async def test_history_and_catalogue(graphql: GraphQLClient, admin: Caller, viewer: Caller) -> None:
    start = datetime(2026, 11, 1, tzinfo=UTC)
    inputs = [
        {
            "customer": {"sourceId": "shopper"},
            "name": "order_paid" if day % 2 else "app_open",
            "occurredAt": (start + timedelta(days=day)).isoformat(),
            "properties": {"amount": day * 100, "city": "Paris"} if day % 2 else {"screen": "home", "n": None},
        }
        for day in range(7)
    ]
    inputs.append({**inputs[1], "customer": {"sourceId": "other"}, "properties": {"amount": "12.00"}})
    assert (await graphql.data(TRACK_MANY, {"i": inputs}, caller=admin))["eventsTrack"]["created"] == 8
    history = """query H($s: String!, $after: String, $name: String) { customer(sourceId: $s) {
      events(first: 2, after: $after, name: $name) { edges { cursor node { name occurredAt properties } }
        pageInfo { hasNextPage endCursor } } } }"""
    seen: list[str] = []
    after = None
    while True:
        page = (await graphql.data(history, {"s": "shopper", "after": after}, caller=viewer))["customer"]["events"]
        seen += [edge["node"]["occurredAt"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == [(start + timedelta(days=day)).isoformat() for day in reversed(range(7))]
    paid = (await graphql.data(history, {"s": "shopper", "name": "order_paid"}, caller=viewer))["customer"]["events"]
    assert [edge["node"]["properties"]["amount"] for edge in paid["edges"]] == [500, 300]
    bad = await graphql.post(history, {"s": "shopper", "after": "nonsense"}, caller=viewer)
    assert bad.json()["errors"][0]["extensions"]["code"] == "VALIDATION_ERROR"

    catalog = (
        await graphql.data(
            "{ eventCatalog { name count firstSeenAt lastSeenAt properties { key types } } }", caller=viewer
        )
    )["eventCatalog"]
    assert catalog == [
        {
            "name": "app_open",
            "count": 4,
            "firstSeenAt": start.isoformat(),
            "lastSeenAt": (start + timedelta(days=6)).isoformat(),
            "properties": [{"key": "n", "types": ["NULL"]}, {"key": "screen", "types": ["STRING"]}],
        },
        {
            "name": "order_paid",
            "count": 4,
            "firstSeenAt": (start + timedelta(days=1)).isoformat(),
            "lastSeenAt": (start + timedelta(days=5)).isoformat(),
            "properties": [{"key": "amount", "types": ["NUMBER", "STRING"]}, {"key": "city", "types": ["STRING"]}],
        },
    ]


async def test_history_of_a_page_of_customers_costs_a_constant_number_of_queries(
    graphql: GraphQLClient, admin: Caller, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Keep the key cached: on a slow machine it expires between the counted requests and adds a lookup.
    monkeypatch.setattr(key_cache, "ttl", 3600)
    events = [
        {"customer": {"sourceId": f"c{n % 30}"}, "name": "app_open", "properties": {"n": n}, "occurredAt": WHEN}
        for n in range(90)
    ]
    assert (await graphql.data(TRACK_MANY, {"i": events}, caller=admin))["eventsTrack"]["created"] == 90
    query = """query Q($n: Int!) { customers(first: $n) { edges { node { sourceId
      events(first: 2, name: "app_open") { edges { node { name properties customer { sourceId } } } } } } } }"""

    async def count(size: int) -> int:
        caplog.clear()
        with caplog.at_level(logging.DEBUG, logger="tortoise.db_client"):
            data = await graphql.data(query, {"n": size}, caller=admin)
        nodes = [edge["node"] for edge in data["customers"]["edges"]]
        assert len(nodes) == size
        assert all(len(node["events"]["edges"]) == 2 for node in nodes)
        assert all(
            e["node"]["customer"] == {"sourceId": node["sourceId"]} for node in nodes for e in node["events"]["edges"]
        )
        return sum(1 for record in caplog.records if record.name == "tortoise.db_client")

    await count(1)  # warm the key cache
    assert await count(3) == await count(30)
