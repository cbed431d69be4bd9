"""What the two public forms (a scam report, a centre correction) share: one bot trap, one
rate limit that counts accepted submissions and bots but not a person's mistakes, and a 400
page in the visitor's language for a NUL byte (which PostgreSQL cannot store)."""

import html
import logging
import time

import pytest

from alerts import abuse
from alerts.models import Channel, ScamReport
from centres.models import InformationReport

REPORT = "/en/alerts/report/"
CORRECTION = "/en/centres/brasov/report/"


@pytest.fixture
def report(seeded):
    return {
        "what_happened": "They offered a job in Canada if I paid 500 EUR for the visa.",
        "channel": Channel.objects.get(code="messaging-app").pk,
        "scammer_website": "https://www.canada-jobs-fast.com/apply",
        "started": abuse.form_started_token(now=time.time() - 60),
    }


CORRECTION_DATA = {"message": "The phone number changed to 0268 000 000.", "contact": ""}


@pytest.mark.parametrize("url", [REPORT, CORRECTION, "/ar/alerts/report/"])
def test_every_public_form_has_the_same_hidden_bot_trap(client, seeded, url):
    page = client.get(url).content.decode()
    trap = page[page.index('<div class="bot-trap" aria-hidden="true">') :].split("</div>")[0]
    assert 'name="website"' in trap and 'tabindex="-1"' in trap and 'autocomplete="off"' in trap
    assert "homepage" not in page and 'class="field trap"' not in page


def test_the_correction_form_has_a_rate_limit(client, seeded, settings):
    """It had none: anyone could send corrections without end."""
    settings.SCAM_REPORT_RATE_LIMIT = 2
    assert client.post(CORRECTION, CORRECTION_DATA).status_code == 302
    assert client.post(CORRECTION, CORRECTION_DATA).status_code == 302
    response = client.post(CORRECTION, CORRECTION_DATA)
    page = html.unescape(response.content.decode())
    assert response.status_code == 429
    assert "several reports from your connection" in page
    assert "The phone number changed to 0268 000 000." in page  # what was typed is kept
    assert InformationReport.objects.count() == 2
    # Another client is not affected.
    assert client.post(CORRECTION, CORRECTION_DATA, REMOTE_ADDR="10.0.0.9").status_code == 302


def test_both_forms_share_one_limit(client, report, settings):
    settings.SCAM_REPORT_RATE_LIMIT = 2
    assert client.post(REPORT, report).status_code == 302
    assert client.post(CORRECTION, CORRECTION_DATA).status_code == 302
    assert client.post(REPORT, report).status_code == 429
    assert client.post(CORRECTION, CORRECTION_DATA).status_code == 429
    assert ScamReport.objects.count() == 1 and InformationReport.objects.count() == 1


def test_correction_mistakes_do_not_count_but_bots_do(client, seeded, settings):
    settings.SCAM_REPORT_RATE_LIMIT = 2
    for invalid in [{"message": ""}, {"message": "Moved.", "contact": "me@"}] * 2:
        assert client.post(CORRECTION, invalid).status_code == 200
    bot = {**CORRECTION_DATA, "website": "http://spam.example"}
    assert client.post(CORRECTION, bot).status_code == 302  # the bot is not told
    assert client.post(CORRECTION, CORRECTION_DATA).status_code == 302
    assert client.post(CORRECTION, CORRECTION_DATA).status_code == 429
    assert InformationReport.objects.count() == 1


def test_correction_contact_must_be_an_address_or_a_number(client, seeded):
    response = client.post("/ro/centres/brasov/report/", {"message": "Moved.", "contact": "me@"})
    page = html.unescape(response.content.decode())
    assert 'aria-invalid="true"' in page and 'href="#id_contact"' in page
    assert "Introduceți o adresă de e-mail" in page
    for contact in ["me@example.org", "0721 234 567", "+44 20 7946 0000"]:
        response = client.post(CORRECTION, {"message": "Moved.", "contact": contact})
        assert response.status_code == 302, contact


@pytest.fixture
def no_errors_logged(caplog):
    caplog.set_level(logging.ERROR)
    yield
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, [r.getMessage() for r in errors]


@pytest.mark.parametrize(
    "url",
    [
        "/en/search/?q=a%00b",
        "/en/alerts/?channel=%00",
        "/en/alerts/?type=%00",
        "/en/centres/?q=a%00b",
        "/en/centres/?service=x&language=%00",
        "/en/?%00=1",
    ],
)
def test_a_nul_byte_in_the_query_string_is_a_400(client, seeded, no_errors_logged, url):
    """On PostgreSQL these were 500s with a traceback in the log."""
    response = client.get(url)
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


def test_the_400_page_is_in_the_visitors_language(client, seeded, no_errors_logged):
    response = client.get("/ro/search/?q=a%00b")
    page = response.content.decode()
    assert response.status_code == 400
    assert '<html lang="ro"' in page and "Cerere greșită" in page


@pytest.mark.parametrize("url", [REPORT, CORRECTION, "/en/alerts/check/"])
def test_a_nul_byte_in_a_form_is_a_400(client, report, no_errors_logged, url):
    data = {**report, **CORRECTION_DATA, "text": "x", "what_happened": "a\x00b"}
    data["message"] = data["text"] = "a\x00b"
    response = client.post(url, data)
    assert response.status_code == 400
    assert ScamReport.objects.count() == 0 and InformationReport.objects.count() == 0


def test_a_nul_byte_in_the_session_cookie_is_a_400(client, seeded, no_errors_logged):
    # Cookie values may carry octal escapes ("\000"), which Django decodes.
    client.cookies["sessionid"] = "abcdefgh\x00ijklmnop"
    assert client.get("/en/").status_code == 400


@pytest.mark.parametrize(
    ("url", "form_class"),
    [
        (REPORT, "alerts.forms.ScamReportForm"),
        ("/en/alerts/check/", "alerts.forms.CheckForm"),
        (CORRECTION, "centres.forms.InformationReportForm"),
    ],
)
def test_every_field_of_each_public_form_is_on_its_page(client, seeded, url, form_class):
    """A field missing from a form's crispy layout would not be shown at all."""
    from django.utils.module_loading import import_string

    page = client.get(url).content.decode()
    for name in import_string(form_class)().fields:
        assert f'name="{name}"' in page, name
    assert page.count("<form") == page.count("</form>")
