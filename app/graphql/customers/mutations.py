"""Customer mutations."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.access.models import Permission
from app.core.ids import decode_id
from app.customers import services
from app.graphql.context import Info
from app.graphql.customers.inputs import CustomerUpsertInput
from app.graphql.customers.types import Customer
from app.graphql.errors import NotFoundError, PermissionDeniedError, ValidationError, errors_as_results


@strawberry.type(description="The customer was created or updated.")
class CustomerUpsertSuccess:
    customer: Customer = strawberry.field(description="The customer now.")
    created: bool = strawberry.field(description="True when the customer is new.")


CustomerUpsertResult = Annotated[
    CustomerUpsertSuccess | ValidationError | NotFoundError | PermissionDeniedError,
    strawberry.union("CustomerUpsertResult", description="Outcome of customerUpsert."),
]


@strawberry.type
class CustomerMutation:
    @strawberry.mutation(
        description="Create or update a customer by sourceId (concurrent upserts yield one customer), "
        "or update one by id."
    )
    @errors_as_results
    async def customer_upsert(
        self,
        info: Info,
        input: Annotated[CustomerUpsertInput, strawberry.argument(description="The customer.")],
    ) -> CustomerUpsertResult:
        info.context.require(Permission.CUSTOMERS_WRITE)
        if input.id is not None:
            customer = await services.update_by_id(
                customer_id=decode_id("Customer", input.id), fields=input.attributes()
            )
            return CustomerUpsertSuccess(customer=Customer.from_model(customer), created=False)
        if input.source_id is not None:
            customer, created = await services.upsert_by_source_id(source_id=input.source_id, fields=input.attributes())
            return CustomerUpsertSuccess(customer=Customer.from_model(customer), created=created)
        customer = await services.create_customer(fields=input.attributes())
        return CustomerUpsertSuccess(customer=Customer.from_model(customer), created=True)
