"""Whole-page cache for anonymous visitors, emptied whenever content changes.

Every cached page is stored together with the "generation" it was rendered in. Any save or
delete of a model in the content apps drops the current generation, so every page cached
before the change stops matching at once, whatever the number of pages, languages or app
servers (they share Redis). A generation also ends by itself at the next scheduled
publish/unpublish time, so scheduled content appears on time without a cron job.

Nothing here touches the database on a cache hit: that is what keeps cached pages online
while the database is down.
"""

import hashlib
import logging
import threading
import time
import uuid
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import DatabaseError, transaction
from django.db.models import Min, Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import cc_delim_re, get_max_age
from django.utils.translation import get_language_from_path

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
# Apps whose models are public content: a change to any of their rows changes pages.
CONTENT_APPS = ("programmes", "centres", "alerts")
# Date-time fields after which a published item appears or disappears by itself.
SCHEDULE_FIELDS = ("publish_at", "unpublish_at", "expires_at")
# Longer query strings are answered but not stored, so nobody can fill the cache with junk.
MAX_CACHED_QUERY_LENGTH = 256
# Headers that are the same for every visitor and belong with the stored page.
STORED_HEADERS = ("Content-Type", "Content-Language", "Vary", "X-Frame-Options")


@dataclass
class CachedPage:
    status: int
    headers: list[tuple[str, str]]
    content: bytes
    etag: str
    last_modified: float

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
    # A session (staff) or a pending message makes the page personal.
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    if request.path_info.lstrip("/").startswith(settings.ADMIN_URL):
        return False
    if len(request.META.get("QUERY_STRING", "")) > MAX_CACHED_QUERY_LENGTH:
        return False
    return get_language_from_path(request.path_info) is not None


def response_is_public(request: HttpRequest, response: HttpResponse) -> bool:
    """The same answer for every visitor: no cookie, no session, no per-response nonce."""
    if response.status_code != 200 or response.streaming:
        return False
    if response.cookies:
        return False
    vary = {part.strip().lower() for part in cc_delim_re.split(response.get("Vary", ""))}
    if vary - {"", "accept-encoding"}:
        return False  # e.g. Accept-Language: the address alone does not say which version
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return False  # a form with a CSRF token in it
    if isinstance(getattr(request, "_csp_nonce", None), str):
        return False  # the nonce must differ on every response
    cache_control = {
        part.split("=")[0].strip().lower()
        for part in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    return not cache_control & {"private", "no-store", "no-cache"}


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
    return "pagecache:page:" + hashlib.sha256(address.encode("utf-8", "replace")).hexdigest()


def lookup(request: HttpRequest) -> CachedPage | None:
    """The cached page for this request, if it was rendered in the current generation."""
    key = page_key(request)
    found = cache.get_many([GENERATION_KEY, key]) or {}
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
    page = CachedPage(
        status=response.status_code,
        headers=[(name, response[name]) for name in STORED_HEADERS if response.has_header(name)],
        content=response.content,
        etag=etag,
        last_modified=generation["at"],
    )
    if timeout > 0:
        cache.set(page_key(request), {"generation": generation["id"], "page": page}, timeout)
    return generation["at"]


# While the cache does not answer, stop trying to start generations for a while: each try
# reads the publication schedule from the database for nothing.
CACHE_DOWN_BACKOFF_SECONDS = 10
_cache_down_until = 0.0


def current_generation() -> dict | None:
    global _cache_down_until
    generation = cache.get(GENERATION_KEY)
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
    if not cache.add(GENERATION_KEY, generation, timeout=None):
        stored = cache.get(GENERATION_KEY)
        if stored is None:  # neither written nor there: the cache is down
            _cache_down_until = time.monotonic() + CACHE_DOWN_BACKOFF_SECONDS
            return None
        generation = stored
    return generation


_this_request = threading.local()


def generation_for_this_request() -> dict | None:
    """current_generation(), asked of the cache once per request however often it is needed
    (outside a request, such as in a management command, every time)."""
    if not getattr(_this_request, "active", False):
        return current_generation()
    generation = getattr(_this_request, "generation", None)
    if generation is None:
        generation = _this_request.generation = current_generation()
    return generation


def _request_started(**kwargs) -> None:
    _this_request.active = True
    _this_request.generation = None


def _request_finished(**kwargs) -> None:
    _this_request.active = False
    _this_request.generation = None


def _forget_request_generation() -> None:
    _this_request.generation = None


def next_scheduled_change() -> float | None:
    """When the next scheduled publish/unpublish happens in any content app (epoch seconds)."""
    now = timezone.now()
    soonest = None
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
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in CONTENT_APPS and not model.__name__.startswith("Historical")
    ]


def drop_generation() -> None:
    cache.delete(GENERATION_KEY)
    _forget_request_generation()


def content_changed(sender, **kwargs) -> None:
    if sender._meta.app_label not in CONTENT_APPS:
        return
    # Now, so this process never serves the old page again; and after the commit, so a page
    # rendered by another request from not-yet-committed data is dropped too.
    drop_generation()
    transaction.on_commit(drop_generation)


def connect_signals() -> None:
    request_started.connect(_request_started, dispatch_uid="page_cache_request_started")
    request_finished.connect(_request_finished, dispatch_uid="page_cache_request_finished")
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(content_changed, dispatch_uid=f"page_cache_{id(signal)}")
