"""Export mutations."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.core.ids import decode_id
from app.exports import services
from app.exports.rows import RowFilter
from app.graphql.context import Info
from app.graphql.errors import NotFoundError, PermissionDeniedError, ValidationError, errors_as_results
from app.graphql.exports.inputs import ExportCreateInput
from app.graphql.exports.types import Export
from app.graphql.jobs.types import Job
from app.graphql.loaders import viewer_of


@strawberry.type(description="The export job started; download the file from `export.url` once DONE.")
class ExportCreateSuccess:
    export: Export = strawberry.field(description="The export.")
    job: Job = strawberry.field(description="Follow it with `job` or `jobProgress`.")


ExportCreateResult = Annotated[
    ExportCreateSuccess | ValidationError | NotFoundError | PermissionDeniedError,
    strawberry.union("ExportCreateResult", description="Outcome of exportCreate."),
]


@strawberry.type
class ExportMutation:
    @strawberry.mutation(
        description="Export rows to a CSV file in a job: UTF-8, header row, UTC ISO 8601 times, money in major "
        "units beside its currency, formula-like cells prefixed with `'`. Restricted keys export only rows "
        "in their scope."
    )
    @errors_as_results
    async def export_create(
        self, info: Info, input: Annotated[ExportCreateInput, strawberry.argument(description="What to export.")]
    ) -> ExportCreateResult:
        given = input.filter
        where = RowFilter(
            campaign_id=decode_id("Campaign", given.campaign, field="filter.campaign")
            if given is not None and given.campaign
            else None,
            created_from=given.created_from if given else None,
            created_to=given.created_to if given else None,
        )
        export, job = await services.request_export(
            kind=input.object,
            columns=input.fields,
            where=where,
            credentials=viewer_of(info.context),
            redis=info.context.redis,
            queue_name=info.context.settings.arq_queue_name,
        )
        return ExportCreateSuccess(export=Export.from_model(export), job=Job.from_model(job))
