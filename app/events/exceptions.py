"""Failures of the events domain."""

from __future__ import annotations

from app.core.errors import Conflict


class IdempotencyKeyReused(Conflict):
    """The idempotency key names an event of another customer."""

    code = "IDEMPOTENCY_KEY_REUSED"
