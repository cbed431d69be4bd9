"""The page list (tests/browser/pages.py) covers every public page of the URL configuration,
so a new page cannot miss the accessibility and HTML gates."""

from tests.browser.pages import NOT_PAGES, PAGES, public_url_names


def test_every_public_url_name_is_in_the_page_list():
    covered = {entry.url_name for entry in PAGES} | NOT_PAGES
    missing = sorted(public_url_names() - covered)
    assert not missing, (
        f"add these URL names to PAGES in tests/browser/pages.py (or to NOT_PAGES when "
        f"they are not HTML pages): {missing}"
    )


def test_the_page_list_names_known_pages():
    assert {"home", "programmes:area_detail", "centres:centre_list"} <= public_url_names()
