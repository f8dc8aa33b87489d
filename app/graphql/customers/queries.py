"""Customer queries."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.access.models import Permission
from app.core.errors import InvalidInput
from app.core.ids import decode_id
from app.core.pagination import Position
from app.customers import services
from app.graphql.constraints import CURSOR, PAGE_SIZE, SOURCE_ID
from app.graphql.context import Info
from app.graphql.customers.inputs import CustomerFilterInput
from app.graphql.customers.types import Customer
from app.graphql.pagination import Connection, build_connection, check_page_size, decode_cursor
from app.graphql.permissions import has_permission

READ = [has_permission(Permission.CUSTOMERS_READ)]


@strawberry.type
class CustomerQuery:
    @strawberry.field(description="One customer by id or by your sourceId.", permission_classes=READ)
    async def customer(
        self,
        id: Annotated[strawberry.ID | None, strawberry.argument(description="Our id.")] = None,
        source_id: Annotated[str | None, strawberry.argument(description="Your id.", directives=[SOURCE_ID])] = None,
    ) -> Customer:
        if id is not None:
            return Customer.from_model(await services.get_customer(customer_id=decode_id("Customer", id)))
        if source_id is not None:
            return Customer.from_model(await services.get_by_source_id(source_id=source_id))
        raise InvalidInput("Give id or sourceId.", field="id")

    @strawberry.field(description="Customers, newest first.", permission_classes=READ)
    async def customers(
        self,
        info: Info,
        filter: Annotated[CustomerFilterInput | None, strawberry.argument(description="Conditions.")] = None,
        first: Annotated[int, strawberry.argument(description="Page size.", directives=[PAGE_SIZE])] = 20,
        after: Annotated[
            str | None, strawberry.argument(description="`endCursor` of the last page.", directives=[CURSOR])
        ] = None,
    ) -> Connection[Customer]:
        criteria = services.CustomerFilter()
        if filter is not None:
            if filter.metadata is not None and not isinstance(filter.metadata, dict):
                raise InvalidInput("Metadata must be a JSON object.", field="filter.metadata")
            criteria = services.CustomerFilter(
                email=filter.email, name_contains=filter.name_contains, metadata=filter.metadata
            )
        page = await services.list_customers(
            criteria=criteria,
            first=check_page_size(first, info.context.settings.max_page_size),
            after=decode_cursor(after),
        )
        return build_connection(
            page.rows,
            has_next=page.has_next,
            position=lambda row: Position(at=row.created_at, id=row.id),
            to_node=Customer.from_model,
        )
