"""The columns of each export object, as SQL expressions COPY streams unchanged.

Every value is formatted by PostgreSQL, so the worker only moves bytes: ids are the API's opaque ids,
timestamps UTC ISO 8601, money major units beside its currency, and text cells that a spreadsheet would
read as a formula (OWASP: a leading `=`, `+`, `-`, `@`, tab or carriage return) get a leading `'`.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.access.models import Permission
from app.core.money import CURRENCY_EXPONENTS
from app.exports.models import ExportObject

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _literal(value: str) -> str:
    """A SQL string literal (E'' form, so tab and CR are spelled out)."""
    escaped = value.replace("\\", "\\\\").replace("'", "\\'").replace("\t", "\\t").replace("\r", "\\r")
    return f"E'{escaped}'"


_STARTS = ", ".join(_literal(start) for start in FORMULA_STARTS)


def text(expression: str) -> str:
    """A text cell, defused against spreadsheet formula injection."""
    return f"CASE WHEN left({expression}, 1) IN ({_STARTS}) THEN '''' || {expression} ELSE {expression} END"


def instant(expression: str) -> str:
    """A timestamp as UTC ISO 8601 with microseconds (`2026-11-26T18:35:43.000000Z`)."""
    return f"""to_char({expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')"""


def opaque(type_name: str, expression: str) -> str:
    """The API's opaque id of an object (`base64url("Type:id")`, unpadded), as `app.core.ids.encode_id`."""
    encoded = f"encode(convert_to('{type_name}:' || {expression}::text, 'UTF8'), 'base64')"
    return f"rtrim(translate({encoded}, E'+/\\n', '-_'), '=')"


def _exponent(currency: str) -> str:
    cases = " ".join(f"WHEN '{code}' THEN {digits}" for code, digits in sorted(CURRENCY_EXPONENTS.items()))
    return f"(CASE upper({currency}) {cases} ELSE 2 END)"


def money(expression: str, currency: str) -> str:
    """Minor units as major units with exactly the currency's decimals (1230 EUR → 12.30, 5 JPY → 5)."""
    digits = _exponent(currency)
    return f"round({expression}::numeric / power(10::numeric, {digits}), {digits})"


@dataclass(frozen=True)
class ObjectColumns:
    """What one export object reads: its table (alias `t`, with joins), columns, and who may read it."""

    source: str
    columns: dict[str, str]
    time_field: str  # the model field createdFrom / createdTo filter on
    permission: Permission


OBJECTS: dict[ExportObject, ObjectColumns] = {
    ExportObject.CODES: ObjectColumns(
        source="code t",
        columns={
            "code": text("t.code"),
            "campaign_id": opaque("Campaign", "t.campaign_id"),
            "series_id": opaque("CodeSeries", "t.series_id"),
            "holder_id": opaque("Customer", "t.holder_id"),
            "published_at": instant("t.published_at"),
            "expires_at": instant("t.expires_at"),
            "redeemed_count": "t.redeemed_count",
            "created_at": instant("t.created_at"),
        },
        time_field="created_at",
        permission=Permission.CAMPAIGNS_READ,
    ),
    ExportObject.PUBLICATIONS: ObjectColumns(
        source="publication t JOIN code c ON c.id = t.code_id",
        columns={
            "id": opaque("Publication", "t.id"),
            "campaign_id": opaque("Campaign", "t.campaign_id"),
            "customer_id": opaque("Customer", "t.customer_id"),
            "code": text("c.code"),
            "channel": text("t.channel"),
            "source_id": text("t.source_id"),
            "metadata": text("t.metadata::text"),
            "created_at": instant("t.created_at"),
        },
        time_field="created_at",
        permission=Permission.CAMPAIGNS_READ,
    ),
    ExportObject.REDEMPTIONS: ObjectColumns(
        source="redemption t",
        columns={
            "id": opaque("Redemption", "t.id"),
            "customer_id": opaque("Customer", "t.customer_id"),
            "store_id": opaque("Store", "t.store_id"),
            "status": "t.status",
            "currency": "t.currency",
            "amount": money("t.amount", "t.currency"),
            "discount": money("t.discount", "t.currency"),
            "gift_spent": money("t.gift_spent", "t.currency"),
            "amount_due": money("t.amount_due", "t.currency"),
            "rollback_reason": text("t.rollback_reason"),
            "rolled_back_at": instant("t.rolled_back_at"),
            "created_at": instant("t.created_at"),
        },
        time_field="created_at",
        permission=Permission.CAMPAIGNS_READ,
    ),
    ExportObject.CUSTOMERS: ObjectColumns(
        source="customer t",
        columns={
            "id": opaque("Customer", "t.id"),
            "source_id": text("t.source_id"),
            "name": text("t.name"),
            "email": text("t.email"),
            "phone": text("t.phone"),
            "latitude": "t.latitude",
            "longitude": "t.longitude",
            "metadata": text("t.metadata::text"),
            "created_at": instant("t.created_at"),
            "updated_at": instant("t.updated_at"),
        },
        time_field="created_at",
        permission=Permission.CUSTOMERS_READ,
    ),
    ExportObject.CAMPAIGNS: ObjectColumns(
        source="campaign t",
        columns={
            "id": opaque("Campaign", "t.id"),
            "name": text("t.name"),
            "kind": "t.kind",
            "status": "t.status",
            "code_mode": "t.code_mode",
            "targeting": "t.targeting",
            "currency": "t.currency",
            "starts_at": instant("t.starts_at"),
            "ends_at": instant("t.ends_at"),
            "published_count": "t.published_count",
            "inventory_limit": "t.inventory_limit",
            "created_at": instant("t.created_at"),
        },
        time_field="created_at",
        permission=Permission.CAMPAIGNS_READ,
    ),
    ExportObject.WALLET_TRANSACTIONS: ObjectColumns(
        source="wallet_transaction t JOIN wallet w ON w.id = t.wallet_id",
        columns={
            "id": opaque("WalletTransaction", "t.id"),
            "wallet_id": opaque("Wallet", "t.wallet_id"),
            "program_id": opaque("Campaign", "w.campaign_id"),
            "customer_id": opaque("Customer", "w.customer_id"),
            "kind": "t.kind",
            "status": "t.status",
            "points": "t.points",
            "balance_after": "t.balance_after",
            "reason": text("t.reason"),
            "source": "t.source",
            "source_id": text("t.source_id"),
            "expires_at": instant("t.expires_at"),
            "created_at": instant("t.created_at"),
        },
        time_field="created_at",
        permission=Permission.CAMPAIGNS_READ,
    ),
    ExportObject.DELIVERIES: ObjectColumns(
        source="distribution_delivery t LEFT JOIN code c ON c.id = t.code_id",
        columns={
            "id": "t.id",
            "run_id": "t.run_id",
            "campaign_id": opaque("Campaign", "t.campaign_id"),
            "customer_id": opaque("Customer", "t.customer_id"),
            "status": "t.status",
            "code": text("c.code"),
            "points": "t.points",
            "delivered_at": instant("t.delivered_at"),
            "created_at": instant("t.created_at"),
        },
        time_field="created_at",
        permission=Permission.CAMPAIGNS_READ,
    ),
    ExportObject.EVENTS: ObjectColumns(
        source="customer_event t",
        columns={
            "id": opaque("CustomerEvent", "t.id"),
            "customer_id": opaque("Customer", "t.customer_id"),
            "name": text("t.name"),
            "occurred_at": instant("t.occurred_at"),
            "received_at": instant("t.received_at"),
            "source": "t.source",
            "properties": text("t.properties::text"),
        },
        time_field="occurred_at",
        permission=Permission.CUSTOMERS_READ,
    ),
}
