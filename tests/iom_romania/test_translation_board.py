"""The translation status board, "Mark reviewed", the link from "needs attention", and the
Publisher's confirmation before publishing a warning that lacks a language."""

import pytest
from django.contrib.auth.models import Group

from alerts.models import ScamAlert
from centres.models import Centre
from iom_romania.models import ContentTranslation
from iom_romania.publishing import Status
from iom_romania.roles import EDITOR, PUBLISHER
from iom_romania.translation_status import State, item_states
from tests.iom_romania.admin_forms import change_form_data

pytestmark = pytest.mark.django_db
BOARD = "/admin/iom_romania/contenttranslation/"


@pytest.fixture
def publisher(django_user_model):
    user = django_user_model.objects.create_user("publisher", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=PUBLISHER))
    return user


def test_the_board_shows_every_item_in_every_language_with_counts_and_filters(client, publisher):
    Centre.objects.filter(slug="brasov").update(name_ne="")
    client.force_login(publisher)
    page = client.get(BOARD).content.decode()
    assert "Migrant Information Centre Brașov" in page
    assert "Warning - Internet Scams" in page
    for name in ("Ukrainian", "Arabic", "Nepali", "Romanian"):
        assert f'<th scope="col">{name}</th>' in page
    query = {"content": "centres.Centre", "language": "ne", "state": "missing"}
    page = client.get(BOARD, query).content.decode()
    assert "Migrant Information Centre Brașov" in page
    assert "Migrant Information Centre Sibiu" not in page
    assert "<caption>1 item</caption>" in page


def test_mark_reviewed_records_who_and_when_and_the_board_says_so(client, publisher):
    centre = Centre.objects.get(slug="brasov")
    client.force_login(publisher)
    response = client.post(
        f"{BOARD}mark-reviewed/", {"item": [f"centres.Centre {centre.pk} uk", "nonsense 1 uk"]}
    )
    assert response.status_code == 302
    record = ContentTranslation.objects.get(
        content_type__model="centre", object_id=centre.pk, language="uk", field="name"
    )
    assert record.reviewed_by == publisher and record.reviewed_at is not None
    assert item_states(centre, ["uk"])["uk"] == {"name": State.REVIEWED}
    assert record.history.filter(history_user=publisher).exists()


def test_an_editor_may_not_mark_reviewed(client, django_user_model):
    editor = django_user_model.objects.create_user("editor", password="pw", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITOR))
    client.force_login(editor)
    centre = Centre.objects.get(slug="brasov")
    response = client.post(f"{BOARD}mark-reviewed/", {"item": [f"centres.Centre {centre.pk} uk"]})
    assert response.status_code == 403
    assert item_states(centre, ["uk"])["uk"] == {"name": State.NOT_REVIEWED}


def test_needs_attention_links_to_the_board(client, publisher):
    client.force_login(publisher)
    page = client.get("/admin/").content.decode()
    assert "Translations not yet reviewed (translation status board)" in page
    assert f'href="{BOARD}?state=not_reviewed"' in page


def test_publishing_a_warning_without_every_language_takes_a_confirmation(client, publisher):
    alert = ScamAlert.objects.get(slug="internet-scams")
    ScamAlert.objects.filter(pk=alert.pk).update(status=Status.DRAFT, title_fa="", body_ne="")
    client.force_login(publisher)
    url = f"/admin/alerts/scamalert/{alert.pk}/change/"
    data = change_form_data(client.get(url))
    data["status"] = Status.PUBLISHED
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "This warning has no text in: Persian, Nepali." in page
    alert.refresh_from_db()
    assert alert.status == Status.DRAFT
    data["publish_missing_languages"] = "on"
    assert client.post(url, data).status_code == 302
    alert.refresh_from_db()
    assert alert.status == Status.PUBLISHED


def test_publishing_from_the_list_leaves_out_a_warning_that_lacks_a_language(client, publisher):
    alert = ScamAlert.objects.get(slug="internet-scams")
    ScamAlert.objects.filter(pk=alert.pk).update(status=Status.DRAFT, summary_tr="")
    client.force_login(publisher)
    response = client.post(
        "/admin/alerts/scamalert/",
        {"action": "publish_selected", "_selected_action": [alert.pk]},
        follow=True,
    )
    assert "Not published, some languages are missing: Warning - Internet Scams." in (
        response.content.decode()
    )
    alert.refresh_from_db()
    assert alert.status == Status.DRAFT
