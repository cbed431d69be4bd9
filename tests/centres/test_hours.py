"""Unit tests for centres.hours: open-now across midnight, exceptions and DST."""

import datetime as dt

import pytest

from centres.hours import TZ, DatedException, State, WeeklyHours, open_status

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def t(text):
    return dt.time.fromisoformat(text)


def local(text):
    """Aware Bucharest datetime from 'YYYY-MM-DD HH:MM' (fold=0 for ambiguous times)."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=TZ)


OFFICE = [WeeklyHours(d, t("09:00"), t("17:00")) for d in (MON, TUE, WED, THU, FRI)]
SPLIT = [WeeklyHours(TUE, t("09:00"), t("13:00")), WeeklyHours(TUE, t("14:00"), t("18:00"))]
NIGHT = [WeeklyHours(FRI, t("22:00"), t("02:00")), WeeklyHours(SAT, t("20:00"), t("00:00"))]

# 2026: 29 March spring forward (03:00 -> 04:00), 25 October fall back (04:00 -> 03:00).
# 2026-11-30 is a Monday.
CASES = [
    # id, weekly, exceptions, now, state, closes_at, opens_at, closed_today
    ("office open", OFFICE, [], "2026-11-30 10:00", State.OPEN, "2026-11-30 17:00", None, False),
    ("before opening", OFFICE, [], "2026-11-30 08:00", State.CLOSED, None,
     "2026-11-30 09:00", False),
    ("at closing time", OFFICE, [], "2026-11-30 17:00", State.CLOSED, None,
     "2026-12-01 09:00", True),
    ("friday evening -> monday", OFFICE, [], "2026-12-04 18:00", State.CLOSED, None,
     "2026-12-07 09:00", True),
    ("sunday", OFFICE, [], "2026-12-06 12:00", State.CLOSED, None, "2026-12-07 09:00", True),
    ("lunch break", SPLIT, [], "2026-12-01 13:30", State.CLOSED, None, "2026-12-01 14:00",
     False),
    ("morning of split day", SPLIT, [], "2026-12-01 12:59", State.OPEN, "2026-12-01 13:00",
     None, False),
    # Across midnight: Friday 22:00-02:00 is still open at 01:00 on Saturday.
    ("after midnight", NIGHT, [], "2026-12-05 01:00", State.OPEN, "2026-12-05 02:00", None,
     False),
    ("before midnight", NIGHT, [], "2026-12-04 23:59", State.OPEN, "2026-12-05 02:00", None,
     False),
    ("saturday until midnight", NIGHT, [], "2026-12-05 23:30", State.OPEN,
     "2026-12-06 00:00", None, False),
    ("after night closes", NIGHT, [], "2026-12-05 02:00", State.CLOSED, None,
     "2026-12-05 20:00", False),
    # Dated exceptions.
    ("holiday closure", OFFICE, [DatedException(dt.date(2026, 12, 1))], "2026-12-01 10:00",
     State.CLOSED, None, "2026-12-02 09:00", True),
    ("special short day", OFFICE,
     [DatedException(dt.date(2026, 12, 24), closed=False, opens=t("09:00"), closes=t("12:00"))],
     "2026-12-24 12:30", State.CLOSED, None, "2026-12-25 09:00", True),
    ("special sunday opening", OFFICE,
     [DatedException(dt.date(2026, 12, 6), closed=False, opens=t("10:00"), closes=t("14:00"))],
     "2026-12-06 11:00", State.OPEN, "2026-12-06 14:00", None, False),
    ("two-week closure", OFFICE,
     [DatedException(dt.date(2026, 12, 21) + dt.timedelta(days=i)) for i in range(12)],
     "2026-12-21 10:00", State.CLOSED, None, "2027-01-04 09:00", True),
    # DST, spring forward: the night opening Saturday 28 March 20:00-02:00 and Sunday 29 March.
    ("spring forward, open across change", [WeeklyHours(SAT, t("22:00"), t("05:00"))], [],
     "2026-03-29 02:30", State.OPEN, "2026-03-29 05:00", None, False),
    ("spring forward, 05:00 is 2h UTC later", [WeeklyHours(SAT, t("22:00"), t("05:00"))], [],
     "2026-03-29 04:59", State.OPEN, "2026-03-29 05:00", None, False),
    ("spring forward, next monday", OFFICE, [], "2026-03-29 12:00", State.CLOSED, None,
     "2026-03-30 09:00", True),
    # DST, fall back: Saturday 24 October 22:00 to Sunday 05:00 lasts 8 hours, not 7.
    ("fall back, open after change", [WeeklyHours(SAT, t("22:00"), t("05:00"))], [],
     "2026-10-25 04:30", State.OPEN, "2026-10-25 05:00", None, False),
    ("fall back, office monday", OFFICE, [], "2026-10-26 09:00", State.OPEN,
     "2026-10-26 17:00", None, False),
    # A time skipped by the spring-forward change is read as the hour after.
    ("opening time skipped by DST", [WeeklyHours(SUN, t("03:30"), t("06:00"))], [],
     "2026-03-29 04:15", State.CLOSED, None, "2026-03-29 04:30", False),
]  # fmt: skip


@pytest.mark.smoke
@pytest.mark.parametrize(
    "weekly, exceptions, now, state, closes_at, opens_at, closed_today",
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_open_status(weekly, exceptions, now, state, closes_at, opens_at, closed_today):
    status = open_status(weekly, exceptions, now=local(now))
    assert status.state == state
    if closes_at:
        assert status.closes_at == local(closes_at)
        assert status.closes_at.tzinfo == TZ
    else:
        assert status.closes_at is None
    if opens_at:
        assert status.opens_at == local(opens_at)
    if state == State.CLOSED:
        assert status.closed_today is closed_today


@pytest.mark.smoke
def test_unknown_when_nothing_published():
    assert open_status([], []).state == State.UNKNOWN


@pytest.mark.smoke
def test_now_in_utc_is_converted_to_bucharest_time():
    # 07:30 UTC in winter is 09:30 in Bucharest (UTC+2): open.
    now = dt.datetime(2026, 11, 30, 7, 30, tzinfo=dt.UTC)
    assert open_status(OFFICE, now=now).is_open
    # 07:30 UTC in summer is 10:30 (UTC+3); 14:30 UTC is 17:30: closed.
    assert open_status(OFFICE, now=dt.datetime(2026, 7, 6, 7, 30, tzinfo=dt.UTC)).is_open
    assert not open_status(OFFICE, now=dt.datetime(2026, 7, 6, 14, 30, tzinfo=dt.UTC)).is_open


@pytest.mark.smoke
def test_fall_back_night_lasts_eight_hours():
    status = open_status([WeeklyHours(SAT, t("22:00"), t("05:00"))], now=local("2026-10-24 22:00"))
    opened = local("2026-10-24 22:00").astimezone(dt.UTC)
    assert status.closes_at.astimezone(dt.UTC) - opened == dt.timedelta(hours=8)


@pytest.mark.smoke
def test_back_to_back_rows_read_as_one_opening():
    rows = [WeeklyHours(MON, t("09:00"), t("13:00")), WeeklyHours(MON, t("13:00"), t("17:00"))]
    status = open_status(rows, now=local("2026-11-30 10:00"))
    assert status.closes_at == local("2026-11-30 17:00")


@pytest.mark.smoke
def test_exceptional_today_flag():
    holiday = [DatedException(dt.date(2026, 11, 30))]
    assert open_status(OFFICE, holiday, now=local("2026-11-30 10:00")).exceptional_today
    assert not open_status(OFFICE, holiday, now=local("2026-12-01 10:00")).exceptional_today
