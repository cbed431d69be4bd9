"""History staff can read: one entry per save, inline changes (phones, hours) included,
who, when, why, only what changed as a visitor would read it; and undoing one entry."""

from django.urls import reverse

from alerts.models import ScamAlert
from centres.models import Centre, CentrePhone, OpeningHours
from tests.centres.test_week_grid import _grid

from .admin_forms import change_form_data

NEW_PHONE = {
    "phones-TOTAL_FORMS": "1",
    "phones-0-number": "0268 123 456",
    "phones-0-kind": "voice",
    "phones-0-order": "0",
}


def _save(client, obj, changes, week=None):
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    data = change_form_data(client.get(url))
    if week is not None:
        data = _grid(data, week)
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])


def _correct(client, centre, **changes):
    """A centre's save adding a phone and Monday's hours, with `changes`."""
    return _save(client, centre, {**NEW_PHONE, **changes}, week={0: [("09:00", "17:00")]})


def _entries(page: str) -> list[str]:
    return page.split('<section class="module history-entry"')[1:]


def test_one_entry_per_save_with_the_inline_changes_and_the_reason(admin_client, seeded):
    centre = Centre.objects.get(slug="brasov")
    history_url = _correct(
        admin_client, centre, _change_reason="New phone and hours, as the centre told us"
    )
    page = admin_client.get(history_url).content.decode()
    newest = _entries(page)[0]
    assert "Why: New phone and hours, as the centre told us" in newest
    assert "+40268123456 · Phone" in newest
    assert "Opening hours: Monday" in newest and "09:00–17:00" in newest
    assert "Opening hours: Tuesday" not in newest  # only what changed
    assert "None" not in page

    # Saving again without a change adds no empty entry.
    count = len(_entries(page))
    _save(admin_client, centre, {})
    assert len(_entries(admin_client.get(history_url).content.decode())) == count


def test_every_record_of_one_save_carries_the_same_moment(admin_client, seeded):
    """What makes "one entry per save" exact: the item's record and its phones' and hours'
    records written by one request share one date, whatever the time between them."""
    centre = Centre.objects.get(slug="brasov")
    _correct(admin_client, centre)
    moments = {
        centre.history.latest().history_date,
        CentrePhone.history.filter(centre_id=centre.pk).latest().history_date,
        OpeningHours.history.filter(centre_id=centre.pk).latest().history_date,
    }
    assert len(moments) == 1


def test_an_alert_save_is_listed_once_without_an_empty_reason(admin_client, seeded):
    alert = ScamAlert.objects.first()
    history_url = _save(admin_client, alert, {"title_en": "Fake visa fee calls"})
    page = admin_client.get(history_url).content.decode()
    newest, *older = _entries(page)
    assert newest.count("Fake visa fee calls") == 1  # once, in one entry
    assert not any("Fake visa fee calls" in entry for entry in older)
    assert "Change reason" not in page and "None" not in page
    assert "No reason given." in newest
    # A second save at once, with a reason: an entry of its own, with its reason.
    _save(admin_client, alert, {"title_en": "Fake visa calls", "_change_reason": "Shorter"})
    newest, *older = _entries(admin_client.get(history_url).content.decode())
    assert "Why: Shorter" in newest and "Fake visa fee calls" in older[0]


def test_undo_puts_back_what_one_entry_changed(admin_client, client, seeded):
    centre = Centre.objects.get(slug="brasov")
    old_name = centre.name_en
    history_url = _correct(admin_client, centre, name_en="A mistaken name")
    page = admin_client.get(history_url).content.decode()
    undo_url = _entries(page)[0].split('href="')[1].split('"')[0]
    assert undo_url.endswith("/undo/")
    confirm = admin_client.get(undo_url).content.decode()
    assert "Yes, undo this change" in confirm and "A mistaken name" in confirm
    assert admin_client.post(undo_url).status_code == 302

    centre.refresh_from_db()
    assert centre.name_en == old_name
    assert not CentrePhone.objects.filter(centre=centre).exists()
    assert not OpeningHours.objects.filter(centre=centre).exists()
    assert "A mistaken name" not in client.get(centre.get_absolute_url()).content.decode()
    newest = _entries(admin_client.get(history_url).content.decode())[0]
    assert "Why: Undo of the change of" in newest
    assert "A mistaken name" in newest  # before the undo, in the Before column


def test_undo_is_only_for_those_whose_changes_go_live(client, seeded, make_staff):
    centre = Centre.objects.get(slug="brasov")  # published: a Centre manager proposes
    client.force_login(make_staff("Centre manager"))
    history_url = reverse("admin:centres_centre_history", args=[centre.pk])
    page = client.get(history_url).content.decode()
    assert "Undo this change" not in page
    record = centre.history.first()
    undo_url = reverse("admin:centres_centre_undo", args=[centre.pk, record.history_id])
    assert client.post(undo_url).status_code == 403
