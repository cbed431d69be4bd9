"""Staff triage of scam reports: turning a report into a draft alert."""

from __future__ import annotations

from django.utils.text import slugify
from django.utils.translation import gettext as _

from iom_romania.publishing import Status

from .models import AlertIndicator, ScamAlert, ScamReport, ScamType


def draft_alert_from_report(report: ScamReport) -> ScamAlert:
    """A draft alert carrying the report's type, channel and indicators. Its text is a
    placeholder for staff to write: the reporter's own words may hold personal data."""
    label = report.get_scam_type_display() or _("Suspected scam")
    alert = ScamAlert.objects.create(
        title=f"{label} ({report.reference})"[:160],
        slug=slugify(f"draft-{report.reference}"),
        summary=_("Draft from scam report %(reference)s: write the summary.")
        % {"reference": report.reference},
        scam_type=report.scam_type or ScamType.OTHER,
        status=Status.DRAFT,
    )
    if report.channel_id:
        alert.channels.add(report.channel_id)
    AlertIndicator.objects.bulk_create(
        [
            AlertIndicator(alert=alert, kind=row.kind, value=row.value)
            for row in report.indicators.all()
        ],
        ignore_conflicts=True,
    )
    return alert
