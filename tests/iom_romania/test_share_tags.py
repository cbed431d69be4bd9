"""Every public page can be shared: Open Graph and Twitter card tags, with the page's own
title and description in the page's language (base.html, from each page's blocks)."""

from html.parser import HTMLParser

import pytest
from django.test import Client

from tests.browser.pages import PAGES, fetch_with_client
from tests.production.pages import public_pages

REQUIRED = ("og:title", "og:description", "og:url", "og:locale", "twitter:card")


class _HeadMeta(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attr = dict(attrs)
        if tag == "meta":
            key = attr.get("property") or attr.get("name")
            if key:
                self.meta[key] = (attr.get("content") or "").strip()
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def share_tags(html: str) -> _HeadMeta:
    parser = _HeadMeta()
    parser.feed(html)
    return parser


def html_responses(language: str):
    """(address, response) of every public HTML page: the production list and the page list
    (forms in their result and error states, the 404 page)."""
    client = Client(raise_request_exception=False)
    for _name, url in public_pages(language):
        response = client.get(url, follow=True)
        if response["Content-Type"].startswith("text/html"):
            yield url, response
    for entry in PAGES:
        url, response = fetch_with_client(client, entry, language)
        yield f"{url} ({entry.name})", response


@pytest.mark.parametrize("language", ["en", "ro", "ar"])
def test_every_public_page_has_share_tags_in_its_language(seeded, settings, language):
    settings.SCAM_REPORT_MIN_FILL_SECONDS = 0
    problems = []
    walked = 0
    for url, response in html_responses(language):
        walked += 1
        tags = share_tags(response.content.decode())
        missing = [key for key in REQUIRED if not tags.meta.get(key)]
        if missing:
            problems.append(f"{url}: no {', '.join(missing)}")
            continue
        # The page's own title, as the <title> gives it before " · IOM Romania".
        page_title = " ".join(tags.title.split()).rsplit(" · ", 1)[0]
        if tags.meta["og:title"] != page_title:
            problems.append(f"{url}: og:title {tags.meta['og:title']!r} is not {page_title!r}")
        if tags.meta["og:description"] != tags.meta.get("description"):
            problems.append(f"{url}: og:description is not the page's description")
        if not tags.meta["og:locale"].startswith(language):
            problems.append(f"{url}: og:locale {tags.meta['og:locale']}")
        if f"/{language}/" not in tags.meta["og:url"]:
            problems.append(f"{url}: og:url {tags.meta['og:url']}")
    assert walked > 20
    assert not problems, "\n".join(problems)


def test_check_and_report_pages_are_shared_with_their_own_title(client, seeded):
    """The issue's two pages, in Romanian: a link pasted in a messaging app shows a title."""
    check = share_tags(client.get("/ro/alerts/check/").content.decode()).meta
    assert check["og:title"] == "Verificați o ofertă"
    assert check["og:locale"] == "ro_RO"
    report = share_tags(client.get("/en/alerts/report/").content.decode()).meta
    assert report["og:title"] == "Report a suspected scam"
    assert report["og:description"].startswith("Tell IOM Romania about a suspected")
    assert report["twitter:card"] == "summary"
