"""Each group's admin home starts with its own tasks."""

import pytest
from django.urls import reverse

from alerts.models import ScamReport
from iom_romania.roles import CENTRE_MANAGER, EDITOR, PUBLISHER, REPORT_TRIAGE

TASKS = {
    EDITOR: ["Drafts waiting to be published", "Your changes waiting for a Publisher"],
    PUBLISHER: ["Changes awaiting approval", "Drafts waiting to be published"],
    CENTRE_MANAGER: [
        "Open reports of wrong information about centres",
        "Centres not checked in the last 6 months",
        "Your changes waiting for a Publisher",
    ],
    REPORT_TRIAGE: ["New scam reports"],
}


@pytest.mark.parametrize("role", TASKS)
def test_each_group_sees_its_own_tasks_first(client, seeded, make_staff, role):
    ScamReport.objects.create(what_happened="A job offer asking for a visa fee.")
    client.force_login(make_staff(role))
    page = client.get(reverse("admin:index")).content.decode()
    tasks = page[page.index('id="tasks-title"') : page.index('id="attention-title"')]
    positions = [tasks.index(title) for title in TASKS[role]]
    assert positions == sorted(positions)
    others = [title for other in TASKS.values() for title in other if title not in TASKS[role]]
    for title in others:
        assert title not in tasks, (role, title)
    if role == REPORT_TRIAGE:
        assert "scam reports</a>: <strong>1</strong>" in tasks


def test_administrators_keep_the_plain_attention_page(admin_client, seeded):
    page = admin_client.get(reverse("admin:index")).content.decode()
    assert 'id="tasks-title"' not in page and "Needs attention" in page
