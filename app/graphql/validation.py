"""Validation that checks the abuse limits first, then runs graphql-core's rules (cached per document).

graphql-core runs its rules side by side in one walk of the document, so a rule cannot stop the
others: the limits are checked here, before that walk, and a refused document never reaches it. They
need the request's variables (`first: $n`), which is also why they are not a cached validation rule.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Any

from graphql import DocumentNode, GraphQLError, GraphQLSchema, OperationDefinitionNode, specified_rules
from graphql.validation import ASTValidationRule
from graphql.validation.rules import overlapping_fields_can_be_merged
from graphql.validation.validate import ValidationAbortedError
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

from app.graphql.limits import CEILING, UNPAGED_LIST_SIZE, Figures, Measurer, introspection_cost
from app.graphql.prepared import RESOLVED, PreparedDocument
from app.settings import Settings

OVERLAP_CHECK_BUDGET = 10_000
"""Work graphql-core's OverlappingFieldsCanBeMergedRule may spend on one document (its default,
500 000, is about a second). Comparing the fields that share a response name, and the fragments spread
side by side, is quadratic: the test suite's documents spend at most 53, a Relay-style selection of 20
fragments on one type about 1 500, 50 such fragments about 9 000."""

SPECIFIED_RULES: tuple[type[ASTValidationRule], ...] = tuple(specified_rules)
_validate = lru_cache(maxsize=1024)(validate_document)
_schema_cost = lru_cache(maxsize=8)(introspection_cost)


def bound_overlap_checks() -> None:
    """Lower graphql-core's process-wide budget (a module attribute it documents as assignable)."""
    overlapping_fields_can_be_merged.MAX_COMPLEXITY_BUDGET = OVERLAP_CHECK_BUDGET


class LimitedValidation(SchemaExtension):
    """Refuse documents past MAX_QUERY_DEPTH, MAX_ALIASES or MAX_QUERY_COST, then validate the rest."""

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        assert document is not None  # parsing failures return before validation
        resolved = RESOLVED.get()
        credentials = getattr(context.context, "credentials", None)
        trusted_only = credentials is not None and self.settings.runs_trusted_documents_only(credentials.key.role.value)
        variables = context.variables if isinstance(context.variables, dict) else {}
        context.pre_execution_errors = document_errors(
            context.schema._schema,
            document,
            variables,
            self.settings,
            rules=context.validation_rules,
            prepared=resolved.prepared if resolved else None,
            # Transports that do not resolve documents (WebSocket) run no free text for these keys.
            untrusted=trusted_only and (resolved is None or not resolved.trusted),
        )
        yield


def document_errors(
    schema: GraphQLSchema,
    document: DocumentNode,
    variables: dict[str, Any],
    settings: Settings,
    *,
    rules: tuple[type[ASTValidationRule], ...] = SPECIFIED_RULES,
    prepared: PreparedDocument | None = None,
    untrusted: bool = False,
) -> list[GraphQLError]:
    """Why `document` may not run with `variables` (nothing when it may): the one check of both POST paths.

    Strawberry's validation (LimitedValidation) and the lean POST path (app/graphql/lean.py) both call
    this, so a document is refused alike whichever path serves it.
    """
    if untrusted:
        return [not_trusted_error()]
    if prepared is not None and prepared.document is document:
        # Parsed, validated and measured for the largest page sizes when it was prepared.
        return [] if prepared.within_limits else limit_refusals_for(schema, document, variables, settings)
    refusals = limit_refusals_for(schema, document, variables, settings)
    if refusals:
        return refusals
    return [_typed_abort(error) for error in _validate(schema, document, rules)]


def limit_refusals_for(
    schema: GraphQLSchema, document: DocumentNode, variables: dict[str, Any], settings: Settings
) -> list[GraphQLError]:
    """The limits `document` passes with these variables."""
    measurer = Measurer(schema, variables, settings.max_page_size, _schema_cost(schema))
    return limit_refusals(settings, measurer.operations(document))


def validation_errors(
    schema: GraphQLSchema, document: DocumentNode, settings: Settings, variables: dict[str, Any]
) -> list[GraphQLError]:
    """Limit refusals for `variables`, then graphql-core's rules (as a request's validation runs them)."""
    refusals = limit_refusals_for(schema, document, variables, settings)
    if refusals:
        return refusals
    return [_typed_abort(error) for error in _validate(schema, document, SPECIFIED_RULES)]


def limit_refusals(
    settings: Settings, operations: Sequence[tuple[OperationDefinitionNode, Figures]]
) -> list[GraphQLError]:
    """A typed error per limit the document passes (naming the first operation that does)."""
    errors = []
    too_deep = next(((op, figures) for op, figures in operations if figures.depth > settings.max_query_depth), None)
    if too_deep:
        operation, figures = too_deep
        errors.append(
            _refusal(
                f"{_name(operation)} nests {figures.depth} levels deep; MAX_QUERY_DEPTH is {settings.max_query_depth}.",
                operation,
                code="QUERY_TOO_DEEP",
                limit=settings.max_query_depth,
                depth=figures.depth,
            )
        )
    too_costly = next(((op, figures) for op, figures in operations if figures.cost > settings.max_query_cost), None)
    if too_costly:
        operation, figures = too_costly
        amount = f"at least {CEILING}" if figures.cost >= CEILING else str(figures.cost)
        errors.append(
            _refusal(
                f"{_name(operation)} costs {amount}; MAX_QUERY_COST is {settings.max_query_cost}. Each field "
                f"counts 1 and a list multiplies its selection by `first` ({UNPAGED_LIST_SIZE} without `first`): "
                "ask for smaller pages or fewer nested lists.",
                operation,
                code="QUERY_TOO_COSTLY",
                limit=settings.max_query_cost,
                cost=figures.cost,
            )
        )
    aliases = min(CEILING, sum(figures.aliases for _, figures in operations))
    if aliases > settings.max_aliases:
        errors.append(
            _refusal(
                f"The document has {aliases} aliases (counting each fragment spread); MAX_ALIASES is "
                f"{settings.max_aliases}.",
                None,
                code="TOO_MANY_ALIASES",
                limit=settings.max_aliases,
                aliases=aliases,
            )
        )
    return errors


def not_trusted_error() -> GraphQLError:
    """What a key of TRUSTED_DOCUMENTS_ROLES gets for a document that is not registered."""
    return GraphQLError(
        "This API key runs only registered documents (`promo documents register`); send a registered "
        "document's hash as extensions.persistedQuery.sha256Hash, or its exact text.",
        extensions={"code": "DOCUMENT_NOT_TRUSTED"},
    )


def _name(operation: OperationDefinitionNode) -> str:
    return f"Operation '{operation.name.value}'" if operation.name else "The operation"


def _refusal(message: str, operation: OperationDefinitionNode | None, **extensions: object) -> GraphQLError:
    return GraphQLError(message, nodes=[operation] if operation else None, extensions=extensions)


def _typed_abort(error: GraphQLError) -> GraphQLError:
    """graphql-core gives up on documents past its work budgets; say so with a code."""
    if not isinstance(error, ValidationAbortedError):
        return error
    return GraphQLError(
        f"{error.message} The document is too complex to check (too many repeated fields, fragment spreads, "
        "nesting through fragments or errors).",
        extensions={"code": "QUERY_TOO_COMPLEX"},
    )


__all__ = [
    "OVERLAP_CHECK_BUDGET",
    "LimitedValidation",
    "bound_overlap_checks",
    "document_errors",
    "limit_refusals",
    "limit_refusals_for",
    "not_trusted_error",
    "validation_errors",
]
