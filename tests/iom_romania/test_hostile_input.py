"""Nothing a visitor sends breaks the site: every public page and every public form, fed
hostile query strings and bodies on PostgreSQL, answers below 500 and logs no error.

The pages are the page lists the other gates walk (tests/browser/pages.py for the pages people
see, tests/production/pages.py for feeds and files), so a new page is walked here as soon as it
is added there.
"""

from __future__ import annotations

import logging

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from alerts.forms import CheckForm, ScamReportForm
from alerts.models import ScamAlert
from centres.forms import InformationReportForm
from tests.browser.pages import NOT_PAGES, PAGES
from tests.production.pages import public_files

HUGE = "x" * 20_000
# Query strings as a client may send them: NUL bytes, invalid UTF-8 and encoded lone
# surrogates, repeated and PHP-style array parameters, wrong types, huge values.
QUERIES = [
    "q=a%00b&page=%00&channel=%00&type=%00&service=%00&language=%00&ref=%00",
    "q=%ED%A0%80&page=%FF%FE&channel=%C0%AF&type=%F4%90%80%80&ref=%ED%B0%80",
    "q=a&q=b&q[]=c&page[]=1&channel[0]=x&type=&type=job_offer&lat[]=1",
    "q=http://[zz&lat=nan&lon=1e400&place=99999999999999999999&page=99999999999999999999",
    "q=-1&lat=abc&lon=-1e400&place=-1&page=abc&channel=99999999999999999999&ref=garbage",
    "q=" + "x" * 20_000 + "&ref=" + "%E2%80%AE" * 500,
]
# Every query parameter the public pages read, by page.
PARAMETERS = {
    "search": ["q", "page"],
    "centres:centre_list": ["q", "page", "service", "language", "lat", "lon", "place"],
    "alerts:alert_list": ["channel", "type", "page"],
    "alerts:report_sent": ["ref"],
}
HOSTILE_VALUES = [
    "a\x00b",
    HUGE,
    "http://[zz",
    "9" * 40,
    "-1",
    "nan",
    "1e400",
    "[]",
    "\u202e\u200b\ufeff",
]
# Form values: what breaks parsers of web addresses, e-mails, phones, dates and numbers.
BODY_VALUES = [
    "a\x00b",
    HUGE,
    "http://[zz",
    "hxxps://[::1x]/ and https://user:pass@[::1]:99999/x",
    "a@ and @@@ and mailto:@@ and x@" + "a" * 300 + ".com",
    "+40 abc 721 and ++++++++ and " + "0" * 60,
    "wa.me/99999999999999999999999 and facebook.com/profile.php?id=" + "9" * 50,
    "9" * 40,
    "2026-13-45",
    "-1",
]


@pytest.fixture
def visitor(settings):
    # The forms' own protections are tested elsewhere: here every body reaches validation.
    settings.SCAM_REPORT_RATE_LIMIT = 1_000_000
    settings.SCAM_REPORT_MIN_FILL_SECONDS = 0
    return Client(raise_request_exception=False)


@pytest.fixture
def no_errors_logged(caplog):
    caplog.set_level(logging.ERROR)
    yield
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, [r.getMessage() for r in errors]


def _every_public_url() -> list[str]:
    urls = [page.url("en").split("?")[0] for page in PAGES if page.exists()]
    alert = ScamAlert.objects.published().order_by("pk").first()
    for name in sorted(NOT_PAGES):
        try:
            urls.append(reverse(name))
        except NoReverseMatch:
            urls.append(reverse(name, kwargs={"slug": alert.slug}))
    urls += [url.split("?")[0] for _name, url in public_files()]
    return sorted(set(urls))


def _assert_below_500(response, what):
    assert response.status_code < 500, (what, response.status_code)


@pytest.mark.slow
def test_every_public_url_survives_hostile_query_strings(seeded, visitor, no_errors_logged):
    urls = _every_public_url()
    assert len(urls) > 15
    for url in urls:
        for query in QUERIES:
            _assert_below_500(visitor.get(url, QUERY_STRING=query), (url, query[:60]))
    # One parameter at a time where it is read, so one read early cannot hide a later one.
    for name, parameters in PARAMETERS.items():
        url = reverse(name)
        for parameter in parameters:
            for value in HOSTILE_VALUES:
                _assert_below_500(visitor.get(url, {parameter: value}), (url, parameter, value))


def _public_forms() -> list[tuple[str, dict[str, str]]]:
    """(address, a valid body) of every public form."""
    from alerts import abuse

    report = dict.fromkeys(ScamReportForm().fields, "")
    report.update(
        what_happened="They offered a job in Canada for a 500 EUR visa fee.",
        started=abuse.form_started_token(),
    )
    correction = dict.fromkeys(InformationReportForm().fields, "")
    correction.update(message="The phone number has changed.")
    check = dict.fromkeys(CheckForm().fields, "")
    check.update(text="Apply at example-visa.com or call 0721 234 567")
    centre = reverse("centres:centre_report", kwargs={"slug": "brasov"})
    return [
        (reverse("alerts:report"), report),
        (centre, correction),
        (reverse("alerts:check"), check),
    ]


UNDECODABLE_BODIES = [
    b"text=%ED%A0%80&message=%FF%FE&what_happened=%F4%90%80%80&contact=%C0%AF",
    b"\xff\xfe\x00=\x00&text=a%00b",
    b"&&&===&&&text",
]


@pytest.mark.slow
def test_every_public_form_survives_hostile_bodies(seeded, visitor, no_errors_logged):
    for url, valid in _public_forms():
        assert visitor.post(url, valid).status_code in (200, 302), url
        for field in [*valid, "unknown_field"]:
            for value in BODY_VALUES:
                body = {**valid, field: value}
                _assert_below_500(visitor.post(url, body), (url, field, value[:40]))
            body = {**valid, field: ["one", "two"], f"{field}[]": "x"}  # repeated, array
            _assert_below_500(visitor.post(url, body), (url, field, "repeated"))
        for raw in UNDECODABLE_BODIES:
            form = "application/x-www-form-urlencoded"
            for content_type in [form, "multipart/form-data; boundary=x", "application/json"]:
                response = visitor.post(url, raw, content_type=content_type)
                _assert_below_500(response, (url, raw, content_type))
