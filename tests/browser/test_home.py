import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser


def test_home_shows_the_scam_banner_and_all_centres(page, portal):
    page.goto(f"{portal}/en/")
    banner = page.locator(".scam-banner")
    assert banner.is_visible()
    assert "Warning - Internet Scams" in banner.inner_text()
    cities = page.locator(".city-list li")
    assert cities.count() == 15
    assert cities.filter(has_text="Târgu Mureș").is_visible()


def test_home_has_no_axe_violations(page, portal):
    page.goto(f"{portal}/en/")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
