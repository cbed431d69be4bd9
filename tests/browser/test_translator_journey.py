"""A translator's round trip in Chromium, with production settings (two-factor sign-in,
the page cache, Redis): the translation status board's own links and forms, from the
XLIFF export to what a Ukrainian reader then sees, and the "not yet checked" line going
once the translation is marked reviewed."""

import pytest
from django.conf import settings as django_settings
from playwright.sync_api import expect

from centres.models import Centre
from iom_romania.roles import TRANSLATOR
from tests.browser.test_staff_journey import production_like  # noqa: F401 - the fixture
from tests.browser.test_staff_tasks import assert_accessible, staff, visitor_sees
from tests.iom_romania.test_xliff import DESCRIPTION_UK, translate, unit_key

pytestmark = pytest.mark.browser
UNCHECKED = "Перекладено з англійської; ще не перевірено МОМ Румунія."


@pytest.mark.slow
def test_a_translator_exports_translates_and_imports_and_the_ukrainian_page_shows_it(
    browser,
    portal,
    django_user_model,
    production_like,  # noqa: F811
):
    brasov = Centre.objects.get(slug="brasov")
    brasov.description_en = (
        "Open on weekdays. Call 0268 000 000 or see [the map](https://example.org/map)."
    )
    brasov.save()
    translator = staff(browser, portal, django_user_model, TRANSLATOR)

    def brasov_on_the_board():
        translator.goto(f"{portal}/{django_settings.ADMIN_URL}iom_romania/contenttranslation/")
        translator.select_option("#id_content", "centres.Centre")
        translator.select_option("#id_language", "uk")
        translator.get_by_role("button", name="Show").click()
        return translator.locator("tr", has=translator.get_by_role("link", name=str(brasov)))

    row = brasov_on_the_board()
    with translator.expect_download() as download:
        row.get_by_role("link", name="XLIFF").click()
    exported = download.value.path().read_bytes()

    translated = translate(exported, {unit_key(brasov, "description"): DESCRIPTION_UK})
    translator.get_by_role("link", name="Import a translated file").click()
    translator.select_option("#id_language", "uk")
    translator.set_input_files(
        "#id_file",
        {"name": "uk.xlf", "mimeType": "application/x-xliff+xml", "buffer": translated},
    )
    translator.get_by_role("button", name="Check the file").click()
    expect(translator.get_by_text("What the import will change")).to_be_visible()
    expect(translator.locator("#content-main")).to_contain_text(DESCRIPTION_UK)
    assert_accessible(translator)
    brasov.refresh_from_db()
    assert not brasov.description_uk  # nothing saved before the confirmation

    translator.get_by_role("button", name="Import these translations").click()
    expect(translator.locator(".messagelist .success")).to_be_visible()
    public = visitor_sees(browser, f"{portal}/uk/centres/brasov/")
    assert "Відкрито в робочі дні." in public
    assert UNCHECKED in public

    row = brasov_on_the_board()
    row.get_by_role("checkbox").check()
    translator.get_by_role("button", name="Mark the ticked translations as reviewed").click()
    expect(translator.locator(".messagelist .success")).to_be_visible()
    public = visitor_sees(browser, f"{portal}/uk/centres/brasov/")
    assert "Відкрито в робочі дні." in public
    assert UNCHECKED not in public
