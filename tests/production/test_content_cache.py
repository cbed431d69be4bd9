"""Content reused per content generation: pages not in the page cache render without
reading the database again, yet every edit shows on the next request."""

import datetime as dt
import time

import pytest
from django.core.cache import cache
from django.utils import timezone

from alerts.models import ScamAlert, Severity
from centres import hours
from centres.models import Centre, OpeningHours
from iom_romania import content_cache, page_cache
from iom_romania.publishing import Status
from programmes.models import HomeSection, ProgrammeArea, Project

from .pages import public_pages


def queries_when_reused(name: str) -> int:
    """Pages whose content is all reused read nothing from the database the second time.

    A search matches the visitor's words in the search index, and the report form reads its
    list of channels as it renders: those keep one query. A centre lookup ranks the centres
    in memory.
    """
    return {"search": 1, "alerts:report": 1}.get(name, 0)


def _get(client, url):
    return client.get(url, secure=True)


def _text(client, url):
    response = _get(client, url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_pages_read_the_database_once_per_generation(
    client, seeded, content_cache_on, django_assert_max_num_queries
):
    for name, url in public_pages():
        first = _text(client, url)
        with django_assert_max_num_queries(queries_when_reused(name)):
            again = _text(client, url)
        assert again.count("<li") == first.count("<li"), url  # the same page, not an empty one


def test_an_edit_shows_on_the_next_request(client, seeded, content_cache_on):
    assert "US Refugee Programme" in _text(client, "/en/projects/")
    assert "US Refugee Programme" in _text(client, "/en/search/?q=refugee+programme")
    project = Project.objects.get(slug="us-refugee-programme")
    project.title = "Refugee resettlement to the United States"
    project.save()
    assert "Refugee resettlement to the United States" in _text(client, "/en/projects/")
    assert "Refugee resettlement to the United States" in _text(client, project.get_absolute_url())
    found = _text(client, "/en/search/?q=resettlement+united+states")
    assert "Refugee resettlement to the United States" in found


def test_an_edit_on_the_home_page_and_in_the_header_banner(client, seeded, content_cache_on):
    _text(client, "/en/")
    _text(client, "/en/centres/")
    section = HomeSection.objects.get(slug="iom-today")
    section.body = "A new paragraph about IOM today."
    section.save()
    assert "A new paragraph about IOM today." in _text(client, "/en/")
    ScamAlert.objects.create(
        title="Fake job offers in construction",
        slug="fake-jobs",
        summary="Offers of work permits for a fee.",
        body="Do not pay.",
        severity=Severity.EXTREME,
        status=Status.PUBLISHED,
    )
    # The banner is part of every page's cached header: it changes everywhere at once.
    assert "Fake job offers in construction" in _text(client, "/en/centres/")
    assert "Fake job offers in construction" in _text(client, "/ro/projects/")


def test_unpublishing_and_deleting_remove_the_item_at_once(client, seeded, content_cache_on):
    area = ProgrammeArea.objects.get(slug="migration-health")
    url = area.get_absolute_url()
    _text(client, url)
    area.status = Status.DRAFT
    area.save()
    assert _get(client, url).status_code == 404
    ScamAlert.objects.get(slug="internet-scams").delete()
    assert _get(client, "/en/alerts/internet-scams/").status_code == 404
    assert "internet-scams" not in _text(client, "/en/alerts/")


def test_each_language_gets_its_own_copy(client, seeded, content_cache_on):
    english = _text(client, "/en/projects/")
    romanian = _text(client, "/ro/projects/")
    assert 'lang="en"' in english and 'lang="ro"' in romanian
    assert "Proiecte" in romanian and "Proiecte" not in english


def test_a_scheduled_item_appears_when_its_time_comes(client, seeded, content_cache_on):
    soon = timezone.now() + dt.timedelta(seconds=3)  # room for a slow first request
    project = Project.objects.get(slug="us-refugee-programme")
    project.publish_at = soon
    project.save()
    assert "US Refugee Programme" not in _text(client, "/en/projects/")
    time.sleep(max(0.0, (soon - timezone.now()).total_seconds()) + 0.2)
    assert "US Refugee Programme" in _text(client, "/en/projects/")


def test_open_now_is_worked_out_on_every_request(client, seeded, content_cache_on, monkeypatch):
    """The centres are reused; whether each is open right now is not."""
    centre = Centre.objects.get(slug="brasov")
    for day in range(7):
        OpeningHours.objects.create(
            centre=centre, weekday=day, opens=dt.time(9), closes=dt.time(17)
        )
    noon = dt.datetime(2026, 12, 2, 12, 0, tzinfo=hours.TZ)
    monkeypatch.setattr(timezone, "now", lambda: noon)
    assert "Open now" in _text(client, "/en/centres/brasov/")
    assert "Open now" in _text(client, "/en/centres/")
    monkeypatch.setattr(timezone, "now", lambda: noon + dt.timedelta(hours=8))
    assert "Open now" not in _text(client, "/en/centres/")
    assert "Open now" not in _text(client, "/en/centres/brasov/")


def test_with_the_cache_down_pages_read_the_database(client, seeded, content_cache_on, settings):
    from .servers import free_port

    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5},
        }
    }
    _text(client, "/en/projects/")
    project = Project.objects.get(slug="us-refugee-programme")
    project.title = "Edited while the cache is down"
    project.save()
    assert "Edited while the cache is down" in _text(client, "/en/projects/")


def test_entries_are_bounded(db, content_cache_on):
    page_cache.current_generation()
    for number in range(content_cache.MAX_ENTRIES + 50):
        assert content_cache.cached_content(f"lookup:{number}", lambda n=number: n) == number
    assert len(content_cache._entries) == content_cache.MAX_ENTRIES
    # The newest are kept: asking again does not call read().
    assert (
        content_cache.cached_content(
            f"lookup:{content_cache.MAX_ENTRIES + 49}", lambda: pytest.fail("read again")
        )
        == content_cache.MAX_ENTRIES + 49
    )


def test_entries_end_after_their_time(db, content_cache_on, settings):
    settings.CONTENT_CACHE_SECONDS = 1
    assert content_cache.cached_content("clock", lambda: "first") == "first"
    assert content_cache.cached_content("clock", lambda: "second") == "first"
    time.sleep(1.1)
    assert content_cache.cached_content("clock", lambda: "third") == "third"
    assert cache.get(page_cache.GENERATION_KEY) is not None
