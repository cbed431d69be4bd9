"""Loading the page list's pages in the browser and checking them with axe-core."""

from __future__ import annotations

from axe_playwright_python.base import AxeResults
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache
from django.test import override_settings
from playwright.sync_api import Page as BrowserPage

from tests.browser.pages import Page, Submit

# WCAG 2.0, 2.1 and 2.2, levels A and AA, as axe-core tags them.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONE = {"width": 360, "height": 640}
DESKTOP = {"width": 1280, "height": 800}
SUBMIT_TIMEOUT_MS = 10_000


def open_page(page: BrowserPage, site: str, entry: Page, language: str = "en") -> str:
    """Load the entry's page as a person reaches it.

    Returns the URL loaded (before any form submission)."""
    assert entry.exists(), f"no URL named {entry.url_name!r}: update tests/browser/pages.py"
    # Forms may rate-limit through the cache; every test starts with a fresh allowance.
    cache.clear()
    url = site + entry.url(language)
    # The live server runs in this process: it sees these settings too.
    with override_settings(**entry.settings):
        response = page.goto(url)
        assert response is not None
        expected = 200 if entry.submit is not None else entry.status
        assert response.status == expected, f"{url} answered {response.status}"
        if entry.submit is not None:
            status = submit_in_browser(page, entry.submit)
            assert status == entry.status, f"submitting the form of {url} answered {status}"
    return url


def submit_in_browser(page: BrowserPage, submit: Submit) -> int:
    """Submit the first form in <main> as a person would; the status of the page shown."""
    form = page.locator("main form").first
    assert form.count() == 1, "the page has no <form> in <main> to submit"
    if submit.text:
        textareas = form.locator("textarea:visible")
        boxes = form.locator("input[type=text]:visible, input[type=search]:visible")
        field = textareas.first if textareas.count() else boxes.first
        field.fill(submit.text)
    button = form.locator("button[type=submit], button:not([type]), input[type=submit]").first
    try:
        with page.expect_navigation(timeout=SUBMIT_TIMEOUT_MS) as navigation:
            button.click()
    except Exception as error:  # Playwright's TimeoutError
        raise AssertionError(
            "submitting the form did not load a page: forms take `novalidate` so that the "
            "server's error summary shows (docs/accessibility.md)"
        ) from error
    response = navigation.value
    return response.status if response is not None else 0


_AXE = Axe()


def run_axe(page: BrowserPage) -> AxeResults:
    """axe-core's WCAG 2.0/2.1/2.2 A and AA rules on the page as it is now."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_AXE.axe_script)
    response = page.evaluate(
        "options => axe.run(document, options)",
        {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    response["violations"] = _without_equivalent_map_markers(response["violations"])
    return AxeResults(response)


def _without_equivalent_map_markers(violations: list[dict]) -> list[dict]:
    """Drop target-size findings on Leaflet map markers.

    WCAG 2.5.8's "Equivalent" exception: every marker stands for a centre that the list on
    the same page links to with a full-size target, and the page is complete without the
    map. axe-core cannot know that; markers crowd together at country zoom."""
    kept = []
    for violation in violations:
        if violation["id"] == "target-size":
            nodes = [n for n in violation["nodes"] if "leaflet-marker-icon" not in n["html"]]
            if not nodes:
                continue
            violation = {**violation, "nodes": nodes}
        kept.append(violation)
    return kept
