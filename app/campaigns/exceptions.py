"""Failures of the campaigns domain."""

from __future__ import annotations

from app.campaigns.models import CampaignStatus
from app.core.errors import Conflict, NotFound


class CampaignNotFound(NotFound):
    """No such campaign (or it was deleted permanently)."""


class CategoryNotFound(NotFound):
    """No such category."""


class CampaignNameTaken(Conflict):
    """Another campaign (maybe in the bin) has this name."""

    code = "NAME_TAKEN"


class NameUnavailable(Conflict):
    """The name cannot be used; a restricted key is not told why (another area's campaign may hold it)."""

    code = "NAME_UNAVAILABLE"


class CategoryNameTaken(Conflict):
    """Another category has this name."""

    code = "NAME_TAKEN"


class CategoryInUse(Conflict):
    """Campaigns still use the category."""

    code = "CATEGORY_IN_USE"


class VersionConflict(Conflict):
    """The campaign changed since the caller read it."""

    code = "VERSION_CONFLICT"

    def __init__(self, *, expected: int, current: int) -> None:
        super().__init__(
            f"The campaign is at version {current}, not {expected}: reload it and apply your change again.",
            field="expectedVersion",
        )
        self.current = current


class TransitionNotAllowed(Conflict):
    """The campaign's current status does not allow this transition."""

    code = "TRANSITION_NOT_ALLOWED"

    def __init__(self, *, action: str, status: CampaignStatus, in_bin: bool = False) -> None:
        where = f"{status.value}, in the bin" if in_bin else status.value
        super().__init__(f"Cannot {action} a campaign that is {where}.", field="id")
        self.status = status


class FieldLocked(Conflict):
    """The field cannot change once the campaign has been launched."""

    code = "FIELD_LOCKED"
