"""Publishing workflow: schedules at the boundary, drafts and preview, history and revert."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from iom_romania.markdown import render_markdown
from iom_romania.publishing import Status
from iom_romania.roles import CENTRE_MANAGER, EDITOR, PUBLISHER
from programmes.models import ProgrammeArea, Project


def test_publish_at_and_unpublish_at_at_the_boundary(seeded):
    now = timezone.now()
    project = Project.objects.get(slug="us-refugee-programme")
    project.publish_at, project.unpublish_at = now, now + timedelta(days=1)
    project.save()
    published = Project.objects.published
    with mock.patch("iom_romania.publishing.timezone.now", return_value=now):
        assert published().filter(pk=project.pk).exists()  # starts at publish_at exactly
    with mock.patch("iom_romania.publishing.timezone.now", return_value=now - timedelta(0, 1)):
        assert not published().filter(pk=project.pk).exists()
    end = project.unpublish_at
    with mock.patch("iom_romania.publishing.timezone.now", return_value=end - timedelta(0, 1)):
        assert published().filter(pk=project.pk).exists()
    with mock.patch("iom_romania.publishing.timezone.now", return_value=end):
        assert not published().filter(pk=project.pk).exists()  # ends at unpublish_at exactly


def test_scheduled_items_appear_by_themselves(client, seeded):
    project = Project.objects.get(slug="us-refugee-programme")
    project.publish_at = timezone.now() + timedelta(minutes=5)
    project.save()
    assert "US Refugee Programme" not in client.get("/en/projects/").content.decode()
    Project.objects.filter(pk=project.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
    assert "US Refugee Programme" in client.get("/en/projects/").content.decode()


def test_drafts_stay_out_of_lists_even_for_staff(client, seeded, make_staff):
    Project.objects.filter(slug="us-refugee-programme").update(status=Status.DRAFT)
    client.force_login(make_staff(PUBLISHER))
    for url in ["/en/", "/en/projects/", "/en/programmes/movement-emergency-post-crisis/"]:
        assert "US Refugee Programme" not in client.get(url).content.decode(), url
    assert "us-refugee-programme" not in client.get("/sitemap.xml").content.decode()
    assert "US Refugee Programme" not in client.get("/en/search/?q=refugee").content.decode()


def test_drafts_are_hidden_from_the_public(client, seeded):
    Project.objects.filter(slug="us-refugee-programme").update(status=Status.DRAFT)
    assert client.get("/en/projects/us-refugee-programme/").status_code == 404


def test_staff_who_may_edit_preview_a_draft_with_a_ribbon(client, seeded, make_staff):
    Project.objects.filter(slug="us-refugee-programme").update(status=Status.DRAFT)
    client.force_login(make_staff(EDITOR))
    response = client.get("/en/projects/us-refugee-programme/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Draft — not public" in page
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"].startswith("noindex")
    # A published page shows no ribbon, even to them.
    assert "Draft — not public" not in client.get("/en/projects/").content.decode()


def test_staff_without_change_permission_get_no_preview(client, seeded, make_staff):
    Project.objects.filter(slug="us-refugee-programme").update(status=Status.DRAFT)
    client.force_login(make_staff(CENTRE_MANAGER))
    assert client.get("/en/projects/us-refugee-programme/").status_code == 404


def test_admin_offers_a_preview_link_for_drafts(client, seeded, make_staff):
    project = Project.objects.get(slug="us-refugee-programme")
    Project.objects.filter(pk=project.pk).update(status=Status.DRAFT)
    client.force_login(make_staff(EDITOR))
    page = client.get(reverse("admin:programmes_project_change", args=[project.pk])).content
    assert b'href="/en/projects/us-refugee-programme/">Preview (not public)</a>' in page


def test_admin_language_tabs_use_self_hosted_jquery_ui(staff_client, seeded):
    area = ProgrammeArea.objects.first()
    page = staff_client.get(reverse("admin:programmes_programmearea_change", args=[area.pk]))
    html = page.content.decode()
    assert "/static/vendor/jquery-ui/jquery-ui.min.js" in html
    assert "tabbed_translation_fields.js" in html
    assert "googleapis" not in html and "cdn" not in html.lower()


def _form_data(response):
    """What the admin form would post back unchanged, from the rendered form."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None:
            continue
        if hasattr(field.widget, "widgets"):  # split date and time
            for index, part in enumerate(field.widget.decompress(value)):
                data[f"{name}_{index}"] = part or ""
        elif isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        else:
            data[name] = value
    return data


def test_history_records_who_changed_what_and_revert_restores_it(client, seeded, make_staff):
    publisher = make_staff(PUBLISHER)
    client.force_login(publisher)
    area = ProgrammeArea.objects.get(slug="migration-health")
    change_url = reverse("admin:programmes_programmearea_change", args=[area.pk])
    data = _form_data(client.get(change_url))
    data["title_en"] = "Health of migrants"
    response = client.post(change_url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    area.refresh_from_db()
    assert area.title_en == "Health of migrants"
    latest = area.history.first()
    assert latest.history_user == publisher

    history_url = reverse("admin:programmes_programmearea_history", args=[area.pk])
    history = client.get(history_url).content.decode()
    assert "Migration Health" in history and "Health of migrants" in history  # the diff
    assert publisher.username in history

    original = area.history.earliest()
    revert_url = reverse(
        "admin:programmes_programmearea_simple_history", args=[area.pk, original.history_id]
    )
    revert_form = client.get(revert_url)
    assert revert_form.status_code == 200
    data = _form_data(revert_form)
    data["_change_history"] = "1"
    assert client.post(revert_url, data).status_code == 302
    area.refresh_from_db()
    assert area.title_en == "Migration Health"
    # Created and given its starting translations by the seed, edited, reverted.
    assert area.history.count() == original.instance.history.count() == 4


XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    '<svg onload="alert(1)"></svg>',
    '<iframe src="https://example.org"></iframe>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    "<details open ontoggle=alert(1)>",
    '"><script>alert(1)</script>',
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_markdown_neutralises_html_and_script(payload):
    html = str(render_markdown(f"Hello\n\n{payload}\n\n**bold**")).lower()
    bad = ["<script", "onerror", "onload", "ontoggle", "javascript:", "<iframe", "style=", "data:"]
    for fragment in bad:
        assert fragment not in html, (payload, html)
    assert "<p>hello</p>" in html


def test_script_typed_in_the_admin_never_reaches_a_public_page(client, seeded):
    area = ProgrammeArea.objects.get(slug="migration-health")
    area.body_en = "\n\n".join(XSS_PAYLOADS)
    area.title_en = "<script>alert(1)</script>"
    area.save()
    page = client.get("/en/programmes/migration-health/").content.decode().lower()
    # The only script is the site's own file that registers the offline copy.
    assert re.findall(r"<script[^>]*>", page) == ['<script src="/static/js/offline.js" defer>']
    assert "javascript:" not in page
    assert "onerror=" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_last_updated_date_on_a_page_comes_from_the_history(client, seeded):
    area = ProgrammeArea.objects.get(slug="migration-health")
    area.history.update(history_date=timezone.now() - timedelta(days=400))
    area._history_user = User.objects.create_user("staff-member", is_staff=True)
    area.save()  # a new history record, now, by a member of staff (the seed's have no user)
    page = client.get("/en/programmes/migration-health/").content.decode()
    changed = timezone.localtime(area.history.first().history_date)
    assert f'<time datetime="{changed:%Y-%m-%d}' in page
    assert "Page last updated" in page


def test_preview_link_only_where_the_page_can_preview(staff_client, seeded):
    from iom_romania.admin import previews

    assert previews("/en/projects/us-refugee-programme/")
    assert not previews("/en/no/such/page/")
    assert not previews("/en/projects/")  # a list never previews


@pytest.mark.parametrize(
    ("model_path", "slug", "url"),
    [
        ("centres.models.Centre", "iasi", "/en/centres/iasi/"),
        ("alerts.models.ScamAlert", "internet-scams", "/en/alerts/internet-scams/"),
    ],
)
def test_centre_and_alert_drafts_preview_for_staff_only(
    client, seeded, make_staff, model_path, slug, url
):
    from django.utils.module_loading import import_string

    import_string(model_path).objects.filter(slug=slug).update(status=Status.DRAFT)
    assert client.get(url).status_code == 404
    client.force_login(make_staff(PUBLISHER))
    response = client.get(url)
    assert response.status_code == 200
    assert "Draft — not public" in response.content.decode()


def test_editor_text_change_to_a_published_page_waits_for_a_publisher(client, seeded, make_staff):
    """The open decision "may Editors edit the text of published items?" is decided: they
    propose, a Publisher approves (issue 12)."""
    from iom_romania.models import ProposedChange

    area = ProgrammeArea.objects.get(slug="migration-health")
    client.force_login(make_staff(EDITOR))
    change_url = reverse("admin:programmes_programmearea_change", args=[area.pk])
    data = _form_data(client.get(change_url))
    data["title_en"] = "Health of migrants"
    assert client.post(change_url, data).status_code == 302
    area.refresh_from_db()
    assert area.title_en == "Migration Health"
    assert ProposedChange.objects.filter(object_id=area.pk, state="pending").exists()
    # The change page says so, to the Editor and to anyone opening it next.
    assert "1 proposed change to this item awaits approval." in (
        client.get(change_url).content.decode()
    )
    client.logout()
    page = client.get("/en/programmes/migration-health/").content.decode()
    assert "Migration Health" in page and "Health of migrants" not in page
