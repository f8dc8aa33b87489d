"""Customers: concurrency-safe upsert by source id, lookup and listing."""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from tortoise import connections

from app.core.errors import InvalidInput
from app.core.pagination import Page, Position, newest_first_page
from app.customers.exceptions import CustomerNotFound
from app.customers.models import Customer

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^\+?[0-9 ().-]{4,40}$")
METADATA_MAX_BYTES = 16_384
UNSET: Any = object()


@dataclass
class CustomerFields:
    """Attributes given for a customer; UNSET ones are left as they are."""

    name: Any = UNSET
    email: Any = UNSET
    phone: Any = UNSET
    metadata: Any = UNSET
    latitude: Any = UNSET
    longitude: Any = UNSET
    extra: dict[str, Any] = field(default_factory=dict)

    def cleaned(self, prefix: str = "") -> dict[str, Any]:
        """The given fields, validated; errors name `prefix` + the field."""
        values: dict[str, Any] = {}
        if self.name is not UNSET:
            name = (self.name or "").strip()
            if len(name) > 200:
                raise InvalidInput("The name has more than 200 characters.", field=f"{prefix}name")
            values["name"] = name
        if self.email is not UNSET:
            email = (self.email or "").strip() or None
            if email is not None and not EMAIL.match(email):
                raise InvalidInput(f"{email!r} is not an email address.", field=f"{prefix}email")
            values["email"] = email
        if self.phone is not UNSET:
            phone = (self.phone or "").strip() or None
            if phone is not None and not PHONE.match(phone):
                raise InvalidInput(f"{phone!r} is not a phone number.", field=f"{prefix}phone")
            values["phone"] = phone
        if self.metadata is not UNSET:
            metadata = self.metadata if self.metadata is not None else {}
            if not isinstance(metadata, dict):
                raise InvalidInput("Metadata must be a JSON object.", field=f"{prefix}metadata")
            if len(json.dumps(metadata)) > METADATA_MAX_BYTES:
                raise InvalidInput("Metadata is too large.", field=f"{prefix}metadata")
            values["metadata"] = metadata
        for name, low, high in (("latitude", -90, 90), ("longitude", -180, 180)):
            value = getattr(self, name)
            if value is UNSET:
                continue
            if value is not None and not low <= float(value) <= high:
                raise InvalidInput(f"The {name} must be between {low} and {high}.", field=f"{prefix}{name}")
            values[name] = float(value) if value is not None else None
        if ("latitude" in values) != ("longitude" in values):
            missing = "longitude" if "latitude" in values else "latitude"
            raise InvalidInput("Give latitude and longitude together.", field=f"{prefix}{missing}")
        if self.extra:
            unknown = ", ".join(sorted(self.extra))
            raise InvalidInput(f"Unknown customer fields: {unknown}.", field=f"{prefix}{sorted(self.extra)[0]}")
        return values


def clean_source_id(source_id: str, field: str = "sourceId") -> str:
    cleaned = source_id.strip()
    if not cleaned or len(cleaned) > 200:
        raise InvalidInput("A source id has 1 to 200 characters.", field=field)
    return cleaned


COLUMNS = ("name", "email", "phone", "metadata", "latitude", "longitude")


async def upsert_by_source_id(
    *, source_id: str, fields: CustomerFields, update_existing: bool = True
) -> tuple[Customer, bool]:
    """Create or update the customer with this source id in one statement; (customer, created).

    `INSERT … ON CONFLICT (source_id) DO UPDATE` makes two concurrent upserts of one source id yield
    one customer. With `update_existing=False` (a caller that may not write customers, such as a STORE
    key publishing or redeeming), the fields only describe a new customer: an existing one is left as it
    is, whatever was sent (so nothing tells the caller what the stored values are).
    """
    source_id = clean_source_id(source_id)
    values = fields.cleaned()
    if not values:
        return await _ensure(source_id)
    if "metadata" in values:
        values["metadata"] = json.dumps(values["metadata"])
    insert_columns = ["id", "source_id", *values, "created_at", "updated_at"]
    placeholders = [f"${i + 1}" for i in range(2 + len(values))] + ["now()", "now()"]
    if "metadata" in values:
        index = 2 + list(values).index("metadata")
        placeholders[index] = f"{placeholders[index]}::jsonb"
    updates = [f'"{name}" = EXCLUDED."{name}"' for name in values] + ['"updated_at" = now()']
    defaults = {"name": "''", "metadata": "'{}'::jsonb"}
    for column, default in defaults.items():
        if column not in values:
            insert_columns.insert(-2, column)
            placeholders.insert(-2, default)
    on_conflict = f"DO UPDATE SET {', '.join(updates)}" if update_existing else "DO NOTHING"
    sql = (
        f'INSERT INTO "customer" ({", ".join(f"{c!s}" for c in insert_columns)}) '
        f"VALUES ({', '.join(placeholders)}) "
        f'ON CONFLICT ("source_id") {on_conflict} '
        'RETURNING "id", (xmax = 0) AS "created"'
    )
    rows = await connections.get("default").execute_query_dict(sql, [uuid.uuid4(), source_id, *values.values()])
    if not rows:  # it exists, and this caller may not change it
        return await Customer.get(source_id=source_id), False
    customer = await Customer.get(id=rows[0]["id"])
    return customer, bool(rows[0]["created"])


async def _ensure(source_id: str) -> tuple[Customer, bool]:
    """The customer with this source id, created if new; an existing row is neither written nor locked."""
    existing = await Customer.get_or_none(source_id=source_id)
    if existing is not None:
        return existing, False
    rows = await connections.get("default").execute_query_dict(
        "INSERT INTO customer (id, source_id, name, metadata, created_at, updated_at) "
        "VALUES ($1, $2, '', '{}'::jsonb, now(), now()) ON CONFLICT (source_id) DO NOTHING RETURNING id",
        [uuid.uuid4(), source_id],
    )
    return await Customer.get(source_id=source_id), bool(rows)


async def update_by_id(*, customer_id: uuid.UUID, fields: CustomerFields) -> Customer:
    """Change an existing customer."""
    values = fields.cleaned()
    customer = await get_customer(customer_id=customer_id)
    if values:
        await Customer.filter(id=customer_id).update(**values)
        await customer.refresh_from_db()
    return customer


async def create_customer(*, fields: CustomerFields) -> Customer:
    """A customer without a source id."""
    return await Customer.create(**fields.cleaned())


async def get_customer(*, customer_id: uuid.UUID, field: str = "id") -> Customer:
    customer = await Customer.get_or_none(id=customer_id)
    if customer is None:
        raise CustomerNotFound(f"No customer has id {customer_id}.", field=field)
    return customer


async def get_by_source_id(*, source_id: str, field: str = "sourceId") -> Customer:
    customer = await Customer.get_or_none(source_id=source_id)
    if customer is None:
        raise CustomerNotFound(f"No customer has source id {source_id!r}.", field=field)
    return customer


@dataclass
class CustomerFilter:
    """Conditions on listed customers."""

    email: str | None = None
    name_contains: str | None = None
    metadata: dict[str, Any] | None = None


async def list_customers(*, criteria: CustomerFilter, first: int, after: Position | None) -> Page[Customer]:
    """Customers, newest first."""
    query = Customer.all()
    if criteria.email:
        query = query.filter(email__iexact=criteria.email)
    if criteria.name_contains:
        query = query.filter(name__icontains=criteria.name_contains)
    if criteria.metadata:
        query = query.filter(metadata__contains=criteria.metadata)
    return await newest_first_page(query, time_field="created_at", first=first, after=after)
