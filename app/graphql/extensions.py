"""Schema extensions: error shaping and masking, and operation bookkeeping for logs and metrics."""

from __future__ import annotations

from collections.abc import Iterator

from graphql.error import GraphQLError
from strawberry.extensions import MaskErrors, SchemaExtension

from app.core.errors import DomainError

UNEXPECTED_MESSAGE = "Unexpected error; it has been logged."


def is_unexpected(error: GraphQLError) -> bool:
    """An error that came from a bug or an outage rather than from the request itself."""
    original = error.original_error
    return original is not None and not isinstance(original, (DomainError, GraphQLError))


class ShapeErrors(MaskErrors):
    """Give every error a `code` extension; hide the details of unexpected ones."""

    def __init__(self) -> None:
        super().__init__(error_message=UNEXPECTED_MESSAGE)

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        return [self._shape(error) for error in errors]

    def _shape(self, error: GraphQLError) -> GraphQLError:
        original = error.original_error
        message = error.message
        if isinstance(original, DomainError):
            extensions: dict[str, object] = {"code": original.code, "field": original.field}
        elif is_unexpected(error):
            extensions = {"code": "INTERNAL_SERVER_ERROR"}
            original = None
            message = self.error_message
        else:
            default_code = "GRAPHQL_VALIDATION_FAILED" if error.path is None else "BAD_REQUEST"
            extensions = {"code": default_code, **(error.extensions or {})}
        return GraphQLError(
            message=message,
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            original_error=original,
            extensions=extensions,
        )


class RecordOperationName(SchemaExtension):
    """Put the executed operation's name on the context for the request log and metrics."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context.context
        name = self.execution_context.operation_name
        if name is None:
            operation_type = self.execution_context.operation_type
            name = f"anonymous {operation_type.value}" if operation_type else "anonymous"
        context.operation_name = name[:64]
        context.request.state.operation_name = context.operation_name
        yield
