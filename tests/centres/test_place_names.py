"""Teaching the finder: another name for a gazetteer place, added by staff in one step from
the demand report, matches from then on in every language and survives a gazetteer reload."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client

from centres import gazetteer_db
from centres.models import PlaceName
from iom_romania.models import UsageCount
from iom_romania.roles import CENTRE_MANAGER, EDITOR

REPORT = "/admin/iom_romania/usagecount/"
ADD_NAME = REPORT + "add-name/"


@pytest.fixture(autouse=True)
def _fresh_gazetteer_index():
    """Names added in a test are rolled back with it; the index built from them must go too."""
    gazetteer_db.clear_cache()
    yield
    gazetteer_db.clear_cache()


@pytest.fixture
def role_client(django_user_model, seeded):
    def make(role):
        user = django_user_model.objects.create_user(
            role.lower().replace(" ", "-"), password="pw", is_staff=True
        )
        user.groups.add(Group.objects.get(name=role))
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def brashoff_unmatched(seeded):
    UsageCount.objects.bulk_create(
        UsageCount(
            day=dt.date.today() - dt.timedelta(days=days), kind="finder", found=False,
            text="brashoff", language="en", count=2,
        )
        for days in (1, 2, 3)
    )  # fmt: skip


def _finds(client, language, query):
    return client.get(f"/{language}/centres/", {"q": query}).context["finding"]


def test_a_centre_manager_adds_a_name_in_one_step_and_it_matches_in_every_language(
    client, role_client, brashoff_unmatched
):
    assert _finds(client, "en", "Brashoff").problem == "not_found"
    manager = role_client(CENTRE_MANAGER)
    report = manager.get(REPORT).content.decode()
    assert "brashoff" in report and 'name="place"' in report

    response = manager.post(ADD_NAME, {"name": "brashoff", "place": "Brașov", "next": "?x=1"})
    assert response.status_code == 302 and response["Location"] == REPORT + "?x=1"
    message = manager.get(REPORT).content.decode()
    assert "The finder now finds Brașov" in message

    name = PlaceName.objects.get()
    assert (name.name, name.geonameid, name.place_label) == ("brashoff", 683844, "Brașov")
    assert name.history.count() == 1 and name.history.first().history_user.username
    for language in ("en", "ro", "uk", "ar", "ne"):
        finding = _finds(client, language, "Brashoff")
        assert finding.problem is None, language
        assert finding.place.name == "Brașov"
        assert finding.results[0].slug == "brasov"


def test_a_name_in_another_script(client, role_client, seeded):
    manager = role_client(CENTRE_MANAGER)
    assert _finds(client, "ne", "ब्रासोभ").problem == "not_found"
    manager.post(ADD_NAME, {"name": "ब्रासोभ", "place": "Brașov"})
    assert _finds(client, "ne", "ब्रासोभ").place.name == "Brașov"
    assert _finds(client, "uk", "ब्रासोभ").place.name == "Brașov"


def test_a_name_for_a_county(client, role_client, seeded):
    role_client(CENTRE_MANAGER).post(ADD_NAME, {"name": "Bihar vármegye", "place": "județul Bihor"})
    finding = _finds(client, "en", "Bihar vármegye")
    assert finding.place.kind == "county" and finding.place.name == "Bihor"


def test_an_unknown_or_ambiguous_place_is_refused_with_a_message(role_client, seeded):
    manager = role_client(CENTRE_MANAGER)
    manager.post(ADD_NAME, {"name": "brashoff", "place": "Atlantis"})
    assert "The finder does not know this place" in manager.get(REPORT).content.decode()
    manager.post(ADD_NAME, {"name": "brashoff", "place": "Sălcioara"})
    assert "add the county after a comma" in manager.get(REPORT).content.decode()
    manager.post(ADD_NAME, {"name": "123", "place": "Brașov"})
    assert "Type the name with letters" in manager.get(REPORT).content.decode()
    manager.post(ADD_NAME, {"name": "Brasov", "place": "Brașov"})
    assert "already finds Brașov" in manager.get(REPORT).content.decode()
    assert not PlaceName.objects.exists()


def test_an_editor_reads_the_report_but_cannot_add_names(role_client, brashoff_unmatched):
    editor = role_client(EDITOR)
    report = editor.get(REPORT).content.decode()
    assert "brashoff" in report and 'name="place"' not in report
    assert editor.post(ADD_NAME, {"name": "brashoff", "place": "Brașov"}).status_code == 403
    assert not PlaceName.objects.exists()


def test_added_names_survive_a_gazetteer_reload(client, role_client, seeded):
    role_client(CENTRE_MANAGER).post(ADD_NAME, {"name": "Brashoff", "place": "Brașov"})
    call_command("load_gazetteer", force=True, verbosity=0)
    gazetteer_db.clear_cache()  # what the reload's commit does
    assert _finds(client, "en", "Brashoff").place.name == "Brașov"


def test_the_finder_reads_names_once_per_process(client, role_client, seeded, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    role_client(CENTRE_MANAGER).post(ADD_NAME, {"name": "Brashoff", "place": "Brașov"})
    _finds(client, "en", "Brashoff")
    with CaptureQueriesContext(connection) as queries:
        _finds(client, "en", "Brashoff")
    assert not any("placename" in q["sql"] for q in queries.captured_queries)


def test_another_process_sees_a_new_name_after_its_check_interval(seeded, monkeypatch):
    from centres.gazetteer_db import NAMES_VERSION_KEY, get_gazetteer

    first = get_gazetteer()
    assert get_gazetteer() is first
    from django.core.cache import cache

    cache.set(NAMES_VERSION_KEY, "changed by another process")
    monkeypatch.setattr(gazetteer_db, "_checked_at", 0.0)
    assert get_gazetteer() is not first
