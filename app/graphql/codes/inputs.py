"""Code inputs."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from app.graphql.codes.types import Charset, SeriesKind
from app.graphql.constraints import CHANNEL, COUNT, IDEMPOTENCY_KEY, METADATA, NAME, SOURCE_ID, CodeString, Range
from app.graphql.customers.inputs import CustomerRefInput


@strawberry.input(description="A new code series and the shape of its generated codes.")
class CodeSeriesCreateInput:
    name: str = strawberry.field(directives=[NAME], description="Unique name.")
    kind: SeriesKind = strawberry.field(default=SeriesKind.GENERATED, description="GENERATED or PARTNER.")
    partner_name: str | None = strawberry.field(
        directives=[NAME], default=None, description="PARTNER: who issues the codes."
    )
    charset: Charset = strawberry.field(default=Charset.ALPHANUMERIC, description="Random characters.")
    custom_charset: str | None = strawberry.field(
        directives=[CodeString(100)], default=None, description="CUSTOM: the characters."
    )
    length: int = strawberry.field(directives=[Range(1, 64)], default=8, description="Random characters per code.")
    prefix: str = strawberry.field(directives=[CodeString(50)], default="", description="Text before each code.")
    postfix: str = strawberry.field(directives=[CodeString(50)], default="", description="Text after each code.")
    pattern: str | None = strawberry.field(
        directives=[CodeString(100)], default=None, description="e.g. 'SUMMER-####-##'."
    )
    low_stock_threshold: int | None = strawberry.field(
        directives=[COUNT], default=None, description="Alert at this many left."
    )


@strawberry.input(description="How many codes to add to a series.")
class CodesGenerateInput:
    series_id: strawberry.ID = strawberry.field(description="The series.")
    count: int = strawberry.field(
        directives=[Range(1, 1_000_000_000)], description="How many (large counts run as a job)."
    )


@strawberry.input(description="Give a customer a code of a campaign.")
class CodePublishInput:
    campaign_id: strawberry.ID = strawberry.field(description="The campaign.")
    customer: CustomerRefInput = strawberry.field(description="Who receives it.")
    source_id: str | None = strawberry.field(
        directives=[SOURCE_ID],
        default=None,
        description="Your id for this publication: a retry with it returns the first result.",
    )
    idempotency_key: str | None = strawberry.field(
        directives=[IDEMPOTENCY_KEY],
        default=None,
        description="A retry with the same key returns the first result and changes nothing.",
    )
    join_once: bool | None = strawberry.field(
        default=None, description="Return the customer's existing code (default: the campaign's setting)."
    )
    channel: str = strawberry.field(directives=[CHANNEL], default="API", description="Where it is published.")
    metadata: JSON | None = strawberry.field(directives=[METADATA], default=None, description="Your own data.")


@strawberry.input(description="Conditions on listed codes.")
class CodeFilterInput:
    series_id: strawberry.ID | None = strawberry.field(default=None, description="Codes of this series.")
    campaign_id: strawberry.ID | None = strawberry.field(default=None, description="Codes of this campaign.")
    holder_id: strawberry.ID | None = strawberry.field(default=None, description="Held by this customer.")


@strawberry.input(description="Conditions on listed publications.")
class PublicationFilterInput:
    campaign_id: strawberry.ID | None = strawberry.field(default=None, description="In this campaign.")
    customer_id: strawberry.ID | None = strawberry.field(default=None, description="To this customer.")
    series_id: strawberry.ID | None = strawberry.field(default=None, description="From this series.")
    channel: str | None = strawberry.field(directives=[CHANNEL], default=None, description="Through this channel.")
    created_after: datetime | None = strawberry.field(default=None, description="Published at or after.")
    created_before: datetime | None = strawberry.field(default=None, description="Published before.")
