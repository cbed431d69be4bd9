"""What the data-protection purge commands share: the retention period and a dry run."""

from django.core.management.base import BaseCommand

from alerts.retention import retention_days


class RetentionCommand(BaseCommand):
    """A purge of data older than SCAM_REPORT_RETENTION_DAYS (or `default_days`); subclasses
    say what it does."""

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
        days = self.default_days() if days is None else days
        self.stdout.write(self.purge(days, dry_run))

    def default_days(self) -> int:
        """The retention period when --days is not given; a purge of other data may differ."""
        return retention_days()

    def purge(self, days: int, dry_run: bool) -> str:
        """Purge (or count, on a dry run); returns the line to print."""
        raise NotImplementedError
