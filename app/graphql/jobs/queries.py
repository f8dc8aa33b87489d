"""Job queries and subscriptions."""

from __future__ import annotations

import uuid
from collections.abc import AsyncGenerator
from typing import Annotated

import strawberry

from app.core.ids import decode_id, encode_id
from app.graphql import live
from app.graphql.context import Info
from app.graphql.jobs.types import Job, JobProgress, JobStatus
from app.jobs import services
from app.jobs.models import Job as JobModel


async def visible_job(info: Info, job_id: uuid.UUID, field: str) -> JobModel:
    return await services.visible_job(
        job_id=job_id, scope=info.context.scope, caller_id=info.context.caller().id, field=field
    )


@strawberry.type
class JobQuery:
    @strawberry.field(
        description="A background job and its progress (keys without PROJECT_READ: the jobs they started, "
        "so an INGEST key follows its own eventsImport)."
    )
    async def job(self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="The job.")]) -> Job:
        return Job.from_model(await visible_job(info, decode_id("Job", id), "id"))


@strawberry.type
class JobSubscription:
    @strawberry.subscription(description="Progress of one job as it runs (the same jobs as `job`).")
    async def job_progress(
        self, info: Info, job_id: Annotated[strawberry.ID, strawberry.argument(description="The job.")]
    ) -> AsyncGenerator[JobProgress, None]:
        wanted = (await visible_job(info, decode_id("Job", job_id, field="jobId"), "jobId")).id
        async for payload in live.events(info.context, services.PROGRESS_CHANNEL):
            if uuid.UUID(payload["job_id"]) != wanted:
                continue
            yield JobProgress(
                job_id=strawberry.ID(encode_id("Job", wanted)),
                status=JobStatus(payload["status"]),
                total=payload["total"],
                processed=payload["processed"],
                succeeded=payload["succeeded"],
                failed=payload["failed"],
            )
            if payload["status"] in {JobStatus.SUCCEEDED.value, JobStatus.FAILED.value}:
                return
