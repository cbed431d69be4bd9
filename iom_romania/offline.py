"""The installable, offline-capable side of the site: the web app manifest and the service
worker (templates/sw.js), both served from the root so that the worker's scope is the
whole site. See docs/print-and-offline.md."""

import hashlib
import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

# What the worker keeps at most, in bytes: "about 1 MB" (issue 17).
OFFLINE_CACHE_MAX_BYTES = 1_000_000
THEME_COLOUR = "#0033a0"


@require_GET
def web_manifest(request: HttpRequest) -> HttpResponse:
    manifest = {
        "name": _("IOM Romania"),
        "short_name": "IOM RO",
        "description": _("Information centres for migrants and warnings about scams."),
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOUR,
        "icons": [
            {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("img/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    response = JsonResponse(manifest, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    response["Cache-Control"] = "public, max-age=3600"
    return response


def service_worker_source() -> str:
    context = {
        "max_bytes": OFFLINE_CACHE_MAX_BYTES,
        "admin_url": settings.ADMIN_URL,
        "languages": json.dumps([code for code, _name in settings.LANGUAGES]),
        "version": "",
    }
    body = render_to_string("sw.js", context)
    # The cache's name changes with the worker: a new worker starts from an empty cache
    # and deletes the old one, so pages saved by an older worker never linger.
    context["version"] = hashlib.sha256(body.encode()).hexdigest()[:12]
    return render_to_string("sw.js", context)


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(service_worker_source(), content_type="text/javascript")
    # Browsers check for a new worker on each visit anyway; no-cache makes them ask us.
    response["Cache-Control"] = "no-cache"
    return response
