"""A person reports a scam and sees the reference code; the alert pages, the checker
with a result and the report form in its error state have no axe-core violations."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model

from alerts.models import AlertIndicator, ScamAlert, ScamReport

pytestmark = pytest.mark.browser


def assert_no_axe_violations(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.fixture
def fast_form(settings):
    # The minimum fill time is tested in tests/alerts; a browser test fills fast.
    settings.SCAM_REPORT_MIN_FILL_SECONDS = 0


def test_report_a_scam_and_see_the_reference_code(page, portal, fast_form):
    page.goto(f"{portal}/en/alerts/report/")
    page.get_by_label("What happened?").fill(
        "A man on WhatsApp offered me a job in Germany for a 300 EUR fee."
    )
    page.get_by_label("How did they contact you?").select_option(label="Messaging app")
    page.get_by_label("Their phone number").fill("0721 234 567")
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Send report").click()

    page.wait_for_url(re.compile(r"/en/alerts/report/sent/"))
    reference = page.get_by_test_id("reference-code").inner_text().strip()
    assert re.fullmatch(r"SR-[A-Z2-9]{4}-[A-Z2-9]{4}", reference)
    report = ScamReport.objects.get()
    assert report.reference == reference
    assert report.indicators.get().value == "+40721234567"
    assert_no_axe_violations(page)


def test_report_form_error_state_is_accessible(page, portal, fast_form):
    page.goto(f"{portal}/en/alerts/report/")
    page.get_by_label("Your e-mail address or phone number").fill("me@example.org")
    page.get_by_role("button", name="Send report").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").is_visible()
    assert page.get_by_label("Your e-mail address or phone number").input_value() == (
        "me@example.org"
    )
    assert ScamReport.objects.count() == 0
    assert_no_axe_violations(page)


def test_alert_pages_and_checker_are_accessible(page, portal):
    alert = ScamAlert.objects.get(slug="internet-scams")
    AlertIndicator.objects.create(alert=alert, kind="domain", value="example-visa.com")

    page.goto(f"{portal}/en/alerts/")
    assert page.get_by_role("heading", level=1).inner_text() == "Scam warnings"
    assert_no_axe_violations(page)

    page.goto(f"{portal}{alert.get_absolute_url()}")
    assert page.get_by_role("heading", level=1).inner_text() == "Warning - Internet Scams"
    assert_no_axe_violations(page)

    page.goto(f"{portal}/en/alerts/check/")
    page.get_by_label(re.compile("Paste a link")).fill(
        "Apply at HTTPS://www.Example-Visa.com/apply?x=1 or call 0721 234 567"
    )
    page.get_by_role("button", name="Check", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_text("Warning: this matches a known scam").is_visible()
    assert page.get_by_role("link", name="Warning - Internet Scams").last.is_visible()
    assert_no_axe_violations(page)


def test_scam_reports_are_not_in_the_admin_for_plain_staff(page, portal):
    user = get_user_model().objects.create_user("plainstaff", password="pw-for-test-only")
    user.is_staff = True
    user.save()
    page.goto(f"{portal}/admin/login/")
    page.get_by_label("Username").fill("plainstaff")
    page.get_by_label("Password").fill("pw-for-test-only")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    assert "Scam reports" not in page.content()


def test_report_this_carries_the_checked_text_into_the_report_form(page, portal, fast_form):
    """Check an offer → "Report this" → the report form, with the pasted text already under
    "What happened?"; nothing is stored until the person sends the report."""
    offer = "Guaranteed visa in 2 weeks!\nPay 450 EUR to agent@example-visa.com today."
    page.goto(f"{portal}/en/alerts/check/")
    page.get_by_label("Paste a link, e-mail address, phone number or the whole message").fill(offer)
    page.get_by_role("button", name="Check", exact=True).click()
    page.wait_for_selector("#check-result")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Report this").click()
    response = navigation.value
    assert response.status == 200
    assert "no-cache" in response.headers.get("cache-control", "")
    assert page.get_by_role("heading", level=1).inner_text() == "Report a suspected scam"
    assert page.get_by_label("What happened?").input_value().replace("\r\n", "\n") == offer
    assert not ScamReport.objects.exists()

    page.get_by_role("button", name="Send report").click()
    page.wait_for_url(re.compile(r"/en/alerts/report/sent/"))
    assert ScamReport.objects.get().what_happened.replace("\r\n", "\n") == offer
