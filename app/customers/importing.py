"""Importing customers from a CSV file as a job: valid rows are upserted, each bad row reported."""

from __future__ import annotations

import uuid
from typing import Any

from arq.connections import ArqRedis

from app.core.csvfile import read_csv
from app.core.errors import InvalidInput
from app.core.events import EventBus
from app.customers import services
from app.jobs import services as jobs
from app.jobs.models import Job, JobStatus

IMPORT_JOB = "import_customers"
COLUMNS = {"source_id", "name", "email", "phone", "latitude", "longitude"}
MAX_ROWS = 200_000
PROGRESS_EVERY = 500


async def request_import(
    *, data: bytes, created_by_id: uuid.UUID | None, redis: ArqRedis | None, queue_name: str
) -> Job:
    """Check the file's shape now (encoding, CSV syntax, columns) and import its rows in a job."""
    table = read_csv(data, field="file", required={"source_id"}, allowed=COLUMNS, max_rows=MAX_ROWS)
    if not table.rows:
        raise InvalidInput("The file has no customers.", field="file")
    return await jobs.create_job(
        kind=IMPORT_JOB,
        params={"rows": table.rows},
        total=len(table.rows),
        created_by_id=created_by_id,
        redis=redis,
        queue_name=queue_name,
    )


def _fields(row: dict[str, str]) -> services.CustomerFields:
    # An empty cell leaves that attribute as it is (imports update, they do not blank out).
    values: dict[str, Any] = {name: value for name, value in row.items() if name != "source_id" and value}
    for coordinate in ("latitude", "longitude"):
        if values.get(coordinate) is not None:
            try:
                values[coordinate] = float(values[coordinate])
            except ValueError as exc:
                raise InvalidInput(f"{values[coordinate]!r} is not a number.", field=coordinate) from exc
    return services.CustomerFields(**values)


async def run_import(job_id: uuid.UUID, events: EventBus | None) -> int:
    """Upsert every valid row (idempotent, so a resumed job simply repeats some upserts)."""
    job = await jobs.start(job_id)
    if job is None:
        return 0
    rows: list[dict[str, str]] = job.params["rows"]
    errors: list[dict[str, Any]] = []
    succeeded = 0
    for index, row in enumerate(rows):
        number = index + 2
        try:
            await services.upsert_by_source_id(source_id=row.get("source_id", ""), fields=_fields(row))
            succeeded += 1
        except InvalidInput as exc:
            errors.append({"row": number, "field": exc.field, "message": exc.message})
        if (index + 1) % PROGRESS_EVERY == 0:
            await jobs.progress(job, processed=index + 1, succeeded=succeeded, failed=len(errors), events=events)
    job.errors = []
    await jobs.progress(job, processed=len(rows), succeeded=succeeded, failed=len(errors), errors=errors, events=events)
    await jobs.finish(job, status=JobStatus.SUCCEEDED, result={"imported": succeeded}, events=events)
    return succeeded
