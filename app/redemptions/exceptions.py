"""Failures of the redemptions domain."""

from __future__ import annotations

from app.core.errors import Conflict, NotFound


class RedemptionNotFound(NotFound):
    """No such redemption."""


class AlreadyRolledBack(Conflict):
    """The redemption was rolled back before (rollback happens at most once)."""

    code = "ALREADY_ROLLED_BACK"


class IdempotencyKeyReused(Conflict):
    """The idempotency key already names another operation."""

    code = "IDEMPOTENCY_KEY_REUSED"
