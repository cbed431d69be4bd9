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
