"""Bulk mutations fed by lists or CSV uploads: codesImport, codesPublishBulk, customersImport."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.file_uploads import Upload

from app.access.models import Permission
from app.campaigns import access as campaign_access
from app.codes import bulk, importing
from app.core.csvfile import read_csv
from app.core.errors import InvalidInput
from app.core.ids import decode_id
from app.customers import importing as customer_importing
from app.graphql.codes.types import CodeSeries
from app.graphql.constraints import Line
from app.graphql.context import Info
from app.graphql.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
    errors_as_results,
)
from app.graphql.jobs.types import Job


@strawberry.type(description="A row of an import that was refused.")
class ImportRowError:
    row: int = strawberry.field(description="Row number in the file (the header is row 1).")
    code: str = strawberry.field(description="The code on that row.")
    message: str = strawberry.field(description="Why it was refused.")


@strawberry.type(description="The file's valid codes were added; refused rows are listed.")
class CodesImportSuccess:
    series: CodeSeries = strawberry.field(description="The series after the import.")
    imported: int = strawberry.field(description="Codes added.")
    rejected: list[ImportRowError] = strawberry.field(description="Rows refused, with the reason.")


@strawberry.type(description="The bulk publication job started.")
class CodesPublishBulkSuccess:
    job: Job = strawberry.field(description="Follow it with `job` or `jobProgress`.")
    requested: int = strawberry.field(description="Customers in the request.")
    available: int | None = strawberry.field(description="Codes available when it started.")
    insufficient_codes: bool = strawberry.field(
        description="More customers than codes: the job publishes what it can, then stops cleanly."
    )


@strawberry.type(description="The customer import job started; row errors appear on the job.")
class CustomersImportSuccess:
    job: Job = strawberry.field(description="Follow it with `job` or `jobProgress`.")


CodesImportResult = Annotated[
    CodesImportSuccess | ValidationError | NotFoundError | ConflictError | PermissionDeniedError,
    strawberry.union("CodesImportResult", description="Outcome of codesImport."),
]
CodesPublishBulkResult = Annotated[
    CodesPublishBulkSuccess | ValidationError | NotFoundError | ConflictError | PermissionDeniedError,
    strawberry.union("CodesPublishBulkResult", description="Outcome of codesPublishBulk."),
]
CustomersImportResult = Annotated[
    CustomersImportSuccess | ValidationError | PermissionDeniedError,
    strawberry.union("CustomersImportResult", description="Outcome of customersImport."),
]


async def read_upload(file: Upload) -> bytes:
    """The bytes of an uploaded file (always closed)."""
    try:
        data = await file.read()  # type: ignore[attr-defined]
    finally:
        await file.close()  # type: ignore[attr-defined]
    if not isinstance(data, bytes):
        raise InvalidInput("Upload the file as multipart form data.", field="file")
    return data


@strawberry.type
class ImportMutation:
    @strawberry.mutation(
        description="Add codes to a series from a CSV file (column `code`, optional "
        "`expires_at`, `value`), sent as a GraphQL multipart upload."
    )
    @errors_as_results
    async def codes_import(
        self,
        info: Info,
        series_id: Annotated[strawberry.ID, strawberry.argument(description="The series.")],
        file: Annotated[Upload, strawberry.argument(description="The CSV file (UTF-8).")],
    ) -> CodesImportResult:
        info.context.require(Permission.PROJECT_WRITE)
        report = await importing.import_codes(
            series_id=decode_id("CodeSeries", series_id, field="seriesId"), data=await read_upload(file)
        )
        return CodesImportSuccess(
            series=CodeSeries.from_model(report.series),
            imported=report.imported,
            rejected=[ImportRowError(row=p.row, code=p.code, message=p.message) for p in report.rejected],
        )

    @strawberry.mutation(
        description="Publish a code to each of many customers (source ids, as a list or a "
        "CSV with a `source_id` column) in a job."
    )
    @errors_as_results
    async def codes_publish_bulk(
        self,
        info: Info,
        campaign_id: Annotated[strawberry.ID, strawberry.argument(description="The campaign.")],
        customers: Annotated[
            list[str] | None,
            strawberry.argument(
                description="Customer source ids (created if new).", directives=[Line(200, max_items=200_000)]
            ),
        ] = None,
        file: Annotated[Upload | None, strawberry.argument(description="Or a CSV with `source_id`.")] = None,
        channel: Annotated[
            str, strawberry.argument(description="Where they are published.", directives=[Line(50)])
        ] = "BULK",
    ) -> CodesPublishBulkResult:
        caller = info.context.require(Permission.CODES_PUBLISH)
        target = decode_id("Campaign", campaign_id, field="campaignId")
        await campaign_access.usable(info.context.scope, target, field="campaignId")
        if (customers is None) == (file is None):
            raise InvalidInput("Give either customers or a file.", field="customers")
        settings = info.context.settings
        if file is not None:
            table = read_csv(
                await read_upload(file),
                field="file",
                required={"source_id"},
                allowed={"source_id"},
                max_rows=settings.max_bulk_customers,
            )
            if table.problems:
                problem = table.problems[0]
                raise InvalidInput(f"Row {problem.number}: {problem.message}", field="file")
            customers = [row.values["source_id"] for row in table.rows]
        assert customers is not None
        started = await bulk.request_bulk(
            campaign_id=target,
            source_ids=customers,
            channel=channel,
            created_by_id=caller.id,
            redis=info.context.redis,
            queue_name=settings.arq_queue_name,
            max_customers=settings.max_bulk_customers,
        )
        return CodesPublishBulkSuccess(
            job=Job.from_model(started.job),
            requested=started.requested,
            available=started.available,
            insufficient_codes=started.insufficient,
        )

    @strawberry.mutation(
        description="Import customers from a CSV file (`source_id` plus any of name, email, "
        "phone, latitude, longitude) in a job; bad rows are reported, good rows kept."
    )
    @errors_as_results
    async def customers_import(
        self, info: Info, file: Annotated[Upload, strawberry.argument(description="The CSV file (UTF-8).")]
    ) -> CustomersImportResult:
        caller = info.context.require(Permission.CUSTOMERS_WRITE)
        job = await customer_importing.request_import(
            data=await read_upload(file),
            created_by_id=caller.id,
            redis=info.context.redis,
            queue_name=info.context.settings.arq_queue_name,
        )
        return CustomersImportSuccess(job=Job.from_model(job))
