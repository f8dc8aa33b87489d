"""Failures of the codes domain."""

from __future__ import annotations

from app.core.errors import Conflict, NotFound


class SeriesNotFound(NotFound):
    """No such code series."""


class CodeNotFound(NotFound):
    """No such code."""


class SeriesNameTaken(Conflict):
    """Another series has this name."""

    code = "NAME_TAKEN"


class CodeTaken(Conflict):
    """The code exists already (codes are unique in the project, ignoring case)."""

    code = "CODE_TAKEN"


class CodeUnavailable(Conflict):
    """The code cannot be used; a restricted key is not told why (another area may hold it)."""

    code = "CODE_UNAVAILABLE"


class InventoryExhausted(Conflict):
    """No code (or reward) is left to give."""

    code = "INVENTORY_EXHAUSTED"


class NotPublishable(Conflict):
    """The campaign cannot publish codes now (status, code mode, missing series)."""

    code = "NOT_PUBLISHABLE"


class IdempotencyMismatch(Conflict):
    """An idempotency key or source id was reused for a different request."""

    code = "IDEMPOTENCY_MISMATCH"


class GenerationInProgress(Conflict):
    """A generation job is writing the series' codes."""

    code = "GENERATION_IN_PROGRESS"
