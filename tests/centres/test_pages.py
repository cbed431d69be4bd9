"""Centre detail page, report form and admin."""

from html.parser import HTMLParser

import pytest

from centres.models import Centre, InformationReport

DETAIL = "/en/centres/brasov/"


def test_detail_page_shows_unknown_facts_as_not_yet_published(client, seeded):
    html = client.get(DETAIL).content.decode()
    assert html.count("Not yet published; contact IOM Romania.") >= 5
    assert "Opening hours not yet published" in html
    assert "Report wrong information" in html
    assert 'href="/centres/brasov.vcf"' in html


def test_detail_page_with_all_details(client, full_centre, django_assert_max_num_queries):
    # The centre with its services; its phones, messaging links, weekly hours, dated
    # exceptions and notices (one query each); the scam banner.
    with django_assert_max_num_queries(8):
        html = client.get(DETAIL).content.decode()
    assert 'href="tel:+40268000000"' in html and "+40 268 000 000" in html
    assert "English" in html and "Ukrainian" in html
    assert "Legal information" in html
    assert "An interpreter can be arranged." in html


@pytest.mark.parametrize(
    ("language", "names"),
    [("en", ["Somali", "Pashto", "Tigrinya"]), ("ro", ["Somaleză", "Paștună", "Tigrină"])],
)
def test_every_language_a_centre_may_speak_is_named(client, seeded, language, names):
    # Django's own list of languages has no Amharic, Kurdish, Pashto, Somali, Tigrinya or
    # plain Chinese: the finder's filter named them by their codes.
    Centre.objects.filter(slug="brasov").update(languages=["so", "ps", "ti"])
    html = client.get(f"/{language}/centres/").content.decode()
    for name in names:
        assert f">{name}</option>" in html
    assert '<option value="so">so</option>' not in html


@pytest.mark.smoke
def test_report_wrong_information(client, seeded):
    form = client.get(f"{DETAIL}report/")
    assert form.status_code == 200
    response = client.post(
        f"{DETAIL}report/", {"message": "The centre moved to another street.", "contact": ""}
    )
    assert response.status_code == 302
    report = InformationReport.objects.get()
    assert report.centre.slug == "brasov" and not report.handled
    page = client.get(response["Location"]).content.decode()
    assert "Thank you" in page


def test_report_needs_a_message_and_ignores_bots(client, seeded):
    response = client.post(f"{DETAIL}report/", {"message": ""})
    assert response.status_code == 200 and 'aria-invalid="true"' in response.content.decode()
    client.post(f"{DETAIL}report/", {"message": "spam", "website": "http://spam.example"})
    assert not InformationReport.objects.exists()


def test_admin_pages(staff_client, full_centre):
    InformationReport.objects.create(centre=full_centre, message="Wrong phone")
    for url in [
        "/admin/centres/centre/",
        f"/admin/centres/centre/{full_centre.pk}/change/",
        "/admin/centres/centre/add/",
        "/admin/centres/informationreport/",
        "/admin/centres/servicetype/",
        "/admin/centres/gazetteerplace/?q=brasov",
    ]:
        response = staff_client.get(url)
        assert response.status_code == 200, url
    change = staff_client.get(f"/admin/centres/centre/{full_centre.pk}/change/").content.decode()
    for part in ["phones-TOTAL_FORMS", "messaging_links-TOTAL_FORMS",
                 'name="weekly_hours_1"', "hours_exceptions-TOTAL_FORMS"]:  # fmt: skip
        assert part in change
    assert "Wrong phone" in staff_client.get("/admin/centres/informationreport/").content.decode()


class _FormParser(HTMLParser):
    """Collects the values a browser would submit from the page's main form."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            checkable = a.get("type") in ("checkbox", "radio")
            if checkable and "checked" not in a:
                return
            self.data.setdefault(name, []).append(a.get("value", "on" if checkable else ""))
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select].append(a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data


def test_admin_inline_hours_and_phones_update_the_public_page(staff_client, client, seeded):
    centre = Centre.objects.get(slug="brasov")
    url = f"/admin/centres/centre/{centre.pk}/change/"
    parser = _FormParser()
    parser.feed(staff_client.get(url).content.decode())
    data = {k: v for k, v in parser.data.items() if not k.startswith("_")}
    del data["weekly_hours_0"]  # Monday is no longer "Closed": the week grid's first box
    data.update(
        {
            "phones-TOTAL_FORMS": ["1"],
            "phones-0-number": ["0268 123 456"],
            "phones-0-kind": ["voice"],
            "phones-0-order": ["0"],
            "weekly_hours_1": ["09:00"],
            "weekly_hours_2": ["17:00"],
            "languages": ["ro", "uk"],
        }
    )
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    centre = Centre.objects.get(pk=centre.pk)
    assert centre.phone_list[0]["number"] == "+40268123456"  # stored in E.164
    assert centre.languages == ["ro", "uk"]
    html = client.get(DETAIL).content.decode()
    assert 'href="tel:+40268123456"' in html
    assert "09:00–17:00" in html
    assert centre.history.count() >= 2


def test_a_lookup_does_not_fill_the_site_search_box(client, seeded):
    html = client.get("/en/centres/", {"q": "Brasov"}).content.decode()
    assert 'name="q" id="id_q" value="Brasov"' in html  # the finder keeps what was typed
    assert 'id="site-search" name="q" value=""' in html  # the header's search box does not
    html = client.get("/en/search/", {"q": "Brasov"}).content.decode()
    assert 'id="site-search" name="q" value="Brasov"' in html


def test_a_centre_card_shows_its_contact_details_and_distance(client, full_centre):
    html = client.get("/en/centres/", {"q": "Brasov"}).content.decode()
    results = html[html.index('<ol class="centre-list results-list">') : html.index("</ol>")]
    card = results[: results.index("</li>\n", results.index("in my map app"))]
    assert '<li class="centre-card centre-nearest"' in card and "Brașov" in card
    assert "Nearest centre" in card
    assert "km away (from the city centre)" in card
    assert 'href="tel:+40268000000"' in card and "WhatsApp" in card
    assert "Open now" in card or "Closed" in card
