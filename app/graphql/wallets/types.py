"""Wallet types: wallets, their ledger, and programs' settings."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.scalars import JSON

from app.access.models import ApiKey as ApiKeyModel
from app.campaigns.models import Campaign as CampaignModel
from app.codes.models import Code as CodeModel
from app.core.ids import encode_id
from app.core.pagination import Position
from app.core.time import utcnow
from app.customers.models import Customer as CustomerModel
from app.graphql.constraints import CURSOR, PAGE_SIZE, Range
from app.graphql.context import Info
from app.graphql.enums import describe_enum
from app.graphql.loaders import by_id, viewer_of
from app.graphql.pagination import Connection, build_connection, check_page_size, decode_cursor
from app.graphql.scalars import Amount
from app.wallets import models, services
from app.wallets.models import TransactionKind as TransactionKind
from app.wallets.models import TransactionSource as TransactionSource
from app.wallets.models import TransactionStatus
from app.wallets.programs import rate_of

if TYPE_CHECKING:
    from app.graphql.access.types import ApiKey
    from app.graphql.campaigns.types import Campaign
    from app.graphql.codes.types import Code
    from app.graphql.customers.types import Customer

describe_enum(
    TransactionKind,
    "What a ledger row records.",
    {
        "CREDIT": "Points earned or given (by a redemption, an event, a distribution).",
        "DEBIT": "Points spent paying for an order.",
        "EXPIRE": "What was left of a credit lapsed.",
        "REVERSAL": "A rollback gave spent points back (positive) or took earned points away (negative).",
        "ADJUST": "A manual correction (walletAdjust), either way.",
    },
)
describe_enum(
    TransactionSource,
    "What moved the points.",
    {
        "REDEMPTION": "A redemption (paying, earning, or its rollback).",
        "DISTRIBUTION": "A distribution run.",
        "EVENT": "A tracked event (order_paid earning rules).",
        "MANUAL": "Someone with the WALLETS_ADJUST permission.",
        "EXPIRY": "The expiry job.",
    },
)
describe_enum(
    TransactionStatus,
    "Whether a ledger row counts in the balance.",
    {
        "POSTED": "It is in the balance.",
        "PENDING": "Earned points held for a returns window; spendable from `availableAt`.",
        "CANCELLED": "Pending points whose redemption was rolled back; never counted.",
    },
)


@strawberry.type(description="Points that lapse at one instant.")
class ExpiringPoints:
    expires_at: datetime = strawberry.field(description="When they lapse.")
    points: Amount = strawberry.field(description="How many (what is left of the credits expiring then).")


@strawberry.type(description="One movement of points; the balance is the sum of the posted rows.")
class WalletTransaction:
    id: strawberry.ID = strawberry.field(description="Opaque id.")
    kind: TransactionKind = strawberry.field(description="What it records.")
    status: TransactionStatus = strawberry.field(description="Whether it counts in the balance.")
    points: Amount = strawberry.field(description="Signed: credits positive, debits negative.")
    balance_after: Amount | None = strawberry.field(description="The balance right after it (null while pending).")
    unspent: Amount = strawberry.field(description="Credits: what is left of them (spending takes the oldest first).")
    expires_at: datetime | None = strawberry.field(description="Credits: when what is left of them lapses.")
    available_at: datetime | None = strawberry.field(description="Pending credits: when they become spendable.")
    reason: str = strawberry.field(description="Why.")
    source: TransactionSource = strawberry.field(description="What moved the points.")
    source_id: str | None = strawberry.field(description="The redemption, event or distribution behind it.")
    idempotency_key: str | None = strawberry.field(description="The key that makes a retry of it harmless.")
    created_at: datetime = strawberry.field(description="When.")
    wallet_id: strawberry.Private[uuid.UUID]
    actor_id: strawberry.Private[uuid.UUID | None]

    @strawberry.field(description="The key that made it (manual adjustments), for keys that may read keys.")
    async def actor(self, info: Info) -> Annotated[ApiKey, strawberry.lazy("app.graphql.access.types")] | None:
        from app.graphql.access.types import ApiKey

        if self.actor_id is None:
            return None
        key = await by_id(info.context, ApiKeyModel).load(self.actor_id)
        return ApiKey.from_model(key) if key else None

    @strawberry.field(description="The wallet.")
    async def wallet(self, info: Info) -> Wallet | None:
        found = await by_id(info.context, models.Wallet).load(self.wallet_id)
        return Wallet.from_model(found) if found else None

    @classmethod
    def from_model(cls, row: models.WalletTransaction) -> WalletTransaction:
        return cls(
            id=strawberry.ID(encode_id("WalletTransaction", row.id)),
            kind=row.kind,
            status=row.status,
            points=row.points,
            balance_after=row.balance_after,
            unspent=row.remaining,
            expires_at=row.expires_at,
            available_at=row.available_at,
            reason=row.reason,
            source=row.source,
            source_id=row.source_id,
            idempotency_key=row.idempotency_key,
            created_at=row.created_at,
            wallet_id=row.wallet_id,
            actor_id=row.actor_id,
        )


@strawberry.type(description="A customer's points in one program (a LOYALTY or WALLET_POINTS campaign).")
class Wallet:
    id: strawberry.ID = strawberry.field(description="Opaque id.")
    balance: Amount = strawberry.field(description="Spendable points (never below zero).")
    pending: Amount = strawberry.field(description="Earned points held for a returns window, not yet spendable.")
    created_at: datetime = strawberry.field(description="When it was opened (by a card, or the first credit).")
    updated_at: datetime = strawberry.field(description="When its points last moved.")
    model_id: strawberry.Private[uuid.UUID]
    program_id: strawberry.Private[uuid.UUID]
    customer_id: strawberry.Private[uuid.UUID]
    code_id: strawberry.Private[int | None]

    @strawberry.field(description="What the balance pays, in minor units of the program's currency.")
    async def balance_value(self, info: Info) -> Amount:
        program = await by_id(info.context, models.WalletProgram).load(self.program_id)
        return rate_of(program).value_of(self.balance)

    @strawberry.field(description="The program (a LOYALTY or WALLET_POINTS campaign).")
    async def program(self, info: Info) -> Annotated[Campaign, strawberry.lazy("app.graphql.campaigns.types")] | None:
        from app.graphql.campaigns.types import Campaign

        found = await by_id(info.context, CampaignModel).load(self.program_id)
        return Campaign.from_model(found) if found else None

    @strawberry.field(description="Whose wallet it is.")
    async def customer(self, info: Info) -> Annotated[Customer, strawberry.lazy("app.graphql.customers.types")] | None:
        from app.graphql.customers.types import Customer

        found = await by_id(info.context, CustomerModel).load(self.customer_id)
        return Customer.from_model(found) if found else None

    @strawberry.field(description="The loyalty card's code (LOYALTY programs publish one per customer).")
    async def card(self, info: Info) -> Annotated[Code, strawberry.lazy("app.graphql.codes.types")] | None:
        from app.graphql.codes.types import Code

        if self.code_id is None:
            return None
        found = await by_id(info.context, CodeModel).load(self.code_id)
        return Code.from_model(found) if found else None

    @strawberry.field(description="Points that lapse within the next `withinDays` days, soonest first.")
    async def expiring_points(
        self,
        within_days: Annotated[
            int, strawberry.argument(description="How far ahead to look (days).", directives=[Range(1, 3650)])
        ] = 30,
    ) -> list[ExpiringPoints]:
        until = utcnow() + timedelta(days=within_days)
        rows = await services.expiring(wallet_id=self.model_id, until=until)
        return [ExpiringPoints(expires_at=at, points=points) for at, points in rows]

    @strawberry.field(description="The wallet's ledger, newest first.")
    async def transactions(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description="Page size.", directives=[PAGE_SIZE])] = 20,
        after: Annotated[
            str | None, strawberry.argument(description="`endCursor` of the last page.", directives=[CURSOR])
        ] = None,
    ) -> Connection[WalletTransaction]:
        return await transactions_page(info, wallets={"id": self.model_id}, first=first, after=after)

    @classmethod
    def from_model(cls, wallet: models.Wallet) -> Wallet:
        return cls(
            id=strawberry.ID(encode_id("Wallet", wallet.id)),
            balance=wallet.balance,
            pending=wallet.pending,
            created_at=wallet.created_at,
            updated_at=wallet.updated_at,
            model_id=wallet.id,
            program_id=wallet.campaign_id,
            customer_id=wallet.customer_id,
            code_id=wallet.code_id,
        )


async def transactions_page(
    info: Info,
    *,
    wallets: dict[str, object],
    kind: TransactionKind | None = None,
    source: TransactionSource | None = None,
    first: int,
    after: str | None,
) -> Connection[WalletTransaction]:
    """A page of ledger rows the caller may see (their wallets' programs in scope), newest first."""
    from app.graphql.visibility import ledger_wallets

    page = await services.transactions(
        wallets=ledger_wallets(models.Wallet.filter(**wallets), viewer_of(info.context)),
        kind=kind,
        source=source,
        first=check_page_size(first, info.context.settings.max_page_size),
        after=decode_cursor(after, sequence=True),
    )
    return build_connection(
        page.rows,
        has_next=page.has_next,
        position=lambda row: Position(at=row.created_at, id=row.id),
        to_node=WalletTransaction.from_model,
    )


@strawberry.type(description="A campaign's settings as a points program.")
class WalletProgramSettings:
    rate_points: int = strawberry.field(description="This many points …")
    rate_amount: Amount = strawberry.field(description="… are worth this many minor units of the currency.")
    points_budget: Amount | None = strawberry.field(description="Points that may ever be credited (null: no limit).")
    credited: Amount = strawberry.field(description="Points credited so far (against the budget).")
    low_budget_threshold: Amount | None = strawberry.field(description="Alert when this few budget points are left.")
    credit_expiry_days: int | None = strawberry.field(description="Credits lapse this many days after earning.")
    credits_expire_at: datetime | None = strawberry.field(description="Every credit lapses at this instant.")
    earning_rules: JSON = strawberry.field(description="What earns points (see walletProgramUpdate).")
    version: int = strawberry.field(description="Grows with every change.")

    @classmethod
    def from_model(cls, program: models.WalletProgram) -> WalletProgramSettings:
        return cls(
            rate_points=program.rate_points,
            rate_amount=program.rate_amount,
            points_budget=program.points_budget,
            credited=program.credited,
            low_budget_threshold=program.low_budget_threshold,
            credit_expiry_days=program.credit_expiry_days,
            credits_expire_at=program.credits_expire_at,
            earning_rules=JSON(program.earning_rules),
            version=program.version,
        )
