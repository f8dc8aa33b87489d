"""Webhook mutations (WEBHOOKS_MANAGE)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.access.models import Permission
from app.core.ids import decode_id
from app.graphql.context import Info
from app.graphql.errors import NotFoundError, PermissionDeniedError, ValidationError, errors_as_results
from app.graphql.webhooks.inputs import WebhookEndpointCreateInput, WebhookEndpointUpdateInput
from app.graphql.webhooks.types import WebhookDelivery, WebhookEndpoint
from app.webhooks import services


@strawberry.type(description="The endpoint was created; store its secret now, it is not shown again.")
class WebhookEndpointCreateSuccess:
    endpoint: WebhookEndpoint = strawberry.field(description="The endpoint.")
    secret: str = strawberry.field(
        description="The signing secret (`whsec_` + base64), shown this once: verify each request with it "
        "(e.g. `standardwebhooks.Webhook(secret).verify(body, headers)`)."
    )


@strawberry.type(description="The endpoint was changed.")
class WebhookEndpointUpdateSuccess:
    endpoint: WebhookEndpoint = strawberry.field(description="The endpoint.")


@strawberry.type(description="The endpoint and its deliveries were deleted.")
class WebhookEndpointDeleteSuccess:
    id: strawberry.ID = strawberry.field(description="Its id.")


@strawberry.type(description="The delivery is due again at once (same `webhook-id`).")
class WebhookRedeliverSuccess:
    delivery: WebhookDelivery = strawberry.field(description="The delivery.")


WebhookEndpointCreateResult = Annotated[
    WebhookEndpointCreateSuccess | ValidationError | PermissionDeniedError,
    strawberry.union("WebhookEndpointCreateResult", description="Outcome of webhookEndpointCreate."),
]
WebhookEndpointUpdateResult = Annotated[
    WebhookEndpointUpdateSuccess | ValidationError | NotFoundError | PermissionDeniedError,
    strawberry.union("WebhookEndpointUpdateResult", description="Outcome of webhookEndpointUpdate."),
]
WebhookEndpointDeleteResult = Annotated[
    WebhookEndpointDeleteSuccess | NotFoundError | PermissionDeniedError,
    strawberry.union("WebhookEndpointDeleteResult", description="Outcome of webhookEndpointDelete."),
]
WebhookRedeliverResult = Annotated[
    WebhookRedeliverSuccess | NotFoundError | PermissionDeniedError,
    strawberry.union("WebhookRedeliverResult", description="Outcome of webhookRedeliver."),
]
ID_ARG = strawberry.argument(description="Its id.")


@strawberry.type
class WebhookMutation:
    @strawberry.mutation(description="Create a webhook endpoint; the answer holds its signing secret, once.")
    @errors_as_results
    async def webhook_endpoint_create(
        self,
        info: Info,
        input: Annotated[WebhookEndpointCreateInput, strawberry.argument(description="The endpoint.")],
    ) -> WebhookEndpointCreateResult:
        info.context.require(Permission.WEBHOOKS_MANAGE)
        endpoint, secret = await services.create_endpoint(spec=input.to_spec())
        return WebhookEndpointCreateSuccess(endpoint=WebhookEndpoint.from_model(endpoint), secret=secret)

    @strawberry.mutation(description="Change a webhook endpoint's URL, events, description or enabled flag.")
    @errors_as_results
    async def webhook_endpoint_update(
        self,
        info: Info,
        id: Annotated[strawberry.ID, ID_ARG],
        input: Annotated[WebhookEndpointUpdateInput, strawberry.argument(description="The changes.")],
    ) -> WebhookEndpointUpdateResult:
        info.context.require(Permission.WEBHOOKS_MANAGE)
        endpoint = await services.update_endpoint(endpoint_id=decode_id("WebhookEndpoint", id), spec=input.to_spec())
        return WebhookEndpointUpdateSuccess(endpoint=WebhookEndpoint.from_model(endpoint))

    @strawberry.mutation(description="Delete a webhook endpoint and its deliveries.")
    @errors_as_results
    async def webhook_endpoint_delete(
        self, info: Info, id: Annotated[strawberry.ID, ID_ARG]
    ) -> WebhookEndpointDeleteResult:
        info.context.require(Permission.WEBHOOKS_MANAGE)
        await services.delete_endpoint(endpoint_id=decode_id("WebhookEndpoint", id))
        return WebhookEndpointDeleteSuccess(id=id)

    @strawberry.mutation(description="Send a delivery's event again at once (after it failed, or to replay it).")
    @errors_as_results
    async def webhook_redeliver(self, info: Info, id: Annotated[strawberry.ID, ID_ARG]) -> WebhookRedeliverResult:
        info.context.require(Permission.WEBHOOKS_MANAGE)
        delivery = await services.redeliver(delivery_id=decode_id("WebhookDelivery", id))
        return WebhookRedeliverSuccess(delivery=WebhookDelivery.from_model(delivery))
