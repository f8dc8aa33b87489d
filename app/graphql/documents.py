"""Persisted queries (Apollo APQ) and trusted documents: which text a request runs, prepared once per hash.

A request names its document by `extensions.persistedQuery.sha256Hash`, by its text, or both. Each
process keeps the documents it has prepared (parsed, validated, measured) in a bounded LRU by hash, so
a known hash runs without parsing or validating again. See docs/adr/0018-persisted-queries-and-trusted-documents.md.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import structlog
from graphql import (
    BREAK,
    ArgumentNode,
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    VariableNode,
    Visitor,
    parse,
    visit,
)
from redis.asyncio import Redis
from strawberry.extensions import ParserCache

from app.core.outages import SERVER_UNREACHABLE
from app.documents import services as documents
from app.documents.apq import PersistedQueries
from app.documents.services import document_hash, is_document_hash
from app.graphql.prepared import RESOLVED, PreparedDocument, Resolved
from app.graphql.validation import not_trusted_error, validation_errors
from app.settings import Settings

log = structlog.get_logger("app.graphql.documents")

APQ_VERSION = 1


class DocumentRefused(Exception):
    """The request's persisted-query extension or document cannot run; `error` says why, with a code."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.error = GraphQLError(message, extensions={"code": code})


def worst_case_variables(document: DocumentNode, max_page_size: int) -> dict[str, Any]:
    """Every variable at the largest page size: a `first` given by a variable costs the most it can."""
    return {
        definition.variable.name.value: max_page_size
        for operation in document.definitions
        if isinstance(operation, OperationDefinitionNode)
        for definition in operation.variable_definitions or ()
    }


def prepare(schema: GraphQLSchema, query: str, settings: Settings) -> PreparedDocument | list[GraphQLError]:
    """Parse, validate and measure `query`; its errors if it is not a runnable document."""
    try:
        document = parse(query, max_tokens=settings.max_tokens)
    except GraphQLError as error:
        return [error]
    errors = validation_errors(schema, document, settings, {})
    if errors:
        return errors
    worst_case = worst_case_variables(document, settings.max_page_size)
    within_limits = not validation_errors(schema, document, settings, worst_case)
    return PreparedDocument(document_hash(query), query, document, within_limits, pages_by_variable(document))


def pages_by_variable(document: DocumentNode) -> bool:
    """Whether some `first` argument takes a variable (what `limits.Measurer` reads of the variables)."""
    found = False

    class Finder(Visitor):
        def enter_argument(self, node: ArgumentNode, *_: Any) -> Any:
            nonlocal found
            if node.name.value == "first" and isinstance(node.value, VariableNode):
                found = True
                return BREAK
            return None

    visit(document, Finder())
    return found


def registration_errors(schema: GraphQLSchema, query: str, settings: Settings) -> list[GraphQLError]:
    """Why `query` cannot be registered as a trusted document (nothing when it can)."""
    prepared = prepare(schema, query, settings)
    if isinstance(prepared, list):
        return prepared
    if not prepared.within_limits:
        worst_case = worst_case_variables(prepared.document, settings.max_page_size)
        return validation_errors(schema, prepared.document, settings, worst_case)
    return []


@dataclass
class _Entry:
    prepared: PreparedDocument
    # Monotonic time until which the document counts as registered without asking PostgreSQL again.
    trusted_until: float = 0.0


class DocumentStore:
    """Resolves the document of each HTTP request; one per app (its LRU is the process's)."""

    def __init__(self, schema: GraphQLSchema, settings: Settings, redis: Redis) -> None:
        self.schema = schema
        self.settings = settings
        self.apq = PersistedQueries(
            redis,
            prefix=settings.redis_prefix,
            ttl_seconds=settings.apq_ttl_seconds,
            max_documents=settings.apq_max_documents,
            max_document_bytes=settings.apq_max_document_bytes,
        )
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        # Free text as the lean POST path runs it, by text: kept apart from the hashes, which stand for
        # documents a client registered (APQ) or an operator trusted.
        self._texts: OrderedDict[str, PreparedDocument] = OrderedDict()

    async def resolve(self, query: str | None, extensions: Mapping[str, Any] | None, *, trusted_only: bool) -> Resolved:
        """What the request runs; raises DocumentRefused when it may not run."""
        persisted = extensions.get("persistedQuery") if extensions else None
        if persisted is None:
            if not trusted_only or query is None:
                return Resolved(query)
            return await self._trusted(document_hash(query), query_sent=True)
        wanted = _persisted_hash(persisted)
        if query is not None and document_hash(query) != wanted:
            raise DocumentRefused("provided sha does not match query", "PERSISTED_QUERY_HASH_MISMATCH")
        if trusted_only:
            return await self._trusted(wanted, query_sent=query is not None)
        entry = self._cached(wanted)
        if entry is not None:
            return Resolved(entry.prepared.query, entry.prepared, trusted=entry.trusted_until > time.monotonic())
        text = query if query is not None else await self._find(wanted)
        if text is None:
            # The exact message and code Apollo clients look for before sending the full text.
            raise DocumentRefused("PersistedQueryNotFound", "PERSISTED_QUERY_NOT_FOUND")
        prepared = prepare(self.schema, text, self.settings)
        if isinstance(prepared, list):
            return Resolved(text)  # runs as a free query: the client gets the usual errors; nothing is kept
        self._keep(prepared)
        if query is not None:
            await self._remember(prepared)
        return Resolved(text, prepared)

    def prepared_text(self, query: str) -> PreparedDocument | None:
        """`query` parsed, validated and measured once per process; None when it does not prepare.

        A document that does not prepare (it fails to parse or validate, or is refused without variables)
        is not kept: each request checks it again with its own variables, as strawberry's path does. Nor
        is a text longer than APQ_MAX_DOCUMENT_BYTES characters, so the cache holds at most size × that.
        """
        prepared = self._texts.get(query)
        if prepared is not None:
            self._texts.move_to_end(query)
            return prepared
        outcome = prepare(self.schema, query, self.settings)
        if isinstance(outcome, list):
            return None
        if len(query) > self.settings.apq_max_document_bytes:
            return outcome  # runs prepared, but is not kept: whitespace and comments cost no tokens, only memory
        self._texts[query] = outcome
        while len(self._texts) > self.settings.prepared_documents_cache_size:
            self._texts.popitem(last=False)
        return outcome

    def forget(self) -> None:
        """Drop every prepared document (tests, after the schema or limits change)."""
        self._entries.clear()
        self._texts.clear()

    async def _trusted(self, wanted: str, *, query_sent: bool) -> Resolved:
        entry = self._cached(wanted)
        now = time.monotonic()
        if entry is not None and entry.trusted_until > now:
            return Resolved(entry.prepared.query, entry.prepared, trusted=True)
        body = await documents.find_document(hash=wanted)
        if body is None:
            if entry is not None:
                entry.trusted_until = 0.0
            if query_sent:
                raise DocumentRefused(not_trusted_error().message, "DOCUMENT_NOT_TRUSTED")
            raise DocumentRefused(f"No registered document has the hash {wanted}.", "PERSISTED_QUERY_NOT_IN_LIST")
        prepared = entry.prepared if entry is not None else prepare(self.schema, body, self.settings)
        if isinstance(prepared, list):
            # Registered, but no longer valid (the schema changed): the usual errors say why.
            return Resolved(body, trusted=True)
        self._keep(prepared).trusted_until = now + self.settings.trusted_documents_cache_seconds
        return Resolved(body, prepared, trusted=True)

    def _cached(self, wanted: str) -> _Entry | None:
        entry = self._entries.get(wanted)
        if entry is not None:
            self._entries.move_to_end(wanted)
        return entry

    def _keep(self, prepared: PreparedDocument) -> _Entry:
        entry = self._entries.get(prepared.hash)
        if entry is None:
            entry = self._entries[prepared.hash] = _Entry(prepared)
            while len(self._entries) > self.settings.prepared_documents_cache_size:
                self._entries.popitem(last=False)
        return entry

    async def _find(self, wanted: str) -> str | None:
        """The text of an APQ document, else of a registered one (registered documents run by hash for all)."""
        try:
            text = await self.apq.find(wanted)
        except SERVER_UNREACHABLE as exc:  # a cache: without Redis, clients send the text again
            log.warning("apq_unavailable", error=f"{type(exc).__name__}: {exc}")
            text = None
        return text if text is not None else await documents.find_document(hash=wanted)

    async def _remember(self, prepared: PreparedDocument) -> None:
        try:
            await self.apq.remember(prepared.hash, prepared.query)
        except SERVER_UNREACHABLE as exc:
            log.warning("apq_unavailable", error=f"{type(exc).__name__}: {exc}")


def _persisted_hash(persisted: object) -> str:
    if not isinstance(persisted, dict) or persisted.get("version") != APQ_VERSION:
        raise DocumentRefused(
            "extensions.persistedQuery must be {version: 1, sha256Hash: <64 hex digits>}.", "PERSISTED_QUERY_INVALID"
        )
    wanted = persisted.get("sha256Hash")
    if not is_document_hash(wanted):
        raise DocumentRefused(
            "extensions.persistedQuery.sha256Hash must be 64 lower-case hex digits.", "PERSISTED_QUERY_INVALID"
        )
    assert isinstance(wanted, str)
    return wanted


class PreparedParserCache(ParserCache):
    """Strawberry's parser cache, except for documents the view already prepared."""

    def on_parse(self) -> Iterator[None]:
        resolved = RESOLVED.get()
        if resolved is not None and resolved.prepared is not None:
            self.execution_context.graphql_document = resolved.prepared.document
            yield
            return
        yield from super().on_parse()


__all__ = ["DocumentRefused", "DocumentStore", "PreparedParserCache", "prepare", "registration_errors"]
