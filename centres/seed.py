from pathlib import Path

from django.db import transaction

from iom_romania.seeding import create_missing, read_seed

from .models import Centre


@transaction.atomic
def load_seed() -> dict:
    data = read_seed(Path(__file__).parent)
    return {"centres": create_missing(Centre, data["centres"])}
