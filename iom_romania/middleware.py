"""Site-wide request handling: request log, security headers, page cache, 405s, staff 2FA."""

import json
import logging
import time
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.http import http_date
from django.utils.translation import get_language_from_path

from . import page_cache, usage

request_logger = logging.getLogger("iom_romania.requests")


class RequestLogMiddleware:
    """One JSON line per request: what was asked and how it went, nothing about who asked.

    No IP address, user agent, cookie, user name or query string (a search or a pasted
    message can hold personal data): method, path, route, status, duration, language, cache.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        request_logger.info(
            json.dumps(
                {
                    "event": "request",
                    "method": request.method,
                    "path": request.path_info,
                    "route": match.view_name if match else None,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                    # Cache hits never reach LocaleMiddleware: the language is the URL's.
                    "language": getattr(request, "LANGUAGE_CODE", None)
                    or get_language_from_path(request.path_info),
                    "cache": response.get("X-Page-Cache", "none"),
                },
                ensure_ascii=False,
            )
        )
        return response


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class UsageMiddleware:
    """Counts what the page noted for the demand figures (iom_romania/usage.py).

    Outside the page cache, so a page served from it is counted too: the cache hands back
    the events stored with the page. Costs no database query.
    """

    COUNTED_STATUSES = (200, 302, 304)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        events = getattr(request, "usage_events", None)
        # HEAD: monitors and link checkers, not readers.
        counted = request.method in ("GET", "POST")
        if events and counted and response.status_code in self.COUNTED_STATUSES:
            usage.count(events, get_language_from_path(request.path_info) or "")
        return response


class PageCacheMiddleware:
    """Anonymous public pages: served from the cache, revalidated with ETag/Last-Modified.

    Placed before the CSP, session, locale, CSRF, authentication, two-factor and lockout
    middleware: a cache hit costs none of their work. A response that is the same for
    everybody gets `Cache-Control: public, max-age=...`, an ETag and Last-Modified, so
    browsers, nginx or a CDN can keep it too; conditional requests get 304. Anything
    personal (a session, a CSRF cookie, a CSP nonce, "private") is never stored.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not page_cache.request_is_cacheable(request):
            return self._mark_private(self.get_response(request))

        if page_cache.is_enabled():
            page = page_cache.lookup(request)
            if page is not None:
                # Pages stored before usage_events existed have none.
                request.usage_events = getattr(page, "usage_events", ())
                response = self._public(page.to_response(), page.etag, page.last_modified)
                response["X-Page-Cache"] = "hit"
                return get_conditional_response(
                    request,
                    etag=page.etag,
                    last_modified=int(page.last_modified),
                    response=response,
                )

        response = self.get_response(request)
        if not page_cache.response_is_public(request, response):
            return self._mark_private(response)

        set_response_etag(response)
        etag = response["ETag"]
        last_modified = None
        if page_cache.is_enabled():
            last_modified = page_cache.store(request, response, etag)
            response["X-Page-Cache"] = "miss"
        response = self._public(response, etag, last_modified)
        return get_conditional_response(
            request,
            etag=etag,
            last_modified=int(last_modified) if last_modified else None,
            response=response,
        )

    @staticmethod
    def _public(response, etag, last_modified):
        response["ETag"] = etag
        if last_modified:
            response["Last-Modified"] = http_date(last_modified)
        patch_cache_control(response, public=True, max_age=settings.PAGE_CACHE_MAX_AGE)
        return response

    @staticmethod
    def _mark_private(response):
        # A response that sets a cookie must never be kept by a shared cache.
        if response.cookies and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_cache=True)
        return response


# No public page takes these; a function view (which cannot say which methods it takes)
# answers them with 405 too.
METHODS_NO_VIEW_TAKES = ("PUT", "PATCH", "DELETE", "TRACE", "CONNECT")


class MethodNotAllowedMiddleware:
    """A method a view does not handle gets 405 (with Allow), before the CSRF check says 403."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        view_class = getattr(view_func, "view_class", None)
        if view_class is None:
            if request.method in METHODS_NO_VIEW_TAKES:
                return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
            return None
        allowed = [
            method.upper()
            for method in view_class.http_method_names
            if method != "options" and hasattr(view_class, method)
        ]
        if "GET" in allowed and "HEAD" not in allowed:
            allowed.append("HEAD")
        if request.method in allowed or request.method == "OPTIONS":
            return None
        return HttpResponseNotAllowed(allowed)


class AdminTwoFactorMiddleware:
    """With OTP_REQUIRED, a staff login reaches the admin only after a TOTP code.

    The admin's own login (with django-axes lockout) checks the password; this sends the
    signed-in but unverified user to the code page before any admin page, and treats them as
    a visitor everywhere else.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.OTP_REQUIRED and self._needs_code(request):
            verify_url = reverse("admin_otp_verify")
            return HttpResponseRedirect(f"{verify_url}?next={quote(request.get_full_path())}")
        return self.get_response(request)

    @staticmethod
    def _needs_code(request) -> bool:
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            # Nobody is signed in; and not touching the session keeps the page public.
            return False
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return False
        if not request.path_info.startswith("/" + settings.ADMIN_URL):
            # Outside the admin (e.g. a draft preview) a password alone grants nothing.
            request.user = AnonymousUser()
            return False
        exempt = (reverse("admin_otp_verify"), reverse("admin:logout"), reverse("admin:login"))
        return request.path_info not in exempt
