"""Issue 14 for the centres: approximate locations said to be approximate, claims only from
data, "checked on", notices and public holidays in open-now, through the real pages."""

import datetime as dt
import json

import pytest
import time_machine
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from centres import hours
from centres.models import Centre, CentreNotice, NoticeKind, OpeningHours, OperatingStatus
from iom_romania import page_cache
from tests.iom_romania.admin_forms import change_form_data, inline_prefix

DETAIL = "/en/centres/brasov/"
LIST = "/en/centres/"
BUCHAREST = hours.TZ


def at(year, month, day, hour=10):
    """A local time in Romania, for time_machine."""
    return dt.datetime(year, month, day, hour, tzinfo=BUCHAREST)


@pytest.fixture
def weekday_hours(seeded):
    """Brașov open Monday to Friday, 09:00-17:00 (test data, not the office's)."""
    centre = Centre.objects.get(slug="brasov")
    for day in range(5):
        OpeningHours.objects.create(
            centre=centre, weekday=day, opens=dt.time(9), closes=dt.time(17)
        )
    return centre


@pytest.fixture
def page_cache_on(settings):
    """The page cache as production runs it (with local memory instead of Redis)."""
    settings.PAGE_CACHE_SECONDS = 300
    page_cache._cache_down_until = 0.0
    caches[page_cache.CACHE_ALIAS].clear()
    yield
    caches[page_cache.CACHE_ALIAS].clear()


# -- approximate locations ------------------------------------------------------------------


def test_a_seed_centre_is_shown_at_its_city_centre_not_as_an_address(client, seeded):
    html = client.get(DETAIL).content.decode()
    assert "city centre of Brașov, exact address not yet published" in html
    assert "Directions to the city centre of Brașov" in html
    assert "Open the city centre of Brașov in my map app" in html
    assert (
        'data-centre-approximate="city centre of Brașov, exact address not yet published"' in html
    )
    assert "Exact location set by staff" not in html
    html = client.get(LIST, {"q": "Brasov"}).content.decode()
    assert "about 0 km away (from the city centre)" in html
    assert "straight line" not in html


def test_staff_setting_the_position_makes_it_exact(client, staff_client, seeded):
    url = f"/admin/centres/centre/{Centre.objects.get(slug='brasov').pk}/change/"
    page = staff_client.get(url)
    data = change_form_data(page)
    data["latitude"] = "45.6427"
    data["longitude"] = "25.5887"
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    centre = Centre.objects.get(slug="brasov")
    assert centre.has_exact_location
    html = client.get(DETAIL).content.decode()
    assert "Exact location set by staff on" in html
    assert "city centre of Brașov" not in html
    assert "Directions (OpenStreetMap)" in html
    # A later save that leaves the position alone keeps the first date.
    first = centre.exact_location_set_at
    data = change_form_data(staff_client.get(url))
    data["hours_note_en"] = "Appointments preferred"
    staff_client.post(url, data)
    assert Centre.objects.get(slug="brasov").exact_location_set_at == first


def test_exports_mark_or_leave_out_the_city_centre_point(client, seeded):
    features = json.loads(client.get("/centres.geojson").content)["features"]
    brasov = next(f for f in features if f["id"] == "brasov")["properties"]
    assert brasov["location_precision"] == "city"
    assert brasov["exact_location_set_at"] is None
    # Claims only from data: nothing staff have not said.
    assert brasov["operating_status"] is None
    assert brasov["free_of_charge"] is None
    assert brasov["information_checked_on"] is None
    Centre.objects.filter(slug="brasov").update(
        exact_location_set_at=dt.datetime(2026, 11, 2, tzinfo=dt.UTC),
        operating_status=OperatingStatus.ACTIVE,
        free_of_charge=True,
    )
    features = json.loads(client.get("/centres.geojson").content)["features"]
    brasov = next(f for f in features if f["id"] == "brasov")["properties"]
    assert brasov["location_precision"] == "exact"
    assert brasov["operating_status"] == "active"
    assert brasov["free_of_charge"] is True


def test_hsds_gives_coordinates_only_for_an_exact_position(client, seeded):
    locations = json.loads(client.get("/centres/hsds.json").content)["locations"]
    brasov = next(loc for loc in locations if "brasov" in loc["url"])
    assert "latitude" not in brasov
    assert "Exact position not yet published" in brasov["description"]
    Centre.objects.filter(slug="brasov").update(
        exact_location_set_at=dt.datetime(2026, 11, 2, tzinfo=dt.UTC)
    )
    locations = json.loads(client.get("/centres/hsds.json").content)["locations"]
    brasov = next(loc for loc in locations if "brasov" in loc["url"])
    assert brasov["latitude"] == pytest.approx(45.64861)


# -- claims only from data -------------------------------------------------------------------


def test_the_list_claims_nothing_the_office_never_said(client, seeded):
    html = client.get(LIST).content.decode()
    assert "Free information" not in html
    assert "Free of charge" not in html
    Centre.objects.filter(slug="brasov").update(free_of_charge=True)
    html = client.get(LIST).content.decode()
    assert html.count("Free of charge.") == 1
    assert "Free of charge." in client.get(DETAIL).content.decode()


def test_hsds_lists_no_service_whose_status_nobody_confirmed(client, seeded):
    assert json.loads(client.get("/hsds/services").content)["contents"] == []
    assert json.loads(client.get("/hsds/service_at_locations").content)["contents"] == []
    Centre.objects.filter(slug="brasov").update(operating_status=OperatingStatus.ACTIVE)
    (service,) = json.loads(client.get("/hsds/services").content)["contents"]
    assert service["status"] == "active"
    links = json.loads(client.get("/hsds/service_at_locations").content)["contents"]
    # Offered at all 15 centres; the 14 unconfirmed say so.
    assert len(links) == 15
    unconfirmed = [
        link for link in links if "Not yet confirmed by staff" in link.get("description", "")
    ]
    assert len(unconfirmed) == 14


def test_an_unconfirmed_centre_is_not_closed(client, weekday_hours):
    with time_machine.travel(at(2026, 12, 2, 10), tick=False):  # a Wednesday
        html = client.get(DETAIL).content.decode()
    assert "Open now" in html


# -- checked on ------------------------------------------------------------------------------


def test_each_centre_says_when_it_was_checked(client, seeded):
    html = client.get(LIST).content.decode()
    assert html.count("Information not yet checked by staff.") == 15
    Centre.objects.filter(slug="brasov").update(information_checked_on=dt.date(2026, 11, 20))
    html = client.get(LIST).content.decode()
    assert "Information checked on 20 November 2026." in html
    assert html.count("Information not yet checked by staff.") == 14
    assert "Information checked on 20 November 2026." in client.get(DETAIL).content.decode()


# -- notices ---------------------------------------------------------------------------------


def test_staff_add_a_closure_notice_that_closes_the_centre_for_its_dates(
    client, staff_client, weekday_hours
):
    url = f"/admin/centres/centre/{weekday_hours.pk}/change/"
    page = staff_client.get(url)
    data = change_form_data(page)
    prefix = inline_prefix(page, CentreNotice)
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-0-kind": NoticeKind.CLOSURE,
            f"{prefix}-0-text_en": "Closed for renovation.",
            f"{prefix}-0-text_ro": "Închis pentru renovare.",
            f"{prefix}-0-starts_on": "2026-12-07",
            f"{prefix}-0-ends_on": "2026-12-09",
        }
    )
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    client.logout()

    with time_machine.travel(at(2026, 12, 4, 10), tick=False):  # Friday before: announced
        html = client.get(DETAIL).content.decode()
        assert "Temporary closure" in html and "Closed for renovation." in html
        assert "from 7 December 2026 to 9 December 2026" in html
        assert "Open now" in html
    with time_machine.travel(at(2026, 12, 8, 10), tick=False):  # Tuesday, inside it
        html = client.get(DETAIL).content.decode()
        assert "Closed today" in html and "see the notice." in html
        assert "Opens at 09:00 on Thursday, 10 December." in html
        card = client.get(LIST).content.decode()
        assert "Closed for renovation." in card
        Centre.objects.filter(pk=weekday_hours.pk).update(operating_status="active")
        links = json.loads(client.get("/hsds/service_at_locations").content)["contents"]
        assert "Closed for renovation." in json.dumps(links, ensure_ascii=False)
        features = json.loads(client.get("/centres.geojson").content)["features"]
        (notice,) = next(f for f in features if f["id"] == "brasov")["properties"]["notices"]
        assert notice["kind"] == "closure" and notice["closes_centre"] is True
        ro = client.get("/ro/centres/brasov/").content.decode()
        assert "Închis pentru renovare." in ro
    with time_machine.travel(at(2026, 12, 10, 10), tick=False):  # the day after it ends
        html = client.get(DETAIL).content.decode()
        assert "Open now" in html
        assert "Closed for renovation." not in html


def test_a_moved_notice_informs_but_does_not_close(client, weekday_hours):
    CentreNotice.objects.create(
        centre=weekday_hours,
        kind=NoticeKind.MOVED,
        text="Moved to the second floor.",
        starts_on=dt.date(2026, 12, 1),
    )
    with time_machine.travel(at(2026, 12, 2, 10), tick=False):
        html = client.get(DETAIL).content.decode()
    assert "Moved office" in html and "end not yet known" in html
    assert "Open now" in html


def test_list_queries_do_not_grow_with_centres_and_notices(client, seeded, make_centre):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(LIST).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for i in range(30):
        centre = make_centre(f"extra-{i}", latitude=44 + i * 0.05, longitude=22 + i * 0.1)
        CentreNotice.objects.create(
            centre=centre, kind=NoticeKind.CLOSURE, text="Closed", starts_on=dt.date(2026, 1, 1)
        )
    assert count() == before


# -- public holidays ------------------------------------------------------------------------


def test_the_holidays_package_knows_romanias_orthodox_dates():
    assert hours.public_holiday(dt.date(2027, 5, 2))  # Orthodox Easter Sunday 2027
    assert hours.public_holiday(dt.date(2027, 5, 3))  # Easter Monday
    assert hours.public_holiday(dt.date(2027, 4, 30))  # Orthodox Good Friday
    assert hours.public_holiday(dt.date(2027, 6, 21))  # Whit Monday (Rusalii)
    assert hours.public_holiday(dt.date(2027, 3, 29)) is None  # Western Easter Monday


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (at(2027, 4, 29, 10), "Open now"),  # Thursday before
        (at(2027, 4, 30, 10), "a public holiday in Romania"),  # Good Friday
        (at(2027, 5, 3, 10), "a public holiday in Romania"),  # Easter Monday
        (at(2027, 5, 4, 10), "Open now"),  # Tuesday after
    ],
)
def test_open_now_across_orthodox_easter_2027(client, weekday_hours, moment, expected):
    with time_machine.travel(moment, tick=False):
        html = client.get(DETAIL).content.decode()
    assert expected in html


def test_on_easter_monday_the_page_says_when_it_opens_next(client, weekday_hours):
    with time_machine.travel(at(2027, 5, 3, 10), tick=False):
        html = client.get(DETAIL).content.decode()
    assert "Opens at 09:00 on Tuesday, 4 May." in html


def test_staff_can_keep_a_centre_open_on_public_holidays(client, weekday_hours):
    Centre.objects.filter(pk=weekday_hours.pk).update(open_on_public_holidays=True)
    with time_machine.travel(at(2027, 5, 3, 10), tick=False):
        html = client.get(DETAIL).content.decode()
    assert "Open now" in html


# -- the page cache at notice and holiday boundaries ----------------------------------------


def test_the_page_cache_generation_ends_at_the_next_holiday_or_notice_boundary(
    client, weekday_hours, page_cache_on
):
    with time_machine.travel(at(2027, 4, 20, 12), tick=False):
        # Next: Orthodox Good Friday begins at midnight.
        assert page_cache.next_scheduled_change() == at(2027, 4, 30, 0).timestamp()
        CentreNotice.objects.create(
            centre=weekday_hours,
            kind=NoticeKind.CLOSURE,
            text="Closed",
            starts_on=dt.date(2027, 4, 22),
            ends_on=dt.date(2027, 4, 23),
        )
        assert page_cache.next_scheduled_change() == at(2027, 4, 22, 0).timestamp()
    with time_machine.travel(at(2027, 4, 22, 12), tick=False):
        assert page_cache.next_scheduled_change() == at(2027, 4, 24, 0).timestamp()
    with time_machine.travel(at(2027, 5, 3, 12), tick=False):
        # Easter Monday: the holiday ends at midnight.
        assert page_cache.next_scheduled_change() == at(2027, 5, 4, 0).timestamp()


def test_a_cached_page_is_not_served_across_easter(client, weekday_hours, page_cache_on):
    # Two minutes before Easter Monday ends, then one after: well within the cache's time.
    with time_machine.travel(at(2027, 5, 3, 23) + dt.timedelta(minutes=58), tick=False) as t:
        first = client.get(DETAIL, secure=True)
        assert first["X-Page-Cache"] == "miss"
        assert "a public holiday in Romania" in first.content.decode()
        assert client.get(DETAIL, secure=True)["X-Page-Cache"] == "hit"
        t.move_to(at(2027, 5, 4, 0) + dt.timedelta(minutes=1))
        after = client.get(DETAIL, secure=True)
    assert after["X-Page-Cache"] == "miss"
    assert "a public holiday in Romania" not in after.content.decode()
