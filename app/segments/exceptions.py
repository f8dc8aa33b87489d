"""Failures of the segments domain."""

from __future__ import annotations

from app.core.errors import Conflict, InvalidInput, NotFound


class SegmentNotFound(NotFound):
    """No such segment."""


class SegmentNameTaken(Conflict):
    """Another segment has this name."""

    code = "NAME_TAKEN"


class SegmentInUse(Conflict):
    """Campaigns or other segments still use the segment (the message names them)."""

    code = "STILL_IN_USE"


class StaleSegmentVersion(Conflict):
    """The segment changed since the version the caller read."""

    code = "VERSION_CONFLICT"


class WrongSegmentKind(InvalidInput):
    """The operation does not apply to this kind of segment (members of a filter, a definition of a list)."""

    code = "WRONG_SEGMENT_KIND"
