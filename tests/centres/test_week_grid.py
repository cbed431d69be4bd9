"""The week grid of a centre's usual opening hours: checks in staff's words, rows stored
as before, and the public page showing the same hours."""

import datetime as dt

import pytest
from django.urls import reverse

from centres.models import Centre, HoursException, OpeningHours
from centres.week import DayEntry, Week, check_day, check_week
from tests.iom_romania.admin_forms import change_form_data

T = dt.time


@pytest.mark.parametrize(
    ("entry", "ranges", "problem"),
    [
        (DayEntry(True), (), None),
        (DayEntry(False, ((T(9), T(17)), (None, None))), ((T(9), T(17)),), None),
        (
            DayEntry(False, ((T(14), T(17)), (T(9), T(13)))),
            ((T(9), T(13)), (T(14), T(17))),
            None,
        ),
        (DayEntry(False, ((None, None), (None, None))), (), "give the opening hours, or tick"),
        (DayEntry(True, ((T(9), T(17)),)), (), "not both"),
        (DayEntry(False, ((T(9), None),)), (), "give both the opening and the closing time"),
        (DayEntry(False, ((T(17), T(9)),)), (), "must be after the opening time 17:00"),
        (DayEntry(False, ((T(9), T(9)),)), (), "must be after"),
        (DayEntry(False, ((T(9), T(13)), (T(12), T(17)))), (), "the two time ranges overlap"),
    ],
)
def test_a_day_is_closed_or_one_or_two_ranges(entry, ranges, problem):
    found, problems = check_day("Monday", entry)
    assert found == ranges
    if problem is None:
        assert problems == []
    else:
        assert len(problems) == 1 and problem in problems[0]
        assert problems[0].startswith("Monday: ")


def test_a_week_names_every_wrong_day():
    entries = [DayEntry(False, ((T(9), T(8)),))] * 2 + [DayEntry(True)] * 5
    week, problems = check_week(entries)
    assert [p.split(":")[0] for p in problems] == ["Monday", "Tuesday"]


def _grid(data, days, prefix="weekly_hours"):
    """Fill the form's grid: days={0: [("09:00", "17:00")]}; a day not given is closed."""
    for weekday in range(7):
        start = weekday * 5
        value = days.get(weekday, "closed")
        data.pop(f"{prefix}_{start}", None)
        if value == "closed":
            data[f"{prefix}_{start}"] = "on"
            value = []
        times = [t for span in value for t in span] + [""] * (4 - 2 * len(value))
        for offset, time in enumerate(times, start=1):
            data[f"{prefix}_{start + offset}"] = time
    return data


@pytest.mark.django_db
def test_staff_enter_a_normal_week_and_the_public_page_shows_it(client, admin_client, seeded):
    centre = Centre.objects.get(slug="brasov")
    url = reverse("admin:centres_centre_change", args=[centre.pk])
    page = admin_client.get(url)
    assert 'type="time"' in page.content.decode()
    week = {day: [("09:00", "17:00")] for day in range(4)}
    week[4] = [("09:00", "13:00"), ("14:00", "16:00")]
    data = _grid(change_form_data(page), week)
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    rows = sorted(OpeningHours.objects.filter(centre=centre).values_list("weekday", "opens"))
    assert len(rows) == 6 and rows[-1] == (4, T(14))
    public = client.get(centre.get_absolute_url()).content.decode()
    assert "09:00–13:00, 14:00–16:00" in public
    assert public.count("09:00–17:00") >= 4

    # Saving again unchanged keeps the same rows (no delete and re-create).
    ids = set(OpeningHours.objects.filter(centre=centre).values_list("pk", flat=True))
    admin_client.post(url, change_form_data(admin_client.get(url)))
    assert set(OpeningHours.objects.filter(centre=centre).values_list("pk", flat=True)) == ids


@pytest.mark.django_db
def test_wrong_hours_are_refused_with_a_clear_message(admin_client, seeded):
    centre = Centre.objects.get(slug="brasov")
    url = reverse("admin:centres_centre_change", args=[centre.pk])
    data = _grid(change_form_data(admin_client.get(url)), {0: [("17:00", "09:00")]})
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Monday: the closing time 09:00 must be after the opening time 17:00." in (
        response.content.decode()
    )
    assert not OpeningHours.objects.filter(centre=centre).exists()


@pytest.mark.django_db
def test_exceptions_by_date_use_the_browsers_pickers_without_now_links(admin_client, seeded):
    centre = Centre.objects.get(slug="brasov")
    HoursException.objects.create(centre=centre, date=dt.date(2026, 12, 24), closed=True)
    page = admin_client.get(reverse("admin:centres_centre_change", args=[centre.pk]))
    html = page.content.decode()
    html = html[html.index('id="hours_exceptions-group"') : html.index('id="notices-group"')]
    assert 'type="date"' in html and 'value="2026-12-24"' in html
    assert "vTimeField" not in html and "vDateField" not in html


def test_week_reads_the_stored_rows():
    rows = [OpeningHours(weekday=2, opens=T(14), closes=T(16)),
            OpeningHours(weekday=2, opens=T(9), closes=T(12))]  # fmt: skip
    week = Week.from_rows(rows)
    assert week.days[2] == ((T(9), T(12)), (T(14), T(16)))
    assert "Wednesday: 09:00–12:00, 14:00–16:00" in str(week)
