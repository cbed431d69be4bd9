import datetime as dt
import json
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, FormView, TemplateView

from alerts import abuse
from iom_romania import usage
from iom_romania.downloads import qr_code_download
from iom_romania.preview import PreviewableDetailMixin

from . import exports, geo, hours
from .finder import RESULTS_LIMIT, filtered_centres, find, offered_services, spoken_languages
from .forms import InformationReportForm
from .gazetteer import MAX_QUERY_LENGTH
from .gazetteer_db import attribution
from .models import Centre, ServiceType, Weekday, language_choices

LIST_PAGE_SIZE = 50
SEARCH_PARAMS = ("q", "lat", "lon", "place")


class CentreListView(TemplateView):
    """The finder: "Where are you?" form, ranked results or messages, and the full list."""

    template_name = "centres/centre_list.html"
    # What the page reads: the page cache keeps a page per value of these, and only these.
    cached_query_params = ("q", "lat", "lon", "place", "service", "language", "page")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        # The filters offer only what some centre has. An address may still name another
        # known language (an old link): it filters, and the page says nothing matches.
        services = offered_services()
        service = params.get("service", "")
        if service not in {s.slug for s in services}:
            service = ""
        languages = spoken_languages()
        language = params.get("language", "")
        if language not in dict(language_choices()):
            language = ""

        filtered = bool(service or language)
        finding = None
        if any(name in params for name in SEARCH_PARAMS):
            finding = find(
                query=params.get("q", "")[: MAX_QUERY_LENGTH + 1],
                lat=params.get("lat"),
                lon=params.get("lon"),
                place_id=params.get("place"),
                service=service,
                language=language,
            )
            event = usage.finder_event(finding)
            if event is not None:
                usage.note(self.request, event)
        context.update(
            finding=finding,
            # Not `query`: that is the site-wide search box's, in the header of every page.
            finder_query=params.get("q", "")[:MAX_QUERY_LENGTH],
            services=services,
            service=service,
            languages=languages,
            language=language,
            filtered=filtered,
            filter_query=urlencode(
                {k: v for k, v in [("service", service), ("language", language)] if v}
            ),
            results_limit=RESULTS_LIMIT,
            gazetteer_attribution=attribution(),
            map_tile_url=settings.MAP_TILE_URL,
            map_tile_attribution=settings.MAP_TILE_ATTRIBUTION,
        )
        if finding is None or not finding.results:
            centres = filtered_centres(service, language).with_contact_details()
            page = Paginator(centres, LIST_PAGE_SIZE).get_page(params.get("page"))
            context.update(
                page_obj=page, centres=page.object_list, is_paginated=page.has_other_pages()
            )
        if finding and finding.results:
            origin = finding.origin
            for centre in finding.results:
                centre.directions_url = geo.osm_directions_url(
                    geo.Point(centre.latitude, centre.longitude), origin
                )
            context["map_origin"] = f"{origin.latitude},{origin.longitude}"
        return context


class CentreDetailView(PreviewableDetailMixin, DetailView):
    model = Centre
    template_name = "centres/centre_detail.html"
    context_object_name = "centre"

    def get_base_queryset(self):
        return Centre.objects.with_contact_details().prefetch_related(
            Prefetch("services", queryset=ServiceType.objects.all())
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        centre = self.object
        usage.note(self.request, usage.page_event(usage.CENTRE_PAGE, centre.slug))
        url = self.request.build_absolute_uri(centre.get_absolute_url())
        context["jsonld"] = exports.jsonld(centre, url)
        context["weekly_table"] = [
            {"name": day.label, "rows": [r for r in centre.weekly_hours_data if r.weekday == day]}
            for day in Weekday
        ]
        today = timezone.localdate(timezone=hours.TZ)
        context["upcoming_exceptions"] = [
            exception
            for exception in centre.hours_exceptions.all()
            if today <= exception.date <= today + dt.timedelta(days=90)
        ]
        context["map_tile_url"] = settings.MAP_TILE_URL
        context["map_tile_attribution"] = settings.MAP_TILE_ATTRIBUTION
        return context


class ReportView(FormView):
    """ "Report wrong information": a short form stored for staff (admin)."""

    template_name = "centres/report_form.html"
    form_class = InformationReportForm
    http_method_names = ["get", "post", "head", "options"]  # FormView also takes PUT

    def dispatch(self, request, *args, **kwargs):
        self.centre = get_object_or_404(Centre.objects.visible_by_url(), slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(centre=self.centre, **kwargs)

    def post(self, request, *args, **kwargs):
        # One limit for both public forms (alerts/abuse.py); what was typed stays on the page.
        if abuse.over_rate_limit(request):
            context = self.get_context_data(blocked_reason=abuse.RATE_LIMITED_MESSAGE)
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        abuse.count_submission(self.request)
        if not form.caught_a_bot():
            report = form.save(commit=False)
            report.centre = self.centre
            report.save()
        messages.success(self.request, _("Thank you. Staff will check the information."))
        return redirect(self.centre.get_absolute_url())


@require_GET
def centre_qr_code(request, slug):
    centre = get_object_or_404(Centre.objects.visible_by_url(), slug=slug)
    return qr_code_download(request, centre.get_absolute_url(), f"{centre.slug}-qr.svg")


# -- machine-readable exports (outside the language prefix) ---------------------------


def _export_centres():
    # What the exports show besides the centre: no messaging links.
    return Centre.objects.published().prefetch_related(
        "services", "phones", "weekly_hours", "hours_exceptions", "notices"
    )


def _url_for(request):
    def url_for(centre):
        return request.build_absolute_uri(centre.get_absolute_url())

    return url_for


def _json(data, content_type):
    body = json.dumps(data, ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def centres_geojson(request):
    return _json(exports.geojson(_export_centres(), _url_for(request)), "application/geo+json")


@require_GET
def centre_vcard(request, slug):
    centre = get_object_or_404(Centre.objects.published(), slug=slug)
    url = request.build_absolute_uri(centre.get_absolute_url())
    response = HttpResponse(exports.vcard(centre, url), content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{centre.slug}.vcf"'
    return response
