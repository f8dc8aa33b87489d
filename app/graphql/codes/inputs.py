"""Code inputs."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from app.graphql.codes.types import Charset, SeriesKind
from app.graphql.customers.inputs import CustomerRefInput


@strawberry.input(description="A new code series and the shape of its generated codes.")
class CodeSeriesCreateInput:
    name: str = strawberry.field(description="Unique name.")
    kind: SeriesKind = strawberry.field(default=SeriesKind.GENERATED, description="GENERATED or PARTNER.")
    partner_name: str | None = strawberry.field(default=None, description="PARTNER: who issues the codes.")
    charset: Charset = strawberry.field(default=Charset.ALPHANUMERIC, description="Random characters.")
    custom_charset: str | None = strawberry.field(default=None, description="CUSTOM: the characters.")
    length: int = strawberry.field(default=8, description="Random characters per code.")
    prefix: str = strawberry.field(default="", description="Text before each code.")
    postfix: str = strawberry.field(default="", description="Text after each code.")
    pattern: str | None = strawberry.field(default=None, description="e.g. 'SUMMER-####-##'.")
    low_stock_threshold: int | None = strawberry.field(default=None, description="Alert at this many left.")


@strawberry.input(description="How many codes to add to a series.")
class CodesGenerateInput:
    series_id: strawberry.ID = strawberry.field(description="The series.")
    count: int = strawberry.field(description="How many (large counts run as a job).")


@strawberry.input(description="Give a customer a code of a campaign.")
class CodePublishInput:
    campaign_id: strawberry.ID = strawberry.field(description="The campaign.")
    customer: CustomerRefInput = strawberry.field(description="Who receives it.")
    source_id: str | None = strawberry.field(
        default=None, description="Your id for this publication: a retry with it returns the first result."
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description="A retry with the same key returns the first result and changes nothing."
    )
    join_once: bool | None = strawberry.field(
        default=None, description="Return the customer's existing code (default: the campaign's setting)."
    )
    channel: str = strawberry.field(default="API", description="Where it is published.")
    metadata: JSON | None = strawberry.field(default=None, description="Your own data.")


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
    channel: str | None = strawberry.field(default=None, description="Through this channel.")
    created_after: datetime | None = strawberry.field(default=None, description="Published at or after.")
    created_before: datetime | None = strawberry.field(default=None, description="Published before.")
