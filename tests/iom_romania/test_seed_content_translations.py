"""The starting translations (iom_romania/seed_translations/) are loaded by load_seed,
keep every number, phone, address and link of the English, and show on public pages."""

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command

from iom_romania.seeding import SEED_TRANSLATION_KEYS, read_seed_translations
from iom_romania.translation_status import changed_fixed_parts, fixed_parts

LANGUAGES = [code for code, _name in settings.LANGUAGES]
TRANSLATED = ["uk", "ru", "ar", "fa", "tr", "ne"]


def each_seed_translation():
    for language, content in read_seed_translations().items():
        for label, rows in content.items():
            for key, fields in rows.items():
                for field, text in fields.items():
                    yield language, label, key, field, text


def test_a_file_for_every_language_but_english_and_romanian():
    assert sorted(read_seed_translations()) == sorted(TRANSLATED)


@pytest.mark.parametrize(
    ("source", "translation", "changes"),
    [
        ("Call 112 or 1911.", "Телефонуйте 112 або 1911.", []),
        ("about 3,000 migrants", "близько 3\u00a0000 мігрантів", []),
        ("about 3,000 migrants", "yaklaşık 3.000 göçmen", []),
        ("15 centres", "१५ केन्द्र", []),  # Devanagari digits are the same number
        ("Call 112.", "Call 113.", ["-number:112", "+number:113"]),
        ("See https://dnsc.ro/.", "Voir https://dnsc.ro/", []),
        (
            "See https://dnsc.ro/.",
            "Voir https://dnsc.com/",
            ["-url:https://dnsc.ro/", "+url:https://dnsc.com/"],
        ),
        ("[form](/en/report/)", "[форма](/uk/report/)", ["-link:/en/report/", "+link:/uk/report/"]),
        ("Hello %(name)s", "Привіт", ["-placeholder:%(name)s"]),
    ],
)
def test_fixed_parts_compare_numbers_links_and_placeholders(source, translation, changes):
    assert changed_fixed_parts(source, translation) == changes


@pytest.mark.django_db
def test_every_translation_keeps_the_numbers_names_and_links_of_the_english():
    problems = []
    for language, label, key, field, text in each_seed_translation():
        model = apps.get_model(label)
        source = getattr(model.objects.get(**{SEED_TRANSLATION_KEYS[label]: key}), f"{field}_en")
        assert text.strip(), f"{language} {label} {key} {field}: empty"
        if changed := changed_fixed_parts(source, text):
            problems.append(f"{language} {label} {key} {field}: {changed}")
        if label == "centres.Centre":  # the city keeps its own spelling in every language
            city = source.removeprefix("Migrant Information Centre ")
            assert city in text, f"{language} {key}: {text!r} lacks {city!r}"
    assert problems == []
    assert fixed_parts("Call 112")  # the comparison has something to compare


@pytest.mark.django_db
def test_the_seed_loads_every_starting_translation_and_a_second_load_changes_nothing():
    for language, label, key, field, text in each_seed_translation():
        obj = apps.get_model(label).objects.get(**{SEED_TRANSLATION_KEYS[label]: key})
        assert getattr(obj, f"{field}_{language}") == text, (language, label, key, field)
    centre = apps.get_model("centres.Centre").objects.get(slug="brasov")
    centre.name_uk = "Центр у Брашові (staff's own words)"
    centre.save()
    call_command("load_seed", verbosity=0)
    centre.refresh_from_db()
    assert centre.name_uk == "Центр у Брашові (staff's own words)"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("uk", ["Увага – шахрайство в інтернеті", "Інформаційний центр для мігрантів Brașov"]),
        ("ar", ["تحذير – عمليات احتيال عبر الإنترنت", "مركز معلومات المهاجرين Brașov"]),
        ("ne", ["चेतावनी – इन्टरनेट ठगी", "आप्रवासी सूचना केन्द्र Brașov"]),
    ],
)
def test_the_centre_list_and_the_scam_banner_read_in_the_visitors_language(client, language, words):
    response = client.get(f"/{language}/centres/")
    for text in words:
        assert text in response.content.decode()
    assert "Warning - Internet Scams" not in response.content.decode()
