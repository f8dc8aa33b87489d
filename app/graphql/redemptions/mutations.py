"""Redeem, roll back, and change the stacking rules."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.access.models import Permission
from app.core.errors import InvalidInput
from app.core.ids import decode_id
from app.graphql.context import Info
from app.graphql.errors import (
    ConflictError,
    Error,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
    errors_as_results,
)
from app.graphql.redemptions.inputs import RedeemInput, RedemptionRollbackInput, StackingRulesInput, to_request
from app.graphql.redemptions.types import Redemption, StackingRules, ValidationResult
from app.redemptions import access, services, stacking
from app.redemptions import redeem as redemptions

INPUT = strawberry.argument(description="The mutation's input.")


@strawberry.type(description="The applicable redeemables were redeemed together.")
class RedeemSuccess:
    redemption: Redemption = strawberry.field(description="The redemption (retries return this one).")
    result: ValidationResult = strawberry.field(description="Every requested redeemable's outcome.")


@strawberry.type(description="Nothing could be redeemed; `result` says why for each redeemable.")
class RedeemRefused(Error):
    result: ValidationResult = strawberry.field(description="Every requested redeemable's outcome.")


@strawberry.type(description="The redemption was rolled back; its counters, balances and codes are restored.")
class RedemptionRollbackSuccess:
    redemption: Redemption = strawberry.field(description="The redemption, now ROLLED_BACK.")


@strawberry.type(description="The stacking rules were changed.")
class StackingRulesUpdateSuccess:
    stacking_rules: StackingRules = strawberry.field(description="The rules now.")


RedeemResult = Annotated[
    RedeemSuccess | RedeemRefused | ValidationError | NotFoundError | ConflictError | PermissionDeniedError,
    strawberry.union("RedeemResult", description="Outcome of redeem."),
]
RedemptionRollbackResult = Annotated[
    RedemptionRollbackSuccess | ConflictError | NotFoundError | ValidationError | PermissionDeniedError,
    strawberry.union("RedemptionRollbackResult", description="Outcome of redemptionRollback (ALREADY_ROLLED_BACK)."),
]
StackingRulesUpdateResult = Annotated[
    StackingRulesUpdateSuccess | ValidationError | PermissionDeniedError,
    strawberry.union("StackingRulesUpdateResult", description="Outcome of stackingRulesUpdate."),
]


@strawberry.type
class RedemptionMutation:
    @strawberry.mutation(description="Validate and redeem in one transaction; limits never overrun.")
    @errors_as_results
    async def redeem(self, info: Info, input: Annotated[RedeemInput, INPUT]) -> RedeemResult:
        info.context.require(Permission.REDEEM)
        request = to_request(input.order, input.redeemables, info.context.scope)
        evaluation, redemption = await services.redeem(
            request=request, idempotency_key=input.idempotency_key, events=info.context.events
        )
        result = ValidationResult.build(evaluation)
        if redemption is None:
            return RedeemRefused(
                message="No requested redeemable applies to this order.",
                code="NOTHING_REDEEMED",
                field="redeemables",
                result=result,
            )
        return RedeemSuccess(redemption=Redemption.from_model(redemption), result=result)

    @strawberry.mutation(description="Undo a redemption at most once (concurrent calls: one succeeds).")
    @errors_as_results
    async def redemption_rollback(
        self, info: Info, input: Annotated[RedemptionRollbackInput, INPUT]
    ) -> RedemptionRollbackResult:
        info.context.require(Permission.REDEEM)
        redemption_id = decode_id("Redemption", input.id)
        await access.visible_redemption(info.context.scope, redemption_id)
        redemption = await redemptions.rollback(
            redemption_id=redemption_id,
            reason=input.reason,
            idempotency_key=input.idempotency_key,
            events=info.context.events,
        )
        return RedemptionRollbackSuccess(redemption=Redemption.from_model(redemption))

    @strawberry.mutation(description="Change the project's stacking rules.")
    @errors_as_results
    async def stacking_rules_update(
        self, info: Info, input: Annotated[StackingRulesInput, INPUT]
    ) -> StackingRulesUpdateResult:
        info.context.require(Permission.PROJECT_WRITE)
        changes = {name: value for name, value in vars(input).items() if value is not strawberry.UNSET}
        for name, value in changes.items():
            if value is None and name != "category_limit":
                raise InvalidInput("This field cannot be null.", field=name)
        rules = await stacking.update_stacking_rules(**changes)
        return StackingRulesUpdateSuccess(stacking_rules=StackingRules.from_rules(rules))
