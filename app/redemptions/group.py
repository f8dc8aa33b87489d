"""Group commit: the redemptions a process has ready at one moment, written by one statement.

A redemption on the hot path hands its planned write to `GroupCommit.write`. When no write is in flight
it leads: it takes the writes queued so far (its own first, at most `MAX_BATCH`) and runs them as one
statement on its own connection — each request already holds one, so nothing more is acquired. Writes
that arrive meanwhile queue; when the leader is done, the first of them leads the next batch on its own
connection. Nobody waits for a timer: a lone redemption is written at once, as a batch of one; a
queued write no leader takes within `PATIENCE_SECONDS` writes alone.

A batch the server refuses (a limit, a campaign's version, a twin's idempotency key, any error: a
statement is its own transaction) is redone one write at a time, each on its own request's connection,
so a refusal keeps out only the redemption it concerns and the ORM path words it as before. If the
statement fails otherwise (the connection lost without an answer, the leader cancelled), the waiting
writes get `BatchInterrupted`: their outcome is unknown. After a write of a campaign is refused, that
campaign's writes go alone for `REFUSED_ALONE_SECONDS` (a campaign at its limit would sink every batch it
joined). Under load the hot counters are moved once per batch instead of once per redemption, and one
commit serves the batch.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum

import asyncpg

from app.core import metrics
from app.redemptions import writes
from app.redemptions.writes import Write

MAX_BATCH = 32
MAX_REMEMBERED = 10_000  # campaigns with a recent refusal; expired ones are dropped past this
# How long a queued write waits for a leader to take it before it writes alone: a batch normally takes a
# few milliseconds, but one waiting on a row lock (an ORM transaction, a distribution chunk) must not hold
# up the process's other redemptions.
PATIENCE_SECONDS = 0.2
# After a write of a campaign is refused, that campaign's writes go alone for this long: the hot path reads
# no counters, so once a campaign reaches a limit each of its writes would make a whole batch fail.
REFUSED_ALONE_SECONDS = 1.0


class _Signal(Enum):
    """What a queued write is told instead of its outcome: lead the next batch, or write alone."""

    LEAD = "lead"
    ALONE = "alone"


LEAD = _Signal.LEAD
ALONE = _Signal.ALONE


class BatchInterrupted(RuntimeError):
    """The statement writing a batch failed unexpectedly or was cancelled: it may or may not have committed."""


@dataclass(eq=False)
class _Entry:
    write: Write
    task: asyncio.Task[object] | None
    future: asyncio.Future[datetime | _Signal | None] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )


class GroupCommit:
    """The queue of one process (one event loop) and whether a leader is writing."""

    def __init__(self, max_batch: int = MAX_BATCH, patience_seconds: float = PATIENCE_SECONDS) -> None:
        self.max_batch = max_batch
        self.patience_seconds = patience_seconds
        self._queue: list[_Entry] = []
        self._leading = False
        self._alone_until: dict[uuid.UUID, float] = {}  # campaign → when its writes may be batched again

    def reset(self) -> None:
        """Forget the queue and the refusals (a test that ended while a batch was in flight)."""
        self._queue.clear()
        self._leading = False
        self._alone_until.clear()

    def refused_lately(self, write: Write) -> bool:
        """Whether a campaign of `write` had a write refused in the last `REFUSED_ALONE_SECONDS`."""
        if not self._alone_until:
            return False
        now = time.monotonic()
        return any(self._alone_until.get(campaign_id, 0.0) > now for campaign_id in write.campaigns)

    async def _single(self, connection: asyncpg.Connection, write: Write) -> datetime | None:
        created = await writes.single(connection, write)
        if created is None:
            now = time.monotonic()
            if len(self._alone_until) > MAX_REMEMBERED:
                self._alone_until = {key: until for key, until in self._alone_until.items() if until > now}
            for campaign_id in write.campaigns:
                self._alone_until[campaign_id] = now + REFUSED_ALONE_SECONDS
        return created

    async def write(self, connection: asyncpg.Connection, write: Write) -> datetime | None:
        """Write `write` (alone or with others): its creation time, or None when it was refused (not written)."""
        entry = _Entry(write, asyncio.current_task())
        self._queue.append(entry)
        if self._leading:
            try:
                outcome = await self._wait(entry)
            except asyncio.CancelledError:
                self._abandon(entry)
                raise
            if outcome is ALONE:
                return await self._single(connection, write)
            if not isinstance(outcome, _Signal):
                return outcome
        self._leading = True
        return await self._lead(connection, entry)

    async def _wait(self, entry: _Entry) -> datetime | _Signal | None:
        """The outcome; a write no leader took within the patience writes alone (the leader may wait on a lock)."""
        done, _ = await asyncio.wait({entry.future}, timeout=self.patience_seconds)
        if not done and entry in self._queue:
            self._queue.remove(entry)
            entry.future.cancel()
            return ALONE
        return await entry.future

    async def _lead(self, connection: asyncpg.Connection, own: _Entry) -> datetime | None:
        assert self._queue[0] is own  # a leader's write is the first of the queue
        del self._queue[0]
        taken = [own]
        alone: list[_Entry] = []  # writes of campaigns refused lately: told to write alone
        batching = not self.refused_lately(own.write)
        while batching and self._queue and len(taken) < self.max_batch:
            entry = self._queue.pop(0)
            if entry.future.done() or (entry.task is not None and entry.task.cancelling()):
                continue  # its request is being cancelled
            (alone if self.refused_lately(entry.write) else taken).append(entry)
        self._settle(alone, ALONE)
        if len(taken) == 1:
            try:
                return await self._single(connection, own.write)
            finally:
                self._hand_over()
        metrics.REDEMPTION_BATCH.observe(len(taken))
        try:
            created = await writes.batch(connection, [entry.write for entry in taken])
        except asyncpg.PostgresError:
            created = None  # the server refused the statement: none of it was kept
        except BaseException:
            # The others learn that their write's fate is unknown (as a lost connection leaves a commit).
            self._settle(taken[1:], BatchInterrupted("the write of a batch of redemptions was interrupted"))
            self._hand_over()
            raise
        self._settle(taken[1:], ALONE if created is None else created)
        self._hand_over()
        if created is not None:
            return created[own.write.redemption_id]
        metrics.REDEMPTION_BATCH_REDONE.inc()
        return await self._single(connection, own.write)

    @staticmethod
    def _settle(entries: Sequence[_Entry], outcome: Mapping[uuid.UUID, datetime] | _Signal | BaseException) -> None:
        for entry in entries:
            if entry.future.done():
                continue  # its request was cancelled; what the batch wrote for it stays written
            if isinstance(outcome, BaseException):
                entry.future.set_exception(outcome)
            elif isinstance(outcome, _Signal):
                entry.future.set_result(outcome)
            else:
                entry.future.set_result(outcome[entry.write.redemption_id])

    def _hand_over(self) -> None:
        """Let the first write still waiting lead the next batch, or end the leading."""
        while self._queue:
            first = self._queue[0]
            if first.future.done():  # cancelled while it waited
                self._queue.pop(0)
                continue
            first.future.set_result(LEAD)
            return
        self._leading = False

    def _abandon(self, entry: _Entry) -> None:
        """A waiting request was cancelled: leave the queue, passing the lead on if it had just been given."""
        if entry in self._queue:
            self._queue.remove(entry)
        future = entry.future
        if not future.done():
            future.cancel()  # if a batch already took it, its redemption is written all the same
        elif not future.cancelled() and future.exception() is None and future.result() is LEAD:
            self._hand_over()


group_commit = GroupCommit()
