"""Wallet queries."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.access.models import Permission
from app.core.ids import decode_id
from app.graphql.constraints import CURSOR, PAGE_SIZE
from app.graphql.context import Info
from app.graphql.customers.inputs import CustomerRefInput
from app.graphql.pagination import Connection
from app.graphql.permissions import has_permission
from app.graphql.wallets.inputs import WalletTransactionFilterInput
from app.graphql.wallets.types import Wallet, WalletTransaction, transactions_page
from app.wallets import services
from app.wallets.models import Wallet as WalletModel

READ = [has_permission(Permission.CAMPAIGNS_READ)]
WALLET = [has_permission(Permission.WALLET_READ)]


async def _customer_id(info: Info, customer: CustomerRefInput) -> object | None:
    from app.customers.models import Customer

    if customer.id is not None:
        return decode_id("Customer", customer.id, field="customer.id")
    if customer.source_id is not None:
        found = await Customer.get_or_none(source_id=customer.source_id)
        return found.id if found else None
    return None


@strawberry.type
class WalletQuery:
    @strawberry.field(
        description="A customer's wallet in a program (null when they have none, or it is outside your scope).",
        permission_classes=WALLET,
    )
    async def wallet(
        self,
        info: Info,
        customer: Annotated[CustomerRefInput, strawberry.argument(description="Whose (id or sourceId).")],
        program: Annotated[strawberry.ID, strawberry.argument(description="The program's campaign id.")],
    ) -> Wallet | None:
        program_id = decode_id("Campaign", program, field="program")
        customer_id = await _customer_id(info, customer)
        if customer_id is None:
            return None
        found = await WalletModel.get_or_none(campaign_id=program_id, customer_id=customer_id)
        visible = await services.visible_wallet(info.context.scope, found)
        return Wallet.from_model(visible) if visible else None

    @strawberry.field(description="Ledger rows of the wallets you may see, newest first.", permission_classes=READ)
    async def wallet_transactions(
        self,
        info: Info,
        filter: Annotated[WalletTransactionFilterInput | None, strawberry.argument(description="Conditions.")] = None,
        first: Annotated[int, strawberry.argument(description="Page size.", directives=[PAGE_SIZE])] = 20,
        after: Annotated[
            str | None, strawberry.argument(description="`endCursor` of the last page.", directives=[CURSOR])
        ] = None,
    ) -> Connection[WalletTransaction]:
        wallets: dict[str, object] = {}
        if filter is not None and filter.wallet:
            wallets["id"] = decode_id("Wallet", filter.wallet, field="filter.wallet")
        if filter is not None and filter.program:
            wallets["campaign_id"] = decode_id("Campaign", filter.program, field="filter.program")
        if filter is not None and filter.customer:
            wallets["customer_id"] = decode_id("Customer", filter.customer, field="filter.customer")
        return await transactions_page(
            info,
            wallets=wallets,
            kind=filter.kind if filter else None,
            source=filter.source if filter else None,
            first=first,
            after=after,
        )
