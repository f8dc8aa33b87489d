"""Requesting, writing, listing, serving and expiring CSV exports.

An export is a row in `export` plus a job (progress, `jobProgress`). The worker streams
`COPY (SELECT …) TO STDOUT` (several at once over a large table, in one snapshot: `app.exports.copying`)
into `<id>.csv.part`, renamed to `<id>.csv` when complete: memory stays flat whatever the size, and a
worker killed mid-export leaves only partial files that the next attempt (the job sweeper hands the job
on) overwrites from the start.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

import structlog
from arq.connections import ArqRedis
from tortoise.transactions import in_transaction

from app.access.models import Permission
from app.access.scope import UNRESTRICTED, Scope
from app.access.services import Credentials, credentials_of
from app.campaigns import access as campaign_access
from app.core.errors import InvalidInput, PermissionDenied
from app.core.events import EventBus
from app.core.ids import encode_id
from app.core.pagination import Page, Position, newest_first_page
from app.core.time import utcnow
from app.exports.columns import OBJECTS
from app.exports.copying import Query, write_csv
from app.exports.exceptions import ExportNotFound, UnknownColumn
from app.exports.models import Export, ExportObject
from app.exports.rows import RowFilter, estimated_rows, rows, split_sql
from app.jobs import services as jobs
from app.jobs.models import Job, JobStatus
from app.webhooks import services as webhooks

EXPORT_JOB = "run_export"
MAX_COLUMNS = 50
log = structlog.get_logger(__name__)


def columns_of(kind: ExportObject) -> list[str]:
    """Every column an export of `kind` may have, in file order (the default)."""
    return list(OBJECTS[kind].columns)


def check_columns(kind: ExportObject, requested: list[str] | None) -> list[str]:
    """The columns to write: all by default, else the requested ones (known, each once), in the order given."""
    if requested is None:
        return columns_of(kind)
    if not requested:
        raise InvalidInput("Ask for at least one field, or leave `fields` out for all of them.", field="fields")
    allowed = OBJECTS[kind].columns
    seen: set[str] = set()
    for index, name in enumerate(requested):
        if name not in allowed:
            raise UnknownColumn(
                f"{kind.value} exports have no field {name!r}; they have: {', '.join(allowed)}.",
                field=f"fields.{index}",
            )
        if name in seen:
            raise InvalidInput(f"The field {name!r} is asked for twice.", field=f"fields.{index}")
        seen.add(name)
    return list(requested)


def check_permission(kind: ExportObject, scope: Scope) -> None:
    needed = OBJECTS[kind].permission
    if needed not in scope.permissions:
        restricted = " restricted" if scope.restricted else ""
        raise PermissionDenied(
            f"Exporting {kind.value} needs the {needed.value} permission, which this{restricted} key lacks.",
            field="object",
        )


async def check_request(*, kind: ExportObject, columns: list[str] | None, where: RowFilter, scope: Scope) -> list[str]:
    """Everything about a request that can be refused up front; the columns to write."""
    check_permission(kind, scope)
    chosen = check_columns(kind, columns)
    if where.campaign_id is not None:
        if kind is ExportObject.EVENTS:
            raise InvalidInput(
                "Events belong to customers, not campaigns: filter them by time.", field="filter.campaign"
            )
        await campaign_access.usable(scope, where.campaign_id, field="filter.campaign")
    if where.created_from and where.created_to and where.created_from >= where.created_to:
        raise InvalidInput("`createdFrom` must come before `createdTo`.", field="filter.createdTo")
    return chosen


async def request_export(
    *,
    kind: ExportObject,
    columns: list[str] | None,
    where: RowFilter,
    credentials: Credentials,
    redis: ArqRedis | None,
    queue_name: str,
) -> tuple[Export, Job]:
    """Record an export and start its job (the export row exists before the job can run)."""
    chosen = await check_request(kind=kind, columns=columns, where=where, scope=credentials.scope)
    export = await Export.create(
        object=kind, columns=chosen, criteria=where.to_json(), created_by_id=credentials.key.id
    )
    job = await jobs.create_job(
        kind=EXPORT_JOB,
        params={"export_id": str(export.id)},
        total=0,
        created_by_id=credentials.key.id,
        redis=redis,
        queue_name=queue_name,
    )
    export.job_id = job.id
    await export.save(update_fields=["job_id"])
    return export, job


async def count_rows(*, kind: ExportObject, where: RowFilter, scope: Scope = UNRESTRICTED) -> int:
    """How many rows an export would hold now."""
    selected = await rows(kind, scope=scope, where=where)
    count: int = await selected.query.count()
    return count


async def copy_sql(
    *, kind: ExportObject, columns: list[str], where: RowFilter, scope: Scope = UNRESTRICTED, parts: int = 1
) -> list[Query]:
    """The export's COPY statements: one, or up to `parts` over block ranges of a large table."""
    return await split_sql(kind, columns, await rows(kind, scope=scope, where=where), parts=parts)


def file_path(directory: Path, export: Export) -> Path:
    return directory / f"{export.id}.csv"


async def run_export(
    job_id: uuid.UUID, *, directory: Path, ttl: timedelta, events: EventBus | None, parts: int = 1
) -> int:
    """The job: write the file under the creator's current scope; idempotent (a rerun rewrites it).

    `parts` COPY statements share the work on a large table (`app.exports.copying`). A whole-table
    export's progress total is the planner's estimate (`count(*)` would read the table once more; progress
    stops at it if it is low), made exact when the file is written.
    """
    job = await jobs.start(job_id)
    if job is None:
        return 0
    export = await Export.get(id=uuid.UUID(job.params["export_id"]))
    scope = UNRESTRICTED
    if export.created_by_id is not None:
        credentials = await credentials_of(export.created_by_id)
        if credentials is None:
            await jobs.finish(
                job, status=JobStatus.FAILED, message="The key that asked for it was revoked.", events=events
            )
            return 0
        scope = credentials.scope
    where = RowFilter.from_json(export.criteria)
    selected = await rows(export.object, scope=scope, where=where)
    estimate = 0 if selected.narrowed else await estimated_rows(export.object)
    job.total = estimate or await selected.query.count()  # no estimate before the table's first ANALYZE
    await job.save(update_fields=["total"])

    async def report(done: int) -> None:
        done = min(done, job.total)
        await jobs.progress(job, processed=done, succeeded=done, failed=0, events=events)

    target = file_path(directory, export)
    try:
        queries = await split_sql(export.object, export.columns, selected, parts=parts)
        written = await write_csv(queries, target, on_rows=report)
    except Exception as exc:
        await jobs.finish(job, status=JobStatus.FAILED, message=str(exc), events=events)
        raise
    export.file_name = target.name
    export.row_count = written.rows
    export.size_bytes = written.size
    export.expires_at = utcnow() + ttl
    async with in_transaction() as connection:  # the file is ready and `export.done` is in the outbox, together
        await export.save(update_fields=["file_name", "row_count", "size_bytes", "expires_at"], using_db=connection)
        await webhooks.export_done(
            connection,
            {
                "export_id": encode_id("Export", export.id),
                "object": export.object.value,
                "rows": written.rows,
                "expires_at": export.expires_at.isoformat(),
            },
        )
    job.total = written.rows
    await jobs.progress(job, processed=written.rows, succeeded=written.rows, failed=0, events=events)
    await jobs.finish(
        job, status=JobStatus.SUCCEEDED, result={"rows": written.rows, "bytes": written.size}, events=events
    )
    return written.rows


def _may_see(export: Export, credentials: Credentials) -> bool:
    """Its creator; else keys that read project-wide data and may read what it holds."""
    if export.created_by_id == credentials.key.id:
        return True
    permissions = credentials.scope.permissions
    return Permission.PROJECT_READ in permissions and OBJECTS[export.object].permission in permissions


async def visible_export(*, export_id: uuid.UUID, credentials: Credentials, field: str = "id") -> Export:
    export = await Export.get_or_none(id=export_id)
    if export is None or not _may_see(export, credentials):
        raise ExportNotFound(f"No export has id {export_id}.", field=field)
    return export


async def list_exports(*, credentials: Credentials, first: int, after: Position | None) -> Page[Export]:
    """Exports the key may see, newest first."""
    query = Export.all()
    permissions = credentials.scope.permissions
    if Permission.PROJECT_READ not in permissions:
        query = query.filter(created_by_id=credentials.key.id)
    elif Permission.CUSTOMERS_READ not in permissions:
        hidden = [kind for kind, spec in OBJECTS.items() if spec.permission is Permission.CUSTOMERS_READ]
        query = query.exclude(object__in=hidden, created_by_id__not=credentials.key.id)
    return await newest_first_page(query, time_field="created_at", first=first, after=after)


def is_expired(export: Export) -> bool:
    return export.file_deleted_at is not None or (export.expires_at is not None and export.expires_at <= utcnow())


async def downloadable(*, export_id: uuid.UUID, credentials: Credentials, directory: Path) -> tuple[Export, Path]:
    """The file of a finished export the key may download; not found when missing, unfinished or expired."""
    export = await visible_export(export_id=export_id, credentials=credentials)
    if export.file_name is None:
        raise ExportNotFound("The export has no file yet: wait for its job to finish.", field="id")
    path = directory / export.file_name
    if is_expired(export) or not path.is_file():
        raise ExportNotFound("The export expired and its file was deleted.", field="id")
    return export, path


async def delete_expired(*, directory: Path) -> int:
    """Delete the files of expired exports; returns how many."""
    now = utcnow()
    expired = await Export.filter(expires_at__lte=now, file_deleted_at__isnull=True, file_name__isnull=False)
    for export in expired:
        assert export.file_name is not None
        (directory / export.file_name).unlink(missing_ok=True)
        await Export.filter(id=export.id).update(file_deleted_at=now)
    if expired:
        log.info("exports_deleted", count=len(expired))
    return len(expired)
