"""Jobs: the record of truth for background work (Redis only carries the queue)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model


class JobStatus(StrEnum):
    """Where a job is."""

    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"


class Job(Model):
    """A unit of background work and its progress."""

    id = fields.UUIDField(primary_key=True)
    kind = fields.CharField(max_length=64)
    status = fields.CharEnumField(JobStatus, max_length=16, default=JobStatus.QUEUED)
    params: dict[str, Any] = fields.JSONField(default=dict)
    total = fields.IntField(default=0)
    processed = fields.IntField(default=0)
    succeeded = fields.IntField(default=0)
    failed = fields.IntField(default=0)
    errors: list[dict[str, Any]] = fields.JSONField(default=list)
    result: dict[str, Any] = fields.JSONField(default=dict)
    message = fields.TextField(default="")
    attempts = fields.IntField(default=0)
    created_by_id = fields.UUIDField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    started_at = fields.DatetimeField(null=True)
    finished_at = fields.DatetimeField(null=True)
    heartbeat_at = fields.DatetimeField(null=True)

    class Meta:
        table = "job"
        indexes = (("status", "heartbeat_at"),)


class WorkerHeartbeat(Model):
    """One `promo worker` process, as it last reported itself (rows of stopped workers are deleted)."""

    id = fields.UUIDField(primary_key=True)
    queue = fields.CharField(max_length=255, description="The arq queue the worker serves.")
    host = fields.CharField(max_length=255)
    pid = fields.IntField()
    started_at = fields.DatetimeField()
    last_seen_at = fields.DatetimeField()
    redis_connected = fields.BooleanField(description="False while the worker waits for Redis to come back.")

    class Meta:
        table = "worker_heartbeat"
        indexes = (("queue", "last_seen_at"),)
