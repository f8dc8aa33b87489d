"""Campaign and category queries."""

from __future__ import annotations

import base64
import binascii
import uuid
from datetime import datetime
from typing import Annotated, Any

import orjson
import strawberry

from app.access.models import Permission
from app.campaigns import access, categories, history, listing
from app.campaigns.listing import CampaignCursor, CampaignFilter
from app.campaigns.validation import NAME_MAX_LENGTH, clean_metadata
from app.core.errors import InvalidInput
from app.core.ids import decode_id, encode_id
from app.graphql.campaigns.inputs import CampaignFilterInput, CampaignOrderInput, OrderDirection
from app.graphql.campaigns.types import Campaign, CampaignConnection, CampaignHistoryEntry, Category
from app.graphql.constraints import CURSOR, PAGE_SIZE
from app.graphql.context import Info
from app.graphql.pagination import (
    Connection,
    Edge,
    PageInfo,
    check_page_size,
    cursor_instant,
    cursor_key,
    cursor_sequence_id,
    cursor_text,
    foreign_cursor,
)
from app.graphql.permissions import has_permission


def _encode(payload: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(orjson.dumps(payload)).decode().rstrip("=")


def _decode(cursor: str) -> dict[str, Any]:
    try:
        data = orjson.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, orjson.JSONDecodeError, ValueError) as exc:
        raise foreign_cursor() from exc
    if not isinstance(data, dict):
        raise foreign_cursor()
    return data


def _campaign_cursor(order: str, value: Any, campaign_id: uuid.UUID) -> str:
    plain = value.isoformat() if isinstance(value, datetime) else value
    return _encode({"o": order, "v": plain, "id": str(campaign_id)})


def _parse_campaign_cursor(cursor: str | None, order: str) -> CampaignCursor | None:
    if cursor is None:
        return None
    data = _decode(cursor)
    if data.get("o") != order:
        raise InvalidInput("The cursor belongs to another ordering.", field="after")
    value = data.get("v")
    if order == "NAME":
        value = cursor_text(value, max_length=NAME_MAX_LENGTH)
    elif value is not None:  # an open start or end
        value = cursor_instant(value)
    return CampaignCursor(value=value, id=cursor_key(data.get("id")))


def _optional_id(type_name: str, value: strawberry.ID | None, field: str) -> uuid.UUID | None:
    return decode_id(type_name, value, field=field) if value is not None else None


def to_filter(given: CampaignFilterInput | None) -> CampaignFilter:
    if given is None:
        return CampaignFilter()
    return CampaignFilter(
        statuses=given.statuses,
        kind=given.kind,
        targeting=given.targeting,
        category_id=_optional_id("Category", given.category_id, "filter.categoryId"),
        created_by_id=_optional_id("ApiKey", given.created_by_id, "filter.createdById"),
        name_contains=given.name_contains,
        starts_after=given.starts_after,
        starts_before=given.starts_before,
        ends_after=given.ends_after,
        ends_before=given.ends_before,
        metadata=clean_metadata(given.metadata) if given.metadata is not None else None,
        reward_types=given.reward_types,
        in_bin=given.in_bin,
    )


async def history_connection(
    info: Info, campaign_id: uuid.UUID, first: int, after: str | None
) -> Connection[CampaignHistoryEntry]:
    check_page_size(first, info.context.settings.max_page_size)
    after_id = None
    if after is not None:
        after_id = cursor_sequence_id(_decode(after).get("h"))
    page = await history.history_page(campaign_id=campaign_id, first=first, after=after_id)
    edges = [Edge(cursor=_encode({"h": entry.id}), node=CampaignHistoryEntry.from_model(entry)) for entry in page.rows]
    return Connection(
        edges=edges,
        page_info=PageInfo(has_next_page=page.has_next, end_cursor=edges[-1].cursor if edges else None),
    )


READ = [has_permission(Permission.CAMPAIGNS_READ)]
SETTINGS = [has_permission(Permission.SETTINGS_READ)]


@strawberry.type
class CampaignQuery:
    @strawberry.field(description="One campaign by id (also in the bin).", permission_classes=READ)
    async def campaign(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="The campaign's id.")]
    ) -> Campaign:
        return Campaign.from_model(await access.usable(info.context.scope, decode_id("Campaign", id)))

    @strawberry.field(description="Campaigns matching a filter, in a stable order.", permission_classes=READ)
    async def campaigns(
        self,
        info: Info,
        filter: Annotated[CampaignFilterInput | None, strawberry.argument(description="Conditions to meet.")] = None,
        order_by: Annotated[
            CampaignOrderInput | None, strawberry.argument(description="Default: newest first.")
        ] = None,
        first: Annotated[int, strawberry.argument(description="Page size.", directives=[PAGE_SIZE])] = 20,
        after: Annotated[
            str | None, strawberry.argument(description="`endCursor` of the last page.", directives=[CURSOR])
        ] = None,
    ) -> CampaignConnection:
        order = order_by.field.name if order_by else "CREATED_AT"
        descending = order_by.direction is OrderDirection.DESC if order_by else True
        page = await listing.list_campaigns(
            criteria=to_filter(filter),
            order_by=order,
            descending=descending,
            first=check_page_size(first, info.context.settings.max_page_size),
            after=_parse_campaign_cursor(after, order),
            scope=info.context.scope,
        )
        edges = [
            Edge(
                cursor=_campaign_cursor(order, listing.sort_value(row, order), row.id),
                node=Campaign.from_model(row),
            )
            for row in page.rows
        ]
        return CampaignConnection(
            edges=edges,
            page_info=PageInfo(has_next_page=page.has_next, end_cursor=edges[-1].cursor if edges else None),
            total_count=page.total_count,
        )

    @strawberry.field(description="Every stacking category, in application order.", permission_classes=SETTINGS)
    async def categories(self) -> list[Category]:
        return [Category.from_model(category) for category in await categories.list_categories()]


def category_id(value: strawberry.ID, field: str = "id") -> uuid.UUID:
    return decode_id("Category", value, field=field)


def campaign_gid(campaign_id: uuid.UUID) -> strawberry.ID:
    return strawberry.ID(encode_id("Campaign", campaign_id))
