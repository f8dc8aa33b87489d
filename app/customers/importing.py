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
ROW = "_row"  # each stored row keeps its line number in the file, for the report


async def request_import(
    *, data: bytes, created_by_id: uuid.UUID | None, redis: ArqRedis | None, queue_name: str
) -> Job:
    """Check the file's shape now (encoding, CSV syntax, columns) and import its rows in a job."""
    table = read_csv(data, field="file", required={"source_id"}, allowed=COLUMNS, max_rows=MAX_ROWS)
    if not table.rows and not table.problems:
        raise InvalidInput("The file has no customers.", field="file")
    return await jobs.create_job(
        kind=IMPORT_JOB,
        params={
            "rows": [{**row.values, ROW: row.number} for row in table.rows],
            "unreadable": [
                {"row": problem.number, "field": problem.column, "message": problem.message}
                for problem in table.problems
            ],
        },
        total=len(table.rows) + len(table.problems),
        created_by_id=created_by_id,
        redis=redis,
        queue_name=queue_name,
    )


def _fields(row: dict[str, str]) -> services.CustomerFields:
    # An empty cell leaves that attribute as it is (imports update, they do not blank out).
    values: dict[str, Any] = {name: value for name, value in row.items() if name not in {"source_id", ROW} and value}
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
    rows: list[dict[str, Any]] = job.params["rows"]
    errors: list[dict[str, Any]] = list(job.params.get("unreadable", []))
    succeeded = 0
    for index, row in enumerate(rows):
        number = row.get(ROW, index + 2)
        try:
            await services.upsert_by_source_id(source_id=row.get("source_id", ""), fields=_fields(row))
            succeeded += 1
        except InvalidInput as exc:
            errors.append({"row": number, "field": exc.field, "message": exc.message})
        if (index + 1) % PROGRESS_EVERY == 0:
            await jobs.progress(job, processed=index + 1, succeeded=succeeded, failed=len(errors), events=events)
    job.errors = []
    errors.sort(key=lambda error: error["row"])
    processed = len(rows) + len(job.params.get("unreadable", []))
    await jobs.progress(job, processed=processed, succeeded=succeeded, failed=len(errors), errors=errors, events=events)
    await jobs.finish(job, status=JobStatus.SUCCEEDED, result={"imported": succeeded}, events=events)
    return succeeded
