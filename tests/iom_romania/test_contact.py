"""The office's contact page: staff fill it in as one object in the admin; until they do,
the page says so and points to IOM's global site. Nothing on it is invented."""

import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from iom_romania.models import OfficeContact
from iom_romania.roles import EDITOR, PUBLISHER

from .admin_forms import change_form_data

CONTACT = "/en/contact/"


@pytest.mark.smoke
def test_until_staff_fill_it_in_the_page_says_so_and_links_to_iom_worldwide(client, seeded):
    page = client.get(CONTACT).content.decode()
    assert "The IOM Romania office has not yet published its contact details" in page
    assert '<a href="https://www.iom.int/">IOM Worldwide</a>' in page
    # The one fact shown meanwhile is public and labelled as what it is.
    assert "112" in page and "the national emergency number in Romania" in page
    assert "mailto:" not in page.split("<main")[1]


def test_a_publisher_fills_it_in_through_the_admin_and_the_public_sees_it(
    client, seeded, make_staff
):
    client.force_login(make_staff(PUBLISHER))
    form_url = reverse("admin:iom_romania_officecontact_changelist")
    form = client.get(form_url)
    assert form.status_code == 200  # the one object's form, no list
    data = change_form_data(form)
    data.update(
        address_en="Example street 1, Bucharest",
        address_ro="Strada Exemplu 1, București",
        phones_en="+40 21 000 0000 (reception)",
        email="office@example.org",
        opening_hours_en="Monday to Friday, 9:00 to 17:00",
        emergency_numbers_en="Example helpline: 0800 000 000",
    )
    client.post(form_url, data)
    office = OfficeContact.get_solo()
    assert office.email == "office@example.org"
    change = office.history.latest()  # simple-history keeps who changed what
    assert change.email == "office@example.org" and change.history_user.username == "publisher"
    client.logout()
    english = client.get(CONTACT).content.decode()
    assert "not yet published its contact details" not in english
    assert "Example street 1, Bucharest" in english
    assert '<a href="mailto:office@example.org" dir="ltr">office@example.org</a>' in english
    assert "+40 21 000 0000 (reception)" in english
    assert "Monday to Friday, 9:00 to 17:00" in english
    assert "Example helpline: 0800 000 000" in english
    romanian = client.get("/ro/contact/").content.decode()
    assert "Strada Exemplu 1, București" in romanian
    # Not translated yet: the English text, as everywhere on the site.
    assert "Monday to Friday, 9:00 to 17:00" in romanian


def test_an_editor_may_read_it_but_not_change_it(client, seeded, make_staff):
    client.force_login(make_staff(EDITOR))
    form_url = reverse("admin:iom_romania_officecontact_changelist")
    assert client.get(form_url).status_code == 200
    client.post(form_url, {"email": "editor@example.org"})
    assert OfficeContact.get_solo().email == ""


def test_the_contact_line_include_shows_only_what_staff_published(seeded):
    assert render_to_string("includes/office_contact_line.html").strip() == ""
    OfficeContact.objects.update_or_create(
        pk=1, defaults={"phones_en": "+40 21 000 0000\n+40 21 000 0001", "email": "o@example.org"}
    )
    line = render_to_string("includes/office_contact_line.html")
    assert "+40 21 000 0000" in line and "+40 21 000 0001" not in line
    assert 'href="mailto:o@example.org"' in line


@pytest.mark.smoke
def test_every_page_links_to_it_from_the_footer_and_the_sitemap_lists_it(client, seeded):
    for url in ("/en/", "/en/centres/", "/en/alerts/check/", "/ar/no-such-page/"):
        page = client.get(url).content.decode()
        footer = page[page.index('<footer class="site-footer">') :]
        language = url.split("/")[1]
        assert f'<a href="/{language}/contact/">' in footer, url
    sitemap = client.get("/sitemap.xml").content.decode()
    assert re.search(r"<loc>[^<]*/en/contact/</loc>", sitemap)


def test_the_contact_page_costs_one_query(client, seeded, django_assert_max_num_queries):
    OfficeContact.get_solo()
    client.get(CONTACT)
    # The contact row, the scam banner's warning.
    with django_assert_max_num_queries(2):
        assert client.get(CONTACT).status_code == 200


def test_its_history_shows_who_changed_what(client, seeded, make_staff):
    office = OfficeContact.get_solo()
    office.email = "office@example.org"
    office.save()
    client.force_login(make_staff(PUBLISHER))
    history = client.get(reverse("admin:iom_romania_officecontact_history"))
    assert history.status_code == 200
    # simple-history's page (with diff and revert), not django-solo's plain one.
    assert "simple_history/object_history.html" in [t.name for t in history.templates]
    assert '<a href="/admin/iom_romania/officecontact/1/history/' in history.content.decode()
