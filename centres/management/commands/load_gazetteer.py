from django.core.management.base import BaseCommand

from centres.gazetteer_db import load_gazetteer


class Command(BaseCommand):
    help = (
        "Load Romania's places and counties (GeoNames, CC BY 4.0) from the committed file "
        "centres/data/gazetteer-ro.json.gz. Skips the work when that file is already loaded."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Reload even if unchanged.")

    def handle(self, *args, **options):
        result = load_gazetteer(force=options["force"])
        for name, count in result.items():
            self.stdout.write(f"{name}: {count} loaded")
