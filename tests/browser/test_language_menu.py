"""The language menu at the top of every page: in view on a 360 px phone, without JavaScript."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["/en/", "/ar/centres/", "/uk/alerts/internet-scams/"])
def test_the_language_menu_is_in_view_at_the_top_of_a_phone_screen(page, portal, path):
    page.set_viewport_size({"width": 360, "height": 640})
    page.goto(f"{portal}{path}")
    summary = page.locator(".language-menu summary")
    box = summary.bounding_box()
    assert box["y"] + box["height"] <= 120, box  # in the header's first row
    summary.click()
    page.locator(".language-menu a[hreflang=uk]").click()
    page.wait_for_url(f"{portal}/uk/**")
    assert page.locator("html").get_attribute("lang") == "uk"


def test_the_language_menu_works_without_javascript(browser, portal):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 640})
    page = context.new_page()
    page.goto(f"{portal}/en/centres/")
    page.locator(".language-menu summary").click()
    page.locator(".language-menu a[hreflang=ar]").click()
    page.wait_for_url(f"{portal}/ar/centres/")
    assert "مركز معلومات المهاجرين Brașov" in page.content()
    context.close()


def test_the_open_menu_passes_axe_on_a_right_to_left_page(page, portal):
    page.set_viewport_size({"width": 360, "height": 640})
    page.goto(f"{portal}/ar/")
    page.locator(".language-menu summary").click()
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
