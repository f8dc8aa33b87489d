"""Failures of the wallets domain."""

from __future__ import annotations

from app.core.errors import Conflict, InvalidInput, NotFound


class WalletNotFound(NotFound):
    """The customer has no wallet in this program (or the caller may not see it)."""

    code = "WALLET_NOT_FOUND"


class NotAProgram(InvalidInput):
    """The campaign is not a LOYALTY or WALLET_POINTS campaign: it holds no points."""

    code = "NOT_A_WALLET_PROGRAM"


class ProgramInactive(Conflict):
    """The program is not live (draft, paused, stopped, expired or in the bin)."""

    code = "PROGRAM_INACTIVE"


class InsufficientPoints(Conflict):
    """The wallet holds fewer spendable points than asked for."""

    code = "INSUFFICIENT_POINTS"


class PointsBudgetExceeded(Conflict):
    """The credit would take the program past its points budget."""

    code = "POINTS_BUDGET_EXCEEDED"


class IdempotencyKeyReused(Conflict):
    """The idempotency key was used for a different wallet movement."""

    code = "IDEMPOTENCY_KEY_REUSED"
