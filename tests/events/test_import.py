"""eventsImport: NDJSON and CSV back-fills as a job, with a per-row report, resumable without duplicates."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import orjson
import pytest

from app.access.models import Role
from app.access.services import create_api_key
from app.core.ids import decode_id, encode_id
from app.customers.models import Customer
from app.events import importing
from app.events.models import CustomerEvent, EventName, EventSource
from app.events.tasks import import_events
from app.jobs.models import Job, JobStatus
from tests.conftest import Caller

pytestmark = pytest.mark.usefixtures("db")
IMPORT = """mutation I($file: Upload!) { eventsImport(file: $file) { __typename
  ... on EventsImportSuccess { job { id total status } } ... on Error { code message field } } }"""
START = datetime(2026, 1, 1, tzinfo=UTC)


async def upload(client: httpx.AsyncClient, caller: Caller, content: bytes) -> dict[str, Any]:
    operations = json.dumps({"query": IMPORT, "variables": {"file": None}})
    response = await client.post(
        "/graphql",
        data={"operations": operations, "map": json.dumps({"0": ["variables.file"]})},
        files={"0": ("events", content, "application/octet-stream")},
        headers=caller.headers,
    )
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()["data"]["eventsImport"]
    return result


def line(**given: Any) -> bytes:
    return orjson.dumps(
        {"customer": {"sourceId": "c1"}, "name": "order_paid", "occurredAt": START.isoformat(), **given}
    )


async def test_ndjson_import_stores_good_rows_and_reports_bad_ones(client: httpx.AsyncClient, admin: Caller) -> None:
    lines = [
        line(properties={"amount": 1200}),  # line 1
        b"",  # blank: skipped
        b"{not json",  # 3
        b"[1, 2]",  # 4
        line(name="bad name"),  # 5
        line(occurredAt=None),  # 6
        line(occurredAt="yesterday"),  # 7
        line(shoeSize=44),  # 8
        line(customer={"sourceId": "c2"}, properties={"amount": 800}, idempotencyKey="row-9"),  # 9
        line(occurredAt=(datetime.now(UTC) + timedelta(days=1)).isoformat()),  # 10
        b"\xff\xfe not utf-8",  # 11
        line(customer={"sourceId": "c2"}, idempotencyKey="row-9"),  # 12: the same key again
        line(properties="not an object"),  # 13
    ]
    started = await upload(client, admin, b"\n".join(lines) + b"\n")
    assert started["__typename"] == "EventsImportSuccess", started
    assert started["job"]["total"] == 12
    job_id = decode_id("Job", started["job"]["id"])
    assert await import_events({}, str(job_id)) == 3
    job = await Job.get(id=job_id)
    assert job.status is JobStatus.SUCCEEDED
    assert (job.processed, job.succeeded, job.failed) == (12, 3, 9)
    assert [(error["row"], error["field"]) for error in job.errors] == [
        (3, None),
        (4, None),
        (5, "name"),
        (6, "occurredAt"),
        (7, "occurredAt"),
        (8, "shoeSize"),
        (10, "occurredAt"),
        (11, None),
        (13, "properties"),
    ]
    assert job.result == {"imported": 3}
    events = await CustomerEvent.all().order_by("id")
    assert [(event.name, event.properties, event.source) for event in events] == [
        ("order_paid", {"amount": 1200}, EventSource.IMPORT),
        ("order_paid", {"amount": 800}, EventSource.IMPORT),
    ]
    name = await EventName.get(name="order_paid")
    assert (name.count, name.first_seen_at) == (2, START)


async def test_csv_import_names_the_files_columns(client: httpx.AsyncClient, admin: Caller) -> None:
    customer = await Customer.create(source_id="known")
    csv = (
        "name,occurred_at,source_id,customer_id,properties,idempotency_key\n"
        f'app_open,{START.isoformat()},c1,,"{{""screen"": ""home""}}",\n'
        f"app_open,{START.isoformat()},,{encode_id('Customer', customer.id)},,\n"
        f"app_open,not a date,c1,,,\n"
        f"app_open,{START.isoformat()},c1,,{{oops,\n"
        f"app_open,{START.isoformat()},,,,\n"
        f"app_open,{START.isoformat()},c1,,,{'k' * 201}\n"
    ).encode()
    started = await upload(client, admin, csv)
    job_id = decode_id("Job", started["job"]["id"])
    assert await import_events({}, str(job_id)) == 2
    job = await Job.get(id=job_id)
    assert [(error["row"], error["field"]) for error in job.errors] == [
        (4, "occurred_at"),
        (5, "properties"),
        (6, "source_id"),
        (7, "idempotency_key"),
    ]
    assert await CustomerEvent.filter(customer_id=customer.id).count() == 1


async def test_a_file_that_is_not_a_table_is_refused_whole(client: httpx.AsyncClient, admin: Caller) -> None:
    unknown = await upload(client, admin, b"name,occurred_at,shoe_size\nx,2026-01-01T00:00:00Z,44\n")
    assert (unknown["__typename"], unknown["field"]) == ("ValidationError", "file")
    empty = await upload(client, admin, b"\n\n")
    assert (empty["__typename"], empty["field"]) == ("ValidationError", "file")


async def test_a_resumed_import_stores_each_row_once() -> None:
    rows = 2 * importing.CHUNK_SIZE + 500
    data = b"\n".join(line(customer={"sourceId": f"c{n % 50}"}, properties={"n": n}) for n in range(rows))
    job = await importing.request_import(data=data + b"\n{broken", created_by_id=None, redis=None, queue_name="unused")
    # A worker stored the first chunk (and its progress, in the same transaction), then died.
    started = await Job.get(id=job.id)
    await importing.store_chunk(started, started.params["rows"][: importing.CHUNK_SIZE], "ndjson", 0)
    assert (await Job.get(id=job.id)).processed == importing.CHUNK_SIZE + 1
    assert await import_events({}, str(job.id)) == rows
    finished = await Job.get(id=job.id)
    assert (finished.processed, finished.succeeded, finished.failed) == (rows + 1, rows, 1)
    assert await CustomerEvent.all().count() == rows
    assert sorted(await CustomerEvent.all().values_list("properties", flat=True), key=lambda p: p["n"]) == [
        {"n": n} for n in range(rows)
    ]
    assert (await EventName.get(name="order_paid")).count == rows


async def test_reuploading_a_keyed_file_stores_nothing_new() -> None:
    data = b"\n".join(line(idempotencyKey=f"order-{n}", properties={"n": n}) for n in range(10))
    for _ in range(2):
        job = await importing.request_import(data=data, created_by_id=None, redis=None, queue_name="unused")
        assert await import_events({}, str(job.id)) == 10
    assert await CustomerEvent.all().count() == 10
    assert (await EventName.get(name="order_paid")).count == 10


async def test_an_ingest_key_follows_its_own_import(client: httpx.AsyncClient, admin: Caller) -> None:
    key, secret = await create_api_key(name="backend", role=Role.INGEST, created_by=None)
    ingest = Caller(key, secret)
    started = await upload(client, ingest, line() + b"\n" + line(name="bad name") + b"\n")
    await import_events({}, str(decode_id("Job", started["job"]["id"])))
    query = "query J($id: ID!) { job(id: $id) { status succeeded failed errors { row field } } }"
    own = await client.post(
        "/graphql", json={"query": query, "variables": {"id": started["job"]["id"]}}, headers=ingest.headers
    )
    assert own.json()["data"]["job"] == {
        "status": "SUCCEEDED",
        "succeeded": 1,
        "failed": 1,
        "errors": [{"row": 2, "field": "name"}],
    }
    theirs = await upload(client, admin, line() + b"\n")
    other = await client.post(
        "/graphql", json={"query": query, "variables": {"id": theirs["job"]["id"]}}, headers=ingest.headers
    )
    assert other.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
