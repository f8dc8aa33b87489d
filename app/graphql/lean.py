"""The lean POST path: a JSON POST to /graphql run on graphql-core directly, without strawberry's view.

Strawberry's per-request machinery (request adapter, extension instances and their runner, execution
context, middleware manager) costs several times what `{ __typename }` does. This path does the same
work with none of it: the document is resolved (APQ, trusted documents) and prepared once per text,
checked by the same `document_errors` as strawberry's validation extension, executed by graphql-core's
`execute` on strawberry's GraphQLSchema with strawberry's execution context class, and its errors
logged and shaped by the same `PromoSchema._process_errors` and `ShapeErrors`.

What this path does not serve it hands back (`None`) and the view lets strawberry answer: a body that
is not a plain JSON object with well-typed fields, no query, an operation it cannot pick, and
subscriptions. See docs/adr/0025-lean-post-path.md for what must stay in sync with strawberry.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from inspect import isawaitable
from typing import Any, TypeGuard, cast

from graphql import (
    DocumentNode,
    GraphQLError,
    OperationDefinitionNode,
    OperationType,
    execute,
    parse,
)
from strawberry.execution import optimized_is_awaitable
from strawberry.types import ExecutionResult

from app.graphql.context import Context
from app.graphql.documents import DocumentRefused, DocumentStore
from app.graphql.extensions import ShapeErrors, record_operation
from app.graphql.schema import PromoSchema
from app.graphql.validation import document_errors, limit_refusals_for
from app.settings import Settings

RequestFields = tuple[str | None, dict[str, Any] | None, str | None, dict[str, Any] | None]


def request_fields(data: object) -> RequestFields | None:
    """(query, variables, operationName, extensions) of a body this path serves; None for anything else."""
    if not isinstance(data, dict):
        return None  # a batch, or not a request: strawberry's messages say why
    query = data.get("query")
    variables = data.get("variables")
    operation_name = data.get("operationName")
    extensions = data.get("extensions")
    if query is not None and not isinstance(query, str):
        return None
    if variables is not None and not isinstance(variables, dict):
        return None
    if operation_name is not None and not isinstance(operation_name, str):
        return None
    if extensions is not None and not isinstance(extensions, dict):
        return None
    if not query and extensions is None:
        return None  # strawberry's 400 "No GraphQL query found in the request"
    return query, variables, operation_name, extensions


def pick_operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode | None:
    """The operation strawberry would run: the one named `name`, else the document's first."""
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode) and (
            name is None or (definition.name is not None and definition.name.value == name)
        ):
            return definition
    return None


# Strawberry's faster test (its annotation says bool where graphql-core wants a TypeGuard).
IS_AWAITABLE = cast("Callable[[Any], TypeGuard[Awaitable[Any]]]", optimized_is_awaitable)


class LeanPost:
    """Runs one JSON POST request's operation the way strawberry's view would, for a fraction of the cost."""

    def __init__(self, schema: PromoSchema, settings: Settings, documents: DocumentStore) -> None:
        self.schema = schema
        self.graphql_schema = schema._schema
        self.settings = settings
        self.documents = documents
        self.shaper = ShapeErrors()  # stateless for non-streamed results: one for the process
        self.executor_class = schema.execution_context_class

    async def run(
        self,
        query: str | None,
        variables: dict[str, Any] | None,
        operation_name: str | None,
        extensions: Mapping[str, Any] | None,
        context: Context,
    ) -> ExecutionResult | None:
        """The operation's result, or None when strawberry's view must answer the request instead."""
        credentials = context.credentials
        trusted_only = credentials is not None and self.settings.runs_trusted_documents_only(credentials.key.role.value)
        try:
            resolved = await self.documents.resolve(query, extensions, trusted_only=trusted_only)
        except DocumentRefused as exc:
            return ExecutionResult(data=None, errors=[exc.error])
        text = resolved.query
        if not text:
            return None
        prepared = resolved.prepared or self.documents.prepared_text(text)
        if prepared is not None:
            document = prepared.document
        else:
            try:
                document = parse(text, max_tokens=self.settings.max_tokens)
            except GraphQLError as error:
                return self._refused([error])
            except Exception as exc:  # as strawberry: any parser failure is an error of the result
                return self._refused([GraphQLError(str(exc), original_error=exc)])
        operation = pick_operation(document, operation_name)
        if operation is None or operation.operation is OperationType.SUBSCRIPTION:
            return None  # strawberry's 400 for an operation it cannot pick; subscriptions stream there
        if resolved.prepared is None and prepared is not None and variables and prepared.pages_by_variable:
            # Free text is measured with the request's variables, as strawberry's path measures it (a
            # hash-named document keeps the verdict for the largest page sizes); it passed the rules.
            # Without a `first` fed by a variable, its figures are the ones it was prepared with.
            errors = limit_refusals_for(self.graphql_schema, document, variables, self.settings)
        else:
            errors = document_errors(
                self.graphql_schema,
                document,
                variables or {},
                self.settings,
                prepared=prepared,
                untrusted=trusted_only and not resolved.trusted,
            )
        if errors:
            return self._refused(errors)
        name = operation_name if operation_name is not None else operation.name.value if operation.name else None
        record_operation(context, name, operation.operation.value, operation)
        return await self._execute(document, variables, name, extensions, context)

    async def _execute(
        self,
        document: DocumentNode,
        variables: dict[str, Any] | None,
        name: str | None,
        extensions: Mapping[str, Any] | None,
        context: Context,
    ) -> ExecutionResult:
        try:
            outcome = execute(
                self.graphql_schema,
                document,
                variable_values=variables,
                operation_name=name,
                context_value=context,
                is_awaitable=IS_AWAITABLE,
                executor_class=self.executor_class,
                operation_extensions=extensions,
            )
            result = await outcome if isawaitable(outcome) else outcome
        except Exception as exc:  # as strawberry: a failure outside resolvers is an error of the result
            error = exc if isinstance(exc, GraphQLError) else GraphQLError(str(exc), original_error=exc)
            return self._refused([error])
        errors = result.errors
        if errors:
            self.schema._process_errors(errors)  # logs unexpected errors before they are masked
            errors = self.shaper._process_errors(errors)
        return ExecutionResult(data=result.data, errors=errors)

    def _refused(self, errors: list[GraphQLError]) -> ExecutionResult:
        """A result without data: errors logged and shaped as strawberry's operation hook does."""
        self.schema._process_errors(errors)
        return ExecutionResult(data=None, errors=self.shaper._process_errors(errors))


__all__ = ["LeanPost", "pick_operation", "request_fields"]
