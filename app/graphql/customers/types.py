"""Customer types."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.scalars import JSON
from tortoise.queryset import QuerySet

from app.access.models import Permission
from app.core.ids import encode_id
from app.customers import models
from app.graphql.constraints import CURSOR, PAGE_SIZE, Line, Range
from app.graphql.context import Info
from app.graphql.events.history import customer_events
from app.graphql.events.types import CustomerEvent
from app.graphql.loaders import grouped
from app.graphql.pagination import Connection
from app.graphql.permissions import hidden_without

if TYPE_CHECKING:
    from app.graphql.codes.types import Publication
    from app.graphql.distributions.types import CustomerReward
    from app.graphql.segments.types import Segment
    from app.graphql.wallets.types import Wallet

MAX_SEGMENTS_LISTED = 500  # a customer's segments are checked in one statement over at most this many
MAX_REWARDS = 100  # customer { rewards }: the newest of each source are merged, so a page is bounded


PERSONAL = " Null for keys without the CUSTOMERS_READ permission."


@strawberry.type(description="A customer.")
class Customer:
    id: strawberry.ID = strawberry.field(description="Opaque id.")
    source_id: str | None = strawberry.field(description="Your own id for the customer.")
    name: str | None = strawberry.field(
        description="Name." + PERSONAL, extensions=hidden_without(Permission.CUSTOMERS_READ)
    )
    email: str | None = strawberry.field(
        description="Email address." + PERSONAL, extensions=hidden_without(Permission.CUSTOMERS_READ)
    )
    phone: str | None = strawberry.field(
        description="Phone number." + PERSONAL, extensions=hidden_without(Permission.CUSTOMERS_READ)
    )
    metadata: JSON | None = strawberry.field(
        description="Your own data." + PERSONAL, extensions=hidden_without(Permission.CUSTOMERS_READ)
    )
    latitude: float | None = strawberry.field(
        description="Last known latitude." + PERSONAL, extensions=hidden_without(Permission.CUSTOMERS_READ)
    )
    longitude: float | None = strawberry.field(
        description="Last known longitude." + PERSONAL, extensions=hidden_without(Permission.CUSTOMERS_READ)
    )
    created_at: datetime = strawberry.field(description="When it was created.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    model_id: strawberry.Private[uuid.UUID]

    @strawberry.field(description="The customer's wallet: every code published to them, newest first.")
    async def codes(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description="How many.", directives=[PAGE_SIZE])] = 50,
    ) -> list[Annotated[Publication, strawberry.lazy("app.graphql.codes.types")]]:
        from app.codes.models import Publication as PublicationModel
        from app.graphql.codes.types import Publication
        from app.graphql.pagination import check_page_size

        check_page_size(first, info.context.settings.max_page_size)

        def fetch(customer_ids: list[uuid.UUID]) -> QuerySet[PublicationModel]:
            return PublicationModel.filter(customer_id__in=customer_ids).order_by("-created_at")

        loader = grouped(info.context, "publications-by-customer", fetch, lambda row: row.customer_id)
        return [Publication.from_model(row) for row in (await loader.load(self.model_id))[:first]]

    @strawberry.field(
        description="What the customer did, newest first (empty for keys without the CUSTOMERS_READ permission)."
    )
    async def events(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description="Page size.", directives=[PAGE_SIZE])] = 20,
        after: Annotated[
            str | None, strawberry.argument(description="`endCursor` of the last page.", directives=[CURSOR])
        ] = None,
        name: Annotated[
            str | None, strawberry.argument(description="Only events of this name.", directives=[Line(100)])
        ] = None,
    ) -> Connection[CustomerEvent]:
        return await customer_events(info, self.model_id, first=first, after=after, name=name)

    @strawberry.field(description="The customer's points wallets, one per program (those in your scope).")
    async def wallets(self, info: Info) -> list[Annotated[Wallet, strawberry.lazy("app.graphql.wallets.types")]]:
        from app.graphql.wallets.types import Wallet
        from app.wallets.models import Wallet as WalletModel

        def fetch(customer_ids: list[uuid.UUID]) -> QuerySet[WalletModel]:
            return WalletModel.filter(customer_id__in=customer_ids).order_by("created_at")

        loader = grouped(info.context, "wallets-by-customer", fetch, lambda row: row.customer_id)
        return [Wallet.from_model(row) for row in await loader.load(self.model_id)]

    @strawberry.field(
        description="Every reward the customer received, newest first: distribution deliveries, codes published to "
        "them, and points credited (earned or given by hand); only campaigns you may see."
    )
    async def rewards(
        self,
        info: Info,
        first: Annotated[
            int, strawberry.argument(description="How many (at most 100).", directives=[Range(1, MAX_REWARDS)])
        ] = 20,
    ) -> list[Annotated[CustomerReward, strawberry.lazy("app.graphql.distributions.types")]]:
        from app.graphql.distributions.rewards import rewards_of
        from app.graphql.distributions.types import CustomerReward

        return [CustomerReward.from_row(row) for row in await rewards_of(info.context, first).load(self.model_id)]

    @strawberry.field(description="The saved segments the customer is in now (filters evaluated now).")
    async def segments(self, info: Info) -> list[Annotated[Segment, strawberry.lazy("app.graphql.segments.types")]]:
        from app.core.time import utcnow
        from app.graphql.segments.types import Segment
        from app.segments.evaluation import memberships
        from app.segments.models import Segment as SegmentModel

        if Permission.SETTINGS_READ not in info.context.scope.permissions:
            return []
        customer = await models.Customer.get(id=self.model_id)
        saved = await SegmentModel.all().order_by("name").limit(MAX_SEGMENTS_LISTED)
        inside = await memberships(customer, saved, now=utcnow())
        return [Segment.from_model(segment) for segment in saved if segment.id in inside]

    @classmethod
    def from_model(cls, customer: models.Customer) -> Customer:
        return cls(
            id=strawberry.ID(encode_id("Customer", customer.id)),
            source_id=customer.source_id,
            name=customer.name,
            email=customer.email,
            phone=customer.phone,
            metadata=JSON(customer.metadata),
            latitude=customer.latitude,
            longitude=customer.longitude,
            created_at=customer.created_at,
            updated_at=customer.updated_at,
            model_id=customer.id,
        )
