"""Failures of the exports domain."""

from __future__ import annotations

from app.core.errors import InvalidInput, NotFound


class ExportNotFound(NotFound):
    """No such export, or not one the caller may see."""


class UnknownColumn(InvalidInput):
    """A requested column is not one the export object has."""

    code = "UNKNOWN_FIELD"
