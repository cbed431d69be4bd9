"""Refuse requests carrying characters the database cannot store.

PostgreSQL's text columns cannot hold a NUL character (U+0000): a query or a row with one
fails inside the database driver, after the view has started, as a 500 with a traceback.
No browser puts one in a form or a link a person typed, so a request that carries one
anywhere Django reads input from (the path, the query string, a form body, a cookie such
as the session id) is answered at once with the 400 page, in the visitor's language.
Other bad input (invalid UTF-8, lone surrogates) never gets this far: Django decodes it
with replacement characters.
"""

from collections.abc import Iterable

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _

from . import views

REFUSED = "\x00"
# The open-data API (centres/hsds_views.py) answers its clients in JSON, errors included.
JSON_API_PREFIX = "/hsds/"


def _carries_refused_character(pairs: Iterable[tuple[str, list[str]]]) -> bool:
    return any(REFUSED in key or any(REFUSED in v for v in values) for key, values in pairs)


def refused_input(request: HttpRequest) -> bool:
    """True when the request carries a character the database refuses."""
    cookies = ((name, [value]) for name, value in request.COOKIES.items())
    return (
        REFUSED in request.path
        or _carries_refused_character(request.GET.lists())
        or _carries_refused_character(cookies)
        or (request.method == "POST" and _carries_refused_character(request.POST.lists()))
    )


class RequestCheckMiddleware:
    """The 400 page for input the database would refuse (see the module docstring).

    Before SessionMiddleware, which would look a refused session id up in the database on
    the way out; so the page's language is the one in the address, not yet LocaleMiddleware's.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if refused_input(request) and request.path_info.startswith(JSON_API_PREFIX):
            language = translation.get_language_from_request(request)
            with translation.override(language):
                message = _("Parameters must not contain control characters.")
            return JsonResponse(
                {"status": 400, "error": message},
                status=400,
                headers={"Access-Control-Allow-Origin": "*"},
                json_dumps_params={"ensure_ascii": False},
            )
        if refused_input(request):
            language = translation.get_language_from_path(request.path_info)
            with translation.override(language or settings.LANGUAGE_CODE):
                return views.bad_request(request, None)
        return self.get_response(request)
