"""The page cache: hits, invalidation on any content change, 304s, nothing personal stored."""

import time

import pytest
from django.core.cache import caches
from django.test import Client, RequestFactory
from django.utils import timezone

from alerts.models import ScamAlert
from centres.models import Centre
from iom_romania import page_cache
from iom_romania.publishing import Status
from programmes.models import ProgrammeArea, Project


def _get(client, url, **headers):
    return client.get(url, secure=True, **headers)


def test_second_request_is_a_cache_hit_without_any_query(
    client, seeded, page_cache_on, django_assert_num_queries
):
    assert _get(client, "/en/centres/")["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        response = _get(client, "/en/centres/")
    assert response["X-Page-Cache"] == "hit"
    assert "Brașov" in response.content.decode()


def test_pages_are_cached_per_language(client, seeded, page_cache_on):
    _get(client, "/en/centres/")
    response = _get(client, "/ro/centres/")
    assert response["X-Page-Cache"] == "miss"
    assert 'lang="ro"' in response.content.decode()
    assert response["Content-Language"] == "ro"
    assert _get(client, "/ro/centres/")["Content-Language"] == "ro"


def test_a_save_is_visible_on_the_next_request(client, seeded, page_cache_on):
    _get(client, "/en/centres/")
    centre = Centre.objects.get(slug="brasov")
    centre.name = "Centrul Brașov renamed"
    centre.save()
    response = _get(client, "/en/centres/")
    assert response["X-Page-Cache"] == "miss"
    assert "Centrul Brașov renamed" in response.content.decode()


def test_publishing_and_deleting_are_visible_on_the_next_request(client, seeded, page_cache_on):
    project = Project.objects.get(slug="us-refugee-programme")
    project.status = Status.DRAFT
    project.save()
    assert "US Refugee Programme" not in _get(client, "/en/projects/").content.decode()
    project.status = Status.PUBLISHED
    project.save()
    assert "US Refugee Programme" in _get(client, "/en/projects/").content.decode()
    ScamAlert.objects.get(slug="internet-scams").delete()
    assert "Warning - Internet Scams" not in _get(client, "/en/alerts/").content.decode()


def test_many_to_many_changes_are_visible(client, seeded, page_cache_on):
    area = ProgrammeArea.objects.get(slug="migration-health")
    project = Project.objects.get(slug="us-refugee-programme")
    url = area.get_absolute_url()
    _get(client, url)
    project.areas.remove(area)
    assert "US Refugee Programme" not in _get(client, url).content.decode()


def test_a_scheduled_item_ends_the_cached_generation(client, seeded, page_cache_on):
    publish_at = timezone.now() + timezone.timedelta(hours=1)
    Project.objects.filter(slug="us-refugee-programme").update(publish_at=publish_at)
    assert page_cache.next_scheduled_change() == publish_at.timestamp()
    _get(client, "/en/projects/")
    assert _get(client, "/en/projects/")["X-Page-Cache"] == "hit"
    # The clock reaches the publication time:
    pages = caches[page_cache.CACHE_ALIAS]
    generation = pages.get(page_cache.GENERATION_KEY)
    pages.set(page_cache.GENERATION_KEY, {**generation, "until": time.time() - 1}, None)
    Project.objects.filter(slug="us-refugee-programme").update(publish_at=timezone.now())
    response = _get(client, "/en/projects/")
    assert response["X-Page-Cache"] == "miss"
    assert "US Refugee Programme" in response.content.decode()


def test_conditional_get_answers_304(client, seeded, page_cache_on):
    first = _get(client, "/en/alerts/")
    for response in (first, _get(client, "/en/alerts/")):  # miss, then hit
        etag, modified = response["ETag"], response["Last-Modified"]
        assert _get(client, "/en/alerts/", HTTP_IF_NONE_MATCH=etag).status_code == 304
        assert _get(client, "/en/alerts/", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
        assert _get(client, "/en/alerts/", HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_conditional_get_works_without_the_page_cache(client, seeded):
    etag = _get(client, "/en/alerts/")["ETag"]
    response = _get(client, "/en/alerts/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response["Cache-Control"].startswith("public")


def test_staff_are_never_served_or_stored(staff_client, seeded, page_cache_on):
    response = _get(staff_client, "/en/centres/")
    assert not response.has_header("X-Page-Cache")
    assert _get(Client(), "/en/centres/")["X-Page-Cache"] == "miss"
    assert not _get(staff_client, "/en/centres/").has_header("X-Page-Cache")


def test_responses_with_a_cookie_or_a_vary_header_are_not_stored(seeded, settings):
    from django.http import HttpResponse

    factory = RequestFactory()
    request = factory.get("/en/")
    response = HttpResponse("<form>")
    assert page_cache.response_is_public(request, response)
    response.set_cookie("csrftoken", "1")  # what the CSRF middleware does after {% csrf_token %}
    assert not page_cache.response_is_public(request, response)
    for vary in ("Cookie", "Accept-Language", "Accept-Encoding, Cookie"):
        response = HttpResponse("page")
        response["Vary"] = vary
        assert not page_cache.response_is_public(factory.get("/en/"), response), vary
    response = HttpResponse("page")
    response["Vary"] = "Accept-Encoding"
    assert page_cache.response_is_public(factory.get("/en/"), response)


def test_requests_with_a_session_or_odd_query_are_not_served_from_cache(settings):
    factory = RequestFactory()
    assert page_cache.request_is_cacheable(factory.get("/en/centres/", {"q": "brasov"}))
    assert not page_cache.request_is_cacheable(factory.post("/en/centres/"))
    assert not page_cache.request_is_cacheable(factory.get("/en/centres/", {"q": "x" * 300}))
    assert not page_cache.request_is_cacheable(factory.get("/centres/"))
    assert not page_cache.request_is_cacheable(factory.get(f"/{settings.ADMIN_URL}"))
    with_session = factory.get("/en/")
    with_session.COOKIES[settings.SESSION_COOKIE_NAME] = "x"
    assert not page_cache.request_is_cacheable(with_session)


def test_a_page_with_a_csp_nonce_gets_it_in_the_header_and_is_not_stored(
    client, seeded, page_cache_on
):
    from django.http import HttpResponse
    from django.test import RequestFactory

    request = RequestFactory().get("/en/")
    response = HttpResponse("page")
    response["Content-Security-Policy"] = "script-src 'self'"
    assert page_cache.response_is_public(request, response)
    # What the CSP middleware writes once a template used {{ request.csp_nonce }}:
    response["Content-Security-Policy"] = "script-src 'self' 'nonce-abc'"
    assert not page_cache.response_is_public(request, response)
    # Without a nonce in use, the header carries none:
    assert "nonce-" not in _get(client, "/en/")["Content-Security-Policy"]


def test_forms_keep_csrf_working_with_the_page_cache_on(seeded, page_cache_on):
    """A page with a form is never cached with a token in it, and its token is accepted."""
    import re

    from django.urls import reverse

    url = reverse("alerts:report")
    client = Client(enforce_csrf_checks=True)
    first = _get(client, url)
    assert first.status_code == 200
    assert "csrftoken" in first.cookies and "private" in first["Cache-Control"]
    again = _get(client, url)
    assert not again.has_header("X-Page-Cache")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', again.content.decode())[1]
    referer = f"https://testserver{url}"  # browsers send it; Django checks it over HTTPS
    sent = client.post(url, {"csrfmiddlewaretoken": token}, secure=True, HTTP_REFERER=referer)
    assert sent.status_code != 403  # the form's own validation answers, not a CSRF failure
    refused = Client(enforce_csrf_checks=True).post(url, {}, secure=True, HTTP_REFERER=referer)
    assert refused.status_code == 403


def test_with_redis_down_pages_work_uncached_within_their_query_budget(
    client, seeded, settings, django_assert_max_num_queries, gazetteer_index_loaded
):
    from .pages import DEFAULT_QUERY_BUDGET, QUERY_BUDGET, public_pages
    from .servers import free_port

    redis_down = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5},
    }
    settings.CACHES = {"default": redis_down, page_cache.CACHE_ALIAS: redis_down}
    settings.PAGE_CACHE_SECONDS = 300
    assert _get(client, "/en/").status_code == 200  # the first try finds the cache down
    for _round in range(2):
        for name, url in public_pages():
            with django_assert_max_num_queries(QUERY_BUDGET.get(name, DEFAULT_QUERY_BUDGET)):
                response = _get(client, url)
            assert response.status_code == 200, url
            assert response.get("X-Page-Cache") != "hit", url


def test_only_the_query_parameters_a_page_reads_make_entries(client, seeded, page_cache_on):
    # The finder reads q: a lookup is kept.
    assert _get(client, "/en/centres/?q=brasov")["X-Page-Cache"] == "miss"
    assert _get(client, "/en/centres/?q=brasov")["X-Page-Cache"] == "hit"
    # Parameters no page reads are answered, never kept.
    for url in ("/en/centres/?utm_source=x", "/en/alerts/?q=brasov", "/en/?page=2"):
        assert _get(client, url).status_code == 200, url
        again = _get(client, url)
        assert again.status_code == 200, url
        assert again.get("X-Page-Cache") != "hit", url
        assert "public" not in again.get("Cache-Control", ""), url


def test_the_number_of_cached_pages_is_bounded(client, seeded, page_cache_on, settings):
    settings.PAGE_CACHE_MAX_ENTRIES = 3
    urls = [f"/en/centres/?q=place{number}" for number in range(6)]
    for url in urls:
        assert _get(client, url).status_code == 200
    served = [_get(client, url)["X-Page-Cache"] for url in urls]
    assert served == ["hit"] * 3 + ["miss"] * 3


def test_the_report_sent_page_is_never_public(client, seeded, page_cache_on):
    from urllib.parse import urlencode

    from django.urls import reverse

    from alerts import abuse

    url = reverse("alerts:report_sent") + "?" + urlencode({"ref": abuse.sign_reference("R-1")})
    for _round in range(2):
        response = _get(client, url)
        assert response.status_code == 200
        assert "R-1" in response.content.decode()
        assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
        assert not response.has_header("X-Page-Cache")


def test_wrong_methods_get_405(client, seeded):
    from django.urls import reverse

    urls = [
        "/en/",
        "/en/centres/",
        "/en/centres/brasov/",
        "/en/centres/brasov/report/",
        reverse("alerts:report"),
        reverse("alerts:check"),
        reverse("alerts:report_sent"),
        reverse("alerts:feed_rss"),
        "/en/search/?q=brasov",
    ]
    for url in urls:
        for method in ("put", "delete", "patch"):
            response = getattr(Client(enforce_csrf_checks=True), method)(url, secure=True)
            assert response.status_code == 405, (method, url)
            assert "GET" in response["Allow"], (method, url)


def test_reports_and_corrections_do_not_end_the_generation(seeded, page_cache_on, settings):
    from alerts.models import ScamReport

    settings.SCAM_REPORT_MIN_FILL_SECONDS = 0
    reader = Client()
    for url in ("/en/centres/", "/en/alerts/"):
        _get(reader, url)
        assert _get(reader, url)["X-Page-Cache"] == "hit"
    # A visitor corrects a centre and reports a scam, through the pages' own forms:
    visitor = Client()
    sent = visitor.post(
        "/en/centres/brasov/report/", {"message": "The phone number changed."}, secure=True
    )
    assert sent.status_code == 302
    ScamReport.objects.create(what_happened="They asked for a fee for a visa.")
    for url in ("/en/centres/", "/en/alerts/"):
        assert _get(reader, url)["X-Page-Cache"] == "hit", url
    # Staff changing content still ends it:
    Centre.objects.filter(slug="brasov").first().save()
    assert _get(reader, "/en/centres/")["X-Page-Cache"] == "miss"


def test_a_renamed_visitor_submission_model_fails_loudly(monkeypatch):
    monkeypatch.setattr(page_cache, "VISITOR_SUBMISSIONS", ("centres.NoSuchReport",))
    with pytest.raises(LookupError):
        page_cache.content_models()


def test_a_change_to_the_contact_page_is_visible_on_the_next_request(client, seeded, page_cache_on):
    from iom_romania.models import OfficeContact

    assert "not yet published its contact details" in _get(client, "/en/contact/").content.decode()
    assert _get(client, "/en/contact/")["X-Page-Cache"] == "hit"
    office = OfficeContact.get_solo()
    office.email = "office@example.org"
    office.save()
    response = _get(client, "/en/contact/")
    assert response["X-Page-Cache"] == "miss"
    assert "office@example.org" in response.content.decode()


# What the security middleware adds; the page cache answers before it runs, so a hit must
# carry what was stored with the page.
SECURITY_HEADERS = (
    "Strict-Transport-Security",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Permissions-Policy",
    "Content-Security-Policy",
    "X-Frame-Options",
)


def test_a_cache_hit_carries_the_same_security_headers_as_the_page(
    client, seeded, page_cache_on, settings
):
    settings.SECURE_HSTS_SECONDS = 31536000
    miss = _get(client, "/en/alerts/")
    hit = _get(client, "/en/alerts/")
    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    for header in SECURITY_HEADERS:
        assert miss.has_header(header), header
        assert hit[header] == miss[header], header


def test_plain_http_is_redirected_to_https_even_when_the_page_is_cached(
    client, seeded, page_cache_on, settings
):
    settings.SECURE_SSL_REDIRECT = True
    assert _get(client, "/en/alerts/")["X-Page-Cache"] == "miss"
    assert _get(client, "/en/alerts/")["X-Page-Cache"] == "hit"
    response = client.get("/en/alerts/")  # http://
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/en/alerts/"
