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
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
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


@dataclass(frozen=True)
class Closure:
    """A centre's notice from `starts_on` to `ends_on` (None: no end known); when `closes`,
    the centre is closed all day on every one of those dates."""

    starts_on: dt.date
    ends_on: dt.date | None
    closes: bool = True
    kind: str = "closure"

    def covers(self, day: dt.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


@lru_cache(maxsize=16)
def _romanian_holidays(year: int) -> holidays.HolidayBase:
    # The `holidays` package computes Orthodox Easter and Whit Monday for each year.
    return holidays.country_holidays("RO", years=year)


def public_holiday(day: dt.date) -> str | None:
    """The name of Romania's public holiday on `day` (in English), or None."""
    return _romanian_holidays(day.year).get(day)


def local_today(now: dt.datetime | None = None) -> dt.date:
    return (now or timezone.now()).astimezone(TZ).date()


class ClosedBy(StrEnum):
    NONE = ""
    NOTICE = "notice"
    PUBLIC_HOLIDAY = "public_holiday"


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
    closed_by: ClosedBy = ClosedBy.NONE  # why it is closed all day today, if a notice or holiday

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


def closed_by_on(
    day: dt.date, closures: Iterable[Closure] = (), public_holidays: bool = False
) -> ClosedBy:
    """Whether a closing notice or (when it counts) a public holiday closes `day`."""
    if any(c.closes and c.covers(day) for c in closures):
        return ClosedBy.NOTICE
    if public_holidays and public_holiday(day):
        return ClosedBy.PUBLIC_HOLIDAY
    return ClosedBy.NONE


def intervals_for_day(
    day: dt.date,
    weekly: Iterable[WeeklyHours],
    exceptions: Iterable[DatedException],
    closures: Iterable[Closure] = (),
    public_holidays: bool = False,
) -> tuple[list[tuple[dt.datetime, dt.datetime]], bool]:
    """UTC intervals starting on a local date, and whether an exception applied that day.

    A closing notice wins over everything; a dated exception (special hours staff set for
    that day) wins over a public holiday; a public holiday closes the day when it counts.
    """
    if closed_by_on(day, closures) == ClosedBy.NOTICE:
        return [], True
    todays = [e for e in exceptions if e.date == day]
    if todays:
        if any(e.closed for e in todays):
            return [], True
        spans = [_interval(day, e.opens, e.closes) for e in todays if e.opens and e.closes]
        return sorted(spans), True
    if public_holidays and public_holiday(day):
        return [], True
    spans = [_interval(day, w.opens, w.closes) for w in weekly if w.weekday == day.weekday()]
    return sorted(spans), False


def open_status(
    weekly: Iterable[WeeklyHours],
    exceptions: Iterable[DatedException] = (),
    now: dt.datetime | None = None,
    closures: Iterable[Closure] = (),
    public_holidays: bool = False,
) -> OpenStatus:
    """Is the centre open at `now` (default: the current time), and until/from when?

    `closures` are the centre's notices; `public_holidays` closes Romania's public holidays.
    """
    weekly, exceptions, closures = list(weekly), list(exceptions), list(closures)
    now = (now or timezone.now()).astimezone(UTC)
    today = now.astimezone(TZ).date()
    if not weekly and not exceptions:
        if closed_by_on(today, closures) == ClosedBy.NOTICE:
            return OpenStatus(State.CLOSED, closed_today=True, closed_by=ClosedBy.NOTICE)
        return OpenStatus(State.UNKNOWN)
    # Why today is closed all day, if a notice or holiday (and no special hours) says so.
    closed_by = closed_by_on(today, closures, public_holidays)
    if closed_by == ClosedBy.PUBLIC_HOLIDAY and any(e.date == today for e in exceptions):
        closed_by = ClosedBy.NONE

    spans: list[tuple[dt.datetime, dt.datetime]] = []
    exceptional_today = False
    # Start yesterday: an interval that began yesterday evening may still be running.
    for offset in range(-1, LOOKAHEAD_DAYS + 1):
        day = today + dt.timedelta(days=offset)
        day_spans, exceptional = intervals_for_day(
            day, weekly, exceptions, closures, public_holidays
        )
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
        closed_by=closed_by,
    )


def next_change_of_day(
    today: dt.date, closures: Iterable[Closure], horizon_days: int = 400
) -> dt.datetime | None:
    """The next local midnight after which a notice or a public holiday starts or ends.

    Open-now shown on a page changes then, whatever the weekly hours say: the page cache
    ends its generation at that moment (iom_romania/page_cache.py).
    """
    closures = list(closures)
    boundaries = []
    for c in closures:
        if c.starts_on > today:
            boundaries.append(c.starts_on)
        if c.ends_on is not None and c.ends_on >= today:
            boundaries.append(c.ends_on + dt.timedelta(days=1))
    holiday_today = public_holiday(today) is not None
    for offset in range(1, horizon_days):
        day = today + dt.timedelta(days=offset)
        if (public_holiday(day) is not None) != holiday_today:
            boundaries.append(day)
            break
    if not boundaries:
        return None
    return _local(min(boundaries), dt.time(0))
