"""Staff triage: only the Report triage group and superusers see reports; an admin
action makes a draft alert; a script in every field is stored as typed and shown
escaped."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from alerts.models import REPORT_TRIAGE_GROUP, ReportStatus, ScamAlert, ScamReport
from iom_romania.publishing import Status

SCRIPT = "<script>alert('x')</script>"
# Free text is stored as typed. The fields read as a web address, an e-mail address or a
# phone number refuse what is not one (tests/alerts/test_report_form.py).
TEXT_FIELDS = ["what_happened", "scammer_profile", "money_amount", "reporter_name"]
CHECKED_FIELDS = ["scammer_website", "scammer_email", "scammer_phone", "reporter_contact"]
CHANGELIST = "/admin/alerts/scamreport/"


@pytest.fixture
def plain_staff(django_user_model):
    """Staff with every model permission on reports, but not in the triage group."""
    user = django_user_model.objects.create_user("plain", "plain@example.org", "pw")
    user.is_staff = True
    user.save()
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="alerts"))
    return user


@pytest.fixture
def triager(django_user_model):
    user = django_user_model.objects.create_user("triager", "triager@example.org", "pw")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=REPORT_TRIAGE_GROUP))
    return user


@pytest.fixture
def report(report_data, client):
    report_data["scam_type"] = "visa"
    assert client.post("/en/alerts/report/", report_data).status_code == 302
    return ScamReport.objects.get()


def test_triage_group_exists_with_report_permissions(db):
    codenames = set(
        Group.objects.get(name=REPORT_TRIAGE_GROUP).permissions.values_list("codename", flat=True)
    )
    assert {"view_scamreport", "change_scamreport", "delete_scamreport"} <= codenames


def test_plain_staff_cannot_see_reports(client, plain_staff, report):
    client.force_login(plain_staff)
    assert client.get(CHANGELIST).status_code == 403
    assert client.get(f"{CHANGELIST}{report.pk}/change/").status_code in (302, 403)
    assert "Scam reports" not in client.get("/admin/").content.decode()


def test_triage_group_and_superusers_see_reports(client, triager, staff_client, report):
    client.force_login(triager)
    assert report.reference in client.get(CHANGELIST).content.decode()
    assert client.get(f"{CHANGELIST}{report.pk}/change/").status_code == 200
    assert report.reference in staff_client.get(CHANGELIST).content.decode()


def test_nobody_adds_reports_in_the_admin(client, triager):
    client.force_login(triager)
    assert client.get(f"{CHANGELIST}add/").status_code == 403


def test_changing_status_records_who_handled_it(client, triager, report):
    client.force_login(triager)
    response = client.post(
        f"{CHANGELIST}{report.pk}/change/",
        {
            "status": ReportStatus.CONFIRMED,
            "triage_notes": "Same number as last week.",
            "alert": "",
            "indicators-TOTAL_FORMS": "0",
            "indicators-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    report.refresh_from_db()
    assert report.status == ReportStatus.CONFIRMED
    assert report.handled_by == triager


def test_action_creates_a_draft_alert_from_a_report(client, triager, report):
    client.force_login(triager)
    response = client.post(
        CHANGELIST, {"action": "create_draft_alert", "_selected_action": [report.pk]}
    )
    alert = ScamAlert.objects.get(status=Status.DRAFT)  # the seed's alert is published
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:alerts_scamalert_change", args=[alert.pk])
    assert alert.status == Status.DRAFT
    assert alert.scam_type == "visa"
    assert list(alert.channels.values_list("code", flat=True)) == ["messaging-app"]
    assert set(alert.indicators.values_list("value", flat=True)) == {
        "canada-jobs-fast.com",
        "hr@canada-jobs-fast.com",
        "+40721234567",
        "t.me/canada_jobs_fast",
    }
    assert "They offered a job" not in alert.summary  # the reporter's words are not copied
    report.refresh_from_db()
    assert report.alert == alert
    assert report.status == ReportStatus.UNDER_REVIEW
    # A draft is not public: staff who may change alerts see it as a preview, visitors get 404.
    preview = client.get(alert.get_absolute_url())
    assert preview.status_code == 200
    assert "Draft — not public" in preview.content.decode()
    client.logout()
    assert client.get(alert.get_absolute_url()).status_code == 404
    client.force_login(triager)
    # Running it again goes to the same alert instead of making a second one.
    again = client.post(
        CHANGELIST, {"action": "create_draft_alert", "_selected_action": [report.pk]}
    )
    assert again["Location"] == response["Location"]
    assert ScamAlert.objects.filter(status=Status.DRAFT).count() == 1


def test_script_in_every_field_is_stored_as_typed_and_shown_escaped(
    client, report_data, staff_client
):
    for field in TEXT_FIELDS:
        report_data[field] = SCRIPT
    report_data["contact_consent"] = "on"
    assert client.post("/en/alerts/report/", report_data).status_code == 302
    report = ScamReport.objects.get()
    for field in TEXT_FIELDS:
        assert getattr(report, field) == SCRIPT

    page = staff_client.get(f"{CHANGELIST}{report.pk}/change/").content.decode()
    assert SCRIPT not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page

    # The form shown again after an error escapes it too.
    for field in CHECKED_FIELDS:
        report_data[field] = SCRIPT
    report_data["started"] = "forged"
    refused = client.post("/en/alerts/report/", report_data).content.decode()
    assert SCRIPT not in refused
    assert "&lt;script&gt;" in refused


def test_report_changelist_query_count(staff_client, report_data, django_assert_max_num_queries):
    for number in range(15):
        ScamReport.objects.create(what_happened=f"Report {number}")
    with django_assert_max_num_queries(15):
        assert staff_client.get(CHANGELIST).status_code == 200
