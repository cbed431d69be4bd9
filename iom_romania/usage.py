"""Demand figures: counting lookups and page views per day and language, never per visitor.

What is counted (docs/demand.md):

- a lookup in the centre finder, the site search or "Check an offer": whether it found
  something, the gazetteer place or county it matched (never coordinates), the centre that
  came first, and, for a lookup that matched nothing, its text after `normalise_text`
  (digits and e-mail-like strings removed, cut short);
- a view of a warning page, a centre page, or a visit through a poster's QR code.

Nothing about who asked is kept: no address, cookie, user agent, referrer, or time finer than
the day. The hot path costs no database query: a view notes its events on the request
(`note`), the page cache stores them with the page so that a cached page is counted again,
and UsageMiddleware adds them to a buffer in memory. Each process sends its buffer to Redis
(HINCRBY on the day's hash, one round trip) every few seconds; `flush` writes the sums to
the database in one batch, and `manage.py flush_usage` calls it every few minutes
(deploy/iom-romania-usage.timer). Without Redis a background thread in each process writes
its own buffer to the database (USAGE_FLUSH_SECONDS).
"""

from __future__ import annotations

import atexit
import datetime as dt
import functools
import json
import logging
import re
import threading
import time
import unicodedata
import uuid
from collections import Counter
from dataclasses import dataclass, fields

import redis
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

# Kinds of event; the report groups by them.
FINDER, SEARCH, CHECK = "finder", "search", "check"
ALERT_PAGE, CENTRE_PAGE, POSTER = "alert", "centre", "poster"
LOOKUP_KINDS = (FINDER, SEARCH, CHECK)
PAGE_KINDS = (ALERT_PAGE, CENTRE_PAGE, POSTER)

# Only this much of what was typed is ever looked at, and this much of the result kept.
MAX_INPUT_CHARS = 200
MAX_TEXT_CHARS = 60
MAX_FIELD_CHARS = 200

# Anything joined to an "@" is an e-mail address or a handle; a link may carry either.
_EMAIL_LIKE = re.compile(r"\S*@\S*")
_LINK_LIKE = re.compile(r"\S*(?:https?:|www\.)\S*", re.IGNORECASE)


def normalise_text(raw: str) -> str:
    """What is kept of a lookup that matched nothing: letters only, lower case, short.

    E-mail-like strings and links go first, then every digit of every script, punctuation
    and symbols: a typed phone number or e-mail address never reaches the database.
    """
    text = unicodedata.normalize("NFKC", (raw or "")[:MAX_INPUT_CHARS])
    text = _LINK_LIKE.sub(" ", _EMAIL_LIKE.sub(" ", text))
    # Letters and combining marks (Arabic, Devanagari) stay; digits, symbols, controls go.
    text = "".join(ch if unicodedata.category(ch)[0] in "LM" else " " for ch in text)
    return " ".join(text.casefold().split())[:MAX_TEXT_CHARS].strip()


@dataclass(frozen=True)
class Event:
    """One thing to count. The language and the day are added when it is counted."""

    kind: str
    found: bool = True
    place_id: int = 0  # a GeoNames id, or minus the county code; 0: no place
    place: str = ""
    county: str = ""
    centre: str = ""  # the slug of the centre that came first
    page: str = ""  # the slug of a warning or centre page, the path a poster points to
    text: str = ""  # normalised, only for a lookup that matched nothing
    language: str = ""  # only when the page's address does not say (a poster's redirect)

    def field(self, language: str) -> str:
        """The event as a Redis hash field: its values as a JSON list, language included."""
        return _field(self, language)


@functools.lru_cache(maxsize=4096)
def _field(event: Event, language: str) -> str:
    # Cached: the same few events come back on every page view (dataclasses.asdict is slow).
    values = [getattr(event, name) for name in EVENT_FIELDS]
    values[-1] = event.language or language or ""
    return json.dumps(values, ensure_ascii=False, separators=(",", ":"))


EVENT_FIELDS = [f.name for f in fields(Event)]  # "language" last


def decode(field: str) -> dict | None:
    """The model fields of a counted event; None for anything that is not one of ours."""
    try:
        values = json.loads(field)
        event = dict(zip(EVENT_FIELDS, values, strict=True))
        event["found"] = bool(event["found"])
        event["place_id"] = int(event["place_id"])
        for name in ("kind", "place", "county", "centre", "page", "text", "language"):
            event[name] = str(event[name])[:MAX_FIELD_CHARS]
        event["text"] = event["text"][:MAX_TEXT_CHARS]
        event["language"] = event["language"][:8]
        event["kind"] = event["kind"][:16]
    except (ValueError, TypeError):
        return None
    return event


# -- what views note -------------------------------------------------------------------------


def note(request, event: Event) -> None:
    """Count `event` for this request (UsageMiddleware does, once the response is ready)."""
    request.usage_events = (*getattr(request, "usage_events", ()), event)


def finder_event(finding) -> Event | None:
    """The finder's lookup; None when the page shows no lookup (the plain list)."""
    from centres.finder import Problem

    if not finding.searched:
        return None
    place = finding.place
    found = finding.problem is None or finding.problem == Problem.AMBIGUOUS
    text = ""
    if finding.problem == Problem.NOT_FOUND:
        text = normalise_text(finding.query)
    return Event(
        kind=FINDER,
        found=found,
        place_id=place.id if place else 0,
        place=place.name if place else "",
        county=(place.county or place.name) if place else "",
        centre=finding.results[0].slug if finding.results else "",
        text=text,
    )


def search_event(query: str, result_count: int) -> Event:
    found = result_count > 0
    return Event(kind=SEARCH, found=found, text="" if found else normalise_text(query))


def check_event(any_match: bool, first_alert_slug: str = "") -> Event:
    # What was pasted into "Check an offer" is a message, not a search: none of it is kept.
    return Event(kind=CHECK, found=any_match, page=first_alert_slug[:MAX_FIELD_CHARS])


def page_event(kind: str, page: str, language: str = "") -> Event:
    return Event(kind=kind, page=page[:MAX_FIELD_CHARS], language=language)


# -- counting (the hot path: no database) ----------------------------------------------------

_buffer: dict[str, Counter] = {}
_buffer_lock = threading.Lock()
_flusher: threading.Timer | bool | None = False  # False: never started in this process
_clients: dict[str, redis.Redis] = {}


def redis_client() -> redis.Redis | None:
    url = settings.USAGE_REDIS_URL
    if not url:
        return None
    client = _clients.get(url)
    if client is None:
        client = redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5)
        _clients[url] = client
    return client


def key_prefix() -> str:
    return f"{settings.CACHE_KEY_PREFIX}:usage:"


# A day's hash left unflushed (the timer stopped) is dropped after this long.
UNFLUSHED_SECONDS = 14 * 24 * 3600
_pushed_at = 0.0


def count(events, language: str) -> None:
    """Add one to each event's count for today. Never raises: counting must not break a page.

    The counts wait in this process's buffer; with Redis, the buffer is pushed there in one
    round trip at most every USAGE_PUSH_SECONDS, by the request that finds it due (and by a
    background timer when no request comes), so most pages cost a dictionary update only.
    """
    if not settings.USAGE_COUNTING or not events:
        return
    day = today()
    names = [event.field(language) for event in events]
    with _buffer_lock:
        _buffer.setdefault(day, Counter()).update(names)
    if settings.USAGE_REDIS_URL and time.monotonic() - _pushed_at >= settings.USAGE_PUSH_SECONDS:
        push_to_redis()
    _start_flusher()


_today = (0, "")


def today() -> str:
    """The local date, worked out again once a minute (it costs more than the counting)."""
    global _today
    minute = int(time.time() // 60)
    if _today[0] != minute:
        _today = (minute, timezone.localdate().isoformat())
    return _today[1]


def push_to_redis() -> bool:
    """Move the buffer's counts to Redis (HINCRBY on each day's hash); False if Redis failed,
    in which case they stay in the buffer for the next try."""
    global _buffer, _pushed_at
    client = redis_client()
    if client is None:
        return False
    with _buffer_lock:
        taken, _buffer = _buffer, {}
        _pushed_at = time.monotonic()
    if not taken:
        return True
    try:
        pipe = client.pipeline(transaction=False)
        for day, counts in taken.items():
            for name, value in counts.items():
                pipe.hincrby(key_prefix() + day, name, value)
            pipe.expire(key_prefix() + day, UNFLUSHED_SECONDS)
        pipe.execute()
        return True
    except redis.RedisError:
        logger.warning("Usage counts: Redis did not answer; kept in memory")
        with _buffer_lock:
            for day, counts in taken.items():
                _buffer.setdefault(day, Counter()).update(counts)
        return False


def _start_flusher() -> None:
    """Counts must not wait for the next request: a timer moves them on (to Redis, or without
    Redis to the database, since nobody else sees this process's buffer)."""
    global _flusher
    if _flusher not in (None, False) or settings.USAGE_FLUSH_SECONDS <= 0:
        return
    with _buffer_lock:
        if _flusher in (None, False):
            if _flusher is False:  # first time in this process
                atexit.register(_flush_at_exit)
            _flusher = threading.Timer(settings.USAGE_FLUSH_SECONDS, _flush_in_background)
            _flusher.daemon = True
            _flusher.start()


def _flush_in_background() -> None:
    global _flusher
    try:
        _move_buffer_on()
    except Exception:  # the next run tries again; a page never waits for this
        logger.exception("Usage counts: writing the buffer failed")
    finally:
        connection.close()
        _flusher = None


def _move_buffer_on() -> None:
    if not (settings.USAGE_REDIS_URL and push_to_redis()):
        flush_buffer()


def _flush_at_exit() -> None:
    try:
        _move_buffer_on()
    except Exception:
        logger.exception("Usage counts: writing the buffer at exit failed")


# -- writing to the database -----------------------------------------------------------------


def flush() -> int:
    """Write every count waiting in this process's buffer and in Redis; returns rows written."""
    return flush_buffer() + flush_redis()


def flush_buffer() -> int:
    global _buffer
    with _buffer_lock:
        taken, _buffer = _buffer, {}
    written = 0
    try:
        for day, counts in taken.items():
            written += write(day, counts)
    except Exception:
        with _buffer_lock:  # keep them for the next try
            for day, counts in taken.items():
                _buffer.setdefault(day, Counter()).update(counts)
        raise
    return written


def flush_redis() -> int:
    """Each day's hash is renamed before it is read, so counts added meanwhile go to a new
    hash and none is lost or written twice; a batch whose write failed is retried next time."""
    client = redis_client()
    if client is None:
        return 0
    written = 0
    prefix = key_prefix()
    for raw_key in list(client.scan_iter(match=prefix + "*", count=500)):
        key = raw_key.decode()
        day = key[len(prefix) :].split(":")[0]
        if ":flushing:" in key:
            batch = key
        else:
            batch = f"{key}:flushing:{uuid.uuid4().hex}"
            try:
                client.rename(key, batch)
            except redis.ResponseError:  # gone meanwhile (another flush)
                continue
        counts = Counter(
            {name.decode(): int(value) for name, value in client.hgetall(batch).items()}
        )
        written += write(day, counts)
        client.delete(batch)
    return written


def write(day: str, counts: Counter) -> int:
    """Add the counts to the day's rows: one upsert statement for the whole batch."""
    from .models import UsageCount

    try:
        day_value = dt.date.fromisoformat(day)
    except ValueError:
        return 0
    rows = []
    for name, value in counts.items():
        event = decode(name)
        if event is None or value <= 0:
            continue
        rows.append((day_value, *(event[column] for column in UsageCount.KEY_FIELDS[1:]), value))
    if not rows:
        return 0
    table = connection.ops.quote_name(UsageCount._meta.db_table)
    columns = ", ".join(UsageCount.KEY_FIELDS)
    placeholders = ", ".join(["%s"] * (len(UsageCount.KEY_FIELDS) + 1))
    sql = (
        f"INSERT INTO {table} ({columns}, count) VALUES ({placeholders}) "
        f"ON CONFLICT ({columns}) DO UPDATE SET count = {table}.count + excluded.count"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    return len(rows)


def purge(days: int, dry_run: bool = False) -> int:
    """Delete the figures of days more than `days` days ago; returns how many rows."""
    from .models import UsageCount

    cutoff = timezone.localdate() - dt.timedelta(days=days)
    old = UsageCount.objects.filter(day__lt=cutoff)
    if dry_run:
        return old.count()
    deleted, _by_model = old.delete()
    return deleted
