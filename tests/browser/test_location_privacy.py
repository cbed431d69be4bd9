"""The "Use my location" button sends a position good to about 1 km, never the exact one."""

import pytest

pytestmark = pytest.mark.browser

# A precise position in Iași, as a phone's GPS would give it.
PRECISE = {"latitude": 47.158456, "longitude": 27.601442}


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "geolocation": PRECISE, "permissions": ["geolocation"]}


def test_use_my_location_puts_rounded_coordinates_in_the_address(page, portal):
    page.route("**/tile.openstreetmap.org/**", lambda route: route.abort())
    page.goto(f"{portal}/en/centres/")
    page.get_by_role("button", name="Use my location").click()
    page.wait_for_url("**lat=*")
    assert "lat=47.16&lon=27.60" in page.url
    assert "47.158" not in page.url and "27.601" not in page.url
    assert "Iași" in page.locator(".results-list > li h3").first.inner_text()
    assert "47.158" not in page.content()
