from django.core.management.base import BaseCommand

import alerts.seed
import centres.seed
import programmes.seed


class Command(BaseCommand):
    help = "Load the office's starting content. Creates missing rows only; safe to run twice."

    def handle(self, *args, **options):
        for app_seed in (programmes.seed, centres.seed, alerts.seed):
            for name, count in app_seed.load_seed().items():
                self.stdout.write(f"{name}: {count} created")
