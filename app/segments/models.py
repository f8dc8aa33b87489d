"""Segments: filter definitions, static and uploaded member lists, and their history."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model

from app.access.models import ApiKey


class SegmentKind(StrEnum):
    FILTER = "FILTER"  # a definition over attributes, behaviour, location and other segments, evaluated live
    LIST = "LIST"  # members added and removed by hand (segmentMembersAdd / Remove)
    UPLOADED = "UPLOADED"  # members from an uploaded CSV file (segmentMembersImport)


class SegmentHistoryKind(StrEnum):
    CREATED = "CREATED"
    UPDATED = "UPDATED"
    MEMBERS_ADDED = "MEMBERS_ADDED"
    MEMBERS_REMOVED = "MEMBERS_REMOVED"
    MEMBERS_IMPORTED = "MEMBERS_IMPORTED"


class Segment(Model):
    """A set of customers: a live filter, or a stored list of members."""

    id = fields.UUIDField(primary_key=True)
    name = fields.CharField(max_length=200, unique=True)
    description = fields.TextField(default="")
    kind = fields.CharEnumField(SegmentKind, max_length=16)
    definition: dict[str, Any] | None = fields.JSONField(null=True)  # FILTER: as given (the API's JSON form)
    version = fields.IntField(default=1)
    created_by: fields.ForeignKeyNullableRelation[ApiKey] = fields.ForeignKeyField(
        "models.ApiKey", null=True, on_delete=fields.SET_NULL, related_name=False
    )
    updated_by: fields.ForeignKeyNullableRelation[ApiKey] = fields.ForeignKeyField(
        "models.ApiKey", null=True, on_delete=fields.SET_NULL, related_name=False
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "segment"
        indexes = (("created_at", "id"),)

    created_by_id: Any
    updated_by_id: Any


class SegmentMember(Model):
    """A customer in a LIST or UPLOADED segment."""

    id = fields.BigIntField(primary_key=True)
    segment: fields.ForeignKeyRelation[Segment] = fields.ForeignKeyField(
        "models.Segment", on_delete=fields.CASCADE, related_name="members"
    )
    customer_id = fields.UUIDField()
    added_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "segment_member"
        unique_together = (("segment_id", "customer_id"),)
        indexes = (("customer_id",),)

    segment_id: Any


class SegmentHistory(Model):
    """One change to a segment: who, when, what (field changes, or how many members moved)."""

    id = fields.BigIntField(primary_key=True)
    segment: fields.ForeignKeyRelation[Segment] = fields.ForeignKeyField(
        "models.Segment", on_delete=fields.CASCADE, related_name="history"
    )
    kind = fields.CharEnumField(SegmentHistoryKind, max_length=24)
    actor: fields.ForeignKeyNullableRelation[ApiKey] = fields.ForeignKeyField(
        "models.ApiKey", null=True, on_delete=fields.SET_NULL, related_name=False
    )
    changes: list[dict[str, Any]] = fields.JSONField(default=list)
    count = fields.IntField(null=True)  # members moved
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "segment_history"
        indexes = (("segment_id", "id"),)

    segment_id: Any
    actor_id: Any
