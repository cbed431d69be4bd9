from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

import alerts.seed
import centres.seed
import programmes.seed
from iom_romania.seeding import load_seed_translations


class Command(BaseCommand):
    help = "Load the office's starting content. Creates missing rows only; safe to run twice."

    def handle(self, *args, **options):
        # Seed text without a language suffix is English: modeltranslation stores `title=`
        # in the active language's column, so English is made the active language.
        with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
            for app_seed in (programmes.seed, centres.seed, alerts.seed):
                for name, count in app_seed.load_seed().items():
                    self.stdout.write(f"{name}: {count} created")
            # After every app's rows exist: the translations are of those rows.
            self.stdout.write(f"translated rows: {load_seed_translations()} filled in")
