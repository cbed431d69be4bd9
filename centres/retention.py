"""How long the contact details people leave with a centre correction are kept.

The same schedule as scam reports (SCAM_REPORT_RETENTION_DAYS, docs/scam-reports.md): the
privacy notice gives one period for both forms.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .models import InformationReport


def purge_report_contacts(days: int, dry_run: bool = False, now: dt.datetime | None = None) -> int:
    """Blank the contact field of corrections older than `days`; the message itself stays,
    since it is about the centre, not the sender. Returns how many were (or would be) blanked."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    old = InformationReport.objects.filter(created_at__lt=cutoff).exclude(contact="")
    if dry_run:
        return old.count()
    return old.update(contact="")
