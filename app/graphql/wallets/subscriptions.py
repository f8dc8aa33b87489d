"""Wallet subscriptions."""

from __future__ import annotations

import uuid
from collections.abc import AsyncGenerator
from typing import Annotated

import strawberry

from app.access.models import Permission
from app.core.errors import InvalidInput
from app.core.ids import decode_id
from app.customers.exceptions import CustomerNotFound
from app.customers.models import Customer as CustomerModel
from app.graphql import live
from app.graphql.context import Info
from app.graphql.customers.inputs import CustomerRefInput
from app.graphql.loaders import viewer_of
from app.graphql.permissions import has_permission
from app.graphql.visibility import visible
from app.graphql.wallets.types import Wallet
from app.wallets.models import Wallet as WalletModel
from app.wallets.services import WALLET_CHANNEL


async def _customer(customer_id: strawberry.ID | None, customer: CustomerRefInput | None) -> uuid.UUID:
    if customer_id is not None:
        return decode_id("Customer", customer_id, field="customerId")
    if customer is not None and customer.id is not None:
        return decode_id("Customer", customer.id, field="customer.id")
    if customer is not None and customer.source_id is not None:
        found = await CustomerModel.get_or_none(source_id=customer.source_id).only("id")
        if found is None:
            raise CustomerNotFound(f"No customer has sourceId {customer.source_id!r}.", field="customer.sourceId")
        return found.id
    raise InvalidInput("Name the customer: customerId, or customer with an id or a sourceId.", field="customerId")


@strawberry.type
class WalletSubscription:
    @strawberry.subscription(
        description="A customer's wallets each time their points move (credits, spends, expiry, rollbacks).",
        permission_classes=[has_permission(Permission.WALLET_READ)],
    )
    async def wallet_changed(
        self,
        info: Info,
        customer_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="The customer (or name them in `customer`).")
        ] = None,
        customer: Annotated[
            CustomerRefInput | None,
            strawberry.argument(description="The customer by id or sourceId (what a CLIENT key knows)."),
        ] = None,
    ) -> AsyncGenerator[Wallet, None]:
        wanted = str(await _customer(customer_id, customer))
        async for payload in live.events(info.context, WALLET_CHANNEL):
            if payload["customer_id"] != wanted:
                continue
            # Loaded fresh through the caller's visibility: a wallet outside its scope is never sent.
            found = await visible(WalletModel.filter(id=uuid.UUID(payload["wallet_id"])), viewer_of(info.context))
            if found:
                yield Wallet.from_model(found[0])
