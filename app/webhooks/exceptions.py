"""Webhook failures a client can act on."""

from __future__ import annotations

from app.core.errors import InvalidInput, NotFound


class EndpointNotFound(NotFound):
    """No webhook endpoint has this id."""

    code = "WEBHOOK_ENDPOINT_NOT_FOUND"


class DeliveryNotFound(NotFound):
    """No webhook delivery has this id."""

    code = "WEBHOOK_DELIVERY_NOT_FOUND"


class UrlRefused(InvalidInput):
    """The URL is not one webhooks may be sent to (scheme, credentials, length or address)."""

    code = "WEBHOOK_URL_REFUSED"
