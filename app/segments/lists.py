"""Members of list and uploaded segments: added and removed in sets, imported from CSV files in a job.

Every write is set-based and idempotent (`ON CONFLICT DO NOTHING`), so a retried call or a job resumed
after its worker died ends with exactly the membership the file describes.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from arq.connections import ArqRedis
from tortoise import connections
from tortoise.transactions import in_transaction

from app.access.models import ApiKey
from app.core.csvfile import read_csv
from app.core.errors import InvalidInput
from app.core.events import EventBus
from app.jobs import services as jobs
from app.jobs.models import Job, JobStatus
from app.segments.exceptions import WrongSegmentKind
from app.segments.models import Segment, SegmentHistory, SegmentHistoryKind, SegmentKind

MAX_PER_CALL = 10_000
MAX_IMPORT_ROWS = 1_000_000
IMPORT_JOB = "import_segment_members"
CHUNK = 1_000


@dataclass
class MembersChange:
    """What a call did: how many were added (or removed), and which given customers are unknown."""

    changed: int
    unchanged: int
    unknown: list[str] = field(default_factory=list)


def _require_list(segment: Segment) -> None:
    if segment.kind is SegmentKind.FILTER:
        raise WrongSegmentKind(
            "A FILTER segment's members follow from its definition; add members to a LIST or UPLOADED segment.",
            field="segmentId",
        )


async def _customer_ids(
    customer_ids: list[uuid.UUID], source_ids: list[str], *, create_unknown: bool
) -> tuple[list[uuid.UUID], list[str]]:
    """The customers named by id or source id (new source ids created when asked); and the unknown ones."""
    connection = connections.get("default")
    found: list[uuid.UUID] = []
    unknown: list[str] = []
    if customer_ids:
        rows = await connection.execute_query_dict("SELECT id FROM customer WHERE id = ANY($1::uuid[])", [customer_ids])
        known = {row["id"] for row in rows}
        found += [customer_id for customer_id in customer_ids if customer_id in known]
        unknown += [str(customer_id) for customer_id in customer_ids if customer_id not in known]
    if source_ids:
        if create_unknown:
            await connection.execute_query(
                "INSERT INTO customer (id, source_id, name, metadata, created_at, updated_at) "
                "SELECT gen_random_uuid(), s, '', '{}'::jsonb, now(), now() FROM unnest($1::text[]) AS s "
                "ON CONFLICT (source_id) DO NOTHING",
                [source_ids],
            )
        rows = await connection.execute_query_dict(
            "SELECT id, source_id FROM customer WHERE source_id = ANY($1::text[])", [source_ids]
        )
        by_source = {row["source_id"]: row["id"] for row in rows}
        found += [by_source[source_id] for source_id in source_ids if source_id in by_source]
        unknown += [source_id for source_id in source_ids if source_id not in by_source]
    return list(dict.fromkeys(found)), unknown


def _check_size(count: int) -> None:
    if count > MAX_PER_CALL:
        raise InvalidInput(f"At most {MAX_PER_CALL:,} customers per call; import a file for more.", field="customers")


async def add_members(
    *,
    segment: Segment,
    customer_ids: list[uuid.UUID],
    source_ids: list[str],
    create_unknown: bool,
    actor: ApiKey | None,
) -> MembersChange:
    """Add customers (by id or source id) to a list segment; unknown source ids are created if asked."""
    _require_list(segment)
    _check_size(len(customer_ids) + len(source_ids))
    found, unknown = await _customer_ids(customer_ids, source_ids, create_unknown=create_unknown)
    async with in_transaction() as connection:
        rows = await connection.execute_query_dict(
            "INSERT INTO segment_member (segment_id, customer_id, added_at) "
            "SELECT $1::uuid, c, now() FROM unnest($2::uuid[]) AS c ON CONFLICT DO NOTHING RETURNING customer_id",
            [segment.id, found],
        )
        if rows:
            await SegmentHistory.create(
                segment=segment,
                kind=SegmentHistoryKind.MEMBERS_ADDED,
                actor=actor,
                count=len(rows),
                using_db=connection,
            )
    return MembersChange(changed=len(rows), unchanged=len(found) - len(rows), unknown=unknown)


async def remove_members(
    *, segment: Segment, customer_ids: list[uuid.UUID], source_ids: list[str], actor: ApiKey | None
) -> MembersChange:
    """Remove customers (by id or source id) from a list segment."""
    _require_list(segment)
    _check_size(len(customer_ids) + len(source_ids))
    found, unknown = await _customer_ids(customer_ids, source_ids, create_unknown=False)
    async with in_transaction() as connection:
        rows = await connection.execute_query_dict(
            "DELETE FROM segment_member WHERE segment_id = $1::uuid AND customer_id = ANY($2::uuid[]) "
            "RETURNING customer_id",
            [segment.id, found],
        )
        if rows:
            await SegmentHistory.create(
                segment=segment,
                kind=SegmentHistoryKind.MEMBERS_REMOVED,
                actor=actor,
                count=len(rows),
                using_db=connection,
            )
    return MembersChange(changed=len(rows), unchanged=len(found) - len(rows), unknown=unknown)


async def request_import(
    *,
    segment: Segment,
    data: bytes,
    create_unknown: bool,
    created_by_id: uuid.UUID | None,
    redis: ArqRedis | None,
    queue_name: str,
) -> Job:
    """Check the file (a `source_id` or an `email` column) now; add its customers to the segment in a job."""
    _require_list(segment)
    table = read_csv(data, field="file", required=set(), allowed={"source_id", "email"}, max_rows=MAX_IMPORT_ROWS)
    if len(table.columns) != 1:
        raise InvalidInput("The file has one column: source_id or email.", field="file")
    if not table.rows and not table.problems:
        raise InvalidInput("The file has no customers.", field="file")
    column = table.columns[0]
    return await jobs.create_job(
        kind=IMPORT_JOB,
        params={
            "segment_id": str(segment.id),
            "column": column,
            "create_unknown": create_unknown and column == "source_id",
            "rows": [[row.number, row.values[column]] for row in table.rows],
            "unreadable": [{"row": p.number, "field": p.column, "message": p.message} for p in table.problems],
        },
        total=len(table.rows) + len(table.problems),
        created_by_id=created_by_id,
        redis=redis,
        queue_name=queue_name,
    )


async def _import_chunk(segment_id: uuid.UUID, params: dict[str, Any], chunk: list[list[Any]]) -> list[dict[str, Any]]:
    """Add one chunk of rows; the rows whose customer is unknown (or ambiguous, by email) as errors."""
    connection = connections.get("default")
    values = [value for _, value in chunk]
    if params["column"] == "source_id":
        found, unknown = await _customer_ids([], values, create_unknown=params["create_unknown"])
        missing = set(unknown)
        message = "No customer has this source id (import with createUnknown to create them)."
    else:
        rows = await connection.execute_query_dict(
            "SELECT lower(email) AS email, array_agg(id) AS ids FROM customer "
            "WHERE lower(email) = ANY($1::text[]) GROUP BY lower(email)",
            [[value.lower() for value in values]],
        )
        matches = {row["email"]: row["ids"] for row in rows}
        found = [matches[value.lower()][0] for value in values if len(matches.get(value.lower(), [])) == 1]
        missing = {value for value in values if len(matches.get(value.lower(), [])) != 1}
        message = "No single customer has this email."
    await connection.execute_query(
        "INSERT INTO segment_member (segment_id, customer_id, added_at) "
        "SELECT $1::uuid, c, now() FROM unnest($2::uuid[]) AS c ON CONFLICT DO NOTHING",
        [segment_id, found],
    )
    return [
        {"row": number, "field": params["column"], "message": message} for number, value in chunk if value in missing
    ]


async def run_import(job_id: uuid.UUID, events: EventBus | None) -> int:
    """Add the file's customers chunk by chunk, resuming after the last chunk a previous run recorded.

    Progress (with the chunk's row errors) is recorded only after a whole chunk: a run that dies inside a
    chunk leaves it unrecorded, and the next run repeats it (its inserts are idempotent) and reports it once.
    """
    job = await jobs.start(job_id)
    if job is None:
        return 0
    params = job.params
    segment_id = uuid.UUID(params["segment_id"])
    rows: list[list[Any]] = params["rows"]
    unreadable: list[dict[str, Any]] = params["unreadable"]
    if job.processed < len(unreadable) or (job.processed == 0 and not unreadable):
        await jobs.progress(
            job, processed=len(unreadable), succeeded=0, failed=len(unreadable), errors=unreadable, events=events
        )
    for start in range(job.processed - len(unreadable), len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        errors = await _import_chunk(segment_id, params, chunk)
        failed = job.failed + len(errors)
        processed = job.processed + len(chunk)
        await jobs.progress(
            job, processed=processed, succeeded=processed - failed, failed=failed, errors=errors, events=events
        )
    added = job.total - job.failed
    segment = await Segment.get_or_none(id=segment_id)
    if segment is not None:
        await SegmentHistory.create(segment=segment, kind=SegmentHistoryKind.MEMBERS_IMPORTED, count=added)
    await jobs.finish(job, status=JobStatus.SUCCEEDED, result={"added": added}, events=events)
    return added
