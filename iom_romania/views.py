import sys

from django.conf import settings
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.db import InterfaceError, OperationalError
from django.db.models import Prefetch
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    HttpResponseServerError,
)
from django.shortcuts import render
from django.template import loader
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_from_path
from django.views.generic import TemplateView

from alerts.context_processors import most_severe_alert
from centres.models import Centre
from programmes.models import Fact, HomeSection, Initiative, ProgrammeArea, Project

from . import usage
from .models import OfficeContact
from .search import search
from .sitemaps import site_sitemaps


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        content = home_content()
        sections = content["sections"]
        # The home page's warning is the banner's: one query for both.
        alert = most_severe_alert()
        return super().get_context_data(
            **content,
            alert=alert,
            scam_banner_alert=alert,
            text_updated=_latest_review(content["areas"], sections.values()),
            # The page's main text: base.html says when it is shown in English instead.
            translation_source=sections.get("iom_in_romania"),
            facts_updated=max((fact.as_of for fact in content["facts"]), default=None),
            **kwargs,
        )


def home_content() -> dict:
    published_projects = Project.objects.published()
    areas = ProgrammeArea.objects.published().prefetch_related(
        Prefetch("projects", queryset=published_projects, to_attr="published_projects")
    )
    return {
        # Keyed with underscores so templates can name them: sections.iom_today.
        "sections": {s.slug.replace("-", "_"): s for s in HomeSection.objects.published()},
        "facts": list(Fact.objects.published()),
        "areas": list(areas),
        "centres": list(Centre.objects.published().only("slug", "name", "city", "name_en")),
        "initiatives": list(Initiative.objects.published()),
    }


class ContactView(TemplateView):
    """How to reach the office, as staff typed it in the admin (OfficeContact)."""

    template_name = "contact.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(office=OfficeContact.get_solo(), **kwargs)


def _latest_review(*groups):
    dates = [item.last_reviewed for group in groups for item in group if item.last_reviewed]
    return max(dates, default=None)


# Error pages: in the visitor's language (LocaleMiddleware has already activated it) and in
# the site's layout, never with a traceback or a setting in them.


def bad_request(request, exception):
    # Without the request: it may be the bad part (a host we do not serve cannot even build a
    # link), so the DB-free layout of the 500 page, which needs neither.
    return HttpResponseBadRequest(loader.get_template("400.html").render())


def permission_denied(request, exception):
    return render(request, "403.html", status=403)


def csrf_failure(request, reason=""):
    # `reason` is for developers (DEBUG pages); the visitor gets a way to try again.
    return render(request, "403_csrf.html", status=403)


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    """500, or 503 with Retry-After when the cause is that the database does not answer.

    Rendered without the request's context processors: the database may be why we are here.
    """
    if database_unavailable(sys.exc_info()[1]):
        return service_unavailable(request)
    return HttpResponseServerError(loader.get_template("500.html").render())


def service_unavailable(request):
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


RETRY_AFTER_SECONDS = 30


def database_unavailable(error: BaseException | None) -> bool:
    """A lost or refused database connection, as opposed to a bug in a query."""
    return isinstance(error, OperationalError | InterfaceError)


class SearchView(TemplateView):
    template_name = "search.html"
    cached_query_params = ("q",)

    def get_context_data(self, **kwargs):
        query = " ".join(self.request.GET.get("q", "").split())[:200]
        groups = search(query) if query else []
        result_count = sum(len(group.results) for group in groups)
        if query:
            usage.note(self.request, usage.search_event(query, result_count))
        return super().get_context_data(
            # Also fills the search box in every page's header (includes/search_box.html).
            search_query=query,
            groups=groups,
            result_count=result_count,
            **kwargs,
        )


def switch_language(request, code):
    """Remember the reader's language in the cookie, then show `next` (this page in it)."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        with translation.override(code):
            next_url = reverse("home")
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    add_never_cache_headers(response)
    return response


# Pages a poster's QR code may open (by URL name): a visit through one is counted for them.
POSTER_TARGETS = {
    "home",
    "centres:centre_list",
    "centres:centre_detail",
    "alerts:alert_list",
    "alerts:alert_detail",
    "alerts:check",
    "alerts:report",
}


def poster_visit(request, target):
    """/qr/<language>/<page>/: what a printed QR code opens. Counts one poster visit for the
    page and its language (iom_romania/usage.py), then sends the reader there."""
    path = "/" + target
    if not path.endswith("/"):
        path += "/"
    language = get_language_from_path(path)
    if language is None:
        raise Http404
    try:
        with translation.override(language):  # the language prefix resolves in its language
            match = resolve(path)
    except Resolver404:
        raise Http404 from None
    if match.view_name not in POSTER_TARGETS:
        raise Http404
    page = path[len(language) + 2 :]  # "centres/brasov/" of "/uk/centres/brasov/"
    usage.note(request, usage.page_event(usage.POSTER, page, language=language))
    response = HttpResponseRedirect(path)
    add_never_cache_headers(response)
    return response


def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        # Search result pages are endless and add nothing the sitemap does not list.
        *(f"Disallow: /{code}/search/" for code, _name in settings.LANGUAGES),
        "",
        f"Sitemap: {sitemap_url}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def sitemap(request):
    return sitemap_view(request, sitemaps=site_sitemaps())
