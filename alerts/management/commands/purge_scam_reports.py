"""Data protection housekeeping for scam reports (see docs/scam-reports.md)."""

from alerts.management.retention import RetentionCommand
from alerts.retention import purge_scam_reports


class Command(RetentionCommand):
    help = (
        "Blank reporter contact details of scam reports older than "
        "SCAM_REPORT_RETENTION_DAYS (default 180) and delete reports marked as spam."
    )

    def purge(self, days, dry_run):
        result = purge_scam_reports(days=days, dry_run=dry_run)
        verb = "Would blank" if dry_run else "Blanked"
        return (
            f"{verb} contact details of {result.blanked} reports older than {days} days; "
            f"{'would delete' if dry_run else 'deleted'} {result.deleted_spam} spam reports."
        )
