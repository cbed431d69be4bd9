"""Health endpoints for a load balancer, outside the language prefix and never cached.

/healthz: the process is up and answers (no database, no cache). Also the plain-text floor
that `make bench` compares every page against: the full middleware stack and nothing else.
/readyz: the database and the cache answer; 503 otherwise, so the balancer sends traffic
to another app server.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request):
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


@never_cache
@require_safe
def readyz(request):
    checks = {"database": _database_answers(), "cache": _cache_answers()}
    ready = all(checks.values())
    return JsonResponse(
        {name: "ok" if passed else "failing" for name, passed in checks.items()},
        status=200 if ready else 503,
    )


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError as error:
        # One line, no traceback: a balancer asks every few seconds.
        logger.warning("readyz: the database does not answer (%s)", type(error).__name__)
        return False


def _cache_answers() -> bool:
    # django-redis ignores a dead Redis (IGNORE_EXCEPTIONS), so check a value comes back.
    key, value = "readyz:probe", uuid.uuid4().hex
    cache.set(key, value, 10)
    if cache.get(key) == value:
        return True
    logger.warning("readyz: the cache does not answer")
    return False
