"""Wallet subscriptions."""

from __future__ import annotations

import uuid
from collections.abc import AsyncGenerator
from typing import Annotated

import strawberry

from app.access.models import Permission
from app.core.ids import decode_id
from app.graphql import live
from app.graphql.context import Info
from app.graphql.loaders import viewer_of
from app.graphql.permissions import has_permission
from app.graphql.visibility import visible
from app.graphql.wallets.types import Wallet
from app.wallets.models import Wallet as WalletModel
from app.wallets.services import WALLET_CHANNEL


@strawberry.type
class WalletSubscription:
    @strawberry.subscription(
        description="A customer's wallets each time their points move (credits, spends, expiry, rollbacks).",
        permission_classes=[has_permission(Permission.CAMPAIGNS_READ)],
    )
    async def wallet_changed(
        self,
        info: Info,
        customer_id: Annotated[strawberry.ID, strawberry.argument(description="The customer.")],
    ) -> AsyncGenerator[Wallet, None]:
        wanted = str(decode_id("Customer", customer_id, field="customerId"))
        async for payload in live.events(info.context, WALLET_CHANNEL):
            if payload["customer_id"] != wanted:
                continue
            # Loaded fresh through the caller's visibility: a wallet outside its scope is never sent.
            found = await visible(WalletModel.filter(id=uuid.UUID(payload["wallet_id"])), viewer_of(info.context))
            if found:
                yield Wallet.from_model(found[0])
