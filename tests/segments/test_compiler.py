"""Each kind of condition, compiled to SQL and run against real PostgreSQL, in both query shapes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from tortoise import connections
from tortoise.transactions import in_transaction

from app.core.time import utcnow
from app.customers.models import Customer
from app.segments import evaluation
from app.segments.compiler import Mode
from app.segments.models import Segment, SegmentKind
from tests.segments.world import Happened, Person, load

pytestmark = pytest.mark.usefixtures("db")
DAY = timedelta(days=1)

PEOPLE = [
    Person("ann", {"city": "Paris", "tier": 3, "vip": True, "birthday": "1990-11-05"}, email="ann@example.com"),
    Person("bob", {"city": "Lyon", "tier": 1, "birthday": "1985-02-11"}, email="bob@example.org"),
    Person("cat", {"city": "Paris", "tier": "gold"}),
    Person("dan", {}),
]
EVENTS = [
    Happened("ann", "order_paid", 2 * DAY, {"amount": 5000, "city": "Paris"}),
    Happened("ann", "order_paid", 10 * DAY, {"amount": 3000}),
    Happened("ann", "order_paid", 40 * DAY, {"amount": 90000}),
    Happened("bob", "order_paid", 1 * DAY, {"amount": 100}),
    Happened("bob", "app_open", 1 * DAY),
    Happened("cat", "app_open", 20 * DAY),
    Happened("cat", "order_paid", 3 * DAY, {"amount": "n/a"}),
]


def last(days: int) -> dict[str, Any]:
    return {"last": {"amount": days, "unit": "DAYS"}}


CASES: list[tuple[dict[str, Any], set[str]]] = [
    ({"attribute": {"attribute": "metadata.city", "op": "EQ", "value": "Paris"}}, {"ann", "cat"}),
    ({"attribute": {"attribute": "metadata.city", "op": "NE", "value": "Paris"}}, {"bob", "dan"}),
    ({"attribute": {"attribute": "metadata.city", "op": "IN", "value": ["Lyon", "Nice"]}}, {"bob"}),
    ({"attribute": {"attribute": "metadata.city", "op": "NOT_IN", "value": ["Lyon"]}}, {"ann", "cat", "dan"}),
    ({"attribute": {"attribute": "metadata.tier", "op": "GTE", "value": 2}}, {"ann"}),  # "gold" is not a number
    ({"attribute": {"attribute": "metadata.tier", "op": "EXISTS"}}, {"ann", "bob", "cat"}),
    ({"attribute": {"attribute": "metadata.tier", "op": "NOT_EXISTS"}}, {"dan"}),
    ({"attribute": {"attribute": "metadata.vip", "op": "EQ", "value": True}}, {"ann"}),
    ({"attribute": {"attribute": "metadata.birthday", "op": "MONTH_IS", "value": 11}}, {"ann"}),
    ({"attribute": {"attribute": "email", "op": "CONTAINS", "value": "EXAMPLE.ORG"}}, {"bob"}),
    ({"attribute": {"attribute": "email", "op": "STARTS_WITH", "value": "ann@"}}, {"ann"}),
    ({"attribute": {"attribute": "email", "op": "EXISTS"}}, {"ann", "bob"}),
    ({"event": {"name": "order_paid", "window": last(30)}}, {"ann", "bob", "cat"}),
    ({"event": {"name": "order_paid", "window": last(30), "count": {"atLeast": 2}}}, {"ann"}),
    ({"event": {"name": "order_paid", "count": {"exactly": 3}}}, {"ann"}),
    ({"event": {"name": "order_paid", "window": last(30), "count": {"atMost": 1}}}, {"bob", "cat", "dan"}),
    ({"event": {"name": "app_open", "window": last(7), "count": {"exactly": 0}}}, {"ann", "cat", "dan"}),
    (
        {"event": {"name": "order_paid", "where": [{"property": "amount", "op": "GT", "value": 1000}]}},
        {"ann"},
    ),
    (
        {
            "aggregate": {
                "name": "order_paid",
                "window": last(30),
                "property": "amount",
                "function": "SUM",
                "op": "GTE",
                "value": 8000,
            }
        },
        {"ann"},
    ),
    (
        {"aggregate": {"name": "order_paid", "property": "amount", "function": "MAX", "op": "LT", "value": 1000}},
        {"bob"},
    ),
    ({"eventTime": {"name": "order_paid", "which": "FIRST", "within": {"amount": 30, "unit": "DAYS"}}}, {"bob", "cat"}),
    ({"eventTime": {"name": "order_paid", "which": "LAST", "within": {"amount": 2, "unit": "DAYS"}}}, {"bob"}),
    (
        {
            "all": [
                {"event": {"name": "app_open", "window": last(7)}},
                {"event": {"name": "order_paid", "window": last(30), "count": {"exactly": 0}}},
            ]
        },
        set(),
    ),
    (
        {
            "any": [
                {"attribute": {"attribute": "metadata.city", "op": "EQ", "value": "Lyon"}},
                {"not": {"event": {"name": "order_paid"}}},
            ]
        },
        {"bob", "dan"},
    ),
    ({"event": {"name": "never_tracked"}}, set()),
]


@pytest.mark.parametrize(("definition", "expected"), CASES)
async def test_each_condition_selects_the_right_customers(definition: dict[str, Any], expected: set[str]) -> None:
    ids = await load(PEOPLE, EVENTS)
    names = {customer_id: source_id for source_id, customer_id in ids.items()}
    now = utcnow()
    preview = await evaluation.preview(definition, now=now)
    assert {names[customer_id] for customer_id in preview.customer_ids} == expected
    assert preview.count == len(expected)
    # The same definition judged one customer at a time (a validation rule's shape) agrees.
    segment = await Segment.create(name="probe", kind=SegmentKind.FILTER, definition=definition)
    for source_id, customer_id in ids.items():
        customer = await Customer.get(id=customer_id)
        inside = await evaluation.memberships(customer, [segment], now=now)
        assert (segment.id in inside) == (source_id in expected), source_id


async def test_a_definition_naming_an_untracked_event_warns() -> None:
    await load(PEOPLE, EVENTS)
    preview = await evaluation.preview({"event": {"name": "never_tracked"}}, now=utcnow())
    assert [warning.message[:30] for warning in preview.warnings] == ["No event named 'never_tracked'"]


async def test_both_shapes_compile_to_parameters_only() -> None:
    parsed = evaluation.parse(
        {"attribute": {"attribute": "metadata.city", "op": "EQ", "value": "x'; DROP"}}, now=utcnow()
    )
    for mode in Mode:
        compiled = await evaluation.compiled(parsed, now=utcnow(), mode=mode)
        assert "DROP" not in compiled.sql
        assert "x'; DROP" in compiled.params


@pytest.mark.parametrize(
    "definition",
    [
        {"not": {"event": {"name": "app_open", "window": last(90)}}},
        {"event": {"name": "app_open", "window": last(90), "count": {"exactly": 0}}},
    ],
)
async def test_a_customer_without_an_event_is_found_by_an_anti_join(definition: dict[str, Any]) -> None:
    # `NOT (c.id IN (…))` is never an anti join: once its rows outgrow work_mem, PostgreSQL reads the whole event
    # range again for every customer (unfinished after 60 s at 10 M events). NOT EXISTS is an anti join at any size.
    await load(PEOPLE, EVENTS)
    now = utcnow()
    predicate = await evaluation.compiled(evaluation.parse(definition, now=now), now=now, mode=Mode.SET)
    rows = await connections.get("default").execute_query_dict(
        f"EXPLAIN SELECT c.id FROM customer c WHERE {predicate.sql}", predicate.params
    )
    plan = "\n".join(row["QUERY PLAN"] for row in rows)
    assert "Anti Join" in plan, plan
    assert "SubPlan" not in plan, plan


async def test_decimals_compare_as_written() -> None:
    ids = await load(
        [Person("ann", {"score": 0.1}), Person("bob", {"score": 0.3})],
        [Happened("ann", "order_paid", DAY, {"amount": 1000.1})],
    )
    now = utcnow()
    exact = await evaluation.preview({"attribute": {"attribute": "metadata.score", "op": "EQ", "value": 0.1}}, now=now)
    assert exact.customer_ids == [ids["ann"]]
    listed = await evaluation.preview(
        {"attribute": {"attribute": "metadata.score", "op": "IN", "value": [0.3]}}, now=now
    )
    assert listed.customer_ids == [ids["bob"]]
    total = {"aggregate": {"name": "order_paid", "property": "amount", "function": "SUM", "op": "GTE", "value": 1000.1}}
    assert (await evaluation.preview(total, now=now)).customer_ids == [ids["ann"]]


async def test_a_last_window_ends_now() -> None:
    # Windows are [now − last, now) (ADR 0011): an event stamped after now (ingestion accepts clocks up to
    # 5 minutes ahead) is not in "the last hour", nor is its time "within the last hour". Found by the
    # property test: the compiler bounded `last` windows and `within` below only.
    ids = await load(
        [Person("ann"), Person("bob"), Person("cat")],
        [
            Happened("ann", "app_open", timedelta(microseconds=1)),
            Happened("bob", "app_open", timedelta(0)),
            Happened("cat", "app_open", -timedelta(minutes=2)),
        ],
        now=(now := utcnow()),
    )
    hour = {"amount": 1, "unit": "HOURS"}
    definitions: list[dict[str, Any]] = [
        {"event": {"name": "app_open", "window": {"last": hour}}},
        {"eventTime": {"name": "app_open", "which": "LAST", "within": hour}},
        {"eventTime": {"name": "app_open", "which": "FIRST", "within": hour}},
    ]
    for index, definition in enumerate(definitions):
        assert (await evaluation.preview(definition, now=now)).customer_ids == [ids["ann"]], definition
        segment = await Segment.create(name=f"probe {index}", kind=SegmentKind.FILTER, definition=definition)
        for source_id, customer_id in ids.items():
            inside = await evaluation.memberships(await Customer.get(id=customer_id), [segment], now=now)
            assert (segment.id in inside) == (source_id == "ann"), (definition, source_id)
    not_lately = {"event": {"name": "app_open", "window": {"last": hour}, "count": {"exactly": 0}}}
    assert set((await evaluation.preview(not_lately, now=now)).customer_ids) == {ids["bob"], ids["cat"]}


@pytest.mark.parametrize("zone", ["Asia/Tokyo", "America/New_York"])
async def test_dates_without_an_offset_are_utc_whatever_the_session_time_zone(zone: str) -> None:
    # Found by the property test: promo_instant read '2026-06-01' in the session's TimeZone (in Tokyo, the
    # 31st of May at 15:00 UTC), so MONTH_IS and instant comparisons depended on the connection's settings.
    ids = await load(
        [Person("ann", {"joined": "2026-06-01"}), Person("bob", {"joined": "2026-06-15T12:00:00"})],
        [Happened("ann", "order_paid", DAY, {"paidAt": "2026-06-30T23:30:00"})],
    )
    now = utcnow()
    cases: list[tuple[dict[str, Any], set[str]]] = [
        ({"attribute": {"attribute": "metadata.joined", "op": "MONTH_IS", "value": 6}}, {"ann", "bob"}),
        (
            {"attribute": {"attribute": "metadata.joined", "op": "EQ", "value": "2026-06-01T00:00:00+00:00"}},
            {"ann"},
        ),
        (
            {"attribute": {"attribute": "metadata.joined", "op": "GTE", "value": "2026-06-15T12:00:00+00:00"}},
            {"bob"},
        ),
        (
            {
                "event": {
                    "name": "order_paid",
                    "where": [{"property": "paidAt", "op": "LT", "value": "2026-07-01T00:00:00+00:00"}],
                }
            },
            {"ann"},
        ),
    ]
    names = {customer_id: source_id for source_id, customer_id in ids.items()}
    for definition, expected in cases:
        parsed = evaluation.parse(definition, now=now)
        for mode in Mode:
            predicate = await evaluation.compiled(parsed, now=now, mode=mode)
            async with in_transaction() as connection:
                await connection.execute_script(f"SET LOCAL TimeZone = '{zone}'")
                rows = await connection.execute_query_dict(
                    f"SELECT c.id FROM customer c WHERE {predicate.sql}", predicate.params
                )
            assert {names[row["id"]] for row in rows} == expected, (definition, mode)
