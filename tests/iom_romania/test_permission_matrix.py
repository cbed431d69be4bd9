"""The rights table in docs/languages-and-publishing.md is what the admin really allows.

For every row of the table and every role, the test signs in as that role and tries it
through the admin's own pages and forms (with the form the admin renders, one field
changed), and checks the group's permissions agree.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import transaction
from django.test import Client
from django.urls import reverse

from alerts.models import Mailing, ScamAlert, ScamReport, Subscriber
from centres.models import Centre, InformationReport, PlaceName
from iom_romania.models import OfficeContact, ProposedChange, UsageCount
from iom_romania.publishing import Status
from iom_romania.roles import PUBLISH_PERMISSION, ROLES, public_models
from programmes.models import Project

from .admin_forms import change_form_data

DOC = Path(settings.BASE_DIR) / "docs" / "languages-and-publishing.md"
ADMINISTRATOR = "Administrator"
HEADER = "| content | right |"

# What each kind of content in the table is tried on: a model, one item, one text field.
CONTENT = {
    "programme pages": (Project, {"slug": "us-refugee-programme"}, "title_en"),
    "information centres": (Centre, {"slug": "brasov"}, "name_en"),
    "scam warnings": (ScamAlert, {}, "title_en"),
    "scam reports": (ScamReport, {}, "triage_notes"),
    "office contact page": (OfficeContact, {}, "address_en"),
    "reports of wrong information": (InformationReport, {}, "handled"),
    "demand figures": (UsageCount, {}, None),
    "other names for places": (PlaceName, {}, "name"),
    "warning e-mails": (Mailing, {}, "recipients"),
    "subscriber addresses": (Subscriber, {}, "email"),
}
# The table's "programme pages" are every public model of the programmes app.
APPS = {"programme pages": "programmes", "information centres": "centres"}


def rights_table() -> list[dict[str, str]]:
    lines = DOC.read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(HEADER))
    names = [cell.strip() for cell in lines[start].strip("|").split("|")]
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        rows.append(dict(zip(names, cells, strict=True)))
    return rows


def test_the_table_names_every_role_and_every_content():
    rows = rights_table()
    assert set(rows[0]) == {"content", "right", ADMINISTRATOR, *ROLES}
    assert {row["content"] for row in rows} == set(CONTENT)
    for row in rows:
        for role in (ADMINISTRATOR, *ROLES):
            assert row[role] in ("yes", "no", "at once", "proposes"), (row, role)


@pytest.fixture
def users(django_user_model, seeded):
    made = {ADMINISTRATOR: django_user_model.objects.create_superuser("admin", "a@b.c", "pw")}
    for role in ROLES:
        user = django_user_model.objects.create_user(
            role.lower().replace(" ", "-"), password="pw", is_staff=True
        )
        user.groups.add(Group.objects.get(name=role))
        made[role] = user
    ScamReport.objects.create(what_happened="A job offer asking for a visa fee.")
    InformationReport.objects.create(
        centre=Centre.objects.get(slug="brasov"), message="The centre has moved."
    )
    OfficeContact.get_solo()
    PlaceName.objects.create(name="Brashov", geonameid=683844, place_label="Brașov")
    return made


def _urls(model, obj=None) -> dict[str, str]:
    base = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    urls = {"changelist": reverse(f"{base}_changelist"), "add": reverse(f"{base}_add")}
    if obj is not None:
        urls["change"] = reverse(f"{base}_change", args=[obj.pk])
        urls["delete"] = reverse(f"{base}_delete", args=[obj.pk])
    return urls


def _edited_form(admin_client, model, obj, field) -> dict:
    """The item's change form as the admin renders it, with one field changed."""
    data = change_form_data(admin_client.get(_urls(model, obj)["change"]))
    data[field] = "Changed in the permission test"
    return data


def _value(model, obj, field):
    return model._default_manager.values_list(field, flat=True).get(pk=obj.pk)


def try_right(client, admin_client, user, right, content) -> str:
    """What the admin let `user` do, in the table's words."""
    model, lookup, field = CONTENT[content]
    obj = model._default_manager.filter(**lookup).order_by("pk").first()
    urls = _urls(model, obj)
    if right == "view in the admin":
        return "yes" if client.get(urls["changelist"]).status_code == 200 else "no"
    if right in ("add (as a draft)", "add"):
        return "yes" if client.get(urls["add"]).status_code == 200 else "no"
    if right == "delete":
        return "yes" if client.get(urls["delete"]).status_code == 200 else "no"
    if right == "change" and model is OfficeContact:  # a settings object: no draft, no approval
        data = _edited_form(admin_client, model, obj, field)
        client.post(urls["change"], data)
        return "at once" if _value(model, obj, field) == data[field] else "no"
    if right == "close (mark handled)":
        data = change_form_data(admin_client.get(urls["change"]))
        data[field] = "on"
        client.post(urls["change"], data)
        return "yes" if _value(model, obj, field) else "no"
    if right in ("change (triage)", "change"):
        data = _edited_form(admin_client, model, obj, field)
        client.post(urls["change"], data)
        return "yes" if _value(model, obj, field) == data[field] else "no"
    if right in ("change a draft", "change a published item"):
        status = Status.DRAFT if right == "change a draft" else Status.PUBLISHED
        model._default_manager.filter(pk=obj.pk).update(status=status)
        data = _edited_form(admin_client, model, obj, field)
        response = client.post(urls["change"], data)
        if _value(model, obj, field) == data[field]:
            return "yes" if status == Status.DRAFT else "at once"
        if ProposedChange.objects.filter(object_id=obj.pk, author=user).exists():
            return "proposes"
        assert response.status_code == 403, response.status_code
        return "no"
    if right == "publish":
        model._default_manager.filter(pk=obj.pk).update(status=Status.DRAFT)
        client.post(
            urls["changelist"], {"action": "publish_selected", "_selected_action": [obj.pk]}
        )
        return "yes" if _value(model, obj, "status") == Status.PUBLISHED else "no"
    if right == "approve a proposed change":
        model._default_manager.filter(pk=obj.pk).update(status=Status.PUBLISHED)
        data = _edited_form(admin_client, model, obj, field)
        editor = Client()
        editor.force_login(User.objects.get(username="editor"))
        editor.post(urls["change"], data)
        proposal = ProposedChange.objects.get(object_id=obj.pk, state="pending")
        url = reverse("admin:iom_romania_proposedchange_change", args=[proposal.pk])
        client.post(url, {"_approve": "1"})
        return "yes" if _value(model, obj, field) == data[field] else "no"
    raise AssertionError(f"a right the test does not know: {right}")


def has_right(user, right, content) -> bool:
    """Whether the user's permissions (groups included) grant it."""
    model = CONTENT[content][0]
    if right == "publish":
        return user.has_perm(PUBLISH_PERMISSION)
    if right == "approve a proposed change":
        return user.has_perm(PUBLISH_PERMISSION) and user.has_perm(
            "iom_romania.change_proposedchange"
        )
    action = {
        "view in the admin": "view",
        "add (as a draft)": "add",
        "add": "add",
        "delete": "delete",
    }.get(right, "change")
    models = [model]
    if content in APPS:
        models = [m for m in public_models() if m._meta.app_label == APPS[content]]
    found = {user.has_perm(f"{m._meta.app_label}.{action}_{m._meta.model_name}") for m in models}
    assert len(found) == 1, f"{content}: not the same right on all its models"
    return found.pop()


@pytest.mark.slow
@pytest.mark.parametrize("role", [ADMINISTRATOR, *ROLES])
def test_each_role_may_do_what_the_table_says(users, role):
    user = users[role]
    client, admin_client = Client(), Client()
    client.force_login(user)
    admin_client.force_login(users[ADMINISTRATOR])
    mismatches = []
    for row in rights_table():
        expected = row[role]
        with transaction.atomic():  # each try starts from the same content
            found = try_right(client, admin_client, user, row["right"], row["content"])
            transaction.set_rollback(True)
        if found != expected:
            mismatches.append(f"{row['content']} / {row['right']}: {found}, table says {expected}")
        if has_right(user, row["right"], row["content"]) != (expected != "no"):
            mismatches.append(f"{row['content']} / {row['right']}: permissions disagree")
    assert not mismatches, "\n".join(mismatches)
