"""axe-core finds no WCAG 2.0/2.1/2.2 A or AA violation on any page of the page list, on a
phone and on a desktop screen, in English and in a right-to-left language."""

import pytest

from tests.browser.browsing import DESKTOP, PHONE, open_page, run_axe
from tests.browser.pages import PAGES, languages_to_test

pytestmark = pytest.mark.browser


@pytest.fixture
def page(reused_page):
    """These tests only load pages and look at them: one page serves them all, reset
    between tests (tests/browser/conftest.py, `reused_page`)."""
    return reused_page


@pytest.mark.parametrize("language", languages_to_test())
@pytest.mark.parametrize("entry", PAGES, ids=lambda entry: entry.name)
def test_page_has_no_axe_violations(page, portal, entry, language):
    failures = []
    # One load per page: the viewport changes in place and the CSS media queries follow.
    page.set_viewport_size(PHONE)
    url = open_page(page, portal, entry, language)
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        results = run_axe(page)
        if results.violations_count:
            failures.append(f"at {viewport['width']}px:\n{results.generate_report()}")
    assert not failures, f"{url}\n" + "\n".join(failures)
