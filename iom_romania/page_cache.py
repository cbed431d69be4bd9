"""Whole-page cache for anonymous visitors, on its own cache alias (CACHES["pages"]).

Every cached page is stored together with the "generation" it was rendered in. Any save or
delete of published content drops the current generation, so every page cached before the
change stops matching at once, whatever the number of pages, languages or app servers (with
Redis they share it). A generation also ends by itself at the next scheduled
publish/unpublish time, so scheduled content appears on time without a cron job. What
visitors send (scam reports, centre corrections) is not content: it never ends a generation.

A page is kept only when the answer is the same for everybody (no cookie, no CSP nonce, no
"private" or "no-store") and the address holds no query parameter the view does not read
(each view names the ones it reads, see `reads_query_params`). Each generation keeps at most
PAGE_CACHE_MAX_ENTRIES pages: junk addresses cannot fill the cache.

Nothing here touches the database on a cache hit: that is what keeps cached pages online
while the database is down.
"""

import hashlib
import logging
import time
import uuid
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, transaction
from django.db.models import Min, Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import cc_delim_re, get_max_age
from django.utils.translation import get_language_from_path

logger = logging.getLogger(__name__)

CACHE_ALIAS = "pages"
GENERATION_KEY = "generation"
# Apps whose models are public content: a change to any of their rows changes pages.
CONTENT_APPS = ("programmes", "centres", "alerts")
# Site-wide settings shown on public pages, outside those apps: a change to one changes pages.
SITE_CONTENT = ("iom_romania.OfficeContact", "iom_romania.ContentTranslation")
# Rows that visitors create in those apps: they are never shown on a public page.
VISITOR_SUBMISSIONS = (
    "alerts.ScamReport",
    "alerts.ReportIndicator",
    "centres.InformationReport",
    # Subscriptions and the e-mail outbox: never on a public page.
    "alerts.Subscriber",
    "alerts.Mailing",
    "alerts.Delivery",
)
# Date-time fields after which a published item appears or disappears by itself.
SCHEDULE_FIELDS = ("publish_at", "unpublish_at", "expires_at")
# Longer query strings are answered but not stored, so nobody can fill the cache with junk.
MAX_CACHED_QUERY_LENGTH = 256
# Headers that are the same for every visitor and belong with the stored page. The page
# cache sits outside the security and CSP middleware, so what they add is stored with it.
STORED_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Vary",
    "X-Frame-Options",
    "Content-Security-Policy",
    "Content-Security-Policy-Report-Only",
    "Strict-Transport-Security",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Permissions-Policy",
)


def page_cache():
    return caches[CACHE_ALIAS]


def reads_query_params(*names: str):
    """Names the query parameters a function view reads, so pages with them can be cached.

    For a class-based view, set `cached_query_params` on the class instead. A view that
    names none is cached only at addresses without a query string.
    """

    def decorate(view):
        view.cached_query_params = names
        return view

    return decorate


@dataclass
class CachedPage:
    status: int
    headers: list[tuple[str, str]]
    content: bytes
    etag: str
    last_modified: float
    # What the page counts for the demand figures (iom_romania/usage.py): a cache hit counts
    # the same as the view did.
    usage_events: tuple = ()

    def to_response(self) -> HttpResponse:
        response = HttpResponse(self.content, status=self.status)
        for name, value in self.headers:
            response[name] = value
        return response


def is_enabled() -> bool:
    return settings.PAGE_CACHE_SECONDS > 0


def request_is_cacheable(request: HttpRequest) -> bool:
    """Anonymous GET/HEAD of a page under a language prefix, outside the staff area."""
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SECURE_SSL_REDIRECT and not request.is_secure():
        return False  # SecurityMiddleware answers it with a redirect to HTTPS
    # A session (staff) or a pending message makes the page personal.
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    if request.path_info.lstrip("/").startswith(settings.ADMIN_URL):
        return False
    if len(request.META.get("QUERY_STRING", "")) > MAX_CACHED_QUERY_LENGTH:
        return False
    return get_language_from_path(request.path_info) is not None


def response_is_public(request: HttpRequest, response: HttpResponse) -> bool:
    """The same answer for every visitor: no cookie (such as a form's CSRF cookie), no
    per-response CSP nonce, nothing marked private, no query parameter the view ignores."""
    if response.status_code != 200 or response.streaming:
        return False
    if response.cookies:
        return False
    vary = {part.strip().lower() for part in cc_delim_re.split(response.get("Vary", ""))}
    if vary - {"", "accept-encoding"}:
        return False  # e.g. Accept-Language: the address alone does not say which version
    for header in ("Content-Security-Policy", "Content-Security-Policy-Report-Only"):
        if "'nonce-" in response.get(header, ""):
            return False  # the nonce must differ on every response
    cache_control = {
        part.split("=")[0].strip().lower()
        for part in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    if cache_control & {"private", "no-store", "no-cache"}:
        return False
    return set(request.GET) <= query_params_read(request)


def query_params_read(request: HttpRequest) -> frozenset[str]:
    """The query parameters the view that answered names as read (none when it names none)."""
    match = request.resolver_match
    if match is None:
        return frozenset()
    view = getattr(match.func, "view_class", match.func)
    return frozenset(getattr(view, "cached_query_params", ()))


def page_key(request: HttpRequest) -> str:
    language = get_language_from_path(request.path_info)
    address = "|".join(
        [
            request.scheme,
            request.get_host(),
            language or "",
            request.path,
            request.META.get("QUERY_STRING", ""),
        ]
    )
    # "page2": pages stored with their security headers (before, they were added on each hit).
    return "page2:" + hashlib.sha256(address.encode("utf-8", "replace")).hexdigest()


def lookup(request: HttpRequest) -> CachedPage | None:
    """The cached page for this request, if it was rendered in the current generation."""
    key = page_key(request)
    found = page_cache().get_many([GENERATION_KEY, key]) or {}
    generation, stored = found.get(GENERATION_KEY), found.get(key)
    if not generation or not stored or stored.get("generation") != generation["id"]:
        return None
    if generation["until"] is not None and time.time() >= generation["until"]:
        drop_generation()  # a scheduled item goes public or private now
        return None
    return stored["page"]


def store(request: HttpRequest, response: HttpResponse, etag: str) -> float | None:
    """Keep the page; returns the generation's start time (the pages' Last-Modified)."""
    generation = current_generation()
    if generation is None:
        return None
    timeout = settings.PAGE_CACHE_SECONDS
    max_age = get_max_age(response)
    if max_age is not None:
        timeout = min(timeout, max_age)
    if timeout > 0 and _count_entry(generation["id"], timeout):
        page = CachedPage(
            status=response.status_code,
            headers=[
                (name, response[name]) for name in STORED_HEADERS if response.has_header(name)
            ],
            content=response.content,
            etag=etag,
            last_modified=generation["at"],
            usage_events=tuple(getattr(request, "usage_events", ())),
        )
        page_cache().set(page_key(request), {"generation": generation["id"], "page": page}, timeout)
    return generation["at"]


def _count_entry(generation_id: str, timeout: int) -> bool:
    """Count one more page in this generation; False once it holds PAGE_CACHE_MAX_ENTRIES.

    Pages of ended generations are never served again and expire within PAGE_CACHE_SECONDS.
    """
    key = f"entries:{generation_id}"
    pages = page_cache()
    pages.add(key, 0, timeout=settings.PAGE_CACHE_SECONDS)
    try:
        count = pages.incr(key)
    except ValueError:  # the counter expired or the cache lost it: start again
        pages.set(key, 1, timeout=settings.PAGE_CACHE_SECONDS)
        count = 1
    return count <= settings.PAGE_CACHE_MAX_ENTRIES


# While the cache does not answer, stop trying to start generations for a while: each try
# reads the publication schedule from the database for nothing.
CACHE_DOWN_BACKOFF_SECONDS = 10
_cache_down_until = 0.0


def current_generation() -> dict | None:
    global _cache_down_until
    pages = page_cache()
    generation = pages.get(GENERATION_KEY)
    if generation and (generation["until"] is None or time.time() < generation["until"]):
        return generation
    if generation:
        drop_generation()  # a scheduled item goes public or private now
    if time.monotonic() < _cache_down_until:
        return None
    try:
        until = next_scheduled_change()
    except DatabaseError:
        logger.warning("Page cache: could not read the publication schedule", exc_info=True)
        return None
    generation = {"id": uuid.uuid4().hex, "at": time.time(), "until": until}
    # add(): if another process started a generation meanwhile, use theirs.
    if not pages.add(GENERATION_KEY, generation, timeout=None):
        stored = pages.get(GENERATION_KEY)
        if stored is None:  # neither written nor there: the cache is down
            _cache_down_until = time.monotonic() + CACHE_DOWN_BACKOFF_SECONDS
            return None
        generation = stored
    return generation


def next_scheduled_change() -> float | None:
    """When the next scheduled publish/unpublish happens in any content app (epoch seconds),
    or sooner the next midnight at which a centre's notice or a public holiday starts or
    ends: "open now" on the centre pages changes then."""
    # Imported when called: this module is loaded before the apps' models are ready.
    from centres.models import next_open_now_change

    now = timezone.now()
    soonest = next_open_now_change(now)
    for model in content_models():
        fields = {field.name for field in model._meta.concrete_fields}
        aggregates = {
            name: Min(name, filter=Q(**{f"{name}__gt": now}))
            for name in SCHEDULE_FIELDS
            if name in fields
        }
        if not aggregates:
            continue
        for moment in model._base_manager.aggregate(**aggregates).values():
            if moment is not None and (soonest is None or moment < soonest):
                soonest = moment
    return soonest.timestamp() if soonest else None


def content_models():
    """Models whose rows public pages show: those of the content apps, less their history
    and what visitors send."""
    # get_model() raises LookupError for a renamed model: a rename cannot go unnoticed here.
    submissions = {apps.get_model(label) for label in VISITOR_SUBMISSIONS}
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in CONTENT_APPS
        and model not in submissions
        and not model.__name__.startswith("Historical")
    ]


def is_content(model) -> bool:
    if model._meta.label in SITE_CONTENT:
        return True
    if model._meta.app_label not in CONTENT_APPS:
        return False
    if model._meta.auto_created:  # a many-to-many table: content if both ends are
        return all(
            is_content(field.related_model)
            for field in model._meta.concrete_fields
            if field.is_relation
        )
    return model in content_models()


def drop_generation() -> None:
    page_cache().delete(GENERATION_KEY)


def content_changed(sender, **kwargs) -> None:
    if not is_content(sender):
        return
    # Now, so this process never serves the old page again; and after the commit, so a page
    # rendered by another request from not-yet-committed data is dropped too.
    drop_generation()
    transaction.on_commit(drop_generation)


def connect_signals() -> None:
    # Checked at start-up: a renamed model in VISITOR_SUBMISSIONS or SITE_CONTENT stops the
    # site loudly.
    content_models()
    for label in SITE_CONTENT:
        apps.get_model(label)
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(content_changed, dispatch_uid=f"page_cache_{id(signal)}")
