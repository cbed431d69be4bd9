import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser


def test_switching_to_arabic_gives_an_accessible_right_to_left_page(page, live_server, seeded):
    page.goto(f"{live_server.url}/en/projects/")
    page.locator(".language-switcher a[hreflang=ar]").click()
    page.wait_for_url(f"{live_server.url}/ar/projects/")
    html = page.locator("html")
    assert html.get_attribute("lang") == "ar"
    assert html.get_attribute("dir") == "rtl"
    # The layout mirrors: the header's brand sits at the right edge.
    brand = page.locator(".brand").bounding_box()
    assert brand["x"] > page.viewport_size["width"] / 2
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
