"""The read-only Open Referral HSDS 3.0 API under /hsds/: thin views over centres.hsds.

Every answer is JSON, open to other sites (CORS) and cacheable like a public page; a bad
parameter is a 400 and an unknown id a 404, both JSON with a message in the reader's language.
"""

import functools
import json

from django.conf import settings
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from . import hsds
from .models import Centre, ServiceType


class NotFound(Exception):
    pass


def accepted_language(header: str) -> str:
    """The site language the Accept-Language header prefers most, else English."""
    choices = []
    for part in header.split(","):
        code, *options = (piece.strip() for piece in part.split(";"))
        weight = 1.0
        for option in options:
            if option.startswith("q="):
                try:
                    weight = float(option[2:])
                except ValueError:
                    weight = 0.0
        if code and code != "*" and weight > 0:
            choices.append((weight, code))
    for _weight, code in sorted(choices, key=lambda choice: -choice[0]):
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


def _json(data: dict, status: int = 200) -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False), content_type="application/json", status=status
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _error(status: int, message: str) -> HttpResponse:
    return _json({"status": status, "error": message}, status=status)


def api_view(build):
    """A GET view answering build(request, params, **kwargs) in the language asked for."""

    @require_safe
    @functools.wraps(build)
    def view(request, **kwargs):
        language = accepted_language(request.headers.get("Accept-Language", ""))
        asked = request.GET.get("lang", "")
        with translation.override(language):
            if asked and asked not in dict(settings.LANGUAGES):
                codes = ", ".join(code for code, _name in settings.LANGUAGES)
                return _error(400, _("lang must be one of: %(codes)s.") % {"codes": codes})
        language = asked or language
        with translation.override(language):
            try:
                params = hsds.parse_params(request.GET.dict())
                site = request.build_absolute_uri("/").rstrip("/")
                data = build(request, params, site, **kwargs)
            except hsds.BadParameter as exc:
                return _error(400, str(exc))
            except NotFound:
                return _error(404, _("Nothing published here has this id."))
        response = _json(data)
        response["Content-Language"] = language
        patch_vary_headers(response, ["Accept-Language"])
        patch_cache_control(response, public=True, max_age=settings.PAGE_CACHE_MAX_AGE)
        set_response_etag(response)
        return get_conditional_response(request, etag=response["ETag"], response=response)

    return view


def _page(rows: list, total: int, params: hsds.Params, build_item) -> dict:
    return hsds.page([build_item(row) for row in rows], total, params)


def _links_by_service(service_type_pks: list[int]) -> dict[int, list]:
    grouped: dict[int, list] = {pk: [] for pk in service_type_pks}
    for link in hsds.service_links(full=True).filter(servicetype_id__in=service_type_pks):
        grouped[link.servicetype_id].append(link)
    return grouped


@api_view
def api_root(request, params, site):
    return hsds.api_root()


@api_view
def services(request, params, site):
    rows = hsds.filter_services(hsds.published_services(), params)
    start, end = hsds.page_bounds(params)
    chosen = rows[start:end]
    if not params.full:
        return _page(
            chosen, len(rows), params, lambda s: hsds.service(s, hsds.service_facts(s), site)
        )
    links = _links_by_service([s.pk for s in chosen])
    return _page(
        chosen,
        len(rows),
        params,
        lambda s: hsds.full_service(s, hsds.service_facts(s), links[s.pk], site),
    )


@api_view
def service_detail(request, params, site, id):
    wanted = id.lower()
    for service_type in hsds.published_services():
        if hsds.service_id(service_type.pk) == wanted:
            links = _links_by_service([service_type.pk])[service_type.pk]
            facts = hsds.service_facts(service_type)
            return hsds.full_service(service_type, facts, links, site)
    raise NotFound


def _organization_with_services(params: hsds.Params, site: str) -> dict:
    data = hsds.organization()
    services = list(hsds.published_services())
    full = params.full or params.full_service
    links = _links_by_service([s.pk for s in services]) if full else {}
    data["services"] = [
        hsds.full_service(s, hsds.service_facts(s), links[s.pk], site)
        if full
        else hsds.service(s, hsds.service_facts(s), site)
        for s in services
    ]
    return data


@api_view
def organizations(request, params, site):
    rows = [hsds.organization()]
    if params.search:
        words = params.search.casefold().split()
        text = " ".join([rows[0]["name"], rows[0]["alternate_name"], rows[0]["description"]])
        rows = [row for row in rows if all(word in text.casefold() for word in words)]
    start, end = hsds.page_bounds(params)
    if params.full or params.full_service:
        rows = [_organization_with_services(params, site) for _row in rows]
    return hsds.page(rows[start:end], len(rows), params)


@api_view
def organization_detail(request, params, site, id):
    if id.lower() != hsds.ORGANIZATION_ID:
        raise NotFound
    return _organization_with_services(params, site)


@api_view
def service_at_locations(request, params, site):
    # Each service once per page, not once per item: every item nests its service.
    nested = {s.pk: hsds.service(s, hsds.service_facts(s), site) for s in hsds.published_services()}
    links = hsds.filter_links(hsds.service_links(full=params.full), params)
    start, end = hsds.page_bounds(params)
    return _page(
        list(links[start:end]),
        links.count(),
        params,
        # .get(): a centre published between the two queries has no facts yet.
        lambda link: hsds.service_at_location(
            link, nested.get(link.servicetype_id), site, full=params.full
        ),
    )


@api_view
def service_at_location_detail(request, params, site, id):
    wanted = id.lower()
    pairs = Centre.services.through.objects.filter(centre__in=Centre.objects.published())
    for centre_pk, service_type_pk in pairs.values_list("centre_id", "servicetype_id"):
        if hsds.service_at_location_id(centre_pk, service_type_pk) == wanted:
            link = (
                hsds.service_links(full=True)
                .filter(centre_id=centre_pk, servicetype_id=service_type_pk)
                .first()
            )
            if link is None:  # unpublished since the first query
                raise NotFound
            service_type = next(s for s in hsds.published_services() if s.pk == service_type_pk)
            nested = hsds.service(service_type, hsds.service_facts(service_type), site)
            return hsds.service_at_location(link, nested, site, full=True)
    raise NotFound


@api_view
def taxonomies(request, params, site):
    rows = [hsds.taxonomy()]
    if params.search:
        text = " ".join([rows[0]["name"], rows[0]["description"]]).casefold()
        rows = [row for row in rows if all(w in text for w in params.search.casefold().split())]
    start, end = hsds.page_bounds(params)
    return hsds.page(rows[start:end], len(rows), params)


@api_view
def taxonomy_detail(request, params, site, id):
    if id.lower() != hsds.TAXONOMY_ID:
        raise NotFound
    return hsds.taxonomy()


@api_view
def taxonomy_terms(request, params, site):
    terms = hsds.filter_terms(ServiceType.objects.order_by("order", "pk"), params)
    start, end = hsds.page_bounds(params)
    return _page(list(terms[start:end]), terms.count(), params, hsds.taxonomy_term)


@api_view
def taxonomy_term_detail(request, params, site, id):
    wanted = id.lower()
    for service_type in ServiceType.objects.all():
        if hsds.taxonomy_term_id(service_type.pk) == wanted:
            return hsds.taxonomy_term(service_type)
    raise NotFound


@require_safe
def not_found(request, rest=""):
    return _error(404, _("There is no such address in this API."))


@require_safe
def package(request):
    """/centres/hsds.json: the whole directory as one HSDS organization (see docs)."""
    with translation.override(accepted_language(request.headers.get("Accept-Language", ""))):
        data = hsds.package(request.build_absolute_uri("/").rstrip("/"))
    response = _json(data)
    patch_vary_headers(response, ["Accept-Language"])
    return response
