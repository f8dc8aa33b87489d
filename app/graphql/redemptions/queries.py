"""Redemption queries."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.access.models import Permission
from app.core.ids import decode_id
from app.core.time import utcnow
from app.graphql.campaigns.types import Campaign
from app.graphql.constraints import CURSOR, PAGE_SIZE
from app.graphql.context import Info
from app.graphql.pagination import Connection, newest_first_connection
from app.graphql.permissions import has_permission
from app.graphql.redemptions.inputs import OrderInput, RedeemableInput, RedemptionFilterInput, to_request
from app.graphql.redemptions.types import Qualification, Redemption, StackingRules, ValidationResult
from app.redemptions import access, models, services, stacking

VALIDATE = [has_permission(Permission.VALIDATE)]
READ = [has_permission(Permission.CAMPAIGNS_READ)]
SETTINGS = [has_permission(Permission.SETTINGS_READ)]


@strawberry.type
class RedemptionQuery:
    @strawberry.field(
        description="What the redeemables would do to the order, with no side effect.", permission_classes=VALIDATE
    )
    async def validate(
        self,
        info: Info,
        order: Annotated[OrderInput, strawberry.argument(description="The order.")],
        redeemables: Annotated[list[RedeemableInput], strawberry.argument(description="Up to 30.")],
    ) -> ValidationResult:
        request = to_request(order, redeemables, info.context.scope)
        evaluation, _ = await services.validate(request, utcnow())
        return ValidationResult.build(evaluation)

    @strawberry.field(
        description="Automatic promotions and the customer's codes that apply to this order, "
        "best deal first (live limits and budgets honoured).",
        permission_classes=VALIDATE,
    )
    async def qualifications(
        self, info: Info, order: Annotated[OrderInput, strawberry.argument(description="The order.")]
    ) -> list[Qualification]:
        request = to_request(order, [], info.context.scope)
        found = await services.qualifications(request, utcnow())
        return [
            Qualification(
                campaign=Campaign.from_model(q.campaign),
                code=q.code.code if q.code else None,
                discount=q.discount,
                gift_spent=q.gift_spent,
            )
            for q in found
        ]

    @strawberry.field(description="One redemption.", permission_classes=READ)
    async def redemption(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="Its id.")]
    ) -> Redemption:
        return Redemption.from_model(await access.visible_redemption(info.context.scope, decode_id("Redemption", id)))

    @strawberry.field(description="Redemptions, newest first.", permission_classes=READ)
    async def redemptions(
        self,
        info: Info,
        filter: Annotated[RedemptionFilterInput | None, strawberry.argument(description="Conditions.")] = None,
        first: Annotated[int, strawberry.argument(description="Page size.", directives=[PAGE_SIZE])] = 20,
        after: Annotated[
            str | None, strawberry.argument(description="`endCursor` of the last page.", directives=[CURSOR])
        ] = None,
    ) -> Connection[Redemption]:
        query = access.scoped_redemptions(models.Redemption.all(), info.context.scope)
        if filter is not None:
            if filter.customer_id:
                query = query.filter(customer_id=decode_id("Customer", filter.customer_id, field="filter.customerId"))
            if filter.campaign_id:
                campaign_id = decode_id("Campaign", filter.campaign_id, field="filter.campaignId")
                query = query.filter(lines__campaign_id=campaign_id).distinct()
            if filter.store_id:
                query = query.filter(store_id=decode_id("Store", filter.store_id, field="filter.storeId"))
            if filter.area_id:
                query = query.filter(area_id=decode_id("Area", filter.area_id, field="filter.areaId"))
        return await newest_first_connection(
            query,
            first=first,
            after=after,
            max_page_size=info.context.settings.max_page_size,
            to_node=Redemption.from_model,
        )

    @strawberry.field(description="The project's stacking rules.", permission_classes=SETTINGS)
    async def stacking_rules(self) -> StackingRules:
        return StackingRules.from_rules(await stacking.stacking_rules())
