"""Error pages: the visitor's language, the site's layout, no traceback; bad input never 500s."""

import pytest
from django.conf import settings
from django.test import Client

from .pages import public_files, public_pages

LEAKS = ["Traceback", "SECRET", "settings", "ZeroDivisionError", "OperationalError", "127.0.0.1"]


def _assert_friendly(response, status, title, language="en"):
    page = response.content.decode()
    assert response.status_code == status, page[:300]
    if language == "en":  # other languages: whatever the translation says
        assert title in page
    assert f'<html lang="{language}"' in page
    assert 'class="site-header"' in page and 'class="site-footer"' in page
    for leak in LEAKS:
        assert leak not in page, leak


@pytest.fixture
def failing_client(settings):
    settings.ROOT_URLCONF = "tests.production.urls_with_errors"
    client = Client(raise_request_exception=False)
    return client


def test_404_is_in_the_visitors_language(client, seeded):
    _assert_friendly(client.get("/ro/no-such-page/"), 404, "Page not found", "ro")
    _assert_friendly(client.get("/ar/centres/nowhere/"), 404, "Page not found", "ar")


def test_500_hides_the_error(failing_client, seeded):
    response = failing_client.get("/broken/", HTTP_ACCEPT_LANGUAGE="ro")
    _assert_friendly(response, 500, "Something went wrong", "ro")


def test_lost_database_answers_503_with_retry_after(failing_client, seeded):
    response = failing_client.get("/database-gone/")
    _assert_friendly(response, 503, "Temporarily unavailable")
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"


def test_400_for_a_host_we_do_not_serve(client, seeded):
    _assert_friendly(client.get("/en/", HTTP_HOST="evil.example"), 400, "Bad request")


def test_403_csrf_failure_page(seeded):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/i18n/setlang/", {"language": "ro"})
    _assert_friendly(response, 403, "The form has expired")


def test_403_page(seeded):
    from django.core.exceptions import PermissionDenied
    from django.test import RequestFactory

    from iom_romania import views

    response = views.permission_denied(RequestFactory().get("/en/"), PermissionDenied())
    _assert_friendly(response, 403, "Access denied")


BAD_PATHS = [
    "/xx/",
    "/zz/centres/",
    "/EN/",
    "/en-gb/",
    "/%FF%FE/",
    "/en/%FF%FE/",
    "/en/centres/%C0%AF/",
    "/en/centres/" + "a" * 3000 + "/",
    "/en/../../etc/passwd",
    "/en/centres/%00/",
]


@pytest.mark.parametrize("path", BAD_PATHS)
def test_bad_paths_never_500(seeded, path):
    response = Client(raise_request_exception=False).get(path)
    assert response.status_code in (301, 302, 400, 404), (path, response.status_code)


@pytest.mark.slow
def test_bad_input_walk_over_every_public_page(seeded):
    client = Client(raise_request_exception=False, enforce_csrf_checks=True)
    huge = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    for _name, url in public_pages() + public_files():
        base = url.split("?")[0]
        checks = {
            "overlong query": client.get(base, {"q": "x" * 20000}),
            "invalid utf-8 query": client.get(base, QUERY_STRING="q=%FF%FE%FD&page=%C0"),
            "raw bytes query": client.get(base, QUERY_STRING="q=\xff\xfe"),
            "odd page numbers": client.get(base, {"page": "-1"}),
            "huge page number": client.get(base, {"page": "9" * 50}),
            "many parameters": client.get(base, {f"p{n}": "1" for n in range(500)}),
        }
        for problem, response in checks.items():
            assert response.status_code < 500, (url, problem, response.status_code)
        read_only = _is_read_only_view(base)
        for method in ("post", "put", "patch", "delete", "trace"):
            response = getattr(client, method)(base, data=huge, content_type="text/plain")
            status = response.status_code
            # Read-only pages: 405. Forms and feeds: refused by the CSRF check or the size limit.
            expected = (405,) if read_only else (400, 403, 405, 413)
            assert status in expected, (url, method, status)
            if status == 405:
                assert "GET" in response["Allow"]


def test_huge_form_bodies_are_refused(seeded):
    client = Client(raise_request_exception=False)
    huge = {"language": "ro", "padding": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}
    assert client.post("/i18n/setlang/", huge).status_code in (400, 413)
    assert client.post(f"/{settings.ADMIN_URL}login/", huge).status_code in (400, 413)
    many = {f"field{n}": "1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    assert client.post("/i18n/setlang/", many).status_code in (400, 413)


def _is_read_only_view(path: str) -> bool:
    from django.urls import resolve

    view_class = getattr(resolve(path).func, "view_class", None)
    # Class-based views without post(); the sitemap's and function views' methods are their own.
    return view_class is not None and not hasattr(view_class, "post")
