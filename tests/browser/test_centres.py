"""The centre finder in a real browser (Debian's Chromium through Playwright)."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

NEAR_IASI = {"latitude": 47.2, "longitude": 27.55}


@pytest.fixture
def browser_context_args(browser_context_args):
    # The browser is "near Iași" and may tell the page so.
    return {**browser_context_args, "geolocation": NEAR_IASI, "permissions": ["geolocation"]}


@pytest.fixture
def finder(page, portal):
    # Map tiles would come from the internet; this sandbox has none, so refuse them at once.
    page.route("**/tile.openstreetmap.org/**", lambda route: route.abort())
    page.goto(f"{portal}/en/centres/")
    return page


def first_result(page):
    return page.locator(".results-list > li h3").first.inner_text()


def test_type_brasov_and_see_brasov_first(finder):
    finder.get_by_label("Where are you?").fill("brasov")
    finder.get_by_role("button", name="Find the nearest centre").click()
    finder.wait_for_url("**/centres/?q=brasov*")
    assert "Brașov" in first_result(finder)
    assert finder.locator(".centre-nearest").count() == 1


def test_use_my_location_near_iasi_shows_iasi_first(finder):
    button = finder.get_by_role("button", name="Use my location")
    assert button.is_visible()  # shown only because the browser has geolocation
    button.click()
    finder.wait_for_url("**lat=*")
    assert "lat=47.2" in finder.url and "lon=27.55" in finder.url
    assert "Iași" in first_result(finder)


def test_map_is_drawn_from_the_list(finder):
    finder.locator("#centres-map").scroll_into_view_if_needed()
    finder.wait_for_selector("#centres-map .leaflet-marker-icon")
    assert finder.locator("#centres-map .leaflet-marker-icon").count() == 15


def axe_violations(page):
    results = Axe().run(page)
    return results.violations_count, results.generate_report()


def test_list_page_has_no_axe_violations(finder):
    finder.locator("#centres-map").scroll_into_view_if_needed()
    finder.wait_for_selector("#centres-map .leaflet-marker-icon")
    count, report = axe_violations(finder)
    assert count == 0, report


def test_results_page_has_no_axe_violations(finder, portal):
    finder.goto(f"{portal}/en/centres/?q=Brasov")
    count, report = axe_violations(finder)
    assert count == 0, report
    finder.goto(f"{portal}/en/centres/?q=Salcioara")
    count, report = axe_violations(finder)
    assert count == 0, report


def test_detail_page_has_no_axe_violations(finder, portal):
    finder.goto(f"{portal}/en/centres/brasov/")
    count, report = axe_violations(finder)
    assert count == 0, report


def test_without_javascript_the_finder_still_works(browser, portal):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{portal}/en/centres/")
    assert not page.get_by_role("button", name="Use my location").is_visible()
    assert not page.locator("#centres-map").is_visible()
    page.get_by_label("Where are you?").fill("Tirgu Mures")
    page.get_by_role("button", name="Find the nearest centre").click()
    page.wait_for_url("**q=Tirgu*")
    assert "Târgu Mureș" in first_result(page)
    context.close()
