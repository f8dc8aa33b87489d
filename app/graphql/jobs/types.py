"""Job types."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from app.core.ids import encode_id
from app.graphql.enums import describe_enum
from app.jobs import models
from app.jobs.models import JobStatus as JobStatus

describe_enum(
    JobStatus,
    "Where a background job is.",
    {
        "QUEUED": "Waiting for a worker.",
        "RUNNING": "A worker is on it (a killed worker's job is requeued).",
        "SUCCEEDED": "Finished; see its result.",
        "FAILED": "Stopped; see its message.",
    },
)


@strawberry.type(description="A row-level problem a job met (it carried on with the other rows).")
class JobError:
    row: int | None = strawberry.field(description="1-based row or item number, when there is one.")
    field: str | None = strawberry.field(description="The field at fault.")
    message: str = strawberry.field(description="What is wrong.")


@strawberry.type(description="Background work and its progress.")
class Job:
    id: strawberry.ID = strawberry.field(description="Opaque id.")
    kind: str = strawberry.field(description="What the job does.")
    status: JobStatus = strawberry.field(description="Where it is.")
    total: int = strawberry.field(description="Items to process.")
    processed: int = strawberry.field(description="Items processed so far.")
    succeeded: int = strawberry.field(description="Items done.")
    failed: int = strawberry.field(description="Items refused (see errors).")
    errors: list[JobError] = strawberry.field(description="Row-level problems (the first 1000).")
    result: JSON = strawberry.field(description="What the job produced.")
    message: str = strawberry.field(description="Why it failed, if it did.")
    created_at: datetime = strawberry.field(description="When it was requested.")
    finished_at: datetime | None = strawberry.field(description="When it ended.")

    @classmethod
    def from_model(cls, job: models.Job) -> Job:
        return cls(
            id=strawberry.ID(encode_id("Job", job.id)),
            kind=job.kind,
            status=job.status,
            total=job.total,
            processed=job.processed,
            succeeded=job.succeeded,
            failed=job.failed,
            errors=[JobError(row=e.get("row"), field=e.get("field"), message=e["message"]) for e in job.errors],
            result=JSON(job.result),
            message=job.message,
            created_at=job.created_at,
            finished_at=job.finished_at,
        )


@strawberry.type(description="A progress report of a job.")
class JobProgress:
    job_id: strawberry.ID = strawberry.field(description="The job.")
    status: JobStatus = strawberry.field(description="Where it is.")
    total: int = strawberry.field(description="Items to process.")
    processed: int = strawberry.field(description="Items processed so far.")
    succeeded: int = strawberry.field(description="Items done.")
    failed: int = strawberry.field(description="Items refused.")
