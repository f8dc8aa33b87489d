"""Schema extensions: error shaping and masking, and operation bookkeeping for logs and metrics."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql.error import GraphQLError
from graphql.language import FieldNode, OperationDefinitionNode
from graphql.utilities import get_operation_ast
from strawberry.extensions import MaskErrors, SchemaExtension

from app.core.errors import UNEXPECTED_MESSAGE, DomainError
from app.core.outages import SERVER_UNREACHABLE

OTHER_ROOT_FIELD = "other"


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
        elif isinstance(original, SERVER_UNREACHABLE):
            # An outage, not a bug: the client should retry (the view logs it with the request).
            extensions = {"code": "SERVICE_UNAVAILABLE"}
            original = None
            message = "A server the API depends on is unreachable; retry shortly."
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
    """Put the executed operation's name and first root field on the request for the log and metrics.

    The name is the client's choice (any string); the root field is bounded by the schema, since this
    runs only for documents that passed validation, so metrics label requests by it.
    """

    def on_execute(self) -> Iterator[None]:
        execution = self.execution_context
        document = execution.graphql_document
        operation = get_operation_ast(document, execution.operation_name) if document else None
        operation_type = execution.operation_type.value if execution.operation_type else None
        record_operation(execution.context, execution.operation_name, operation_type, operation)
        yield


def record_operation(
    context: Any, name: str | None, operation_type: str | None, operation: OperationDefinitionNode | None
) -> None:
    """Name the operation about to execute on the context and request (both POST paths call this)."""
    if name is None:
        name = f"anonymous {operation_type}" if operation_type else "anonymous"
    context.operation_name = name[:64]
    state = context.request.state
    state.operation_name = context.operation_name
    state.root_field = OTHER_ROOT_FIELD
    if operation is not None:
        first = operation.selection_set.selections[0]
        if isinstance(first, FieldNode):  # not a fragment spread or inline fragment
            state.root_field = first.name.value
