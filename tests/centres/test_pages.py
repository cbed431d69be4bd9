"""Centre detail page, report form and admin."""

import pytest

from centres.models import InformationReport

DETAIL = "/en/centres/brasov/"


def test_detail_page_shows_unknown_facts_as_not_yet_published(client, seeded):
    html = client.get(DETAIL).content.decode()
    assert html.count("Not yet published; contact IOM Romania.") >= 5
    assert "Opening hours not yet published" in html
    assert "Report wrong information" in html
    assert 'href="/centres/brasov.vcf"' in html


def test_detail_page_with_all_details(client, full_centre, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        html = client.get(DETAIL).content.decode()
    assert 'href="tel:+40268000000"' in html and "+40 268 000 000" in html
    assert "English" in html and "Ukrainian" in html
    assert "Legal information" in html
    assert "An interpreter can be arranged." in html


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
    for inline in ["phones-TOTAL_FORMS", "messaging_links-TOTAL_FORMS",
                   "weekly_hours-TOTAL_FORMS", "hours_exceptions-TOTAL_FORMS"]:  # fmt: skip
        assert inline in change
    assert "Wrong phone" in staff_client.get("/admin/centres/informationreport/").content.decode()
