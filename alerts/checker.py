"""'Check an offer': match what a person pasted against known indicators.

Nothing here stores the pasted text: it is read, normalised and dropped.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from .indicators import Indicator, IndicatorKind, extract_indicators, normalise, social_handle
from .models import AlertIndicator, ReportIndicator, ReportStatus, ScamAlert

MAX_CHECK_LENGTH = 5000
MAX_INDICATORS = 30


@dataclass
class IndicatorMatch:
    indicator: Indicator
    alerts: list[ScamAlert] = field(default_factory=list)
    confirmed_reports: int = 0

    @property
    def matched(self) -> bool:
        return bool(self.alerts or self.confirmed_reports)


@dataclass
class CheckResult:
    matches: list[IndicatorMatch]

    @property
    def any_match(self) -> bool:
        return any(match.matched for match in self.matches)


def indicators_in(text: str) -> list[Indicator]:
    """Indicators in pasted text; a lone value (a bare "@handle" or a number written
    with unusual spacing) is also tried as each kind on its own."""
    found = extract_indicators(text[:MAX_CHECK_LENGTH])
    if not found and text.strip():
        for kind in IndicatorKind:
            value = normalise(kind, text.strip())
            if value:
                found.append(Indicator(kind, value))
                break
    return found[:MAX_INDICATORS]


def _is_bare_handle(value: str) -> bool:
    return value.startswith("@")


def same_indicator(kind: str, value: str) -> Q:
    """Stored indicator rows (of an alert or a report) that are the same as kind/value, as
    "Check an offer" and the triage page's "Matches" line both see it."""
    if kind == IndicatorKind.SOCIAL:
        # A bare "@name" does not say which network: it matches that name on any of them,
        # and a profile URL matches itself or a bare "@name".
        handle = social_handle(value)
        same_name = Q(value=f"@{handle}")
        if _is_bare_handle(value):
            same_name |= Q(value__endswith=f"/{handle}")
        return Q(kind=kind) & (Q(value=value) | same_name)
    return Q(kind=kind, value=value)


def _same_indicator(pasted: Indicator, kind: str, value: str) -> bool:
    if pasted.kind != kind:
        return False
    if value == pasted.value:
        return True
    if kind != IndicatorKind.SOCIAL or social_handle(value) != social_handle(pasted.value):
        return False
    return _is_bare_handle(value) or _is_bare_handle(pasted.value)


def _matching(indicators: list[Indicator], kind: str, value: str) -> list[int]:
    return [i for i, pasted in enumerate(indicators) if _same_indicator(pasted, kind, value)]


def check_text(text: str) -> CheckResult:
    """Which indicators in `text` belong to published alerts or confirmed reports."""
    indicators = indicators_in(text)
    if not indicators:
        return CheckResult(matches=[])
    lookup = Q()
    for indicator in indicators:
        lookup |= same_indicator(indicator.kind, indicator.value)

    alerts_by_index: dict[int, dict[int, ScamAlert]] = defaultdict(dict)
    alert_rows = AlertIndicator.objects.filter(
        lookup, alert__in=ScamAlert.objects.published()
    ).select_related("alert")
    for row in alert_rows:
        for i in _matching(indicators, row.kind, row.value):
            alerts_by_index[i][row.alert_id] = row.alert

    # Confirmed reports count even before a warning is written; those linked to a
    # published warning also link to it.
    reports_by_index: dict[int, set[int]] = defaultdict(set)
    linked_alert_ids: dict[int, set[int]] = defaultdict(set)
    report_rows = ReportIndicator.objects.filter(
        lookup, report__status=ReportStatus.CONFIRMED
    ).values_list("kind", "value", "report_id", "report__alert_id")
    for kind, value, report_id, alert_id in report_rows:
        for i in _matching(indicators, kind, value):
            reports_by_index[i].add(report_id)
            if alert_id:
                linked_alert_ids[i].add(alert_id)
    if linked_alert_ids:
        wanted = set().union(*linked_alert_ids.values())
        linked = ScamAlert.objects.published().in_bulk(wanted)
        for i, alert_ids in linked_alert_ids.items():
            for alert_id in alert_ids & linked.keys():
                alerts_by_index[i].setdefault(alert_id, linked[alert_id])

    return CheckResult(
        matches=[
            IndicatorMatch(
                indicator=indicator,
                alerts=list(alerts_by_index[i].values()),
                confirmed_reports=len(reports_by_index[i]),
            )
            for i, indicator in enumerate(indicators)
        ]
    )
