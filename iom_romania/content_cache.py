"""Published content read from the database once per content generation, not per request.

The page cache (iom_romania.page_cache) keeps whole pages, one per address. Many addresses
share the same content: every page shows the scam banner, every centre lookup ranks the
same centres, and the first visit after an edit renders pages whose content has not changed
since the last. Here each app server keeps what a page read from the database (evaluated
lists of model instances, with their prefetched relations) in its own memory, under the
page cache's generation: any content save ends the generation for every server at once
(it lives in the shared cache), so an edit shows on the next request everywhere.

Only with a shared cache (CONTENT_CACHE_SECONDS > 0, on with Redis): with a per-process
cache one server would not hear of another's edits. Entries also end after that many
seconds, like cached pages, in case a change bypassed the signals (a bulk `.update()`).
When the cache does not answer, every request reads the database, as if this module were
not there.
"""

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings

from . import page_cache
from .i18n import current_language

T = TypeVar("T")

# Bounded: lookups by a visitor's query would otherwise grow it without end.
MAX_ENTRIES = 512
_entries: OrderedDict[tuple[str, str, str], tuple[object, float]] = OrderedDict()
_lock = threading.Lock()


def cached_content(name: str, read: Callable[[], T]) -> T:
    """read()'s result, shared by every request of this generation in this language.

    `read` must return plain data or evaluated lists (never a lazy QuerySet), and `name`
    must say everything the result depends on besides the language (a slug, a filter).
    """
    if settings.CONTENT_CACHE_SECONDS <= 0:
        return read()
    generation = page_cache.generation_for_this_request()
    if generation is None:
        return read()
    key = (generation["id"], current_language(), name)
    now = time.monotonic()
    with _lock:
        found = _entries.get(key)
        if found is not None and found[1] > now:
            _entries.move_to_end(key)
            return found[0]
    value = read()
    with _lock:
        _entries[key] = (value, now + settings.CONTENT_CACHE_SECONDS)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return value


def forget_all() -> None:
    """Tests: start with nothing remembered."""
    with _lock:
        _entries.clear()
