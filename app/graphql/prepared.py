"""A request's document as the view resolved it (APQ, trusted documents), handed to the schema extensions.

The view resolves the document before strawberry runs; the parse and validation extensions read the
outcome from a context variable, set for the one execution (each request, and each operation of a batch,
runs in its own task, so they never see each other's).
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass

from graphql import DocumentNode


@dataclass(frozen=True)
class PreparedDocument:
    """A document parsed and validated once, kept by hash for every later request of the process."""

    hash: str
    query: str
    document: DocumentNode
    # Its limits hold for every page size the API accepts, so no request's variables can break them.
    within_limits: bool
    # Some `first` takes a variable: the only way a request's variables change the document's figures.
    pages_by_variable: bool = True


@dataclass(frozen=True)
class Resolved:
    """The text a request runs, its prepared form if known, and whether it is a registered document."""

    query: str | None
    prepared: PreparedDocument | None = None
    trusted: bool = False


RESOLVED: ContextVar[Resolved | None] = ContextVar("resolved_document", default=None)

__all__ = ["RESOLVED", "PreparedDocument", "Resolved"]
