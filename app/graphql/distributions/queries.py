"""Distribution queries."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.access.models import Permission
from app.core.ids import decode_id
from app.core.pagination import Position
from app.core.time import utcnow
from app.distributions import services
from app.graphql.constraints import CURSOR, PAGE_SIZE
from app.graphql.context import Info
from app.graphql.distributions.inputs import DistributionFilterInput
from app.graphql.distributions.types import Distribution, DistributionPreview, RewardPolicy
from app.graphql.pagination import Connection, build_connection, check_page_size, decode_cursor
from app.graphql.permissions import has_permission

READ = [has_permission(Permission.CAMPAIGNS_READ)]


@strawberry.type
class DistributionQuery:
    @strawberry.field(description="One distribution (of a campaign you may use).", permission_classes=READ)
    async def distribution(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="Its id.")]
    ) -> Distribution:
        found = await services.visible(info.context.scope, decode_id("Distribution", id))
        return Distribution.from_model(found)

    @strawberry.field(description="Distributions of the campaigns you may use, newest first.", permission_classes=READ)
    async def distributions(
        self,
        info: Info,
        filter: Annotated[DistributionFilterInput | None, strawberry.argument(description="Conditions.")] = None,
        first: Annotated[int, strawberry.argument(description="Page size.", directives=[PAGE_SIZE])] = 20,
        after: Annotated[
            str | None, strawberry.argument(description="`endCursor` of the last page.", directives=[CURSOR])
        ] = None,
    ) -> Connection[Distribution]:
        campaign_id = None
        if filter is not None and filter.campaign_id is not None:
            campaign_id = decode_id("Campaign", filter.campaign_id, field="filter.campaignId")
        page = await services.list_distributions(
            scope=info.context.scope,
            campaign_id=campaign_id,
            status=filter.status if filter is not None else None,
            first=check_page_size(first, info.context.settings.max_page_size),
            after=decode_cursor(after),
        )
        return build_connection(
            page.rows,
            has_next=page.has_next,
            position=lambda row: Position(at=row.created_at, id=row.id),
            to_node=Distribution.from_model,
        )

    @strawberry.field(
        description="What a run would do now, before anything is sent: how many would be rewarded, how many "
        "already were, and whether codes, the campaign's limit or the points budget cover them (the shortage).",
        permission_classes=READ,
    )
    async def distribution_preview(
        self,
        info: Info,
        campaign_id: Annotated[strawberry.ID, strawberry.argument(description="The campaign.")],
        reward_policy: Annotated[
            RewardPolicy, strawberry.argument(description="The policy the distribution would have.")
        ] = RewardPolicy.ONCE_PER_CAMPAIGN,
    ) -> DistributionPreview:
        preview = await services.preview(
            scope=info.context.scope,
            campaign_id=decode_id("Campaign", campaign_id, field="campaignId"),
            reward_policy=reward_policy,
            now=utcnow(),
        )
        return DistributionPreview.from_preview(preview)
