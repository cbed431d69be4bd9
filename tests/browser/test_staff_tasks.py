"""Each role's main task in the admin, in Chromium, with production settings (two-factor
sign-in, the page cache): from signing in to what a visitor then sees. axe checks the
admin pages staff use on the way.

The centre manager's task ("correct a centre's hours and phone") is timed: docs/staff-guide.md
reports the figure, with the form's height and number of fields at 1280 x 800.
"""

import time
from binascii import unhexlify

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from alerts.models import AlertIndicator, ScamAlert, ScamReport
from centres.models import Centre
from iom_romania.publishing import Status
from iom_romania.roles import CENTRE_MANAGER, EDITOR, PUBLISHER, REPORT_TRIAGE
from tests.browser.browsing import DESKTOP, run_axe
from tests.browser.test_staff_journey import production_like  # noqa: F401 - the fixture

pytestmark = pytest.mark.browser

PASSWORD = "a long passphrase for the office"
# The centre form's figures before this work (1280 x 800, a superuser, the seed's Bucharest
# centre): 4,889 px tall, 34 fields. The test fails if the form grows back.
MAX_CENTRE_FORM_HEIGHT = 4_889


def staff(browser, portal, django_user_model, role):
    """A browser page signed in as a new member of `role`, password and authenticator code."""
    username = role.lower().replace(" ", "-")
    user = django_user_model.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    page = browser.new_context(viewport=DESKTOP, service_workers="block").new_page()
    page.goto(f"{portal}/{django_settings.ADMIN_URL}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.fill("#id_otp_token", f"{TOTP(unhexlify(device.key)).token():06d}")
    page.click("input[type=submit]")
    expect(page.locator("#tasks-title")).to_be_visible()
    return page


def visitor_sees(browser, url) -> str:
    context = browser.new_context(service_workers="block")
    html = context.new_page().goto(url).text()
    context.close()
    return html


def assert_accessible(page):
    """No axe violation, but one of the language tabs' library (jQuery UI): its tab list
    puts each tab's link inside the tab (nested-interactive). Known, reported upstream; the
    tabs work with the keyboard (tests/browser/test_admin_tabs.py)."""
    results = run_axe(page)
    found = [
        violation
        for violation in results.response["violations"]
        if not (
            violation["id"] == "nested-interactive"
            and all("ui-tabs-tab" in node["html"] for node in violation["nodes"])
        )
    ]
    assert not found, f"{page.url}\n{results.generate_report()}"


@pytest.mark.slow
def test_a_centre_manager_corrects_hours_and_phone_and_a_publisher_approves(
    browser,
    portal,
    django_user_model,
    production_like,  # noqa: F811
):
    centre = Centre.objects.get(slug="bucuresti")
    public_url = f"{portal}{centre.get_absolute_url()}"
    manager = staff(browser, portal, django_user_model, CENTRE_MANAGER)
    assert_accessible(manager)

    started = time.monotonic()
    manager.get_by_role("link", name="Information centres").first.click()
    manager.get_by_role("link", name=centre.name).click()
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"):
        manager.get_by_label(f"{day}: closed").uncheck()
        manager.get_by_label(f"{day}: opens at").first.fill("09:00")
        manager.get_by_label(f"{day}: closes at").first.fill("17:00")
    manager.locator("#phones-group .add-row a").click()
    manager.fill("#id_phones-0-number", "021 123 4567")
    manager.locator("input[name=_save]").first.click()
    expect(manager.locator(".messagelist .success")).to_contain_text("sent to a Publisher")
    seconds = time.monotonic() - started
    print(f"\ncentre manager: hours and phone corrected in {seconds:.1f} s")  # noqa: T201

    manager.goto(f"{portal}/{django_settings.ADMIN_URL}centres/centre/{centre.pk}/change/")
    height = manager.evaluate("document.documentElement.scrollHeight")
    print(f"centre form: {height} px at 1280 x 800")  # noqa: T201
    assert height < MAX_CENTRE_FORM_HEIGHT
    assert_accessible(manager)
    assert "09:00–17:00" not in visitor_sees(browser, public_url)  # waits for approval

    publisher = staff(browser, portal, django_user_model, PUBLISHER)
    publisher.locator("#tasks-title ~ .attention-panel a").first.click()
    publisher.get_by_role("link", name=centre.name).first.click()
    assert_accessible(publisher)
    publisher.locator("input[name=_approve]").click()
    expect(publisher.locator(".messagelist")).to_contain_text("approved and is now live")
    html = visitor_sees(browser, public_url)
    assert "09:00–17:00" in html and "+40 21 123 4567" in html
    assert seconds < 60


@pytest.mark.slow
def test_an_editor_writes_a_warning_a_publisher_publishes_it_and_undoes_a_mistake(
    browser,
    portal,
    django_user_model,
    production_like,  # noqa: F811
):
    editor = staff(browser, portal, django_user_model, EDITOR)
    editor.goto(f"{portal}/{django_settings.ADMIN_URL}alerts/scamalert/add/")
    assert_accessible(editor)
    editor.fill("#id_title_en", "Fake job offers in Germany")
    editor.fill("#id_summary_en", "They ask for a fee before a visa. IOM never asks for money.")
    editor.fill("#id_slug", "fake-job-offers-germany")
    editor.locator("input[value='Save draft']").first.click()
    expect(editor.locator(".messagelist")).to_contain_text("was added successfully")
    alert = ScamAlert.objects.get(slug="fake-job-offers-germany")
    public_url = f"{portal}{alert.get_absolute_url()}"
    assert alert.status == Status.DRAFT

    publisher = staff(browser, portal, django_user_model, PUBLISHER)
    publisher.locator(".your-tasks").get_by_role("link", name="scam alerts").first.click()
    publisher.get_by_role("link", name="Fake job offers in Germany").click()
    publisher.locator("input[name=_publish]").first.click()
    # The draft is in English only: the form names the missing languages and asks for a yes.
    expect(publisher.locator(".errorlist")).to_contain_text("Ukrainian")
    publisher.get_by_label("Publish although some languages are missing").check()
    publisher.locator("input[name=_publish]").first.click()
    expect(publisher.locator(".messagelist .success")).to_be_visible()
    assert "Fake job offers in Germany" in visitor_sees(browser, public_url)

    # A mistake, then undone from the history.
    publisher.goto(f"{portal}/{django_settings.ADMIN_URL}alerts/scamalert/{alert.pk}/change/")
    publisher.fill("#id_title_en", "Fake job offers in Germani")
    publisher.fill("#id__change_reason", "Typo")
    publisher.locator("input[name=_continue]").first.click()
    assert "Germani" in visitor_sees(browser, public_url)
    publisher.get_by_role("link", name="History").click()
    assert_accessible(publisher)
    newest = publisher.locator(".history-entry").first
    expect(newest).to_contain_text("Why: Typo")
    newest.get_by_role("link", name="Undo this change").click()
    assert_accessible(publisher)
    publisher.get_by_role("button", name="Yes, undo this change").click()
    expect(publisher.locator(".history-entry").first).to_contain_text("Undo of the change")
    html = visitor_sees(browser, public_url)
    assert "Fake job offers in Germany" in html and "Germani" not in html


def test_triage_sees_a_match_and_drafts_a_warning_from_the_report(
    browser,
    portal,
    django_user_model,
    production_like,  # noqa: F811
):
    published = ScamAlert.objects.published().first()
    AlertIndicator.objects.create(alert=published, kind="phone", value="+40721234567")
    report = ScamReport.objects.create(
        what_happened="A call offering a job abroad for a fee.", language="ar"
    )
    report.indicators.create(kind="phone", value="+40721234567")
    triage = staff(browser, portal, django_user_model, REPORT_TRIAGE)
    triage.locator(".your-tasks").get_by_role("link", name="scam reports").click()
    triage.get_by_role("link", name=report.reference).click()
    assert_accessible(triage)
    expect(triage.get_by_text("Matches a published warning:")).to_be_visible()
    expect(triage.locator(".field-language_name")).to_contain_text("Arabic")
    triage.go_back()
    triage.locator(f"input[name=_selected_action][value='{report.pk}']").check()
    triage.select_option("select[name=action]", "create_draft_alert")
    triage.locator("button[name=index]").click()
    expect(triage.locator(".messagelist")).to_contain_text("Draft alert created")
    report.refresh_from_db()
    assert report.alert is not None and report.alert.status == Status.DRAFT
    context = browser.new_context(service_workers="block")
    draft = context.new_page().goto(f"{portal}{report.alert.get_absolute_url()}")
    assert draft.status == 404  # a draft: not public until a Publisher publishes it
    context.close()
