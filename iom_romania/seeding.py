"""Loading the office's starting content from each app's seed_data.json.

Rows are created only when missing, never overwritten: running the loader twice changes
nothing, and staff edits made in the admin survive a later `make run`.
"""

import json
from pathlib import Path

from django.db import models

from iom_romania.publishing import Status


def read_seed(app_dir: Path) -> dict:
    return json.loads((app_dir / "seed_data.json").read_text(encoding="utf-8"))


def create_missing(model: type[models.Model], rows: list[dict], key: str = "slug") -> int:
    """Create each row whose `key` value is not in the table yet; return how many were made."""
    existing = set(model.objects.values_list(key, flat=True))
    created = 0
    for row in rows:
        if row[key] in existing:
            continue
        model.objects.create(**{"status": Status.PUBLISHED, **row})
        created += 1
    return created
