"""The Translator group: edits translations, never the English; marks them reviewed;
cannot publish. Its rights table is in docs/languages-and-publishing.md."""

import pytest

from centres.models import Centre
from iom_romania.publishing import Status
from iom_romania.roles import PUBLISH_PERMISSION
from iom_romania.translation_status import State, item_states
from tests.iom_romania.admin_forms import change_form_data

pytestmark = pytest.mark.django_db


def test_a_translator_changes_a_translation_but_not_the_english(client, translator):
    centre = Centre.objects.get(slug="brasov")
    Centre.objects.filter(pk=centre.pk).update(status=Status.DRAFT)
    url = f"/admin/centres/centre/{centre.pk}/change/"
    form = client.get(url)
    assert form.status_code == 200
    data = change_form_data(form)
    assert "name_en" not in data  # read-only: shown, not posted
    data["name_uk"] = "Центр для мігрантів Brașov"
    data["name_en"] = "Changed by a translator"
    assert client.post(url, data).status_code == 302
    centre.refresh_from_db()
    assert centre.name_uk == "Центр для мігрантів Brașov"
    assert centre.name_en == "Migrant Information Centre Brașov"


def test_a_translator_marks_reviewed_but_cannot_publish_add_or_delete(client, translator):
    centre = Centre.objects.get(slug="brasov")
    response = client.post(
        "/admin/iom_romania/contenttranslation/mark-reviewed/",
        {"item": [f"centres.Centre {centre.pk} uk"]},
    )
    assert response.status_code == 302
    assert item_states(centre, ["uk"])["uk"] == {"name": State.REVIEWED}
    assert not translator.has_perm(PUBLISH_PERMISSION)
    assert client.get("/admin/centres/centre/add/").status_code == 403
    assert client.get(f"/admin/centres/centre/{centre.pk}/delete/").status_code == 403
    Centre.objects.filter(pk=centre.pk).update(status=Status.DRAFT)
    client.post(
        "/admin/centres/centre/", {"action": "publish_selected", "_selected_action": [centre.pk]}
    )
    centre.refresh_from_db()
    assert centre.status == Status.DRAFT
    assert client.get("/admin/alerts/scamreport/").status_code == 403


def test_a_translators_change_to_a_live_item_waits_for_approval(client, translator):
    from iom_romania.models import ProposedChange

    centre = Centre.objects.get(slug="brasov")
    assert centre.status == Status.PUBLISHED
    url = f"/admin/centres/centre/{centre.pk}/change/"
    data = change_form_data(client.get(url))
    data["name_uk"] = "Центр для мігрантів Brașov"
    client.post(url, data)
    centre.refresh_from_db()
    assert centre.name_uk == "Інформаційний центр для мігрантів Brașov"
    assert ProposedChange.objects.filter(object_id=centre.pk, author=translator).exists()
