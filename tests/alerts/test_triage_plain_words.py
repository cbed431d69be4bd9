"""Triage in plain words: language names, labels for staff, a line when a report matches a
published warning or an earlier report, and one draft warning from several reports."""

import pytest
from django.contrib.auth.models import Group

from alerts.models import REPORT_TRIAGE_GROUP, AlertIndicator, ReportStatus, ScamAlert, ScamReport
from iom_romania.publishing import Status

from .test_checker import SOCIAL_PROFILE_MATCHES

CHANGELIST = "/admin/alerts/scamreport/"


@pytest.fixture
def triager(django_user_model):
    user = django_user_model.objects.create_user("triager", "t@example.org", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name=REPORT_TRIAGE_GROUP))
    return user


def _send(client, report_data, language="ar", **changes):
    data = {**report_data, **changes}
    assert client.post(f"/{language}/alerts/report/", data).status_code == 302
    return ScamReport.objects.order_by("-created_at", "-pk").first()


def test_a_report_reads_in_staff_words_with_its_matches(client, report_data, triager, seeded):
    published = ScamAlert.objects.published().first()
    AlertIndicator.objects.create(alert=published, kind="phone", value="+40721234567")
    first = _send(client, report_data, scammer_email="", scammer_website="", scammer_profile="")
    second = _send(client, report_data, scammer_website="", scammer_profile="")
    client.force_login(triager)
    page = client.get(f"{CHANGELIST}{second.pk}/change/").content.decode()
    assert "Arabic" in page and "Language:" not in page
    assert "Reporter&#x27;s name" in page and "Your name" not in page and "your name" not in page
    assert "Matches a published warning:" in page and published.title in page
    assert "+40721234567" in page
    assert "Matches an earlier report:" in page and first.reference in page
    # The first report came before the second: it matches only the warning.
    page = client.get(f"{CHANGELIST}{first.pk}/change/").content.decode()
    assert "Matches a published warning:" in page
    assert second.reference not in page.split("Matches")[-1]


def test_one_draft_warning_from_several_reports(client, report_data, triager, seeded):
    first = _send(client, report_data, scammer_website="")
    second = _send(client, report_data, scammer_email="", scam_type="visa")
    client.force_login(triager)
    response = client.post(
        CHANGELIST,
        {"action": "create_draft_alert", "_selected_action": [first.pk, second.pk]},
    )
    assert response.status_code == 302
    alert = ScamAlert.objects.get(status=Status.DRAFT)
    assert first.reference in alert.title and second.reference in alert.title
    values = set(alert.indicators.values_list("value", flat=True))
    assert {"canada-jobs-fast.com", "hr@canada-jobs-fast.com", "+40721234567"} <= values
    for report in (first, second):
        report.refresh_from_db()
        assert report.alert == alert and report.status == ReportStatus.UNDER_REVIEW
    assert client.get(alert.get_absolute_url()).status_code == 200  # a preview for staff
    client.logout()
    assert client.get(alert.get_absolute_url()).status_code == 404  # not public


@pytest.mark.parametrize(("published_value", "reported", "matches"), SOCIAL_PROFILE_MATCHES)
def test_a_profile_matches_as_check_an_offer_would_match_it(
    client, report_data, triager, seeded, published_value, reported, matches
):
    """The "Matches" line and the public checker agree: a bare "@name" is that name on any
    network (tests/alerts/test_checker.py has the same table)."""
    published = ScamAlert.objects.published().first()
    AlertIndicator.objects.create(alert=published, kind="social", value=published_value)
    report = _send(
        client,
        report_data,
        scammer_phone="",
        scammer_email="",
        scammer_website="",
        scammer_profile=reported,
    )
    client.force_login(triager)
    page = client.get(f"{CHANGELIST}{report.pk}/change/").content.decode()
    assert ("Matches a published warning:" in page) is matches
