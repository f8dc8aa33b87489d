"""Wallet mutations: manual adjustments and programs' settings."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry

from app.access.models import Permission
from app.campaigns import access as campaign_access
from app.core.ids import decode_id
from app.customers import services as customers
from app.graphql.context import Info
from app.graphql.errors import ConflictError, NotFoundError, PermissionDeniedError, ValidationError, errors_as_results
from app.graphql.wallets.inputs import WalletAdjustInput, WalletProgramUpdateInput
from app.graphql.wallets.types import Wallet, WalletProgramSettings, WalletTransaction
from app.wallets import programs, services
from app.wallets.models import WalletTransaction as TransactionModel

INPUT = strawberry.argument(description="The mutation's input.")
ERRORS = ValidationError | NotFoundError | ConflictError | PermissionDeniedError


@strawberry.type(description="The points moved (a retry with the same key answers the first movement).")
class WalletAdjustSuccess:
    wallet: Wallet = strawberry.field(description="The wallet now.")
    transaction: WalletTransaction = strawberry.field(description="The ledger row written.")


@strawberry.type(description="The program's settings were saved.")
class WalletProgramUpdateSuccess:
    settings: WalletProgramSettings = strawberry.field(description="The settings now.")


WalletAdjustResult = Annotated[
    WalletAdjustSuccess | ERRORS,
    strawberry.union(
        "WalletAdjustResult",
        description="Outcome of walletAdjust (INSUFFICIENT_POINTS, POINTS_BUDGET_EXCEEDED, PROGRAM_INACTIVE, "
        "NOT_A_WALLET_PROGRAM, WALLET_NOT_FOUND, IDEMPOTENCY_KEY_REUSED).",
    ),
]
WalletProgramUpdateResult = Annotated[
    WalletProgramUpdateSuccess | ERRORS,
    strawberry.union("WalletProgramUpdateResult", description="Outcome of walletProgramUpdate."),
]
CLEARABLE = ("points_budget", "low_budget_threshold", "credit_expiry_days", "credits_expire_at")


@strawberry.type
class WalletMutation:
    @strawberry.mutation(
        description="Add or take points by hand (WALLETS_ADJUST: admins, and managers inside the program's scope)."
    )
    @errors_as_results
    async def wallet_adjust(self, info: Info, input: Annotated[WalletAdjustInput, INPUT]) -> WalletAdjustResult:
        key = info.context.require(Permission.WALLETS_ADJUST)
        program_id = decode_id("Campaign", input.program, field="program")
        await campaign_access.editable(info.context.scope, program_id, field="program")
        if input.customer.id is not None:
            customer = await customers.get_customer(
                customer_id=decode_id("Customer", input.customer.id, field="customer.id"), field="customer.id"
            )
        elif input.customer.source_id is not None:
            customer, _ = await customers.upsert_by_source_id(
                source_id=input.customer.source_id, fields=input.customer.attributes(), update_existing=False
            )
        else:
            from app.core.errors import InvalidInput

            raise InvalidInput("Name the customer by id or sourceId.", field="customer")
        wallet, entry = await services.adjust(
            scope=info.context.scope,
            adjustment=services.Adjustment(
                program_id, customer.id, input.points, input.reason, input.idempotency_key, key.id
            ),
            events=info.context.events,
        )
        row = await TransactionModel.get(id=entry.transaction_id)
        return WalletAdjustSuccess(wallet=Wallet.from_model(wallet), transaction=WalletTransaction.from_model(row))

    @strawberry.mutation(description="Change a points program's rate, budget, expiry and earning rules.")
    @errors_as_results
    async def wallet_program_update(
        self, info: Info, input: Annotated[WalletProgramUpdateInput, INPUT]
    ) -> WalletProgramUpdateResult:
        info.context.require(Permission.CAMPAIGNS_WRITE)
        program_id = decode_id("Campaign", input.program, field="program")
        campaign = await campaign_access.editable(info.context.scope, program_id, field="program")
        changes: dict[str, Any] = {}
        for name in CLEARABLE:
            value = getattr(input, name)
            if value is strawberry.UNSET:
                continue
            if value is None:
                changes[f"clear_{name}"] = True
            else:
                changes[name] = value
        if input.rate_points is not None:
            changes["rate_points"] = input.rate_points
        if input.rate_amount is not None:
            changes["rate_amount"] = input.rate_amount
        if input.earning_rules is not None:
            changes["earning_rules"] = [rule.to_json() for rule in input.earning_rules]
        program = await programs.update_program(campaign=campaign, changes=programs.ProgramChanges(**changes))
        return WalletProgramUpdateSuccess(settings=WalletProgramSettings.from_model(program))
