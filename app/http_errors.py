"""Errors at the HTTP level: every route answers a GraphQL-shaped JSON document with a code."""

from __future__ import annotations

from collections.abc import Mapping

import structlog
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from app.core.errors import UNEXPECTED_MESSAGE
from app.core.outages import SERVER_UNREACHABLE

log = structlog.get_logger("app.http")

UNAVAILABLE_MESSAGE = "A server the API depends on cannot be reached; retry later."
RETRY_AFTER_SECONDS = 5

CODES_BY_STATUS = {
    400: "BAD_REQUEST",
    401: "UNAUTHENTICATED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    413: "BODY_TOO_LARGE",
    503: "SERVICE_UNAVAILABLE",
}


def code_for_status(status: int) -> str:
    """The `extensions.code` of an error answered with HTTP `status`."""
    return CODES_BY_STATUS.get(status, "BAD_REQUEST" if status < 500 else "INTERNAL_SERVER_ERROR")


class ErrorResponse(JSONResponse):
    """A GraphQL-shaped error document for a request refused before (or instead of) GraphQL execution."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        headers: Mapping[str, str] | None = None,
        extensions: Mapping[str, object] | None = None,
    ) -> None:
        error = {"message": message, "extensions": {"code": code, **(extensions or {})}}
        super().__init__({"errors": [error]}, status, headers)
        self.code = code


def failure_response(request: Request, exc: Exception) -> ErrorResponse:
    """The answer to an exception nothing else handled: 503 for an outage, else a logged 500."""
    if isinstance(exc, SERVER_UNREACHABLE):
        log.warning("service_unavailable", path=request.url.path, error=f"{type(exc).__name__}: {exc}")
        return ErrorResponse(503, "SERVICE_UNAVAILABLE", UNAVAILABLE_MESSAGE, {"Retry-After": str(RETRY_AFTER_SECONDS)})
    log.error("unexpected_error", path=request.url.path, method=request.method, exc_info=exc)
    return ErrorResponse(500, "INTERNAL_SERVER_ERROR", UNEXPECTED_MESSAGE)


async def http_exception_handler(request: Request, exc: Exception) -> Response:
    """Starlette's own refusals (unknown path, method not allowed) as JSON."""
    assert isinstance(exc, HTTPException)
    return ErrorResponse(exc.status_code, code_for_status(exc.status_code), exc.detail, exc.headers)


async def unhandled_exception_handler(request: Request, exc: Exception) -> Response:
    """Any route's unexpected failure as JSON (Starlette's server-error middleware calls this)."""
    return failure_response(request, exc)
