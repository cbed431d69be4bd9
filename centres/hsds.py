"""The centre directory as Open Referral HSDS 3.0 objects, for the read-only API under /hsds/.

Plain functions: querysets and query parameters in, dicts out; no request objects (the views
in hsds_views.py read the request and serialise). Text comes out in the active language
(modeltranslation falls back to English), so the view activates the language asked for.

Mapping. The organization is IOM Romania; each published centre is a *location*; each kind
of help (`ServiceType`) offered at a published centre is a *service*, linked to the centres
offering it by *service_at_location*; the service types are also the terms of one
*taxonomy*, and each service carries its term as an *attribute*.

Identifiers are UUIDs (HSDS requires them) derived with uuid5 from a fixed namespace and the
object's primary key, never its slug or name: renaming a centre keeps its ids, and no column
is needed to store them.

Truth (issue 14): only what staff recorded goes out. Unknown optional fields are left out;
a required field whose value is unknown gets the empty string (the address's street and
postal code); see docs/centres.md for each rule.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.utils import build_localized_fieldname

from iom_romania.i18n import (
    DEFAULT_LANGUAGE,
    cached_reverse,
    current_language,
    fallback_fields,
)

from .models import (
    Centre,
    CentrePhone,
    HoursException,
    OpeningHours,
    OperatingStatus,
    ServiceType,
    language_name,
)

HSDS_VERSION = "3.0"
# No HSDS profile is used: the profile is the base specification.
PROFILE_URL = "https://docs.openreferral.org/en/3.0/"
OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"

# Never change: every id the API has ever given out is derived from it.
NAMESPACE = uuid.UUID("f9b89d30-4e48-42e5-af20-3ab589500382")
# The organization is not a database row; this key stands for it.
ORGANIZATION_KEY = "iom-romania"

ORGANIZATION_NAME = "International Organization for Migration (IOM) Romania"
ORGANIZATION_ALTERNATE_NAME = "IOM Romania"
ORGANIZATION_WEBSITE = "https://www.iom.int/"
ORGANIZATION_DESCRIPTION = gettext_lazy(
    "Migrant information centres run with local partner organisations."
)
TAXONOMY_NAME = gettext_lazy("IOM Romania service types")
TAXONOMY_DESCRIPTION = gettext_lazy(
    "The kinds of help the information centres offer, as IOM Romania lists them."
)
HSDS_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500
MAX_SEARCH_LENGTH = 200

# What a centre's operating status says about a service there (HSDS service.status).
SERVICE_STATUS = {
    OperatingStatus.ACTIVE: "active",
    OperatingStatus.TEMPORARILY_CLOSED: "temporarily closed",
    OperatingStatus.CLOSED: "inactive",
}


def make_id(kind: str, *key: object) -> str:
    """The stable UUID of an object of `kind` ("location", "phone", ...) with this key."""
    return str(uuid.uuid5(NAMESPACE, ":".join([kind, *(str(part) for part in key)])))


ORGANIZATION_ID = make_id("organization", ORGANIZATION_KEY)
TAXONOMY_ID = make_id("taxonomy", "service-types")


def location_id(centre_pk: int) -> str:
    return make_id("location", centre_pk)


def service_id(service_type_pk: int) -> str:
    return make_id("service", service_type_pk)


def taxonomy_term_id(service_type_pk: int) -> str:
    return make_id("taxonomy_term", service_type_pk)


def service_at_location_id(centre_pk: int, service_type_pk: int) -> str:
    # From the pair, not the link row's own pk: saving a centre's services re-creates rows.
    return make_id("service_at_location", centre_pk, service_type_pk)


# -- what staff recorded, and what issue 14 adds ---------------------------------------------


def exact_position(centre: Centre) -> tuple[float, float] | None:
    """The centre's own (latitude, longitude), or None while it is only its city's centre.

    Until staff set the exact position (Centre.exact_location_set_at), the point is the
    city's GeoNames centre: HSDS consumers would show it as the centre's door, so the
    location gets no coordinates and its description says where it is.
    """
    if centre.has_exact_location:
        return centre.latitude, centre.longitude
    return None


def centre_notice(centre: Centre) -> str:
    """The centre's notices running now or soon (closure, move, holiday), as one text.

    It goes into the service_at_location's description and the service's `alert`.
    """
    return "\n".join(
        f"{notice.get_kind_display()} ({notice.starts_on.isoformat()} – "
        f"{notice.ends_on.isoformat() if notice.ends_on else '?'}): {notice.text}"
        for notice in centre.current_notices()
    )


def service_status(open_centres: int, temporarily_closed_centres: int) -> str:
    """A service is active where some published centre offering it is open as usual.

    HSDS requires a status and has no "unknown": a service is only listed when staff list it
    at a published centre whose operating status staff confirmed (published_services), and
    its status follows those centres' operating status.
    """
    if open_centres:
        return "active"
    if temporarily_closed_centres:
        return "temporarily closed"
    return "inactive"


# -- query parameters ------------------------------------------------------------------------


class BadParameter(ValueError):
    """A query parameter the API cannot answer; the message is for the consumer."""


@dataclass(frozen=True)
class Params:
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    search: str = ""
    taxonomy_term_id: str = ""
    taxonomy_id: str = ""
    organization_id: str = ""
    parent_id: str = ""
    modified_after: dt.datetime | None = None
    full: bool = False
    full_service: bool = False


def _whole_number(value: str, low: int, high: int) -> int | None:
    if not value.isascii() or not value.isdigit() or len(value) > 12:
        return None
    number = int(value)
    return number if low <= number <= high else None


def _boolean(name: str, value: str) -> bool:
    if value.lower() in ("true", "1"):
        return True
    if value.lower() in ("false", "0", ""):
        return False
    raise BadParameter(_("%(name)s must be true or false.") % {"name": name})


def parse_datetime_parameter(value: str) -> dt.datetime:
    """ISO 8601 date or date-time; a time without an offset is UTC."""
    # A "+" in an unencoded query string arrives as a space.
    value = value.strip().replace(" ", "+")
    try:
        moment = parse_datetime(value)
        if moment is None:
            day = parse_date(value)
            moment = dt.datetime.combine(day, dt.time()) if day else None
    except ValueError:  # well formed but impossible, such as month 13
        moment = None
    if moment is None:
        raise BadParameter(
            _(
                "modified_after must be a date or a date and time in ISO 8601 form, "
                "for example 2025-01-31T09:00:00Z."
            )
        )
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def check_text(params: dict[str, str]) -> None:
    """No parameter may carry control characters (a NUL cannot even reach PostgreSQL)."""
    for name, value in params.items():
        if any(ord(char) < 32 for char in name + value):
            raise BadParameter(_("Parameters must not contain control characters."))


def parse_params(params: dict[str, str]) -> Params:
    """The list parameters of the HSDS API; BadParameter for values it cannot use."""
    check_text(params)
    page = _whole_number(params.get("page", "1"), 1, 10**9)
    if page is None:
        raise BadParameter(_("page must be a whole number, 1 or more."))
    per_page = _whole_number(params.get("per_page", str(DEFAULT_PER_PAGE)), 1, MAX_PER_PAGE)
    if per_page is None:
        raise BadParameter(
            _("per_page must be a whole number from 1 to %(max)d.") % {"max": MAX_PER_PAGE}
        )
    search = params.get("search", "").strip()
    if len(search) > MAX_SEARCH_LENGTH:
        raise BadParameter(
            _("search can be at most %(max)d characters long.") % {"max": MAX_SEARCH_LENGTH}
        )
    modified_after = None
    if params.get("modified_after"):
        modified_after = parse_datetime_parameter(params["modified_after"])
    # Accepted for the spec's sake; every term here is a top-level one.
    _boolean("top_only", params.get("top_only", ""))
    return Params(
        page=page,
        per_page=per_page,
        search=search,
        taxonomy_term_id=params.get("taxonomy_term_id", "").strip().lower(),
        taxonomy_id=params.get("taxonomy_id", "").strip().lower(),
        organization_id=params.get("organization_id", "").strip().lower(),
        parent_id=params.get("parent_id", "").strip(),
        modified_after=modified_after,
        full=_boolean("full", params.get("full", "")),
        full_service=_boolean("full_service", params.get("full_service", "")),
    )


# -- pages -------------------------------------------------------------------------------------


def page_bounds(params: Params) -> tuple[int, int]:
    start = (params.page - 1) * params.per_page
    return start, start + params.per_page


def page(contents: list[dict], total_items: int, params: Params) -> dict:
    """The HSDS page envelope (components.schemas.Page of openapi.json) around `contents`.

    A page past the last one is empty, not an error: a consumer stops at `last_page`.
    """
    total_pages = -(-total_items // params.per_page)
    return {
        "total_items": total_items,
        "total_pages": total_pages,
        "page_number": params.page,
        "size": len(contents),
        "first_page": params.page == 1,
        "last_page": params.page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


def api_root() -> dict:
    return {"version": HSDS_VERSION, "profile": PROFILE_URL, "openapi_url": OPENAPI_URL}


# -- queries -----------------------------------------------------------------------------------


def _latest_staff_edit(history_model, **filters) -> Subquery:
    """When staff last changed the rows matching `filters` (a history entry with a user).

    Loading the seed writes history without a user; a load time would read as an edit.
    """
    return Subquery(
        history_model.objects.filter(history_user__isnull=False, **filters)
        .order_by("-history_date")
        .values("history_date")[:1]
    )


def _centre_edit_annotations(centre_ref: str) -> dict:
    """Latest staff edits of a centre and of its phones, hours and exceptions."""
    ref = OuterRef(centre_ref)
    return {
        "edited_centre": _latest_staff_edit(Centre.history.model, id=ref),
        "edited_phones": _latest_staff_edit(CentrePhone.history.model, centre_id=ref),
        "edited_hours": _latest_staff_edit(OpeningHours.history.model, centre_id=ref),
        "edited_exceptions": _latest_staff_edit(HoursException.history.model, centre_id=ref),
    }


CENTRE_EDITS = ("edited_centre", "edited_phones", "edited_hours", "edited_exceptions")


def centre_details(prefix: str = "") -> list:
    """What location(full=True) reads, for the centres at `prefix` ("centre__" from links).

    Phones and hours come as plain lists (hsds_phones, ...): a prefetch into the related
    manager builds one filtered queryset per centre, which cost more than the rest of a
    500-item page. Notices stay on the manager: Centre.current_notices() reads them there.
    """
    return [
        Prefetch(f"{prefix}phones", to_attr="hsds_phones"),
        Prefetch(f"{prefix}weekly_hours", to_attr="hsds_weekly_hours"),
        Prefetch(f"{prefix}hours_exceptions", to_attr="hsds_hours_exceptions"),
        f"{prefix}notices",
    ]


def _latest(*moments: dt.datetime | None) -> dt.datetime | None:
    known = [moment for moment in moments if moment is not None]
    return max(known) if known else None


def _text_search(fields: list[str], words: str, prefix: str = "") -> Q:
    """Rows with every word in one of `fields`, in any language's column."""
    query = Q()
    for word in words.split():
        any_field = Q()
        for field in fields:
            for code, _name in settings.LANGUAGES:
                any_field |= Q(
                    **{f"{prefix}{build_localized_fieldname(field, code)}__icontains": word}
                )
        query &= any_field
    return query


def _service_type_pk(wanted_id: str, make) -> int | None:
    """The ServiceType whose derived id is `wanted_id` (a few rows: compare them all)."""
    for pk in ServiceType.objects.values_list("pk", flat=True):
        if make(pk) == wanted_id:
            return pk
    return None


@dataclass(frozen=True)
class ServiceFacts:
    """What the published centres say about one service type."""

    status: str
    assured_date: dt.date | None
    last_modified: dt.datetime | None


def published_services() -> QuerySet[ServiceType]:
    """Service types offered at one published centre or more, with what those centres say."""
    offered = Q(centres__in=Centre.objects.published().values("pk"))
    # Used inside a history subquery: the service type is two queries out.
    links = Centre.services.through.objects.filter(
        servicetype_id=OuterRef(OuterRef("pk")), centre__in=Centre.objects.published()
    ).values("centre_id")
    history = {
        "edited_centre": (Centre.history.model, "id__in"),
        "edited_phones": (CentrePhone.history.model, "centre_id__in"),
        "edited_hours": (OpeningHours.history.model, "centre_id__in"),
        "edited_exceptions": (HoursException.history.model, "centre_id__in"),
    }
    return (
        ServiceType.objects.annotate(
            published_centres=Count("centres", filter=offered),
            open_centres=Count(
                "centres", filter=offered & Q(centres__operating_status=OperatingStatus.ACTIVE)
            ),
            temporarily_closed_centres=Count(
                "centres",
                filter=offered & Q(centres__operating_status=OperatingStatus.TEMPORARILY_CLOSED),
            ),
            confirmed_centres=Count(
                "centres", filter=offered & ~Q(centres__operating_status=OperatingStatus.UNKNOWN)
            ),
            unchecked_centres=Count(
                "centres", filter=offered & Q(centres__information_checked_on__isnull=True)
            ),
            oldest_check=Min("centres__information_checked_on", filter=offered),
            edited_service=_latest_staff_edit(ServiceType.history.model, id=OuterRef("pk")),
            **{
                name: _latest_staff_edit(model, **{lookup: links})
                for name, (model, lookup) in history.items()
            },
        )
        # A status staff confirmed at one centre at least: HSDS has no "unknown" status.
        .filter(published_centres__gt=0, confirmed_centres__gt=0)
        .order_by("order", "pk")
    )


def service_facts(service_type: ServiceType) -> ServiceFacts:
    """From a row of published_services()."""
    return ServiceFacts(
        status=service_status(service_type.open_centres, service_type.temporarily_closed_centres),
        # All its centres were checked on this date or later; unknown while one never was.
        assured_date=service_type.oldest_check if not service_type.unchecked_centres else None,
        last_modified=_latest(
            service_type.edited_service, *(getattr(service_type, name) for name in CENTRE_EDITS)
        ),
    )


def service_links(*, full: bool) -> QuerySet:
    """Every (published centre, service type) pair; `full` prefetches the centre's details."""
    # A centre's notices go into every service_at_location's description.
    details = centre_details("centre__") if full else ["centre__notices"]
    published = Centre.objects.published()
    # Only services that published_services() lists: one confirmed centre at least.
    confirmed = published.exclude(operating_status=OperatingStatus.UNKNOWN)
    return (
        Centre.services.through.objects.filter(
            centre__in=published,
            servicetype__in=ServiceType.objects.filter(centres__in=confirmed).values("pk"),
        )
        .select_related("centre", "servicetype")
        .prefetch_related(*details)
        # Only for modified_after: alias() computes them only when filtered on.
        .alias(
            **_centre_edit_annotations("centre_id"),
            edited_service=_latest_staff_edit(
                ServiceType.history.model, id=OuterRef("servicetype_id")
            ),
        )
        .order_by("centre__order", "centre__city", "centre_id", "servicetype__order",
                  "servicetype_id")
    )  # fmt: skip


def filter_services(services: QuerySet[ServiceType], params: Params) -> list[ServiceType]:
    if params.organization_id and params.organization_id != ORGANIZATION_ID:
        return []
    if params.taxonomy_id and params.taxonomy_id != TAXONOMY_ID:
        return []
    if params.taxonomy_term_id:
        pk = _service_type_pk(params.taxonomy_term_id, taxonomy_term_id)
        services = services.filter(pk=pk)
    if params.search:
        services = services.filter(_text_search(["name", "description"], params.search))
    rows = list(services)
    if params.modified_after:
        rows = [row for row in rows if _modified_since(service_facts(row), params.modified_after)]
    return rows


def _modified_since(facts: ServiceFacts, moment: dt.datetime) -> bool:
    return facts.last_modified is not None and facts.last_modified >= moment


def filter_links(links: QuerySet, params: Params) -> QuerySet:
    if params.organization_id and params.organization_id != ORGANIZATION_ID:
        return links.none()
    if params.taxonomy_id and params.taxonomy_id != TAXONOMY_ID:
        return links.none()
    if params.taxonomy_term_id:
        links = links.filter(
            servicetype_id=_service_type_pk(params.taxonomy_term_id, taxonomy_term_id)
        )
    if params.search:
        centre_text = _text_search(["name", "description"], params.search, prefix="centre__")
        place = Q()
        for word in params.search.split():
            place &= (
                Q(centre__city__icontains=word)
                | Q(centre__county__icontains=word)
                | Q(centre__address__icontains=word)
            )
        service_text = _text_search(["name"], params.search, prefix="servicetype__")
        links = links.filter(centre_text | place | service_text)
    if params.modified_after:
        changed = Q(edited_service__gte=params.modified_after)
        for name in CENTRE_EDITS:
            changed |= Q(**{f"{name}__gte": params.modified_after})
        links = links.filter(changed)
    return links


def filter_terms(terms: QuerySet[ServiceType], params: Params) -> QuerySet[ServiceType]:
    # One flat taxonomy: no term has a parent.
    if params.parent_id or (params.taxonomy_id and params.taxonomy_id != TAXONOMY_ID):
        return terms.none()
    if params.search:
        terms = terms.filter(_text_search(["name", "description"], params.search))
    return terms


# -- objects -----------------------------------------------------------------------------------


def _timestamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def organization() -> dict:
    return {
        "id": ORGANIZATION_ID,
        "name": ORGANIZATION_NAME,
        "alternate_name": ORGANIZATION_ALTERNATE_NAME,
        "description": str(ORGANIZATION_DESCRIPTION),
        "website": ORGANIZATION_WEBSITE,
    }


def taxonomy() -> dict:
    return {"id": TAXONOMY_ID, "name": str(TAXONOMY_NAME), "description": str(TAXONOMY_DESCRIPTION)}


def taxonomy_term(service_type: ServiceType) -> dict:
    term = {
        "id": taxonomy_term_id(service_type.pk),
        "code": service_type.slug,
        "name": service_type.name,
        "description": service_type.description,
        "taxonomy_id": TAXONOMY_ID,
        "taxonomy": str(TAXONOMY_NAME),
        # The language of the name shown: English where the translation is missing.
        "language": DEFAULT_LANGUAGE
        if "name" in fallback_fields(service_type)
        else current_language(),
    }
    return term


def service(service_type: ServiceType, facts: ServiceFacts, site: str) -> dict:
    """A service's one-to-one fields (the /services list; compiled/service_list.json)."""
    data = {
        "id": service_id(service_type.pk),
        "organization_id": ORGANIZATION_ID,
        "name": service_type.name,
        "status": facts.status,
        # The centres offering it, on the public finder.
        "url": f"{site}{cached_reverse('centres:centre_list')}?service={service_type.slug}",
    }
    if service_type.description:
        data["description"] = service_type.description
    if facts.assured_date:
        data["assured_date"] = facts.assured_date.isoformat()
    if facts.last_modified:
        data["last_modified"] = _timestamp(facts.last_modified)
    return data


def service_attribute(service_type: ServiceType) -> dict:
    """The service's own kind, as a term of the service-type taxonomy."""
    return {
        "id": make_id("attribute", service_type.pk),
        "link_id": service_id(service_type.pk),
        "link_type": "service_type",
        "link_entity": "service",
        "taxonomy_term_id": taxonomy_term_id(service_type.pk),
        "taxonomy_term": taxonomy_term(service_type),
    }


def full_service(service_type: ServiceType, facts: ServiceFacts, links: list, site: str) -> dict:
    """A service with its organization, attribute and every service_at_location (nested
    locations with addresses, phones, schedules and languages)."""
    data = service(service_type, facts, site)
    notices = [centre_notice(link.centre) for link in links]
    if any(notices):
        data["alert"] = "\n".join(notice for notice in notices if notice)
    data["organization"] = organization()
    data["attributes"] = [service_attribute(service_type)]
    data["service_at_locations"] = [
        service_at_location(link, None, site, full=True) for link in links
    ]
    return data


def _schedules(centre: Centre, centre_location_id: str) -> list[dict]:
    schedules = [
        {
            "id": make_id("schedule", "weekly", row.pk),
            "location_id": centre_location_id,
            "freq": "WEEKLY",
            "byday": HSDS_DAYS[row.weekday],
            "opens_at": row.opens.strftime("%H:%M"),
            "closes_at": row.closes.strftime("%H:%M"),
            # Wall-clock times: Romania's UTC offset changes with summer time.
            "description": _("Local time in Romania (Europe/Bucharest)."),
        }
        for row in centre.hsds_weekly_hours
    ]
    for exception in centre.hsds_hours_exceptions:
        day = exception.date.isoformat()
        schedule = {
            "id": make_id("schedule", "exception", exception.pk),
            "location_id": centre_location_id,
            "valid_from": day,
            "valid_to": day,
            "dtstart": day,
        }
        if exception.closed:
            schedule["description"] = _("Closed all day.")
        else:
            schedule["opens_at"] = exception.opens.strftime("%H:%M")
            schedule["closes_at"] = exception.closes.strftime("%H:%M")
            schedule["description"] = _("Local time in Romania (Europe/Bucharest).")
        if exception.note:
            schedule["notes"] = exception.note
        schedules.append(schedule)
    return schedules


def location(centre: Centre, site: str, *, full: bool) -> dict:
    """A centre as an HSDS location; `full` adds addresses, phones, schedules, languages
    (from a centre fetched with centre_details())."""
    # Once per centre: every nested object repeats it.
    centre_location_id = location_id(centre.pk)
    data = {
        "id": centre_location_id,
        "location_type": "physical",
        "url": f"{site}{centre.get_absolute_url()}",
        "organization_id": ORGANIZATION_ID,
        "name": centre.name,
    }
    position = exact_position(centre)
    description = [centre.description] if centre.description else []
    if position:
        data["latitude"], data["longitude"] = position
    else:
        description.append(
            _("Exact position not yet published: this centre is in %(city)s.")
            % {"city": centre.city}
        )
    data["description"] = "\n\n".join(description)
    if centre.how_to_get_there:
        data["transportation"] = centre.how_to_get_there
    if centre.siruta_code:
        data["external_identifier"] = str(centre.siruta_code)
        data["external_identifier_type"] = "SIRUTA"
    if not full:
        return data
    data["languages"] = [
        {
            "id": make_id("language", centre.pk, code),
            "location_id": centre_location_id,
            "code": code,
            "name": language_name(code),
        }
        for code in centre.languages
    ]
    data["addresses"] = [
        {
            "id": make_id("address", centre.pk),
            "location_id": centre_location_id,
            # Required by HSDS; the empty string where staff have not recorded it.
            "address_1": centre.address,
            "city": centre.city,
            "state_province": centre.county,
            "postal_code": centre.postal_code,
            "country": centre.country,
            "address_type": "physical",
        }
    ]
    data["phones"] = [
        {
            "id": make_id("phone", phone.pk),
            "location_id": centre_location_id,
            "number": phone.number,
            "type": phone.kind,
            **({"description": phone.label} if phone.label else {}),
        }
        for phone in centre.hsds_phones
    ]
    data["schedules"] = _schedules(centre, centre_location_id)
    data["accessibility"] = (
        [
            {
                "id": make_id("accessibility", centre.pk),
                "location_id": centre_location_id,
                "description": centre.accessibility_notes,
            }
        ]
        if centre.accessibility_notes
        else []
    )
    return data


def service_at_location(
    link, nested_service: dict | None, site: str, *, full: bool, with_location: bool = True
) -> dict:
    """One centre offering one service, with the centre as its location; `nested_service`
    (service() of the link's service, built once per page by the caller) is nested too."""
    centre, service_type = link.centre, link.servicetype
    data = {
        "id": service_at_location_id(centre.pk, service_type.pk),
        "service_id": service_id(service_type.pk),
        "location_id": location_id(centre.pk),
    }
    description = []
    if centre.operating_status != OperatingStatus.ACTIVE:
        description.append(str(centre.get_operating_status_display()))
    if centre.free_of_charge:
        description.append(str(_("Free of charge.")))
    notice = centre_notice(centre)
    if notice:
        description.append(notice)
    if description:
        data["description"] = "\n\n".join(description)
    if with_location:
        data["location"] = location(centre, site, full=full)
    if nested_service is not None:
        data["service"] = nested_service
    return data


def package(site: str) -> dict:
    """The whole directory as one HSDS object: the organization with every location (fully
    nested) and every service (with its attribute and its service_at_locations)."""
    services = list(published_services())
    links = list(service_links(full=False))
    data = organization()
    centres = Centre.objects.published().prefetch_related(*centre_details())
    data["locations"] = [location(centre, site, full=True) for centre in centres]
    data["services"] = []
    for service_type in services:
        entry = service(service_type, service_facts(service_type), site)
        entry["attributes"] = [service_attribute(service_type)]
        entry["service_at_locations"] = [
            service_at_location(link, None, site, full=False, with_location=False)
            for link in links
            if link.servicetype_id == service_type.pk
        ]
        data["services"].append(entry)
    return data
