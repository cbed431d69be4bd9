from django.core.management.base import BaseCommand

from iom_romania.search import rebuild_index


class Command(BaseCommand):
    help = (
        "Index every searchable item afresh. Saves and deletes keep the index current and "
        "`migrate` rebuilds it; run this after changing content by SQL or QuerySet.update()."
    )

    def handle(self, *args, **options):
        rebuild_index()
