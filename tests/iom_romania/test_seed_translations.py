"""Every translated text of every seed_data.json is in the database as the seed gives it.

Walks the seed files themselves: a list, row or translated field added to a seed file is
checked without a change here, and a list this test cannot place in a model fails it.
"""

import json

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command

from iom_romania.i18n import translated_fields

# Each list of each seed file: its model, and the seed key that finds a row's database row
# (with the column it is stored in, when that differs).
SEED_LISTS = {
    ("alerts", "channels"): ("alerts.Channel", "code", "code"),
    ("alerts", "alerts"): ("alerts.ScamAlert", "slug", "slug"),
    ("alerts", "reporting_contacts"): ("alerts.ReportingContact", "name", "name_en"),
    ("centres", "centres"): ("centres.Centre", "slug", "slug"),
    ("centres", "service_types"): ("centres.ServiceType", "slug", "slug"),
    ("programmes", "sections"): ("programmes.HomeSection", "slug", "slug"),
    ("programmes", "facts"): ("programmes.Fact", "label", "label_en"),
    ("programmes", "areas"): ("programmes.ProgrammeArea", "slug", "slug"),
    ("programmes", "projects"): ("programmes.Project", "slug", "slug"),
    ("programmes", "initiatives"): ("programmes.Initiative", "slug", "slug"),
}
SEED_APPS = ("alerts", "centres", "programmes")
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def seed_lists():
    for app in SEED_APPS:
        data = json.loads((settings.BASE_DIR / app / "seed_data.json").read_text("utf-8"))
        for name, rows in data.items():
            if isinstance(rows, list) and rows and isinstance(rows[0], dict):
                yield app, name, rows


def expected_translations(model, row: dict) -> dict[str, str]:
    """Column -> text: the seed's English (no suffix) and every `_<language>` key."""
    expected = {}
    for field in translated_fields(model):
        if field in row:
            expected[f"{field}_{settings.MODELTRANSLATION_DEFAULT_LANGUAGE}"] = row[field]
        for language in LANGUAGES:
            if f"{field}_{language}" in row:
                expected[f"{field}_{language}"] = row[f"{field}_{language}"]
    return expected


def mismatches() -> list[str]:
    found = []
    for app, name, rows in seed_lists():
        assert (app, name) in SEED_LISTS, f"{app}/seed_data.json: no model for {name!r}"
        label, key, column = SEED_LISTS[(app, name)]
        model = apps.get_model(label)
        for row in rows:
            stored = model._default_manager.get(**{column: row[key]})
            for field, text in expected_translations(model, row).items():
                if getattr(stored, field) != text:
                    found.append(f"{label} {row[key]}: {field} is {getattr(stored, field)!r}")
    return found


@pytest.mark.smoke
def test_every_translated_seed_text_is_in_the_database(seeded):
    assert not mismatches(), "\n".join(mismatches())


def test_the_check_covers_translations(seeded):
    """It does compare the translations: the channels' Romanian names among them."""
    checked = [
        field
        for app, name, rows in seed_lists()
        for row in rows
        for field in expected_translations(apps.get_model(SEED_LISTS[(app, name)][0]), row)
    ]
    assert "name_ro" in checked and "body_ro" in checked and "label_ro" in checked


def test_the_romanian_warning_page_names_the_channels_in_romanian(client, seeded):
    page = client.get("/ro/alerts/").content.decode()
    assert "Site web" in page and ">Website<" not in page


def test_loading_the_seed_fills_translations_a_migration_left_out(seeded):
    """Channels made by the migration have English names only; loading the seed adds the
    seed's Romanian names and keeps a name staff wrote."""
    from alerts.models import Channel

    Channel.objects.filter(code="website").update(name_ro="")
    Channel.objects.filter(code="letter").update(name_ro="Scrisoare (poștă)")
    call_command("load_seed", verbosity=0)
    assert Channel.objects.get(code="website").name_ro == "Site web"
    assert Channel.objects.get(code="letter").name_ro == "Scrisoare (poștă)"
