"""'Report a suspected scam': saved whole with a reference code, staff told by e-mail;
honeypot, minimum fill time, rate limit, length limits and consent refuse cleanly and
keep what was typed."""

import html
import time

import pytest
from django.core import mail

from alerts import abuse
from alerts.models import Delivery, ReportIndicator, ScamReport

URL = "/en/alerts/report/"


@pytest.fixture(autouse=True)
def mail_settings(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STAFF_NOTIFICATION_EMAILS = ["triage@example.org"]


def test_form_shows_privacy_notice_and_unticked_consent(client, db):
    page = client.get(URL).content.decode()
    assert "Privacy notice" in page
    assert "deleted 180 days after you send the report" in page
    consent_input = page[page.index('name="contact_consent"') :].split(">")[0]
    assert "checked" not in consent_input
    assert 'name="csrfmiddlewaretoken"' in page


def test_report_is_saved_with_reference_and_staff_are_told(
    client, report_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, report_data, HTTP_ACCEPT_LANGUAGE="ro")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    report = ScamReport.objects.get()
    assert report.reference in page
    assert str(report.pk) != report.reference
    assert report.reference.startswith("SR-")
    assert report.language == "en"  # the page's language (/en/), not the browser's
    assert set(ReportIndicator.objects.values_list("kind", "value")) == {
        ("domain", "canada-jobs-fast.com"),
        ("email", "hr@canada-jobs-fast.com"),
        ("phone", "+40721234567"),
        ("social", "t.me/canada_jobs_fast"),
    }
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["triage@example.org"]
    assert report.reference in message.subject
    assert "Canada" not in message.body  # no report content in mailboxes


def test_language_of_the_page_is_recorded(client, report_data):
    client.post("/ro/alerts/report/", report_data)
    assert ScamReport.objects.get().language == "ro"


def test_mail_failure_is_logged_and_the_report_kept(
    client, report_data, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.alerts.failing_mail.FailingEmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, report_data)
    assert response.status_code == 302
    assert ScamReport.objects.count() == 1
    # The notification stays in the outbox for a later try (alerts/outbox.py).
    assert "will try again" in caplog.text
    assert Delivery.objects.get(report=ScamReport.objects.get()).status == "queued"


def assert_refused_and_kept(response, message):
    page = html.unescape(response.content.decode())
    assert response.status_code in (400, 429)
    assert message in page
    assert "They offered a job in Canada if I paid 500 EUR for the visa." in page
    assert 'value="https://www.canada-jobs-fast.com/apply"' in page
    assert ScamReport.objects.count() == 0
    assert ReportIndicator.objects.count() == 0


def test_honeypot_blocks_and_keeps_what_was_typed(client, report_data):
    report_data["website"] = "http://spam.example"
    response = client.post(URL, report_data)
    assert_refused_and_kept(response, "Your report could not be sent.")
    assert 'value="http://spam.example"' not in response.content.decode()


def test_too_fast_submission_is_refused(client, report_data):
    report_data["started"] = abuse.form_started_token(now=time.time() - 1)
    assert_refused_and_kept(client.post(URL, report_data), "sent very quickly")


def test_missing_or_forged_start_token_is_refused(client, report_data):
    report_data["started"] = "forged"
    assert_refused_and_kept(client.post(URL, report_data), "sent very quickly")


def test_rate_limit_per_client(client, report_data, settings):
    settings.SCAM_REPORT_RATE_LIMIT = 2
    for _ in range(2):
        assert client.post(URL, report_data).status_code == 302
    ScamReport.objects.all().delete()
    response = client.post(URL, report_data)
    assert_refused_and_kept(response, "several reports from your connection")
    assert response.status_code == 429
    # Another client is not affected.
    assert client.post(URL, report_data, REMOTE_ADDR="10.0.0.9").status_code == 302


def test_rate_limit_stores_no_ip_address(client, report_data):
    client.post(URL, report_data, REMOTE_ADDR="203.0.113.77")
    report = ScamReport.objects.get()
    stored = " ".join(str(value) for value in report.__dict__.values())
    assert "203.0.113.77" not in stored
    assert abuse.client_fingerprint("203.0.113.77") != "203.0.113.77"


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("what_happened", 5000),
        ("scammer_website", 300),
        ("scammer_email", 254),
        ("scammer_phone", 50),
        ("scammer_profile", 300),
        ("money_amount", 100),
        ("reporter_name", 100),
        ("reporter_contact", 200),
    ],
)
def test_length_limits(client, report_data, field, limit):
    report_data[field] = "x" * (limit + 1)
    report_data["contact_consent"] = "on"
    response = client.post(URL, report_data)
    assert response.status_code == 400
    assert "Ensure this value has at most" in html.unescape(response.content.decode())
    assert ScamReport.objects.count() == 0
    assert f'maxlength="{limit}"' in client.get(URL).content.decode()


def test_what_happened_is_required(client, report_data):
    report_data["what_happened"] = ""
    response = client.post(URL, report_data)
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_contact_details_need_the_consent_box(client, report_data):
    report_data["reporter_contact"] = "me@example.org"
    response = client.post(URL, report_data)
    assert response.status_code == 400
    assert "Tick this box if we may contact you" in html.unescape(response.content.decode())
    assert 'value="me@example.org"' in response.content.decode()
    report_data["contact_consent"] = "on"
    assert client.post(URL, report_data).status_code == 302
    report = ScamReport.objects.get()
    assert report.contact_consent and report.reporter_contact == "me@example.org"


def test_without_contact_details_no_consent_is_recorded(client, report_data):
    report_data["contact_consent"] = "on"
    assert client.post(URL, report_data).status_code == 302
    assert ScamReport.objects.get().contact_consent is False


def test_csrf_is_required(db, report_data):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(URL, report_data).status_code == 403
    assert ScamReport.objects.count() == 0


def test_confirmation_page_needs_a_signed_reference(client, db):
    assert client.get("/en/alerts/report/sent/", {"ref": "<b>FAKE</b>"}).status_code == 302
    signed = abuse.sign_reference("SR-ABCD-EFGH")
    assert "SR-ABCD-EFGH" in client.get("/en/alerts/report/sent/", {"ref": signed}).content.decode()


@pytest.mark.parametrize(
    ("meta", "header", "address"),
    [
        ({"REMOTE_ADDR": "10.0.0.1"}, "", "10.0.0.1"),
        ({"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}, "", "10.0.0.1"),
        (
            {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.5"},
            "HTTP_X_FORWARDED_FOR",
            "203.0.113.5",
        ),
        ({"REMOTE_ADDR": "10.0.0.1"}, "HTTP_X_FORWARDED_FOR", "10.0.0.1"),
    ],
)
def test_client_address_behind_a_proxy(meta, header, address):
    assert abuse.client_address(meta, header) == address


def test_rate_limit_counts_clients_behind_a_proxy(client, report_data, settings):
    settings.SCAM_REPORT_RATE_LIMIT = 1
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    assert client.post(URL, report_data, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 302
    assert client.post(URL, report_data, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 302
    assert client.post(URL, report_data, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429


def test_first_contact_cannot_be_in_the_future(client, report_data):
    report_data["first_contact_on"] = "2999-01-01"
    response = client.post(URL, report_data)
    assert response.status_code == 400
    assert "This date is in the future." in response.content.decode()
    assert ScamReport.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("scammer_website", "http://[zz", "Enter a web address like example.com"),
        ("scammer_website", "not a web address", "Enter a web address like example.com"),
        ("scammer_email", "hr@", "Enter an e-mail address like name@example.com"),
        ("scammer_email", "mailto:@@", "Enter an e-mail address like name@example.com"),
        ("scammer_phone", "+40 abc 721", "Enter a phone number like 0721 234 567"),
        ("scammer_phone", "9" * 40, "Enter a phone number like 0721 234 567"),
        ("scammer_profile", "https://[::1x]/me", "Enter a profile link or a user name"),
        ("reporter_contact", "me@", "Enter an e-mail address (like name@example.com)"),
    ],
)
def test_malformed_details_are_form_errors_not_500s(client, report_data, field, value, message):
    """`http://[zz` in the website field was a 500, and the report was rolled back."""
    report_data[field] = value
    report_data["contact_consent"] = "on"
    response = client.post(URL, report_data)
    page = html.unescape(response.content.decode())
    assert response.status_code == 400
    assert message in page
    assert f'href="#id_{field}"' in page  # in the error summary, linked to the field
    assert f'value="{value}"' in page  # what was typed is kept
    assert ScamReport.objects.count() == 0


def test_malformed_details_are_explained_in_the_visitors_language(client, report_data):
    report_data["scammer_website"] = "http://[zz"
    response = client.post("/ro/alerts/report/", report_data)
    assert response.status_code == 400
    assert "Introduceți o adresă web" in html.unescape(response.content.decode())


def test_user_names_and_profile_links_are_accepted(client, report_data):
    report_data["scammer_profile"] = "Maria, recruiter on Facebook"
    assert client.post(URL, report_data).status_code == 302
    assert ScamReport.objects.get().scammer_profile == "Maria, recruiter on Facebook"


def test_mistakes_do_not_count_toward_the_rate_limit(client, report_data, settings):
    """A reporter who makes a few mistakes is not blocked: only accepted reports count."""
    settings.SCAM_REPORT_RATE_LIMIT = 2
    for value in ["", "http://[zz", "hr@"]:
        invalid = {**report_data, "what_happened": value, "scammer_email": value}
        assert client.post(URL, invalid).status_code == 400
    assert client.post(URL, report_data).status_code == 302
    assert client.post(URL, report_data).status_code == 302
    assert client.post(URL, report_data).status_code == 429
    assert ScamReport.objects.count() == 2


def test_refused_bots_count_toward_the_rate_limit(client, report_data, settings):
    settings.SCAM_REPORT_RATE_LIMIT = 2
    assert client.post(URL, {**report_data, "website": "http://spam.example"}).status_code == 400
    too_fast = {**report_data, "started": abuse.form_started_token()}
    assert client.post(URL, too_fast).status_code == 400
    assert client.post(URL, report_data).status_code == 429
    assert ScamReport.objects.count() == 0


def test_a_failure_after_saving_keeps_the_report(client, report_data, monkeypatch, caplog):
    """A bug while reading the indicators (or a mail outage, above) loses no report."""

    def broken(text):
        raise ValueError("a bug in indicator extraction")

    monkeypatch.setattr("alerts.views.extract_indicators", broken)
    response = client.post(URL, report_data)
    assert response.status_code == 302
    report = ScamReport.objects.get()
    assert report.what_happened == report_data["what_happened"]
    assert "Could not read the indicators of scam report" in caplog.text


def test_report_this_opens_the_form_with_the_checked_text_and_stores_nothing(client, seeded):
    """Check an offer's "Report this" posts the checked text; the report form opens with
    it under "What happened?", and no report exists until the person sends one."""
    from alerts.models import ScamReport

    offer = "Pay 450 EUR to agent@example-visa.com <b>today</b>"
    check = client.post("/en/alerts/check/", {"text": offer}).content.decode()
    assert 'name="checked_text" value="Pay 450 EUR to agent@example-visa.com' in check
    response = client.post("/en/alerts/report/", {"checked_text": offer})
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    html = response.content.decode()
    assert "Pay 450 EUR to agent@example-visa.com &lt;b&gt;today&lt;/b&gt;</textarea>" in html
    assert 'class="error-summary"' not in html  # a new form, not a failed one
    assert not ScamReport.objects.exists()
    huge = client.post("/en/alerts/report/", {"checked_text": "x" * 100_000})
    assert huge.status_code == 200 and not ScamReport.objects.exists()
