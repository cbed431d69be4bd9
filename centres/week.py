"""A centre's usual week as staff enter it: seven days, each closed or open for one or two
time ranges. Plain data and checks, no HTTP; the admin's week grid (centres/forms.py) uses
them, and the rows stored (OpeningHours) are made from them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from django.utils.translation import gettext as _

from .models import Weekday

DAYS = 7
RANGES_PER_DAY = 2  # a morning and an afternoon, around a lunch break

Range = tuple[dt.time, dt.time]


@dataclass(frozen=True)
class DayEntry:
    """What staff typed for one day: "Closed" ticked, and up to two ranges whose times may
    be missing (None) until checked."""

    closed: bool
    ranges: tuple[tuple[dt.time | None, dt.time | None], ...] = ()


@dataclass(frozen=True)
class Week:
    """Checked opening ranges, Monday first; an empty day is closed."""

    days: tuple[tuple[Range, ...], ...] = ((),) * DAYS

    @classmethod
    def from_rows(cls, rows: Iterable) -> Week:
        """From stored rows with `weekday`, `opens` and `closes` (OpeningHours, WeeklyHours)."""
        days = [[] for _day in range(DAYS)]
        for row in rows:
            days[row.weekday].append((row.opens, row.closes))
        return cls(tuple(tuple(sorted(day)) for day in days))

    def rows(self) -> set[tuple[int, dt.time, dt.time]]:
        """(weekday, opens, closes) of every opening, as OpeningHours stores them."""
        return {(weekday, *span) for weekday, day in enumerate(self.days) for span in day}

    def __str__(self):
        return "; ".join(f"{Weekday(n).label}: {day_text(day)}" for n, day in enumerate(self.days))


def day_text(day: tuple[Range, ...]) -> str:
    """One day as the public page shows it: "09:00–13:00, 14:00–17:00" or "Closed"."""
    if not day:
        return _("Closed")
    return ", ".join(f"{opens:%H:%M}–{closes:%H:%M}" for opens, closes in day)


def check_day(name: str, entry: DayEntry) -> tuple[tuple[Range, ...], list[str]]:
    """The day's ranges, earliest first, and what is wrong with them, in staff's words."""
    given = [(opens, closes) for opens, closes in entry.ranges if opens or closes]
    if entry.closed:
        if given:
            return (), [_("%(day)s: tick “Closed” or give times, not both.") % {"day": name}]
        return (), []
    if not given:
        return (), [_("%(day)s: give the opening hours, or tick “Closed”.") % {"day": name}]
    problems = []
    for opens, closes in given:
        if not (opens and closes):
            problems.append(
                _("%(day)s: give both the opening and the closing time.") % {"day": name}
            )
        elif closes <= opens:
            problems.append(
                _("%(day)s: the closing time %(closes)s must be after the opening time %(opens)s.")
                % {"day": name, "opens": f"{opens:%H:%M}", "closes": f"{closes:%H:%M}"}
            )
    if problems:
        return (), problems
    spans = tuple(sorted(given))
    for (_opens, first_closes), (second_opens, _closes) in pairwise(spans):
        if second_opens < first_closes:
            return (), [_("%(day)s: the two time ranges overlap.") % {"day": name}]
    return spans, []


def check_week(entries: list[DayEntry]) -> tuple[Week, list[str]]:
    """The week from seven days' entries, and every problem found, day by day."""
    days, problems = [], []
    for weekday, entry in enumerate(entries):
        spans, found = check_day(str(Weekday(weekday).label), entry)
        days.append(spans)
        problems += found
    return Week(tuple(days)), problems
