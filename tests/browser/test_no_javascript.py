"""Without JavaScript every page shows the same main content, and the forms still work.

Scripts only enhance (docs/accessibility.md): whatever they add to <main> sits inside an
element marked `data-enhancement` (or is a Leaflet map), which the comparison leaves out.
"""

from dataclasses import replace

import pytest

from tests.browser.browsing import open_page
from tests.browser.pages import PAGES, PAGES_BY_NAME

pytestmark = pytest.mark.browser


@pytest.fixture
def page(reused_page):
    """These tests only load pages and look at them: one page serves them all, reset
    between tests (tests/browser/conftest.py, `reused_page`)."""
    return reused_page


# The text of each block of <main>, skipping what scripts add.
MAIN_TEXT_BLOCKS_JS = """() => {
  const main = document.querySelector('main');
  if (!main) return null;
  const blocks = main.querySelectorAll(
    'h1, h2, h3, h4, h5, h6, p, li, dt, dd, th, td, label, legend, caption, figcaption');
  const texts = [];
  for (const block of blocks) {
    if (block.closest('[data-enhancement], .leaflet-container')) continue;
    const text = block.innerText.replace(/\\s+/g, ' ').trim();
    if (text) texts.push(text);
  }
  return texts;
}"""


@pytest.fixture
def no_js_page(reused_no_js_page):
    return reused_no_js_page


@pytest.fixture
def fresh_no_js_page(browser):
    """A page of a new context: `autofocus` is what the focus test checks, and a reused page
    was seen to skip it in a random-order run (Chromium applies autofocus only to a page
    whose focus nothing has moved yet)."""
    context = browser.new_context(java_script_enabled=False)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("entry", PAGES, ids=lambda entry: entry.name)
def test_page_shows_the_same_main_content_without_javascript(page, no_js_page, portal, entry):
    url = open_page(page, portal, entry)
    with_js = page.evaluate(MAIN_TEXT_BLOCKS_JS)
    open_page(no_js_page, portal, entry)
    without_js = no_js_page.evaluate(MAIN_TEXT_BLOCKS_JS)
    assert without_js, f"{url} has no <main> text without JavaScript"
    missing = [text for text in with_js if text not in without_js]
    assert not missing, f"{url} without JavaScript lacks: {missing}"
    assert no_js_page.locator("h1").inner_text() == page.locator("h1").inner_text()


def _submit_main_form(page, text: str) -> None:
    form = page.locator("main form").first
    field = form.locator("input[type=text], input[type=search], textarea").first
    field.fill(text)
    with page.expect_navigation():
        form.locator("button[type=submit], button:not([type]), input[type=submit]").first.click()


@pytest.mark.parametrize("name", ["centre-list", "search"])
def test_finder_and_search_work_without_javascript(no_js_page, portal, name):
    entry = PAGES_BY_NAME[name]
    url = open_page(no_js_page, portal, replace(entry, query="", submit=None))
    assert no_js_page.locator("main form").count(), f"{url} has no form"
    _submit_main_form(no_js_page, "brasov")
    assert "q=brasov" in no_js_page.url
    assert "Brașov" in no_js_page.locator("main").inner_text()


def test_report_form_shows_its_errors_without_javascript(no_js_page, portal):
    open_page(no_js_page, portal, PAGES_BY_NAME["report-errors"])
    summary = no_js_page.locator("main .error-summary")
    assert summary.count() == 1
    assert summary.locator("a").count() >= 1


@pytest.mark.parametrize("name", ["report-errors", "centre-report-errors"])
def test_the_error_summary_takes_the_focus_without_javascript(fresh_no_js_page, portal, name):
    """`autofocus` on the summary: a keyboard or screen-reader user starts from the list of
    problems, not from the top of the page (with JavaScript, error-summary.js does it too:
    tests/browser/test_forms.py)."""
    url = open_page(fresh_no_js_page, portal, PAGES_BY_NAME[name])
    fresh_no_js_page.wait_for_function("() => document.activeElement.id === 'error-summary'")
    focused = fresh_no_js_page.evaluate("() => document.activeElement.getAttribute('role')")
    assert focused == "alert", f"{url}: the error summary does not take the focus"
