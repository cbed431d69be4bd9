"""Printed pages (issue 17): no navigation, banner or map; link targets written out; a QR code
to the page that a phone can read; a centre's page on one A4 sheet; the finder's results as a
short list. Seen as Chromium prints them: print media, and page.pdf() for the sheet count."""

from __future__ import annotations

import datetime as dt
import io

import pypdfium2
import pytest
import zxingcpp
from PIL import Image

from centres.models import Centre, CentrePhone, MessagingLink, OpeningHours, ServiceType
from tests.browser.browsing import run_axe

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser, browser_context_args, portal):
    """A page made after the test's database transaction has begun: the test's own rows
    (filled_in_centre) reach the in-process server only then. Its context, closed after the
    test, blocks service workers as the other browser tests do (tests/browser/conftest.py)."""
    context = browser.new_context(**browser_context_args)
    yield context.new_page()
    context.close()


SCREEN_ONLY = [
    ".site-header",
    ".scam-banner",
    ".site-footer",
    ".breadcrumb",
    ".centres-map",
    ".share",
    ".take-away",
    "main form",
]


def a4_sheets(page) -> int:
    document = pypdfium2.PdfDocument(page.pdf(format="A4"))
    try:
        return len(document)
    finally:
        document.close()


def qr_code_text(page) -> list[str]:
    """What a phone reads from the printed page's QR code."""
    picture = page.locator(".print-source .qr-code").screenshot(scale="device")
    return [code.text for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(picture)))]


def open_for_print(page, url: str) -> None:
    page.set_viewport_size({"width": 794, "height": 1123})  # an A4 sheet at 96 dpi
    page.goto(url)
    page.emulate_media(media="print")


def assert_printed_like_paper(page, url: str) -> None:
    for selector in SCREEN_ONLY:
        for element in page.locator(selector).all():
            assert not element.is_visible(), f"{selector} is printed on {url}"
    assert page.locator(".print-source").is_visible()
    assert url in page.locator(".print-source").inner_text()


def filled_in_centre() -> Centre:
    """The seeded Brașov centre with every detail a centre page shows (test data only), so
    that "one sheet" is tested on a full page, not on a page of unknowns."""
    centre = Centre.objects.get(slug="brasov")
    centre.address = "Strada Exemplu 1"
    centre.postal_code = "500001"
    centre.email = "brasov@example.org"
    centre.website = "https://example.org/brasov"
    centre.languages = ["ro", "en", "uk", "ru", "ar"]
    centre.interpretation_available = True
    centre.partner_organisation = "Example partner organisation"
    centre.description = "Free information for migrants. " * 12
    centre.how_to_get_there = "Bus 4 to the Example stop, then two minutes on foot. " * 3
    centre.accessibility_notes = "Step-free entrance; a lift to every floor."
    centre.hours_note = "Appointments are recommended."
    centre.information_checked_on = dt.date(2026, 11, 2)
    centre.save()
    for number in ("+40268000000", "+40268000001"):
        CentrePhone.objects.create(centre=centre, number=number, kind="voice")
    MessagingLink.objects.create(centre=centre, platform="whatsapp", url="https://wa.me/40700")
    for day in range(6):
        OpeningHours.objects.create(
            centre=centre, weekday=day, opens=dt.time(9), closes=dt.time(13)
        )
        OpeningHours.objects.create(
            centre=centre, weekday=day, opens=dt.time(14), closes=dt.time(17)
        )
    centre.services.set(ServiceType.objects.all())
    return centre


def test_a_centre_page_prints_on_one_a4_sheet_with_a_qr_code_to_it(page, portal):
    url = f"{portal}{filled_in_centre().get_absolute_url()}"
    open_for_print(page, url)
    assert_printed_like_paper(page, url)
    assert "Strada Exemplu 1" in page.locator("main").inner_text()  # the full page
    assert "14:00–17:00" in page.locator("main").inner_text()
    assert qr_code_text(page) == [url]
    assert a4_sheets(page) == 1


@pytest.mark.parametrize("path", ["/en/", "/en/alerts/internet-scams/", "/ar/alerts/", "/ne/"])
def test_every_kind_of_page_prints_without_the_screen_parts(page, portal, path):
    url = f"{portal}{path}"
    open_for_print(page, url)
    assert_printed_like_paper(page, url)
    assert qr_code_text(page) == [url]


def test_the_finders_results_print_as_a_short_list(page, portal):
    url = f"{portal}/en/centres/?q=brasov"
    open_for_print(page, url)
    assert_printed_like_paper(page, url)
    cards = page.locator(".results-list .centre-card")
    assert cards.count() >= 3
    for card in cards.all():
        # Name, distance, address, the approximate location (issue 14) and phone: at most
        # four short printed lines (18 px each at 10 pt); no buttons or directions.
        assert card.bounding_box()["height"] < 75
        assert not card.locator("a[href*='openstreetmap']").is_visible()
    assert a4_sheets(page) == 1


def test_link_targets_are_written_out(page, portal):
    open_for_print(page, f"{portal}/en/alerts/how-to-check/")
    written = page.evaluate(
        """() => [...document.querySelectorAll("main a")].map(link => [
            link.getAttribute("href"), getComputedStyle(link, "::after").content])"""
    )
    shown = dict(written)
    assert shown["/en/alerts/report/"] == '" (/en/alerts/report/)"'
    # An address already shown as the link's text is not written twice.
    assert shown["https://dnsc.ro/"] == "none"


@pytest.mark.parametrize("path", ["/en/centres/brasov/", "/ar/centres/brasov/", "/ar/alerts/"])
def test_printed_pages_pass_axe(page, portal, path):
    open_for_print(page, f"{portal}{path}")
    results = run_axe(page)
    assert results.violations_count == 0, results.generate_report()
