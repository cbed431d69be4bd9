"""No dead ends: wherever a page tells the reader to contact IOM Romania, the words are a
link to the office's contact page (/<lang>/contact/)."""

from html.parser import HTMLParser

from django.test import Client

from tests.browser.pages import PAGES, fetch_with_client
from tests.production.pages import public_pages

PHRASE = "contact iom romania"


class _PhraseLinks(HTMLParser):
    """Each text in <body> that holds the phrase, with the address of the link it is in."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str | None] = []
        self.in_body = False
        self.skipping = 0
        self.found: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "body":
            self.in_body = True
        elif tag in ("script", "style"):
            self.skipping += 1
        elif tag == "a":
            self.links.append(dict(attrs).get("href"))

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skipping -= 1
        elif tag == "a" and self.links:
            self.links.pop()

    def handle_data(self, data):
        text = " ".join(data.split())
        if self.in_body and not self.skipping and PHRASE in text.lower():
            self.found.append((text, self.links[-1] if self.links else None))


def test_every_contact_iom_romania_links_to_the_contact_page(seeded, settings):
    settings.SCAM_REPORT_MIN_FILL_SECONDS = 0
    client = Client(raise_request_exception=False)
    pages = [(url, client.get(url, follow=True)) for _name, url in public_pages("en")]
    pages += [fetch_with_client(client, entry, "en") for entry in PAGES]
    dead_ends, linked = [], 0
    for url, response in pages:
        if not response["Content-Type"].startswith("text/html"):
            continue
        parser = _PhraseLinks()
        parser.feed(response.content.decode())
        for text, href in parser.found:
            if href == "/en/contact/":
                linked += 1
            else:
                dead_ends.append(f"{url}: {text!r} links to {href}")
    assert not dead_ends, "\n".join(dead_ends)
    # The seed's centres publish no phone or hours: their pages ask to contact the office.
    assert linked > 20
