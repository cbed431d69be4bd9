import sys

from django.db import InterfaceError, OperationalError
from django.db.models import Prefetch
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.generic import TemplateView

from alerts.context_processors import scam_banner
from centres.models import Centre
from programmes.models import Fact, HomeSection, Initiative, ProgrammeArea, Project


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
        # The home page's warning is the banner's: one query for both.
        alert = scam_banner(self.request)["scam_banner_alert"]
        return super().get_context_data(
            sections=sections,
            facts=facts,
            areas=areas,
            centres=Centre.objects.published().only("slug", "name", "city", "name_en"),
            initiatives=Initiative.objects.published(),
            alert=alert,
            scam_banner_alert=alert,
            text_updated=_latest_review(areas, sections.values()),
            facts_updated=max((fact.as_of for fact in facts), default=None),
            **kwargs,
        )


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
