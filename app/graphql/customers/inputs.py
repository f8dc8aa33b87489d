"""Customer inputs."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from app.customers.services import UNSET, CustomerFields
from app.graphql.constraints import EMAIL, LATITUDE, LONGITUDE, METADATA, NAME, PHONE, SOURCE_ID


@strawberry.input(description="Customer attributes; omitted ones stay as they are.")
class CustomerAttributesInput:
    name: str | None = strawberry.field(directives=[NAME], default=strawberry.UNSET, description="Name.")
    email: str | None = strawberry.field(directives=[EMAIL], default=strawberry.UNSET, description="Email address.")
    phone: str | None = strawberry.field(directives=[PHONE], default=strawberry.UNSET, description="Phone number.")
    metadata: JSON | None = strawberry.field(
        directives=[METADATA], default=strawberry.UNSET, description="Replaces metadata."
    )
    latitude: float | None = strawberry.field(directives=[LATITUDE], default=strawberry.UNSET, description="-90 to 90.")
    longitude: float | None = strawberry.field(
        directives=[LONGITUDE], default=strawberry.UNSET, description="-180 to 180."
    )

    def to_domain(self) -> CustomerFields:
        return CustomerFields(
            **{name: (UNSET if value is strawberry.UNSET else value) for name, value in vars(self).items()}
        )


@strawberry.input(description="Create or update a customer by `sourceId` (or change one by `id`).")
class CustomerUpsertInput(CustomerAttributesInput):
    id: strawberry.ID | None = strawberry.field(default=None, description="Change this customer.")
    source_id: str | None = strawberry.field(
        directives=[SOURCE_ID], default=None, description="Your own id: create or update."
    )

    def attributes(self) -> CustomerFields:
        return CustomerFields(
            **{
                name: (UNSET if value is strawberry.UNSET else value)
                for name, value in vars(self).items()
                if name not in {"id", "source_id"}
            }
        )


@strawberry.input(description="Who: an existing customer by id or sourceId, or a new one by sourceId.")
class CustomerRefInput(CustomerAttributesInput):
    id: strawberry.ID | None = strawberry.field(default=None, description="An existing customer.")
    source_id: str | None = strawberry.field(
        directives=[SOURCE_ID],
        default=None,
        description="Your id; the customer is created (with these attributes) if new.",
    )

    def attributes(self) -> CustomerFields:
        return CustomerFields(
            **{
                name: (UNSET if value is strawberry.UNSET else value)
                for name, value in vars(self).items()
                if name not in {"id", "source_id"}
            }
        )


@strawberry.input(description="Conditions on listed customers.")
class CustomerFilterInput:
    email: str | None = strawberry.field(directives=[EMAIL], default=None, description="This email (any case).")
    name_contains: str | None = strawberry.field(directives=[NAME], default=None, description="Substring of the name.")
    metadata: JSON | None = strawberry.field(
        directives=[METADATA], default=None, description="Metadata contains these."
    )
