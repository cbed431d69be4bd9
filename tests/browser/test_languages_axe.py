import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser


@pytest.fixture
def page(reused_page):
    """These tests only load pages and look at them: one page serves them all, reset
    between tests (tests/browser/conftest.py, `reused_page`)."""
    return reused_page


@pytest.mark.parametrize(
    "path",
    [
        "/fa/programmes/migration-health/",  # RTL with the English-fallback notice
        "/ar/search/?q=Brasov",
        "/ne/search/?q=qwertyuiop",
        "/uk/projects/refugee-resettlement-to-canada/",
        "/ar/alerts/report/",
        "/fa/centres/brasov/",
        "/ar/centres/",
        # Starting translations, with their "not yet checked" notice, in each script.
        "/uk/centres/brasov/",
        "/ar/alerts/internet-scams/",
        "/ne/programmes/facilitating-migration/",
        "/ar/alerts/check/",
    ],
)
def test_language_pages_have_no_axe_violations(page, portal, path):
    page.goto(f"{portal}{path}")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
