"""CORS for browser front ends: Starlette's middleware, answering for CORS_ORIGINS and CLIENT keys' origins.

Nothing is allowed by default. A preflight carries no API key, so it is answered for every origin
some active CLIENT key allows; the real request is then refused unless the key itself allows the
origin (app/graphql/client_gate.py). See docs/adr/0021-browser-and-mobile-client-keys.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

import structlog
from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.access.origins import OriginRegistry, origin_registry
from app.core.outages import SERVER_UNREACHABLE
from app.http_errors import ErrorResponse

log = structlog.get_logger(__name__)

ALLOWED_HEADERS = ("Authorization", "Content-Type")
PREFLIGHT_CACHE_SECONDS = 600


async def refresh_origins(scope: Scope, registry: OriginRegistry = origin_registry) -> None:
    """Bring the CLIENT keys' origins up to date before a request from a browser (one with `Origin`)."""
    if "origin" not in Headers(scope=scope):
        return
    try:
        await registry.refresh()
    except SERVER_UNREACHABLE as exc:  # keep the last known origins; the request itself will answer 503
        log.warning("cors_origins_not_refreshed", error=f"{type(exc).__name__}: {exc}")


async def vary_on_origin(send: Send, message: Message) -> None:
    """`message` with `Vary: Origin` added, as Starlette's CORSMiddleware adds it to answers without an Origin."""
    if message["type"] == "http.response.start":
        headers = list(message.get("headers", ()))
        vary = [value for name, value in headers if name.lower() == b"vary"]
        if vary:  # Starlette's MutableHeaders: one Vary header, where the first was, listing every value
            first = next(index for index, (name, _) in enumerate(headers) if name.lower() == b"vary")
            joined = b", ".join([*vary, b"Origin"])
            headers = [
                (name, value)
                for index, (name, value) in enumerate(headers)
                if index == first or name.lower() != b"vary"
            ]
            headers[first] = (b"vary", joined)
        else:
            headers.append((b"vary", b"Origin"))
        message = {**message, "headers": headers}
    await send(message)


class ApiCORSMiddleware(CORSMiddleware):
    def __init__(self, app: ASGIApp, *, configured: Iterable[str], registry: OriginRegistry) -> None:
        super().__init__(
            app,
            allow_origins=tuple(configured),
            allow_methods=("GET", "POST"),
            allow_headers=ALLOWED_HEADERS,
            expose_headers=("Retry-After",),
            max_age=PREFLIGHT_CACHE_SECONDS,
        )
        self.configured = frozenset(configured)
        self.registry = registry

    def is_allowed_origin(self, origin: str) -> bool:
        return origin in self.configured or self.registry.allows(origin)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        if "origin" not in Headers(scope=scope):
            # What Starlette does without an Origin (add `Vary: Origin`), without its header objects.
            await self.app(scope, receive, partial(vary_on_origin, send))
            return
        await refresh_origins(scope, self.registry)
        await super().__call__(scope, receive, send)

    def preflight_response(self, request_headers: Headers) -> Response:
        """Starlette's answer, with a refusal as a JSON error document instead of plain text."""
        response = super().preflight_response(request_headers)
        if response.status_code == 200:
            return response
        headers = {
            name: value for name, value in response.headers.items() if name.lower().startswith(("access-", "vary"))
        }
        reason = bytes(response.body).decode()
        return ErrorResponse(400, "CORS_REFUSED", f"{reason} (origin {request_headers['origin']}).", headers)
