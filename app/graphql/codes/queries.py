"""Code queries."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry
from tortoise.expressions import Q

from app.access.models import Permission
from app.campaigns import access as campaign_access
from app.codes import access as code_access
from app.codes import services
from app.codes.models import InventoryAlert as InventoryAlertModel
from app.codes.models import Publication as PublicationModel
from app.core.errors import InvalidInput
from app.core.ids import decode_id, encode_id
from app.graphql.codes.inputs import CodeFilterInput, PublicationFilterInput
from app.graphql.codes.types import Code, CodeSeries, InventoryAlert, Publication
from app.graphql.constraints import CODE, CURSOR, PAGE_SIZE
from app.graphql.context import Info
from app.graphql.pagination import (
    Connection,
    Edge,
    PageInfo,
    check_page_size,
    newest_first_connection,
)
from app.graphql.permissions import has_permission

READ = [has_permission(Permission.CAMPAIGNS_READ)]
PROJECT_READ = [has_permission(Permission.PROJECT_READ)]


def _id(type_name: str, value: strawberry.ID | None, field: str) -> uuid.UUID | None:
    return decode_id(type_name, value, field=field) if value is not None else None


def alert_from_model(alert: InventoryAlertModel) -> InventoryAlert:
    return InventoryAlert(
        id=strawberry.ID(encode_id("InventoryAlert", alert.id)),
        kind=alert.kind,
        series_id=strawberry.ID(encode_id("CodeSeries", alert.series_id)) if alert.series_id else None,
        campaign_id=strawberry.ID(encode_id("Campaign", alert.campaign_id)) if alert.campaign_id else None,
        available=alert.available,
        threshold=alert.threshold,
        at=alert.created_at,
    )


@strawberry.type
class CodeQuery:
    @strawberry.field(description="A code series with its counts (project-wide keys).", permission_classes=PROJECT_READ)
    async def code_series(
        self, id: Annotated[strawberry.ID, strawberry.argument(description="The series.")]
    ) -> CodeSeries:
        return CodeSeries.from_model(await services.get_series(series_id=decode_id("CodeSeries", id)))

    @strawberry.field(description="A code, matched ignoring case.", permission_classes=READ)
    async def code(
        self, info: Info, code: Annotated[str, strawberry.argument(description="The code.", directives=[CODE])]
    ) -> Code:
        found = await services.find_code(code=code)
        return Code.from_model(await code_access.visible_code(info.context.scope, found, given=code))

    @strawberry.field(description="Codes of a series or a campaign, in creation order.", permission_classes=READ)
    async def codes(
        self,
        info: Info,
        filter: Annotated[CodeFilterInput, strawberry.argument(description="Whose codes.")],
        first: Annotated[int, strawberry.argument(description="Page size.", directives=[PAGE_SIZE])] = 20,
        after: Annotated[
            str | None, strawberry.argument(description="`endCursor` of the last page.", directives=[CURSOR])
        ] = None,
    ) -> Connection[Code]:
        campaign_series = None
        if filter.campaign_id is not None:
            campaign = await campaign_access.usable(
                info.context.scope, decode_id("Campaign", filter.campaign_id), field="filter.campaignId"
            )
            campaign_series = campaign.code_series_id or uuid.UUID(int=0)
        after_id = None
        if after is not None:
            try:
                after_id = int(after)
            except ValueError as exc:
                raise InvalidInput("The cursor is not one this API returned.", field="after") from exc
        page = await services.list_codes(
            series_id=_id("CodeSeries", filter.series_id, "filter.seriesId"),
            campaign_series_id=campaign_series,
            holder_id=_id("Customer", filter.holder_id, "filter.holderId"),
            first=check_page_size(first, info.context.settings.max_page_size),
            after=after_id,
            scope=info.context.scope,
        )
        edges = [Edge(cursor=str(row.id), node=Code.from_model(row)) for row in page.rows]
        return Connection(
            edges=edges,
            page_info=PageInfo(has_next_page=page.has_next, end_cursor=edges[-1].cursor if edges else None),
        )

    @strawberry.field(description="Publications, newest first.", permission_classes=READ)
    async def publications(
        self,
        info: Info,
        filter: Annotated[PublicationFilterInput | None, strawberry.argument(description="Conditions.")] = None,
        first: Annotated[int, strawberry.argument(description="Page size.", directives=[PAGE_SIZE])] = 20,
        after: Annotated[
            str | None, strawberry.argument(description="`endCursor` of the last page.", directives=[CURSOR])
        ] = None,
    ) -> Connection[Publication]:
        query = campaign_access.scoped(PublicationModel.all(), info.context.scope, "campaign_id")
        if filter is not None:
            conditions = {
                "campaign_id": _id("Campaign", filter.campaign_id, "filter.campaignId"),
                "customer_id": _id("Customer", filter.customer_id, "filter.customerId"),
                "series_id": _id("CodeSeries", filter.series_id, "filter.seriesId"),
                "channel": filter.channel,
                "created_at__gte": filter.created_after,
                "created_at__lt": filter.created_before,
            }
            query = query.filter(**{key: value for key, value in conditions.items() if value is not None})
        return await newest_first_connection(
            query,
            first=first,
            after=after,
            max_page_size=info.context.settings.max_page_size,
            to_node=Publication.from_model,
        )

    @strawberry.field(description="Stored inventory alerts of a campaign and its series.", permission_classes=READ)
    async def inventory_alerts(
        self, info: Info, campaign_id: Annotated[strawberry.ID, strawberry.argument(description="The campaign.")]
    ) -> list[InventoryAlert]:
        campaign = await campaign_access.usable(
            info.context.scope, decode_id("Campaign", campaign_id), field="campaignId"
        )
        condition = Q(campaign_id=campaign.id)
        if campaign.code_series_id is not None:
            condition |= Q(series_id=campaign.code_series_id)
        rows = await InventoryAlertModel.filter(condition).order_by("created_at")
        return [alert_from_model(row) for row in rows]
