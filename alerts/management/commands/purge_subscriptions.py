"""Data protection housekeeping for e-mail subscriptions to scam warnings. Run daily by
deploy/iom-romania-purge.service with the other purges."""

from alerts.management.retention import RetentionCommand
from alerts.subscriptions import confirm_days, purge_old_deliveries, purge_unconfirmed


class Command(RetentionCommand):
    help = (
        "Delete subscriptions not confirmed within SUBSCRIPTION_CONFIRM_DAYS (default 7), and "
        "outbox rows of e-mails sent more than SCAM_REPORT_RETENTION_DAYS (default 180) ago."
    )

    def purge(self, days, dry_run):
        unconfirmed = purge_unconfirmed(dry_run=dry_run)
        deliveries = purge_old_deliveries(days, dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        return (
            f"{verb} {unconfirmed} subscriptions not confirmed within {confirm_days()} days "
            f"and {deliveries} outbox rows of e-mails sent more than {days} days ago."
        )
