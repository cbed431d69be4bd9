"""Loading the office's starting content from each app's seed_data.json.

Rows are created only when missing, never overwritten: running the loader twice changes
nothing, and staff edits made in the admin survive a later `make run`.
"""

import json
from pathlib import Path

from django.conf import settings
from django.db import models, transaction
from django.utils import translation

from iom_romania.publishing import Status


def read_seed(app_dir: Path) -> dict:
    return json.loads((app_dir / "seed_data.json").read_text(encoding="utf-8"))


def create_missing(model: type[models.Model], rows: list[dict], key: str = "slug") -> int:
    """Create each row whose `key` value is not in the table yet; return how many were made."""
    # Seed text without a language suffix is English, whatever language is active
    # (modeltranslation stores `title=` in the active language's column).
    with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
        return _create_missing(model, rows, key)


def _create_missing(model, rows, key):
    existing = set(model.objects.values_list(key, flat=True))
    created = 0
    for row in rows:
        if row[key] in existing:
            continue
        model.objects.create(**{"status": Status.PUBLISHED, **row})
        created += 1
    return created


def fill_missing_translations(obj: models.Model, row: dict) -> bool:
    """Give `obj` the seed row's translations it lacks: each `<field>_<language>` of a
    translated field that is empty in the database. Text already there (staff's, or the
    seed's from an earlier load) is never replaced. Returns whether anything was filled.

    For rows that exist before the seed loads: alerts' channels are created by a migration
    (English only), so without this the seed's Romanian names were never applied.
    """
    from iom_romania.i18n import translated_fields

    languages = {code for code, _name in settings.LANGUAGES}
    fields = set(translated_fields(type(obj)))
    filled = []
    for key, value in row.items():
        name, _sep, language = key.rpartition("_")
        if name in fields and language in languages and value and not getattr(obj, key):
            setattr(obj, key, value)
            filled.append(key)
    if filled:
        obj.save(update_fields=filled)
    return bool(filled)


# Starting translations of the migrant-facing seed content, one file per language
# (iom_romania/seed_translations/<language>.json): model -> seed key -> field -> text.
# Each model's rows are found by the same key as in its seed_data.json.
SEED_TRANSLATIONS_DIR = Path(__file__).parent / "seed_translations"
SEED_TRANSLATION_KEYS = {
    "alerts.ScamAlert": "slug",
    "alerts.Channel": "code",
    "alerts.ReportingContact": "name_en",
    "centres.Centre": "slug",
    "centres.ServiceType": "slug",
    "programmes.ProgrammeArea": "slug",
    "programmes.Project": "slug",
    "programmes.HomeSection": "slug",
    "programmes.Fact": "order",  # the facts have no slug; their order is unique in the seed
    "programmes.Initiative": "slug",
}


def read_seed_translations() -> dict[str, dict]:
    """Language code -> {model label: {seed key: {field: text}}}."""
    found = {}
    for path in sorted(SEED_TRANSLATIONS_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        found[data["language"]] = data["content"]
    return found


@transaction.atomic
def load_seed_translations() -> int:
    """Fill in the starting translations where the database has none; return how many
    rows got one. Like the rest of the seed: text already there is never replaced. Each
    row is saved once, with every language, so its history gains one version."""
    from django.apps import apps

    rows = {}  # (model label, seed key) -> {column: text}
    for language, content in read_seed_translations().items():
        for label, items in content.items():
            for seed_key, fields in items.items():
                row = rows.setdefault((label, seed_key), {})
                row.update({f"{name}_{language}": text for name, text in fields.items()})
    filled = 0
    for label, key in SEED_TRANSLATION_KEYS.items():
        wanted = {
            seed_key: row for (model_label, seed_key), row in rows.items() if model_label == label
        }
        model = apps.get_model(label)
        for obj in model.objects.filter(**{f"{key}__in": wanted}):
            # JSON keys are text; a fact's order is a number.
            filled += fill_missing_translations(obj, wanted[str(getattr(obj, key))])
    return filled
