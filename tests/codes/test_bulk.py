"""Bulk publication and customer import jobs, run the way the worker runs them."""

from __future__ import annotations

import uuid

import pytest

from app.campaigns.models import Campaign, CodeMode
from app.codes import bulk
from app.codes.models import AlertKind, Code, InventoryAlert, Publication
from app.codes.tasks import publish_codes_bulk
from app.customers.importing import request_import
from app.customers.models import Customer
from app.customers.tasks import import_customers
from app.jobs.models import Job, JobStatus
from tests.codes.test_publication import live_campaign, series_with

pytestmark = pytest.mark.usefixtures("db")


async def bulk_job(campaign: Campaign, source_ids: list[str]) -> bulk.BulkRequest:
    return await bulk.request_bulk(
        campaign_id=campaign.id,
        source_ids=source_ids,
        channel="BULK",
        created_by_id=None,
        redis=None,
        queue_name="unused",
        max_customers=100_000,
    )


async def test_bulk_publishes_once_per_customer_and_stops_cleanly_when_codes_run_out() -> None:
    series_id = await series_with(10, low_stock_threshold=2)
    campaign = await live_campaign("Bulk", code_mode=CodeMode.UNIQUE_CODES, code_series_id=series_id)
    customers = [f"c{i}" for i in range(14)]
    started = await bulk_job(campaign, [*customers[:3], "c0", *customers[3:]])  # c0 listed twice
    assert started.insufficient
    assert started.available == 10

    published = await publish_codes_bulk({}, str(started.job.id))
    job = await Job.get(id=started.job.id)
    assert published == 10
    assert job.status is JobStatus.SUCCEEDED
    assert "ran out" in job.message
    assert any("INVENTORY_EXHAUSTED" in error["message"] for error in job.errors)
    assert await Publication.filter(campaign_id=campaign.id).count() == 10
    assert len(set(await Publication.filter(campaign_id=campaign.id).values_list("customer_id", flat=True))) == 10
    assert await Code.filter(series_id=series_id, holder_id__isnull=False).count() == 10
    kinds = await InventoryAlert.filter(series_id=series_id).values_list("kind", flat=True)
    assert sorted(kinds) == [AlertKind.EXHAUSTED, AlertKind.LOW_STOCK]
    assert await publish_codes_bulk({}, str(started.job.id)) == 0  # a finished job does not run again


async def test_a_rerun_after_a_crash_publishes_nothing_twice() -> None:
    series_id = await series_with(3000)
    campaign = await live_campaign("Bulk", code_mode=CodeMode.UNIQUE_CODES, code_series_id=series_id, join_once=False)
    customers = [f"c{i}" for i in range(2500)]
    started = await bulk_job(campaign, customers)
    # The first chunk committed, then the worker died before recording progress.
    await bulk.publish_chunk(
        campaign=campaign, job_id=started.job.id, first_row=1, source_ids=customers[: bulk.CHUNK_SIZE], channel="BULK"
    )
    assert await publish_codes_bulk({}, str(started.job.id)) == 2500
    assert await Publication.filter(campaign_id=campaign.id).count() == 2500
    assert await Customer.all().count() == 2500


async def test_bulk_refuses_non_unique_campaigns_and_empty_lists() -> None:
    from app.codes.exceptions import NotPublishable
    from app.core.errors import InvalidInput

    single = await live_campaign("Single")
    with pytest.raises(NotPublishable):
        await bulk_job(single, ["a"])
    with pytest.raises(InvalidInput):
        await bulk_job(single, [])


async def test_customer_import_keeps_good_rows_and_reports_bad_ones() -> None:
    job = await request_import(
        data=b"source_id,name,email,latitude,longitude\n"
        b"c1,Ann,ann@example.com,48.8,2.3\n"
        b"c2,Bob,not-an-email,,\n"
        b"c3,Cy,,91,0\n"
        b",Nobody,,,\n"
        b"c1,Ann B,,,\n",
        created_by_id=None,
        redis=None,
        queue_name="unused",
    )
    assert await import_customers({}, str(job.id)) == 2
    finished = await Job.get(id=job.id)
    assert (finished.processed, finished.succeeded, finished.failed) == (5, 2, 3)
    assert [(error["row"], error["field"]) for error in finished.errors] == [
        (3, "email"),
        (4, "latitude"),
        (5, "sourceId"),
    ]
    ann = await Customer.get(source_id="c1")
    assert (ann.name, ann.email) == ("Ann B", "ann@example.com")
    assert await Customer.all().count() == 1


async def test_unknown_job_ids_do_nothing() -> None:
    assert await publish_codes_bulk({}, str(uuid.uuid4())) == 0
