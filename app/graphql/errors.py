"""Expected failures as GraphQL types: union members of every mutation result."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import ParamSpec, TypeVar

import strawberry

from app.core.errors import Conflict, DomainError, InvalidInput, NotFound, PermissionDenied


@strawberry.interface(description="An expected failure: what went wrong, a stable code, and where.")
class Error:
    message: str = strawberry.field(description="Human-readable explanation.")
    code: str = strawberry.field(description="Stable machine-readable code.")
    field: str | None = strawberry.field(description="The input field at fault (dotted path), when one is.")


@strawberry.type(description="The input breaks a rule; nothing was written.")
class ValidationError(Error):
    pass


@strawberry.type(description="The object does not exist or is outside the caller's scope.")
class NotFoundError(Error):
    pass


@strawberry.type(description="The caller's role does not allow this operation.")
class PermissionDeniedError(Error):
    pass


@strawberry.type(description="The operation clashes with the current state of the object.")
class ConflictError(Error):
    pass


ERROR_TYPES: dict[type[DomainError], type[Error]] = {
    InvalidInput: ValidationError,
    NotFound: NotFoundError,
    PermissionDenied: PermissionDeniedError,
    Conflict: ConflictError,
}


def error_from(exc: DomainError) -> Error:
    """The GraphQL error member for a domain exception."""
    for exc_type in type(exc).__mro__:
        graphql_type = ERROR_TYPES.get(exc_type)
        if graphql_type is not None:
            return graphql_type(message=exc.message, code=exc.code, field=exc.field)
    raise exc


P = ParamSpec("P")
R = TypeVar("R")


def errors_as_results(resolver: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R | Error]]:
    """Return expected failures raised by `resolver` as union members instead of raising."""

    @functools.wraps(resolver)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> R | Error:
        try:
            return await resolver(*args, **kwargs)
        except DomainError as exc:
            return error_from(exc)

    return wrapper
