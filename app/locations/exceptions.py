"""Failures of the locations domain."""

from __future__ import annotations

from app.core.errors import Conflict, NotFound


class AreaNotFound(NotFound):
    """No such area."""


class StoreNotFound(NotFound):
    """No such store."""


class NameTaken(Conflict):
    """Another area or store has this name or code."""

    code = "NAME_TAKEN"


class StillInUse(Conflict):
    """Something still depends on the area or store (the message says what)."""

    code = "STILL_IN_USE"
