"""Write the demand counts waiting in Redis to the database (deploy/iom-romania-usage.timer)."""

from django.core.management.base import BaseCommand

from iom_romania import usage


class Command(BaseCommand):
    help = "Write the page-view and lookup counts waiting in Redis to the database, in one batch."

    def handle(self, *args, **options):
        written = usage.flush()
        self.stdout.write(f"demand figures written: {written} rows")
