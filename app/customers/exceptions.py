"""Failures of the customers domain."""

from __future__ import annotations

from app.core.errors import NotFound


class CustomerNotFound(NotFound):
    """No such customer."""
