"""arq jobs of the codes domain."""

from __future__ import annotations

import uuid
from typing import Any

from app.campaigns.models import Campaign
from app.codes import bulk, inventory, services
from app.codes.models import Publication
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


async def publish_codes_bulk(ctx: dict[str, Any], job_id: str) -> int:
    """Publish a campaign's codes to a list of customers, chunk by chunk; resumable."""
    job = await jobs.start(uuid.UUID(job_id))
    if job is None:
        return 0
    events = ctx.get("events")
    params = job.params
    source_ids: list[str] = params["source_ids"]
    campaign = await Campaign.get(id=uuid.UUID(params["campaign_id"]))
    prefix = bulk.bulk_source_id(job.id, 0)[:-1]
    errors: list[dict[str, Any]] = []
    exhausted_at = None
    processed = job.processed - job.processed % bulk.CHUNK_SIZE  # resume at a chunk boundary
    # Counted once (cheap at the start, exact after a crash), then kept as a running total.
    done = await Publication.filter(campaign_id=campaign.id, source_id__startswith=prefix).count()
    while processed < len(source_ids):
        chunk = source_ids[processed : processed + bulk.CHUNK_SIZE]
        result = await bulk.publish_chunk(
            campaign=campaign, job_id=job.id, first_row=processed + 1, source_ids=chunk, channel=params["channel"]
        )
        if result.alerts:
            await _announce_alerts(events, campaign, result.alerts)
        processed += len(chunk)
        done += result.published
        if result.exhausted:
            exhausted_at = processed - result.exhausted + 1
            break
        await jobs.progress(job, processed=processed, succeeded=done, failed=0, events=events)
    if exhausted_at is not None:
        errors.append(
            {"row": exhausted_at, "field": None, "message": "INVENTORY_EXHAUSTED: no code left from here on."}
        )
        await jobs.progress(
            job, processed=len(source_ids), succeeded=done, failed=len(source_ids) - done, errors=errors, events=events
        )
        await jobs.finish(
            job,
            status=JobStatus.SUCCEEDED,
            message="Stopped: the codes ran out.",
            result={"published": done},
            events=events,
        )
        return done
    await jobs.progress(job, processed=len(source_ids), succeeded=done, failed=0, events=events)
    await jobs.finish(job, status=JobStatus.SUCCEEDED, result={"published": done}, events=events)
    return done


async def _announce_alerts(events: Any, campaign: Any, alerts: list[dict[str, Any]]) -> None:
    sharing = await Campaign.filter(code_series_id=campaign.code_series_id).values_list("id", flat=True)
    await inventory.announce(events, alerts, [str(value) for value in sharing])
