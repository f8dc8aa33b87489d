"""The schema: every domain's root fields merged, with caches and abuse limits."""

from __future__ import annotations

from typing import Any

import strawberry
import structlog
from graphql.error import GraphQLError
from strawberry.extensions import MaxTokensLimiter
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext
from strawberry.types.base import StrawberryObjectDefinition
from strawberry.types.field import StrawberryField

from app.graphql.access.mutations import AccessMutation
from app.graphql.access.queries import AccessQuery
from app.graphql.access.subscriptions import AccessSubscription
from app.graphql.bounds import BoundsRegistry
from app.graphql.campaigns.mutations import CampaignMutation
from app.graphql.campaigns.queries import CampaignQuery
from app.graphql.campaigns.subscriptions import CampaignSubscription
from app.graphql.codes.imports import ImportMutation
from app.graphql.codes.mutations import CodeMutation
from app.graphql.codes.queries import CodeQuery
from app.graphql.codes.subscriptions import CodeSubscription
from app.graphql.customers.mutations import CustomerMutation
from app.graphql.customers.queries import CustomerQuery
from app.graphql.distributions.mutations import DistributionMutation
from app.graphql.distributions.queries import DistributionQuery
from app.graphql.distributions.subscriptions import DistributionSubscription
from app.graphql.documents import PreparedParserCache
from app.graphql.errors import ConflictError, NotFoundError, PermissionDeniedError, ValidationError
from app.graphql.events.mutations import EventMutation
from app.graphql.events.queries import EventQuery
from app.graphql.exports.mutations import ExportMutation
from app.graphql.exports.queries import ExportQuery
from app.graphql.extensions import RecordOperationName, ShapeErrors, is_unexpected
from app.graphql.fast_inputs import compile_schema_inputs
from app.graphql.geofences.mutations import GeofenceMutation
from app.graphql.geofences.queries import GeofenceQuery
from app.graphql.jobs.queries import JobQuery, JobSubscription
from app.graphql.locations.mutations import CampaignAccessMutation, LocationMutation
from app.graphql.locations.queries import LocationQuery
from app.graphql.redemptions.mutations import RedemptionMutation
from app.graphql.redemptions.queries import RedemptionQuery
from app.graphql.redemptions.referrals import ReferralQuery
from app.graphql.scalars import SCALARS
from app.graphql.segments.mutations import SegmentMutation
from app.graphql.segments.queries import SegmentQuery
from app.graphql.triggers.mutations import TriggerMutation
from app.graphql.validation import LimitedValidation, bound_overlap_checks
from app.graphql.wallets.mutations import WalletMutation
from app.graphql.wallets.queries import WalletQuery
from app.graphql.wallets.subscriptions import WalletSubscription
from app.graphql.webhooks.mutations import WebhookMutation
from app.graphql.webhooks.queries import WebhookQuery
from app.settings import Settings, get_settings


@strawberry.type(description="Everything that can be read.")
class Query(
    AccessQuery,
    CampaignQuery,
    CustomerQuery,
    EventQuery,
    CodeQuery,
    JobQuery,
    RedemptionQuery,
    ReferralQuery,
    LocationQuery,
    GeofenceQuery,
    SegmentQuery,
    WalletQuery,
    DistributionQuery,
    WebhookQuery,
    ExportQuery,
):
    pass


@strawberry.type(description="Everything that changes state; each returns a result union.")
class Mutation(
    AccessMutation,
    CampaignMutation,
    CampaignAccessMutation,
    CustomerMutation,
    EventMutation,
    CodeMutation,
    ImportMutation,
    RedemptionMutation,
    LocationMutation,
    GeofenceMutation,
    SegmentMutation,
    WalletMutation,
    TriggerMutation,
    DistributionMutation,
    WebhookMutation,
    ExportMutation,
):
    pass


@strawberry.type(description="Live events over WebSocket (graphql-transport-ws).")
class Subscription(
    AccessSubscription,
    CampaignSubscription,
    CodeSubscription,
    JobSubscription,
    WalletSubscription,
    DistributionSubscription,
):
    pass


log = structlog.get_logger("app.graphql")


class PromoSchema(strawberry.Schema):
    """Checks every argument against its bounds; logs unexpected errors with their traceback."""

    def __init__(self, **kwargs: Any) -> None:
        config = kwargs.setdefault("config", StrawberryConfig(scalar_map=SCALARS))
        self.bounds = BoundsRegistry(config)
        super().__init__(**kwargs)
        self.bounds.compile_all()  # a String, Int or Float without a declared bound fails here, at build time
        # Field types are final now: every input type gets its conversion plan (see fast_inputs).
        self.inputs_left_to_strawberry = compile_schema_inputs(
            [
                concrete.definition
                for concrete in self.schema_converter.type_map.values()
                if isinstance(concrete.definition, StrawberryObjectDefinition)
            ],
            self.config.name_converter,
        )

    def get_fields(self, type_definition: StrawberryObjectDefinition) -> list[StrawberryField]:
        return self.bounds.prepare(super().get_fields(type_definition), is_input=type_definition.is_input)

    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        for error in errors:
            if is_unexpected(error):
                log.error(
                    "unexpected_error",
                    path=error.path,
                    exc_info=error.original_error,
                )


def build_schema(settings: Settings | None = None) -> PromoSchema:
    """The schema with the abuse limits of `settings`."""
    settings = settings or get_settings()
    bound_overlap_checks()
    # Factories: strawberry builds fresh extension instances per request (the caches are shared).
    extensions: list[Any] = [
        lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
        lambda: PreparedParserCache(maxsize=1024),
        lambda: LimitedValidation(settings),
        RecordOperationName,
        ShapeErrors,
    ]
    return PromoSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        extensions=extensions,
        types=[ValidationError, NotFoundError, PermissionDeniedError, ConflictError],
    )
