"""Domain exceptions: each has a stable code, a message and optionally the offending input field.

The GraphQL layer turns them into union members of mutation results (`app.graphql.errors`).
"""

from __future__ import annotations

from typing import ClassVar

MAX_MESSAGE_LENGTH = 500
UNEXPECTED_MESSAGE = "Unexpected error; it has been logged."


class DomainError(Exception):
    """An expected failure a client can act on."""

    code: ClassVar[str] = "ERROR"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        # Messages may quote what a client sent: never echo more than a few hundred characters back.
        if len(message) > MAX_MESSAGE_LENGTH:
            message = message[: MAX_MESSAGE_LENGTH - 1] + "…"
        if field is not None and len(field) > MAX_MESSAGE_LENGTH:
            field = field[:MAX_MESSAGE_LENGTH]
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidInput(DomainError):
    """The input breaks a rule; `field` names which part."""

    code = "VALIDATION_ERROR"


class NotFound(DomainError):
    """The object does not exist, or the caller may not know it exists."""

    code = "NOT_FOUND"


class PermissionDenied(DomainError):
    """The caller is known but its role does not allow this."""

    code = "PERMISSION_DENIED"


class Unauthenticated(DomainError):
    """No valid API key came with the request."""

    code = "UNAUTHENTICATED"


class Conflict(DomainError):
    """The operation clashes with the current state (a duplicate, a stale version, …)."""

    code = "CONFLICT"
