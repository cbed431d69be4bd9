"""The content forms as an office worker meets them: ordered by task, with the actions
(named for what they do) and the preview above the form as well as below it."""

from django.urls import reverse

from alerts.models import ScamAlert
from centres.models import Centre
from iom_romania.publishing import Status

from .admin_forms import change_form_data


def _page(client, obj):
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    page = client.get(url).content.decode()
    return page[page.index(f'id="{opts.model_name}_form"') :]  # the form, not the side menu


def test_the_centre_form_starts_with_contact_phones_and_hours(client, seeded, make_staff):
    client.force_login(make_staff("Centre manager"))
    page = _page(client, Centre.objects.get(slug="brasov"))
    order = [
        "Contact and opening hours",
        'id="phones-group"',
        'id="hours_exceptions-group"',
        "Address and location",
        "What the centre offers",
        "Publication",
    ]
    positions = [page.index(text) for text in order]
    assert positions == sorted(positions)


def test_the_alert_form_starts_with_the_text_and_red_flags(admin_client, seeded):
    page = _page(admin_client, ScamAlert.objects.first())
    order = ["The warning", "Red flags", "How it reached people", "Where to report", "Publication"]
    positions = [page.index(text) for text in order]
    assert positions == sorted(positions)


def test_actions_are_named_for_what_they_do_above_and_below_the_form(client, seeded, make_staff):
    centre = Centre.objects.get(slug="brasov")  # published
    client.force_login(make_staff("Centre manager"))
    page = _page(client, centre)
    assert page.count('value="Submit for approval"') == 2
    assert page.count("View on the site") == 2

    draft = ScamAlert.objects.first()
    ScamAlert.objects.filter(pk=draft.pk).update(status=Status.DRAFT)
    client.force_login(make_staff("Editor"))
    page = _page(client, draft)
    assert page.count('value="Save draft"') == 2
    assert 'name="_publish"' not in page
    assert page.count("Preview (not public)") == 2
    # The preview sits in the first row of buttons, before any field of the form.
    assert page.index("Preview (not public)") < page.index("The warning")


def test_a_publisher_publishes_a_draft_with_one_button(client, seeded, make_staff):
    alert = ScamAlert.objects.first()
    ScamAlert.objects.filter(pk=alert.pk).update(status=Status.DRAFT)
    client.force_login(make_staff("Publisher"))
    url = reverse("admin:alerts_scamalert_change", args=[alert.pk])
    page = client.get(url)
    assert page.content.decode().count('name="_publish"') == 2
    data = change_form_data(page)
    data["_publish"] = "Publish"
    response = client.post(url, data)
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.status == Status.PUBLISHED
    assert client.get(alert.get_absolute_url()).status_code == 200


def test_help_texts_speak_to_office_staff(client, seeded, make_staff):
    client.force_login(make_staff("Centre manager"))
    page = _page(client, Centre.objects.get(slug="brasov"))
    assert "Where the pin goes on the map." in page
