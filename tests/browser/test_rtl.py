import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser


def test_switching_to_arabic_gives_an_accessible_right_to_left_page(page, portal):
    page.goto(f"{portal}/en/projects/")
    page.locator(".language-switcher a[hreflang=ar]").click()
    page.wait_for_url(f"{portal}/ar/projects/")
    html = page.locator("html")
    assert html.get_attribute("lang") == "ar"
    assert html.get_attribute("dir") == "rtl"
    # The layout mirrors: the header's brand sits at the right edge.
    brand = page.locator(".brand").bounding_box()
    assert brand["x"] > page.viewport_size["width"] / 2
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize(
    "path", ["/ar/", "/ar/alerts/report/", "/fa/centres/", "/ar/centres/brasov/", "/fa/search/"]
)
def test_rtl_pages_do_not_scroll_sideways_on_a_phone(page, portal, path):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{portal}{path}")
    width, client_width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert width <= client_width, f"{path} is {width}px wide on a {client_width}px screen"
