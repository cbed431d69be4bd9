"""Data protection housekeeping for centre corrections (see docs/scam-reports.md)."""

from alerts.management.retention import RetentionCommand
from centres.retention import purge_report_contacts


class Command(RetentionCommand):
    help = (
        "Blank the contact details left with centre corrections older than "
        "SCAM_REPORT_RETENTION_DAYS (default 180), the same period as scam reports."
    )

    def purge(self, days, dry_run):
        blanked = purge_report_contacts(days=days, dry_run=dry_run)
        verb = "Would blank" if dry_run else "Blanked"
        return f"{verb} contact details of {blanked} centre corrections older than {days} days."
