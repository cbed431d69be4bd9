"""How long reporters' personal data is kept (documented in docs/scam-reports.md)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import ReportStatus, ScamReport

DEFAULT_RETENTION_DAYS = 180


@dataclass(frozen=True)
class PurgeResult:
    blanked: int
    deleted_spam: int


def retention_days() -> int:
    return int(getattr(settings, "SCAM_REPORT_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))


def purge_scam_reports(
    days: int, dry_run: bool = False, now: dt.datetime | None = None
) -> PurgeResult:
    """Blank the reporter's name and contact on reports older than `days`, and delete
    every report marked as spam (spam is never worth keeping)."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    to_blank = ScamReport.objects.filter(created_at__lt=cutoff, contact_purged_at__isnull=True)
    spam = ScamReport.objects.filter(status=ReportStatus.SPAM)
    if dry_run:
        return PurgeResult(
            blanked=to_blank.exclude(status=ReportStatus.SPAM).count(), deleted_spam=spam.count()
        )
    with transaction.atomic():
        deleted_spam = spam.count()
        spam.delete()
        blanked = to_blank.update(
            reporter_name="",
            reporter_contact="",
            contact_consent=False,
            contact_purged_at=now or timezone.now(),
        )
    return PurgeResult(blanked=blanked, deleted_spam=deleted_spam)
