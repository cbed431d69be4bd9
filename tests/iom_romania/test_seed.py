import pytest
from django.core.management import call_command

from alerts.models import ScamAlert
from centres.models import Centre
from programmes.models import Fact, HomeSection, Initiative, ProgrammeArea, Project

SEED_CITIES = {
    "București", "Bacău", "Brașov", "Buzău", "Cluj-Napoca", "Constanța", "Craiova", "Galați",
    "Iași", "Pitești", "Ploiești", "Sibiu", "Suceava", "Târgu Mureș", "Timișoara",
}  # fmt: skip


def model_counts():
    models = [Fact, HomeSection, Initiative, ProgrammeArea, Project, Centre, ScamAlert]
    return {model.__name__: model.objects.count() for model in models}


@pytest.mark.smoke
def test_seed_loads_every_piece_of_the_office_page(seeded):
    assert model_counts() == {
        "Fact": 4,
        "HomeSection": 2,
        "Initiative": 1,
        "ProgrammeArea": 4,
        "Project": 9,
        "Centre": 15,
        "ScamAlert": 1,
    }
    assert set(Centre.objects.values_list("city", flat=True)) == SEED_CITIES
    assert Fact.objects.filter(value="157", label__startswith="Members").exists()
    assert list(ProgrammeArea.objects.values_list("title", flat=True)) == [
        "Movement, Emergency and Post-crisis Migration Management",
        "Migration Health",
        "Regulating Migration",
        "Facilitating Migration",
    ]
    alert = ScamAlert.objects.get()
    assert alert.title == "Warning - Internet Scams"
    assert "fraudulent offers of migration assistance" in alert.summary
    assert Initiative.objects.get().title == "Not Just Numbers, Educational Toolkit"


def test_a_project_can_sit_in_two_areas(seeded):
    canada = Project.objects.get(slug="refugee-resettlement-to-canada")
    assert set(canada.areas.values_list("slug", flat=True)) == {
        "movement-emergency-post-crisis",
        "migration-health",
    }


def test_seed_invents_no_contact_details(seeded):
    for centre in Centre.objects.all():
        assert (centre.address, centre.email, centre.website, centre.postal_code) == ("",) * 4
        assert not centre.phones.exists() and not centre.weekly_hours.exists()
        assert centre.languages == [] and centre.information_checked_on is None


@pytest.mark.smoke
def test_loading_twice_creates_nothing_new(seeded):
    before = model_counts()
    call_command("load_seed", verbosity=0)
    assert model_counts() == before


def test_loading_again_keeps_staff_edits(seeded):
    Centre.objects.filter(slug="brasov").update(email="brasov@example.org")
    call_command("load_seed", verbosity=0)
    assert Centre.objects.get(slug="brasov").email == "brasov@example.org"
