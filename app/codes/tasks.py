"""arq jobs of the codes domain."""

from __future__ import annotations

import uuid
from typing import Any

from app.codes import services
from app.jobs import services as jobs
from app.jobs.models import JobStatus


async def generate_codes(ctx: dict[str, Any], job_id: str) -> int:
    """Generate a series' codes up to the job's target; resumes where a killed run stopped."""
    job = await jobs.start(uuid.UUID(job_id))
    if job is None:
        return 0
    events = ctx.get("events")
    params = job.params
    target, count = int(params["target_total"]), int(params["count"])
    first_total = target - count

    async def report(total: int) -> None:
        done = max(0, min(count, total - first_total))
        await jobs.progress(job, processed=done, succeeded=done, failed=0, events=events)

    try:
        total = await services.generate_until(
            series_id=uuid.UUID(params["series_id"]), target_total=target, on_progress=report
        )
    except Exception as exc:
        await jobs.finish(job, status=JobStatus.FAILED, message=str(exc), events=events)
        raise
    await report(total)
    await jobs.finish(job, status=JobStatus.SUCCEEDED, result={"series_total": total}, events=events)
    return count
