"""The /graphql endpoint: authentication, size limits, JSON errors, request log and metrics."""

from __future__ import annotations

import time
from typing import Any, cast

import orjson
import structlog
from arq.connections import ArqRedis
from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.types import Message, Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from app.access.services import Credentials, key_cache
from app.core.events import EventBus
from app.core.metrics import GRAPHQL_LATENCY, GRAPHQL_REQUESTS
from app.core.secrets import visible_prefix
from app.graphql.context import Context
from app.graphql.graphiql import render_graphiql
from app.graphql.live import watch_connection
from app.graphql.schema import PromoSchema
from app.settings import Settings

log = structlog.get_logger("app.request")

AUTH_HELP = "Send an API key as `Authorization: Bearer <key>` (create one with `promo api-key create`)."


def error_response(status: int, code: str, message: str) -> JSONResponse:
    """A GraphQL-shaped error document for failures before execution."""
    return JSONResponse({"errors": [{"message": message, "extensions": {"code": code}}]}, status)


class BodyTooLarge(Exception):
    """The request body passed the configured limit while it was being read."""


def bearer_token(header: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` header value."""
    if not header:
        return None
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


class GraphQLView(GraphQL[Context, None]):
    """Strawberry's ASGI view with the project's authentication and guard rails."""

    def __init__(self, schema: PromoSchema, settings: Settings, redis: ArqRedis) -> None:
        # Uploads (CSV imports) are safe from CSRF here: every request needs an Authorization header,
        # which a cross-site form cannot send.
        super().__init__(schema, graphql_ide="graphiql", multipart_uploads_enabled=True)
        self.settings = settings
        self.redis = redis
        self.events = EventBus(redis, settings.redis_prefix)

    def encode_json(self, data: object) -> str:
        # Text, not bytes: graphql-transport-ws messages must travel in text frames.
        return orjson.dumps(data).decode()

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        """Give parse and validation errors (which skip the schema extensions) a `code` too."""
        response = await super().process_result(request, result)
        for error in response.get("errors") or []:
            extensions = cast("dict[str, object]", error).setdefault("extensions", {})
            cast("dict[str, object]", extensions).setdefault("code", "GRAPHQL_VALIDATION_FAILED")
        return response

    async def render_graphql_ide(self, request: Request) -> Response:
        return HTMLResponse(render_graphiql(api_key=self.settings.graphiql_api_key))

    async def get_context(self, request: Request | WebSocket, response: Any) -> Context:
        return Context(
            request=request,
            response=response,
            settings=self.settings,
            redis=self.redis,
            events=self.events,
            credentials=getattr(request.state, "credentials", None),
        )

    async def on_ws_connect(self, context: Context) -> None:
        params = context.connection_params or {}
        header = params.get("Authorization") or params.get("authorization")
        token = bearer_token(header if isinstance(header, str) else None)
        credentials = await key_cache.authenticate(token) if token else None
        if credentials is None:
            raise ConnectionRejectionError({"code": "UNAUTHENTICATED", "message": AUTH_HELP})
        context.credentials = credentials
        context.token = token
        if isinstance(context.request, WebSocket):
            watch_connection(context, context.request)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        started = time.perf_counter()
        request = Request(scope, receive)
        request = Request(scope, self._limited(receive, self._limit(request)))
        response = await self._respond(request)
        elapsed = time.perf_counter() - started
        await response(scope, receive, send)
        self._record(request, response.status_code, elapsed)

    async def _respond(self, request: Request) -> Response:
        try:
            return await self._answer(request)
        finally:
            await request.close()  # uploaded files a resolver did not read (e.g. refused calls) are closed too

    async def _answer(self, request: Request) -> Response:
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self._limit(request):
            return self._too_large()
        if not self._wants_graphiql(request):
            authorization = request.headers.get("authorization")
            token = bearer_token(authorization)
            credentials = await key_cache.authenticate(token) if token else None
            if credentials is None:
                message = "The API key is invalid or revoked." if authorization else AUTH_HELP
                return error_response(401, "UNAUTHENTICATED", message)
            request.state.credentials = credentials
        try:
            return await self.run(request)
        except BodyTooLarge:
            return self._too_large()
        except HTTPException as exc:
            return error_response(exc.status_code, "BAD_REQUEST", exc.reason)

    def _wants_graphiql(self, request: Request) -> bool:
        return request.method == "GET" and "text/html" in request.headers.get("accept", "")

    def _limit(self, request: Request) -> int:
        multipart = request.headers.get("content-type", "").startswith("multipart/form-data")
        return self.settings.max_upload_bytes if multipart else self.settings.max_body_bytes

    def _too_large(self) -> JSONResponse:
        limit = self.settings.max_body_bytes
        return error_response(413, "BODY_TOO_LARGE", f"The request body exceeds {limit} bytes.")

    def _limited(self, receive: Receive, limit: int) -> Receive:
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge
            return message

        return limited_receive

    def _record(self, request: Request, status: int, elapsed: float) -> None:
        credentials: Credentials | None = getattr(request.state, "credentials", None)
        key = credentials.key if credentials else None
        operation = getattr(request.state, "operation_name", None) or "-"
        outcome = "ok" if status < 400 else "rejected"
        GRAPHQL_REQUESTS.labels(operation, outcome).inc()
        GRAPHQL_LATENCY.labels(operation).observe(elapsed)
        prefix = key.prefix if key else visible_prefix(bearer_token(request.headers.get("authorization")) or "")
        log.info(
            "graphql_request",
            operation=operation,
            status=status,
            duration_ms=round(elapsed * 1000, 2),
            key_prefix=prefix or None,
            method=request.method,
        )
