import pytest
from django.urls import reverse

from alerts.models import ScamAlert
from centres.models import Centre
from iom_romania.publishing import Status
from programmes.models import Fact, HomeSection, Initiative, ProgrammeArea, Project

PUBLIC_PAGES = [
    ("/en/", "IOM Today"),
    ("/en/programmes/migration-health/", "Migration Health Assessment"),
    ("/en/projects/", "Enhancing AVR in Romania"),
    ("/en/projects/refugee-resettlement-to-canada/", "Refugee Resettlement to Canada"),
    ("/en/centres/", "Târgu Mureș"),
    ("/en/centres/brasov/", "Brașov"),
    ("/en/alerts/", "Warning - Internet Scams"),
    ("/en/alerts/internet-scams/", "extreme caution"),
]


@pytest.mark.smoke
@pytest.mark.parametrize(("url", "text"), PUBLIC_PAGES)
def test_public_page_answers_with_its_content(client, seeded, url, text):
    response = client.get(url)
    assert response.status_code == 200
    assert text in response.content.decode()


def test_home_shows_all_of_the_office_page(client, seeded):
    page = client.get("/en/").content.decode()
    for text in [
        "157",
        "Members and more than 100 observers",
        "More than 480",
        "More than US$ 1.3 billion",
        "Warning - Internet Scams",
        "Movement, Emergency and Post-crisis Migration Management",
        "Migration Health",
        "Regulating Migration",
        "Facilitating Migration",
        "US Refugee Programme",
        "Health Assessment for the Canadian Warrant Programme",
        "Enhancing AVR in Romania 2010/2011",
        "Network of Migrant Information Centres in Romania 2010/2011",
        "Not Just Numbers, Educational Toolkit",
        "IOM continues to support the Government of Romania",
        "November 2010",
        "September 2014",
    ]:
        assert text in page, text
    for city in Centre.objects.values_list("city", flat=True):
        assert city in page


def test_last_updated_dates_follow_the_data(client, seeded):
    Fact.objects.update(as_of="2026-03-01")
    assert "March 2026" in client.get("/en/").content.decode()


def test_root_redirects_to_a_language(client, seeded):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ro")
    assert response.status_code == 302
    assert response["Location"] == "/ro/"


@pytest.mark.parametrize(
    "url",
    [
        "/en/programmes/no-such-area/",
        "/en/projects/no-such-project/",
        "/en/centres/no-such-centre/",
        "/en/alerts/no-such-alert/",
        "/en/no/such/page/",
    ],
)
def test_unknown_addresses_get_the_friendly_404(client, seeded, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "Find an information centre" in response.content.decode()


def test_drafts_stay_out_of_public_pages(client, seeded):
    Project.objects.filter(slug="us-refugee-programme").update(status=Status.DRAFT)
    assert "US Refugee Programme" not in client.get("/en/").content.decode()
    assert "US Refugee Programme" not in client.get("/en/projects/").content.decode()
    assert client.get("/en/projects/us-refugee-programme/").status_code == 404


def test_archived_pages_stay_reachable_with_a_notice(client, seeded):
    ProgrammeArea.objects.filter(slug="migration-health").update(status=Status.ARCHIVED)
    response = client.get("/en/programmes/migration-health/")
    assert response.status_code == 200
    assert "This page is archived" in response.content.decode()
    assert 'href="/en/programmes/migration-health/"' not in client.get("/en/").content.decode()


def test_centre_page_says_what_is_not_yet_published(client, seeded):
    page = client.get("/en/centres/iasi/").content.decode()
    assert "Not yet published; contact IOM Romania." in page


def test_detail_pages_carry_plain_share_links(client, seeded):
    page = client.get("/en/alerts/internet-scams/").content.decode()
    for host in ["facebook.com/sharer", "x.com/intent", "wa.me", "t.me/share", "mailto:"]:
        assert host in page
    # No third-party or inline script: only the portal's own deferred files (copy-link).
    assert "<script>" not in page
    assert '<script src="http' not in page


@pytest.mark.parametrize(("url", "max_queries"), [("/en/", 8), ("/en/projects/", 4)])
def test_page_queries_do_not_grow_with_content(
    client, seeded, django_assert_max_num_queries, url, max_queries
):
    area = ProgrammeArea.objects.first()
    for number in range(30):
        project = Project.objects.create(
            title=f"Project {number}", slug=f"project-{number}", status=Status.PUBLISHED
        )
        project.areas.add(area)
    with django_assert_max_num_queries(max_queries):
        assert client.get(url).status_code == 200


def test_every_model_has_a_name_and_an_address(seeded):
    for model in [HomeSection, ProgrammeArea, Project, Fact, Initiative, Centre, ScamAlert]:
        item = model.objects.first()
        assert str(item)
        assert item.get_absolute_url().startswith("/en/")


def test_area_and_project_addresses_resolve(client, seeded):
    for item in [*ProgrammeArea.objects.all(), *Project.objects.all(), *Centre.objects.all()]:
        assert client.get(item.get_absolute_url()).status_code == 200


def test_admin_pages_load_for_staff(staff_client, seeded):
    models = [HomeSection, ProgrammeArea, Project, Fact, Initiative, Centre, ScamAlert]
    for model in models:
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert staff_client.get(changelist).status_code == 200
        item = model.objects.first()
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])
        assert staff_client.get(change).status_code == 200
        history = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[item.pk])
        assert staff_client.get(history).status_code == 200


def test_admin_refuses_visitors(client, seeded):
    response = client.get(reverse("admin:programmes_project_changelist"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]
