"""Each translation's state: missing, outdated, not reviewed, reviewed."""

import pytest
from django.contrib.auth import get_user_model

from centres.models import Centre
from iom_romania.translation_status import State, item_states, mark_reviewed, record_translations

pytestmark = pytest.mark.django_db


def states(obj, language):
    return item_states(obj, [language])[language]


def test_the_seeds_translations_start_not_reviewed_and_its_romanian_reviewed():
    centre = Centre.objects.get(slug="brasov")
    assert states(centre, "uk") == {"name": State.NOT_REVIEWED}
    assert states(centre, "ro") == {"name": State.REVIEWED}


def test_a_field_without_translation_is_missing():
    centre = Centre.objects.get(slug="brasov")
    centre.description = "Open on weekdays."
    centre.save()
    assert states(centre, "uk") == {"name": State.NOT_REVIEWED, "description": State.MISSING}


def test_an_english_edit_makes_the_translations_outdated_and_keeps_them():
    centre = Centre.objects.get(slug="brasov")
    user = get_user_model().objects.create_user("reviewer")
    mark_reviewed(centre, "uk", user)
    assert states(centre, "uk") == {"name": State.REVIEWED}

    centre.name_en = "Migrant Information Centre Brașov (Str. Lungă)"
    centre.save()
    centre.refresh_from_db()
    assert states(centre, "uk") == {"name": State.OUTDATED}
    assert states(centre, "ro") == {"name": State.OUTDATED}
    assert centre.name_uk == "Інформаційний центр для мігрантів Brașov"  # kept, not dropped

    centre.name_uk = "Інформаційний центр для мігрантів Brașov (вул. Лунге)"
    centre.save()
    assert states(centre, "uk") == {"name": State.NOT_REVIEWED}
    mark_reviewed(centre, "uk", user)
    assert states(centre, "uk") == {"name": State.REVIEWED}


def test_emptying_a_translation_makes_it_missing_and_saving_again_changes_nothing():
    centre = Centre.objects.get(slug="brasov")
    centre.name_uk = ""
    centre.save()
    assert states(centre, "uk") == {"name": State.MISSING}
    record_translations(centre)
    assert states(centre, "uk") == {"name": State.MISSING}


CHECK_LINE = "Перекладено з англійської; ще не перевірено МОМ Румунія."
OLDER_LINE = "Цей переклад зроблено з попередньої версії англійського тексту."


def test_the_not_checked_line_shows_until_the_office_reviews_the_translation(client):
    centre = Centre.objects.get(slug="brasov")
    page = client.get("/uk/centres/brasov/").content.decode()
    assert CHECK_LINE in page
    assert "Інформаційний центр для мігрантів Brașov" in page
    mark_reviewed(centre, "uk", get_user_model().objects.create_user("reviewer"))
    page = client.get("/uk/centres/brasov/").content.decode()
    assert CHECK_LINE not in page
    assert "Ще не перекладено" not in page
    assert client.get("/en/centres/brasov/").content.decode().count("notice-translation") == 0


def test_an_outdated_translation_stays_with_an_older_version_note(client):
    centre = Centre.objects.get(slug="brasov")
    mark_reviewed(centre, "uk", get_user_model().objects.create_user("reviewer"))
    centre.name_en = "Migrant Information Centre Brașov (new address)"
    centre.save()
    page = client.get("/uk/centres/brasov/").content.decode()
    assert "Інформаційний центр для мігрантів Brașov" in page
    assert OLDER_LINE in page
    assert 'href="/en/centres/brasov/"' in page


def test_a_missing_name_names_that_part_not_the_whole_page(client):
    centre = Centre.objects.get(slug="brasov")
    centre.name_uk = ""
    centre.description_en = "Open on weekdays."
    centre.description_uk = "Відкрито в робочі дні."
    centre.save()
    page = client.get("/uk/centres/brasov/").content.decode()
    assert "Відкрито в робочі дні." in page
    assert "Ще не перекладено мовою «Українська», показано мовою «Англійська»: назва." in page
    assert "ще не доступна" not in page
