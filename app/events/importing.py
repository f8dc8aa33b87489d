"""Back-filling events from an NDJSON or CSV file as a job: good rows stored (source IMPORT), bad rows reported.

Rows are stored in chunks; each chunk's events and the job's progress (rows done, counts, row errors)
commit in one transaction. A worker killed mid-file leaves PostgreSQL at a chunk boundary, and the
job resumes from the row its progress names: no row is stored twice, none is skipped, and no
idempotency key is needed for it (rows may still carry their own, to make re-uploading a file safe).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import orjson
from arq.connections import ArqRedis
from asyncpg.exceptions import DeadlockDetectedError
from tortoise.transactions import in_transaction

from app.core.csvfile import read_csv
from app.core.errors import DomainError, InvalidInput
from app.core.events import EventBus, publish
from app.core.ndjson import read_ndjson
from app.core.time import utcnow
from app.events.models import EventSource
from app.events.services import Tracked, store_batch
from app.events.validation import MAX_PROPERTIES_BYTES, EventDraft
from app.jobs import services as jobs
from app.jobs.models import Job, JobStatus

IMPORT_JOB = "import_events"
MAX_ROWS = 200_000
CHUNK_SIZE = 1_000
CHUNK_ATTEMPTS = 3
ROW = "_row"  # each stored row keeps its line number in the file, for the report
FORMAT = "format"
CSV_COLUMNS = {"source_id", "customer_id", "name", "occurred_at", "properties", "idempotency_key"}
# A CSV report names the file's columns; the rules name the GraphQL fields.
CSV_FIELDS = {
    "customer": "source_id",
    "customer.sourceId": "source_id",
    "customer.id": "customer_id",
    "occurredAt": "occurred_at",
    "idempotencyKey": "idempotency_key",
}
NDJSON_KEYS = {"customer", "name", "occurredAt", "properties", "idempotencyKey"}


async def request_import(
    *, data: bytes, created_by_id: uuid.UUID | None, redis: ArqRedis | None, queue_name: str
) -> Job:
    """Check the file's shape now (NDJSON when it starts with `{`, else CSV) and import its rows in a job."""
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        parsed = read_ndjson(
            data, field="file", max_lines=MAX_ROWS, max_line_bytes=2 * MAX_PROPERTIES_BYTES, max_depth=12
        )
        kind = "ndjson"
        rows = [{**line.value, ROW: line.number} for line in parsed.lines]
        unreadable = [{"row": p.number, "field": None, "message": p.message} for p in parsed.problems]
    else:
        table = read_csv(
            data,
            field="file",
            required={"name"},
            allowed=CSV_COLUMNS,
            max_rows=MAX_ROWS,
            max_cell_length=MAX_PROPERTIES_BYTES,
        )
        kind = "csv"
        rows = [{**row.values, ROW: row.number} for row in table.rows]
        unreadable = [{"row": p.number, "field": p.column, "message": p.message} for p in table.problems]
    if not rows and not unreadable:
        raise InvalidInput("The file has no events.", field="file")
    return await jobs.create_job(
        kind=IMPORT_JOB,
        params={FORMAT: kind, "rows": rows, "unreadable": unreadable},
        total=len(rows) + len(unreadable),
        created_by_id=created_by_id,
        redis=redis,
        queue_name=queue_name,
    )


def _text(row: dict[str, Any], key: str, field: str) -> str | None:
    value = row.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"{field} must be a string.", field=field)
    return value


def _instant(text: str | None, field: str) -> datetime:
    if text is None:
        raise InvalidInput("Give the time the event happened (ISO 8601 with a UTC offset).", field=field)
    try:
        return datetime.fromisoformat(text)
    except ValueError as exc:
        raise InvalidInput(f"{text[:60]!r} is not an ISO 8601 time.", field=field) from exc


def draft_from_csv(row: dict[str, Any]) -> EventDraft:
    properties: Any = None
    if row.get("properties"):
        properties = _json_cell(row["properties"])
    return EventDraft(
        name=row.get("name", ""),
        customer_id=_text(row, "customer_id", "customer.id"),
        source_id=_text(row, "source_id", "customer.sourceId"),
        occurred_at=_instant(_text(row, "occurred_at", "occurredAt"), "occurredAt"),
        properties=properties,
        idempotency_key=_text(row, "idempotency_key", "idempotencyKey"),
    )


def _json_cell(text: str) -> Any:
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise InvalidInput("The properties cell is not JSON.", field="properties") from exc


def draft_from_ndjson(row: dict[str, Any]) -> EventDraft:
    unknown = sorted(set(row) - NDJSON_KEYS - {ROW})
    if unknown:
        raise InvalidInput(f"Unknown keys: {', '.join(key[:40] for key in unknown[:5])}.", field=unknown[0][:100])
    customer = row.get("customer")
    if not isinstance(customer, dict) or set(customer) - {"id", "sourceId"}:
        raise InvalidInput('Give the customer as {"id": …} or {"sourceId": …}.', field="customer")
    name = row.get("name")
    if not isinstance(name, str):
        raise InvalidInput("The name must be a string.", field="name")
    return EventDraft(
        name=name,
        customer_id=_text(customer, "id", "customer.id"),
        source_id=_text(customer, "sourceId", "customer.sourceId"),
        occurred_at=_instant(_text(row, "occurredAt", "occurredAt"), "occurredAt"),
        properties=row.get("properties"),
        idempotency_key=_text(row, "idempotencyKey", "idempotencyKey"),
    )


def _report(number: int, exc: DomainError, kind: str) -> dict[str, Any]:
    field = exc.field
    if kind == "csv" and field is not None:
        field = CSV_FIELDS.get(field, field)
    return {"row": number, "field": field, "message": exc.message}


async def store_chunk(job: Job, rows: list[dict[str, Any]], kind: str, done: int) -> None:
    """Store one chunk (the file's rows `done`… of `rows`) and record the job's progress in the same transaction."""
    all_unreadable: list[dict[str, Any]] = job.params.get("unreadable", [])
    unreadable = all_unreadable if job.processed == 0 else []  # the first chunk reports them
    parse = draft_from_csv if kind == "csv" else draft_from_ndjson
    refused: list[dict[str, Any]] = []
    drafts: list[EventDraft] = []
    numbers: list[int] = []
    for row in rows:
        try:
            drafts.append(parse(row))
            numbers.append(row[ROW])
        except DomainError as exc:
            refused.append(_report(row[ROW], exc, kind))
    for attempt in range(1, CHUNK_ATTEMPTS + 1):
        try:
            async with in_transaction() as connection:
                outcomes = await store_batch(
                    drafts, now=utcnow(), prefix=lambda index: "", source=EventSource.IMPORT, connection=connection
                )
                failed = refused + [
                    _report(number, outcome, kind)
                    for number, outcome in zip(numbers, outcomes, strict=True)
                    if isinstance(outcome, DomainError)
                ]
                figures = {
                    "processed": len(all_unreadable) + done + len(rows),
                    "succeeded": job.succeeded + sum(isinstance(outcome, Tracked) for outcome in outcomes),
                    "failed": job.failed + len(unreadable) + len(failed),
                    "errors": (job.errors + sorted(unreadable + failed, key=lambda error: error["row"]))[
                        : jobs.MAX_STORED_ERRORS
                    ],
                    "heartbeat_at": utcnow(),
                }
                await Job.filter(id=job.id).using_db(connection).update(**figures)
        except DeadlockDetectedError:  # the whole chunk rolled back: nothing of it is stored
            if attempt == CHUNK_ATTEMPTS:
                raise
            continue
        for name, value in figures.items():
            setattr(job, name, value)
        return


async def run_import(job_id: uuid.UUID, events: EventBus | None) -> int:
    """Store the rows not yet done (resuming after the last committed chunk); the number stored."""
    job = await jobs.start(job_id)
    if job is None:
        return 0
    rows: list[dict[str, Any]] = job.params["rows"]
    unreadable = len(job.params.get("unreadable", []))
    done = max(0, job.processed - unreadable) if job.processed else 0
    kind = job.params[FORMAT]
    for start in range(done, len(rows), CHUNK_SIZE):
        await store_chunk(job, rows[start : start + CHUNK_SIZE], kind, start)
        await publish(events, jobs.PROGRESS_CHANNEL, jobs.progress_payload(job))
    if not rows:
        unread = job.params["unreadable"]
        await jobs.progress(job, processed=unreadable, succeeded=0, failed=unreadable, errors=unread, events=events)
    await jobs.finish(job, status=JobStatus.SUCCEEDED, result={"imported": job.succeeded}, events=events)
    return job.succeeded
