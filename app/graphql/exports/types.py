"""Export and campaign report types."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

import strawberry

from app.core.ids import encode_id
from app.exports import models
from app.exports.download import download_url
from app.exports.models import ExportObject as ExportObject
from app.exports.reports import CampaignFigures
from app.exports.services import is_expired
from app.graphql.context import Info
from app.graphql.enums import describe_enum
from app.graphql.jobs.types import Job
from app.graphql.loaders import by_id
from app.graphql.scalars import Amount
from app.jobs.models import Job as JobModel
from app.jobs.models import JobStatus

describe_enum(
    ExportObject,
    "What an export lists, one CSV row per object.",
    {
        "CODES": "Codes (of series and shared codes) with their campaign, holder and use count.",
        "PUBLICATIONS": "Codes given to customers.",
        "REDEMPTIONS": "Redemptions with their amounts (major units) and currency.",
        "CUSTOMERS": "Customers and their attributes (needs CUSTOMERS_READ).",
        "CAMPAIGNS": "Campaigns not in the bin.",
        "WALLET_TRANSACTIONS": "Points ledger rows of wallet programs.",
        "DELIVERIES": "Rewards handed out by distribution runs.",
        "EVENTS": "Tracked customer events (needs CUSTOMERS_READ).",
    },
)


class ExportStatus(StrEnum):
    """Where an export is."""

    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    DONE = "DONE"
    FAILED = "FAILED"
    EXPIRED = "EXPIRED"


describe_enum(
    ExportStatus,
    "Where an export is.",
    {
        "QUEUED": "Waiting for a worker.",
        "RUNNING": "A worker is writing the file.",
        "DONE": "The file can be downloaded from `url` until `expiresAt`.",
        "FAILED": "Stopped; see the job's message.",
        "EXPIRED": "The file was (or is about to be) deleted; export again.",
    },
)


def _status(export: models.Export, job: JobModel | None) -> ExportStatus:
    if job is None or job.status is JobStatus.QUEUED:
        return ExportStatus.QUEUED
    if job.status is JobStatus.RUNNING:
        return ExportStatus.RUNNING
    if job.status is JobStatus.FAILED:
        return ExportStatus.FAILED
    return ExportStatus.EXPIRED if is_expired(export) else ExportStatus.DONE


@strawberry.type(description="A CSV export and its file.")
class Export:
    id: strawberry.ID = strawberry.field(description="Opaque id.")
    object: ExportObject = strawberry.field(description="What it lists.")
    fields: list[str] = strawberry.field(description="Its columns, in file order.")
    row_count: int | None = strawberry.field(description="Rows in the file (header excluded), once written.")
    expires_at: datetime | None = strawberry.field(description="When the file is deleted.")
    created_at: datetime = strawberry.field(description="When it was requested.")
    model: strawberry.Private[models.Export]

    @classmethod
    def from_model(cls, export: models.Export) -> Export:
        return cls(
            id=strawberry.ID(encode_id("Export", export.id)),
            object=export.object,
            fields=list(export.columns),
            row_count=export.row_count,
            expires_at=export.expires_at,
            created_at=export.created_at,
            model=export,
        )

    async def _job(self, info: Info) -> JobModel | None:
        if self.model.job_id is None:
            return None
        return await by_id(info.context, JobModel).load(self.model.job_id)

    @strawberry.field(description="Where it is.")
    async def status(self, info: Info) -> ExportStatus:
        return _status(self.model, await self._job(info))

    @strawberry.field(description="Share of the rows written, from 0 to 1.")
    async def progress(self, info: Info) -> float:
        job = await self._job(info)
        if job is None:
            return 0.0
        if job.status is JobStatus.SUCCEEDED:
            return 1.0
        return min(1.0, job.processed / job.total) if job.total else 0.0

    @strawberry.field(
        description="GET it with the same `Authorization: Bearer` key while status is DONE (null otherwise)."
    )
    async def url(self, info: Info) -> str | None:
        if _status(self.model, await self._job(info)) is not ExportStatus.DONE:
            return None
        return download_url(str(info.context.request.base_url), self.id)

    @strawberry.field(description="The job writing it: follow it with `jobProgress(jobId)`.")
    async def job(self, info: Info) -> Job | None:
        found = await self._job(info)
        return Job.from_model(found) if found else None


@strawberry.type(description="Redemptions of one UTC day.")
class CampaignDay:
    day: date = strawberry.field(description="The UTC day.")
    redeemed: int = strawberry.field(description="Redemptions of the campaign that day (not rolled back).")
    discount: Amount = strawberry.field(description="Their discount, in minor units of the campaign's currency.")


@strawberry.type(description="A campaign's report, computed by the database when asked.")
class CampaignStats:
    currency: str = strawberry.field(description="The currency of the money figures (minor units).")
    published: int = strawberry.field(description="Codes published to customers.")
    redeemed: int = strawberry.field(description="Redemptions that applied it and were not rolled back.")
    rolled_back: int = strawberry.field(description="Redemptions that applied it and were rolled back.")
    discount_total: Amount = strawberry.field(description="Discount given (not rolled back), minor units.")
    gift_credit_total: Amount = strawberry.field(description="Gift card credit spent (not rolled back), minor units.")
    points_issued: Amount = strawberry.field(
        description="Wallet programs: points credited (CREDIT, and positive ADJUST), cancelled ones excluded."
    )
    points_spent: Amount = strawberry.field(description="Wallet programs: points spent (DEBIT).")
    unique_customers: int = strawberry.field(description="Distinct customers with a redemption (not rolled back).")
    campaign_id: strawberry.Private[uuid.UUID]

    @classmethod
    def from_figures(cls, campaign_id: uuid.UUID, currency: str, figures: CampaignFigures) -> CampaignStats:
        return cls(
            currency=currency,
            published=figures.published,
            redeemed=figures.redeemed,
            rolled_back=figures.rolled_back,
            discount_total=Amount(figures.discount_total),
            gift_credit_total=Amount(figures.gift_credit_total),
            points_issued=Amount(figures.points_issued),
            points_spent=Amount(figures.points_spent),
            unique_customers=figures.unique_customers,
            campaign_id=campaign_id,
        )

    @strawberry.field(description="Redemptions per UTC day from `from` to `to` (both included, at most 366 days).")
    async def by_day(
        self,
        info: Info,
        from_: Annotated[date, strawberry.argument(name="from", description="The first day.")],
        to: Annotated[date, strawberry.argument(description="The last day.")],
    ) -> list[CampaignDay]:
        from app.graphql.exports.loaders import check_days, days_of

        check_days(from_, to)
        days = await days_of(info.context, from_, to).load(self.campaign_id)
        return [CampaignDay(day=day.day, redeemed=day.redeemed, discount=Amount(day.discount)) for day in days]
