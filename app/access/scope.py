"""What a key may reach: its role's permissions and, for restricted keys, its areas and stores (DESIGN §6)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from app.access.models import RESTRICTED_ROLES, ROLE_PERMISSIONS, Permission, Role
from app.locations.models import AssignmentLevel
from app.locations.scope import Place, contains_all, overlaps, store_in_scope


@dataclass(frozen=True)
class Scope:
    """A key's role and assignments; a key without assignments (ADMIN, plain VIEWER) sees the whole project."""

    role: Role
    places: tuple[Place, ...] = ()

    @property
    def restricted(self) -> bool:
        return self.role in RESTRICTED_ROLES or bool(self.places)

    @property
    def permissions(self) -> frozenset[Permission]:
        granted = ROLE_PERMISSIONS[self.role]
        # Project-wide data (customers, series, other keys' jobs) is for keys that see the whole project.
        return granted - PROJECT_WIDE if self.restricted else granted

    def may_use(self, campaign_places: Iterable[Place]) -> bool:
        """See, validate, redeem, publish: some assignment overlaps (never a project-wide campaign)."""
        return not self.restricted or overlaps(self.places, campaign_places)

    def may_edit(self, campaign_places: Iterable[Place]) -> bool:
        """Edit, run, clone, delete: the key's assignments contain all of the campaign's."""
        return not self.restricted or contains_all(self.places, campaign_places)

    def works_at(self, store_id: uuid.UUID, area_id: uuid.UUID) -> bool:
        """The key may act at this store: the same rule as a campaign's redemption scope."""
        return not self.restricted or store_in_scope(store_id, area_id, self.places)

    def implied_store(self) -> uuid.UUID | None:
        """A STORE key assigned to exactly one store works there without saying so."""
        if self.role is Role.STORE and len(self.places) == 1 and self.places[0].level is AssignmentLevel.STORE:
            return self.places[0].store_id
        return None


UNRESTRICTED = Scope(Role.ADMIN)
PROJECT_WIDE = frozenset({Permission.PROJECT_READ, Permission.CUSTOMERS_READ})
