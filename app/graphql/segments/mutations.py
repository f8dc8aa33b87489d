"""Segment mutations: create, update, delete, and members of list segments (by hand or from a file)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

import strawberry
from strawberry.file_uploads import Upload

from app.access.models import Permission
from app.core.ids import decode_id
from app.graphql.codes.imports import read_upload
from app.graphql.context import Info
from app.graphql.errors import ConflictError, NotFoundError, PermissionDeniedError, ValidationError, errors_as_results
from app.graphql.jobs.types import Job
from app.graphql.segments.inputs import SegmentCreateInput, SegmentMembersInput, SegmentUpdateInput, to_json
from app.graphql.segments.types import Segment, SegmentMembersChange
from app.segments import lists, services
from app.segments.models import SegmentKind


@strawberry.type(description="The segment was saved.")
class SegmentSuccess:
    segment: Segment = strawberry.field(description="The segment.")


@strawberry.type(description="The segment was deleted.")
class SegmentDeleteSuccess:
    segment_id: strawberry.ID = strawberry.field(description="The deleted segment's id.")


@strawberry.type(description="The file was checked; its customers are being added in a job.")
class SegmentMembersImportSuccess:
    job: Job = strawberry.field(description="Follow it with `job` or `jobProgress` (per-row report in `errors`).")


ERRORS = ValidationError | NotFoundError | ConflictError | PermissionDeniedError
SegmentResult = Annotated[
    SegmentSuccess | ERRORS, strawberry.union("SegmentResult", description="Outcome of segmentCreate/Update.")
]
SegmentDeleteResult = Annotated[
    SegmentDeleteSuccess | ERRORS, strawberry.union("SegmentDeleteResult", description="Outcome of segmentDelete.")
]
SegmentMembersResult = Annotated[
    SegmentMembersChange | ERRORS,
    strawberry.union("SegmentMembersResult", description="Outcome of segmentMembersAdd/Remove."),
]
SegmentMembersImportResult = Annotated[
    SegmentMembersImportSuccess | ERRORS,
    strawberry.union("SegmentMembersImportResult", description="Outcome of segmentMembersImport."),
]
INPUT = strawberry.argument(description="The mutation's input.")


def _members(given: SegmentMembersInput) -> tuple[list[uuid.UUID], list[str]]:
    ids = [
        decode_id("Customer", value, field=f"customerIds.{index}")
        for index, value in enumerate(given.customer_ids or [])
    ]
    return ids, [value.strip() for value in given.source_ids or [] if value.strip()]


@strawberry.type
class SegmentMutation:
    @strawberry.mutation(description="Create a segment (ADMIN and MANAGER).")
    @errors_as_results
    async def segment_create(self, info: Info, input: Annotated[SegmentCreateInput, INPUT]) -> SegmentResult:
        actor = info.context.require(Permission.SEGMENTS_WRITE)
        spec = services.SegmentSpec(
            name=input.name,
            kind=SegmentKind(input.kind.value),
            description=input.description,
            definition=to_json(input.definition) if input.definition is not None else None,
        )
        return SegmentSuccess(segment=Segment.from_model(await services.create_segment(spec=spec, actor=actor)))

    @strawberry.mutation(description="Change a segment at `expectedVersion` (recorded in its history).")
    @errors_as_results
    async def segment_update(self, info: Info, input: Annotated[SegmentUpdateInput, INPUT]) -> SegmentResult:
        actor = info.context.require(Permission.SEGMENTS_WRITE)
        changes: dict[str, Any] = {}
        for name in ("name", "description"):
            value = getattr(input, name)
            if value is not strawberry.UNSET:
                changes[name] = value
        if input.definition is not strawberry.UNSET:
            changes["definition"] = to_json(input.definition) if input.definition is not None else None
        segment = await services.update_segment(
            segment_id=decode_id("Segment", input.id),
            expected_version=input.expected_version,
            changes=changes,
            actor=actor,
        )
        return SegmentSuccess(segment=Segment.from_model(segment))

    @strawberry.mutation(description="Delete a segment no campaign or other segment uses (else STILL_IN_USE).")
    @errors_as_results
    async def segment_delete(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="The segment.")]
    ) -> SegmentDeleteResult:
        info.context.require(Permission.SEGMENTS_WRITE)
        segment = await services.delete_segment(segment_id=decode_id("Segment", id))
        return SegmentDeleteSuccess(segment_id=strawberry.ID(Segment.from_model(segment).id))

    @strawberry.mutation(description="Add customers to a LIST or UPLOADED segment (≤ 10,000 a call).")
    @errors_as_results
    async def segment_members_add(
        self, info: Info, input: Annotated[SegmentMembersInput, INPUT]
    ) -> SegmentMembersResult:
        actor = info.context.require(Permission.SEGMENTS_WRITE)
        if input.create_unknown:
            info.context.require(Permission.CUSTOMERS_WRITE)
        segment = await services.get_segment(segment_id=decode_id("Segment", input.segment_id, field="segmentId"))
        ids, source_ids = _members(input)
        change = await lists.add_members(
            segment=segment, customer_ids=ids, source_ids=source_ids, create_unknown=input.create_unknown, actor=actor
        )
        return SegmentMembersChange(
            changed=change.changed,
            unchanged=change.unchanged,
            unknown=change.unknown,
            segment=Segment.from_model(segment),
        )

    @strawberry.mutation(description="Remove customers from a LIST or UPLOADED segment (≤ 10,000 a call).")
    @errors_as_results
    async def segment_members_remove(
        self, info: Info, input: Annotated[SegmentMembersInput, INPUT]
    ) -> SegmentMembersResult:
        actor = info.context.require(Permission.SEGMENTS_WRITE)
        segment = await services.get_segment(segment_id=decode_id("Segment", input.segment_id, field="segmentId"))
        ids, source_ids = _members(input)
        change = await lists.remove_members(segment=segment, customer_ids=ids, source_ids=source_ids, actor=actor)
        return SegmentMembersChange(
            changed=change.changed,
            unchanged=change.unchanged,
            unknown=change.unknown,
            segment=Segment.from_model(segment),
        )

    @strawberry.mutation(
        description="Add a CSV file's customers (one column: `source_id` or `email`) to a LIST or UPLOADED segment "
        "in a job; unknown source ids are created with `createUnknown`, else reported row by row."
    )
    @errors_as_results
    async def segment_members_import(
        self,
        info: Info,
        segment_id: Annotated[strawberry.ID, strawberry.argument(description="The segment.")],
        file: Annotated[Upload, strawberry.argument(description="The CSV file (UTF-8).")],
        create_unknown: Annotated[
            bool, strawberry.argument(description="Create customers for unknown source ids.")
        ] = False,
    ) -> SegmentMembersImportResult:
        caller = info.context.require(Permission.SEGMENTS_WRITE)
        if create_unknown:
            info.context.require(Permission.CUSTOMERS_WRITE)
        segment = await services.get_segment(segment_id=decode_id("Segment", segment_id, field="segmentId"))
        job = await lists.request_import(
            segment=segment,
            data=await read_upload(file),
            create_unknown=create_unknown,
            created_by_id=caller.id,
            redis=info.context.redis,
            queue_name=info.context.settings.arq_queue_name,
        )
        return SegmentMembersImportSuccess(job=Job.from_model(job))
