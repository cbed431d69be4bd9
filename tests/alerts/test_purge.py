"""purge_scam_reports blanks old reporters' contact details and deletes spam."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from alerts.models import ReportStatus, ScamReport


def make_report(days_old, status=ReportStatus.NEW, **fields):
    return ScamReport.objects.create(
        what_happened="They asked for a fee.",
        scammer_phone="0721234567",
        reporter_name="Ana",
        reporter_contact="ana@example.org",
        contact_consent=True,
        status=status,
        created_at=timezone.now() - dt.timedelta(days=days_old),
        **fields,
    )


@pytest.fixture
def reports(db):
    return {
        "old": make_report(200, ReportStatus.CONFIRMED),
        "recent": make_report(10),
        "edge": make_report(179),
        "spam_recent": make_report(1, ReportStatus.SPAM),
        "spam_old": make_report(300, ReportStatus.SPAM),
    }


def run(*args):
    out = StringIO()
    call_command("purge_scam_reports", *args, stdout=out)
    return out.getvalue()


def test_blanks_contact_details_after_retention_and_deletes_spam(reports):
    output = run()
    assert "Blanked contact details of 1 reports older than 180 days" in output
    assert "deleted 2 spam reports" in output
    old = ScamReport.objects.get(pk=reports["old"].pk)
    assert (old.reporter_name, old.reporter_contact, old.contact_consent) == ("", "", False)
    assert old.contact_purged_at is not None
    # What warns others stays.
    assert old.what_happened == "They asked for a fee." and old.scammer_phone == "0721234567"
    for key in ("recent", "edge"):
        kept = ScamReport.objects.get(pk=reports[key].pk)
        assert kept.reporter_contact == "ana@example.org"
    assert not ScamReport.objects.filter(status=ReportStatus.SPAM).exists()


def test_retention_comes_from_settings(reports, settings):
    settings.SCAM_REPORT_RETENTION_DAYS = 5
    run()
    assert ScamReport.objects.filter(reporter_contact="").count() == 3


def test_dry_run_changes_nothing(reports):
    output = run("--dry-run")
    assert "Would blank contact details of 1 reports" in output
    assert ScamReport.objects.count() == 5
    assert ScamReport.objects.filter(reporter_contact="").count() == 0


def test_running_twice_is_harmless(reports):
    run()
    assert "of 0 reports" in run()
