"""Data protection housekeeping for centre corrections (see docs/scam-reports.md)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from alerts.retention import retention_days
from centres.retention import purge_report_contacts


class Command(BaseCommand):
    help = (
        "Blank the contact details left with centre corrections older than "
        "SCAM_REPORT_RETENTION_DAYS (default 180), the same period as scam reports."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Override SCAM_REPORT_RETENTION_DAYS for this run.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would change; change nothing."
        )

    def handle(self, *args, days=None, dry_run=False, **options):
        days = retention_days() if days is None else days
        blanked = purge_report_contacts(days=days, dry_run=dry_run)
        verb = "Would blank" if dry_run else "Blanked"
        self.stdout.write(
            f"{verb} contact details of {blanked} centre corrections older than {days} days."
        )
