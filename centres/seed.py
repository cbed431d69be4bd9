from pathlib import Path

from django.db import transaction

from iom_romania.publishing import Status
from iom_romania.seeding import read_seed

from .gazetteer_db import load_gazetteer
from .models import Centre, ServiceType


@transaction.atomic
def load_seed() -> dict:
    """Create the missing service types and centres, and load the gazetteer if needed.

    The 15 centres start with their city's coordinates only: no address, phone or hours is
    invented; the pages say those are not yet published. Existing rows are never changed.
    """
    data = read_seed(Path(__file__).parent)
    services_created = 0
    existing = set(ServiceType.objects.values_list("slug", flat=True))
    for row in data["service_types"]:
        if row["slug"] not in existing:
            ServiceType.objects.create(**row)
            services_created += 1

    centre_services = list(ServiceType.objects.filter(slug__in=data["centre_services"]))
    existing = set(Centre.objects.values_list("slug", flat=True))
    centres_created = 0
    for row in data["centres"]:
        if row["slug"] in existing:
            continue
        centre = Centre.objects.create(**{"status": Status.PUBLISHED, **row})
        centre.services.set(centre_services)
        centres_created += 1

    return {
        "service types": services_created,
        "centres": centres_created,
        **load_gazetteer(),
    }
