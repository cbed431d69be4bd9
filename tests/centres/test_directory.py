"""Centre model rules: phones, messaging links, hours cache, open status, seed, gazetteer."""

import datetime as dt
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from centres.gazetteer_db import build_from_database, load_gazetteer
from centres.hours import TZ, State
from centres.models import (
    Centre,
    CentrePhone,
    GazetteerPlace,
    HoursException,
    MessagingLink,
    OpeningHours,
    OperatingStatus,
    normalise_phone,
)


@pytest.mark.parametrize(
    ("typed", "e164"),
    [
        ("0268 123 456", "+40268123456"),
        ("+40 268 123 456", "+40268123456"),
        ("0040-268-123-456", "+40268123456"),
        ("0721 234 567", "+40721234567"),
        ("+380 44 123 4567", "+380441234567"),  # a foreign number stays foreign
    ],
)
def test_phone_numbers_are_stored_in_e164(typed, e164):
    assert normalise_phone(typed) == e164


@pytest.mark.parametrize("typed", ["12", "not a phone", "0268", "+40 000"])
def test_invalid_phone_numbers_are_refused(typed):
    with pytest.raises(ValidationError):
        normalise_phone(typed)


def test_phone_clean_normalises(make_centre):
    phone = CentrePhone(centre=make_centre("x"), number="0268 123 456")
    phone.full_clean()
    assert phone.number == "+40268123456"


@pytest.mark.parametrize(
    ("platform", "url", "ok"),
    [
        ("whatsapp", "https://wa.me/40721234567", True),
        ("whatsapp", "https://example.org/wa", False),
        ("viber", "viber://chat?number=%2B40721234567", True),
        ("telegram", "https://t.me/example", True),
        ("signal", "https://signal.me/#p/+40721234567", True),
        ("telegram", "javascript:alert(1)", False),
    ],
)
def test_messaging_links_must_match_their_app(make_centre, platform, url, ok):
    link = MessagingLink(centre=make_centre("x"), platform=platform, url=url)
    if ok:
        link.full_clean()
    else:
        with pytest.raises(ValidationError):
            link.full_clean()


def test_latitude_and_longitude_ranges_are_validated(make_centre):
    centre = make_centre("x")
    centre.latitude = 91
    with pytest.raises(ValidationError):
        centre.full_clean()


def test_phones_and_hours_are_read_from_their_tables(make_centre):
    centre = make_centre("x")
    assert centre.phone_list == []
    phone = CentrePhone.objects.create(centre=centre, number="+40268123456")
    OpeningHours.objects.create(centre=centre, weekday=0, opens=dt.time(9), closes=dt.time(17))
    HoursException.objects.create(centre=centre, date=dt.date(2026, 12, 25))
    centre = Centre.objects.with_contact_details().get(pk=centre.pk)
    assert centre.phone_list == [{"number": "+40268123456", "kind": "voice", "label": ""}]
    assert [(h.weekday, h.opens, h.closes) for h in centre.weekly_hours_data] == [
        (0, dt.time(9), dt.time(17))
    ]
    assert [(e.date, e.closed) for e in centre.hours_exceptions_data] == [
        (dt.date(2026, 12, 25), True)
    ]
    phone.delete()
    assert Centre.objects.get(pk=centre.pk).phone_list == []


def test_centre_open_status_across_midnight_and_dst(make_centre):
    centre = make_centre("x")
    OpeningHours.objects.create(centre=centre, weekday=5, opens=dt.time(22), closes=dt.time(5))
    centre = Centre.objects.get(pk=centre.pk)
    # Saturday 28 March 2026 22:00 to Sunday 05:00, through the spring-forward change.
    assert centre.open_status(dt.datetime(2026, 3, 29, 4, 30, tzinfo=TZ)).is_open
    assert not centre.open_status(dt.datetime(2026, 3, 29, 5, 0, tzinfo=TZ)).is_open
    # Saturday 24 October 2026, through the fall-back change.
    assert centre.open_status(dt.datetime(2026, 10, 25, 3, 30, tzinfo=TZ)).is_open


def test_temporarily_closed_centre_is_never_open(make_centre):
    centre = make_centre("x", operating_status=OperatingStatus.TEMPORARILY_CLOSED)
    OpeningHours.objects.create(centre=centre, weekday=0, opens=dt.time(0), closes=dt.time(0))
    centre = Centre.objects.get(pk=centre.pk)
    assert centre.open_status(dt.datetime(2026, 11, 30, 10, tzinfo=TZ)).state == State.CLOSED


def test_status_shown_on_pages(client, make_centre):
    centre = make_centre("x")
    html = client.get(centre.get_absolute_url()).content.decode()
    assert "Opening hours not yet published; contact IOM Romania." in html
    for day in range(7):
        OpeningHours.objects.create(centre=centre, weekday=day, opens=dt.time(0), closes=dt.time(0))
    html = client.get(centre.get_absolute_url()).content.decode()
    assert "Open now" in html


def test_gazetteer_load_is_idempotent_and_fast(db):
    load_gazetteer(force=True)
    assert GazetteerPlace.objects.count() > 7000
    started = time.perf_counter()
    assert load_gazetteer() == {"gazetteer places": 0}
    assert time.perf_counter() - started < 0.5
    gazetteer = build_from_database()
    assert gazetteer.lookup("Brasov").place.name == "Brașov"
    assert gazetteer.lookup("Harghita").place.kind == "county"


def test_load_gazetteer_command(db):
    call_command("load_gazetteer", "--force", verbosity=0)
    assert GazetteerPlace.objects.filter(kind="sector").count() == 6


def test_seed_gives_services_and_no_invented_facts(seeded):
    for centre in Centre.objects.all():
        assert list(centre.services.values_list("slug", flat=True)) == ["information"]
        assert centre.phone_list == [] and centre.weekly_hours_data == []
        assert centre.languages == [] and centre.interpretation_available is None
