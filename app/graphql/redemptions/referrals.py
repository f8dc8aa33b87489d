"""Referral records: who referred whom, with which code, in which redemption (what a support desk reads)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

import strawberry

from app.access.models import Permission
from app.campaigns.models import Campaign as CampaignModel
from app.codes.models import Code as CodeModel
from app.core.ids import decode_id, encode_id
from app.customers.models import Customer as CustomerModel
from app.graphql.campaigns.types import Campaign
from app.graphql.constraints import CURSOR, PAGE_SIZE
from app.graphql.context import Info
from app.graphql.customers.types import Customer
from app.graphql.loaders import by_id
from app.graphql.pagination import Connection, newest_first_connection
from app.graphql.permissions import has_permission
from app.graphql.redemptions.types import Redemption
from app.redemptions import access, models


@strawberry.type(description="A referral: an advocate's referral code redeemed by a new customer (the referee).")
class Referral:
    id: strawberry.ID = strawberry.field(description="Opaque id.")
    created_at: datetime = strawberry.field(description="When the referee redeemed the code.")
    campaign_id: strawberry.Private[uuid.UUID]
    code_id: strawberry.Private[int]
    advocate_id: strawberry.Private[uuid.UUID]
    referee_id: strawberry.Private[uuid.UUID]
    redemption_id: strawberry.Private[uuid.UUID]

    @strawberry.field(description="The referral campaign.")
    async def campaign(self, info: Info) -> Campaign | None:
        found = await by_id(info.context, CampaignModel).load(self.campaign_id)
        return Campaign.from_model(found) if found else None

    @strawberry.field(description="The advocate's referral code.")
    async def code(self, info: Info) -> str | None:
        found = await by_id(info.context, CodeModel).load(self.code_id)
        return found.code if found else None

    @strawberry.field(description="Who referred (the code's holder).")
    async def advocate(self, info: Info) -> Customer | None:
        found = await by_id(info.context, CustomerModel).load(self.advocate_id)
        return Customer.from_model(found) if found else None

    @strawberry.field(description="Who was referred (the customer who redeemed the code).")
    async def referee(self, info: Info) -> Customer | None:
        found = await by_id(info.context, CustomerModel).load(self.referee_id)
        return Customer.from_model(found) if found else None

    @strawberry.field(description="The redemption that recorded it.")
    async def redemption(self, info: Info) -> Redemption | None:
        found = await by_id(info.context, models.Redemption).load(self.redemption_id)
        return Redemption.from_model(found) if found else None

    @classmethod
    def from_model(cls, referral: models.Referral) -> Referral:
        return cls(
            id=strawberry.ID(encode_id("Referral", referral.id)),
            created_at=referral.created_at,
            campaign_id=referral.campaign_id,
            code_id=referral.code_id,
            advocate_id=referral.advocate_id,
            referee_id=referral.referee_id,
            redemption_id=referral.redemption_id,
        )


@strawberry.input(description="Conditions on listed referrals.")
class ReferralFilterInput:
    campaign_id: strawberry.ID | None = strawberry.field(default=None, description="In this campaign.")
    advocate_id: strawberry.ID | None = strawberry.field(default=None, description="By this advocate (a customer).")
    referee_id: strawberry.ID | None = strawberry.field(default=None, description="Of this referee (a customer).")


@strawberry.type
class ReferralQuery:
    @strawberry.field(
        description="Referral records, newest first (restricted keys: those of their campaigns).",
        permission_classes=[has_permission(Permission.CAMPAIGNS_READ)],
    )
    async def referrals(
        self,
        info: Info,
        filter: Annotated[ReferralFilterInput | None, strawberry.argument(description="Conditions.")] = None,
        first: Annotated[int, strawberry.argument(description="Page size.", directives=[PAGE_SIZE])] = 20,
        after: Annotated[
            str | None, strawberry.argument(description="`endCursor` of the last page.", directives=[CURSOR])
        ] = None,
    ) -> Connection[Referral]:
        query = access.scoped_referrals(models.Referral.all(), info.context.scope)
        if filter is not None:
            if filter.campaign_id:
                query = query.filter(campaign_id=decode_id("Campaign", filter.campaign_id, field="filter.campaignId"))
            if filter.advocate_id:
                query = query.filter(advocate_id=decode_id("Customer", filter.advocate_id, field="filter.advocateId"))
            if filter.referee_id:
                query = query.filter(referee_id=decode_id("Customer", filter.referee_id, field="filter.refereeId"))
        return await newest_first_connection(
            query,
            first=first,
            after=after,
            max_page_size=info.context.settings.max_page_size,
            to_node=Referral.from_model,
        )
