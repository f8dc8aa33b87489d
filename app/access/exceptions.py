"""Failures of the access domain."""

from __future__ import annotations

from app.core.errors import Conflict, NotFound


class ApiKeyNotFound(NotFound):
    """No such key."""


class ApiKeyAlreadyRevoked(Conflict):
    """The key was revoked before."""

    code = "ALREADY_REVOKED"
