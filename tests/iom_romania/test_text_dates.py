"""Issue 14: every date means what it says. A text shows its own date and age; "last updated"
comes only from a staff edit; old text is listed for review after a limit staff set."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from iom_romania.roles import PUBLISHER
from programmes.models import ProgrammeArea, Project, TextReviewSettings

from .admin_forms import change_form_data

TODAY = dt.datetime(2026, 12, 3, 12, tzinfo=dt.UTC)
AREA = "/en/programmes/migration-health/"
PROJECT = "/en/projects/us-refugee-programme/"


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.mark.parametrize("url", [AREA, PROJECT])
def test_seed_text_shows_its_own_date_and_no_update(client, seeded, url):
    html = client.get(url).content.decode()
    assert "Text from November 2010 (16\xa0years ago)." in html
    assert "Page last updated" not in html  # loading the seed is not an update


def test_home_page_dates_its_text_and_figures(client, seeded):
    html = client.get("/en/").content.decode()
    assert "Figures as of September 2014 (12\xa0years ago)." in html
    assert "Text from November 2010 (16\xa0years ago)." in html
    assert "Last updated" not in html


def test_dates_are_in_the_readers_language(client, seeded):
    html = client.get("/ro/programmes/migration-health/").content.decode()
    assert "Text din Noiembrie 2010 (acum 16\xa0ani)." in html


def test_a_staff_edit_is_the_last_update(client, seeded, make_staff):
    area = ProgrammeArea.objects.get(slug="migration-health")
    client.force_login(make_staff(PUBLISHER))
    url = reverse("admin:programmes_programmearea_change", args=[area.pk])
    data = change_form_data(client.get(url))
    data["summary_en"] = area.summary_en + " Checked."
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    client.logout()
    html = client.get(AREA).content.decode()
    assert "Page last updated" in html and 'datetime="2026-12-03' in html
    assert "Text from November 2010" in html  # the text's own date stays until staff change it


def test_old_text_needs_attention_after_the_limit_staff_set(client, seeded, make_staff):
    client.force_login(make_staff(PUBLISHER))
    page = client.get(reverse("admin:index")).content.decode()
    assert "Texts older than the review limit" in page
    assert "last_reviewed__lt=2024-12-03" in page  # the default: two years
    old_projects = client.get(
        reverse("admin:programmes_project_changelist") + "?last_reviewed__lt=2024-12-03"
    )
    assert "US Refugee Programme" in old_projects.content.decode()

    settings_url = reverse("admin:programmes_textreviewsettings_change", args=[1])
    TextReviewSettings.current()
    data = change_form_data(client.get(settings_url))
    data["review_after_years"] = "20"
    assert client.post(settings_url, data).status_code == 302
    page = client.get(reverse("admin:index")).content.decode()
    assert "Texts older than the review limit" not in page


def test_only_publishers_change_the_review_limit(client, seeded, make_staff):
    TextReviewSettings.current()
    client.force_login(make_staff("Editor"))
    url = reverse("admin:programmes_textreviewsettings_change", args=[1])
    assert client.post(url, {"review_after_years": "50"}).status_code == 403
    assert TextReviewSettings.current().review_after_years == 2
    assert Project.objects.filter(last_reviewed__isnull=False).count() == 9
