"""Changes to live items wait for a Publisher; drafts and Publishers' own changes do not.

Every change is made as staff make it: open the admin's change form, keep what it shows,
change one thing, post it.
"""

import pytest
from django.urls import reverse

from alerts.models import ScamAlert
from centres.models import Centre, CentrePhone
from iom_romania.models import ProposedChange
from iom_romania.publishing import Status
from iom_romania.roles import CENTRE_MANAGER, EDITOR, PUBLISHER, REPORT_TRIAGE

from .admin_forms import change_form_data, inline_prefix

# Test numbers in valid Romanian formats (the seed has no phone numbers: none is invented).
OLD_NUMBER = "+40268000111"
NEW_NUMBER = "+40213000111"


def _centre():
    """The published Brașov centre, with one phone number."""
    centre = Centre.objects.get(slug="brasov")
    assert centre.status == Status.PUBLISHED
    CentrePhone.objects.create(centre=centre, number=OLD_NUMBER)
    return centre


def _change_phone(client, centre, number):
    url = reverse("admin:centres_centre_change", args=[centre.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = change_form_data(page)
    prefix = inline_prefix(page, CentrePhone)
    data[f"{prefix}-0-number"] = number
    return client.post(url, data)


def _change_alert_title(client, alert, title):
    url = reverse("admin:alerts_scamalert_change", args=[alert.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = change_form_data(page)
    data["title_en"] = title
    return client.post(url, data)


def _public_centre(client):
    client.logout()
    return client.get("/en/centres/brasov/").content.decode()


def _review_page(client, proposal):
    return client.get(reverse("admin:iom_romania_proposedchange_change", args=[proposal.pk]))


def test_editor_change_to_a_published_centre_phone_waits_for_approval(client, seeded, make_staff):
    centre = _centre()
    old_number = OLD_NUMBER
    editor, publisher = make_staff(EDITOR), make_staff(PUBLISHER)
    client.force_login(editor)
    response = _change_phone(client, centre, NEW_NUMBER)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "sent to a Publisher for approval" in page

    # Nothing changed for the public.
    assert centre.phones.first().number == old_number
    public = _public_centre(client)
    assert f"tel:{old_number}" in public and f"tel:{NEW_NUMBER}" not in public

    # The Publisher sees it waiting, with what changed.
    client.force_login(publisher)
    front = client.get(reverse("admin:index")).content.decode()
    assert "Changes awaiting approval" in front and "state__exact=pending" in front
    proposal = ProposedChange.objects.get(state=ProposedChange.State.PENDING)
    assert proposal.author == editor and proposal.target == centre
    review = _review_page(client, proposal).content.decode()
    assert "phone 1: Number" in review
    assert old_number in review and NEW_NUMBER in review
    assert 'name="_approve"' in review

    response = client.post(
        reverse("admin:iom_romania_proposedchange_change", args=[proposal.pk]), {"_approve": "1"}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == ProposedChange.State.APPROVED and proposal.decided_by == publisher
    assert f"tel:{NEW_NUMBER}" in _public_centre(client)
    record = centre.history.first()
    assert record.history_user == publisher
    assert record.history_change_reason == "Proposed by editor, approved by publisher"
    assert CentrePhone.history.filter(number=NEW_NUMBER, history_user=publisher).exists()


def test_editor_change_to_a_published_warning_waits_and_a_reject_keeps_it(
    client, seeded, make_staff
):
    alert = ScamAlert.objects.filter(status=Status.PUBLISHED).first()
    old_title = alert.title_en
    client.force_login(make_staff(EDITOR))
    assert _change_alert_title(client, alert, "Edited by an editor").status_code == 302
    alert.refresh_from_db()
    assert alert.title_en == old_title
    client.logout()
    assert "Edited by an editor" not in client.get(alert.get_absolute_url()).content.decode()

    client.force_login(make_staff(PUBLISHER))
    proposal = ProposedChange.objects.get(state=ProposedChange.State.PENDING)
    review = _review_page(client, proposal).content.decode()
    assert old_title in review and "Edited by an editor" in review
    response = client.post(
        reverse("admin:iom_romania_proposedchange_change", args=[proposal.pk]), {"_reject": "1"}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == ProposedChange.State.REJECTED
    alert.refresh_from_db()
    assert alert.title_en == old_title
    client.logout()
    assert old_title in client.get(alert.get_absolute_url()).content.decode()


def test_an_editor_sees_proposals_but_cannot_approve_them(client, seeded, make_staff):
    alert = ScamAlert.objects.filter(status=Status.PUBLISHED).first()
    client.force_login(make_staff(EDITOR))
    _change_alert_title(client, alert, "Edited by an editor")
    proposal = ProposedChange.objects.get()
    assert 'name="_approve"' not in _review_page(client, proposal).content.decode()
    url = reverse("admin:iom_romania_proposedchange_change", args=[proposal.pk])
    assert client.post(url, {"_approve": "1"}).status_code == 403
    alert.refresh_from_db()
    assert alert.title_en != "Edited by an editor"


def test_a_publisher_change_is_live_at_once(client, seeded, make_staff):
    centre = _centre()
    client.force_login(make_staff(PUBLISHER))
    assert _change_phone(client, centre, NEW_NUMBER).status_code == 302
    assert not ProposedChange.objects.exists()
    assert f"tel:{NEW_NUMBER}" in _public_centre(client)


def test_a_superuser_change_to_a_warning_is_live_at_once(staff_client, seeded):
    alert = ScamAlert.objects.filter(status=Status.PUBLISHED).first()
    assert _change_alert_title(staff_client, alert, "Corrected at once").status_code == 302
    alert.refresh_from_db()
    assert alert.title_en == "Corrected at once"
    assert not ProposedChange.objects.exists()


def test_an_editor_edits_a_draft_directly(client, seeded, make_staff):
    centre = _centre()
    Centre.objects.filter(pk=centre.pk).update(status=Status.DRAFT)
    client.force_login(make_staff(CENTRE_MANAGER))
    assert _change_phone(client, centre, NEW_NUMBER).status_code == 302
    assert centre.phones.first().number == NEW_NUMBER
    assert not ProposedChange.objects.exists()


def test_an_editor_cannot_revert_a_published_item(client, seeded, make_staff):
    alert = ScamAlert.objects.filter(status=Status.PUBLISHED).first()
    alert.title_en = "Second version"
    alert.save()
    first = alert.history.earliest()
    client.force_login(make_staff(EDITOR))
    url = reverse("admin:alerts_scamalert_simple_history", args=[alert.pk, first.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    assert client.post(url, {**data, "_change_history": "1"}).status_code == 403
    alert.refresh_from_db()
    assert alert.title_en == "Second version"


def test_report_triage_cannot_change_alerts(client, seeded, make_staff):
    alert = ScamAlert.objects.filter(status=Status.PUBLISHED).first()
    client.force_login(make_staff(REPORT_TRIAGE))
    url = reverse("admin:alerts_scamalert_change", args=[alert.pk])
    assert client.post(url, {"title_en": "Changed by triage"}).status_code == 403
    assert client.get(reverse("admin:alerts_scamalert_add")).status_code == 403
    alert.refresh_from_db()
    assert alert.title_en != "Changed by triage"


@pytest.fixture
def caches_on(settings):
    """The page cache as production runs it (local memory)."""
    from django.core.cache import caches

    settings.PAGE_CACHE_SECONDS = 300
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def test_with_the_caches_on_the_public_sees_a_change_once_it_is_approved(
    client, seeded, make_staff, caches_on
):
    from django.test import Client

    centre = _centre()
    visitor = Client()
    for _visit in range(2):  # the second visit is served from the page cache
        assert f"tel:{OLD_NUMBER}" in visitor.get("/en/centres/brasov/").content.decode()
    client.force_login(make_staff(EDITOR))
    _change_phone(client, centre, NEW_NUMBER)
    page = visitor.get("/en/centres/brasov/").content.decode()
    assert f"tel:{OLD_NUMBER}" in page and f"tel:{NEW_NUMBER}" not in page

    client.force_login(make_staff(PUBLISHER))
    proposal = ProposedChange.objects.get()
    url = reverse("admin:iom_romania_proposedchange_change", args=[proposal.pk])
    assert client.post(url, {"_approve": "1"}).status_code == 302
    page = visitor.get("/en/centres/brasov/").content.decode()
    assert f"tel:{NEW_NUMBER}" in page and f"tel:{OLD_NUMBER}" not in page
