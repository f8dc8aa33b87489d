"""The /graphql endpoint: authentication, size limits, JSON errors, request log and metrics.

Every HTTP answer of /graphql is a GraphQL JSON document: what strawberry refuses, what its parsing
trips over and what fails unexpectedly are all turned into `{"errors": [...]}` with a code here.
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from typing import Any, cast

import orjson
import structlog
from arq.connections import ArqRedis
from cross_web import AsyncHTTPRequestAdapter, HTTPException
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, Response
from starlette.types import Message, Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import ASGIWebSocketAdapter, GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.http.base import BaseRequestProtocol
from strawberry.types import ExecutionResult

from app.access.origins import origin_registry
from app.access.services import Credentials, key_cache
from app.core.events import EventBus
from app.core.metrics import graphql_request_metrics
from app.core.outages import SERVER_UNREACHABLE
from app.core.secrets import bearer_token, visible_prefix
from app.cors import refresh_origins
from app.graphql.client_gate import ClientGate, ClientRefused
from app.graphql.context import Context
from app.graphql.documents import DocumentRefused, DocumentStore
from app.graphql.graphiql import render_graphiql
from app.graphql.lean import LeanPost, request_fields
from app.graphql.live import watch_connection
from app.graphql.prepared import RESOLVED
from app.graphql.schema import PromoSchema
from app.http_errors import ErrorResponse, code_for_status, failure_response
from app.settings import Settings

log = structlog.get_logger("app.request")
# The standard-library logger behind `log`: asking it whether INFO is on costs a cached lookup.
request_log = logging.getLogger("app.request")

AUTH_HELP = "Send an API key as `Authorization: Bearer <key>` (create one with `promo api-key create`)."
NOT_A_REQUEST = (
    'The body is not a GraphQL request: send a JSON object such as {"query": "{ viewer { name } }"} '
    "(or a GraphQL multipart request for uploads)."
)
METHODS = ("GET", "POST")
FORBIDDEN_CLOSE_CODE = 4403  # graphql-transport-ws: connection_init refused


class BodyTooLarge(Exception):
    """The request body passed the configured limit while it was being read."""


async def read_body(request: Request) -> bytes:
    """The whole body, kept on `request` as Starlette keeps it (strawberry reads it again if it takes over).

    Starlette's `body()` goes through an async generator per chunk; a JSON request is one or two messages.
    """
    chunks: list[bytes] = []
    while True:
        message = await request.receive()
        if message["type"] == "http.disconnect":
            raise HTTPException(400, "The client went away before sending the whole body.")
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    body = chunks[0] if len(chunks) == 1 else b"".join(chunks)
    request._body = body
    return body


def _is_json(request: Request) -> bool:
    """A plain `application/json` body (any other type, however strawberry reads it, goes to strawberry)."""
    return request.headers.get("content-type", "").split(";", 1)[0].strip() == "application/json"


def nested_deeper_than(value: object, limit: int) -> bool:
    """Whether arrays and objects in `value` nest more than `limit` levels (no recursion)."""
    pending: list[tuple[object, int]] = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        for child in children:
            if isinstance(child, (dict, list)):
                if depth + 1 > limit:
                    return True
                pending.append((child, depth + 1))
    return False


class RefusalClosingAdapter(ASGIWebSocketAdapter):
    """Closes a refused CLIENT connection with its code (4403 ORIGIN_NOT_ALLOWED, 4429 RATE_LIMITED retryAfter=n).

    Strawberry closes every rejected connection_init with 4403 "Forbidden"; a browser app needs to
    know whether to wait and retry.
    """

    async def close(self, code: int, reason: str) -> None:
        refused: ClientRefused | None = getattr(self.ws.state, "client_refused", None)
        if refused is not None and code == FORBIDDEN_CLOSE_CODE:
            code = 4000 + refused.status
            reason = refused.code if refused.retry_after is None else f"{refused.code} retryAfter={refused.retry_after}"
        await super().close(code, reason)


class GraphQLView(GraphQL[Context, None]):
    """Strawberry's ASGI view with the project's authentication and guard rails."""

    websocket_adapter_class = RefusalClosingAdapter

    def __init__(self, schema: PromoSchema, settings: Settings, redis: ArqRedis) -> None:
        # Uploads (CSV imports) are safe from CSRF here: every request needs an Authorization header,
        # which a cross-site form cannot send.
        super().__init__(schema, graphql_ide="graphiql", multipart_uploads_enabled=True)
        self.settings = settings
        self.redis = redis
        self.events = EventBus(redis, settings.redis_prefix)
        self.client_gate = ClientGate(settings, redis)
        self.documents = DocumentStore(schema._schema, settings, redis)
        self.lean = LeanPost(schema, settings, self.documents)

    def encode_json(self, data: object) -> str:
        # Text, not bytes: graphql-transport-ws messages must travel in text frames.
        return orjson.dumps(data).decode()

    def decode_json(self, data: str | bytes) -> object:
        # orjson refuses invalid UTF-8 and nesting past 1024 levels (json.loads recurses until it crashes).
        return orjson.loads(data)

    def parse_json(self, data: str | bytes) -> Any:
        """A JSON document of the request (body, multipart operations, GET variables), within the limits."""
        try:
            value = self.decode_json(data)
        except orjson.JSONDecodeError as exc:
            raise HTTPException(400, f"The request is not valid JSON in UTF-8: {exc}") from exc
        limit = self.settings.max_json_depth
        if nested_deeper_than(value, limit):
            raise HTTPException(400, f"The request's JSON nests arrays and objects deeper than {limit} levels.")
        return value

    async def parse_http_body(self, request: AsyncHTTPRequestAdapter) -> GraphQLRequestData | list[GraphQLRequestData]:
        """Strawberry's parsing, with every way a malformed body can trip it answered as a bad request.

        Strawberry assumes the body decodes to an object (`"x"` or `null` raise AttributeError) and that
        a multipart `map` has the spec's shape; whatever the body holds, failing here is the client's doing.
        """
        try:
            return await super().parse_http_body(request)
        except ClientDisconnect as exc:
            raise HTTPException(400, "The client went away before sending the whole body.") from exc
        except (ValueError, TypeError, AttributeError, LookupError, RecursionError) as exc:
            raise HTTPException(400, NOT_A_REQUEST) from exc

    async def execute_single(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,
        context: Context,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        """Run the document the request names (APQ hash, trusted document or text), prepared when known."""
        credentials = context.credentials
        trusted_only = credentials is not None and self.settings.runs_trusted_documents_only(credentials.key.role.value)
        try:
            resolved = await self.documents.resolve(
                request_data.query, request_data.extensions, trusted_only=trusted_only
            )
        except DocumentRefused as exc:
            return ExecutionResult(data=None, errors=[exc.error])
        token = RESOLVED.set(resolved)
        try:
            return await super().execute_single(
                request, request_adapter, sub_response, context, root_value, replace(request_data, query=resolved.query)
            )
        finally:
            RESOLVED.reset(token)

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        """Give parse and validation errors (which skip the schema extensions) a `code` too."""
        response = await super().process_result(request, result)
        for error in response.get("errors") or []:
            extensions = cast("dict[str, object]", error).setdefault("extensions", {})
            cast("dict[str, object]", extensions).setdefault("code", "GRAPHQL_VALIDATION_FAILED")
        return response

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        """Strawberry's sub-response (no status, no headers) without building a content-length to delete."""
        sub_response = Response(status_code=204)  # a status without a body: Starlette adds no header
        sub_response.status_code = None  # type: ignore[assignment]  # as strawberry's: "not set by a resolver"
        return sub_response

    def should_render_graphql_ide(self, request: BaseRequestProtocol) -> bool:
        # A GET naming a persisted query has no `query` either, and clients may accept */*.
        return "extensions" not in request.query_params and super().should_render_graphql_ide(request)

    async def render_graphql_ide(self, request: Request) -> Response:
        return HTMLResponse(render_graphiql(api_key=self.settings.graphiql_key_shown))

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
        try:
            credentials = await key_cache.authenticate(token) if token else None
        except SERVER_UNREACHABLE as exc:
            log.warning("service_unavailable", error=f"{type(exc).__name__}: {exc}", transport="websocket")
            raise ConnectionRejectionError(
                {"code": "SERVICE_UNAVAILABLE", "message": "A server the API depends on is unreachable; retry."}
            ) from exc
        if credentials is None:
            raise ConnectionRejectionError({"code": "UNAUTHENTICATED", "message": AUTH_HELP})
        if isinstance(context.request, WebSocket):
            # WebSockets are outside CORS: a CLIENT key's origins are checked here, on connection_init.
            socket = context.request
            try:
                await self.client_gate.admit(credentials, socket)
            except ClientRefused as refused:
                socket.state.client_refused = refused  # the close frame says why (RefusalClosingAdapter)
                raise ConnectionRejectionError({"message": refused.message, **refused.extensions}) from refused
        context.credentials = credentials
        context.token = token
        if isinstance(context.request, WebSocket):
            watch_connection(context, context.request)

    def is_websocket_origin_allowed(self, request: WebSocket, origin: str) -> bool:
        """The handshake from another origin: the CORS origins (the key's own are checked on connection_init)."""
        return origin in self.settings.cors_origins or origin_registry.allows(origin)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            if scope["type"] == "websocket":
                await refresh_origins(scope)
            await super().__call__(scope, receive, send)
            return
        started = time.perf_counter()
        request = Request(scope, receive)
        # One request object (it parses the headers once): its body is read through the size guard.
        limit = self._limit(request)
        request._receive = self._limited(receive, limit)
        response = await self._respond(request, limit)
        elapsed = time.perf_counter() - started
        await response(scope, receive, send)
        self._record(request, response, elapsed)

    async def _respond(self, request: Request, limit: int) -> Response:
        try:
            return await self._answer(request, limit)
        except Exception as exc:  # strawberry internals, authentication, encoding: still a JSON answer
            return failure_response(request, exc)
        finally:
            await request.close()  # uploaded files a resolver did not read (e.g. refused calls) are closed too

    async def _answer(self, request: Request, limit: int) -> Response:
        if request.method not in METHODS:
            allow = {"Allow": ", ".join(METHODS)}
            return ErrorResponse(405, "METHOD_NOT_ALLOWED", "/graphql answers GET and POST.", allow)
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            return self._too_large()
        if not self._wants_graphiql(request):
            authorization = request.headers.get("authorization")
            token = bearer_token(authorization)
            credentials = await key_cache.authenticate(token) if token else None
            if credentials is None:
                message = "The API key is invalid or revoked." if authorization else AUTH_HELP
                return ErrorResponse(401, "UNAUTHENTICATED", message)
            request.state.credentials = credentials
            try:
                await self.client_gate.admit(credentials, request)
            except ClientRefused as refused:
                retry = {"Retry-After": str(refused.retry_after)} if refused.retry_after is not None else None
                return ErrorResponse(refused.status, refused.code, refused.message, retry, refused.extensions)
        try:
            if self.settings.graphql_lean_post and request.method == "POST" and _is_json(request):
                return await self._lean_post(request)
            return await self.run(request)
        except BodyTooLarge:
            return self._too_large()
        except HTTPException as exc:
            return ErrorResponse(exc.status_code, code_for_status(exc.status_code), exc.reason)
        except StarletteHTTPException as exc:  # Starlette's form parser refusing a malformed multipart body
            return ErrorResponse(exc.status_code, code_for_status(exc.status_code), exc.detail)

    async def _lean_post(self, request: Request) -> Response:
        """A JSON POST on the lean path (app/graphql/lean.py); what it does not serve, strawberry's view answers.

        Starlette keeps the body it read, so strawberry reads the same bytes when it takes over.
        """
        fields = request_fields(self.parse_json(await read_body(request)))
        if fields is None:
            return await self.run(request)
        query, variables, operation_name, extensions = fields
        sub_response = await self.get_sub_response(request)
        context = await self.get_context(request, sub_response)
        result = await self.lean.run(query, variables, operation_name, extensions, context)
        if result is None:
            return await self.run(request)
        response = Response(orjson.dumps(await self.process_result(request, result)), media_type="application/json")
        # What a resolver set on the context's response, merged as strawberry's create_response does.
        response.raw_headers.extend(sub_response.raw_headers)
        response.background = sub_response.background
        if sub_response.status_code:
            response.status_code = sub_response.status_code
        return response

    def _wants_graphiql(self, request: Request) -> bool:
        return request.method == "GET" and "text/html" in request.headers.get("accept", "")

    def _limit(self, request: Request) -> int:
        multipart = request.headers.get("content-type", "").startswith("multipart/form-data")
        return self.settings.max_upload_bytes if multipart else self.settings.max_body_bytes

    def _too_large(self) -> ErrorResponse:
        limit = self.settings.max_body_bytes
        return ErrorResponse(413, "BODY_TOO_LARGE", f"The request body exceeds {limit} bytes.")

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

    def _record(self, request: Request, response: Response, elapsed: float) -> None:
        state = request.state
        status = response.status_code
        # The client's operation name goes to the log only: as a label it would grow without bound.
        root_field = getattr(state, "root_field", None) or "-"
        outcome = "ok" if status < 400 else "rejected" if status < 500 else "failed"
        graphql_request_metrics.record(root_field, outcome, elapsed)
        if not request_log.isEnabledFor(logging.INFO):
            return  # nothing below is needed when the line would be dropped
        credentials: Credentials | None = getattr(state, "credentials", None)
        key = credentials.key if credentials else None
        prefix = key.prefix if key else visible_prefix(bearer_token(request.headers.get("authorization")) or "")
        log.info(
            "graphql_request",
            operation=getattr(state, "operation_name", None) or "-",
            root_field=root_field,
            status=status,
            code=response.code if isinstance(response, ErrorResponse) else None,
            duration_ms=round(elapsed * 1000, 2),
            key_prefix=prefix or None,
            method=request.method,
        )
