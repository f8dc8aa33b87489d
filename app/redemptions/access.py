"""Where an order is redeemed and who asks: store checks and restricted keys (DESIGN §6).

A campaign assigned to areas or stores is redeemed only with a store inside its scope (a store assigned
to it, a store of an area whose stores it has, or a store of an area it has). A restricted key reaches
only its campaigns (others answer exactly like unknown codes) and only its stores.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from tortoise.expressions import Q, Subquery

from app.access.models import Role
from app.access.scope import Scope
from app.campaigns import access as campaign_access
from app.core.errors import InvalidInput
from app.locations.exceptions import StoreNotFound
from app.locations.models import AssignmentLevel, Store
from app.locations.scope import Place, store_in_scope
from app.redemptions.exceptions import RedemptionNotFound
from app.redemptions.models import Redemption, RedemptionLine
from app.rules import evaluation as rule_engine


@dataclass(frozen=True)
class StoreAt:
    """The store an order is placed at."""

    id: uuid.UUID
    area_id: uuid.UUID
    geofence_id: uuid.UUID | None


async def store_of(store_id: uuid.UUID | None, scope: Scope) -> StoreAt | None:
    """The order's store: the one named, else a STORE key's only store; outside the key's scope: not found."""
    store_id = store_id or scope.implied_store()
    if store_id is None:
        if scope.role is Role.STORE:
            raise InvalidInput(
                "This STORE key works at several stores: name one in order.storeId.", field="order.storeId"
            )
        return None
    row = await Store.get_or_none(id=store_id)
    if row is None or not scope.works_at(row.id, row.area_id):
        raise StoreNotFound(f"No store has id {store_id}.", field="order.storeId")
    return StoreAt(row.id, row.area_id, row.geofence_id)


def store_refusal(assigned: list[Place], store: StoreAt | None) -> rule_engine.Failure | None:
    """Why a campaign with these assignments cannot be used at this store (None: it can, or it has none)."""
    if not assigned:
        return None
    if store is None:
        return rule_engine.Failure("STORE_REQUIRED", "", "The campaign is limited to stores: give order.storeId.")
    if not store_in_scope(store.id, store.area_id, assigned):
        return rule_engine.Failure("STORE_NOT_IN_SCOPE", "", "The campaign is not valid at this store.")
    return None


def _at_own_stores(scope: Scope) -> Q:
    """Redemptions without a store or at a store the key works at (the SQL twin of `Scope.works_at`)."""
    shown = Q(store_id__isnull=True)
    for place in scope.places:
        if place.level is AssignmentLevel.STORE:
            shown |= Q(store_id=place.store_id, area_id__isnull=False)
        else:
            shown |= Q(store_id__isnull=False, area_id=place.area_id)
    return shown


def scoped_redemptions(query: Any, scope: Scope) -> Any:
    """Redemptions a restricted key sees: every campaign they applied is one it may use, at one of its stores.

    The one rule for the list, the root field and every edge, so none shows a redemption another refuses.
    """
    if not scope.restricted:
        return query
    visible = campaign_access.visible_ids(scope)
    with_visible = Subquery(RedemptionLine.filter(campaign_id__in=visible).values("redemption_id"))
    with_hidden = Subquery(RedemptionLine.exclude(campaign_id__in=visible).values("redemption_id"))
    return query.filter(_at_own_stores(scope), id__in=with_visible).exclude(id__in=with_hidden)


def scoped_referrals(query: Any, scope: Scope) -> Any:
    """Referral records a restricted key sees: those of the campaigns it may use."""
    return campaign_access.scoped(query, scope, "campaign_id")


async def visible_redemption(scope: Scope, redemption_id: uuid.UUID, *, field: str = "id") -> Redemption:
    """The redemption if the key may see it; otherwise not found."""
    found: Redemption | None = await scoped_redemptions(Redemption.filter(id=redemption_id), scope).first()
    if found is None:
        raise RedemptionNotFound(f"No redemption has id {redemption_id}.", field=field)
    return found
