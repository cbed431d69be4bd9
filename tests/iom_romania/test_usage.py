"""Demand figures: what the finder, the search, "Check an offer" and the pages count, what
the staff report shows, and what it never keeps (iom_romania/usage.py, docs/demand.md)."""

import csv
import datetime as dt
import io
import os
import re
import zoneinfo

import pytest
import redis
import time_machine
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db.models import Sum
from django.test import Client
from django.urls import reverse

from iom_romania import usage
from iom_romania.models import UsageCount
from iom_romania.roles import CENTRE_MANAGER, EDITOR, REPORT_TRIAGE

REPORT = "/admin/iom_romania/usagecount/"
BUCHAREST = zoneinfo.ZoneInfo("Europe/Bucharest")


def at_noon(day: dt.date):
    return time_machine.travel(dt.datetime.combine(day, dt.time(12), tzinfo=BUCHAREST), tick=False)


def figures(**filters) -> int:
    return UsageCount.objects.filter(**filters).aggregate(n=Sum("count"))["n"] or 0


@pytest.fixture
def staff(django_user_model, seeded):
    def make(role=None, superuser=False):
        if superuser:
            user = django_user_model.objects.create_superuser("boss", "b@example.org", "pw")
        else:
            user = django_user_model.objects.create_user(
                role.lower().replace(" ", "-"), password="pw", is_staff=True
            )
            user.groups.add(Group.objects.get(name=role))
        client = Client()
        client.force_login(user)
        client.user = user
        return client

    return make


def report_on(client, day, **params):
    """The report as staff see it on that day (signed in again: sessions expire)."""
    with at_noon(day):
        client.force_login(client.user)
        return client.get(REPORT, params).content.decode()


# -- what is kept of a text -----------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, kept",
    [
        ("Brashov", "brashov"),
        ("  BRASHOV!!  ", "brashov"),
        ("Брашов", "брашов"),
        ("call me 0722 123 456", "call me"),
        ("+40 (722) 123-456", ""),
        ("ion.popescu@example.org Brashov", "brashov"),
        ("write to ion at ion@mail", "write to ion at"),
        ("see https://evil.example/x?u=1 now", "see now"),
        ("٠٧٢٢١٢٣٤٥٦ براشوف", "براشوف"),  # Arabic-Indic digits go too
        ("۰۷۲۲ تهران", "تهران"),  # and Persian ones
        ("０７２２ ｂｒａｓｏｖ", "brasov"),  # full-width
        ("<script>alert(1)</script>", "script alert script"),
        ("a" * 10_000, "a" * usage.MAX_TEXT_CHARS),
        ("", ""),
    ],
)
def test_what_is_kept_of_a_lookup_text(typed, kept):
    assert usage.normalise_text(typed) == kept


# -- counting through the real pages --------------------------------------------------------


def test_a_scripted_set_of_lookups_in_three_languages(client, seeded):
    client.get("/en/centres/", {"q": "Brașov"})
    client.get("/en/centres/", {"q": "Brașov"})
    client.get("/uk/centres/", {"q": "Брашов"})
    client.get("/uk/centres/", {"q": "Atlantis 0722 123 456"})
    client.get("/ro/centres/", {"q": "Oradea"})
    client.get("/ro/search/", {"q": "centre"})
    client.get("/ro/search/", {"q": "zzqqxx ion@example.org"})
    client.post("/uk/alerts/check/", {"text": "Pay 500 euro to 0700 000 000 for a visa"})
    client.get("/en/centres/brasov/")
    client.get("/uk/centres/brasov/")
    client.get("/en/alerts/internet-scams/")
    client.get("/en/centres/")  # the plain list: no lookup
    assert usage.flush() > 0

    assert figures(kind="finder") == 5
    assert figures(kind="finder", language="en", place="Brașov", centre="brasov") == 2
    assert figures(kind="finder", language="uk", place="Brașov", county="Brașov") == 1
    assert figures(kind="finder", language="uk", found=False, text="atlantis") == 1
    assert figures(kind="finder", language="ro", place="Oradea", county="Bihor") == 1
    assert figures(kind="search", language="ro") == 2
    assert figures(kind="search", language="ro", found=False, text="zzqqxx") == 1
    assert figures(kind="check", language="uk") == 1
    assert figures(kind="centre", page="brasov") == 2
    assert figures(kind="alert", page="internet-scams", language="en") == 1
    # Nothing that was typed besides the texts that matched nothing, and no digits at all.
    texts = set(UsageCount.objects.values_list("text", flat=True))
    assert texts == {"", "atlantis", "zzqqxx"}
    for row in UsageCount.objects.values():
        kept = "".join(value for value in row.values() if isinstance(value, str))
        assert not any(ch.isdigit() for ch in kept)


def test_coordinates_are_never_kept(client, seeded):
    client.get("/en/centres/", {"lat": "45.6427", "lon": "25.5887"})
    usage.flush()
    row = UsageCount.objects.get(kind="finder")
    assert (row.place_id, row.place, row.text, row.centre) == (0, "", "", "brasov")


def test_a_poster_visit_is_counted_for_its_page_and_language(client, seeded):
    response = client.get("/qr/uk/centres/brasov/")
    assert response.status_code == 302
    assert response["Location"] == "/uk/centres/brasov/"
    assert client.get("/qr/uk/admin/").status_code == 404
    assert client.get("/qr//evil.example/").status_code == 404
    assert client.get("/qr/xx/centres/").status_code == 404
    usage.flush()
    assert figures(kind="poster", language="uk", page="centres/brasov/") == 1
    assert figures(kind="poster") == 1


def test_a_cached_page_is_still_counted_without_a_query(
    client, seeded, settings, django_assert_num_queries
):
    from django.core.cache import caches

    from iom_romania import page_cache

    settings.PAGE_CACHE_SECONDS = 300
    page_cache._cache_down_until = 0.0
    caches[page_cache.CACHE_ALIAS].clear()
    assert client.get("/uk/centres/", {"q": "Брашов"}, secure=True)["X-Page-Cache"] == "miss"
    assert client.get("/en/alerts/internet-scams/", secure=True).status_code == 200
    with django_assert_num_queries(0):
        response = client.get("/uk/centres/", {"q": "Брашов"}, secure=True)
        client.get("/en/alerts/internet-scams/", secure=True)
    assert response["X-Page-Cache"] == "hit"
    # A browser revalidating its copy gets 304 and is counted too.
    client.get("/uk/centres/", {"q": "Брашов"}, secure=True, HTTP_IF_NONE_MATCH=response["ETag"])
    caches[page_cache.CACHE_ALIAS].clear()
    usage.flush()
    assert figures(kind="finder", language="uk", place="Brașov") == 3
    assert figures(kind="alert", page="internet-scams") == 2


PAGES = [
    "/uk/centres/?q=Брашов",
    "/en/centres/?q=Atlantis",
    "/en/centres/brasov/",
    "/en/alerts/internet-scams/",
    "/ro/search/?q=centre",
]


@pytest.mark.parametrize("url", PAGES)
def test_counting_adds_no_query_to_a_page(client, seeded, settings, url, django_assert_num_queries):
    settings.USAGE_COUNTING = False
    client.get(url)  # warm up: the gazetteer index, the content types
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as off:
        client.get(url)
    settings.USAGE_COUNTING = True
    with django_assert_num_queries(len(off.captured_queries)):
        client.get(url)
    assert usage._buffer, "the page was counted"


def test_counting_with_redis_adds_no_query(client, seeded, settings, django_assert_num_queries):
    """As production runs it: one Redis round trip per page, the sums written by flush_usage."""
    settings.USAGE_REDIS_URL = os.environ.get("TEST_USAGE_REDIS_URL", "redis://127.0.0.1:6379/8")
    settings.USAGE_PUSH_SECONDS = 0  # every page pushes at once, so the test sees Redis
    settings.CACHE_KEY_PREFIX = "iom-test-usage"
    client.get("/uk/centres/", {"q": "Брашов"})
    with django_assert_num_queries(len(_queries(client, "/uk/centres/?q=Брашов", settings))):
        client.get("/uk/centres/", {"q": "Брашов"})
    assert not usage._buffer
    out = io.StringIO()
    call_command("flush_usage", stdout=out)
    assert "1 rows" in out.getvalue()
    assert figures(kind="finder", language="uk") == 2  # not the one counted with counting off
    assert not list(redis.Redis.from_url(settings.USAGE_REDIS_URL).scan_iter("iom-test-usage:*"))


def _queries(client, url, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.USAGE_COUNTING = False
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    settings.USAGE_COUNTING = True
    return captured.captured_queries


def test_redis_down_falls_back_to_memory(client, seeded, settings):
    settings.USAGE_REDIS_URL = "redis://127.0.0.1:1/8"  # nothing listens there
    settings.USAGE_PUSH_SECONDS = 0
    assert client.get("/en/centres/brasov/").status_code == 200
    assert usage._buffer
    settings.USAGE_REDIS_URL = ""
    usage.flush()
    assert figures(kind="centre", page="brasov") == 1


def test_hostile_lookups_are_cut_and_counted_as_nothing(client, seeded):
    client.get("/en/centres/", {"q": "<img src=x onerror=alert(1)>" + "x" * 5000})
    client.get("/en/search/", {"q": "\u202e<b>" + "é" * 3000})
    usage.flush()
    for text in UsageCount.objects.exclude(text="").values_list("text", flat=True):
        assert len(text) <= usage.MAX_TEXT_CHARS and "<" not in text
    assert figures(found=False) == 2


# -- the report -------------------------------------------------------------------------------


def _lookup_on(client, day, query, language="en"):
    with at_noon(day):
        client.get(f"/{language}/centres/", {"q": query})
        usage.flush()


def test_a_text_is_shown_only_once_three_different_days_have_it(client, staff, seeded):
    admin = staff(superuser=True)
    day = dt.date(2026, 3, 2)
    for _ in range(5):  # five people on one day: still one day
        _lookup_on(client, day, "Brashoff")
    assert "brashoff" not in report_on(admin, day)
    _lookup_on(client, day + dt.timedelta(days=1), "Brashoff", "ro")
    assert "brashoff" not in report_on(admin, day + dt.timedelta(days=1))
    assert "brashoff" not in report_on(admin, day + dt.timedelta(days=1), format="csv")
    _lookup_on(client, day + dt.timedelta(days=2), "BRASHOFF", "uk")
    assert "brashoff" in report_on(admin, day + dt.timedelta(days=2))
    assert "brashoff" in report_on(admin, day + dt.timedelta(days=2), format="csv")


def test_a_typed_phone_number_or_email_never_reaches_the_report(client, staff, seeded):
    admin = staff(superuser=True)
    start = dt.date(2026, 3, 2)
    for offset in range(4):
        _lookup_on(client, start + dt.timedelta(days=offset), "Ion 0722 123 456 ion@example.org")
    with at_noon(start + dt.timedelta(days=3)):
        page = admin.get(REPORT).content.decode()
        exported = admin.get(REPORT, {"format": "csv"}).content.decode()
    assert "ion" in page  # the name alone, once four days have it
    # The texts as the table shows them (its "teach the finder" forms carry a random CSRF
    # token, which may contain any digits).
    table = page.split('id="unmatched"')[1].split("</table>")[0]
    shown = " ".join(re.findall(r'<td lang="">(.*?)</td>', table))
    assert "ion" in shown
    for secret in ("0722", "123", "456", "example.org", "@"):
        assert secret not in shown
        assert secret not in exported


def test_the_report_escapes_what_was_typed(client, staff, seeded):
    UsageCount.objects.bulk_create(
        UsageCount(
            day=dt.date(2026, 3, day), kind="search", found=False, text="<script>x</script>",
            language="en", count=1,
        )
        for day in (2, 3, 4)
    )  # fmt: skip
    admin = staff(superuser=True)
    with at_noon(dt.date(2026, 3, 5)):
        page = admin.get(REPORT).content.decode()
    assert "<script>x</script>" not in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page


def test_the_report_answers_the_office_question(client, staff, seeded):
    """How many looked for a centre in Ukrainian last month, from where, and what failed?"""
    start = dt.date(2026, 2, 2)
    for offset in range(3):
        day = start + dt.timedelta(days=offset)
        _lookup_on(client, day, "Брашов", "uk")
        _lookup_on(client, day, "Oradea", "uk")
        _lookup_on(client, day, "Atlantis", "uk")
        _lookup_on(client, day, "Sibiu", "en")
        with at_noon(day):
            client.get("/uk/alerts/internet-scams/")
            usage.flush()
    manager = staff(CENTRE_MANAGER)
    with at_noon(dt.date(2026, 3, 10)):
        february = {"start": "2026-02-01", "end": "2026-02-28", "language": "uk"}
        response = manager.get(REPORT, february)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<svg" in page and "Lookups per week, by language" in page
    assert "Brașov" in page and "Oradea" in page and "atlantis" in page
    assert "Sibiu" not in page  # looked for in English only
    far = page.split("km from every centre")[1].split("</table>")[0]
    assert "Oradea" in far and "Brașov" not in far
    assert "Warning - Internet Scams" in page or "internet-scams" in page
    assert response.context["totals"][0]["total"] == 9
    assert response.context["totals"][0]["nothing"] == 3


def test_the_csv_export(client, staff, seeded):
    day = dt.date(2026, 3, 2)
    _lookup_on(client, day, "Brașov")
    _lookup_on(client, day, "Brașov", "uk")
    UsageCount.objects.create(
        day=day, kind="search", found=False, text="=cmd|calc", language="en", count=1
    )
    UsageCount.objects.create(day=dt.date(2025, 1, 1), kind="centre", page="old", language="en")
    admin = staff(superuser=True)
    with at_noon(day):
        response = admin.get(REPORT, {"format": "csv", "start": "2026-03-01", "end": "2026-03-31"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    finder = [r for r in rows if r["kind"] == "finder"]
    assert {(r["language"], r["place"], r["centre"], r["count"]) for r in finder} == {
        ("en", "Brașov", "brasov", "1"),
        ("uk", "Brașov", "brasov", "1"),
    }
    assert all(r["day"] == "2026-03-02" for r in rows)  # the date filter
    assert all(r["text"] == "" for r in rows)  # one day only: no text leaves


def test_who_may_read_the_report(staff):
    assert staff(EDITOR).get(REPORT).status_code == 200
    assert staff(CENTRE_MANAGER).get(REPORT).status_code == 200
    assert staff(REPORT_TRIAGE).get(REPORT).status_code == 403
    assert Client().get(REPORT).status_code == 302  # to the sign-in page


def test_bad_filters_fall_back_to_the_last_thirty_days(staff):
    response = staff(superuser=True).get(REPORT, {"start": "not a date", "language": "xx"})
    assert response.status_code == 200
    filters = response.context["filters"]
    assert (filters.end - filters.start).days == 29 and filters.language == ""


# -- retention --------------------------------------------------------------------------------


def test_figures_are_purged_after_thirteen_months(client, seeded):
    with at_noon(dt.date(2025, 1, 15)):
        client.get("/en/centres/brasov/")
        usage.flush()
    with at_noon(dt.date(2025, 3, 1)):
        client.get("/en/centres/brasov/")
        usage.flush()
    with at_noon(dt.date(2026, 2, 20)):  # 13 months and 5 days after the first
        out = io.StringIO()
        call_command("purge_usage", stdout=out)
    assert "deleted 1 rows" in out.getvalue()
    assert list(UsageCount.objects.values_list("day", flat=True)) == [dt.date(2025, 3, 1)]


def test_the_daily_purge_runs_it():
    from django.conf import settings

    unit = (settings.BASE_DIR / "deploy" / "iom-romania-purge.service").read_text()
    assert "manage.py purge_usage" in unit
    assert (
        "manage.py flush_usage"
        in (settings.BASE_DIR / "deploy" / "iom-romania-usage.service").read_text()
    )


def test_add_name_url_needs_post(staff):
    url = reverse("admin:iom_romania_usagecount_add_name")
    assert staff(superuser=True).get(url).status_code == 405
