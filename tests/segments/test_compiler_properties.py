"""The compiled SQL selects exactly who the Python reference (tests/segments/reference.py) selects.

Each example draws a handful of customers (columns, metadata with numbers, text, dates, booleans, nulls and
missing keys) and a few dozen events (three names, an `amount` that is not always a number, times around a
fixed `now`, many of them exactly on a window's edge), a saved filter and a saved list segment, and six
definitions up to three levels deep mixing `all` / `any` / `not` over attribute (every operator), event
count, aggregate, first/last-time and segment conditions. The data goes into PostgreSQL (one insert per
table), and each definition is evaluated three ways, each compared with the reference: a preview through the
service; the `SET` predicate and the `ONE` predicate (one customer at a time, as a validation rule judges) in
a session whose TimeZone is drawn too, since dates must compare in UTC whatever the session's zone.

Derandomized, so CI runs the same examples every time; SEGMENT_EXAMPLES / SEGMENT_SEED explore further.
"""

from __future__ import annotations

import asyncio
import json
import os
import uuid
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, note, seed, settings
from hypothesis import strategies as st
from tortoise import connections
from tortoise.transactions import in_transaction

from app.core.errors import InvalidInput
from app.core.ids import encode_id
from app.segments import evaluation
from app.segments.compiler import Mode
from app.segments.definitions import Parsed
from tests.segments.reference import Customer, Event, References, members

pytestmark = pytest.mark.usefixtures("db")

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
HOUR, DAY, TICK = timedelta(hours=1), timedelta(days=1), timedelta(microseconds=1)

# Lower-case ASCII only: text order is then the same in the C and in linguistic collations.
TEXTS = ["paris", "par", "pa", "lyon", "nice", "zurich"]
NEEDLES = [*TEXTS, "PAR", "Ri", "ly", "is"]  # CONTAINS ignores case, STARTS_WITH does not
NUMBERS = [0, 1, 2, 3, -1, 0.1, 0.2, 0.3, 0.15, 2.5, 100, 1000.1]
DATE_TEXTS = [
    "2026-06-01",  # a date alone: midnight UTC
    "2026-06-15",
    "2026-06-15T12:00:00",  # no offset: UTC
    "2026-06-15T12:00:00Z",
    "2026-06-15T14:00:00+02:00",
    "2026-07-01T01:00:00+02:00",  # still June in UTC
    "2026-05-31T23:30:00-01:00",  # already June in UTC
    "2026-13-01",  # not a date
]
INSTANTS = [  # definition values: a date-time with an offset
    "2026-06-15T12:00:00+00:00",
    "2026-06-15T00:00:00+00:00",
    "2026-06-01T00:00:00+00:00",
    "2026-06-15T09:00:00+09:00",
    "2026-06-30T23:00:00+00:00",
    "2026-06-01T02:00:00+02:00",
]
ZONES = ["UTC", "Asia/Tokyo", "America/New_York", "Pacific/Kiritimati", "Pacific/Pago_Pago"]
EVENT_NAMES = ["order_paid", "app_open", "cart_add"]
# Event times: on a window's or an instant's edge (give or take a microsecond), or anywhere in the last 40 days.
EDGES = [
    timedelta(0),
    -HOUR,
    -24 * HOUR,
    -7 * DAY,
    -30 * DAY,
    timedelta(minutes=2),
    -(NOW - datetime(2026, 6, 1, tzinfo=UTC)),
]
WINDOW_DURATIONS = [(1, "HOURS"), (24, "HOURS"), (1, "DAYS"), (7, "DAYS"), (30, "DAYS")]
EXAMPLES = int(os.environ.get("SEGMENT_EXAMPLES", 100))
DEFINITIONS = 6  # definitions judged over the data of one example


def json_scalars() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.sampled_from(TEXTS),
        st.sampled_from(NUMBERS),
        st.sampled_from(DATE_TEXTS),
        st.booleans(),
        st.none(),
    )


# Metadata keys and the type their values usually have (any other type turns up too).
KEY_TYPES = {"city": "TEXT", "tier": "NUMBER", "joined": "INSTANT", "vip": "BOOLEAN"}


def typed_values(value_type: str) -> st.SearchStrategy[Any]:
    if value_type == "TEXT":
        return st.sampled_from(TEXTS)
    if value_type == "NUMBER":
        return st.sampled_from(NUMBERS)
    if value_type == "INSTANT":
        return st.sampled_from(DATE_TEXTS)
    return st.booleans()


@st.composite
def metadata(draw: st.DrawFn) -> dict[str, Any]:
    document: dict[str, Any] = {}
    for key, value_type in KEY_TYPES.items():
        if draw(st.integers(0, 3)):
            document[key] = draw(typed_values(value_type) if draw(st.integers(0, 3)) else json_scalars())
    home = draw(st.sampled_from(["missing", "object", "object", "scalar"]))
    if home == "object":
        document["home"] = {"city": draw(json_scalars())} if draw(st.integers(0, 2)) else {}
    elif home == "scalar":
        document["home"] = draw(st.sampled_from(TEXTS))
    return document


def instants_near_now() -> st.SearchStrategy[datetime]:
    on_edge = st.builds(
        lambda edge, jitter: NOW + edge + jitter, st.sampled_from(EDGES), st.sampled_from([-TICK, 0 * TICK, TICK])
    )
    anywhere = st.integers(-40 * 24 * 3600, 300).map(lambda seconds: NOW + timedelta(seconds=seconds))
    return st.one_of(on_edge, anywhere)


@st.composite
def customers(draw: st.DrawFn) -> list[Customer]:
    count = draw(st.integers(3, 6))
    coordinates = st.none() | st.sampled_from([48.85, 45.75, 0.1, -1.5, 2.5])
    result = []
    for index in range(count):
        email = draw(st.none() | st.sampled_from(TEXTS).map(lambda name: f"{name}@example.com"))
        result.append(
            Customer(
                source_id=f"c{index}",
                name=draw(st.sampled_from(["", *TEXTS])),
                email=email,
                phone=draw(st.none() | st.sampled_from(["+33 6 12", "+41 79 1"])),
                latitude=draw(coordinates),
                longitude=draw(coordinates),
                created_at=draw(instants_near_now()),
                updated_at=draw(instants_near_now()),
                metadata=draw(metadata()),
                id=uuid.UUID(int=index + 1),
            )
        )
    return result


@st.composite
def events(draw: st.DrawFn, people: list[Customer]) -> list[Event]:
    count = draw(st.integers(5, 40))
    amounts = st.one_of(st.sampled_from(NUMBERS), st.just("n/a"), st.none())
    result = []
    for _ in range(count):
        properties: dict[str, Any] = {}
        if draw(st.integers(0, 4)):
            properties["amount"] = draw(amounts)
        if draw(st.booleans()):
            properties["channel"] = draw(st.sampled_from(TEXTS))
        if not draw(st.integers(0, 3)):
            properties["at"] = draw(st.sampled_from(DATE_TEXTS))
        result.append(
            Event(
                customer_id=draw(st.sampled_from(people)).id,
                name=draw(st.sampled_from(EVENT_NAMES)),
                occurred_at=draw(instants_near_now()),
                properties=properties,
            )
        )
    return result


# Definitions, in their JSON form (as a client sends them).

TEXT_OPS = ["EQ", "NE", "IN", "NOT_IN", "GT", "GTE", "LT", "LTE", "CONTAINS", "STARTS_WITH", "EXISTS", "NOT_EXISTS"]
ORDERED_OPS = ["EQ", "NE", "IN", "NOT_IN", "GT", "GTE", "LT", "LTE", "EXISTS", "NOT_EXISTS"]
BOOLEAN_OPS = ["EQ", "NE", "IN", "NOT_IN", "EXISTS", "NOT_EXISTS"]
COLUMNS = {
    "sourceId": "TEXT",
    "name": "TEXT",
    "email": "TEXT",
    "phone": "TEXT",
    "latitude": "NUMBER",
    "longitude": "NUMBER",
    "createdAt": "INSTANT",
    "updatedAt": "INSTANT",
}
METADATA_PATHS = ["city", "tier", "joined", "vip", "home.city", "nope"]


@st.composite
def comparison(draw: st.DrawFn, value_type: str) -> dict[str, Any]:
    """{op, value} comparing a value of `value_type` (TEXT, NUMBER, INSTANT, BOOLEAN)."""
    if value_type == "TEXT":
        op = draw(st.sampled_from(TEXT_OPS))
        values: st.SearchStrategy[Any] = st.sampled_from(NEEDLES if op in {"CONTAINS", "STARTS_WITH"} else TEXTS)
    elif value_type == "NUMBER":
        op, values = draw(st.sampled_from(ORDERED_OPS)), st.sampled_from(NUMBERS)
    elif value_type == "INSTANT":
        op, values = draw(st.sampled_from([*ORDERED_OPS, "MONTH_IS"])), st.sampled_from(INSTANTS)
        if op == "MONTH_IS":
            values = st.sampled_from([5, 6, 7])
    else:
        op, values = draw(st.sampled_from(BOOLEAN_OPS)), st.booleans()
    if op in {"EXISTS", "NOT_EXISTS"}:
        return {"op": op}
    if op in {"IN", "NOT_IN"}:
        return {"op": op, "value": draw(st.lists(values, min_size=1, max_size=3))}
    return {"op": op, "value": draw(values)}


@st.composite
def attribute(draw: st.DrawFn) -> dict[str, Any]:
    if draw(st.integers(0, 2)):
        path = draw(st.sampled_from(METADATA_PATHS))
        usual = {**KEY_TYPES, "home.city": "TEXT"}.get(path)
        any_type = st.sampled_from(["TEXT", "NUMBER", "INSTANT", "BOOLEAN"])
        value_type = usual if usual is not None and draw(st.integers(0, 2)) else draw(any_type)
        return {"attribute": {"attribute": f"metadata.{path}", **draw(comparison(value_type))}}
    column = draw(st.sampled_from(sorted(COLUMNS)))
    return {"attribute": {"attribute": column, **draw(comparison(COLUMNS[column]))}}


def instant_text(instant: datetime, zone_hours: int) -> str:
    """The instant written with a UTC offset of `zone_hours`."""
    return instant.astimezone(timezone(timedelta(hours=zone_hours))).isoformat()


@st.composite
def window(draw: st.DrawFn) -> dict[str, Any] | None:
    kind = draw(st.sampled_from(["none", "last", "between"]))
    if kind == "none":
        return None
    if kind == "last":
        amount, unit = draw(st.sampled_from(WINDOW_DURATIONS))
        return {"last": {"amount": amount, "unit": unit}}
    edges = sorted({NOW + edge for edge in EDGES})
    start = draw(st.sampled_from([edge for edge in edges if edge <= NOW]))
    end = draw(st.sampled_from([edge for edge in edges if edge > start]))
    zone = draw(st.sampled_from([0, 2, -5]))
    return {"between": {"from": instant_text(start, zone), "to": instant_text(end, zone)}}


@st.composite
def event_filter(draw: st.DrawFn) -> dict[str, Any]:
    name = draw(st.sampled_from([*EVENT_NAMES, "never_tracked"]))
    body: dict[str, Any] = {"name": name}
    where = []
    for _ in range(draw(st.integers(0, 2))):
        path, value_type = draw(
            st.sampled_from(
                [("amount", "NUMBER"), ("amount", "TEXT"), ("channel", "TEXT"), ("at", "INSTANT"), ("nope", "NUMBER")]
            )
        )
        where.append({"property": path, **draw(comparison(value_type))})
    if where:
        body["where"] = where
    chosen = draw(window())
    if chosen is not None:
        body["window"] = chosen
    return body


@st.composite
def event_count(draw: st.DrawFn) -> dict[str, Any]:
    body = draw(event_filter())
    kind = draw(st.sampled_from(["default", "atLeast", "atMost", "exactly"]))
    if kind != "default":
        body["count"] = {kind: draw(st.integers(0, 3))}
    return {"event": body}


@st.composite
def aggregate(draw: st.DrawFn) -> dict[str, Any]:
    body = draw(event_filter())
    body["property"] = draw(st.sampled_from(["amount", "amount", "nope"]))
    body["function"] = draw(st.sampled_from(["SUM", "MAX", "MIN", "AVG"]))
    body["op"] = draw(st.sampled_from(["EQ", "NE", "GT", "GTE", "LT", "LTE"]))
    body["value"] = draw(st.sampled_from([*NUMBERS, 0.5, 1.5, 3.3, 200]))
    return {"aggregate": body}


@st.composite
def event_time(draw: st.DrawFn) -> dict[str, Any]:
    body = draw(event_filter())
    body.pop("window", None)
    body["which"] = draw(st.sampled_from(["FIRST", "LAST"]))
    edges = sorted({NOW + edge for edge in EDGES})
    if draw(st.booleans()):
        body["after"] = instant_text(draw(st.sampled_from([edge for edge in edges if edge <= NOW])), 0)
    if draw(st.booleans()):
        body["before"] = instant_text(draw(st.sampled_from(edges)), draw(st.sampled_from([0, 9])))
    if ("after" not in body and "before" not in body) or draw(st.booleans()):
        amount, unit = draw(st.sampled_from(WINDOW_DURATIONS))
        body["within"] = {"amount": amount, "unit": unit}
    return {"eventTime": body}


# Saved segments a definition may refer to (each example saves them anew): a filter, a list, and one deleted.
SAVED_FILTER, SAVED_LIST, DELETED = uuid.UUID(int=1001), uuid.UUID(int=1002), uuid.UUID(int=1003)


def segment_reference() -> st.SearchStrategy[dict[str, Any]]:
    return st.builds(
        lambda segment, member: {"segment": {"segmentId": encode_id("Segment", segment), "member": member}},
        st.sampled_from([SAVED_FILTER, SAVED_FILTER, SAVED_LIST, SAVED_LIST, DELETED]),
        st.booleans(),
    )


def leaves(references: bool) -> st.SearchStrategy[dict[str, Any]]:
    kinds = [attribute(), event_count(), aggregate(), event_time()]
    return st.one_of(*kinds, segment_reference()) if references else st.one_of(*kinds)


def definitions(depth: int = 3, *, references: bool = True) -> st.SearchStrategy[dict[str, Any]]:
    """Definitions `depth` levels deep at most; `references`: with segment conditions (not in a saved filter)."""
    if depth <= 1:
        return leaves(references)
    inner = definitions(depth - 1, references=references)
    return st.one_of(
        leaves(references),
        leaves(references),
        st.lists(inner, min_size=1, max_size=3).map(lambda parts: {"all": parts}),
        st.lists(inner, min_size=1, max_size=3).map(lambda parts: {"any": parts}),
        inner.map(lambda part: {"not": part}),
    )


# Loading and evaluating.


async def store(people: list[Customer], happened: list[Event], saved: dict[str, Any], listed: list[uuid.UUID]) -> None:
    """The customers, events and saved segments, alone in their tables: one statement per table."""
    connection = connections.get("default")
    await connection.execute_script("DELETE FROM segment; DELETE FROM customer_event; DELETE FROM customer")
    await connection.execute_query(
        "INSERT INTO segment (id, name, description, kind, definition, version, created_at, updated_at) "
        "VALUES ($1, 'saved filter', '', 'FILTER', $2::jsonb, 1, $4, $4), "
        "($3, 'saved list', '', 'LIST', NULL, 1, $4, $4)",
        [SAVED_FILTER, json.dumps(saved), SAVED_LIST, NOW],
    )
    if listed:
        await connection.execute_query(
            "INSERT INTO segment_member (segment_id, customer_id, added_at) "
            "SELECT $1, id, $3 FROM unnest($2::uuid[]) AS id",
            [SAVED_LIST, listed, NOW],
        )
    await connection.execute_query(
        "INSERT INTO customer (id, source_id, name, email, phone, latitude, longitude, created_at, updated_at, "
        "metadata) SELECT id, source_id, name, email, phone, latitude, longitude, created_at, updated_at, "
        "metadata::jsonb FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], "
        "$6::float8[], $7::float8[], $8::timestamptz[], $9::timestamptz[], $10::text[]) "
        "AS t(id, source_id, name, email, phone, latitude, longitude, created_at, updated_at, metadata)",
        [
            [person.id for person in people],
            [person.source_id for person in people],
            [person.name for person in people],
            [person.email for person in people],
            [person.phone for person in people],
            [person.latitude for person in people],
            [person.longitude for person in people],
            [person.created_at for person in people],
            [person.updated_at for person in people],
            [json.dumps(person.metadata) for person in people],
        ],
    )
    if happened:
        await connection.execute_query(
            "INSERT INTO customer_event (customer_id, name, occurred_at, received_at, properties, source) "
            "SELECT customer_id, name, occurred_at, $4, properties::jsonb, 'API' "
            "FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $5::text[]) "
            "AS t(customer_id, name, occurred_at, properties)",
            [
                [event.customer_id for event in happened],
                [event.name for event in happened],
                [event.occurred_at for event in happened],
                NOW,
                [json.dumps(event.properties) for event in happened],
            ],
        )


async def in_zone(parsed: Parsed, zone: str) -> tuple[set[uuid.UUID], set[uuid.UUID]]:
    """Who the SET predicate selects, and who the ONE predicate accepts, in a session in `zone`."""
    whole = await evaluation.compiled(parsed, now=NOW, mode=Mode.SET)
    single = await evaluation.compiled(parsed, now=NOW, mode=Mode.ONE)
    async with in_transaction() as connection:
        await connection.execute_script(f"SET LOCAL TimeZone = '{zone}'")
        chosen = await connection.execute_query_dict(f"SELECT c.id FROM customer c WHERE {whole.sql}", whole.params)
        judged = await connection.execute_query_dict(
            f"SELECT c.id, COALESCE(({single.sql}), false) AS inside FROM customer c", single.params
        )
    return {row["id"] for row in chosen}, {row["id"] for row in judged if row["inside"]}


class Runner:
    """Runs coroutines on the test's event loop from Hypothesis' thread."""

    def __init__(self) -> None:
        self.loop = asyncio.get_running_loop()
        self.examples = 0
        self.definitions = 0
        self.seen: Counter[str] = Counter()

    def run(self, coroutine: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result()


def property_settings(test: Callable[..., None]) -> Callable[..., None]:
    explore_seed = os.environ.get("SEGMENT_SEED")
    configured = settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=explore_seed is None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
        print_blob=False,
    )(test)
    return seed(int(explore_seed))(configured) if explore_seed is not None else configured


def describe(people: list[Customer], happened: list[Event], who: set[uuid.UUID]) -> str:
    lines = []
    for person in people:
        if person.id in who:
            lines.append(f"  {person}")
            lines.extend(f"    {event}" for event in happened if event.customer_id == person.id)
    return "\n".join(lines)


async def test_compiled_sql_selects_who_the_reference_selects() -> None:
    runner = Runner()

    @property_settings
    @given(
        data=st.data(),
        drawn=st.lists(definitions(), min_size=DEFINITIONS, max_size=DEFINITIONS),
        saved=definitions(2, references=False),
        zone=st.sampled_from(ZONES),
    )
    def compare(data: st.DataObject, drawn: list[dict[str, Any]], saved: dict[str, Any], zone: str) -> None:
        try:
            references = References(filters={SAVED_FILTER: evaluation.parse(saved, now=NOW)})
        except InvalidInput:
            runner.seen["refused"] += 1
            assume(False)
        checked = []
        for definition in drawn:
            try:
                checked.append((definition, evaluation.parse(definition, now=NOW)))
            except InvalidInput:
                runner.seen["refused"] += 1
        assume(checked)
        people = data.draw(customers(), label="customers")
        happened = data.draw(events(people), label="events")
        listed = data.draw(st.lists(st.sampled_from([person.id for person in people]), unique=True), label="listed")
        references.lists[SAVED_LIST] = set(listed)
        note(f"saved filter = {json.dumps(saved)}")
        runner.run(store(people, happened, saved, listed))
        for definition, parsed in checked:
            note(f"definition = {json.dumps(definition)}")
            expected = members(parsed, people, happened, now=NOW, references=references)
            preview = runner.run(evaluation.preview(definition, now=NOW))
            whole, single = runner.run(in_zone(parsed, zone))
            for label, got in (
                ("preview", set(preview.customer_ids)),
                (f"SET in {zone}", whole),
                (f"ONE in {zone}", single),
            ):
                wrong = got ^ expected
                assert not wrong, (
                    f"{label}: SQL selects {sorted(p.source_id for p in people if p.id in got)}, the reference "
                    f"{sorted(p.source_id for p in people if p.id in expected)} for {json.dumps(definition)}\n"
                    f"{describe(people, happened, wrong)}"
                )
            assert preview.count == len(expected)
            runner.seen[f"members {'none' if not expected else 'all' if len(expected) == len(people) else 'some'}"] += 1
            runner.definitions += 1
        runner.examples += 1

    await asyncio.to_thread(compare)
    assert runner.examples >= EXAMPLES // 2, f"only {runner.examples} examples ran"
    # A generator whose definitions select everybody or nobody would compare little: most must split the data.
    assert runner.seen["members some"] >= runner.definitions // 10, dict(runner.seen)
