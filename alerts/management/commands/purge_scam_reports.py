"""Data protection housekeeping for scam reports (see docs/scam-reports.md)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from alerts.retention import purge_scam_reports, retention_days


class Command(BaseCommand):
    help = (
        "Blank reporter contact details of scam reports older than "
        "SCAM_REPORT_RETENTION_DAYS (default 180) and delete reports marked as spam."
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
        result = purge_scam_reports(days=days, dry_run=dry_run)
        verb = "Would blank" if dry_run else "Blanked"
        self.stdout.write(
            f"{verb} contact details of {result.blanked} reports older than {days} days; "
            f"{'would delete' if dry_run else 'deleted'} {result.deleted_spam} spam reports."
        )
