"""When a distribution runs: now, once, or recurring in the campaign's time zone (cronsim does the calendar).

DAILY and WEEKLY schedules are cron expressions in disguise (`M H * * *`, `M H * * d,…`), so daylight
saving time is handled the same way for all recurring kinds: cronsim iterates local wall-clock times.
An occurrence missed while the campaign was paused is not made up: the next one after now follows.
"""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from cronsim import CronSim, CronSimError

from app.core.errors import InvalidInput
from app.distributions.models import ScheduleKind

LOCAL_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
PAST_TOLERANCE = timedelta(minutes=5)
MAX_CRON_LENGTH = 100


@dataclass(frozen=True)
class Schedule:
    """A distribution's schedule as stored (`to_json`) and checked (`check`)."""

    kind: ScheduleKind
    at: datetime | None = None
    cron: str | None = None
    local_time: str | None = None
    weekdays: tuple[int, ...] = field(default_factory=tuple)  # ISO: 1 = Monday … 7 = Sunday
    ends_at: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat() if self.at else None,
            "cron": self.cron,
            "local_time": self.local_time,
            "weekdays": list(self.weekdays),
            "ends_at": self.ends_at.isoformat() if self.ends_at else None,
        }

    @classmethod
    def from_json(cls, kind: ScheduleKind, data: dict[str, Any]) -> Schedule:
        return cls(
            kind=kind,
            at=datetime.fromisoformat(data["at"]) if data.get("at") else None,
            cron=data.get("cron"),
            local_time=data.get("local_time"),
            weekdays=tuple(data.get("weekdays") or ()),
            ends_at=datetime.fromisoformat(data["ends_at"]) if data.get("ends_at") else None,
        )

    def expression(self) -> str | None:
        """The cron expression of a recurring schedule (None for NOW and ONCE)."""
        if self.kind is ScheduleKind.CRON:
            return self.cron
        if self.kind in {ScheduleKind.DAILY, ScheduleKind.WEEKLY}:
            assert self.local_time is not None
            hour, minute = (int(part) for part in self.local_time.split(":"))
            days = "*" if self.kind is ScheduleKind.DAILY else ",".join(str(day % 7) for day in sorted(self.weekdays))
            return f"{minute} {hour} * * {days}"
        return None

    def check(self, *, now: datetime, time_zone: str) -> None:
        """Refuse what cannot run, naming the field (`schedule.<field>`)."""
        given = {
            ScheduleKind.NOW: set(),
            ScheduleKind.ONCE: {"at"},
            ScheduleKind.CRON: {"cron"},
            ScheduleKind.DAILY: {"local_time"},
            ScheduleKind.WEEKLY: {"local_time", "weekdays"},
        }[self.kind]
        present = {name for name in ("at", "cron", "local_time", "weekdays") if getattr(self, name)}
        for name in sorted(present - given):
            raise InvalidInput(f"A {self.kind.value} schedule has no `{name}`.", field=f"schedule.{_camel(name)}")
        for name in sorted(given - present):
            raise InvalidInput(f"A {self.kind.value} schedule needs `{name}`.", field=f"schedule.{_camel(name)}")
        if self.at is not None and self.at < now - PAST_TOLERANCE:
            raise InvalidInput("The instant has passed; use NOW to run at once.", field="schedule.at")
        if self.local_time is not None and not LOCAL_TIME.match(self.local_time):
            raise InvalidInput("Give a local time as HH:MM (24 hours).", field="schedule.localTime")
        if any(not 1 <= day <= 7 for day in self.weekdays) or len(set(self.weekdays)) != len(self.weekdays):
            raise InvalidInput("Give distinct ISO weekdays, 1 = Monday … 7 = Sunday.", field="schedule.weekdays")
        if self.cron is not None:
            if len(self.cron) > MAX_CRON_LENGTH:
                raise InvalidInput(f"At most {MAX_CRON_LENGTH} characters.", field="schedule.cron")
            try:
                CronSim(self.cron, now.astimezone(zoneinfo.ZoneInfo(time_zone)))
            except (CronSimError, ValueError) as exc:
                raise InvalidInput(f"Not a cron expression: {exc}.", field="schedule.cron") from exc
        if self.ends_at is not None:
            if self.kind in {ScheduleKind.NOW, ScheduleKind.ONCE}:
                raise InvalidInput("Only a recurring schedule has an end.", field="schedule.endsAt")
            if self.ends_at <= now:
                raise InvalidInput("The end has passed.", field="schedule.endsAt")

    def first(self, *, now: datetime, time_zone: str) -> datetime | None:
        """The first occurrence."""
        if self.kind is ScheduleKind.NOW:
            return now
        if self.kind is ScheduleKind.ONCE:
            return max(self.at or now, now)
        return self.following(after=now, time_zone=time_zone)

    def following(self, *, after: datetime, time_zone: str) -> datetime | None:
        """The occurrence after `after` (None: the schedule is over)."""
        expression = self.expression()
        if expression is None:
            return None
        local = after.astimezone(zoneinfo.ZoneInfo(time_zone))
        found: datetime = next(iter(CronSim(expression, local)))
        if self.ends_at is not None and found > self.ends_at:
            return None
        return found.astimezone(after.tzinfo)


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)
