from pathlib import Path

from django.db import transaction

from iom_romania.seeding import create_missing, read_seed

from .models import ScamAlert


@transaction.atomic
def load_seed() -> dict:
    data = read_seed(Path(__file__).parent)
    return {"alerts": create_missing(ScamAlert, data["alerts"])}
