"""Staff triage of scam reports: what a report matches, and turning reports into a draft
alert."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _

from iom_romania.publishing import Status

from .checker import same_indicator
from .models import AlertIndicator, ReportIndicator, ScamAlert, ScamReport, ScamType


def draft_alert_from_reports(reports: list[ScamReport]) -> ScamAlert:
    """A draft alert carrying the reports' most common type, their channels and all their
    indicators. Its text is a placeholder for staff to write: the reporters' own words may
    hold personal data."""
    references = ", ".join(report.reference for report in reports)
    types = Counter(report.scam_type for report in reports if report.scam_type)
    scam_type = types.most_common(1)[0][0] if types else ""
    label = ScamType(scam_type).label if scam_type else _("Suspected scam")
    if len(reports) == 1:
        summary = _("Draft from scam report %(reference)s: write the summary.") % {
            "reference": references
        }
    else:
        summary = _("Draft from scam reports %(references)s: write the summary.") % {
            "references": references
        }
    alert = ScamAlert.objects.create(
        title=f"{label} ({references})"[:160],
        slug=slugify(f"draft-{reports[0].reference}"),
        summary=summary,
        scam_type=scam_type or ScamType.OTHER,
        status=Status.DRAFT,
    )
    alert.channels.add(*{report.channel_id for report in reports if report.channel_id})
    AlertIndicator.objects.bulk_create(
        [
            AlertIndicator(alert=alert, kind=row.kind, value=row.value)
            for row in ReportIndicator.objects.filter(report__in=reports)
        ],
        ignore_conflicts=True,
    )
    return alert


@dataclass
class Match:
    kind: str  # the indicator's kind, as staff read it ("Phone number")
    value: str
    item: ScamAlert | ScamReport


def report_matches(report: ScamReport) -> dict[str, list[Match]]:
    """Published warnings and earlier reports sharing a phone, e-mail, site or profile with
    `report`: two queries besides the report's own indicators."""
    pairs = [(row.kind, row.value) for row in report.indicators.all()]
    if not pairs:
        return {"warnings": [], "reports": []}
    same = Q()
    for kind, value in pairs:
        same |= same_indicator(kind, value)
    warnings = AlertIndicator.objects.filter(same, alert__in=ScamAlert.objects.published())
    earlier = ReportIndicator.objects.filter(same, report__created_at__lt=report.created_at)
    return {
        "warnings": [
            Match(row.get_kind_display(), row.value, row.alert)
            for row in warnings.select_related("alert").order_by("alert_id", "kind")
        ],
        "reports": [
            Match(row.get_kind_display(), row.value, row.report)
            for row in earlier.exclude(report=report)
            .select_related("report")
            .order_by("-report__created_at")[:20]
        ],
    }
