"""Event mutations: eventTrack, eventsTrack, eventsImport."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.file_uploads import Upload

from app.access.models import Permission
from app.core.errors import DomainError, InvalidInput
from app.events import importing, services
from app.graphql.constraints import Items
from app.graphql.context import Info
from app.graphql.errors import (
    ConflictError,
    Error,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
    error_from,
    errors_as_results,
)
from app.graphql.events.inputs import EventsTrackItemInput, EventTrackInput
from app.graphql.events.types import CustomerEvent
from app.graphql.jobs.types import Job

MAX_BATCH = 1000


@strawberry.type(description="The event is stored (or was: a retry with a known idempotency key).")
class EventTrackSuccess:
    event: CustomerEvent = strawberry.field(description="The event (for a retry, the first one).")
    created: bool = strawberry.field(description="True when this call stored it.")


@strawberry.type(description="One event of eventsTrack: stored (or known by its key), or refused.")
class EventsTrackItemResult:
    index: int = strawberry.field(description="Its position in `inputs` (0-based).")
    created: bool = strawberry.field(description="True when this call stored it.")
    event: CustomerEvent | None = strawberry.field(
        description="The event (for a retry, the first one); null if refused."
    )
    error: Error | None = strawberry.field(description="Why it was refused (`field` names `inputs.<index>.…`).")


@strawberry.type(description="Every event was answered on its own: stored, known or refused.")
class EventsTrackSuccess:
    created: int = strawberry.field(description="Events stored by this call.")
    duplicates: int = strawberry.field(description="Events whose idempotency key was known (nothing stored).")
    refused: int = strawberry.field(description="Events refused (see their `error`).")
    outcomes: strawberry.Private[list[services.Outcome]]

    @strawberry.field(description="One per input, in order.")
    def results(self) -> list[EventsTrackItemResult]:
        # Built only when selected: a client that reads the counts does not pay for 1,000 objects.
        return [_item(index, outcome) for index, outcome in enumerate(self.outcomes)]


@strawberry.type(description="The import job started; row errors appear on the job.")
class EventsImportSuccess:
    job: Job = strawberry.field(description="Follow it with `job` or `jobProgress`.")


EventTrackResult = Annotated[
    EventTrackSuccess | ValidationError | NotFoundError | ConflictError | PermissionDeniedError,
    strawberry.union("EventTrackResult", description="Outcome of eventTrack."),
]
EventsTrackResult = Annotated[
    EventsTrackSuccess | ValidationError | PermissionDeniedError,
    strawberry.union("EventsTrackResult", description="Outcome of eventsTrack."),
]
EventsImportResult = Annotated[
    EventsImportSuccess | ValidationError | PermissionDeniedError,
    strawberry.union("EventsImportResult", description="Outcome of eventsImport."),
]


def _item(index: int, outcome: services.Outcome) -> EventsTrackItemResult:
    if isinstance(outcome, DomainError):
        return EventsTrackItemResult(index=index, created=False, event=None, error=error_from(outcome))
    return EventsTrackItemResult(
        index=index, created=outcome.created, event=CustomerEvent.from_row(outcome.event), error=None
    )


async def _read(file: Upload) -> bytes:
    try:
        data = await file.read()  # type: ignore[attr-defined]
    finally:
        await file.close()  # type: ignore[attr-defined]
    if not isinstance(data, bytes):
        raise InvalidInput("Upload the file as multipart form data.", field="file")
    return data


@strawberry.type
class EventMutation:
    @strawberry.mutation(
        description="Track one event. An unknown sourceId creates the customer; a retry with the same "
        "idempotencyKey stores nothing and answers the first event. An `order_paid` event earns points in every "
        "live points program with ORDER_PAID earning rules: `properties.amount` is the order amount in major "
        "units of the program's currency (a number or decimal string: 123.45), `properties.currency` (optional) "
        "must be the program's, `properties.items` (optional: product_id, sku, category_ids, quantity, "
        "unit_price) feed item conditions, and time windows are judged at occurredAt in the program's time "
        "zone. Events received more than 24 hours after occurredAt earn nothing. Each event earns once per "
        "program and rule: a retry credits nothing twice, and completes a credit an interrupted call missed."
    )
    @errors_as_results
    async def event_track(
        self, info: Info, input: Annotated[EventTrackInput, strawberry.argument(description="The event.")]
    ) -> EventTrackResult:
        info.context.require(Permission.EVENT_TRACK)
        tracked = await services.track_event(
            draft=input.draft(),
            customer_fields=input.customer.attributes(),
            may_write_customers=Permission.CUSTOMERS_WRITE in info.context.scope.permissions,
            events=info.context.events,
        )
        return EventTrackSuccess(event=CustomerEvent.from_row(tracked.event), created=tracked.created)

    @strawberry.mutation(
        description=f"Track up to {MAX_BATCH:,} events in one call, each answered on its own: one bad event "
        "is refused alone and the others are stored. Customers are named by id or sourceId only (a new "
        "sourceId creates the customer); change attributes with customerUpsert. `order_paid` events earn "
        "points as in eventTrack."
    )
    @errors_as_results
    async def events_track(
        self,
        info: Info,
        inputs: Annotated[
            list[EventsTrackItemInput],
            strawberry.argument(description="The events.", directives=[Items(MAX_BATCH)]),
        ],
    ) -> EventsTrackResult:
        info.context.require(Permission.EVENTS_WRITE)
        if not inputs:
            raise InvalidInput("Send at least one event.", field="inputs")
        outcomes = await services.track_events(drafts=[item.draft() for item in inputs], events=info.context.events)
        refused = sum(isinstance(outcome, DomainError) for outcome in outcomes)
        created = sum(isinstance(outcome, services.Tracked) and outcome.created for outcome in outcomes)
        return EventsTrackSuccess(
            created=created, duplicates=len(outcomes) - created - refused, refused=refused, outcomes=outcomes
        )

    @strawberry.mutation(
        description="Back-fill events from a file, in a job (source IMPORT): NDJSON, one object per line as "
        'in eventsTrack (`{"customer": {"sourceId": "c1"}, "name": "order_paid", "occurredAt": '
        '"2026-01-31T10:00:00Z", "properties": {"amount": 1200}}`), or CSV with the columns `name`, '
        "`occurred_at`, `source_id` or `customer_id`, and optionally `properties` (a JSON object) and "
        "`idempotency_key`. Bad rows are reported on the job; good rows are stored."
    )
    @errors_as_results
    async def events_import(
        self, info: Info, file: Annotated[Upload, strawberry.argument(description="The NDJSON or CSV file (UTF-8).")]
    ) -> EventsImportResult:
        caller = info.context.require(Permission.EVENTS_WRITE)
        job = await importing.request_import(
            data=await _read(file),
            created_by_id=caller.id,
            redis=info.context.redis,
            queue_name=info.context.settings.arq_queue_name,
        )
        return EventsImportSuccess(job=Job.from_model(job))
