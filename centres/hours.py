"""Open-now computation for a centre's opening hours, in Romania's time zone.

Input is plain data (weekly rows and dated exceptions), so the database models, the seed and
the tests all use the same function. Times are local wall-clock times in Europe/Bucharest; all
comparisons are done on UTC instants so that a DST change (last Sunday of March and of
October) and intervals crossing midnight are handled correctly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo

from django.utils import timezone

TZ = ZoneInfo("Europe/Bucharest")
UTC = dt.UTC
LOOKAHEAD_DAYS = 14  # how far ahead "opens at ..." looks (covers two-week holiday closures)


@dataclass(frozen=True)
class WeeklyHours:
    """Open on `weekday` (0 = Monday) from `opens` to `closes`.

    `closes` at or before `opens` means the interval ends the next day (e.g. 22:00-02:00),
    and `closes` = 00:00 means midnight at the end of the day.
    """

    weekday: int
    opens: dt.time
    closes: dt.time


@dataclass(frozen=True)
class DatedException:
    """Replaces the weekly hours on one date: closed all day, or open opens-closes.

    Several exceptions on one date add up (e.g. 09:00-12:00 and 14:00-16:00).
    """

    date: dt.date
    closed: bool = True
    opens: dt.time | None = None
    closes: dt.time | None = None


class State(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    UNKNOWN = "unknown"  # no hours published


@dataclass(frozen=True)
class OpenStatus:
    state: State
    closes_at: dt.datetime | None = None  # when OPEN: local time it closes
    opens_at: dt.datetime | None = None  # when CLOSED: next local opening, if within lookahead
    closed_today: bool = False  # CLOSED and no (more) opening today
    exceptional_today: bool = False  # today follows a dated exception (holiday, special hours)

    @property
    def is_open(self) -> bool:
        return self.state == State.OPEN

    @property
    def opens_today(self) -> bool:
        return self.opens_at is not None and not self.closed_today


def _local(day: dt.date, at: dt.time) -> dt.datetime:
    """Aware local datetime for a wall-clock time; a time skipped by DST maps forward."""
    naive = dt.datetime.combine(day, at)
    aware = naive.replace(tzinfo=TZ)
    # Round-trip through UTC: for a non-existent time (03:30 on the spring-forward day)
    # this normalises to the real instant one hour later, as a clock on the wall would show.
    return aware.astimezone(UTC).astimezone(TZ)


def _interval(day: dt.date, opens: dt.time, closes: dt.time) -> tuple[dt.datetime, dt.datetime]:
    start = _local(day, opens)
    end_day = day if closes > opens else day + dt.timedelta(days=1)
    end = _local(end_day, closes)
    return start.astimezone(UTC), end.astimezone(UTC)


def intervals_for_day(
    day: dt.date,
    weekly: Iterable[WeeklyHours],
    exceptions: Iterable[DatedException],
) -> tuple[list[tuple[dt.datetime, dt.datetime]], bool]:
    """UTC intervals starting on a local date, and whether an exception applied that day."""
    todays = [e for e in exceptions if e.date == day]
    if todays:
        if any(e.closed for e in todays):
            return [], True
        spans = [_interval(day, e.opens, e.closes) for e in todays if e.opens and e.closes]
        return sorted(spans), True
    spans = [_interval(day, w.opens, w.closes) for w in weekly if w.weekday == day.weekday()]
    return sorted(spans), False


def open_status(
    weekly: Iterable[WeeklyHours],
    exceptions: Iterable[DatedException] = (),
    now: dt.datetime | None = None,
) -> OpenStatus:
    """Is the centre open at `now` (default: the current time), and until/from when?"""
    weekly, exceptions = list(weekly), list(exceptions)
    if not weekly and not exceptions:
        return OpenStatus(State.UNKNOWN)
    now = (now or timezone.now()).astimezone(UTC)
    today = now.astimezone(TZ).date()

    spans: list[tuple[dt.datetime, dt.datetime]] = []
    exceptional_today = False
    # Start yesterday: an interval that began yesterday evening may still be running.
    for offset in range(-1, LOOKAHEAD_DAYS + 1):
        day = today + dt.timedelta(days=offset)
        day_spans, exceptional = intervals_for_day(day, weekly, exceptions)
        spans.extend(day_spans)
        if offset == 0:
            exceptional_today = exceptional
    spans.sort()

    for start, end in spans:
        if start <= now < end:
            # Back-to-back or overlapping rows (09-13, 13-17) read as one opening.
            for next_start, next_end in spans:
                if next_start <= end < next_end:
                    end = next_end
            return OpenStatus(
                State.OPEN, closes_at=end.astimezone(TZ), exceptional_today=exceptional_today
            )

    upcoming = [start for start, _ in spans if start > now]
    opens_at = min(upcoming).astimezone(TZ) if upcoming else None
    closed_today = opens_at is None or opens_at.date() != today
    return OpenStatus(
        State.CLOSED,
        opens_at=opens_at,
        closed_today=closed_today,
        exceptional_today=exceptional_today,
    )
