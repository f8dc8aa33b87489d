"""Webhook inputs."""

from __future__ import annotations

import strawberry

from app.graphql.constraints import Items, Line, Text
from app.graphql.webhooks.types import WebhookEventType
from app.webhooks.services import EndpointSpec
from app.webhooks.urls import MAX_URL_LENGTH

URL = Line(MAX_URL_LENGTH)
EVENT_TYPES = Items(len(WebhookEventType))
ABOUT = Text(500)


@strawberry.input(description="A new webhook endpoint.")
class WebhookEndpointCreateInput:
    url: str = strawberry.field(
        directives=[URL],
        description="http(s) URL to POST events to: no credentials; public addresses only unless the server "
        "sets WEBHOOKS_ALLOW_PRIVATE.",
    )
    event_types: list[WebhookEventType] = strawberry.field(
        directives=[EVENT_TYPES], description="The events it receives (at least one)."
    )
    enabled: bool = strawberry.field(default=True, description="Whether it receives events from now on.")
    description: str | None = strawberry.field(
        directives=[ABOUT], default=None, description="What the endpoint is for."
    )

    def to_spec(self) -> EndpointSpec:
        return EndpointSpec(
            url=self.url, event_types=self.event_types, enabled=self.enabled, description=self.description
        )


@strawberry.input(description="Changes to a webhook endpoint (omitted fields stay).")
class WebhookEndpointUpdateInput:
    url: str | None = strawberry.field(directives=[URL], default=None, description="A new URL.")
    event_types: list[WebhookEventType] | None = strawberry.field(
        directives=[EVENT_TYPES], default=None, description="The events it receives from now on."
    )
    enabled: bool | None = strawberry.field(
        default=None, description="Disable, or enable again (clears `disabledReason` and the failure count)."
    )
    description: str | None = strawberry.field(directives=[ABOUT], default=None, description="A new description.")

    def to_spec(self) -> EndpointSpec:
        return EndpointSpec(
            url=self.url, event_types=self.event_types, enabled=self.enabled, description=self.description
        )
