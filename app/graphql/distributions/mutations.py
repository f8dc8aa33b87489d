"""Distribution mutations: create (idempotent) and cancel."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.access.models import Permission
from app.core.ids import decode_id
from app.distributions import services
from app.graphql.context import Info
from app.graphql.distributions.inputs import DistributionCreateInput
from app.graphql.distributions.types import Distribution
from app.graphql.errors import ConflictError, NotFoundError, PermissionDeniedError, ValidationError, errors_as_results

INPUT = strawberry.argument(description="The mutation's input.")
ERRORS = ValidationError | NotFoundError | ConflictError | PermissionDeniedError


@strawberry.type(description="The distribution (a retry with the same idempotency key answers the first one).")
class DistributionCreateSuccess:
    distribution: Distribution = strawberry.field(description="The distribution; a worker creates its runs.")
    created: bool = strawberry.field(description="False when an earlier request with the same key created it.")


@strawberry.type(description="The distribution was cancelled (or already was over).")
class DistributionCancelSuccess:
    distribution: Distribution = strawberry.field(description="The distribution now.")


DistributionCreateResult = Annotated[
    DistributionCreateSuccess | ERRORS,
    strawberry.union(
        "DistributionCreateResult",
        description="Outcome of distributionCreate (NOT_DISTRIBUTABLE, IDEMPOTENCY_KEY_REUSED, bad schedules and "
        "points naming their field, e.g. `schedule.cron`).",
    ),
]
DistributionCancelResult = Annotated[
    DistributionCancelSuccess | ERRORS,
    strawberry.union("DistributionCancelResult", description="Outcome of distributionCancel."),
]


@strawberry.type
class DistributionMutation:
    @strawberry.mutation(
        description="Reward a PAST_BEHAVIOR or CUSTOM_LIST campaign's segment now, once or on a recurring schedule "
        "(CAMPAIGNS_WRITE; restricted keys: campaigns they may edit). The worker's cron creates and executes runs."
    )
    @errors_as_results
    async def distribution_create(
        self, info: Info, input: Annotated[DistributionCreateInput, INPUT]
    ) -> DistributionCreateResult:
        key = info.context.require(Permission.CAMPAIGNS_WRITE)
        spec = services.DistributionSpec(
            campaign_id=decode_id("Campaign", input.campaign_id, field="campaignId"),
            schedule=input.schedule.to_schedule(),
            reward_policy=input.reward_policy,
            points=input.points.to_json() if input.points is not None else None,
            idempotency_key=input.idempotency_key,
        )
        distribution, created = await services.create(scope=info.context.scope, spec=spec, actor_id=key.id)
        return DistributionCreateSuccess(distribution=Distribution.from_model(distribution), created=created)

    @strawberry.mutation(
        description="Stop creating runs and cancel the pending ones; a run under way stops at its next chunk "
        "(CAMPAIGNS_WRITE)."
    )
    @errors_as_results
    async def distribution_cancel(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="The distribution.")]
    ) -> DistributionCancelResult:
        info.context.require(Permission.CAMPAIGNS_WRITE)
        distribution = await services.cancel(
            scope=info.context.scope, distribution_id=decode_id("Distribution", id, field="id")
        )
        return DistributionCancelSuccess(distribution=Distribution.from_model(distribution))
