"""Which rows an export holds: the caller's scope (the same rules as the API's lists) and the filter.

The row set is a queryset built from the domains' own scope functions (`campaigns.access.scoped`,
`codes.access.scoped_codes`, `redemptions.access.scoped_redemptions`), the ones the API's visibility
policies use, so an export never holds a row the API would not list for that key.
"""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise import connections
from tortoise.expressions import Q, Subquery

from app.access.scope import Scope
from app.campaigns import access as campaign_access
from app.campaigns.models import Campaign
from app.codes import access as code_access
from app.codes.models import Code, Publication
from app.customers.models import Customer
from app.distributions.models import Delivery
from app.events.models import CustomerEvent
from app.exports.columns import OBJECTS
from app.exports.models import ExportObject
from app.redemptions import access as redemption_access
from app.redemptions.models import Redemption, RedemptionLine
from app.wallets.models import Wallet, WalletTransaction

Kind = ExportObject
Query = tuple[str, list[Any]]
# A statement's share of a split table is at least this many blocks (8 MB of 8 kB blocks): below that,
# another connection and the shared snapshot cost about what they save.
MIN_PAGES_PER_PART = 1024


@dataclass(frozen=True)
class RowFilter:
    """What the caller asked to narrow the rows to."""

    campaign_id: uuid.UUID | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "campaign_id": str(self.campaign_id) if self.campaign_id else None,
            "created_from": self.created_from.isoformat() if self.created_from else None,
            "created_to": self.created_to.isoformat() if self.created_to else None,
        }

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> RowFilter:
        def instant(name: str) -> datetime | None:
            return datetime.fromisoformat(value[name]) if value.get(name) else None

        campaign = value.get("campaign_id")
        return cls(uuid.UUID(campaign) if campaign else None, instant("created_from"), instant("created_to"))


@dataclass(frozen=True)
class Rows:
    """A queryset of the exported rows, and whether it narrows the table at all."""

    query: Any
    narrowed: bool


async def _by_campaign(kind: ExportObject, campaign_id: uuid.UUID) -> Q:
    if kind is Kind.CODES:
        found = await Campaign.get_or_none(id=campaign_id)
        series_id = found.code_series_id if found else None
        shown = Q(campaign_id=campaign_id)
        return shown | Q(series_id=series_id) if series_id else shown
    if kind in {Kind.PUBLICATIONS, Kind.DELIVERIES}:
        return Q(campaign_id=campaign_id)
    if kind is Kind.CAMPAIGNS:
        return Q(id=campaign_id)
    if kind is Kind.REDEMPTIONS:
        return Q(id__in=Subquery(RedemptionLine.filter(campaign_id=campaign_id).values("redemption_id")))
    if kind is Kind.WALLET_TRANSACTIONS:
        return Q(wallet_id__in=Subquery(Wallet.filter(campaign_id=campaign_id).values("id")))
    if kind is Kind.CUSTOMERS:
        holders = Subquery(Publication.filter(campaign_id=campaign_id).values("customer_id"))
        redeemers = Subquery(
            Redemption.filter(
                id__in=Subquery(RedemptionLine.filter(campaign_id=campaign_id).values("redemption_id"))
            ).values("customer_id")
        )
        return Q(id__in=holders) | Q(id__in=redeemers)
    raise AssertionError(f"{kind} has no campaign filter")  # refused when the export is requested


def _scoped(kind: ExportObject, scope: Scope) -> Any:
    if kind is Kind.CODES:
        return code_access.scoped_codes(Code.all(), scope)
    if kind is Kind.PUBLICATIONS:
        return campaign_access.scoped(Publication.all(), scope, "campaign_id")
    if kind is Kind.REDEMPTIONS:
        return redemption_access.scoped_redemptions(Redemption.all(), scope)
    if kind is Kind.CAMPAIGNS:
        return campaign_access.scoped(Campaign.filter(deleted_at__isnull=True), scope, "id")
    if kind is Kind.WALLET_TRANSACTIONS:
        if not scope.restricted:
            return WalletTransaction.all()
        wallets = campaign_access.scoped(Wallet.all(), scope, "campaign_id")
        return WalletTransaction.filter(wallet_id__in=Subquery(wallets.values("id")))
    if kind is Kind.DELIVERIES:
        return campaign_access.scoped(Delivery.all(), scope, "campaign_id")
    if kind is Kind.CUSTOMERS:
        return Customer.all()  # CUSTOMERS_READ, which only unrestricted keys have
    return CustomerEvent.all()  # likewise


async def rows(kind: ExportObject, *, scope: Scope, where: RowFilter) -> Rows:
    """The rows of `kind` the scope sees that match `where`."""
    query = _scoped(kind, scope)
    narrowed = scope.restricted or kind is Kind.CAMPAIGNS
    if where.campaign_id is not None:
        query = query.filter(await _by_campaign(kind, where.campaign_id))
        narrowed = True
    time_field = OBJECTS[kind].time_field
    if where.created_from is not None:
        query = query.filter(**{f"{time_field}__gte": where.created_from})
        narrowed = True
    if where.created_to is not None:
        query = query.filter(**{f"{time_field}__lt": where.created_to})
        narrowed = True
    return Rows(query=query, narrowed=narrowed)


@dataclass(frozen=True)
class Blocks:
    """A range of the table's heap blocks (`t.ctid`), open at either end; the default is every block."""

    start: int | None = None
    stop: int | None = None

    def conditions(self) -> list[str]:
        """TID range scans (PostgreSQL 14+) read only these blocks."""
        bounds = [] if self.start is None else [f"t.ctid >= '({self.start},0)'::tid"]
        return bounds if self.stop is None else [*bounds, f"t.ctid < '({self.stop},0)'::tid"]


def select_sql(kind: ExportObject, columns: list[str], selected: Rows, blocks: Blocks = Blocks()) -> Query:
    """The SELECT that COPY runs and its parameters: the columns' expressions over the rows."""
    spec = OBJECTS[kind]
    chosen = [spec.columns[name] for name in columns]
    exprs = ", ".join(f'{expression} AS "{name}"' for name, expression in zip(columns, chosen, strict=True))
    sql = " ".join([f"SELECT {exprs} FROM {spec.source}", *spec.joins_for(chosen)])
    conditions = blocks.conditions()
    params: list[Any] = []
    if selected.narrowed:
        ids = selected.query.values_list("id", flat=True)
        ids._choose_db_if_not_chosen()
        ids._make_query()
        subquery, params = ids.query.get_parameterized_sql()
        conditions.append(f"t.id IN ({subquery})")
    if conditions:
        sql += " WHERE " + " AND ".join(conditions)
    # No ORDER BY: sorting a million formatted rows costs a fifth of the export (measured); files list rows
    # in the table's order.
    return sql, list(params)


async def table_pages(kind: ExportObject) -> int:
    """The heap blocks of the exported table now (rows added later land in blocks past these)."""
    found = await connections.get("default").execute_query_dict(
        "SELECT pg_relation_size($1::regclass) / current_setting('block_size')::bigint AS pages", [OBJECTS[kind].table]
    )
    return int(found[0]["pages"])


async def split_sql(
    kind: ExportObject, columns: list[str], selected: Rows, *, parts: int, min_pages: int = MIN_PAGES_PER_PART
) -> list[Query]:
    """A whole-table export as up to `parts` statements over consecutive block ranges, in table order (one
    when the table has under `min_pages` blocks a part): together they read every block, the first range
    and the last open-ended, whatever the table grows to meanwhile.

    A narrowed export (scope, filter) stays one statement: each part would hash-join its blocks with the
    scope's subquery, and two parts took longer than one (measured: 500,000 of 1,000,000 codes)."""
    pages = await table_pages(kind) if parts > 1 and not selected.narrowed else 0
    count = min(parts, pages // max(min_pages, 1))
    if count < 2:
        return [select_sql(kind, columns, selected)]
    bounds = [None, *(pages * index // count for index in range(1, count)), None]
    return [select_sql(kind, columns, selected, Blocks(start, stop)) for start, stop in itertools.pairwise(bounds)]


async def estimated_rows(kind: ExportObject) -> int:
    """The planner's row count of the exported table (free, unlike `count(*)`; 0 before any ANALYZE)."""
    found = await connections.get("default").execute_query_dict(
        "SELECT greatest(reltuples, 0)::bigint AS estimate FROM pg_class WHERE oid = $1::regclass",
        [OBJECTS[kind].table],
    )
    return int(found[0]["estimate"])
