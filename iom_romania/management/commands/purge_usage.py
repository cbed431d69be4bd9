"""Delete demand figures older than USAGE_RETENTION_DAYS (13 months); run by the daily purge
(deploy/iom-romania-purge.service), with the other data-protection purges."""

from django.conf import settings

from alerts.management.retention import RetentionCommand
from iom_romania import usage


class Command(RetentionCommand):
    help = "Delete demand figures (counts per day) older than USAGE_RETENTION_DAYS (13 months)."

    def default_days(self) -> int:
        return settings.USAGE_RETENTION_DAYS

    def purge(self, days, dry_run):
        rows = usage.purge(days, dry_run=dry_run)
        verb = "would delete" if dry_run else "deleted"
        return f"Demand figures older than {days} days: {verb} {rows} rows."
