"""Code mutations."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.access.models import Permission
from app.campaigns import access as campaign_access
from app.codes import publication, services
from app.core.errors import InvalidInput
from app.core.ids import decode_id
from app.customers.services import clean_source_id
from app.graphql.codes.inputs import CodePublishInput, CodeSeriesCreateInput, CodesGenerateInput
from app.graphql.codes.types import Code, CodeSeries, Publication
from app.graphql.context import Info
from app.graphql.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
    errors_as_results,
)
from app.graphql.jobs.types import Job

INPUT = strawberry.argument(description="The mutation's input.")


@strawberry.type(description="The series was created (empty; generate or import codes next).")
class CodeSeriesCreateSuccess:
    series: CodeSeries = strawberry.field(description="The new series.")


@strawberry.type(description="Codes were added, or a job adding them was started.")
class CodesGenerateSuccess:
    series: CodeSeries = strawberry.field(description="The series (counts as of now).")
    generated: int = strawberry.field(description="Codes added already (0 when a job does it).")
    job: Job | None = strawberry.field(description="The job adding them, for large counts.")


@strawberry.type(description="The customer has a code of the campaign.")
class CodePublishSuccess:
    publication: Publication = strawberry.field(description="The publication.")
    # Not `code`: that name is the error code on every Error member of the same result union.
    assigned_code: Code = strawberry.field(description="The code the customer holds.")
    created: bool = strawberry.field(description="False when an earlier result was returned.")


CodeSeriesCreateResult = Annotated[
    CodeSeriesCreateSuccess | ValidationError | ConflictError | PermissionDeniedError,
    strawberry.union("CodeSeriesCreateResult", description="Outcome of codeSeriesCreate."),
]
CodesGenerateResult = Annotated[
    CodesGenerateSuccess | ValidationError | NotFoundError | PermissionDeniedError,
    strawberry.union("CodesGenerateResult", description="Outcome of codesGenerate."),
]
CodePublishResult = Annotated[
    CodePublishSuccess | ValidationError | NotFoundError | ConflictError | PermissionDeniedError,
    strawberry.union(
        "CodePublishResult",
        description="Outcome of codePublish (ConflictError code INVENTORY_EXHAUSTED when none is left).",
    ),
]


@strawberry.type
class CodeMutation:
    @strawberry.mutation(description="Create a code series.")
    @errors_as_results
    async def code_series_create(
        self, info: Info, input: Annotated[CodeSeriesCreateInput, INPUT]
    ) -> CodeSeriesCreateResult:
        info.context.require(Permission.PROJECT_WRITE)
        series = await services.create_series(
            spec=services.SeriesSpec(
                name=input.name,
                kind=input.kind,
                partner_name=input.partner_name,
                charset=input.charset,
                custom_charset=input.custom_charset,
                length=input.length,
                prefix=input.prefix,
                postfix=input.postfix,
                pattern=input.pattern,
                low_stock_threshold=input.low_stock_threshold,
            )
        )
        return CodeSeriesCreateSuccess(series=CodeSeries.from_model(series))

    @strawberry.mutation(
        description="Add random codes to a series: small counts at once, large ones in a resumable job."
    )
    @errors_as_results
    async def codes_generate(self, info: Info, input: Annotated[CodesGenerateInput, INPUT]) -> CodesGenerateResult:
        caller = info.context.require(Permission.PROJECT_WRITE)
        settings = info.context.settings
        generation = await services.request_generation(
            series_id=decode_id("CodeSeries", input.series_id, field="seriesId"),
            count=input.count,
            maximum=settings.max_generate_count,
            sync_limit=settings.sync_generate_limit,
            created_by_id=caller.id,
            redis=info.context.redis,
            queue_name=settings.arq_queue_name,
        )
        return CodesGenerateSuccess(
            series=CodeSeries.from_model(generation.series),
            generated=generation.generated,
            job=Job.from_model(generation.job) if generation.job else None,
        )

    @strawberry.mutation(
        description="Give a customer a code of the campaign: a code nobody holds (UNIQUE_CODES) or the "
        "shared one; retries with the same idempotencyKey or sourceId return the first result."
    )
    @errors_as_results
    async def code_publish(self, info: Info, input: Annotated[CodePublishInput, INPUT]) -> CodePublishResult:
        campaign_id = decode_id("Campaign", input.campaign_id, field="campaignId")
        await campaign_access.publishable(info.context.scope, campaign_id, field="campaignId")
        customer = input.customer
        ref = publication.CustomerRef(
            id=decode_id("Customer", customer.id, field="customer.id") if customer.id else None,
            source_id=clean_source_id(customer.source_id, "customer.sourceId") if customer.source_id else None,
            fields=customer.attributes(),
            may_update=Permission.CUSTOMERS_WRITE in info.context.scope.permissions,
        )
        if input.metadata is not None and not isinstance(input.metadata, dict):
            raise InvalidInput("Metadata must be a JSON object.", field="metadata")
        result = await publication.publish(
            request=publication.PublishRequest(
                campaign_id=campaign_id,
                customer=ref,
                source_id=input.source_id,
                idempotency_key=input.idempotency_key,
                join_once=input.join_once,
                channel=input.channel,
                metadata=input.metadata or {},
            ),
            events=info.context.events,
        )
        return CodePublishSuccess(
            publication=Publication.from_model(result.publication),
            assigned_code=Code.from_model(result.code),
            created=result.created,
        )
