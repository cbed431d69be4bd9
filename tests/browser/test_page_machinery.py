"""The page list's form machinery on demo forms (tests/browser/demo_forms.py), so that it is
known to work before the portal's own forms land: entries skip until their URL exists, Submit
reaches a result and the GOV.UK error state in the browser (with and without JavaScript) and
with Django's test client, and the shared error summary passes axe-core and the form checks."""

import pytest

from tests.browser.browsing import open_page, run_axe
from tests.browser.pages import Page, Submit, fetch_with_client
from tests.browser.test_forms import FORM_CHECKS_JS

pytestmark = pytest.mark.browser

REPORT_ERRORS = Page("demo-report-errors", "demo:report", submit=Submit(""))
CHECK_RESULT = Page("demo-check-result", "demo:check", submit=Submit("call +40 721 234 567"))


@pytest.fixture
def demo_site(settings):
    settings.ROOT_URLCONF = "tests.browser.demo_forms"


def test_an_entry_without_its_url_is_skipped():
    assert not REPORT_ERRORS.exists()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_submit_reaches_the_error_state_in_the_browser(page, portal, demo_site, language):
    open_page(page, portal, REPORT_ERRORS, language)
    report = page.evaluate(FORM_CHECKS_JS)
    assert report == {"problems": [], "errorState": True}
    assert page.locator("main .error-summary a").count() == 2
    assert page.evaluate("() => document.activeElement.hasAttribute('data-error-summary')")
    assert page.title().startswith("Error:")
    results = run_axe(page)
    assert results.violations_count == 0, results.generate_report()


def test_submit_reaches_the_error_state_without_javascript(browser, portal, demo_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    open_page(page, portal, REPORT_ERRORS)
    assert page.locator("main .error-summary[role=alert] a").count() == 2
    context.close()


def test_submit_reaches_a_result_in_the_browser(page, portal, demo_site):
    open_page(page, portal, CHECK_RESULT)
    assert "You asked about: call +40 721 234 567" in page.locator("main").inner_text()


def test_submit_with_the_test_client(client, db, demo_site):
    _, response = fetch_with_client(client, REPORT_ERRORS)
    html = response.content.decode()
    assert 'class="error-summary"' in html and 'href="#id_what_happened"' in html
    _, response = fetch_with_client(client, CHECK_RESULT)
    assert "You asked about: call +40 721 234 567" in response.content.decode()
