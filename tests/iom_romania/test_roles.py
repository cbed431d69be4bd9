"""Each role's permissions, enforced in the admin."""

from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import reverse

from centres.models import Centre
from iom_romania.attention import attention_panels
from iom_romania.publishing import Status
from iom_romania.roles import CENTRE_MANAGER, EDITOR, PUBLISHER, REPORT_TRIAGE, ROLES, sync_roles
from programmes.models import ProgrammeArea, Project


def _area_post(**overrides):
    data = {
        "title_en": "Labour migration",
        "slug": "labour-migration",
        "summary_en": "",
        "body_en": "",
        "order": "5",
        "status": Status.PUBLISHED,
        "publish_at_0": "",
        "publish_at_1": "",
        "unpublish_at_0": "",
        "unpublish_at_1": "",
    }
    return {**data, **overrides}


def test_the_four_roles_exist_after_migrate(db):
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLES)


def test_syncing_twice_adds_nothing(db):
    editor = Group.objects.get(name=EDITOR)
    before = editor.permissions.count()
    sync_roles()
    assert editor.permissions.count() == before


def test_roles_py_is_the_only_source_of_a_groups_rights(db):
    """A right given to a group elsewhere (by hand, or by an app's migration as alerts/0003
    once did) is taken away at the next sync: grant extra rights to a user instead."""
    from django.contrib.auth.models import Permission

    triage = Group.objects.get(name=REPORT_TRIAGE)
    assert not triage.permissions.filter(codename__in=["add_scamalert", "change_scamalert"])
    triage.permissions.add(Permission.objects.get(codename="change_scamalert"))
    sync_roles()
    assert not triage.permissions.filter(codename="change_scamalert").exists()
    assert triage.permissions.filter(codename="view_scamalert").exists()


def test_editor_creates_drafts_only(client, seeded, make_staff):
    user = make_staff(EDITOR)
    client.force_login(user)
    response = client.post(reverse("admin:programmes_programmearea_add"), _area_post())
    assert response.status_code == 302
    area = ProgrammeArea.objects.get(slug="labour-migration")
    assert area.status == Status.DRAFT  # the posted "published" was ignored
    assert area.history.first().history_user == user


def test_editor_cannot_publish_an_existing_draft(client, seeded, make_staff):
    area = ProgrammeArea.objects.create(title="Labour migration", slug="labour-migration")
    client.force_login(make_staff(EDITOR))
    url = reverse("admin:programmes_programmearea_change", args=[area.pk])
    page = client.get(url).content.decode()
    assert 'name="status"' not in page  # shown read-only
    client.post(url, _area_post(title_en="Labour migration (edited)"))
    area.refresh_from_db()
    assert area.title_en == "Labour migration (edited)"
    assert area.status == Status.DRAFT


def test_editor_may_not_delete(client, seeded, make_staff):
    client.force_login(make_staff(EDITOR))
    project = Project.objects.first()
    url = reverse("admin:programmes_project_delete", args=[project.pk])
    assert client.get(url).status_code == 403


def test_publisher_publishes_and_archives(client, seeded, make_staff):
    client.force_login(make_staff(PUBLISHER))
    client.post(reverse("admin:programmes_programmearea_add"), _area_post())
    area = ProgrammeArea.objects.get(slug="labour-migration")
    assert area.status == Status.PUBLISHED
    url = reverse("admin:programmes_programmearea_change", args=[area.pk])
    client.post(url, _area_post(status=Status.ARCHIVED))
    area.refresh_from_db()
    assert area.status == Status.ARCHIVED


def test_centre_manager_edits_centres_only(client, seeded, make_staff):
    client.force_login(make_staff(CENTRE_MANAGER))
    assert client.get(reverse("admin:centres_centre_changelist")).status_code == 200
    assert client.get(reverse("admin:programmes_project_changelist")).status_code == 403
    assert client.get(reverse("admin:alerts_scamalert_changelist")).status_code == 403


def test_report_triage_sees_no_content_and_handles_reports(client, seeded, make_staff):
    user = make_staff(REPORT_TRIAGE)
    client.force_login(user)
    assert client.get(reverse("admin:programmes_project_changelist")).status_code == 403
    assert client.get(reverse("admin:centres_centre_changelist")).status_code == 403
    try:
        report = apps.get_model("alerts", "ScamReport")
    except LookupError:
        return  # the alerts app has not added scam reports yet
    assert user.has_perm(f"alerts.view_{report._meta.model_name}")
    changelist = reverse(f"admin:alerts_{report._meta.model_name}_changelist")
    assert client.get(changelist).status_code == 200
    page = client.get(reverse("admin:index")).content.decode()
    assert "New scam reports" in page and "status__exact=new" in page


def test_admin_front_page_lists_what_needs_attention(client, seeded, make_staff):
    Project.objects.filter(slug="us-refugee-programme").update(status=Status.DRAFT)
    client.force_login(make_staff(PUBLISHER))
    page = client.get(reverse("admin:index")).content.decode()
    assert "Your tasks" in page and "Also needs attention" in page
    assert "Drafts waiting to be published" in page
    assert "?status__exact=draft" in page
    assert "Content missing a translation" in page
    assert "?missing_translation=fa" in page
    # The filtered list the link opens shows the draft.
    drafts = client.get(reverse("admin:programmes_project_changelist") + "?status__exact=draft")
    assert "US Refugee Programme" in drafts.content.decode()
    missing = client.get(
        reverse("admin:programmes_programmearea_changelist") + "?missing_translation=fa"
    )
    assert missing.status_code == 200
    assert "Migration Health" in missing.content.decode()


def test_attention_panels_show_only_what_the_role_may_act_on(seeded, make_staff):
    Project.objects.filter(slug="us-refugee-programme").update(status=Status.DRAFT)
    Centre.objects.filter(slug="brasov").update(name_fa="")
    manager_panels = attention_panels(make_staff(CENTRE_MANAGER))
    lines = [line.label for panel in manager_panels for line in panel.lines]
    rows = [name for panel in manager_panels for name, _cells in panel.rows]
    assert "projects" not in lines and "projects" not in rows
    assert "information centres" in rows  # centres lack Persian, etc.
    triage_panels = attention_panels(make_staff(REPORT_TRIAGE))
    triage_lines = [line.label for panel in triage_panels for line in panel.lines]
    triage_rows = [name for panel in triage_panels for name, _cells in panel.rows]
    assert not {"projects", "programme areas", "information centres"} & {
        *triage_lines,
        *triage_rows,
    }


def test_scheduled_panel_and_filter(client, seeded, make_staff):
    from datetime import timedelta

    from django.utils import timezone

    Project.objects.filter(slug="us-refugee-programme").update(
        publish_at=timezone.now() + timedelta(days=2)
    )
    client.force_login(make_staff(PUBLISHER))
    page = client.get(reverse("admin:index")).content.decode()
    assert "?schedule=publishes-soon" in page
    soon = client.get(reverse("admin:programmes_project_changelist") + "?schedule=publishes-soon")
    assert "US Refugee Programme" in soon.content.decode()
    assert "Refugee Resettlement to Canada" not in soon.content.decode()


def test_publisher_publishes_drafts_from_the_list_with_history(client, seeded, make_staff):
    Project.objects.filter(
        slug__in=["us-refugee-programme", "refugee-resettlement-to-canada"]
    ).update(status=Status.DRAFT)
    publisher = make_staff(PUBLISHER)
    client.force_login(publisher)
    url = reverse("admin:programmes_project_changelist")
    drafts = Project.objects.filter(status=Status.DRAFT)
    response = client.post(
        url,
        {
            "action": "publish_selected",
            "_selected_action": [str(pk) for pk in drafts.values_list("pk", flat=True)],
        },
    )
    assert response.status_code == 302
    assert not Project.objects.filter(status=Status.DRAFT).exists()
    canada = Project.objects.get(slug="refugee-resettlement-to-canada")
    assert canada.history.first().status == Status.PUBLISHED
    assert canada.history.first().history_user == publisher


def test_editor_has_no_publish_action(client, seeded, make_staff):
    client.force_login(make_staff(EDITOR))
    page = client.get(reverse("admin:programmes_project_changelist")).content.decode()
    assert "publish_selected" not in page
    project = Project.objects.first()
    client.post(
        reverse("admin:programmes_project_changelist"),
        {"action": "archive_selected", "_selected_action": [str(project.pk)]},
    )
    project.refresh_from_db()
    assert project.status == Status.PUBLISHED


def test_editor_cannot_republish_by_reverting(client, seeded, make_staff):
    area = ProgrammeArea.objects.get(slug="migration-health")
    area.status = Status.DRAFT
    area.save()
    published_version = area.history.earliest()
    client.force_login(make_staff(EDITOR))
    url = reverse(
        "admin:programmes_programmearea_simple_history", args=[area.pk, published_version.pk]
    )
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data["_change_history"] = "1"
    response = client.post(url, data)
    assert response.status_code == 403
    area.refresh_from_db()
    assert area.status == Status.DRAFT


def test_centre_manager_sees_centres_not_checked_for_six_months(client, seeded, make_staff):
    from datetime import timedelta

    from django.utils import timezone

    from centres.models import Centre

    Centre.objects.update(information_checked_on=timezone.localdate())
    Centre.objects.filter(slug="brasov").update(
        information_checked_on=timezone.localdate() - timedelta(days=200)
    )
    client.force_login(make_staff(CENTRE_MANAGER))
    page = client.get(reverse("admin:index")).content.decode()
    assert "Centres not checked in the last 6 months" in page
    assert "information centres: last checked more than 6 months ago" in page
    start = page.index("information_checked_on__lt=")
    url = reverse("admin:centres_centre_changelist") + "?" + page[start:].split('"')[0]
    stale = client.get(url.replace("&amp;", "&"))
    assert [centre.slug for centre in stale.context["cl"].result_list] == ["brasov"]


def test_never_checked_centres_count_as_unchecked(client, seeded, make_staff):
    """The seed's centres have never been checked: all of them need it, not "0"."""
    from centres.models import Centre

    client.force_login(make_staff(CENTRE_MANAGER))
    page = client.get(reverse("admin:index")).content.decode()
    never = page.split("information centres: never checked</a>: <strong>")[1]
    assert never.startswith(f"{Centre.objects.count()}</strong>")
    start = page.index("information_checked_on__isnull=True")
    url = reverse("admin:centres_centre_changelist") + "?" + page[start:].split('"')[0]
    unchecked = client.get(url)
    assert unchecked.context["cl"].result_count == Centre.objects.count()


def test_centre_managers_see_and_close_reports_of_wrong_information(client, seeded, make_staff):
    """A visitor reports wrong information on a centre's page; the Centre manager finds it
    under "Needs attention", opens it and marks it handled."""
    from centres.models import InformationReport

    client.post(
        reverse("centres:centre_report", kwargs={"slug": "brasov"}),
        {"message": "The centre has moved to another street."},
    )
    report = InformationReport.objects.get()
    client.force_login(make_staff(CENTRE_MANAGER))
    page = client.get(reverse("admin:index")).content.decode()
    assert "Open reports of wrong information about centres" in page
    assert "reports of wrong information</a>: <strong>1</strong>" in page
    changelist = reverse("admin:centres_informationreport_changelist")
    assert f"{changelist}?handled__exact=0" in page
    opened = client.get(f"{changelist}?handled__exact=0")
    assert opened.status_code == 200
    assert list(opened.context["cl"].result_list) == [report]
    client.post(changelist, {"action": "mark_handled", "_selected_action": [report.pk]})
    report.refresh_from_db()
    assert report.handled
    page = client.get(reverse("admin:index")).content.decode()
    assert "reports of wrong information</a>: <strong>0</strong>" in page
