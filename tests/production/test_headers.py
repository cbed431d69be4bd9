"""Every public page carries the security headers and is cacheable by anyone in front."""

import pytest
from django.conf import settings

from .pages import public_files, public_pages

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "geolocation=(self), camera=(), microphone=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
CSP_DIRECTIVES = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'none'",
    "object-src 'none'",
]


def _csp(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def _assert_security_headers(response, url):
    for name, value in SECURITY_HEADERS.items():
        assert response.get(name) == value, (url, name)
    hsts = response["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts and "includeSubDomains" in hsts, url
    csp = response["Content-Security-Policy"]
    for directive in CSP_DIRECTIVES:
        assert directive in csp, (url, directive)
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, url
    # The map tile host may serve images, and nothing else.
    tile_host = settings.MAP_TILE_ORIGIN
    for name, values in _csp(response).items():
        assert (tile_host in values) == (name == "img-src"), (url, name)


def test_every_public_page_sends_every_security_header(client, seeded):
    for _name, url in public_pages() + public_files():
        response = client.get(url, secure=True)
        assert response.status_code == 200, url
        _assert_security_headers(response, url)


@pytest.mark.parametrize("url", ["/en/no-such-page/", "/healthz", "/readyz"])
def test_other_responses_send_them_too(client, seeded, url):
    response = client.get(url, secure=True)
    _assert_security_headers(response, url)


def test_public_pages_are_public_cacheable_and_set_no_cookie(
    client, seeded, page_cache_on, settings
):
    settings.OTP_REQUIRED = True  # as in production
    for _name, url in public_pages():
        response = client.get(url, secure=True)
        if response.cookies:  # a page with a form needs its CSRF cookie: never public
            assert "private" in response["Cache-Control"], url
            continue
        assert response["Cache-Control"] == f"public, max-age={settings.PAGE_CACHE_MAX_AGE}", url
        assert response["ETag"].startswith('"'), url
        assert response.has_header("Last-Modified"), url
        assert not response.cookies, url
        assert "Cookie" not in response.get("Vary", ""), url


def test_staff_pages_are_never_public(staff_client, seeded):
    response = staff_client.get(f"/{settings.ADMIN_URL}", secure=True)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    _assert_security_headers(response, "admin")
