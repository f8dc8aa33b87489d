"""Registering, listing, finding and removing trusted documents."""

from __future__ import annotations

import hashlib

from app.core.errors import InvalidInput, NotFound
from app.documents.models import TrustedDocument

HASH_LENGTH = 64


def document_hash(body: str) -> str:
    """The SHA-256 of a document's UTF-8 text in lower-case hex (what Apollo clients send as `sha256Hash`)."""
    return hashlib.sha256(body.encode()).hexdigest()


def is_document_hash(value: object) -> bool:
    """Whether `value` has the shape of a document hash (64 lower-case hex digits)."""
    return (
        isinstance(value, str)
        and len(value) == HASH_LENGTH
        and all(character in "0123456789abcdef" for character in value)
    )


async def register_document(*, body: str, name: str) -> tuple[TrustedDocument, bool]:
    """Store `body` under its hash; registering the same text again changes nothing (created is False)."""
    if not body.strip():
        raise InvalidInput("The document is empty.", field="body")
    document, created = await TrustedDocument.get_or_create(
        hash=document_hash(body), defaults={"body": body, "name": name[:200]}
    )
    return document, created


async def list_documents() -> list[TrustedDocument]:
    """Every registered document, newest first."""
    return await TrustedDocument.all().order_by("-created_at", "hash")


async def find_document(*, hash: str) -> str | None:
    """The text registered under `hash`, if any."""
    rows = await TrustedDocument.filter(hash=hash).values_list("body", flat=True)
    return str(rows[0]) if rows else None


async def remove_document(*, hash: str) -> TrustedDocument:
    """Unregister a document by its hash (or a unique prefix of at least 8 digits)."""
    if len(hash) < 8 or not is_document_hash(hash.ljust(HASH_LENGTH, "0")):
        raise InvalidInput("Give the document's hash (at least its first 8 hex digits).", field="hash")
    matches = await TrustedDocument.filter(hash__startswith=hash).limit(2)
    if not matches:
        raise NotFound(f"No registered document has the hash {hash}.", field="hash")
    if len(matches) > 1:
        raise InvalidInput(f"Several documents start with {hash}; give more digits.", field="hash")
    await matches[0].delete()
    return matches[0]
