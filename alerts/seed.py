from pathlib import Path

from django.db import transaction

from iom_romania.publishing import Status
from iom_romania.seeding import fill_missing_translations, read_seed

from .models import Channel, ReportingContact, ScamAlert


@transaction.atomic
def load_seed() -> dict:
    """Create the seed's alerts and reporting contacts that are missing; never touch
    rows that exist, so staff edits survive."""
    data = read_seed(Path(__file__).parent)

    # The channels also come with the migrations (in English only); listed here too so
    # that a database flushed by a test (or emptied by hand) gets them back with the seed,
    # and so that channels made by the migration get the seed's translations.
    channels_created = 0
    for row in data["channels"]:
        channel, created = Channel.objects.get_or_create(code=row["code"], defaults=row)
        channels_created += created
        if not created:
            fill_missing_translations(channel, row)

    contacts_created = 0
    existing_contacts = set(ReportingContact.objects.values_list("name_en", flat=True))
    for row in data["reporting_contacts"]:
        if row["name"] not in existing_contacts:
            ReportingContact.objects.create(**row)
            contacts_created += 1

    alerts_created = 0
    existing_slugs = set(ScamAlert.objects.values_list("slug", flat=True))
    for row in data["alerts"]:
        if row["slug"] in existing_slugs:
            continue
        row = dict(row)
        channel_codes = row.pop("channels", [])
        alert = ScamAlert.objects.create(**{"status": Status.PUBLISHED, **row})
        alert.channels.set(Channel.objects.filter(code__in=channel_codes))
        alerts_created += 1
    return {
        "channels": channels_created,
        "alerts": alerts_created,
        "reporting contacts": contacts_created,
    }
