"""Delete e-mail addresses never confirmed within SUBSCRIPTION_CONFIRM_DAYS (default 7).
Run daily by deploy/iom-romania-purge.service with the other data-protection purges."""

from django.core.management.base import BaseCommand

from alerts.subscriptions import confirm_days, purge_unconfirmed


class Command(BaseCommand):
    help = "Delete subscriptions to scam warnings not confirmed within SUBSCRIPTION_CONFIRM_DAYS."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be deleted; delete nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        count = purge_unconfirmed(dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            f"{verb} {count} subscriptions not confirmed within {confirm_days()} days."
        )
