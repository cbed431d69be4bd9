import pytest
from django.core.management import call_command

from centres.models import Centre
from iom_romania.models import SearchDocument
from iom_romania.publishing import Status
from iom_romania.search import snippet, unaccent
from programmes.models import Project

# Full-text search runs on PostgreSQL; the SQLite smoke pass does not select these.
postgres_only = pytest.mark.postgres


def test_unaccent_strips_romanian_diacritics():
    assert unaccent("Brașov Târgu Mureș Constanţa") == "Brasov Targu Mures Constanta"


@postgres_only
def test_search_finds_by_unaccented_words(client, seeded):
    page = client.get("/en/search/?q=Brasov").content.decode()
    assert 'href="/en/centres/brasov/"' in page
    page = client.get("/en/search/?q=targu%20mures").content.decode()
    assert 'href="/en/centres/targu-mures/"' in page or "Târgu Mureș" in page


@postgres_only
def test_a_title_match_is_ranked_first(client, seeded):
    Project.objects.create(
        title="Other work",
        slug="other-work",
        body="Zanzibar " * 10,
        status=Status.PUBLISHED,
    )
    Project.objects.create(
        title="Zanzibar support", slug="zanzibar-support", status=Status.PUBLISHED
    )
    page = client.get("/en/search/?q=zanzibar").content.decode()
    assert page.index("/en/projects/zanzibar-support/") < page.index("/en/projects/other-work/")


@postgres_only
def test_search_uses_the_current_language(client, seeded):
    assert (
        "/ro/programmes/migration-health/" in client.get("/ro/search/?q=sanatate").content.decode()
    )
    assert "migration-health" not in client.get("/en/search/?q=sanatate").content.decode()


@pytest.mark.smoke
def test_search_groups_results_by_type_with_a_snippet(client, seeded):
    page = client.get("/en/search/?q=Canada").content.decode()
    assert "<h2" in page and "Projects" in page and "Programme areas" in page
    assert "<mark>" in page


@pytest.mark.smoke
def test_search_shows_only_published_items(client, seeded):
    Centre.objects.filter(slug="brasov").update(status=Status.DRAFT)
    assert "/en/centres/brasov/" not in client.get("/en/search/?q=Bra").content.decode()


@pytest.mark.smoke
def test_empty_and_fruitless_searches_are_helpful(client, seeded):
    empty = client.get("/en/search/").content.decode()
    assert "Type a word or two" in empty
    assert 'href="/en/centres/"' in empty
    none = client.get("/en/search/?q=qwertyuiop").content.decode()
    assert "Nothing was found for “qwertyuiop”" in none
    assert "Try fewer words" in none


def test_header_has_a_search_box(client, seeded):
    page = client.get("/ar/").content.decode()
    assert '<form class="search-box" role="search" method="get" action="/ar/search/">' in page


def test_snippet_escapes_and_marks():
    html = snippet("A <b>bold</b> claim about **Brașov** city", "brasov")
    assert "<mark>Brașov</mark>" in html
    assert "<b>" not in html


def test_search_queries_do_not_grow_with_items(client, seeded, django_assert_max_num_queries):
    for number in range(30):
        Project.objects.create(
            title=f"Canada project {number}", slug=f"canada-{number}", status=Status.PUBLISHED
        )
    with django_assert_max_num_queries(6):
        assert client.get("/en/search/?q=canada").status_code == 200


@postgres_only
def test_an_edit_is_searchable_at_once(client, seeded):
    project = Project.objects.create(title="Quokka support", slug="quokka", status=Status.PUBLISHED)
    assert "/en/projects/quokka/" in client.get("/en/search/?q=quokka").content.decode()
    project.title = "Wombat support"
    project.save()
    assert "/en/projects/quokka/" in client.get("/en/search/?q=wombat").content.decode()
    assert "Nothing was found" in client.get("/en/search/?q=quokka").content.decode()
    project.title_ro = "Sprijin pentru vombați"
    project.save()
    assert "/ro/projects/quokka/" in client.get("/ro/search/?q=vombati").content.decode()
    project.delete()
    assert "Nothing was found" in client.get("/en/search/?q=wombat").content.decode()


@postgres_only
def test_a_draft_published_in_bulk_is_found(client, seeded):
    # Admin actions publish with QuerySet.update(), which sends no save signal.
    Project.objects.create(title="Numbat help", slug="numbat", status=Status.DRAFT)
    assert "Nothing was found" in client.get("/en/search/?q=numbat").content.decode()
    Project.objects.filter(slug="numbat").update(status=Status.PUBLISHED)
    assert "/en/projects/numbat/" in client.get("/en/search/?q=numbat").content.decode()


@postgres_only
def test_the_index_can_be_rebuilt(client, seeded):
    SearchDocument.objects.all().delete()
    assert "Nothing was found" in client.get("/en/search/?q=brasov").content.decode()
    call_command("rebuild_search_index")
    assert 'href="/en/centres/brasov/"' in client.get("/en/search/?q=brasov").content.decode()


def test_every_registered_type_searches_without_error(client, seeded):
    from iom_romania.search import REGISTRY

    for searchable in REGISTRY:
        assert searchable.fields((searchable.title_field,)), searchable.model_label
    assert client.get("/en/search/?q=a").status_code == 200


def test_a_registered_model_or_field_that_does_not_exist_fails_loudly():
    from django.core.exceptions import FieldDoesNotExist

    from iom_romania import search as site_search

    site_search.check_registry()  # what the site registers is all there
    with pytest.raises(FieldDoesNotExist):
        site_search.SearchableType("programmes.Project", "title", ("no_such_field",)).check()
    with pytest.raises(LookupError):
        site_search.SearchableType("programmes.NoSuchModel", "title").check()


# "Braşov" with s-cedilla is how the seed's English text writes it; "Brașov" with s-comma is
# the centre's name; people type either, or none. All find the centre and the area page.
BRASOV_SPELLINGS = ["Brasov", "brasov", "BRASOV", "Braşov", "Brașov", "BRAȘOV", "braşov"]


def _result_links(response) -> set[str]:
    import re

    page = response.content.decode()
    results = page[page.index("<h1>") :]
    return set(re.findall(r'<a href="(/en/(?:centres|programmes|projects)/[^"]+)"', results))


@pytest.mark.smoke
@pytest.mark.parametrize("spelling", BRASOV_SPELLINGS)
def test_every_spelling_of_brasov_finds_the_same_pages(client, seeded, spelling):
    """On PostgreSQL (unaccent) and on SQLite (the site's own `fold` as an SQL function)."""
    from urllib.parse import quote

    found = _result_links(client.get(f"/en/search/?q={quote(spelling)}"))
    assert "/en/centres/brasov/" in found
    assert "/en/programmes/facilitating-migration/" in found
    assert found == _result_links(client.get("/en/search/?q=Brasov"))


@pytest.mark.smoke
def test_the_seed_keeps_its_own_spelling(client, seeded):
    """Folding is only for comparing: the pages still show the seed's letters."""
    from programmes.models import ProgrammeArea

    area = ProgrammeArea.objects.get(slug="facilitating-migration")
    assert "Braşov" in area.body_en  # s-cedilla, as the office's page writes it
    assert "Brașov" in area.body_ro  # s-comma, in the Romanian text
    assert Centre.objects.get(slug="brasov").name_en.endswith("Brașov")


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("Braşov", "brasov"),  # s-cedilla
        ("Brașov", "brasov"),  # s-comma below
        ("Constanţa", "constanta"),  # t-cedilla
        ("Constanța", "constanta"),  # t-comma below
        ("Târgu Mureș", "targu mures"),
        ("Straße", "strasse"),
    ],
)
def test_one_folding_for_search_and_the_centre_finder(typed, folded):
    from centres.gazetteer import fold
    from iom_romania.search import normalise

    assert normalise(typed) == folded
    assert fold(typed) == folded.replace(" ", "")
