from django.conf import settings
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, HttpResponseRedirect, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import TemplateView

from alerts.models import ScamAlert
from centres.models import Centre
from programmes.models import Fact, HomeSection, Initiative, ProgrammeArea, Project

from .search import search
from .sitemaps import site_sitemaps


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        published_projects = Project.objects.published()
        areas = ProgrammeArea.objects.published().prefetch_related(
            Prefetch("projects", queryset=published_projects, to_attr="published_projects")
        )
        # Keyed with underscores so templates can name them: sections.iom_today.
        sections = {s.slug.replace("-", "_"): s for s in HomeSection.objects.published()}
        facts = list(Fact.objects.published())
        areas = list(areas)
        return super().get_context_data(
            sections=sections,
            facts=facts,
            areas=areas,
            centres=Centre.objects.published().only("slug", "name", "city", "name_en"),
            initiatives=Initiative.objects.published(),
            alert=ScamAlert.objects.published().first(),
            text_updated=_latest_review(areas, sections.values()),
            # The page's main text: base.html says when it is shown in English instead.
            translation_source=sections.get("iom_in_romania"),
            facts_updated=max((fact.as_of for fact in facts), default=None),
            **kwargs,
        )


def _latest_review(*groups):
    dates = [item.last_reviewed for group in groups for item in group if item.last_reviewed]
    return max(dates, default=None)


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without the request's context processors: the database may be why we are here.
    return HttpResponseServerError(loader.get_template("500.html").render())


class SearchView(TemplateView):
    template_name = "search.html"

    def get_context_data(self, **kwargs):
        query = " ".join(self.request.GET.get("q", "").split())[:200]
        groups = search(query) if query else []
        return super().get_context_data(
            query=query,
            groups=groups,
            result_count=sum(len(group.results) for group in groups),
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
