"""Which codes and publications a restricted key sees: those of the campaigns it may use."""

from __future__ import annotations

from typing import Any

from tortoise.expressions import Q, Subquery

from app.access.scope import Scope
from app.campaigns import access as campaign_access
from app.campaigns.models import Campaign
from app.codes.exceptions import CodeNotFound
from app.codes.models import Code, Publication


def _visible_codes(scope: Scope) -> Q:
    """A code is visible as its campaign's shared code, or as part of a series a visible campaign draws from
    unless another campaign (one the key may not see) published it."""
    visible = campaign_access.visible_ids(scope)
    series = Subquery(Campaign.filter(id__in=visible, code_series_id__isnull=False).values("code_series_id"))
    published_elsewhere = Subquery(Publication.exclude(campaign_id__in=visible).values("code_id"))
    return Q(campaign_id__in=visible) | (Q(series_id__in=series) & ~Q(id__in=published_elsewhere))


def scoped_codes(query: Any, scope: Scope) -> Any:
    return query.filter(_visible_codes(scope)) if scope.restricted else query


async def visible_code(scope: Scope, code: Code, *, given: str) -> Code:
    """The code if the key may see it; otherwise the same error as an unknown code."""
    if scope.restricted and not await Code.filter(_visible_codes(scope), id=code.id).exists():
        raise CodeNotFound(f"No code {given!r}.", field="code")
    return code
