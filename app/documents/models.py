"""Trusted documents: GraphQL documents an operator registered, addressed by the SHA-256 of their text."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class TrustedDocument(Model):
    """One registered document; keys of the TRUSTED_DOCUMENTS_ROLES run only these."""

    hash = fields.CharField(primary_key=True, max_length=64, description="SHA-256 of `body`, lower-case hex.")
    body = fields.TextField(description="The document's exact text (the hash covers every byte).")
    name = fields.CharField(max_length=200, description="Its operation names, or the file it came from.")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "trusted_document"
